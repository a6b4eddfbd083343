//! Awkward names survive the round trip: keywords, digits and near-collisions map to valid Rust
//! and back to the exact wire names.

use truto_golden_awkward::Integration;
use truto_golden_awkward::crm::types::{DeleteType, Type, TypeMatch, TypeStatus};
use truto_golden_awkward::prelude::*;
use truto_golden_awkward::request::{Endpoint, Unified, build_request};

#[test]
fn keyword_fields_keep_their_wire_names() {
    let record: Type = serde_json::from_value(serde_json::json!({
        "type": "t", "ref": "r", "self": "s", "crate": "c", "unknown": "u",
        "foo-bar": "dash", "foo_bar": "underscore", "closeDate": "2024-01-01",
        "match": {"enum": "e"}, "status": "1st",
    }))
    .unwrap();
    assert_eq!(record.r#type.as_deref(), Some("t"));
    assert_eq!(record.r#ref.as_deref(), Some("r"));
    assert_eq!(record.self_.as_deref(), Some("s"));
    assert_eq!(record.crate_.as_deref(), Some("c"));
    assert_eq!(record.unknown.as_deref(), Some("u"));
    assert_eq!((record.foo_bar.as_deref(), record.foo_bar_2.as_deref()), (Some("dash"), Some("underscore")));
    assert_eq!(record.close_date.as_deref(), Some("2024-01-01"));
    assert_eq!(record.r#match, Some(TypeMatch { r#enum: Some("e".into()) }));
    assert_eq!(record.status, Some(TypeStatus::V1st));
    let back = serde_json::to_value(&record).unwrap();
    for key in ["type", "ref", "self", "crate", "unknown", "foo-bar", "foo_bar", "closeDate", "match", "status"] {
        assert!(back.get(key).is_some(), "`{key}` is written back under its wire name");
    }
}

#[test]
fn enum_values_that_collide_in_rust_stay_apart() {
    let pairs = [
        ("1st", TypeStatus::V1st),
        ("unknown", TypeStatus::UnknownValue),
        ("Unknown", TypeStatus::UnknownValue2),
        ("Open", TypeStatus::Open),
        ("open", TypeStatus::Open2),
        ("in-progress", TypeStatus::InProgress),
        ("in_progress", TypeStatus::InProgress2),
        ("self", TypeStatus::Self_),
        ("", TypeStatus::Empty),
    ];
    for (wire, variant) in pairs.clone() {
        assert_eq!(TypeStatus::from(wire), variant);
        assert_eq!(variant.as_str(), wire);
        assert_eq!(serde_json::to_string(&variant).unwrap(), format!("{wire:?}"));
    }
    assert_eq!(TypeStatus::from("OPEN"), TypeStatus::Unknown("OPEN".into()));
    assert_eq!(TypeStatus::DOCUMENTED.len(), pairs.len());
}

#[test]
fn a_keyword_query_parameter_is_sent_under_its_wire_name() {
    let request = DeleteType::new("x").integrated_account_id("acc").r#type("big");
    let http = build_request::<_, Unified>(&request, "http://127.0.0.1:1").unwrap();
    assert_eq!(http.uri().to_string(), "http://127.0.0.1:1/unified/crm/types/x?integrated_account_id=acc&type=big");
    assert_eq!(Integration::from_slug("self"), Some(Integration::Self_));
    assert_eq!(Integration::Self_.name(), "Self");
    let marks = DeleteType::SUPPORT.query.iter().find(|f| f.path == "type").unwrap();
    assert_eq!(marks.mark(Integration::Self_), Some(truto_golden_awkward::support::Mark::Supported));
}

#[test]
fn a_renamed_path_parameter_still_builds_the_path() {
    // `id` is `record_id` in Rust (`rust_name`); the path is made from that field.
    let request = DeleteType::new("a/b").integrated_account_id("acc");
    assert_eq!(request.record_id, "a/b");
    let http = build_request::<_, Unified>(&request, "http://127.0.0.1:1").unwrap();
    assert_eq!(http.uri().path(), "/unified/crm/types/a%2Fb");
    let missing = DeleteType::new("").integrated_account_id("acc");
    let error = build_request::<_, Unified>(&missing, "http://127.0.0.1:1").unwrap_err();
    assert!(error.to_string().contains("id"), "{error}");
}

#[test]
fn types_named_like_std_and_runtime_items_work_beside_them() {
    use truto_golden_awkward::crm::types::{Option, Patch, RawJson, Some, String, UpdateType, UpdateTypeBody, Vec};

    let record: Type = serde_json::from_str(
        r#"{"option": {"some": "inside"}, "string": "long", "some": {"none": true}, "raw": {"text": "t"},
            "remote_data": {"kept": [1, 2]}, "when": 1767200400}"#,
    )
    .unwrap();
    assert_eq!(record.option, ::std::option::Option::Some(Option { some: "inside".to_owned().into() }));
    assert_eq!(record.string, ::std::option::Option::Some(String::Long));
    assert_eq!(record.some.as_ref().and_then(|s: &Some| s.none), ::std::option::Option::Some(true));
    assert_eq!(record.raw, ::std::option::Option::Some(RawJson { text: "t".to_owned().into() }));
    assert_eq!(record.remote_data.as_ref().map(|r| r.get()), ::std::option::Option::Some(r#"{"kept": [1, 2]}"#));
    assert_eq!(record.when.as_deref(), ::std::option::Option::Some("1767200400"));

    let body = UpdateTypeBody {
        patch: truto_golden_awkward::Patch::Set(Patch { value: "v".to_owned().into() }),
        list: truto_golden_awkward::Patch::Set(vec![Vec { item: "i".to_owned().into() }]),
        name: truto_golden_awkward::Patch::Null,
        ..Default::default()
    };
    let request = UpdateType::new("r1", body).integrated_account_id("acc");
    let http = build_request::<_, Unified>(&request, "http://127.0.0.1:1").unwrap();
    assert_eq!(http.uri().path(), "/unified/crm/types/r1");
    let sent: serde_json::Value = serde_json::from_slice(http.body()).unwrap();
    assert_eq!(sent, serde_json::json!({"list": [{"item": "i"}], "name": null, "patch": {"value": "v"}}));
}
