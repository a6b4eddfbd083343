//! The generated crates' `[features]`, kept in step with the schema: one empty feature per
//! resource (`opportunities = []`), each on by default. An empty feature is a resource
//! feature and belongs to codegen; every other feature (`client`), every other entry of
//! `default` and the rest of the manifest are the maintainer's and stay as written.
//!
//! `toml_edit` keeps the file's formatting and comments; the text only changes when the
//! features do.

use toml_edit::{Array, DocumentMut, Item, Table, Value};

/// The manifest text with `[features]` in step with `resources` (feature names).
pub fn in_step(manifest: &str, resources: &[String]) -> Result<String, String> {
    let mut doc: DocumentMut = manifest.parse().map_err(|e| format!("not a valid Cargo.toml: {e}"))?;
    let features = doc
        .entry("features")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
        .ok_or("`features` is not a table")?;
    let mut wanted: Vec<&str> = resources.iter().map(String::as_str).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let is_resource = |item: &Item| item.as_array().is_some_and(Array::is_empty);
    let stale: Vec<String> =
        features.iter().filter(|(k, v)| is_resource(v) && !wanted.contains(k)).map(|(k, _)| k.to_string()).collect();
    let missing: Vec<&str> = wanted.iter().copied().filter(|f| !features.contains_key(f)).collect();
    let default_entries: Vec<String> = features
        .get("default")
        .and_then(Item::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    let maintainer: Vec<&String> =
        default_entries.iter().filter(|e| !stale.contains(e) && !wanted.contains(&e.as_str())).collect();
    let mut new_default: Vec<String> = maintainer.into_iter().cloned().collect();
    new_default.extend(wanted.iter().map(|f| f.to_string()));
    if stale.is_empty() && missing.is_empty() && new_default == default_entries {
        return Ok(manifest.to_string());
    }
    for feature in &stale {
        features.remove(feature);
    }
    for feature in missing {
        features.insert(feature, Item::Value(Value::Array(Array::new())));
    }
    let mut default = Array::new();
    for entry in &new_default {
        default.push(entry.as_str());
    }
    match features.get_mut("default").and_then(Item::as_value_mut) {
        Some(value) => {
            let decor = value.decor().clone();
            *value = Value::Array(default);
            *value.decor_mut() = decor;
        }
        None => {
            features.insert("default", Item::Value(Value::Array(default)));
        }
    }
    // `default` first, then the maintainer's features as they were, then the resources sorted.
    let order: Vec<String> = features.iter().map(|(k, _)| k.to_string()).collect();
    features.sort_values_by(|k1, v1, k2, v2| {
        let rank = |k: &str, v: &Item| match (k, is_resource(v)) {
            ("default", _) => (0, 0, String::new()),
            (_, false) => (1, order.iter().position(|o| o == k).unwrap_or(0), String::new()),
            (k, true) => (2, 0, k.to_string()),
        };
        rank(k1.get(), v1).cmp(&rank(k2.get(), v2))
    });
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = "[package]\nname = \"x\"\n\n[features]\ndefault = [\"client\", \"accounts\", \"leads\"]\n\
        ## The client.\nclient = [\"dep:reqwest\"]\n## One feature per resource.\naccounts = []\nleads = []\n\n[lints]\nworkspace = true\n";

    fn resources(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn a_manifest_in_step_is_left_as_it_is() {
        assert_eq!(in_step(MANIFEST, &resources(&["leads", "accounts"])).expect("in step"), MANIFEST);
    }

    #[test]
    fn new_resources_are_added_and_gone_ones_removed() {
        let text = in_step(MANIFEST, &resources(&["accounts", "contacts", "opportunities"])).expect("in step");
        assert_eq!(
            text,
            "[package]\nname = \"x\"\n\n[features]\ndefault = [\"client\", \"accounts\", \"contacts\", \"opportunities\"]\n\
             ## The client.\nclient = [\"dep:reqwest\"]\n## One feature per resource.\naccounts = []\ncontacts = []\n\
             opportunities = []\n\n[lints]\nworkspace = true\n"
        );
        // And it is stable.
        assert_eq!(in_step(&text, &resources(&["accounts", "contacts", "opportunities"])).expect("in step"), text);
    }

    #[test]
    fn a_manifest_without_features_gets_them() {
        let text = in_step("[package]\nname = \"x\"\n", &resources(&["widgets"])).expect("in step");
        assert_eq!(text, "[package]\nname = \"x\"\n\n[features]\ndefault = [\"widgets\"]\nwidgets = []\n");
        assert!(in_step("not toml [", &[]).is_err());
    }
}
