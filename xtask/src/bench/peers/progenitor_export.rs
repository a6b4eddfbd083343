//! This project's `openapi.json` (OpenAPI 3.1) made acceptable to progenitor 0.15.1, which reads
//! OpenAPI 3.0 only (through the `openapiv3` crate) and generates one success type per operation.
//!
//! What it changes, and why progenitor needs it:
//! - `openapi` becomes `3.0.3`; `openapiv3` rejects any other major.minor.
//! - Schemas lose what only 3.1 has: a `type` array becomes one `type` with `nullable: true`
//!   for `"null"` (`anyOf` if several types remain), `examples: [..]` becomes `example` (its
//!   first value) and `const` becomes a one-value `enum`. `openapiv3` fails to parse a `type`
//!   array at all.
//! - Query parameters with `style: deepObject` are dropped: progenitor panics on them
//!   ("unsupported style of query parameter").
//! - A `204` beside a `200` is dropped: progenitor asserts that every success response has one
//!   type (`assertion failed: response_types.len() <= 1`), and a body-less 204 is a second one.
//! - A `default` response becomes `4XX` and `5XX`: progenitor counts `default` as a possible
//!   success too, so it is a second success type beside the `200` (the same assertion).
//! - A response with several media types keeps `application/json` alone (the export adds
//!   `application/octet-stream` for the `stream` format and `text/plain` for errors): a second
//!   media type is a second response type to progenitor too.
//! - `anyOf` with a `{"type": "null"}` branch (what a PATCH field that can be cleared, or the
//!   `debug` information, is) becomes the other branch with `nullable: true` (`allOf` around a
//!   reference): 3.0 has no `null` type. The license's `identifier` (3.1 only) goes.
//!
//! Extensions (`x-…`) are kept as they are: progenitor ignores them.

use serde_json::{Map, Value, json};

/// The HTTP methods an OpenAPI path item can hold.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What [`adapt`] removed or rewrote, for the bench to report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Adaptations {
    /// Query parameters dropped because their style is `deepObject`.
    pub deep_object_parameters: usize,
    /// `204` responses dropped because the operation has a `200`.
    pub no_content_responses: usize,
    /// `default` responses turned into `4XX` and `5XX`.
    pub default_responses: usize,
    /// Media types other than `application/json` dropped from responses that have it.
    pub other_media_types: usize,
}

/// Returns `document` rewritten for progenitor (see the module docs), and what was changed.
pub fn adapt(mut document: Value) -> (Value, Adaptations) {
    let mut changes = Adaptations::default();
    let Some(root) = document.as_object_mut() else { return (document, changes) };
    root.insert("openapi".into(), json!("3.0.3"));
    // Top-level fields that 3.0 does not have.
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        info.remove("summary");
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            adapt_parameters(item, &mut changes);
            for method in METHODS {
                if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                    adapt_operation(operation, &mut changes);
                }
            }
        }
    }
    let schemas = root.get_mut("components").and_then(|c| c.get_mut("schemas")).and_then(Value::as_object_mut);
    for schema in schemas.into_iter().flat_map(|s| s.values_mut()) {
        adapt_schema(schema);
    }
    (document, changes)
}

fn adapt_operation(operation: &mut Map<String, Value>, changes: &mut Adaptations) {
    adapt_parameters(operation, changes);
    if let Some(body) = operation.get_mut("requestBody").and_then(Value::as_object_mut) {
        adapt_content(body);
    }
    let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { return };
    if responses.contains_key("200") && responses.remove("204").is_some() {
        changes.no_content_responses += 1;
    }
    if let Some(default) = responses.remove("default") {
        // An operation's own 4XX or 5XX, if it has one, is more precise than its default.
        responses.entry("4XX").or_insert_with(|| default.clone());
        responses.entry("5XX").or_insert(default);
        changes.default_responses += 1;
    }
    for response in responses.values_mut().filter_map(Value::as_object_mut) {
        if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
            if content.len() > 1 && content.contains_key("application/json") {
                changes.other_media_types += content.len() - 1;
                content.retain(|media_type, _| media_type == "application/json");
            }
        }
        adapt_content(response);
        let headers = response.get_mut("headers").and_then(Value::as_object_mut);
        for header in headers.into_iter().flat_map(|h| h.values_mut()) {
            if let Some(schema) = header.get_mut("schema") {
                adapt_schema(schema);
            }
        }
    }
}

/// Drops the `deepObject` query parameters of an operation or path item and adapts the
/// schemas of the others.
fn adapt_parameters(owner: &mut Map<String, Value>, changes: &mut Adaptations) {
    let Some(parameters) = owner.get_mut("parameters").and_then(Value::as_array_mut) else { return };
    let before = parameters.len();
    parameters.retain(|p| !(p["in"] == "query" && p["style"] == "deepObject"));
    changes.deep_object_parameters += before - parameters.len();
    for parameter in parameters.iter_mut() {
        if let Some(schema) = parameter.get_mut("schema") {
            adapt_schema(schema);
        }
    }
}

/// Adapts the schema of each media type of a request body or response.
fn adapt_content(owner: &mut Map<String, Value>) {
    let Some(content) = owner.get_mut("content").and_then(Value::as_object_mut) else { return };
    for media in content.values_mut() {
        if let Some(schema) = media.get_mut("schema") {
            adapt_schema(schema);
        }
    }
}

/// Rewrites one JSON Schema (and the schemas nested in it) from 3.1's dialect to 3.0's.
fn adapt_schema(schema: &mut Value) {
    let Some(map) = schema.as_object_mut() else { return };
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let mut others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        map.remove("type");
        if others.len() == 1 {
            map.insert("type".into(), others.remove(0));
        } else if !others.is_empty() {
            let alternatives: Vec<Value> = others.into_iter().map(|t| json!({ "type": t })).collect();
            match map.remove("anyOf") {
                // Both must hold: the existing alternatives and one of the types.
                Some(existing) => {
                    map.insert("allOf".into(), json!([{ "anyOf": existing }, { "anyOf": alternatives }]));
                }
                None => {
                    map.insert("anyOf".into(), Value::Array(alternatives));
                }
            }
        }
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
    }
    if let Some(Value::Array(examples)) = map.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), json!([value]));
    }
    nullable_any_of(map);

    for key in ["items", "additionalProperties", "not"] {
        if let Some(nested) = map.get_mut(key) {
            adapt_schema(nested);
        }
    }
    if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
        properties.values_mut().for_each(adapt_schema);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut().for_each(adapt_schema);
        }
    }
}

/// `anyOf: [X, {"type": "null"}]` as X with `nullable: true` (a reference wrapped in `allOf`,
/// since 3.0 ignores what stands beside a `$ref`); several other branches keep their `anyOf`.
fn nullable_any_of(map: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = map.get("anyOf") else { return };
    let is_null = |b: &Value| b.get("type").and_then(Value::as_str) == Some("null");
    if !branches.iter().any(is_null) {
        return;
    }
    let mut others: Vec<Value> = branches.iter().filter(|b| !is_null(b)).cloned().collect();
    map.remove("anyOf");
    map.insert("nullable".into(), json!(true));
    match others.len() {
        0 => {}
        1 => match others.remove(0) {
            reference @ Value::Object(_) if reference.get("$ref").is_some() => {
                map.insert("allOf".into(), json!([reference]));
            }
            Value::Object(fields) => {
                for (key, value) in fields {
                    map.entry(key).or_insert(value);
                }
            }
            other => {
                map.insert("allOf".into(), json!([other]));
            }
        },
        _ => {
            map.insert("anyOf".into(), Value::Array(others));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(responses: Value) -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "3.1 only"},
            "paths": {"/things/{id}": {"delete": {"operationId": "deleteThing", "responses": responses}}},
        })
    }

    #[test]
    fn the_version_becomes_3_0_3_and_3_1_only_fields_go() {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "3.1 only"},
            "webhooks": {},
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "paths": {},
        });
        let (adapted, _) = adapt(document);
        assert_eq!(adapted, json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}));
    }

    #[test]
    fn type_arrays_examples_and_const_become_3_0_keywords_at_any_depth() {
        let document = json!({
            "openapi": "3.1.0",
            "paths": {},
            "components": {"schemas": {"Thing": {
                "type": "object",
                "properties": {
                    "cursor": {"type": ["string", "null"], "examples": ["abc", "def"]},
                    "kind": {"const": "thing"},
                    "either": {"type": ["string", "integer"]},
                    "nothing": {"type": ["null"]},
                    "tags": {"type": "array", "items": {"type": ["integer", "null"]}},
                    "extra": {"type": "object", "additionalProperties": {"type": ["boolean", "null"]}},
                    "choice": {"oneOf": [{"type": ["number", "null"]}]},
                },
            }}},
        });
        let (adapted, _) = adapt(document);
        let properties = &adapted["components"]["schemas"]["Thing"]["properties"];
        assert_eq!(properties["cursor"], json!({"type": "string", "nullable": true, "example": "abc"}));
        assert_eq!(properties["kind"], json!({"enum": ["thing"]}));
        assert_eq!(properties["either"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        assert_eq!(properties["nothing"], json!({"nullable": true}));
        assert_eq!(properties["tags"]["items"], json!({"type": "integer", "nullable": true}));
        assert_eq!(properties["extra"]["additionalProperties"], json!({"type": "boolean", "nullable": true}));
        assert_eq!(properties["choice"]["oneOf"][0], json!({"type": "number", "nullable": true}));
    }

    #[test]
    fn a_schema_example_is_not_overwritten_by_examples() {
        let document =
            json!({"components": {"schemas": {"A": {"type": "string", "example": "kept", "examples": ["x"]}}}});
        let (adapted, _) = adapt(document);
        assert_eq!(adapted["components"]["schemas"]["A"], json!({"type": "string", "example": "kept"}));
    }

    #[test]
    fn deep_object_query_parameters_are_dropped_and_the_rest_adapted() {
        let document = json!({
            "openapi": "3.1.0",
            "paths": {"/things": {
                "parameters": [{"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object"}}],
                "get": {"parameters": [
                    {"name": "remote_query", "in": "query", "style": "deepObject", "explode": true, "schema": {"type": "object"}},
                    {"name": "cursor", "in": "query", "schema": {"type": ["string", "null"]}},
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                ], "responses": {}},
            }},
        });
        let (adapted, changes) = adapt(document);
        let item = &adapted["paths"]["/things"];
        assert_eq!(item["parameters"], json!([]));
        assert_eq!(
            item["get"]["parameters"],
            json!([
                {"name": "cursor", "in": "query", "schema": {"type": "string", "nullable": true}},
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
            ])
        );
        assert_eq!(changes.deep_object_parameters, 2);
    }

    #[test]
    fn a_204_beside_a_200_is_dropped_and_default_becomes_4xx_and_5xx() {
        let error =
            json!({"description": "error", "content": {"application/json": {"schema": {"type": ["object", "null"]}}}});
        let (adapted, changes) = adapt(operation(json!({
            "200": {"description": "ok"},
            "204": {"description": "deleted"},
            "default": error,
        })));
        let adapted_error = json!({"description": "error", "content": {"application/json": {"schema": {"type": "object", "nullable": true}}}});
        assert_eq!(
            adapted["paths"]["/things/{id}"]["delete"]["responses"],
            json!({"200": {"description": "ok"}, "4XX": adapted_error, "5XX": adapted_error})
        );
        assert_eq!(
            changes,
            Adaptations {
                deep_object_parameters: 0,
                no_content_responses: 1,
                default_responses: 1,
                other_media_types: 0
            }
        );
    }

    #[test]
    fn null_branches_become_nullable_and_responses_keep_json_alone() {
        let document = json!({
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "paths": {"/things/{id}": {"patch": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}},
                "application/octet-stream": {},
            }}}}}},
            "components": {"schemas": {"T": {"type": "object", "properties": {
                "status": {"description": "s", "anyOf": [{"enum": ["a"]}, {"type": "string"}, {"type": "null"}]},
                "name": {"anyOf": [{"type": "string", "format": "uuid"}, {"type": "null"}]},
            }}}},
        });
        let (adapted, changes) = adapt(document);
        assert_eq!(adapted["info"]["license"], json!({"name": "MIT"}));
        let content = &adapted["paths"]["/things/{id}"]["patch"]["responses"]["200"]["content"];
        assert_eq!(
            content,
            &json!({"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}}})
        );
        assert_eq!(changes.other_media_types, 1);
        let properties = &adapted["components"]["schemas"]["T"]["properties"];
        assert_eq!(
            properties["status"],
            json!({"description": "s", "anyOf": [{"enum": ["a"]}, {"type": "string"}], "nullable": true})
        );
        assert_eq!(properties["name"], json!({"type": "string", "format": "uuid", "nullable": true}));
    }

    #[test]
    fn a_204_alone_and_an_explicit_4xx_are_kept() {
        let (adapted, changes) = adapt(operation(json!({
            "204": {"description": "deleted"},
            "4XX": {"description": "client error"},
            "default": {"description": "any error"},
        })));
        assert_eq!(
            adapted["paths"]["/things/{id}"]["delete"]["responses"],
            json!({
                "204": {"description": "deleted"},
                "4XX": {"description": "client error"},
                "5XX": {"description": "any error"},
            })
        );
        assert_eq!(changes.no_content_responses, 0);
    }

    #[test]
    fn extensions_are_left_alone() {
        let mut document = operation(json!({"200": {"description": "ok"}}));
        document["x-truto-integrations"] = json!([{"type": ["string", "null"], "examples": ["x"]}]);
        let (adapted, _) = adapt(document.clone());
        assert_eq!(adapted["x-truto-integrations"], document["x-truto-integrations"]);
    }

    #[test]
    fn a_document_that_is_not_an_object_is_returned_unchanged() {
        assert_eq!(adapt(json!([1, 2])), (json!([1, 2]), Adaptations::default()));
    }

    /// The generator's own export of its all-operations fixture comes out with none of the
    /// constructs progenitor rejects.
    #[test]
    fn the_generated_export_has_nothing_progenitor_rejects() {
        let fixture = crate::codegen::workspace_root().join("truto-codegen/tests/fixtures/all_operations");
        let files = truto_codegen::generate(&fixture, &truto_codegen::Options::new("fixture"))
            .unwrap_or_else(|d| panic!("{d}"));
        let export = files.iter().find(|f| f.path.ends_with("openapi.json")).expect("openapi.json is generated");
        let document: Value = serde_json::from_str(&export.contents).expect("openapi.json is JSON");
        let (adapted, changes) = adapt(document);

        assert_eq!(adapted["openapi"], "3.0.3");
        assert!(changes.deep_object_parameters > 0 && changes.other_media_types > 0, "{changes:?}");
        let mut type_arrays = Vec::new();
        find_type_arrays(&adapted["components"], "components", &mut type_arrays);
        for (path, item) in adapted["paths"].as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                let parameters = operation["parameters"].as_array().into_iter().flatten();
                assert!(parameters.clone().all(|p| p["style"] != "deepObject"), "{method} {path}");
                let responses = operation["responses"].as_object().expect("responses");
                assert!(!responses.contains_key("default"), "{method} {path}");
                assert!(!(responses.contains_key("200") && responses.contains_key("204")), "{method} {path}");
                find_type_arrays(operation, &format!("{method} {path}"), &mut type_arrays);
            }
        }
        assert!(type_arrays.is_empty(), "type arrays left: {type_arrays:?}");
    }

    fn find_type_arrays(value: &Value, at: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                let null_type = map.get("type").and_then(Value::as_str) == Some("null");
                if map.get("type").is_some_and(Value::is_array) || map.contains_key("examples") || null_type {
                    found.push(at.to_owned());
                }
                for (key, nested) in map {
                    find_type_arrays(nested, &format!("{at}/{key}"), found);
                }
            }
            Value::Array(list) => list.iter().for_each(|v| find_type_arrays(v, at, found)),
            _ => {}
        }
    }
}
