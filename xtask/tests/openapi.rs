//! The generated crates' `openapi.json` are valid OpenAPI 3.1 documents that describe requests
//! as the client sends them and every response format an endpoint allows, with valid examples,
//! and whose extensions carry every per-integration mark of the docs. (`.ci/run` checks them
//! further with openapi-spec-validator, Redocly and a Prism contract test.)

use std::path::Path;

use serde_json::{Value, json};

/// The generated crates, each with its export.
const CRATES: [&str; 3] = ["truto-generated", "golden", "golden-awkward"];

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn export(crate_dir: &str) -> Value {
    read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate_dir).join("openapi.json"))
}

fn document() -> Value {
    export("truto-generated")
}

fn spec_validator() -> jsonschema::Validator {
    let spec_schema = read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openapi-3.1-schema.json"));
    jsonschema::validator_for(&spec_schema).expect("the OpenAPI 3.1 schema compiles")
}

/// Every operation of a document, as (`METHOD /path`, operation).
fn operations(document: &Value) -> Vec<(String, &Value)> {
    let paths = document["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().expect("path item").iter().map(move |(m, op)| (format!("{} {path}", m.to_uppercase()), op))
        })
        .collect()
}

/// `schema` made standalone: component references point into `$defs`, which hold them all.
fn standalone(document: &Value, schema: &Value) -> Value {
    let text = serde_json::to_string(schema).unwrap().replace("#/components/schemas/", "#/$defs/");
    let mut standalone: Value = serde_json::from_str(&text).unwrap();
    if let Value::Object(map) = &mut standalone {
        let defs = serde_json::to_string(&document["components"]["schemas"]).unwrap();
        map.insert("$defs".into(), serde_json::from_str(&defs.replace("#/components/schemas/", "#/$defs/")).unwrap());
    }
    standalone
}

#[test]
fn every_export_validates_against_the_openapi_3_1_schema() {
    let validator = spec_validator();
    for crate_dir in CRATES {
        let document = export(crate_dir);
        let errors: Vec<String> =
            validator.iter_errors(&document).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{crate_dir}/openapi.json is not valid OpenAPI 3.1:\n{}", errors.join("\n"));
    }
}

/// The validator is not vacuous: documents the spec forbids are rejected.
#[test]
fn the_validator_rejects_broken_documents() {
    let validator = spec_validator();
    let mut wrong_version = document();
    wrong_version["openapi"] = "2.0".into();
    assert!(!validator.is_valid(&wrong_version));
    let mut no_info = document();
    no_info.as_object_mut().unwrap().remove("info");
    assert!(!validator.is_valid(&no_info));
    let mut bad_parameter = document();
    bad_parameter["paths"]["/unified/crm/leads/{id}"]["delete"]["parameters"][0]["in"] = "body".into();
    assert!(!validator.is_valid(&bad_parameter));
}

#[test]
fn every_component_schema_is_valid_json_schema() {
    let document = document();
    let schemas = document["components"]["schemas"].as_object().expect("components.schemas");
    assert!(schemas.contains_key("Opportunity") && schemas.contains_key("UpdateOpportunityBody"));
    for (name, schema) in schemas {
        assert!(
            jsonschema::meta::is_valid(&standalone(&document, schema)),
            "components.schemas.{name} is not a valid JSON Schema"
        );
    }
}

/// Every example and default, of parameters and of properties, is a value of its schema.
#[test]
fn examples_and_defaults_are_values_of_their_schemas() {
    let mut checked = 0;
    for crate_dir in CRATES {
        let document = export(crate_dir);
        let mut values = Vec::new();
        for (operation, op) in operations(&document) {
            for parameter in op["parameters"].as_array().into_iter().flatten() {
                let at = format!("{operation} parameter {}", parameter["name"]);
                values.extend(parameter.get("example").map(|e| (at.clone(), &parameter["schema"], e.clone())));
                values.extend(parameter["schema"].get("default").map(|d| (at, &parameter["schema"], d.clone())));
            }
        }
        for (name, schema) in document["components"]["schemas"].as_object().unwrap() {
            for (property, schema) in schema["properties"].as_object().into_iter().flatten() {
                let at = format!("{name}.{property}");
                for example in schema["examples"].as_array().into_iter().flatten() {
                    values.push((at.clone(), schema, example.clone()));
                }
                values.extend(schema.get("default").map(|d| (at, schema, d.clone())));
            }
        }
        for (at, schema, value) in values {
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&standalone(&document, schema))
                .unwrap_or_else(|e| panic!("{crate_dir}: {at}: {e}"));
            assert!(validator.is_valid(&value), "{crate_dir}: {at}: {value} is not a value of its schema");
            checked += 1;
        }
    }
    // The docs' query-string examples read as values: `remote_query[foo]=bar` as an object.
    let document = document();
    let delete = &document["paths"]["/unified/crm/leads/{id}"]["delete"];
    let parameter = |name: &str| delete["parameters"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap();
    assert_eq!(parameter("remote_query")["example"], json!({"foo": "bar"}));
    assert_eq!(parameter("truto_exclude_fields[]")["example"], json!(["id", "name"]));
    assert!(checked > 20, "only {checked} examples and defaults");
}

/// What the client sends: `Patch::Null`, `Unknown` enum values, bracketed arrays, and nothing
/// but the body's fields.
#[test]
fn requests_are_described_as_the_client_sends_them() {
    let document = document();
    let schema_of = |name: &str| standalone(&document, &json!({"$ref": format!("#/components/schemas/{name}")}));
    let body = jsonschema::validator_for(&schema_of("UpdateOpportunityBody")).unwrap();
    assert!(body.is_valid(&json!({"description": null, "status": null, "account": null, "contact": null})));
    assert!(body.is_valid(&json!({"status": "negotiation"})), "enums are open");
    assert!(body.is_valid(&json!({"status": "won", "account": {"id": "1"}})));
    assert!(!body.is_valid(&json!({"status": 3})), "an enum value is a string");
    assert!(!body.is_valid(&json!({"name_of_a_field_it_does_not_have": "x"})), "the body is closed");
    assert!(!body.is_valid(&json!({"account": {}})), "a nested object keeps its required fields");
    // A record is what Truto sends: open, and its fields are not null.
    let record = jsonschema::validator_for(&schema_of("Opportunity")).unwrap();
    assert!(record.is_valid(&json!({"id": "1", "a_field_the_docs_do_not_list": true, "status": "negotiation"})));

    for (operation, op) in operations(&document) {
        let parameters = op["parameters"].as_array().unwrap();
        let exclude = parameters.iter().find(|p| p["name"] == "truto_exclude_fields[]");
        let exclude = exclude.unwrap_or_else(|| panic!("{operation}: no truto_exclude_fields[]"));
        assert_eq!((&exclude["style"], &exclude["explode"]), (&json!("form"), &json!(true)), "{operation}");
        let remote = parameters.iter().find(|p| p["name"] == "remote_query").unwrap();
        assert_eq!(remote["style"], "deepObject", "{operation}");
        let mutating = !operation.starts_with("GET ");
        assert_eq!(parameters.iter().any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"), mutating);
    }
}

/// Each format an operation allows has its shape in the 200, named in
/// `x-truto-response-formats`; errors are Truto's error body.
#[test]
fn every_response_format_has_its_shape() {
    let mut shapes = 0;
    for crate_dir in CRATES {
        let document = export(crate_dir);
        for (operation, op) in operations(&document) {
            let format = op["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "truto_response_format");
            let allowed: Vec<&str> =
                format.unwrap()["schema"]["enum"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
            let content = &op["responses"]["200"]["content"];
            let json_schema = &content["application/json"]["schema"];
            let branches = json_schema["anyOf"].as_array().cloned().unwrap_or_else(|| vec![json_schema.clone()]);
            let mut named: Vec<&str> = Vec::new();
            for branch in &branches {
                named.extend(branch["x-truto-response-formats"].as_array().unwrap().iter().filter_map(Value::as_str));
            }
            if let Some(stream) = content.get("application/octet-stream") {
                named.extend(stream["x-truto-response-formats"].as_array().unwrap().iter().filter_map(Value::as_str));
            }
            named.sort_unstable();
            let mut expected = allowed.clone();
            expected.sort_unstable();
            assert_eq!(named, expected, "{crate_dir}: {operation}");
            shapes += branches.len();
            for status in ["4XX", "5XX"] {
                let error = &op["responses"][status]["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(error, "#/components/schemas/TrutoError", "{crate_dir}: {operation} {status}");
            }
            assert!(op["responses"].get("default").is_none());
        }
    }
    assert!(shapes > 10);

    // The shapes themselves, on the all-operations fixture.
    let golden = export("golden");
    let shape = |path: &str, method: &str, format: &str| -> Value {
        let schema = &golden["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"];
        let branches = schema["anyOf"].as_array().cloned().unwrap_or_else(|| vec![schema.clone()]);
        let branch =
            branches.into_iter().find(|b| b["x-truto-response-formats"].as_array().unwrap().contains(&json!(format)));
        standalone(&golden, &branch.unwrap_or_else(|| panic!("{method} {path}: no {format} shape")))
    };
    let valid = |schema: &Value, value: Value| jsonschema::validator_for(schema).unwrap().is_valid(&value);
    let list = shape("/unified/crm/widgets", "get", "unified");
    assert!(valid(&list, json!({"result": [{"id": "1"}], "next_cursor": null})));
    assert!(!valid(&list, json!({"id": "1"})), "a page has its records in `result`");
    let debug = shape("/unified/crm/widgets", "get", "debug");
    assert!(valid(&debug, json!({"result": {"result": []}, "debug": {"requestUrl": "https://x", "isLooping": false}})));
    assert!(valid(&debug, json!({"result": {"result": []}, "debug": null})));
    assert!(!valid(&debug, json!({"result": []})), "debug wraps the unified answer");
    let raw = shape("/unified/crm/widgets", "get", "raw");
    assert!(valid(&raw, json!([1, "anything"])));
    let merge = shape("/unified/crm/widgets/merge", "post", "unified");
    assert!(valid(&merge, json!({"result": {"id": "1"}})));
    assert!(!valid(&merge, json!({"id": "1"})), "a custom method answers the record in `result`");
    let get = &golden["paths"]["/unified/crm/widgets/{id}"]["get"]["responses"]["200"]["content"];
    assert_eq!(get["application/octet-stream"]["x-truto-response-formats"], json!(["stream"]));
}

#[test]
fn the_export_has_a_license() {
    for crate_dir in CRATES {
        let license = &export(crate_dir)["info"]["license"];
        assert_eq!(license["identifier"], "MIT OR Apache-2.0", "{crate_dir}");
    }
}

#[test]
fn extensions_carry_every_mark_and_value_subset() {
    let document = document();
    let integrations = document["x-truto-integrations"].as_array().expect("x-truto-integrations");
    assert_eq!(integrations.len(), 27, "Truto's CRM page claims 27 integrations");
    assert!(integrations.iter().any(|i| i["slug"] == "zohocrm" && i["name"] == "Zoho CRM"));

    let mut marks = 0;
    let mut subsets = 0;
    for item in document["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            for section in operation["x-truto-support"].as_object().unwrap().values() {
                marks += section.as_object().unwrap().values().map(|f| f.as_object().unwrap().len()).sum::<usize>();
            }
            for section in operation["x-truto-enum-support"].as_object().unwrap().values() {
                subsets += section.as_object().unwrap().values().map(|f| f.as_object().unwrap().len()).sum::<usize>();
            }
        }
    }
    // The seed pages hold 440 marks and 10 value subsets; the catalog of the other pages adds
    // 27 marks: `name` on accounts list (6), `workspace` (1) and `account` (20) on contacts
    // create.
    assert_eq!((marks, subsets), (467, 10), "the doc pages hold 467 marks and 10 value subsets");

    let patch = &document["paths"]["/unified/crm/opportunities/{id}"]["patch"];
    assert_eq!(patch["x-truto-support"]["body"]["account"]["teamleader"], "required");
    assert_eq!(patch["x-truto-support"]["body"]["account.id"], Value::Null, "account.id has no marks on the page");
    assert_eq!(patch["x-truto-enum-support"]["body"]["status"]["pipedrive"], json!(["open", "won", "lost", "deleted"]));
    let formats =
        patch["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "truto_response_format").unwrap();
    assert_eq!(formats["schema"]["enum"], json!(["unified", "raw", "normalized", "stream"]));
}
