//! The records the server answers: opportunities as `GET /unified/crm/opportunities` returns
//! them, about 1.9 KB each, with every field of the generated `Opportunity` (nested owner,
//! account, contacts, stage, tags and URLs, amounts, dates, `custom_fields`) and a
//! `remote_data` object shaped like a Pipedrive deal of moderate size.

use serde_json::{Value, json};

/// The id of the `index`-th record (the server answers `GET .../opportunities/{n}` with
/// record `n % records`, whose id is `record_id(n % records)`).
pub fn record_id(index: usize) -> String {
    (50_000 + index).to_string()
}

/// The `index`-th record.
pub fn record(index: usize) -> Value {
    let i = index;
    json!({
        "id": record_id(i),
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
        "custom_fields": { "tier": "gold", "region": "emea", "seats": 25 + i % 10, "renewal": true },
        "remote_data": remote_data(i)
    })
}

/// A provider's deal (Pipedrive's shape, trimmed): about 1.3 KB.
fn remote_data(i: usize) -> Value {
    json!({
        "id": 50_000 + i,
        "title": format!("Deal {i}"),
        "value": 1200 + i,
        "currency": "USD",
        "status": "open",
        "stage_id": 3,
        "pipeline_id": 1,
        "creator_user_id": { "id": 13_293_848, "name": "Ada Lovelace", "email": "ada.lovelace@example.com", "active_flag": true },
        "user_id": { "id": 13_293_849, "name": "Grace Hopper", "email": "grace.hopper@example.com", "active_flag": true },
        "person_id": {
            "name": format!("Customer {i}"),
            "email": [{ "label": "work", "value": format!("customer{i}@example.org"), "primary": true }],
            "phone": [{ "label": "work", "value": "+1 555 0100", "primary": true }],
            "value": i
        },
        "org_id": {
            "name": "Acme Corporation", "people_count": 42, "owner_id": 13_293_848,
            "address": "1 Infinite Loop, Cupertino, CA 95014, USA", "value": i % 101
        },
        "add_time": "2024-01-12 08:00:00",
        "update_time": "2024-05-03 16:42:11",
        "stage_change_time": "2024-04-01 09:00:00",
        "expected_close_date": "2024-06-30",
        "next_activity_date": "2024-05-10",
        "next_activity_time": "14:30:00",
        "next_activity_subject": "Follow-up call",
        "last_outgoing_mail_time": "2024-05-01 12:00:00",
        "owner_name": "Grace Hopper",
        "probability": null,
        "lost_reason": null,
        "visible_to": "3",
        "label": "hot",
        "weighted_value": 600,
        "formatted_value": "$1,200",
        "products_count": 3,
        "activities_count": 4,
        "notes_count": 2
    })
}

/// Records `0..count`, serialized compactly and joined by commas: the inside of a page's
/// `result` array.
pub fn records_text(count: usize) -> Vec<u8> {
    let mut text = Vec::new();
    for index in 0..count {
        if index > 0 {
            text.push(b',');
        }
        serde_json::to_writer(&mut text, &record(index)).expect("a Value serializes");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures are for records of about 1.9 KB; the fixture must stay that size.
    #[test]
    fn records_are_about_1_9_kb() {
        let text = records_text(200);
        let average = text.len() / 200;
        assert!((1_700..=2_100).contains(&average), "{average} bytes per record");
    }

    /// Every field of a record is one the generated model reads (none is skipped as
    /// unknown), so the typed client does the whole work of each record.
    #[test]
    fn every_field_of_a_record_is_read_by_the_generated_model() {
        let opportunity: truto_unified::crm::opportunities::Opportunity =
            serde_json::from_value(record(7)).expect("decodes");
        let value = serde_json::to_value(&opportunity).expect("serializes");
        let fields = value.as_object().expect("an object");
        assert_eq!(fields.len(), record(7).as_object().unwrap().len(), "{fields:?}");
        assert_eq!(opportunity.id.as_deref(), Some("50007"));
    }
}
