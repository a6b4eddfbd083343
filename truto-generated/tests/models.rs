//! Serde behaviour of the generated models, request types, open enums and support data.
//!
//! The JSON fixtures are built from Truto's doc pages of the schema's endpoints (the pages
//! `schema/` was imported from): every documented response field with a plausible value of its
//! documented type, nested objects and arrays included.

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::str::FromStr;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use truto_unified::crm::accounts::{Account, AccountAddress, AccountUrl, DELETE_ACCOUNT, DeleteAccount};
use truto_unified::crm::engagements::{
    DELETE_ENGAGEMENT, DeleteEngagementQuery, DeleteEngagementSortBy, DeleteEngagementType, Engagement, EngagementLead,
    EngagementNote, EngagementOpportunity, EngagementProject,
};
use truto_unified::crm::leads::{DELETE_LEAD, Lead, LeadAddress, LeadEmailAddress, LeadOwner, LeadPhoneNumber};
use truto_unified::crm::opportunities::{
    DELETE_OPPORTUNITY, Opportunity, OpportunityOwner, OpportunityUrl, UPDATE_OPPORTUNITY, UpdateOpportunityAccount,
    UpdateOpportunityBody, UpdateOpportunityContact, UpdateOpportunityOwner, UpdateOpportunityStatus,
};
use truto_unified::shapes::{AccountRef, ContactRef, OwnerRef, PhoneNumber, StageRef, Tag};
use truto_unified::support::{Coverage, Endpoint, EndpointSupport, Field, Mark};
use truto_unified::{Integration, Patch, RawJson, ResponseFormat, TrutoQuery, UnknownIntegration, endpoints};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Decodes `value` from its JSON text (so the real text parser is exercised), with a useful
/// panic message on failure.
fn decode<T: DeserializeOwned>(value: &Value) -> T {
    let text = value.to_string();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("failed to decode {text}: {e}"))
}

fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

fn obj(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// A free-form map as response records keep it: JSON text.
fn raw(value: Value) -> RawJson {
    RawJson::from_value(&value)
}

/// Text for a string or date-time field.
fn s<T: From<String>>(text: &str) -> Option<T> {
    Some(T::from(text.to_owned()))
}

/// Serializes `decoded`, checks the output is exactly the `source` JSON (nothing dropped,
/// nothing added), and that decoding the output again gives an equal value.
fn assert_round_trip<T>(decoded: &T, source: &Value)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let reencoded = encode(decoded);
    assert_eq!(&reencoded, source, "re-serialized record differs from the source JSON");
    let again: T = decode(&reencoded);
    assert_eq!(&again, decoded, "decode(serialize(x)) != x");
    // Through the string form as well.
    let text = serde_json::to_string(decoded).expect("serializes");
    let again: T = serde_json::from_str(&text).expect("decodes its own output");
    assert_eq!(&again, decoded);
}

/// The same object with every top-level value replaced by `null`.
fn all_null(record: &Value) -> Value {
    let map = record.as_object().expect("object");
    Value::Object(map.keys().map(|k| (k.clone(), Value::Null)).collect())
}

/// The dotted field paths of a fixture, as the support data spells them: top-level keys, and
/// keys of nested objects (or of the objects in nested arrays). Free-form maps are not entered.
fn fixture_paths(record: &Value) -> BTreeSet<String> {
    const FREE_FORM: &[&str] = &["custom_fields", "remote_data"];
    let mut paths = BTreeSet::new();
    for (key, value) in record.as_object().expect("object") {
        paths.insert(key.clone());
        if FREE_FORM.contains(&key.as_str()) {
            continue;
        }
        let nested: Vec<&Map<String, Value>> = match value {
            Value::Object(map) => vec![map],
            Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
            _ => vec![],
        };
        for map in nested {
            for inner in map.keys() {
                paths.insert(format!("{key}.{inner}"));
            }
        }
    }
    paths
}

/// The dotted field paths of a model, as the crate's OpenAPI export (generated from the same
/// pages) describes it: its properties, and the properties of the objects they refer to.
fn model_paths(model: &str) -> BTreeSet<String> {
    let document: Value = serde_json::from_str(include_str!("../openapi.json")).expect("openapi.json parses");
    let schemas = &document["components"]["schemas"];
    let properties = |name: &str| -> Map<String, Value> {
        schemas[name]["properties"].as_object().cloned().unwrap_or_else(|| panic!("no schema `{name}`"))
    };
    let referred = |schema: &Value| {
        let reference = schema.get("$ref").or_else(|| schema.get("items").and_then(|i| i.get("$ref")));
        reference.and_then(Value::as_str).map(|r| r.trim_start_matches("#/components/schemas/").to_owned())
    };
    let mut paths = BTreeSet::new();
    for (key, schema) in properties(model) {
        if let Some(inner) = referred(&schema) {
            paths.extend(properties(&inner).keys().map(|k| format!("{key}.{k}")));
        }
        paths.insert(key);
    }
    paths
}

fn all_fields(endpoint: &Endpoint<Integration>) -> impl Iterator<Item = &'static Field<Integration>> + use<'_> {
    endpoint.query.iter().chain(endpoint.body).chain(endpoint.response)
}

fn find<'a>(fields: &'a [Field<Integration>], path: &str) -> &'a Field<Integration> {
    fields.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no field `{path}`"))
}

fn endpoint(resource: &str, operation: &str) -> &'static Endpoint<Integration> {
    endpoints()
        .into_iter()
        .find(|e| e.resource == resource && e.operation == operation)
        .unwrap_or_else(|| panic!("no endpoint {operation} {resource}"))
}

// ---------------------------------------------------------------------------------------------
// Doc-shaped fixtures (one per model, every documented response field)
// ---------------------------------------------------------------------------------------------

/// `DELETE /unified/crm/opportunities/{id}` and the PATCH response body (000, 001).
fn opportunity_json() -> Value {
    json!({
        "id": "12345",
        "account": { "id": "acc_987" },
        "amount": 12500.5,
        "close_date": "2024-09-30T00:00:00.000Z",
        "contact": [{ "id": "con_1" }, { "id": "con_2" }],
        "created_at": "2024-01-15T10:30:00.000Z",
        "currency": "USD",
        "custom_fields": {
            "deal_source": "Referral",
            "probability": 70,
            "is_strategic": true,
            "regions": ["EMEA", "APAC"]
        },
        "description": "Annual renewal for the enterprise plan",
        "last_activity_at": "2024-05-02T14:00:00.000Z",
        "name": "Acme Corp - Enterprise Renewal",
        "owner": { "id": "usr_42" },
        "remote_data": {
            "deal_id": 12345,
            "pipeline": { "id": 7, "name": "Sales" },
            "archived": false,
            "lost_reason": null
        },
        "stage": { "id": "stg_3", "name": "Negotiation" },
        "status": "open",
        "tags": [{ "id": "tag_1", "name": "enterprise" }, { "id": "tag_2", "name": "renewal" }],
        "updated_at": "2024-05-03T09:15:00.000Z",
        "urls": [{ "type": "website", "url": "https://crm.example.com/deals/12345" }]
    })
}

fn opportunity_expected() -> Opportunity {
    Opportunity {
        account: Some(AccountRef { id: s("acc_987") }),
        amount: Some(12500.5),
        close_date: s("2024-09-30T00:00:00.000Z"),
        contact: Some(vec![ContactRef { id: s("con_1") }, ContactRef { id: s("con_2") }]),
        created_at: s("2024-01-15T10:30:00.000Z"),
        currency: s("USD"),
        custom_fields: Some(raw(json!({
            "deal_source": "Referral",
            "probability": 70,
            "is_strategic": true,
            "regions": ["EMEA", "APAC"]
        }))),
        description: s("Annual renewal for the enterprise plan"),
        id: s("12345"),
        last_activity_at: s("2024-05-02T14:00:00.000Z"),
        name: s("Acme Corp - Enterprise Renewal"),
        owner: Some(OpportunityOwner { id: s("usr_42") }),
        remote_data: Some(raw(json!({
            "deal_id": 12345,
            "pipeline": { "id": 7, "name": "Sales" },
            "archived": false,
            "lost_reason": null
        }))),
        stage: Some(StageRef { id: s("stg_3"), name: s("Negotiation") }),
        status: s("open"),
        tags: Some(vec![Tag { id: s("tag_1"), name: s("enterprise") }, Tag { id: s("tag_2"), name: s("renewal") }]),
        updated_at: s("2024-05-03T09:15:00.000Z"),
        urls: Some(vec![OpportunityUrl { r#type: s("website"), url: s("https://crm.example.com/deals/12345") }]),
    }
}

/// `DELETE /unified/crm/accounts/{id}` (002).
fn account_json() -> Value {
    json!({
        "id": "acc_987",
        "addresses": [{
            "city": "San Francisco",
            "country": "US",
            "id": "addr_1",
            "postal_code": "94105",
            "state": "CA",
            "street_1": "1 Market St",
            "street_2": "Suite 300",
            "type": "billing"
        }],
        "created_at": "2023-11-01T08:00:00.000Z",
        "custom_fields": { "segment": "Enterprise", "arr": 1200000.5 },
        "description": "Maker of fine widgets",
        "industry": "Manufacturing",
        "last_activity_at": "2024-04-30T16:45:00.000Z",
        "name": "Acme Corp",
        "number_of_employees": 250,
        "owner": { "id": "usr_42" },
        "phone_numbers": [{
            "extension": "101",
            "id": "ph_1",
            "number": "+1 415 555 0100",
            "type": "work"
        }],
        "remote_data": { "companyId": 98765, "properties": { "domain": "acme.example" } },
        "tags": [{ "id": "tag_9", "name": "key-account" }],
        "updated_at": "2024-05-01T12:00:00.000Z",
        "urls": [{ "type": "linkedin", "url": "https://www.linkedin.com/company/acme" }],
        "website": "https://acme.example"
    })
}

fn account_expected() -> Account {
    Account {
        addresses: Some(vec![AccountAddress {
            city: s("San Francisco"),
            country: s("US"),
            id: s("addr_1"),
            postal_code: s("94105"),
            state: s("CA"),
            street_1: s("1 Market St"),
            street_2: s("Suite 300"),
            r#type: s("billing"),
        }]),
        created_at: s("2023-11-01T08:00:00.000Z"),
        custom_fields: Some(raw(json!({ "segment": "Enterprise", "arr": 1200000.5 }))),
        description: s("Maker of fine widgets"),
        id: s("acc_987"),
        industry: s("Manufacturing"),
        last_activity_at: s("2024-04-30T16:45:00.000Z"),
        name: s("Acme Corp"),
        number_of_employees: Some(250),
        owner: Some(OwnerRef { id: s("usr_42") }),
        phone_numbers: Some(vec![PhoneNumber {
            extension: s("101"),
            id: s("ph_1"),
            number: s("+1 415 555 0100"),
            r#type: s("work"),
        }]),
        remote_data: Some(raw(json!({ "companyId": 98765, "properties": { "domain": "acme.example" } }))),
        tags: Some(vec![Tag { id: s("tag_9"), name: s("key-account") }]),
        updated_at: s("2024-05-01T12:00:00.000Z"),
        urls: Some(vec![AccountUrl { r#type: s("linkedin"), url: s("https://www.linkedin.com/company/acme") }]),
        website: s("https://acme.example"),
    }
}

/// `DELETE /unified/crm/engagements/{id}` (003).
fn engagement_json() -> Value {
    json!({
        "id": "eng_555",
        "account": { "id": "acc_987" },
        "contact": [{ "id": "con_1" }],
        "content": "Discussed renewal terms.",
        "created_at": "2024-05-02T13:00:00.000Z",
        "custom_fields": { "meeting_room": "Blue", "attendees": 4 },
        "direction": "outbound",
        "duration": "1800",
        "end_time": "2024-05-02T14:00:00.000Z",
        "engagement_type": "meeting",
        "internal_notes": "Follow up next week",
        "lead": [{ "id": "lead_1" }],
        "notes": [{ "id": "note_1" }, { "id": "note_2" }],
        "opportunity": [{ "id": "12345" }],
        "owner": { "id": "usr_42" },
        "phone_numbers": [{
            "extension": "22",
            "id": "ph_7",
            "number": "+44 20 7946 0000",
            "type": "mobile"
        }],
        "project": { "id": "prj_3" },
        "remote_data": { "activity": { "type": "meeting", "done": 1 } },
        "start_time": "2024-05-02T13:30:00.000Z",
        "status": "completed",
        "subject": "Renewal call",
        "updated_at": "2024-05-02T14:05:00.000Z"
    })
}

fn engagement_expected() -> Engagement {
    Engagement {
        account: Some(AccountRef { id: s("acc_987") }),
        contact: Some(vec![ContactRef { id: s("con_1") }]),
        content: s("Discussed renewal terms."),
        created_at: s("2024-05-02T13:00:00.000Z"),
        custom_fields: Some(raw(json!({ "meeting_room": "Blue", "attendees": 4 }))),
        direction: s("outbound"),
        duration: s("1800"),
        end_time: s("2024-05-02T14:00:00.000Z"),
        engagement_type: s("meeting"),
        id: s("eng_555"),
        internal_notes: s("Follow up next week"),
        lead: Some(vec![EngagementLead { id: s("lead_1") }]),
        notes: Some(vec![EngagementNote { id: s("note_1") }, EngagementNote { id: s("note_2") }]),
        opportunity: Some(vec![EngagementOpportunity { id: s("12345") }]),
        owner: Some(OwnerRef { id: s("usr_42") }),
        phone_numbers: Some(vec![PhoneNumber {
            extension: s("22"),
            id: s("ph_7"),
            number: s("+44 20 7946 0000"),
            r#type: s("mobile"),
        }]),
        project: Some(EngagementProject { id: s("prj_3") }),
        remote_data: Some(raw(json!({ "activity": { "type": "meeting", "done": 1 } }))),
        start_time: s("2024-05-02T13:30:00.000Z"),
        status: s("completed"),
        subject: s("Renewal call"),
        updated_at: s("2024-05-02T14:05:00.000Z"),
    }
}

/// `DELETE /unified/crm/leads/{id}` (004). Its `contact` is a single object, and its addresses
/// and phone numbers have no `id`.
fn lead_json() -> Value {
    json!({
        "id": "lead_1",
        "owner": { "id": "usr_42" },
        "lead_source": "Website",
        "lead_type": "Inbound",
        "status": "Qualified",
        "title": "VP of Operations",
        "contact": { "id": "con_1" },
        "account": { "id": "acc_987" },
        "first_name": "Ada",
        "last_name": "Lovelace",
        "addresses": [{
            "street_1": "10 Downing St",
            "street_2": "Floor 2",
            "city": "London",
            "state": "Greater London",
            "postal_code": "SW1A 2AA",
            "country": "GB",
            "type": "work"
        }],
        "email_addresses": [
            { "email": "ada@example.com", "type": "work" },
            { "email": "ada.l@example.org", "type": "personal" }
        ],
        "phone_numbers": [{ "number": "+44 20 7946 0018", "extension": "7", "type": "work" }],
        "custom_fields": { "budget": 50000, "interested_in": ["widgets"] },
        "last_activity_at": "2024-04-20T10:00:00.000Z",
        "created_at": "2024-04-01T09:00:00.000Z",
        "updated_at": "2024-04-21T11:00:00.000Z",
        "converted_at": "2024-04-22T12:00:00.000Z",
        "converted_contact": "con_1",
        "converted_account": "acc_987",
        "remote_data": { "Lead_Status": "Contacted", "Score": 87 }
    })
}

fn lead_expected() -> Lead {
    Lead {
        account: Some(AccountRef { id: s("acc_987") }),
        addresses: Some(vec![LeadAddress {
            city: s("London"),
            country: s("GB"),
            postal_code: s("SW1A 2AA"),
            state: s("Greater London"),
            street_1: s("10 Downing St"),
            street_2: s("Floor 2"),
            r#type: s("work"),
        }]),
        contact: Some(ContactRef { id: s("con_1") }),
        converted_account: s("acc_987"),
        converted_at: s("2024-04-22T12:00:00.000Z"),
        converted_contact: s("con_1"),
        created_at: s("2024-04-01T09:00:00.000Z"),
        custom_fields: Some(raw(json!({ "budget": 50000, "interested_in": ["widgets"] }))),
        email_addresses: Some(vec![
            LeadEmailAddress { email: s("ada@example.com"), r#type: s("work") },
            LeadEmailAddress { email: s("ada.l@example.org"), r#type: s("personal") },
        ]),
        first_name: s("Ada"),
        id: s("lead_1"),
        last_activity_at: s("2024-04-20T10:00:00.000Z"),
        last_name: s("Lovelace"),
        lead_source: s("Website"),
        lead_type: s("Inbound"),
        owner: Some(LeadOwner { id: s("usr_42") }),
        phone_numbers: Some(vec![LeadPhoneNumber {
            extension: s("7"),
            number: s("+44 20 7946 0018"),
            r#type: s("work"),
        }]),
        remote_data: Some(raw(json!({ "Lead_Status": "Contacted", "Score": 87 }))),
        status: s("Qualified"),
        title: s("VP of Operations"),
        updated_at: s("2024-04-21T11:00:00.000Z"),
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Doc-shaped records decode, round-trip, and skip None fields
// ---------------------------------------------------------------------------------------------

#[test]
fn fixtures_cover_exactly_the_documented_response_fields() {
    // Guards the fixtures themselves: each one holds every documented response field (nested
    // paths included) and nothing else, per the OpenAPI export generated from the same pages.
    assert_eq!(fixture_paths(&opportunity_json()), model_paths("Opportunity"));
    assert_eq!(fixture_paths(&account_json()), model_paths("Account"));
    assert_eq!(fixture_paths(&engagement_json()), model_paths("Engagement"));
    assert_eq!(fixture_paths(&lead_json()), model_paths("Lead"));
    // The support data lists the response fields that integrations mark, every one a field of
    // the model.
    for (endpoint, model) in [
        (&DELETE_OPPORTUNITY, "Opportunity"),
        (&UPDATE_OPPORTUNITY, "Opportunity"),
        (&DELETE_ACCOUNT, "Account"),
        (&DELETE_ENGAGEMENT, "Engagement"),
        (&DELETE_LEAD, "Lead"),
    ] {
        let paths = model_paths(model);
        assert!(!endpoint.response.is_empty(), "{}", endpoint.path);
        for field in endpoint.response {
            assert!(paths.contains(field.path), "{} {}", endpoint.path, field.path);
            assert!(field.is_marked() || field.required, "{} {}: listed without a mark", endpoint.path, field.path);
        }
    }
    // Sizes, counted on the doc pages: top-level fields / all paths.
    assert_eq!(opportunity_json().as_object().unwrap().len(), 18);
    assert_eq!(account_json().as_object().unwrap().len(), 16);
    assert_eq!(engagement_json().as_object().unwrap().len(), 22);
    assert_eq!(lead_json().as_object().unwrap().len(), 21);
}

#[test]
fn opportunity_doc_record_decodes() {
    let source = opportunity_json();
    let opp: Opportunity = decode(&source);
    assert_eq!(opp, opportunity_expected());

    // Spot checks of typed values.
    assert_eq!(opp.id.as_deref(), Some("12345"));
    assert_eq!(opp.account.as_ref().and_then(|a| a.id.as_deref()), Some("acc_987"));
    assert_eq!(opp.amount, Some(12500.5_f64));
    assert_eq!(opp.tags.as_ref().unwrap()[0].name.as_deref(), Some("enterprise"));
    assert_eq!(opp.tags.as_ref().unwrap()[1].id.as_deref(), Some("tag_2"));
    assert_eq!(opp.contact.as_ref().unwrap().len(), 2);
    assert_eq!(opp.stage.as_ref().unwrap().name.as_deref(), Some("Negotiation"));
    assert_eq!(opp.urls.as_ref().unwrap()[0].r#type.as_deref(), Some("website"));
    let custom = opp.custom_fields.as_ref().unwrap().to_value().unwrap();
    assert_eq!(custom["probability"], json!(70));
    assert_eq!(custom["regions"], json!(["EMEA", "APAC"]));
    let remote = opp.remote_data.as_ref().unwrap().to_value().unwrap();
    assert_eq!(remote["pipeline"]["name"], json!("Sales"));
    assert_eq!(remote["lost_reason"], Value::Null, "nulls inside maps are kept");
    assert!(remote.as_object().unwrap().contains_key("lost_reason"));
}

#[test]
fn opportunity_amount_accepts_an_integer() {
    let opp: Opportunity = decode(&json!({ "amount": 12500 }));
    assert_eq!(opp.amount, Some(12500.0));
    let opp: Opportunity = decode(&json!({ "amount": -0.25 }));
    assert_eq!(opp.amount, Some(-0.25));
}

#[test]
fn opportunity_doc_record_round_trips() {
    let source = opportunity_json();
    let opp: Opportunity = decode(&source);
    assert_round_trip(&opp, &source);
}

#[test]
fn account_doc_record_decodes() {
    let source = account_json();
    let account: Account = decode(&source);
    assert_eq!(account, account_expected());

    assert_eq!(account.number_of_employees, Some(250_i64));
    let phone = &account.phone_numbers.as_ref().unwrap()[0];
    assert_eq!(phone.number.as_deref(), Some("+1 415 555 0100"));
    assert_eq!(phone.extension.as_deref(), Some("101"));
    let address = &account.addresses.as_ref().unwrap()[0];
    assert_eq!(address.street_1.as_deref(), Some("1 Market St"));
    assert_eq!(address.postal_code.as_deref(), Some("94105"));
    assert_eq!(address.r#type.as_deref(), Some("billing"));
    assert_eq!(account.tags.as_ref().unwrap()[0].name.as_deref(), Some("key-account"));
    assert_eq!(account.custom_fields.as_ref().unwrap().to_value().unwrap()["arr"], json!(1200000.5));
    assert_eq!(
        account.remote_data.as_ref().unwrap().to_value().unwrap()["properties"]["domain"],
        json!("acme.example")
    );
}

#[test]
fn account_doc_record_round_trips() {
    let source = account_json();
    let account: Account = decode(&source);
    assert_round_trip(&account, &source);
}

#[test]
fn engagement_doc_record_decodes() {
    let source = engagement_json();
    let engagement: Engagement = decode(&source);
    assert_eq!(engagement, engagement_expected());

    assert_eq!(engagement.account.as_ref().unwrap().id.as_deref(), Some("acc_987"));
    assert_eq!(engagement.engagement_type.as_deref(), Some("meeting"));
    assert_eq!(engagement.duration.as_deref(), Some("1800"));
    assert_eq!(engagement.notes.as_ref().unwrap()[1].id.as_deref(), Some("note_2"));
    assert_eq!(engagement.project.as_ref().unwrap().id.as_deref(), Some("prj_3"));
    assert_eq!(engagement.phone_numbers.as_ref().unwrap()[0].number.as_deref(), Some("+44 20 7946 0000"));
    assert_eq!(engagement.custom_fields.as_ref().unwrap().to_value().unwrap()["attendees"], json!(4));
    assert_eq!(engagement.remote_data.as_ref().unwrap().to_value().unwrap()["activity"]["done"], json!(1));
}

#[test]
fn engagement_doc_record_round_trips() {
    let source = engagement_json();
    let engagement: Engagement = decode(&source);
    assert_round_trip(&engagement, &source);
}

#[test]
fn lead_doc_record_decodes() {
    let source = lead_json();
    let lead: Lead = decode(&source);
    assert_eq!(lead, lead_expected());

    assert_eq!(lead.contact.as_ref().unwrap().id.as_deref(), Some("con_1"));
    assert_eq!(lead.account.as_ref().unwrap().id.as_deref(), Some("acc_987"));
    let address = &lead.addresses.as_ref().unwrap()[0];
    assert_eq!(address.city.as_deref(), Some("London"));
    assert_eq!(address.country.as_deref(), Some("GB"));
    assert_eq!(lead.phone_numbers.as_ref().unwrap()[0].number.as_deref(), Some("+44 20 7946 0018"));
    assert_eq!(lead.email_addresses.as_ref().unwrap()[1].email.as_deref(), Some("ada.l@example.org"));
    assert_eq!(lead.custom_fields.as_ref().unwrap().to_value().unwrap()["budget"], json!(50000));
    assert_eq!(lead.remote_data.as_ref().unwrap().to_value().unwrap()["Score"], json!(87));
}

#[test]
fn lead_doc_record_round_trips() {
    let source = lead_json();
    let lead: Lead = decode(&source);
    assert_round_trip(&lead, &source);
}

#[test]
fn lead_contact_is_a_single_object_not_an_array() {
    // The leads page documents `contact` as `object`, unlike opportunities/engagements.
    let err = serde_json::from_value::<Lead>(json!({ "contact": [{ "id": "con_1" }] }));
    assert!(err.is_err(), "an array where the docs say object should not decode");
    let err = serde_json::from_value::<Opportunity>(json!({ "contact": { "id": "con_1" } }));
    assert!(err.is_err(), "an object where the docs say object[] should not decode");
}

#[test]
fn none_fields_are_left_out_when_serializing() {
    assert_eq!(serde_json::to_string(&Opportunity::default()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&Account::default()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&Engagement::default()).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&Lead::default()).unwrap(), "{}");

    let opp = Opportunity {
        id: s("1"),
        amount: Some(10.5),
        account: Some(AccountRef::default()),
        tags: Some(vec![Tag { id: None, name: s("vip") }]),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&opp).unwrap(),
        r#"{"account":{},"amount":10.5,"id":"1","tags":[{"name":"vip"}]}"#
    );

    let account = Account {
        name: s("Acme"),
        phone_numbers: Some(vec![PhoneNumber { number: s("555"), ..Default::default() }]),
        number_of_employees: Some(0),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&account).unwrap(),
        r#"{"name":"Acme","number_of_employees":0,"phone_numbers":[{"number":"555"}]}"#
    );

    let engagement = Engagement {
        engagement_type: s("call"),
        lead: Some(vec![]),
        project: Some(EngagementProject { id: None }),
        ..Default::default()
    };
    assert_eq!(serde_json::to_string(&engagement).unwrap(), r#"{"engagement_type":"call","lead":[],"project":{}}"#);

    let lead = Lead {
        first_name: s("Ada"),
        custom_fields: Some(raw(json!({}))),
        email_addresses: Some(vec![LeadEmailAddress { email: s("a@b.c"), r#type: None }]),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&lead).unwrap(),
        r#"{"custom_fields":{},"email_addresses":[{"email":"a@b.c"}],"first_name":"Ada"}"#
    );
}

#[test]
fn partially_filled_records_serialize_only_their_fields() {
    // Drop half of each doc record's fields: the re-serialized output is exactly what is left.
    fn check<T>(full: &Value)
    where
        T: Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let kept: Map<String, Value> = full
            .as_object()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, (k, v))| (k.clone(), v.clone()))
            .collect();
        let kept = Value::Object(kept);
        let record: T = decode(&kept);
        assert_eq!(encode(&record), kept);
    }
    check::<Opportunity>(&opportunity_json());
    check::<Account>(&account_json());
    check::<Engagement>(&engagement_json());
    check::<Lead>(&lead_json());
}

// ---------------------------------------------------------------------------------------------
// 2. Fields the docs never mention are ignored
// ---------------------------------------------------------------------------------------------

/// Adds undocumented fields at the top level and inside every nested object (and every object in
/// a nested array), except inside free-form maps.
fn with_extras(record: &Value) -> Value {
    let mut map = record.as_object().unwrap().clone();
    for (key, value) in map.iter_mut() {
        if key == "custom_fields" || key == "remote_data" {
            continue;
        }
        match value {
            Value::Object(inner) => {
                inner.insert("undocumented_nested".into(), json!({ "deep": [1, 2, 3] }));
            }
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(inner) = item {
                        inner.insert("undocumented_in_array".into(), json!(true));
                    }
                }
            }
            _ => {}
        }
    }
    map.insert("undocumented_string".into(), json!("surprise"));
    map.insert("undocumented_object".into(), json!({ "a": { "b": null } }));
    map.insert("undocumented_array".into(), json!([{ "x": 1 }, "y", 2.5, null]));
    map.insert("undocumented_null".into(), Value::Null);
    Value::Object(map)
}

fn check_extras_ignored<T>(source: &Value, expected: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let noisy = with_extras(source);
    assert_ne!(&noisy, source);
    let decoded: T = decode(&noisy);
    assert_eq!(&decoded, expected);
    // Ignored means dropped: the output is the documented record only.
    assert_eq!(&encode(&decoded), source);
}

#[test]
fn unknown_fields_are_ignored_opportunity() {
    check_extras_ignored(&opportunity_json(), &opportunity_expected());
}

#[test]
fn unknown_fields_are_ignored_account() {
    check_extras_ignored(&account_json(), &account_expected());
}

#[test]
fn unknown_fields_are_ignored_engagement() {
    check_extras_ignored(&engagement_json(), &engagement_expected());
}

#[test]
fn unknown_fields_are_ignored_lead() {
    check_extras_ignored(&lead_json(), &lead_expected());
}

#[test]
fn record_with_only_unknown_fields_decodes_to_default() {
    let noise = json!({ "foo": 1, "bar": { "id": "x" }, "baz": [null] });
    assert_eq!(decode::<Opportunity>(&noise), Opportunity::default());
    assert_eq!(decode::<Account>(&noise), Account::default());
    assert_eq!(decode::<Engagement>(&noise), Engagement::default());
    assert_eq!(decode::<Lead>(&noise), Lead::default());
}

// ---------------------------------------------------------------------------------------------
// 3. Explicit nulls decode to None
// ---------------------------------------------------------------------------------------------

fn check_all_null<T>(source: &Value)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug + Default,
{
    let nulls = all_null(source);
    assert!(nulls.as_object().unwrap().values().all(Value::is_null));
    assert_eq!(nulls.as_object().unwrap().len(), source.as_object().unwrap().len());
    let decoded: T = decode(&nulls);
    assert_eq!(decoded, T::default());
    assert_eq!(serde_json::to_string(&decoded).unwrap(), "{}");
}

#[test]
fn explicit_nulls_decode_to_none_for_every_field() {
    check_all_null::<Opportunity>(&opportunity_json());
    check_all_null::<Account>(&account_json());
    check_all_null::<Engagement>(&engagement_json());
    check_all_null::<Lead>(&lead_json());
}

#[test]
fn explicit_nulls_in_nested_objects_and_arrays() {
    let opp: Opportunity = decode(&json!({
        "account": { "id": null },
        "stage": { "id": null, "name": null },
        "tags": [{ "id": null, "name": null }],
        "urls": [{ "type": null, "url": "https://x.example" }]
    }));
    assert_eq!(opp.account, Some(AccountRef { id: None }));
    assert_eq!(opp.stage, Some(StageRef { id: None, name: None }));
    assert_eq!(opp.tags, Some(vec![Tag { id: None, name: None }]));
    assert_eq!(opp.urls, Some(vec![OpportunityUrl { r#type: None, url: s("https://x.example") }]));

    let account: Account = decode(&json!({
        "addresses": [{
            "city": null, "country": null, "id": null, "postal_code": null,
            "state": null, "street_1": null, "street_2": null, "type": null
        }],
        "phone_numbers": [{ "extension": null, "id": null, "number": null, "type": null }],
        "owner": { "id": null }
    }));
    assert_eq!(account.addresses, Some(vec![AccountAddress::default()]));
    assert_eq!(account.phone_numbers, Some(vec![PhoneNumber::default()]));
    assert_eq!(account.owner, Some(OwnerRef::default()));

    let lead: Lead = decode(&json!({
        "email_addresses": [{ "email": null, "type": null }],
        "contact": { "id": null }
    }));
    assert_eq!(lead.email_addresses, Some(vec![LeadEmailAddress::default()]));
    assert_eq!(lead.contact, Some(ContactRef::default()));
}

// ---------------------------------------------------------------------------------------------
// 4. Minimal delete responses
// ---------------------------------------------------------------------------------------------

fn check_id_only<T>(expected: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug + Default,
{
    let decoded: T = serde_json::from_str(r#"{"id": "123"}"#).expect("id-only record decodes");
    assert_eq!(&decoded, expected);
    assert_eq!(serde_json::to_string(&decoded).unwrap(), r#"{"id":"123"}"#);
    let empty: T = serde_json::from_str("{}").expect("empty record decodes");
    assert_eq!(empty, T::default());
}

#[test]
fn delete_response_with_only_an_id_decodes() {
    check_id_only(&Opportunity { id: s("123"), ..Default::default() });
    check_id_only(&Account { id: s("123"), ..Default::default() });
    check_id_only(&Engagement { id: s("123"), ..Default::default() });
    check_id_only(&Lead { id: s("123"), ..Default::default() });
}

// ---------------------------------------------------------------------------------------------
// 5. Open enums
// ---------------------------------------------------------------------------------------------

/// Everything an open enum promises, checked against the exact documented wire strings.
fn check_open_enum<E>(documented: &[(E, &str)], wire: &[&str], unknown: fn(String) -> E)
where
    E: Serialize
        + DeserializeOwned
        + PartialEq
        + Debug
        + Clone
        + for<'a> From<&'a str>
        + From<String>
        + FromStr<Err = std::convert::Infallible>
        + std::fmt::Display,
{
    assert_eq!(documented.len(), wire.len(), "DOCUMENTED has the wrong number of values");
    for ((value, documented_text), &text) in documented.iter().zip(wire) {
        assert_eq!(*documented_text, text);
        let json_text = format!("\"{text}\"");
        assert_eq!(serde_json::to_string(value).unwrap(), json_text);
        assert_eq!(&serde_json::from_str::<E>(&json_text).unwrap(), value);
        assert_eq!(&E::from(text), value);
        assert_eq!(&E::from(text.to_owned()), value);
        assert_eq!(&text.parse::<E>().unwrap(), value);
        assert_eq!(value.to_string(), text);
        assert_ne!(&unknown(text.to_owned()), value);
    }
    // No two documented values share a wire string.
    let unique: BTreeSet<&str> = wire.iter().copied().collect();
    assert_eq!(unique.len(), wire.len());

    for other in ["on_hold", "", "WON", " call", "Created_At"] {
        let value = E::from(other);
        assert_eq!(value, unknown(other.to_owned()), "{other:?} is not documented");
        assert_eq!(E::from(other.to_owned()), value);
        assert_eq!(other.parse::<E>().unwrap(), value);
        assert_eq!(value.to_string(), other);
        let json_text = serde_json::to_string(other).unwrap();
        assert_eq!(serde_json::from_str::<E>(&json_text).unwrap(), value);
        assert_eq!(serde_json::to_string(&value).unwrap(), json_text);
    }

    // Numbers and booleans where a string was expected are kept as text, not rejected.
    for (raw, text) in [("3", "3"), ("-7", "-7"), ("2.5", "2.5"), ("true", "true"), ("false", "false")] {
        let value: E = serde_json::from_str(raw).unwrap_or_else(|e| panic!("{raw}: {e}"));
        assert_eq!(value, unknown(text.to_owned()), "{raw}");
        assert_eq!(serde_json::to_string(&value).unwrap(), format!("\"{text}\""));
    }
    // Objects and arrays are still an error.
    assert!(serde_json::from_str::<E>("{}").is_err());
    assert!(serde_json::from_str::<E>("[]").is_err());
}

#[test]
fn update_opportunity_status_open_enum() {
    // The union of the per-integration lists on the PATCH page (Attio, Highlevel, Insightly,
    // Pipedrive), first occurrence order.
    let wire = ["lead", "in_progress", "won", "lost", "open", "abandoned", "all", "suspended", "deleted"];
    check_open_enum(UpdateOpportunityStatus::DOCUMENTED, &wire, UpdateOpportunityStatus::Unknown);
    let as_strs: Vec<&str> = UpdateOpportunityStatus::DOCUMENTED.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(as_strs, wire);
    assert!(UpdateOpportunityStatus::DOCUMENTED.iter().all(|(v, _)| v.is_documented()));

    assert_eq!(UpdateOpportunityStatus::from("in_progress"), UpdateOpportunityStatus::InProgress);
    assert_eq!(UpdateOpportunityStatus::from("won"), UpdateOpportunityStatus::Won);
    assert_eq!(UpdateOpportunityStatus::from("deleted"), UpdateOpportunityStatus::Deleted);

    let on_hold: UpdateOpportunityStatus = serde_json::from_str(r#""on_hold""#).unwrap();
    assert_eq!(on_hold, UpdateOpportunityStatus::Unknown("on_hold".to_owned()));
    assert_eq!(serde_json::to_string(&on_hold).unwrap(), r#""on_hold""#);
    assert_eq!(on_hold.as_str(), "on_hold");
    assert!(!on_hold.is_documented());
    assert!(!UpdateOpportunityStatus::DOCUMENTED.iter().any(|(v, _)| *v == on_hold));

    let three: UpdateOpportunityStatus = serde_json::from_str("3").unwrap();
    assert_eq!(three, UpdateOpportunityStatus::Unknown("3".to_owned()));
}

#[test]
fn delete_engagement_type_open_enum() {
    let wire = ["call", "chat", "email", "meeting", "note"];
    check_open_enum(DeleteEngagementType::DOCUMENTED, &wire, DeleteEngagementType::Unknown);
    let as_strs: Vec<&str> = DeleteEngagementType::DOCUMENTED.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(as_strs, wire);
    assert!(DeleteEngagementType::DOCUMENTED.iter().all(|(v, _)| v.is_documented()));
    assert_eq!(DeleteEngagementType::from("meeting"), DeleteEngagementType::Meeting);

    let on_hold: DeleteEngagementType = serde_json::from_str(r#""on_hold""#).unwrap();
    assert_eq!(on_hold, DeleteEngagementType::Unknown("on_hold".to_owned()));
    assert_eq!(serde_json::to_string(&on_hold).unwrap(), r#""on_hold""#);
    assert!(!on_hold.is_documented());

    let three: DeleteEngagementType = serde_json::from_str("3").unwrap();
    assert_eq!(three, DeleteEngagementType::Unknown("3".to_owned()));
    assert_eq!(three.as_str(), "3");
}

#[test]
fn delete_engagement_sort_by_open_enum() {
    let wire = ["created_at", "updated_at"];
    check_open_enum(DeleteEngagementSortBy::DOCUMENTED, &wire, DeleteEngagementSortBy::Unknown);
    assert_eq!(
        DeleteEngagementSortBy::DOCUMENTED,
        &[(DeleteEngagementSortBy::CreatedAt, "created_at"), (DeleteEngagementSortBy::UpdatedAt, "updated_at")]
    );
    let three: DeleteEngagementSortBy = serde_json::from_str("3").unwrap();
    assert_eq!(three, DeleteEngagementSortBy::Unknown("3".to_owned()));
    assert!(!three.is_documented());
}

#[test]
fn response_format_open_enum() {
    let wire = ["unified", "raw", "normalized", "stream", "debug"];
    check_open_enum(ResponseFormat::DOCUMENTED, &wire, ResponseFormat::Unknown);
}

#[test]
fn unknown_variant_holding_a_documented_string_still_serializes_as_that_string() {
    // Unknown("won") can be built by hand; it writes the same wire string and decodes back as
    // the documented variant (documented values are never decoded into Unknown).
    let odd = UpdateOpportunityStatus::Unknown("won".to_owned());
    assert_eq!(serde_json::to_string(&odd).unwrap(), r#""won""#);
    let back: UpdateOpportunityStatus = serde_json::from_str(r#""won""#).unwrap();
    assert_eq!(back, UpdateOpportunityStatus::Won);
}

// ---------------------------------------------------------------------------------------------
// 6. PATCH bodies
// ---------------------------------------------------------------------------------------------

fn mixed_body() -> UpdateOpportunityBody {
    let mut custom = Map::new();
    custom.insert("tier".into(), json!("gold"));
    UpdateOpportunityBody {
        account: Patch::Set(UpdateOpportunityAccount { id: "acc_987".into() }),
        amount: Patch::Set(1999.99),
        close_date: Patch::Null,
        close_time: Patch::Set(json!("17:00")),
        contact: Patch::Set(vec![
            UpdateOpportunityContact { id: "con_1".into() },
            UpdateOpportunityContact { id: "con_2".into() },
        ]),
        created_at: Patch::Absent,
        currency: Patch::Absent,
        custom_fields: Patch::Set(custom),
        description: Patch::Null,
        name: Patch::Set("Acme Corp - Enterprise Renewal".into()),
        owner: Patch::Null,
        remote_data: Patch::Absent,
        stage: Patch::Set(StageRef { id: s("stg_3"), name: None }),
        status: Patch::Set(UpdateOpportunityStatus::InProgress),
        tags: Patch::Set(vec![]),
    }
}

const MIXED_BODY_JSON: &str = concat!(
    r#"{"account":{"id":"acc_987"},"amount":1999.99,"close_date":null,"close_time":"17:00","#,
    r#""contact":[{"id":"con_1"},{"id":"con_2"}],"custom_fields":{"tier":"gold"},"#,
    r#""description":null,"name":"Acme Corp - Enterprise Renewal","owner":null,"#,
    r#""stage":{"id":"stg_3"},"status":"in_progress","tags":[]}"#
);

#[test]
fn patch_body_serializes_set_null_and_absent_exactly() {
    assert_eq!(serde_json::to_string(&mixed_body()).unwrap(), MIXED_BODY_JSON);
}

#[test]
fn empty_patch_body() {
    // Request bodies are built in Rust and only ever serialized: an empty one sends nothing.
    assert_eq!(serde_json::to_string(&UpdateOpportunityBody::default()).unwrap(), "{}");
    let body = UpdateOpportunityBody::default();
    assert!(body.name.is_absent() && body.status.is_absent() && body.account.is_absent());
}

#[test]
fn patch_body_all_null_clears_every_field() {
    let body = UpdateOpportunityBody {
        account: Patch::Null,
        amount: Patch::Null,
        close_date: Patch::Null,
        close_time: Patch::Null,
        contact: Patch::Null,
        created_at: Patch::Null,
        currency: Patch::Null,
        custom_fields: Patch::Null,
        description: Patch::Null,
        name: Patch::Null,
        owner: Patch::Null,
        remote_data: Patch::Null,
        stage: Patch::Null,
        status: Patch::Null,
        tags: Patch::Null,
    };
    let expected = json!({
        "account": null, "amount": null, "close_date": null, "close_time": null,
        "contact": null, "created_at": null, "currency": null, "custom_fields": null,
        "description": null, "name": null, "owner": null, "remote_data": null,
        "stage": null, "status": null, "tags": null
    });
    assert_eq!(encode(&body), expected);
}

#[test]
fn patch_body_status_and_enum_edge_cases() {
    let body = UpdateOpportunityBody {
        status: Patch::Set(UpdateOpportunityStatus::Unknown("on_hold".into())),
        ..Default::default()
    };
    assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"status":"on_hold"}"#);

    let status: Patch<UpdateOpportunityStatus> = serde_json::from_str("3").unwrap();
    assert_eq!(status, Patch::Set(UpdateOpportunityStatus::Unknown("3".into())));
    let status: Patch<UpdateOpportunityStatus> = serde_json::from_str(r#""won""#).unwrap();
    assert_eq!(status, Patch::Set(UpdateOpportunityStatus::Won));
}

#[test]
fn patch_body_nested_required_id() {
    // `account.id`, `contact[].id` and `owner.id` are required on the PATCH page: plain fields
    // of the nested types, always sent.
    let body = UpdateOpportunityBody {
        owner: Patch::Set(UpdateOpportunityOwner { id: "u1".into() }),
        contact: Patch::Set(vec![UpdateOpportunityContact { id: "c1".into() }]),
        ..Default::default()
    };
    assert_eq!(encode(&body), json!({"owner": {"id": "u1"}, "contact": [{"id": "c1"}]}));
}

#[test]
fn patch_helpers() {
    assert_eq!(Patch::from(5), Patch::Set(5));
    assert_eq!(Patch::from(Some("a")), Patch::Set("a"));
    assert_eq!(Patch::<&str>::from(None), Patch::Null);
    assert_eq!(Patch::<u8>::default(), Patch::Absent);
    assert!(Patch::<u8>::Absent.is_absent());
    assert!(!Patch::<u8>::Null.is_absent());
    assert_eq!(Patch::Set(1).as_set(), Some(&1));
    // Outside a generated body a lone Patch serializes Absent and Null alike.
    assert_eq!(serde_json::to_string(&Patch::<u8>::Null).unwrap(), "null");
    assert_eq!(serde_json::to_string(&Patch::<u8>::Absent).unwrap(), "null");
    assert_eq!(serde_json::to_string(&Patch::Set(7)).unwrap(), "7");
    assert_eq!(serde_json::from_str::<Patch<u8>>("null").unwrap(), Patch::Null);
    assert_eq!(serde_json::from_str::<Patch<u8>>("7").unwrap(), Patch::Set(7));
}

#[test]
fn query_structs_serialize_with_serde() {
    let query = DeleteEngagementQuery {
        account: None,
        contact: Some(vec![ContactRef { id: s("con_1") }]),
        content: None,
        created_at: None,
        direction: None,
        engagement_type: Some(DeleteEngagementType::Call),
        sort_by: Some(DeleteEngagementSortBy::Unknown("priority".into())),
        status: None,
        subject: None,
        updated_at: None,
        truto: TrutoQuery {
            integrated_account_id: "62f44730-dd91-461e-bd6a-aedd9e0ad79d".into(),
            remote_query: None,
            truto_exclude_fields: Some(vec!["id".into(), "name".into()]),
            truto_ignore_remote_data: Some(true),
        },
    };
    // Truto's shared parameters are flattened in among the endpoint's own.
    let text = concat!(
        r#"{"contact":[{"id":"con_1"}],"engagement_type":"call","#,
        r#""integrated_account_id":"62f44730-dd91-461e-bd6a-aedd9e0ad79d","#,
        r#""sort_by":"priority","truto_exclude_fields":["id","name"],"#,
        r#""truto_ignore_remote_data":true}"#
    );
    assert_eq!(serde_json::to_value(&query).unwrap(), serde_json::from_str::<Value>(text).unwrap());

    // An endpoint with no parameters of its own takes Truto's shared ones as its query.
    let query: TrutoQuery = DeleteAccount::new("1").query;
    assert_eq!(query, TrutoQuery::default());
    let query = TrutoQuery {
        integrated_account_id: "ia".into(),
        remote_query: Some(obj(json!({ "foo": "bar" }))),
        truto_exclude_fields: None,
        truto_ignore_remote_data: None,
    };
    assert_eq!(
        serde_json::to_string(&query).unwrap(),
        r#"{"integrated_account_id":"ia","remote_query":{"foo":"bar"}}"#
    );
}

/// Truto prints `acocunts` in the associations object on every layout: the wire keeps that
/// spelling, the Rust field is `accounts`.
#[test]
fn associations_keep_the_wire_spelling_acocunts() {
    let association: truto_unified::crm::associations::Association = serde_json::from_value(json!({
        "entity_id": "7",
        "entity": "contacts",
        "associations": { "acocunts": [{ "id": "1" }], "contacts": [{ "id": "2" }] }
    }))
    .unwrap();
    let links = association.associations.expect("associations");
    assert_eq!(links.accounts.as_ref().expect("accounts")[0].id.as_deref(), Some("1"));
    assert_eq!(links.contacts.as_ref().expect("contacts")[0].id.as_deref(), Some("2"));
    let written = serde_json::to_value(&links).unwrap();
    assert_eq!(written["acocunts"][0]["id"], "1");
    assert!(written.get("accounts").is_none(), "{written}");
}

// ---------------------------------------------------------------------------------------------
// 7. Integration
// ---------------------------------------------------------------------------------------------

#[test]
fn integration_all_round_trips() {
    // Truto's CRM page claims 27 integrations, and its pages name 27.
    assert_eq!(Integration::ALL.len(), 27);
    // In index order, the order of schema/integrations.yaml (new integrations go at its end),
    // and each integration's index is its place there.
    assert_eq!((Integration::ALL[0], Integration::ALL[26]), (Integration::HubSpot, Integration::Wix));
    for (position, &integration) in Integration::ALL.iter().enumerate() {
        assert_eq!(truto_unified::support::IntegrationId::index(integration), position, "{integration:?}");
    }
    for &integration in Integration::ALL {
        let slug = integration.slug();
        assert_eq!(Integration::from_slug(slug), Some(integration), "{slug}");
        assert_eq!(Integration::from_name(integration.name()), Some(integration));
        assert_eq!(slug.parse::<Integration>(), Ok(integration));
        assert_eq!(integration.name().parse::<Integration>(), Ok(integration));
        assert_eq!(integration.to_string(), integration.name());

        let json_text = serde_json::to_string(&integration).unwrap();
        assert_eq!(json_text, format!("\"{slug}\""));
        assert_eq!(serde_json::from_str::<Integration>(&json_text).unwrap(), integration);
    }
    let slugs: BTreeSet<&str> = Integration::ALL.iter().map(|i| i.slug()).collect();
    assert_eq!(slugs.len(), 27, "slugs are unique");
}

#[test]
fn integration_names_and_aliases() {
    assert_eq!(Integration::from_name("Zoho CRM"), Some(Integration::ZohoCrm));
    assert_eq!(Integration::ZohoCrm.slug(), "zohocrm");
    assert_eq!(Integration::from_name("FreshSales"), Some(Integration::Freshsales));
    assert_eq!(Integration::from_name("Freshsales"), Some(Integration::Freshsales));
    assert_eq!("FreshSales".parse::<Integration>(), Ok(Integration::Freshsales));
    assert_eq!(Integration::from_slug("FreshSales"), None);
    assert_eq!(Integration::from_slug("Zoho CRM"), None);
    assert_eq!(Integration::from_name("zohocrm"), None);
    assert_eq!(Integration::from_name("Microsoft Dynamics 365 Sales"), Some(Integration::MicrosoftDynamics365Sales));
    assert_eq!(Integration::MicrosoftDynamics365Sales.slug(), "dynamics365");
    assert_eq!(Integration::OnePageCrm.name(), "OnePageCRM");
    // Deserializing accepts a display name too, and writes back the slug.
    let zoho: Integration = serde_json::from_str(r#""Zoho CRM""#).unwrap();
    assert_eq!(zoho, Integration::ZohoCrm);
    assert_eq!(serde_json::to_string(&zoho).unwrap(), r#""zohocrm""#);
}

#[test]
fn unknown_integration_errors_name_the_input() {
    let err = "nope".parse::<Integration>().unwrap_err();
    assert_eq!(err, UnknownIntegration("nope".to_owned()));
    assert!(err.to_string().contains("nope"), "{err}");
    assert_eq!(err.to_string(), "unknown integration `nope` (expected a slug such as `hubspot`)");
    assert!("".parse::<Integration>().is_err());
    assert!("HUBSPOT".parse::<Integration>().is_err());

    let err = serde_json::from_str::<Integration>(r#""nope""#).unwrap_err();
    assert!(err.to_string().contains("nope"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// 8. Support data
// ---------------------------------------------------------------------------------------------

#[test]
fn endpoints_table_holds_the_generated_statics() {
    // Every endpoint of the Unified CRM API: 17 resources, 72 endpoints.
    assert_eq!(endpoints().len(), 72);
    assert!(std::ptr::eq(endpoint("opportunities", "update"), &UPDATE_OPPORTUNITY));
    assert!(std::ptr::eq(endpoint("opportunities", "delete"), &DELETE_OPPORTUNITY));
    assert!(std::ptr::eq(endpoint("accounts", "delete"), &DELETE_ACCOUNT));
    assert!(std::ptr::eq(endpoint("engagements", "delete"), &DELETE_ENGAGEMENT));
    assert!(std::ptr::eq(endpoint("leads", "delete"), &DELETE_LEAD));
    assert_eq!(UPDATE_OPPORTUNITY.http_method, "PATCH");
    assert_eq!(UPDATE_OPPORTUNITY.path, "/unified/crm/opportunities/{id}");
    assert_eq!(DELETE_ENGAGEMENT.http_method, "DELETE");
    assert_eq!(DELETE_OPPORTUNITY.response_formats, ["unified", "raw", "normalized", "stream", "debug"]);
    // The leads delete page in markdown (the newest layout) lists ten integrations and four
    // formats; the older seed page fewer of both.
    assert_eq!(DELETE_LEAD.response_formats, ["unified", "raw", "normalized", "stream"]);
    let EndpointSupport::Listed(listed) = DELETE_LEAD.integrations else {
        panic!("the leads page lists integrations: {:?}", DELETE_LEAD.integrations)
    };
    use Integration::*;
    assert_eq!(
        listed.iter().collect::<Vec<_>>(),
        [
            HubSpot,
            ZohoCrm,
            MondayCrm,
            ZendeskSell,
            Salesforce,
            Pipedrive,
            Pipeliner,
            MicrosoftDynamics365Sales,
            Insightly,
            Nutshell
        ]
    );
}

/// SUPPORT.md's endpoint × integration matrix says what the support data answers: one rule
/// (`coverage`) behind the page a user reads and the pre-flight check.
#[test]
fn support_md_matrix_is_what_the_support_data_answers() {
    let markdown = include_str!("../SUPPORT.md");
    let mut rows = markdown.lines().skip_while(|l| !l.starts_with("| Resource | Endpoint |"));
    let cells =
        |line: &str| -> Vec<String> { line.trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect() };
    let header = cells(rows.next().expect("the matrix"));
    let columns: Vec<Integration> =
        header[2..].iter().map(|name| Integration::from_name(name).unwrap_or_else(|| panic!("{name}"))).collect();
    assert_eq!(columns.len(), Integration::ALL.len());
    let (mut resource, mut checked) = (String::new(), 0);
    for line in rows.skip(1).take_while(|l| l.starts_with('|')) {
        let row = cells(line);
        if !row[0].is_empty() {
            resource = row[0].trim_matches('*').to_owned();
        }
        let name = row[1].trim_matches('`');
        let endpoint = truto_unified::endpoint("crm", &resource, name).unwrap_or_else(|| panic!("{resource} {name}"));
        for (cell, integration) in row[2..].iter().zip(&columns) {
            let expected = match endpoint.coverage(*integration) {
                Coverage::Supported => "✓",
                Coverage::Partial => "◐",
                Coverage::Unsupported => "✗",
                Coverage::Unknown => "?",
            };
            assert_eq!(cell, expected, "{resource} {}: {integration}", row[1]);
        }
        checked += 1;
    }
    assert_eq!(checked, endpoints().len(), "a row per endpoint");
}

#[test]
fn patch_opportunities_status_values_per_integration() {
    let status = find(UPDATE_OPPORTUNITY.body, "status");
    assert_eq!(status.values_for(Integration::Pipedrive), Some(&["open", "won", "lost", "deleted"][..]));
    assert_eq!(status.values_for(Integration::Attio), Some(&["lead", "in_progress", "won", "lost"][..]));
    assert_eq!(status.values_for(Integration::Highlevel), Some(&["open", "lost", "won", "abandoned", "all"][..]));
    assert_eq!(status.values_for(Integration::Insightly), Some(&["open", "won", "suspended", "lost", "abandoned"][..]));
    // Supported, but the page gives no subset.
    assert_eq!(status.mark(Integration::Close), Some(Mark::Supported));
    assert_eq!(status.values_for(Integration::Close), None);
    // Not supported at all.
    assert_eq!(status.mark(Integration::HubSpot), None);
    assert_eq!(status.marks().count(), 9);
    assert_eq!(status.values.len(), 4);
    let documented: Vec<&str> = UpdateOpportunityStatus::DOCUMENTED.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(status.enum_values, documented.as_slice());
}

#[test]
fn patch_opportunities_name_required_by_teamleader() {
    let name = find(UPDATE_OPPORTUNITY.body, "name");
    assert_eq!(name.mark(Integration::Teamleader), Some(Mark::Required));
    assert_eq!(name.mark(Integration::Pipedrive), Some(Mark::Supported));
    assert_eq!(name.mark(Integration::Salesforce), None);
    assert_eq!(name.marks().count(), 18);
    let required: Vec<Integration> = name.marks().filter(|(_, m)| *m == Mark::Required).map(|(i, _)| i).collect();
    assert_eq!(required, [Integration::Teamleader]);
    assert!(!name.required, "required per integration, not for everyone");
    // Teamleader also requires account and contact, per the page.
    for path in ["account", "contact"] {
        assert_eq!(find(UPDATE_OPPORTUNITY.body, path).mark(Integration::Teamleader), Some(Mark::Required), "{path}");
    }
}

#[test]
fn delete_engagements_engagement_type_marks() {
    let field = find(DELETE_ENGAGEMENT.query, "engagement_type");
    let mut required: Vec<Integration> = field.marks().filter(|(_, m)| *m == Mark::Required).map(|(i, _)| i).collect();
    required.sort();
    let mut expected = [
        Integration::Affinity,
        Integration::Close,
        Integration::Keap,
        Integration::OnePageCrm,
        Integration::Pipeliner,
        Integration::ZohoCrm,
    ];
    expected.sort();
    assert_eq!(required, expected);
    let by_name: BTreeSet<&str> = required.iter().map(|i| i.name()).collect();
    assert_eq!(by_name, BTreeSet::from(["Affinity", "Close", "Keap", "OnePageCRM", "Pipeliner", "Zoho CRM"]));
    assert_eq!(field.mark(Integration::Planhat), Some(Mark::Supported));
    assert_eq!(field.marks().count(), 7);
    assert_eq!(field.enum_values, ["call", "chat", "email", "meeting", "note"]);
    assert_eq!(field.values_for(Integration::Keap), Some(&["email", "meeting"][..]));
    assert_eq!(field.values_for(Integration::Affinity), Some(&["call", "email", "meeting", "chat"][..]));
    assert_eq!(field.values_for(Integration::Planhat), None);

    let sort_by = find(DELETE_ENGAGEMENT.query, "sort_by");
    assert_eq!(sort_by.enum_values, ["created_at", "updated_at"]);
    assert_eq!(sort_by.marks().collect::<Vec<_>>(), [(Integration::Pipeliner, Mark::Supported)]);
}

#[test]
fn support_totals_match_the_doc_pages() {
    let marks = |e: &Endpoint<Integration>| all_fields(e).map(|f| f.marks().count()).sum::<usize>();
    // Per page, the sum of the "N supported" counts (the leads page: one "Supported in").
    assert_eq!(marks(&DELETE_OPPORTUNITY), 7);
    assert_eq!(marks(&UPDATE_OPPORTUNITY), 378);
    assert_eq!(marks(&DELETE_ACCOUNT), 23);
    assert_eq!(marks(&DELETE_ENGAGEMENT), 31);
    assert_eq!(marks(&DELETE_LEAD), 1);

    // Beyond the seed pages, the heads of the other pages: `name` on list accounts (6),
    // `workspace` (1) and `account` (20) on create contacts.
    assert_eq!(marks(endpoint("accounts", "list")), 6);
    assert_eq!(marks(endpoint("contacts", "create")), 21);

    let total_marks: usize = endpoints().iter().map(|e| marks(e)).sum();
    assert_eq!(total_marks, 440 + 27);

    let total_subsets: usize = endpoints().iter().flat_map(|e| all_fields(e)).map(|f| f.values.len()).sum();
    assert_eq!(total_subsets, 10);
}

#[test]
fn support_data_is_internally_consistent() {
    for e in endpoints() {
        for f in all_fields(e) {
            // An integration is marked at most once per field.
            let marked: BTreeSet<Integration> = f.marks().map(|(i, _)| i).collect();
            assert_eq!(marked.len(), f.marks().count(), "{} {}: duplicate mark", e.path, f.path);
            for (integration, values) in f.values {
                assert!(marked.contains(integration), "{} {}: values for unmarked {integration:?}", e.path, f.path);
                assert!(!values.is_empty());
                for v in *values {
                    assert!(f.enum_values.contains(v), "{} {}: {v} is not among the documented values", e.path, f.path);
                }
            }
            // A nested path's parent is listed too.
            if let Some((parent, _)) = f.path.rsplit_once('.') {
                let fields =
                    [e.query, e.body, e.response].into_iter().find(|fs| fs.iter().any(|x| std::ptr::eq(x, f))).unwrap();
                assert!(fields.iter().any(|x| x.path == parent), "{} {}: no parent", e.path, f.path);
            }
        }
    }
}

/// Providers send other scalars than the docs promise (Pipedrive's ids are numbers): records
/// still decode, each scalar read as the documented type.
#[test]
fn records_decode_when_scalars_arrive_in_other_forms() {
    let opp: Opportunity = serde_json::from_value(json!({
        "id": 4711,
        "amount": "1200.50",
        "name": true,
        "close_date": 1_700_000_000_000_u64,
        "owner": { "id": 12 },
        "tags": [{ "id": 3, "name": "vip" }],
    }))
    .unwrap();
    assert_eq!(opp.id.as_deref(), Some("4711"));
    assert_eq!(opp.amount, Some(1200.5));
    assert_eq!(opp.name.as_deref(), Some("true"));
    assert_eq!(opp.close_date.as_deref(), Some("1700000000000"));
    assert_eq!(opp.owner.unwrap().id.as_deref(), Some("12"));
    assert_eq!(opp.tags.unwrap()[0].id.as_deref(), Some("3"));

    let account: Account = serde_json::from_value(json!({ "number_of_employees": "250", "id": "a" })).unwrap();
    assert_eq!(account.number_of_employees, Some(250));
    let unreadable: Account =
        serde_json::from_value(json!({ "number_of_employees": "about fifty", "id": "a" })).unwrap();
    assert_eq!((unreadable.number_of_employees, unreadable.id.as_deref()), (None, Some("a")));
}
