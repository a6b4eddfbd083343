//! What a generated crate's `openapi.json` declares: its operations, the response formats each
//! allows, and the query parameters each takes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// One case: an operation in one response format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Case<'a> {
    /// The HTTP method, upper case.
    pub method: &'a str,
    /// The path template.
    pub path: &'a str,
    /// The `truto_response_format` value (`unified` when none is sent).
    pub format: &'a str,
}

/// The export, read.
#[derive(Debug)]
pub struct Export {
    operations: BTreeMap<(String, String), Operation>,
}

#[derive(Debug)]
struct Operation {
    formats: Vec<String>,
    /// Each query parameter's name, and whether it is a `deepObject` (`name[key]=v`).
    query: Vec<(String, bool)>,
}

impl Export {
    /// Reads the export at `path`; panics (naming it) if it is not an OpenAPI document.
    pub fn read(path: &Path) -> Export {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let document: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let paths = document["paths"].as_object().unwrap_or_else(|| panic!("{}: no paths", path.display()));
        let mut operations = BTreeMap::new();
        for (template, item) in paths {
            for (method, operation) in item.as_object().into_iter().flatten() {
                operations.insert((method.to_uppercase(), template.clone()), Operation::read(operation));
            }
        }
        Export { operations }
    }

    /// Every operation in every format it allows.
    pub fn cases(&self) -> BTreeSet<Case<'_>> {
        self.operations
            .iter()
            .flat_map(|((method, path), operation)| {
                operation.formats.iter().map(move |format| Case { method, path, format })
            })
            .collect()
    }

    /// Whether the operation `method path` declares the query key `key` (percent-decoded): a
    /// parameter of that name, or a `deepObject` parameter's `name[...]`. `None` when the
    /// export has no such operation.
    pub fn declares(&self, method: &str, path: &str, key: &str) -> Option<bool> {
        let operation = self.operations.get(&(method.to_owned(), path.to_owned()))?;
        Some(operation.query.iter().any(|(name, deep)| {
            key == name || (*deep && key.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('[')))
        }))
    }
}

impl Operation {
    fn read(operation: &Value) -> Operation {
        let parameters = operation["parameters"].as_array().map(Vec::as_slice).unwrap_or_default();
        let query: Vec<(String, bool)> = parameters
            .iter()
            .filter(|p| p["in"] == "query")
            .filter_map(|p| Some((p["name"].as_str()?.to_owned(), p["style"] == "deepObject")))
            .collect();
        let format = parameters.iter().find(|p| p["name"] == "truto_response_format");
        let formats = match format.and_then(|p| p["schema"]["enum"].as_array()) {
            Some(values) => values.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            None => vec!["unified".to_owned()],
        };
        Operation { formats, query }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_formats_and_parameters_are_read() {
        let dir = std::env::temp_dir().join(format!("truto-contract-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("openapi.json");
        let document = serde_json::json!({"paths": {"/things/{id}": {
            "get": {"parameters": [
                {"in": "path", "name": "id"},
                {"in": "query", "name": "tags[]", "style": "form"},
                {"in": "query", "name": "filter", "style": "deepObject"},
                {"in": "query", "name": "truto_response_format", "schema": {"enum": ["unified", "raw"]}},
            ]},
            "delete": {},
        }}});
        std::fs::write(&path, document.to_string()).unwrap();
        let export = Export::read(&path);
        let cases: Vec<(&str, &str)> = export.cases().iter().map(|c| (c.method, c.format)).collect();
        assert_eq!(cases, [("DELETE", "unified"), ("GET", "raw"), ("GET", "unified")]);
        let declares = |key| export.declares("GET", "/things/{id}", key);
        assert_eq!(declares("tags[]"), Some(true));
        assert_eq!(declares("tags"), Some(false));
        assert_eq!(declares("filter[a][b]"), Some(true));
        assert_eq!(declares("filterx[a]"), Some(false));
        assert_eq!(declares("id"), Some(false), "a path parameter is no query key");
        assert_eq!(export.declares("POST", "/things/{id}", "tags[]"), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
