//! JSON Schemas of the export: the keywords it uses, and the schema of each model type as the
//! client treats it (enums open, PATCH fields clearable).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::{EnumType, Type};

/// A JSON Schema, with only the keywords the export uses. Fields are in alphabetical order of
/// their keywords, so that every object's keys come out sorted.
#[derive(Serialize, Default, Clone)]
pub struct SchemaObject<'s> {
    #[serde(rename = "$ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(rename = "additionalProperties", skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<bool>,
    #[serde(rename = "anyOf", skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<SchemaObject<'s>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'s str>,
    #[serde(rename = "enum", skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<&'s str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<[Value; 1]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<SchemaObject<'s>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub properties: Option<BTreeMap<&'s str, SchemaObject<'s>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Vec<&'s str>>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub ty: Option<JsonType>,
    #[serde(rename = "x-truto-condition", skip_serializing_if = "Option::is_none")]
    pub condition: Option<&'s str>,
    /// On each shape a 200 answer can take: the `truto_response_format` values that give it.
    #[serde(rename = "x-truto-response-formats", skip_serializing_if = "Vec::is_empty")]
    pub response_formats: Vec<&'static str>,
}

/// `"type"`: one JSON type, or a type or null.
#[derive(Serialize, Clone, Copy)]
#[serde(untagged)]
pub enum JsonType {
    One(&'static str),
    OrNull([&'static str; 2]),
}

impl<'s> SchemaObject<'s> {
    /// A schema of one JSON type.
    pub fn of_type(ty: &'static str) -> Self {
        SchemaObject { ty: Some(JsonType::One(ty)), ..SchemaObject::default() }
    }

    /// A reference to a component.
    pub fn reference(name: &str) -> Self {
        SchemaObject { reference: Some(format!("#/components/schemas/{name}")), ..SchemaObject::default() }
    }

    /// An array of `items`.
    pub fn array(items: SchemaObject<'s>) -> Self {
        SchemaObject { items: Some(Box::new(items)), ..SchemaObject::of_type("array") }
    }

    /// The same schema, `null` allowed too: what a PATCH body sends for `Patch::Null`.
    pub fn or_null(mut self) -> Self {
        if self.reference.is_some() {
            // The referred schema or null.
            return SchemaObject { any_of: vec![self, SchemaObject::of_type("null")], ..SchemaObject::default() };
        }
        if !self.any_of.is_empty() {
            self.any_of.push(SchemaObject::of_type("null"));
            return self;
        }
        match self.ty {
            Some(JsonType::One(ty)) => SchemaObject { ty: Some(JsonType::OrNull([ty, "null"])), ..self },
            // No type (any value, null included), or null allowed already.
            None | Some(JsonType::OrNull(_)) => self,
        }
    }
}

/// The schema of a value of `ty`; objects are references to their components.
pub fn type_schema(ty: &Type) -> SchemaObject<'_> {
    match ty {
        Type::Scalar(scalar) => {
            let spec = scalar.spec().openapi;
            SchemaObject {
                ty: spec.ty.map(JsonType::One),
                format: spec.format,
                additional_properties: spec.any_properties.then_some(true),
                ..SchemaObject::default()
            }
        }
        Type::Object(o) => SchemaObject::reference(o.name.as_str()),
        Type::Enum(e) => open_enum(e),
        Type::Array(inner) => SchemaObject::array(type_schema(inner)),
    }
}

/// An open enum, as the client's enums are: a documented value or any other string (sent and
/// received as `Unknown`).
fn open_enum(e: &EnumType) -> SchemaObject<'_> {
    let documented = SchemaObject {
        values: Some(e.values.iter().map(|v| v.wire.as_str()).collect()),
        ..SchemaObject::of_type("string")
    };
    let other = SchemaObject { description: Some(UNDOCUMENTED_VALUE), ..SchemaObject::of_type("string") };
    SchemaObject { any_of: vec![documented, other], ..SchemaObject::default() }
}

const UNDOCUMENTED_VALUE: &str = "A value the docs do not list: enums are open.";

#[cfg(test)]
mod tests {
    use super::*;

    fn json(schema: SchemaObject<'_>) -> Value {
        serde_json::to_value(schema).unwrap()
    }

    #[test]
    fn or_null_admits_null_to_every_kind_of_schema() {
        assert_eq!(json(SchemaObject::of_type("string").or_null()), serde_json::json!({"type": ["string", "null"]}));
        assert_eq!(
            json(SchemaObject::reference("Owner").or_null()),
            serde_json::json!({"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]})
        );
        assert_eq!(json(SchemaObject::default().or_null()), serde_json::json!({}));
        let open = SchemaObject {
            any_of: vec![SchemaObject::of_type("string"), SchemaObject::of_type("integer")],
            ..SchemaObject::default()
        };
        assert_eq!(
            json(open.or_null()),
            serde_json::json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})
        );
    }
}
