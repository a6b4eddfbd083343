//! The reader on small pages of both layouts; the seed pages are read in the workspace tests.

use super::*;

fn page(text: &str) -> DocPage {
    parse_page(text).expect("test page parses")
}

fn names(fields: &[DocField]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

/// A mark's glued subset.
fn glued(mark: &DocMark) -> Option<&str> {
    match &mark.subset {
        Some(DocEnum::Glued { text, more: None }) => Some(text),
        _ => None,
    }
}

const NEWER: &str = "Skip to content
PATCH /unified/crm/opportunities/{id}

Path Parameters

idstring
required·

The ID of the resource.

Example: 23423523

Query Parameters

Refer Specifying query parameters in Truto APIs

sort_by
Possible values:
created_atupdated_at
1 supported
Pipeliner
supported
Show Truto-specific parameters
integrated_account_idstring · uuid
required·

The ID of the integrated account to use for the request.
truto_response_formatstring

The format of the response.

  • unified returns the response with unified mappings applied.
  • raw returns the raw response.

Defaults to unified.

Example: unified
Possible values:
unifiedraw

Request Body

Refer Writing data using Unified APIs

accountobject

The opportunity's account

References: Accounts → id
2 supported1 required
Teamleader
required
Affinity
supported
idstring
required·

The account's unique identifier

amountnumber

The opportunity's amount

close_time
1 supported
Pipedrive
supported
statusstring

The opportunity's status

Possible values:
leadwonopenlost+ 2 more
3 supported1 required
Close
required
leadwon
Attio
supported
openlost
Capsule
supported
tagsobject[]

The opportunity's tags

idstring

The tag's unique identifier

namestring

The tag's name

updated_atstring · date-time

The date and time of the opportunity's last update

Response Body

idstring
required·

The opportunity's unique identifier

addressesobject[]
citystring

The city

typestring

The address type

created_atstring · date-time

The date and time of the opportunity's creation

curl -X PATCH 'https://api.truto.one/unified/crm/opportunities/{id}'
  notafieldstring
";

#[test]
fn reads_the_request_line_and_layout() {
    let p = page(NEWER);
    assert_eq!(p.layout, Layout::Newer);
    assert_eq!(p.http_method, "PATCH");
    assert_eq!(p.path, "/unified/crm/opportunities/{id}");
    assert_eq!(p.integrations, None);
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.cut, None);
    assert_eq!(p.request_line, 2);
}

#[test]
fn splits_a_glued_name_and_type() {
    let p = page(NEWER);
    let id = &p.path_params[0];
    assert_eq!((id.name.as_str(), id.doc_type.as_deref()), ("id", Some("string")));
    assert!(id.required);
    assert_eq!(id.description.as_deref(), Some("The ID of the resource."));
    assert_eq!(id.example.as_deref(), Some("23423523"));
    let body = p.body.as_ref().expect("body");
    let updated = body.iter().find(|f| f.name == "updated_at").expect("updated_at");
    assert_eq!(updated.doc_type.as_deref(), Some("string · date-time"));
    let tags = body.iter().find(|f| f.name == "tags").expect("tags");
    assert_eq!(tags.doc_type.as_deref(), Some("object[]"));
}

#[test]
fn a_field_without_a_type() {
    let p = page(NEWER);
    let body = p.body.as_ref().expect("body");
    let close_time = body.iter().find(|f| f.name == "close_time").expect("close_time");
    assert_eq!(close_time.doc_type, None);
    assert_eq!(close_time.description, None);
    assert_eq!(close_time.marks.len(), 1);
    assert_eq!(close_time.marks[0].integration, "Pipedrive");
    let sort_by = &p.query[0];
    assert_eq!((sort_by.name.as_str(), sort_by.doc_type.as_deref()), ("sort_by", None));
    assert_eq!(sort_by.enum_doc, Some(DocEnum::Glued { text: "created_atupdated_at".into(), more: None }));
}

#[test]
fn nests_children_then_returns_to_the_top_level() {
    let p = page(NEWER);
    let body = p.body.as_ref().expect("body");
    assert_eq!(names(body), ["account", "amount", "close_time", "status", "tags", "updated_at"]);
    assert_eq!(names(&body[0].children), ["id"]);
    assert!(body[0].children[0].required);
    assert_eq!(names(&body[4].children), ["id", "name"]);
    // Children without any cue ("The city") stay children; `created_at` sorts before
    // `type`, so it is top-level again.
    assert_eq!(names(&p.response), ["id", "addresses", "created_at"]);
    assert_eq!(names(&p.response[1].children), ["city", "type"]);
}

#[test]
fn marks_block_with_required_first_and_a_reference() {
    let p = page(NEWER);
    let account = &p.body.as_ref().expect("body")[0];
    assert_eq!(account.references, Some(("Accounts".into(), "id".into())));
    let marks: Vec<_> = account.marks.iter().map(|m| (m.integration.as_str(), m.kind, glued(m))).collect();
    assert_eq!(marks, [("Teamleader", DocMarkKind::Required, None), ("Affinity", DocMarkKind::Supported, None)]);
}

#[test]
fn enum_subsets_and_a_truncated_union() {
    let p = page(NEWER);
    let status = &p.body.as_ref().expect("body")[3];
    assert_eq!(status.enum_doc, Some(DocEnum::Glued { text: "leadwonopenlost".into(), more: Some(2) }));
    let subsets: Vec<_> = status.marks.iter().map(|m| (m.integration.as_str(), glued(m))).collect();
    assert_eq!(subsets, [("Close", Some("leadwon")), ("Attio", Some("openlost")), ("Capsule", None)]);
}

#[test]
fn separates_truto_specific_parameters() {
    let p = page(NEWER);
    let flags: Vec<_> = p.query.iter().map(|f| (f.name.as_str(), f.truto_specific)).collect();
    assert_eq!(flags, [("sort_by", false), ("integrated_account_id", true), ("truto_response_format", true)]);
    let format = &p.query[2];
    assert_eq!(format.default.as_deref(), Some("unified"));
    assert_eq!(format.description.as_deref(), Some("The format of the response."));
    assert_eq!(p.response_formats, ["unified", "raw"]);
}

#[test]
fn stops_at_the_code_samples() {
    let p = page(NEWER);
    assert!(p.response.iter().all(|f| f.name != "notafield"));
}

const OLDER: &str = "Skip to content

Delete Leads 

Endpoint 

http
DELETE /unified/crm/leads/{id}
Integrations supported
  • Insightly
  • Zendesk Sell

Query parameters 

Refer Specifying query parameters in Truto APIs

integrated_account_id
string\u{a0}·\u{a0}uuid
REQUIRED\u{a0}·\u{a0}

The ID of the integrated account to use for the request.

truto_response_format
string

The format of the response.

  • unified will return the response with unified mappings applied.

Defaults to unified.

All possible enum values:
  • unified
  • raw
Example: unified
remote_query
object

Query parameters to pass to the underlying API.

Response Body 

id
string
REQUIRED\u{a0}·\u{a0}

The lead' unique identifier

Supported in
  • Pipeliner
  • Zendesk Sell
owner
object

The lead's owner

id
string

The lead's owner's unique identifier

lead_source
string

The lead's source

addresses
object[]
street_1
string

Line 1 of the street address

city
string

The city

email_addresses
object[]
email
string

The email address

custom_fields
object

All the custom fields present on the lead

last_activity_at
string\u{a0}·\u{a0}date-time

The date and time of the lead's last activity";

#[test]
fn older_layout_fields_and_lists() {
    let p = page(OLDER);
    assert_eq!(p.layout, Layout::Older);
    assert_eq!(p.http_method, "DELETE");
    assert_eq!(p.path, "/unified/crm/leads/{id}");
    assert_eq!(p.integrations, Some(vec!["Insightly".into(), "Zendesk Sell".into()]));
    assert_eq!(names(&p.query), ["integrated_account_id", "truto_response_format", "remote_query"]);
    let account = &p.query[0];
    assert_eq!(account.doc_type.as_deref(), Some("string · uuid"));
    assert!(account.required);
    let format = &p.query[1];
    assert_eq!(format.enum_doc, Some(DocEnum::Listed(vec!["unified".into(), "raw".into()])));
    assert_eq!(format.example.as_deref(), Some("unified"));
    assert_eq!(p.response_formats, ["unified", "raw"]);
}

#[test]
fn older_layout_supported_in() {
    let p = page(OLDER);
    let id = &p.response[0];
    assert!(id.required);
    assert_eq!(id.description.as_deref(), Some("The lead' unique identifier"));
    let marks: Vec<_> = id.marks.iter().map(|m| (m.integration.as_str(), m.kind)).collect();
    assert_eq!(marks, [("Pipeliner", DocMarkKind::Supported), ("Zendesk Sell", DocMarkKind::Supported)]);
}

#[test]
fn older_layout_nesting() {
    let p = page(OLDER);
    assert_eq!(
        names(&p.response),
        ["id", "owner", "lead_source", "addresses", "email_addresses", "custom_fields", "last_activity_at"]
    );
    assert_eq!(names(&p.response[1].children), ["id"]);
    // Unsorted children: "The city" has no cue, so it stays under `addresses`.
    assert_eq!(names(&p.response[3].children), ["street_1", "city"]);
    assert_eq!(names(&p.response[4].children), ["email"]);
    // An older `object` may be a map: a field naming the lead is not its child.
    assert!(p.response[5].children.is_empty());
}

#[test]
fn a_subset_after_the_last_entry_before_an_untyped_field() {
    let text = "GET /unified/crm/x
Query Parameters

kindstring

The kind

Possible values:
callnote
2 supported
Affinity
supported
call
Close
supported
note
sort_by
Possible values:
a
curl -X GET x
";
    let p = page(text);
    assert_eq!(names(&p.query), ["kind", "sort_by"]);
    let subsets: Vec<_> = p.query[0].marks.iter().map(glued).collect();
    assert_eq!(subsets, [Some("call"), Some("note")]);
}

#[test]
fn reports_a_short_marks_block() {
    let text = "GET /unified/crm/x
Response Body

idstring
3 supported
Capsule
supported
namestring
curl -X GET x
";
    let p = page(text);
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert!(p.problems[0].message.contains("announces 3"));
    // The line where the list stops.
    assert_eq!(p.problems[0].line, 8);
}

#[test]
fn rejects_a_page_without_a_request_line() {
    assert!(parse_page("nothing here").is_err());
}
