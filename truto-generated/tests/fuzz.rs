//! A bounded, deterministic fuzz test of response decoding (issue 14): mutated doc-shaped bodies,
//! arrays where records belong, deep nesting, huge numbers, duplicate keys and broken bytes,
//! thrown at every generated model (through the same decoding a response gets) and at the page
//! decoder. It asserts that nothing panics, that what decodes has every id and amount exactly
//! as the body said, and that a page accounts for every record it was sent.
//!
//! Seeds are fixed, so a failure repeats; the message names the seed and the body.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use http::{HeaderMap, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{Value, json};

use truto_unified::crm::accounts::{Account, AccountAddress, AccountUrl, DeleteAccount};
use truto_unified::crm::engagements::{
    DeleteEngagement, Engagement, EngagementLead, EngagementNote, EngagementOpportunity, EngagementProject,
};
use truto_unified::crm::leads::{DeleteLead, Lead, LeadAddress, LeadEmailAddress, LeadOwner, LeadPhoneNumber};
use truto_unified::crm::opportunities::{Opportunity, OpportunityOwner, OpportunityUrl, UpdateOpportunity};
use truto_unified::request::{Endpoint, Unified, decode_response};
use truto_unified::shapes::{AccountRef, ContactRef, OwnerRef, PhoneNumber, StageRef, Tag};
use truto_unified::{Error, Page};

/// Mutated bodies per model, and pages per model: enough to reach every mutation many times,
/// few enough for a debug build on a shared machine (about a second).
const BODIES_PER_MODEL: u64 = 600;
const PAGES_PER_MODEL: u64 = 60;

// ---------------------------------------------------------------------------------------------
// Bodies: a JSON tree that can hold what serde_json::Value cannot (duplicate keys, numbers of
// any size, nesting of any depth), mutated at random
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Node {
    /// Any JSON text: a scalar, a huge number, deep nesting.
    Text(String),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
}

impl Node {
    fn from_value(value: &Value) -> Node {
        match value {
            Value::Object(map) => Node::Object(map.iter().map(|(k, v)| (k.clone(), Node::from_value(v))).collect()),
            Value::Array(items) => Node::Array(items.iter().map(Node::from_value).collect()),
            scalar => Node::Text(scalar.to_string()),
        }
    }

    fn render(&self, out: &mut String) {
        match self {
            Node::Text(text) => out.push_str(text),
            Node::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::from(key.as_str()).to_string());
                    out.push(':');
                    value.render(out);
                }
                out.push('}');
            }
            Node::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.render(out);
                }
                out.push(']');
            }
        }
    }

    fn text(&self) -> String {
        let mut out = String::new();
        self.render(&mut out);
        out
    }

    /// Every node, as a path of child positions from the root.
    fn paths(&self, prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        out.push(prefix.clone());
        let children: Vec<&Node> = match self {
            Node::Text(_) => Vec::new(),
            Node::Object(fields) => fields.iter().map(|(_, v)| v).collect(),
            Node::Array(items) => items.iter().collect(),
        };
        for (i, child) in children.into_iter().enumerate() {
            prefix.push(i);
            child.paths(prefix, out);
            prefix.pop();
        }
    }

    fn at(&mut self, path: &[usize]) -> &mut Node {
        match (path.split_first(), self) {
            (None, node) => node,
            (Some((&i, rest)), Node::Object(fields)) => fields[i].1.at(rest),
            (Some((&i, rest)), Node::Array(items)) => items[i].at(rest),
            (Some(_), node) => node,
        }
    }
}

/// Scalars that providers (or attackers) send.
fn odd_scalar(rng: &mut fastrand::Rng) -> String {
    const POOL: &[&str] = &[
        "null",
        "true",
        "false",
        "0",
        "-0",
        "\"\"",
        "\"N/A\"",
        "\" 12.50 \"",
        "\"1e3\"",
        "\"a\\\"b\\\\c\\u00e9\\ud83d\\ude00\"",
        "123456789012345678901234",
        "18446744073709551616",
        "-9223372036854775809",
        "1e400",
        "-1e400",
        "1e-400",
        "1478635512.6780999",
        "0.1000000000000000055511151231257827",
        "9007199254740993",
        "1.7976931348623157e308",
        "5e-324",
    ];
    match rng.u8(..4) {
        // A random decimal with many digits: exact reading is what float_roundtrip is for.
        0 => format!("{}.{:017}", rng.u32(..), rng.u64(..100_000_000_000_000_000)),
        1 => format!("\"{}.{}\"", rng.i32(..), rng.u32(..)),
        _ => POOL[rng.usize(..POOL.len())].to_owned(),
    }
}

fn deep(rng: &mut fastrand::Rng) -> String {
    let depth = [2, 127, 128, 129, 1_000, 10_000][rng.usize(..6)];
    if rng.bool() {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    } else {
        format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
    }
}

/// One change somewhere in the tree.
fn mutate(root: &mut Node, rng: &mut fastrand::Rng) {
    let mut paths = Vec::new();
    root.paths(&mut Vec::new(), &mut paths);
    let path = &paths[rng.usize(..paths.len())];
    let node = root.at(path);
    match rng.u8(..9) {
        0 | 1 => *node = Node::Text(odd_scalar(rng)),
        2 => *node = Node::Array(vec![node.clone()]),
        // An object as the array of its values: what positional decoding would accept.
        3 => {
            if let Node::Object(fields) = node {
                *node = Node::Array(fields.iter().map(|(_, v)| v.clone()).collect());
            }
        }
        4 => *node = Node::Text(deep(rng)),
        5 => {
            if let Node::Object(fields) = node {
                if let Some((key, _)) = fields.get(rng.usize(..fields.len().max(1))).cloned() {
                    fields.push((key, Node::Text(odd_scalar(rng))));
                }
            }
        }
        6 => {
            if let Node::Object(fields) = node {
                if !fields.is_empty() {
                    fields.remove(rng.usize(..fields.len()));
                }
            }
        }
        7 => {
            if let Node::Object(fields) = node {
                fields.push((format!("unknown_{}", rng.u8(..)), Node::Text(odd_scalar(rng))));
            }
        }
        _ => *node = if rng.bool() { Node::Object(Vec::new()) } else { Node::Array(Vec::new()) },
    }
}

/// Broken bytes: a cut, a flipped byte, or bytes put in.
fn break_bytes(mut bytes: Vec<u8>, rng: &mut fastrand::Rng) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    let at = rng.usize(..bytes.len());
    match rng.u8(..3) {
        0 => bytes.truncate(at),
        1 => bytes[at] ^= 1 << rng.u8(..8),
        _ => {
            let noise: Vec<u8> = (0..rng.usize(1..8)).map(|_| rng.u8(..)).collect();
            bytes.splice(at..at, noise);
        }
    }
    bytes
}

fn mutated(doc: &Value, rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut root = Node::from_value(doc);
    for _ in 0..rng.usize(1..4) {
        mutate(&mut root, rng);
    }
    let bytes = root.text().into_bytes();
    if rng.u8(..5) == 0 { break_bytes(bytes, rng) } else { bytes }
}

// ---------------------------------------------------------------------------------------------
// What must hold: every id and amount that decoded is what the body said
// ---------------------------------------------------------------------------------------------

/// Free-form JSON kept as text; ids in there are not model fields.
const FREE_FORM: &[&str] = &["remote_data", "custom_fields"];

/// `decoded` (a model, serialized) against `sent` (the JSON text the server sent): each `id`
/// must be the sent text (a number's exact digits), each `amount` the correctly rounded value
/// of the sent number, and a top-level id or finite amount that was sent must not be missing.
fn assert_ids_and_amounts(sent: &str, decoded: &str, context: &str) {
    let sent_fields = object(sent).unwrap_or_else(|| panic!("{context}: decoded from a non-object: {sent}"));
    let decoded_fields = object(decoded).expect("a model serializes as an object");
    for (key, raw) in &sent_fields {
        let present = decoded_fields.contains_key(key.as_str());
        if key == "id" && matches!(raw.get().as_bytes()[0], b'"' | b'-' | b'0'..=b'9' | b't' | b'f') {
            assert!(present, "{context}: the id {} was dropped", raw.get());
        }
        if key == "amount" && raw.get().parse::<f64>().is_ok_and(f64::is_finite) {
            assert!(present, "{context}: the amount {} was dropped", raw.get());
        }
    }
    for (key, value) in decoded_fields {
        if FREE_FORM.contains(&key.as_str()) {
            continue;
        }
        let sent_value =
            sent_fields.get(key.as_str()).unwrap_or_else(|| panic!("{context}: `{key}` came from nowhere"));
        match key.as_str() {
            "id" => {
                let id: String = serde_json::from_str(value.get()).expect("ids serialize as text");
                assert_eq!(id, text_of(sent_value), "{context}: the id changed");
            }
            "amount" => {
                let amount: f64 = serde_json::from_str(value.get()).expect("amounts serialize as numbers");
                assert_eq!(Some(amount), number_of(sent_value), "{context}: the amount changed");
            }
            _ => match value.get().as_bytes()[0] {
                b'{' => assert_ids_and_amounts(sent_value.get(), value.get(), &format!("{context}.{key}")),
                b'[' => {
                    let sent_items = array(sent_value.get()).expect("an array decoded from an array");
                    let decoded_items = array(value.get()).expect("an array");
                    assert_eq!(sent_items.len(), decoded_items.len(), "{context}.{key}: elements lost");
                    for (i, (sent, decoded)) in sent_items.iter().zip(&decoded_items).enumerate() {
                        if decoded.get().starts_with('{') {
                            assert_ids_and_amounts(sent.get(), decoded.get(), &format!("{context}.{key}[{i}]"));
                        }
                    }
                }
                _ => {}
            },
        }
    }
}

fn object(json: &str) -> Option<HashMap<String, &RawValue>> {
    serde_json::from_str(json).ok()
}

fn array(json: &str) -> Option<Vec<&RawValue>> {
    serde_json::from_str(json).ok()
}

/// A sent scalar as a text field reads it: a string's text, or a number's or boolean's JSON.
fn text_of(raw: &RawValue) -> String {
    serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_owned())
}

/// A sent scalar as a number field reads it, with Rust's correctly rounded parser.
fn number_of(raw: &RawValue) -> Option<f64> {
    let text = serde_json::from_str::<String>(raw.get()).unwrap_or_else(|_| raw.get().to_owned());
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

// ---------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------

/// Decodes without letting a panic escape unexplained.
fn no_panic<T>(context: &str, body: &[u8], decode: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(decode)).unwrap_or_else(|_| {
        let shown: String = String::from_utf8_lossy(body).chars().take(500).collect();
        panic!("{context}: decoding panicked on {shown}")
    })
}

/// Mutations of `doc` decoded as `E`'s response, through the same code a 200 goes through.
fn fuzz_record<E: Endpoint>(name: &str, doc: &Value, seed: u64)
where
    E::Response: Serialize,
{
    let mut rng = fastrand::Rng::with_seed(seed);
    // Unmutated, the doc decodes: the fixture matches the model.
    let whole = serde_json::to_vec(doc).unwrap();
    decode_response::<E, Unified>(StatusCode::OK, &HeaderMap::new(), &whole).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut decoded = 0;
    for round in 0..BODIES_PER_MODEL {
        let body = mutated(doc, &mut rng);
        let context = format!("{name} (seed {seed}, round {round})");
        let result =
            no_panic(&context, &body, || decode_response::<E, Unified>(StatusCode::OK, &HeaderMap::new(), &body));
        match result {
            Ok(record) => {
                decoded += 1;
                // serde_json does not check UTF-8 inside values it skips.
                let sent = String::from_utf8_lossy(&body).into_owned();
                let output = serde_json::to_string(&record).expect("serializes");
                if !sent.trim().is_empty() {
                    assert_ids_and_amounts(&sent, &output, &context);
                }
            }
            Err(Error::Decode { body: kept, body_len, .. }) => {
                assert_eq!(body_len, body.len(), "{context}");
                if body.len() <= truto_unified::BODY_PREFIX_LIMIT {
                    assert_eq!(kept, String::from_utf8_lossy(&body), "{context}: the error keeps the body");
                }
            }
            Err(other) => panic!("{context}: only decode errors are expected, got {other:?}"),
        }
    }
    // Many mutations leave a record readable: if none decoded, the checks above checked nothing.
    assert!(decoded > BODIES_PER_MODEL / 10, "{name}: only {decoded} bodies decoded");
}

/// Nested models and shapes on their own, from mutations of their part of a doc, each as the
/// one record of a page (the page decoder reads any model, with the same rules as a response).
fn fuzz_part<T: DeserializeOwned + Serialize>(name: &str, doc: &Value, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut decoded = 0;
    for round in 0..BODIES_PER_MODEL / 4 {
        let part = String::from_utf8_lossy(&mutated(doc, &mut rng)).into_owned();
        if !valid_json(&part) {
            continue;
        }
        let body = format!(r#"{{"result":[{part}]}}"#);
        let context = format!("{name} (seed {seed}, round {round})");
        let page = no_panic(&context, body.as_bytes(), || serde_json::from_str::<Page<T>>(&body));
        let page = page.unwrap_or_else(|e| panic!("{context}: a page of one record is a page: {e}"));
        match page.into_records().next() {
            Some(Ok(record)) => {
                decoded += 1;
                assert_ids_and_amounts(&part, &serde_json::to_string(&record).unwrap(), &context);
            }
            Some(Err(invalid)) => assert_eq!(invalid.json.get(), part, "{context}"),
            None => panic!("{context}: the record is gone"),
        }
    }
    assert!(decoded > 0, "{name}: nothing decoded");
}

/// Pages of mutated records, with the page itself mutated now and then: every record sent is
/// either decoded (and checked) or kept as it was sent in `invalid`.
fn fuzz_page<T: DeserializeOwned + Serialize>(name: &str, doc: &Value, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut pages = 0;
    for round in 0..PAGES_PER_MODEL {
        let records: Vec<Vec<u8>> = (0..rng.usize(0..8)).map(|_| mutated(doc, &mut rng)).collect();
        let records: Vec<String> =
            records.iter().map(|r| String::from_utf8_lossy(r).into_owned()).filter(|r| valid_json(r)).collect();
        let cursor = odd_scalar(&mut rng);
        let mut body = format!(r#"{{"result":[{}],"next_cursor":{cursor}}}"#, records.join(","));
        let page_mutated = rng.u8(..4) == 0;
        if page_mutated {
            let mut root = Node::from_value(&serde_json::from_str(&body).unwrap_or(json!({})));
            mutate(&mut root, &mut rng);
            body = root.text();
        }
        let context = format!("page of {name} (seed {seed}, round {round})");
        let decoded = no_panic(&context, body.as_bytes(), || serde_json::from_str::<Page<T>>(&body));
        let Ok(page) = decoded else { continue };
        pages += 1;
        if page_mutated {
            continue; // what was sent is no longer `records`; decoding not panicking is the point
        }
        assert_eq!(page.result.len() + page.invalid.len(), records.len(), "{context}: records lost");
        for (index, record) in page.into_records().enumerate() {
            match record {
                Ok(record) => assert_ids_and_amounts(
                    &records[index],
                    &serde_json::to_string(&record).unwrap(),
                    &format!("{context}, record {index}"),
                ),
                Err(invalid) => {
                    assert_eq!(invalid.index, index, "{context}");
                    assert_eq!(invalid.json.get(), records[index], "{context}: an invalid record is kept as sent");
                }
            }
        }
    }
    assert!(pages > PAGES_PER_MODEL / 2, "{name}: only {pages} pages decoded");
}

/// Whether `text` is one JSON value (deep nesting included, which serde_json's `Value` refuses).
fn valid_json(text: &str) -> bool {
    serde_json::from_str::<&RawValue>(text).is_ok()
}

// ---------------------------------------------------------------------------------------------
// Doc-shaped bodies, one per model
// ---------------------------------------------------------------------------------------------

fn opportunity_doc() -> Value {
    json!({
        "id": "23423523", "name": "Renewal", "description": null, "amount": 12000.5, "currency": "USD",
        "close_date": "2024-06-30", "status": "won", "account": {"id": "acc-1"},
        "contact": [{"id": "c-1"}, {"id": 2}], "owner": {"id": "u-1"},
        "stage": {"id": "s-1", "name": "Closed Won"}, "tags": [{"id": "t-1", "name": "vip"}],
        "urls": [{"type": "web", "url": "https://crm.example/deals/23423523"}],
        "custom_fields": {"region": "EMEA"}, "created_at": "2024-01-01T00:00:00.000Z",
        "updated_at": "2024-02-01T00:00:00.000Z", "last_activity_at": "2024-02-01T00:00:00.000Z",
        "remote_data": {"dealId": 23423523, "value": 1478635512.6780999}
    })
}

fn account_doc() -> Value {
    json!({
        "id": 1, "name": "Acme", "description": "Anvils", "industry": "Manufacturing",
        "number_of_employees": 250, "website": "https://acme.example", "owner": {"id": "u-1"},
        "addresses": [{"street_1": "1 Main St", "city": "Berlin", "postal_code": "10115", "country": "DE", "type": "billing"}],
        "phone_numbers": [{"number": "+49 30 1234", "type": "work", "extension": "12"}],
        "urls": [{"type": "website", "url": "https://acme.example"}],
        "tags": [{"id": "t-1", "name": "vip"}], "last_activity_at": "2024-05-02T14:00:00.000Z",
        "created_at": "2024-01-01T00:00:00.000Z", "custom_fields": {"arr": 1200000.5}, "remote_data": {"x": 1}
    })
}

fn engagement_doc() -> Value {
    json!({
        "id": "1", "engagement_type": "call", "subject": "Intro call", "content": "Talked",
        "direction": "outbound", "account": {"id": "acc-1"}, "contact": [{"id": "c-1"}],
        "lead": [{"id": "l-1"}], "notes": [{"id": "n-1"}], "opportunity": [{"id": 7}], "project": {"id": "p-1"},
        "duration": 1800, "status": "done", "phone_numbers": [{"number": "+1 555", "type": "work"}],
        "owner": {"id": "u-1"}, "start_time": "2024-01-01T10:00:00.000Z", "end_time": "2024-01-01T10:30:00.000Z",
        "remote_data": {"x": 1}
    })
}

fn lead_doc() -> Value {
    json!({
        "id": "1", "first_name": "Ada", "last_name": "Lovelace", "title": "CTO", "status": "new",
        "email_addresses": [{"email": "ada@example.com", "type": "work"}],
        "phone_numbers": [{"number": "+44 20 1234", "type": "mobile"}],
        "addresses": [{"city": "London", "country": "UK"}], "account": {"id": "acc-1"},
        "contact": {"id": "c-1"}, "owner": {"id": "u-1"}, "created_at": "2024-01-01T00:00:00.000Z",
        "remote_data": {"x": 1}
    })
}

#[test]
fn every_model_survives_mutated_bodies_and_keeps_ids_and_amounts() {
    fuzz_record::<UpdateOpportunity>("Opportunity", &opportunity_doc(), 1);
    fuzz_record::<DeleteAccount>("Account", &account_doc(), 2);
    fuzz_record::<DeleteEngagement>("Engagement", &engagement_doc(), 3);
    fuzz_record::<DeleteLead>("Lead", &lead_doc(), 4);
}

#[test]
fn nested_models_and_shapes_survive_mutated_bodies() {
    let (opportunity, account, lead) = (opportunity_doc(), account_doc(), lead_doc());
    fuzz_part::<OpportunityOwner>("OpportunityOwner", &opportunity["owner"], 10);
    fuzz_part::<OpportunityUrl>("OpportunityUrl", &opportunity["urls"][0], 11);
    fuzz_part::<AccountAddress>("AccountAddress", &account["addresses"][0], 12);
    fuzz_part::<AccountUrl>("AccountUrl", &account["urls"][0], 13);
    fuzz_part::<EngagementLead>("EngagementLead", &json!({"id": "l-1"}), 14);
    fuzz_part::<EngagementNote>("EngagementNote", &json!({"id": "n-1"}), 15);
    fuzz_part::<EngagementOpportunity>("EngagementOpportunity", &json!({"id": "o-1"}), 16);
    fuzz_part::<EngagementProject>("EngagementProject", &json!({"id": "p-1"}), 17);
    fuzz_part::<LeadAddress>("LeadAddress", &lead["addresses"][0], 18);
    fuzz_part::<LeadEmailAddress>("LeadEmailAddress", &lead["email_addresses"][0], 19);
    fuzz_part::<LeadOwner>("LeadOwner", &lead["owner"], 20);
    fuzz_part::<LeadPhoneNumber>("LeadPhoneNumber", &lead["phone_numbers"][0], 21);
    fuzz_part::<AccountRef>("AccountRef", &json!({"id": "acc-1"}), 22);
    fuzz_part::<ContactRef>("ContactRef", &json!({"id": "c-1"}), 23);
    fuzz_part::<OwnerRef>("OwnerRef", &json!({"id": "u-1"}), 24);
    fuzz_part::<PhoneNumber>("PhoneNumber", &account["phone_numbers"][0], 25);
    fuzz_part::<StageRef>("StageRef", &opportunity["stage"], 26);
    fuzz_part::<Tag>("Tag", &opportunity["tags"][0], 27);
}

#[test]
fn pages_account_for_every_record_they_were_sent() {
    fuzz_page::<Opportunity>("Opportunity", &opportunity_doc(), 31);
    fuzz_page::<Account>("Account", &account_doc(), 32);
    fuzz_page::<Engagement>("Engagement", &engagement_doc(), 33);
    fuzz_page::<Lead>("Lead", &lead_doc(), 34);
}
