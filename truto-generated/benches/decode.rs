//! Decoding a page of opportunities, shaped like Truto's docs, from the same bytes into:
//!
//! - `generated`: `Page<Opportunity>`, the generated model (`remote_data` and `custom_fields`
//!   kept as JSON text, `RawJson`), decoded as the client decodes a list's answer
//!   (`request::decode_response`: one pass over the page when every record decodes);
//! - `value`: `serde_json::Value`, what an untyped SDK hands you;
//! - `mirror_map`: a struct like `Opportunity` whose `remote_data` and `custom_fields` are
//!   parsed into `serde_json::Map` (the choice `RawJson` replaced);
//! - `generated_then_parse`: `generated`, then every `remote_data` parsed into a `Value`
//!   (what deferring costs when the user does ask for all of it).
//!
//! Pages of 100 and 10 000 records, with small `remote_data` (a few keys) and large
//! `remote_data` (about 4 KB of nested provider JSON per record).
//!
//! `cargo bench -p truto-generated --bench decode` (a few minutes on 2 cores); criterion's own
//! options apply, e.g. `-- --measurement-time 10` or `-- small`.

// The provider deal below is one large `json!` literal.
#![recursion_limit = "256"]

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use truto_unified::Page;
use truto_unified::crm::opportunities::ListOpportunities;
use truto_unified::crm::opportunities::{Opportunity, OpportunityOwner, OpportunityUrl};
use truto_unified::http::{HeaderMap, StatusCode};
use truto_unified::request::{Unified, decode_response};
use truto_unified::shapes::{AccountRef, ContactRef, StageRef, Tag};

/// `Opportunity` with `remote_data` and `custom_fields` parsed into maps.
#[derive(Deserialize)]
#[allow(dead_code)] // fields are decoded to be measured, never read
struct OpportunityMaps {
    account: Option<AccountRef>,
    amount: Option<f64>,
    close_date: Option<String>,
    contact: Option<Vec<ContactRef>>,
    created_at: Option<String>,
    currency: Option<String>,
    custom_fields: Option<Map<String, Value>>,
    description: Option<String>,
    id: Option<String>,
    last_activity_at: Option<String>,
    name: Option<String>,
    owner: Option<OpportunityOwner>,
    remote_data: Option<Map<String, Value>>,
    stage: Option<StageRef>,
    status: Option<String>,
    tags: Option<Vec<Tag>>,
    updated_at: Option<String>,
    urls: Option<Vec<OpportunityUrl>>,
}

#[derive(Clone, Copy)]
enum RemoteData {
    Small,
    Large,
}

/// One record as the docs show it (`GET /unified/crm/opportunities`).
fn record(i: usize, remote: RemoteData) -> Value {
    let remote_data = match remote {
        RemoteData::Small => {
            json!({ "id": 50_000 + i, "title": format!("Deal {i}"), "value": 1200 + i, "status": "open" })
        }
        RemoteData::Large => large_remote_data(i),
    };
    json!({
        "id": format!("{}", 50_000 + i),
        "name": format!("Renewal {i} - Acme Corporation"),
        "description": "Annual renewal of the enterprise plan, including two add-on seats.",
        "amount": 1200.5 + i as f64,
        "currency": "USD",
        "close_date": "2024-06-30T00:00:00.000Z",
        "status": "open",
        "stage": { "id": "3", "name": "Proposal Made" },
        "owner": { "id": format!("user_{}", i % 17) },
        "account": { "id": format!("org_{}", i % 101) },
        "contact": [{ "id": format!("person_{i}") }, { "id": format!("person_{}", i + 1) }],
        "tags": [{ "id": "7", "name": "renewal" }, { "id": "9", "name": "enterprise" }],
        "urls": [{ "type": "website", "url": format!("https://crm.example.com/deal/{i}") }],
        "last_activity_at": "2024-05-02T10:15:00.000Z",
        "created_at": "2024-01-12T08:00:00.000Z",
        "updated_at": "2024-05-03T16:42:11.000Z",
        "custom_fields": { "tier": "gold", "region": "emea", "seats": 25, "renewal": true },
        "remote_data": remote_data
    })
}

/// A provider's deal as Pipedrive returns it: nested people, organisation, users, custom field
/// hashes, activities and products (about 4 KB).
fn large_remote_data(i: usize) -> Value {
    let user = |id: usize, name: &str| {
        json!({
            "id": id, "name": name, "email": format!("{}@example.com", name.to_lowercase().replace(' ', ".")),
            "has_pic": 1, "pic_hash": "0e4a1f3c9b2d7a6e5f8c1b0a9d3e7f2c", "active_flag": true, "value": id
        })
    };
    let custom: Map<String, Value> = (0..12)
        .map(|k| {
            (
                format!("{:040x}", (i * 31 + k) as u128 * 0x9e37_79b9_7f4a_7c15),
                json!(format!("custom value {k} of deal {i}")),
            )
        })
        .collect();
    let activities: Vec<Value> = (0..4)
        .map(|k| {
            json!({
                "id": i * 10 + k, "type": "call", "subject": format!("Follow-up call {k}"), "done": k % 2 == 0,
                "due_date": "2024-05-10", "due_time": "14:30", "duration": "00:30",
                "note": "<p>Discussed pricing and the renewal timeline with the buying committee.</p>",
                "participants": [{ "person_id": i, "primary_flag": true }]
            })
        })
        .collect();
    let products: Vec<Value> = (0..3)
        .map(|k| json!({ "id": k + 1, "name": format!("Seat pack {k}"), "quantity": 5 * (k + 1), "item_price": 240.0, "discount": 0.1, "tax": 19.0, "enabled_flag": true }))
        .collect();
    json!({
        "id": 50_000 + i,
        "creator_user_id": user(13_293_848, "Ada Lovelace"),
        "user_id": user(13_293_849, "Grace Hopper"),
        "person_id": {
            "active_flag": true, "name": format!("Customer {i}"),
            "email": [{ "label": "work", "value": format!("customer{i}@example.org"), "primary": true }],
            "phone": [{ "label": "work", "value": "+1 555 0100", "primary": true }],
            "owner_id": 13_293_849, "value": i
        },
        "org_id": {
            "name": "Acme Corporation", "people_count": 42, "owner_id": 13_293_848,
            "address": "1 Infinite Loop, Cupertino, CA 95014, USA", "active_flag": true,
            "cc_email": "acme@pipedrivemail.com", "value": i % 101
        },
        "stage_id": 3, "title": format!("Deal {i}"), "value": 1200 + i, "currency": "USD",
        "add_time": "2024-01-12 08:00:00", "update_time": "2024-05-03 16:42:11",
        "stage_change_time": "2024-04-01 09:00:00", "active": true, "deleted": false, "status": "open",
        "probability": null, "next_activity_date": "2024-05-10", "next_activity_time": "14:30:00",
        "next_activity_id": i * 10, "last_activity_id": null, "last_activity_date": null,
        "lost_reason": null, "visible_to": "3", "close_time": null, "pipeline_id": 1, "won_time": null,
        "first_won_time": null, "lost_time": null, "products_count": 3, "files_count": 0,
        "notes_count": 2, "followers_count": 1, "email_messages_count": 4, "activities_count": 4,
        "done_activities_count": 2, "undone_activities_count": 2, "participants_count": 1,
        "expected_close_date": "2024-06-30", "last_incoming_mail_time": null,
        "last_outgoing_mail_time": "2024-05-01 12:00:00", "label": "hot",
        "stage_order_nr": 3, "person_name": format!("Customer {i}"), "org_name": "Acme Corporation",
        "next_activity_subject": "Follow-up call", "next_activity_type": "call",
        "next_activity_duration": "00:30:00", "next_activity_note": null, "formatted_value": "$1,200",
        "weighted_value": 600, "formatted_weighted_value": "$600", "weighted_value_currency": "USD",
        "rotten_time": null, "owner_name": "Grace Hopper", "cc_email": "acme+deal@pipedrivemail.com",
        "org_hidden": false, "person_hidden": false,
        "custom_fields": custom,
        "activities": activities,
        "products": products
    })
}

/// A page as `GET /unified/crm/opportunities` returns it, serialized compactly.
fn page(records: usize, remote: RemoteData) -> Vec<u8> {
    let result: Vec<Value> = (0..records).map(|i| record(i, remote)).collect();
    serde_json::to_vec(&json!({ "result": result, "next_cursor": null })).expect("a Value serializes")
}

fn decode(c: &mut Criterion) {
    for (records, remote, label) in [
        (100, RemoteData::Small, "small"),
        (100, RemoteData::Large, "large"),
        (10_000, RemoteData::Small, "small"),
        (10_000, RemoteData::Large, "large"),
    ] {
        let bytes = page(records, remote);
        sanity_check(&bytes, records);
        let mut group = c.benchmark_group(format!("decode/{records}_records/{label}_remote_data"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if records >= 10_000 {
            // An iteration takes tens to hundreds of milliseconds: one iteration per sample.
            group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(5));
        }
        bench_targets(&mut group, &bytes);
        group.finish();
    }
}

fn bench_targets(group: &mut BenchmarkGroup<'_, WallTime>, bytes: &[u8]) {
    group.bench_function("generated", |b| b.iter(|| client_decode(black_box(bytes))));
    group.bench_function("value", |b| b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).expect("decodes")));
    group.bench_function("mirror_map", |b| {
        b.iter(|| serde_json::from_slice::<Page<OpportunityMaps>>(black_box(bytes)).expect("decodes"))
    });
    group.bench_function("generated_then_parse", |b| {
        b.iter(|| {
            let page = client_decode(black_box(bytes));
            let parsed: Vec<Value> =
                page.result.iter().filter_map(|o| o.remote_data.as_ref().map(|r| r.to_value().unwrap())).collect();
            (page, parsed)
        })
    });
}

/// A page decoded as the client decodes a `unified` list answer: in one pass when every record
/// decodes (`serde_json::from_slice::<Page<_>>` reads record by record instead, as any
/// deserializer other than the client's does).
fn client_decode(bytes: &[u8]) -> Page<Opportunity> {
    decode_response::<ListOpportunities, Unified>(StatusCode::OK, &HeaderMap::new(), bytes).expect("decodes")
}

/// The data decodes as intended (not a timing: a wrong fixture would make every figure moot).
fn sanity_check(bytes: &[u8], records: usize) {
    let page: Page<Opportunity> = serde_json::from_slice(bytes).expect("the page decodes");
    assert_eq!(page.result.len(), records);
    assert!(page.result.iter().all(|o| o.remote_data.is_some() && o.custom_fields.is_some() && o.id.is_some()));
    let maps: Page<OpportunityMaps> = serde_json::from_slice(bytes).expect("the page decodes into maps");
    assert_eq!(maps.result.len(), records);
    eprintln!("page of {records} records: {} bytes ({} per record)", bytes.len(), bytes.len() / records);
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = decode
}
criterion_main!(benches);
