//! What an endpoint answers: a 200 in the `truto_response_format` asked for, a 204 for a
//! delete, and Truto's error body for 4XX and 5XX.
//!
//! The format is a query parameter, and OpenAPI cannot key a response schema on one. So the
//! 200's JSON schema is the `anyOf` of every shape the endpoint's formats give (one shape alone
//! when they give one), and each shape names the formats that give it in
//! `x-truto-response-formats`, for tools (and the contract test's mock server) that want the
//! shape of one format.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::schema::{JsonType, SchemaObject};
use truto_unified_runtime::vocabulary::Answer;

use crate::model::{Endpoint, OperationKind, ResponseFormat};

/// The components the responses refer to, besides the models.
pub const TRUTO_ERROR: &str = "TrutoError";
/// See [`TRUTO_ERROR`].
pub const TRUTO_DEBUG_INFO: &str = "TrutoDebugInfo";

#[derive(Serialize)]
pub struct Response<'s> {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    content: BTreeMap<&'static str, MediaType<'s>>,
    description: String,
}

#[derive(Serialize, Default)]
pub struct MediaType<'s> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<SchemaObject<'s>>,
    #[serde(rename = "x-truto-response-formats", skip_serializing_if = "Vec::is_empty")]
    response_formats: Vec<&'static str>,
}

/// A JSON body of this schema.
pub fn json_content(schema: SchemaObject<'_>) -> BTreeMap<&'static str, MediaType<'_>> {
    BTreeMap::from([("application/json", MediaType { schema: Some(schema), ..MediaType::default() })])
}

/// Every response of `endpoint`, by status.
pub fn responses(endpoint: &Endpoint) -> BTreeMap<&'static str, Response<'_>> {
    let mut responses = BTreeMap::from([("200", success(endpoint))]);
    if endpoint.operation.kind == OperationKind::Delete {
        responses.insert("204", Response { content: BTreeMap::new(), description: "Deleted; no body.".to_owned() });
    }
    for (status, of) in [("4XX", "The request was refused"), ("5XX", "Truto or the CRM failed")] {
        let mut content = json_content(SchemaObject::reference(TRUTO_ERROR));
        let text = SchemaObject::of_type("string");
        content.insert("text/plain", MediaType { schema: Some(text), ..MediaType::default() });
        let description = format!("{of}: Truto's error body, or at times plain text.");
        responses.insert(status, Response { content, description });
    }
    responses
}

/// The formats as the description names them: "`raw`, `normalized`".
fn listed(formats: &[ResponseFormat]) -> String {
    formats.iter().map(|f| format!("`{}`", f.word())).collect::<Vec<_>>().join(", ")
}

/// The 200: one JSON shape per group of formats that give the same one, and a byte stream.
fn success(endpoint: &Endpoint) -> Response<'_> {
    let giving = |answer: Answer| -> Vec<ResponseFormat> {
        endpoint.response_formats.iter().copied().filter(|f| f.answer() == answer).collect()
    };
    let mut shapes = Vec::new();
    let mut said = Vec::new();
    let unified_formats = giving(Answer::Unified);
    if !unified_formats.is_empty() {
        shapes.push(marked(unified(endpoint), &unified_formats));
        said.push(format!("{} (the default): {}", listed(&unified_formats), unified_words(endpoint)));
    }
    let debug_formats = giving(Answer::DebugEnvelope);
    if !debug_formats.is_empty() {
        shapes.push(marked(debug(endpoint), &debug_formats));
        said.push(format!(
            "{}: the same in `result`, and Truto's debug information in `debug`",
            listed(&debug_formats)
        ));
    }
    let any_json = giving(Answer::AnyJson);
    if !any_json.is_empty() {
        said.push(format!("{}: any JSON", listed(&any_json)));
        shapes.push(marked(SchemaObject { description: Some(ANY_JSON), ..SchemaObject::default() }, &any_json));
    }
    let mut content = BTreeMap::new();
    let schema = match shapes.len() {
        0 => None,
        1 => shapes.pop(),
        _ => Some(SchemaObject { any_of: shapes, ..SchemaObject::default() }),
    };
    if let Some(schema) = schema {
        content.insert("application/json", MediaType { schema: Some(schema), ..MediaType::default() });
    }
    let bytes = giving(Answer::Bytes);
    if !bytes.is_empty() {
        said.push(format!("{}: the body as bytes", listed(&bytes)));
        let stream = MediaType { schema: None, response_formats: bytes.iter().map(|f| f.word()).collect() };
        content.insert("application/octet-stream", stream);
    }
    let description = format!(
        "The answer in the `truto_response_format` asked for. {}. Each shape names the formats that give it in \
         `x-truto-response-formats`.",
        said.join("; ")
    );
    Response { content, description }
}

const ANY_JSON: &str =
    "Any JSON: the provider's own response (`raw`), or the unified data in a normalized shape (`normalized`).";

fn marked<'s>(schema: SchemaObject<'s>, formats: &[ResponseFormat]) -> SchemaObject<'s> {
    SchemaObject { response_formats: formats.iter().map(|f| f.word()).collect(), ..schema }
}

/// What the `unified` format answers, in words.
fn unified_words(endpoint: &Endpoint) -> String {
    let model = &endpoint.response.model.name;
    match endpoint.operation.kind {
        OperationKind::List => format!("a page of `{model}` records in `result`, and the cursor of the next"),
        OperationKind::Custom => format!("the `{model}` record in `result`"),
        _ => format!("the `{model}` record"),
    }
}

/// What the `unified` format answers: the record, a page of records, or (custom methods) the
/// record in `result`.
fn unified(endpoint: &Endpoint) -> SchemaObject<'_> {
    let record = SchemaObject::reference(endpoint.response.model.name.as_str());
    match endpoint.operation.kind {
        OperationKind::List => page(record),
        OperationKind::Custom => object([("result", record)], &["result"]),
        _ => record,
    }
}

/// A list's page: its records, its cursors, and what Truto adds at times.
fn page(record: SchemaObject<'_>) -> SchemaObject<'_> {
    let cursor = || SchemaObject { ty: Some(JsonType::OrNull(["string", "null"])), ..SchemaObject::default() };
    let count = SchemaObject { minimum: Some(0), ..SchemaObject::of_type("integer") };
    object(
        [
            ("result", SchemaObject::array(record)),
            ("next_cursor", cursor()),
            ("prev_cursor", cursor()),
            ("result_count", count),
            ("is_partial_response", SchemaObject::of_type("boolean")),
        ],
        &["result"],
    )
}

/// The `debug` format: the `unified` answer in `result`, Truto's debug information (or
/// `null`, for static responses) in `debug`.
fn debug(endpoint: &Endpoint) -> SchemaObject<'_> {
    let information = SchemaObject::reference(TRUTO_DEBUG_INFO).or_null();
    object([("result", unified(endpoint)), ("debug", information)], &["result"])
}

fn object<'s, const N: usize>(properties: [(&'s str, SchemaObject<'s>); N], required: &[&'s str]) -> SchemaObject<'s> {
    SchemaObject {
        properties: Some(BTreeMap::from(properties)),
        required: Some(required.to_vec()),
        ..SchemaObject::of_type("object")
    }
}

/// Truto's error body.
pub fn truto_error_schema() -> Value {
    json!({
        "type": "object",
        "description": "Truto's error body.",
        "properties": {
            "statusCode": {"type": "integer", "minimum": 100, "maximum": 599, "description": "The HTTP status."},
            "error": {"type": "string"},
            "message": {"type": "string"},
            "details": {},
            "truto_is_remote_error": {"type": "boolean"},
            "raw_response": {},
            "truto_error_insight": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {"description": {"type": "string"}, "value": {}},
                },
            },
        },
    })
}

/// What the `debug` format says about the call Truto made; list endpoints add the last four.
pub fn truto_debug_info_schema() -> Value {
    json!({
        "type": "object",
        "description": "What Truto sent to the provider and what came back.",
        "properties": {
            "requestUrl": {"type": "string", "description": "The provider URL Truto called."},
            "requestOptions": {"description": "The options of that call."},
            "data": {"description": "The provider's response data."},
            "responseHeaders": {"description": "The provider's response headers."},
            "nextCursor": {"description": "Lists: the provider-side next cursor."},
            "isLooping": {"type": "boolean", "description": "Lists: whether Truto detected a pagination loop."},
            "isEmptyResult": {"type": "boolean", "description": "Lists: whether the page was empty."},
            "resultCount": {"type": "integer", "minimum": 0, "description": "Lists: how many records the page had."},
        },
    })
}
