//! What the docs showed only in part reaches the model: models, nested objects and bodies
//! known in part, `any` values, endpoint-level support known for some integrations, and the
//! integrations whose list returns partial records.

mod common;

use common::{TempDir, manifest_dir, yaml_files};
use truto_codegen::model::{
    BodyDefault, Coverage, Endpoint, IntegrationsInPart, OperationKind, RequestBody, Scalar, Schema, Type,
};

/// `valid_base` with a list endpoint, a create endpoint with a body known in part, a custom and
/// a delete endpoint without bodies, and a model known in part.
fn schema_dir() -> TempDir {
    let dir = TempDir::new("known-in-part");
    for (path, text) in yaml_files(&manifest_dir().join("tests/fixtures/errors/valid_base")) {
        let text = if path.ends_with("widgets.yaml") {
            text.replace(
                "  description: A widget.\n",
                "  description: A widget.\n  known_in_part: Read up to `owner`.\n",
            ) + "    parts:\n      type: object[]\n      known_in_part: Cut before its fields.\n    \
                   labels: { type: \"any[]\" }\n"
        } else {
            text
        };
        dir.write(&path, text.as_bytes());
    }
    let list = "endpoint:\n  api: crm\n  resource: widgets\n  operation: list\n  http: GET\n  path: /unified/crm/widgets\n  \
                response_formats: [unified]\n  integrations: [zohocrm, hubspot]\n  response:\n    partial_in: [zohocrm]\n";
    let create = "endpoint:\n  api: crm\n  resource: widgets\n  operation: create\n  http: POST\n  path: /unified/crm/widgets\n  \
                  response_formats: [unified]\n  integrations_known_in_part:\n    supported: [zohocrm]\n    \
                  unsupported: [hubspot]\n  body:\n    name: { type: string }\n  body_known_in_part: Read up to `name`.\n";
    let merge = "endpoint:\n  api: crm\n  resource: widgets\n  operation: custom\n  name: merge\n  http: POST\n  \
                 path: /unified/crm/widgets/merge\n  response_formats: [unified]\n";
    let delete = "endpoint:\n  api: crm\n  resource: widgets\n  operation: delete\n  http: DELETE\n  \
                  path: /unified/crm/widgets/{id}\n  path_params: [id]\n  response_formats: [unified]\n";
    dir.write("list.yaml".as_ref(), list.as_bytes());
    dir.write("create.yaml".as_ref(), create.as_bytes());
    dir.write("merge.yaml".as_ref(), merge.as_bytes());
    dir.write("delete.yaml".as_ref(), delete.as_bytes());
    dir
}

fn schema() -> Schema {
    truto_codegen::load_schema(&schema_dir().0).unwrap_or_else(|d| panic!("{d}"))
}

fn endpoint(schema: &Schema, kind: OperationKind) -> &Endpoint {
    schema.endpoints().map(|(_, _, e)| e).find(|e| e.operation.kind == kind).expect("the endpoint")
}

#[test]
fn models_objects_and_bodies_say_where_the_docs_stopped() {
    let schema = schema();
    let model = &schema.apis[0].resources[0].model;
    assert_eq!(model.known_in_part.as_deref(), Some("Read up to `owner`."));
    let field = |name: &str| model.fields.iter().find(|f| f.wire == name).expect("the field");
    // An object whose fields the docs never showed: no fields, and why.
    let parts = field("parts").ty.object().expect("an object");
    assert!(parts.fields.is_empty());
    assert_eq!(parts.known_in_part.as_deref(), Some("Cut before its fields."));
    // Objects written out whole say nothing.
    assert_eq!(field("owner").ty.object().expect("an object").known_in_part, None);
    // `any[]`: an array of any JSON values, with its type as written.
    assert_eq!(field("labels").ty, Type::Array(Box::new(Type::Scalar(Scalar::Any))));
    assert_eq!(field("labels").schema_type.as_deref(), Some("any[]"));
    let body = endpoint(&schema, OperationKind::Create).body.documented().expect("a body");
    assert_eq!(body.object.known_in_part.as_deref(), Some("Read up to `name`."));
    let update = endpoint(&schema, OperationKind::Update).body.documented().expect("a body");
    assert_eq!(update.object.known_in_part, None);
}

#[test]
fn endpoint_support_is_listed_known_in_part_or_unknown() {
    let schema = schema();
    let list = endpoint(&schema, OperationKind::List);
    assert_eq!(list.integrations.as_deref(), Some(&["hubspot".to_owned(), "zohocrm".to_owned()][..]));
    assert_eq!(list.integrations_known_in_part, None);
    // The integrations whose list returns partial records make the records partial.
    assert_eq!(list.response.partial_in, ["zohocrm"]);
    assert!(list.response.partial);
    let create = endpoint(&schema, OperationKind::Create);
    assert_eq!(create.integrations, None);
    assert_eq!(
        create.integrations_known_in_part,
        Some(IntegrationsInPart { supported: vec!["zohocrm".into()], unsupported: vec!["hubspot".into()] })
    );
    // No key at all: unknown for every integration.
    let update = endpoint(&schema, OperationKind::Update);
    assert_eq!((&update.integrations, &update.integrations_known_in_part), (&None, &None));
    assert!(update.response.partial_in.is_empty());
}

#[test]
fn coverage_is_one_rule_for_listed_known_in_part_and_unknown_support() {
    let schema = schema();
    let list = endpoint(&schema, OperationKind::List);
    assert_eq!(list.coverage("zohocrm"), Coverage::Partial);
    assert_eq!(list.coverage("hubspot"), Coverage::Supported);
    let create = endpoint(&schema, OperationKind::Create);
    assert_eq!((create.coverage("zohocrm"), create.coverage("hubspot")), (Coverage::Supported, Coverage::Unsupported));
    // Unknown support; an integration that marks a field supports the endpoint.
    let update = endpoint(&schema, OperationKind::Update);
    assert!(update.support_is_unknown());
    assert_eq!(update.coverage("zohocrm"), Coverage::Supported, "it marks `name`");
    let delete = endpoint(&schema, OperationKind::Delete);
    assert_eq!((delete.coverage("zohocrm"), delete.coverage("hubspot")), (Coverage::Unknown, Coverage::Unknown));
}

/// A create, update or custom endpoint without `body` takes a body the docs do not describe:
/// the check decides its default (the model, or any JSON for a custom method), emitters print it.
#[test]
fn a_body_the_docs_do_not_describe_is_a_type_parameter() {
    let dir = schema_dir();
    let schema = truto_codegen::load_schema(&dir.0).unwrap_or_else(|d| panic!("{d}"));
    let merge = endpoint(&schema, OperationKind::Custom);
    let RequestBody::Undocumented(body) = &merge.body else { panic!("{:?}", merge.body) };
    assert_eq!((body.param.as_str(), &body.default), ("B", &BodyDefault::Json));
    assert!(matches!(endpoint(&schema, OperationKind::Create).body, RequestBody::Documented(_)));
    assert_eq!(endpoint(&schema, OperationKind::Delete).body, RequestBody::None);
    // Without its body, the update takes the model.
    let text = std::fs::read_to_string(dir.0.join("update.yaml")).expect("update");
    let start = text.find("  body:\n").expect("a body");
    let end = text.find("  response:\n").expect("a response");
    dir.write("update.yaml".as_ref(), format!("{}{}", &text[..start], &text[end..]).as_bytes());
    let schema = truto_codegen::load_schema(&dir.0).unwrap_or_else(|d| panic!("{d}"));
    let update = endpoint(&schema, OperationKind::Update);
    let RequestBody::Undocumented(body) = &update.body else { panic!("{:?}", update.body) };
    assert_eq!(body.default, BodyDefault::Model(schema.apis[0].resources[0].model.name.clone()));

    let files =
        truto_codegen::generate(&dir.0, &truto_codegen::Options::new("fixture")).unwrap_or_else(|d| panic!("{d}"));
    let module = files.iter().find(|f| f.path.ends_with("crm/widgets.rs")).expect("the module");
    for expected in [
        "pub struct UpdateWidget<B = Widget> {",
        "impl<B: Serialize + Clone> Endpoint for UpdateWidget<B> {",
        "pub struct MergeWidget<B = serde_json::Value> {",
        "pub fn merge<B: Serialize + Clone>(&self, body: B) -> Call<MergeWidget<B>> {",
        "impl<B> Allows<crate::request::Raw> for UpdateWidget<B> {}",
        // Known in part: the record keeps what it does not name; the body sends it.
        "record::other(&mut self.other_fields, key, map)",
        "pub other_fields: OtherFields,",
        "pub other_fields: serde_json::Map<String, serde_json::Value>,",
    ] {
        assert!(module.contents.contains(expected), "no `{expected}` in\n{}", module.contents);
    }
}
