//! `truto-generated/openapi.json` is a valid OpenAPI 3.1 document whose extensions carry every
//! per-integration mark of the docs.

use std::path::Path;

use serde_json::Value;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn document() -> Value {
    read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../truto-generated/openapi.json"))
}

#[test]
fn the_export_validates_against_the_openapi_3_1_schema() {
    let spec_schema = read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openapi-3.1-schema.json"));
    let validator = jsonschema::validator_for(&spec_schema).expect("the OpenAPI 3.1 schema compiles");
    let document = document();
    let errors: Vec<String> =
        validator.iter_errors(&document).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "openapi.json is not valid OpenAPI 3.1:\n{}", errors.join("\n"));
}

/// The validator is not vacuous: documents the spec forbids are rejected.
#[test]
fn the_validator_rejects_broken_documents() {
    let spec_schema = read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openapi-3.1-schema.json"));
    let validator = jsonschema::validator_for(&spec_schema).unwrap();
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
        // Component refs point into the document; check each schema on its own terms.
        let standalone = serde_json::to_string(schema).unwrap().replace("#/components/schemas/", "#/$defs/");
        let mut standalone: Value = serde_json::from_str(&standalone).unwrap();
        standalone["$defs"] = document["components"]["schemas"].clone();
        assert!(jsonschema::meta::is_valid(&standalone), "components.schemas.{name} is not a valid JSON Schema");
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
    assert_eq!(
        patch["x-truto-enum-support"]["body"]["status"]["pipedrive"],
        serde_json::json!(["open", "won", "lost", "deleted"])
    );
    let formats =
        patch["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "truto_response_format").unwrap();
    assert_eq!(formats["schema"]["enum"], serde_json::json!(["unified", "raw", "normalized", "stream"]));
}
