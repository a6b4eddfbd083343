//! The one walk over the types of a resource's module, for every pass that needs it (enums
//! shared, names checked, types emitted), as syn's and async-stripe's visitors: a pass
//! overrides the methods for the nodes it cares about and calls the `walk_*` function of a
//! node to go on below it.
//!
//! The walk is in reading order: the model, then each endpoint's own query parameters, body
//! and response model; each struct before the types of its fields. It does not enter shapes:
//! they are defined once, in the `shapes` module, not in a resource's.

use super::{Body, Endpoint, EnumType, Field, ObjectType, Resource, Response, Type};

/// Where in a resource a type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// The model, or an object in it.
    Model,
    /// An endpoint's own query parameters.
    Query,
    /// A request body, or an object in it.
    Body,
    /// An endpoint's response model, or an object in it.
    Response,
}

macro_rules! visitor {
    ($visit:ident, $walk_resource:ident, $walk_query:ident, $walk_object:ident, $walk_type:ident, $($mut:ident)?) => {
        /// A pass over a resource's types (see the [module docs](self)); each method walks on
        /// by default.
        pub trait $visit {
            /// The resource's model.
            fn visit_model(&mut self, model: &$($mut)? ObjectType) {
                self.visit_object(model, Site::Model);
            }

            /// An endpoint's own query parameters (its query struct).
            fn visit_query(&mut self, endpoint: &$($mut)? Endpoint) {
                $walk_query(self, endpoint);
            }

            /// A request body.
            fn visit_body(&mut self, body: &$($mut)? Body) {
                self.visit_object(&$($mut)? body.object, Site::Body);
            }

            /// An endpoint's response.
            fn visit_response(&mut self, response: &$($mut)? Response) {
                self.visit_object(&$($mut)? response.model, Site::Response);
            }

            /// A struct (never a shape).
            fn visit_object(&mut self, object: &$($mut)? ObjectType, site: Site) {
                $walk_object(self, object, site);
            }

            /// A field of a struct or a query parameter.
            fn visit_field(&mut self, field: &$($mut)? Field, site: Site) {
                self.visit_type(&$($mut)? field.ty, site);
            }

            /// A field's type.
            fn visit_type(&mut self, ty: &$($mut)? Type, site: Site) {
                $walk_type(self, ty, site);
            }

            /// An enum.
            fn visit_enum(&mut self, _enumeration: &$($mut)? EnumType, _site: Site) {}
        }

        /// Walks the resource: the model, then each endpoint's query, body and response.
        pub fn $walk_resource<V: $visit + ?Sized>(visitor: &mut V, resource: &$($mut)? Resource) {
            visitor.visit_model(&$($mut)? resource.model);
            for endpoint in &$($mut)? resource.endpoints {
                visitor.visit_query(endpoint);
                if let super::RequestBody::Documented(body) = &$($mut)? endpoint.body {
                    visitor.visit_body(body);
                }
                visitor.visit_response(&$($mut)? endpoint.response);
            }
        }

        /// Walks the endpoint's own query parameters.
        pub fn $walk_query<V: $visit + ?Sized>(visitor: &mut V, endpoint: &$($mut)? Endpoint) {
            for param in &$($mut)? endpoint.query.own {
                visitor.visit_field(&$($mut)? param.field, Site::Query);
            }
        }

        /// Walks the struct's fields.
        pub fn $walk_object<V: $visit + ?Sized>(visitor: &mut V, object: &$($mut)? ObjectType, site: Site) {
            for field in &$($mut)? object.fields {
                visitor.visit_field(field, site);
            }
        }

        /// Walks into a type: a struct (not a shape), an enum, an array's element.
        pub fn $walk_type<V: $visit + ?Sized>(visitor: &mut V, ty: &$($mut)? Type, site: Site) {
            match ty {
                Type::Object(object) if !object.shape => visitor.visit_object(object, site),
                Type::Enum(enumeration) => visitor.visit_enum(enumeration, site),
                Type::Array(inner) => visitor.visit_type(inner, site),
                Type::Object(_) | Type::Scalar(_) => {}
            }
        }
    };
}

visitor!(Visit, walk_resource, walk_query, walk_object, walk_type,);
visitor!(VisitMut, walk_resource_mut, walk_query_mut, walk_object_mut, walk_type_mut, mut);

impl Resource {
    /// Walks the resource's types with `visitor` (see the [module](crate::model::visit)).
    pub fn visit(&self, visitor: &mut impl Visit) {
        walk_resource(visitor, self);
    }

    /// Walks the resource's types with `visitor`, which may change them.
    pub fn visit_mut(&mut self, visitor: &mut impl VisitMut) {
        walk_resource_mut(visitor, self);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Presence;
    use crate::names;

    fn object(name: &str, fields: Vec<Field>, shape: bool) -> ObjectType {
        ObjectType::new(names::type_name(name), None, fields, shape, Presence::Lenient)
    }

    fn field(wire: &str, ty: Type) -> Field {
        Field {
            wire: wire.to_owned(),
            rust: names::field_name(wire),
            ty,
            schema_type: None,
            required: false,
            description: None,
            example: None,
            default: None,
            references: None,
            condition: None,
            values_in: None,
            support: Default::default(),
        }
    }

    /// Names every struct and enum it meets, with its site.
    #[derive(Default)]
    struct Names(Vec<String>);

    impl Visit for Names {
        fn visit_object(&mut self, object: &ObjectType, site: Site) {
            self.0.push(format!("{site:?} {}", object.name));
            walk_object(self, object, site);
        }

        fn visit_enum(&mut self, enumeration: &EnumType, site: Site) {
            self.0.push(format!("{site:?} {}", enumeration.name));
        }
    }

    #[test]
    fn the_walk_meets_each_struct_before_its_fields_types_and_skips_shapes() {
        let status = EnumType { name: names::type_name("Status"), description: None, values: Vec::new() };
        let tag = object("Tag", vec![field("id", Type::Enum(status.clone()))], true);
        let owner = object("RecordOwner", vec![field("status", Type::Enum(status))], false);
        let model = object(
            "Record",
            vec![
                field("owner", Type::Object(owner)),
                field("tags", Type::Array(Box::new(Type::Object(tag)))),
                field("when", Type::Scalar(crate::types::Scalar::DateTime)),
            ],
            false,
        );
        let resource = Resource {
            name: "records".to_owned(),
            module: names::field_name("records"),
            model,
            endpoints: Vec::new(),
            client_type: names::client_type_name("records"),
            feature: "records".to_owned(),
            defined_types: Default::default(),
            enum_aliases: Vec::new(),
        };
        let mut seen = Names::default();
        resource.visit(&mut seen);
        assert_eq!(seen.0, ["Model Record", "Model RecordOwner", "Model Status"]);
    }
}
