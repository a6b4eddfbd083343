//! The schema's YAML as an ordered tree, read with marked-yaml and written in the layout of
//! the hand-written schema: block mappings, two-space indents, lists of scalars on one line
//! (`[a, b]`), lists of mappings as block items, and quotes only where YAML needs them.
//!
//! Comments are not part of the tree: a file rewritten from it loses them.

use std::fmt::Write as _;

/// A YAML value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yaml {
    /// A string scalar.
    Text(String),
    /// `true` / `false`.
    Bool(bool),
    /// A sequence.
    Seq(Vec<Yaml>),
    /// A mapping.
    Map(Map),
}

/// A mapping that keeps its keys in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Map(pub Vec<(String, Yaml)>);

impl Yaml {
    /// A text scalar.
    pub fn text(s: impl Into<String>) -> Yaml {
        Yaml::Text(s.into())
    }

    /// A sequence of text scalars.
    pub fn texts<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Yaml {
        Yaml::Seq(items.into_iter().map(|s| Yaml::Text(s.into())).collect())
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping, if it is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Yaml::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The mapping, if it is one.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Yaml::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The texts of a sequence of scalars.
    pub fn as_texts(&self) -> Option<Vec<&str>> {
        match self {
            Yaml::Seq(items) => items.iter().map(Yaml::as_str).collect(),
            _ => None,
        }
    }
}

impl Map {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Yaml> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The mapping under `key`.
    pub fn map(&self, key: &str) -> Option<&Map> {
        self.get(key).and_then(Yaml::as_map)
    }

    /// The text under `key`.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Yaml::as_str)
    }

    /// Sets `key`, in place when present, else at the end.
    pub fn set(&mut self, key: &str, value: Yaml) {
        match self.get_mut(key) {
            Some(old) => *old = value,
            None => self.0.push((key.to_string(), value)),
        }
    }

    /// Sets `key`; a new key goes after the last present key that precedes it in `order`
    /// (keys not in `order` count as last).
    pub fn set_ordered(&mut self, key: &str, value: Yaml, order: &[&str]) {
        if let Some(old) = self.get_mut(key) {
            *old = value;
            return;
        }
        let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
        let mine = rank(key);
        let at = self.0.iter().rposition(|(k, _)| rank(k) <= mine).map_or(0, |i| i + 1);
        self.0.insert(at, (key.to_string(), value));
    }

    /// Whether it has no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

/// Parses a YAML document into a tree (mapping order kept). `source` names it in errors.
pub fn parse(source: &str, text: &str) -> Result<Yaml, String> {
    if text.trim().is_empty() {
        return Ok(Yaml::Map(Map::default()));
    }
    // Quoted scalars stay text (`'true'`), as the schema's loader reads them.
    let options = marked_yaml::LoaderOptions::default().prevent_coercion(true);
    let node = marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| format!("{source}: {e}"))?;
    Ok(from_node(&node))
}

fn from_node(node: &marked_yaml::Node) -> Yaml {
    match node {
        marked_yaml::Node::Scalar(s) => match (s.may_coerce(), s.as_bool()) {
            (true, Some(b)) => Yaml::Bool(b),
            _ => Yaml::Text(s.as_str().to_string()),
        },
        marked_yaml::Node::Sequence(items) => Yaml::Seq(items.iter().map(from_node).collect()),
        marked_yaml::Node::Mapping(map) => {
            Yaml::Map(Map(map.iter().map(|(k, v)| (k.as_str().to_string(), from_node(v))).collect()))
        }
    }
}

/// Writes a document whose root is `root`, then reads it back to make sure it says the
/// same: an error means the writer could not express a value.
pub fn write(root: &Map) -> Result<String, String> {
    let mut out = String::new();
    write_map(&mut out, root, 0);
    match parse("(written)", &out)? {
        Yaml::Map(back) if back == *root => Ok(out),
        _ => Err(format!("the YAML writer cannot express this document faithfully:\n{out}")),
    }
}

fn write_map(out: &mut String, map: &Map, indent: usize) {
    for (key, value) in &map.0 {
        let pad = " ".repeat(indent);
        let key = scalar(key, false);
        match value {
            Yaml::Map(inner) if inner.is_empty() => {
                let _ = writeln!(out, "{pad}{key}: {{}}");
            }
            Yaml::Map(inner) => {
                let _ = writeln!(out, "{pad}{key}:");
                write_map(out, inner, indent + 2);
            }
            Yaml::Seq(items) if items.iter().all(is_scalar) => {
                let items: Vec<String> = items.iter().map(|i| inline(i, true)).collect();
                let _ = writeln!(out, "{pad}{key}: [{}]", items.join(", "));
            }
            Yaml::Seq(items) => {
                let _ = writeln!(out, "{pad}{key}:");
                write_block_items(out, items, indent + 2);
            }
            scalar_value => {
                let _ = writeln!(out, "{pad}{key}: {}", inline(scalar_value, false));
            }
        }
    }
}

/// `- key: value` items, each item's later keys aligned under its first.
fn write_block_items(out: &mut String, items: &[Yaml], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Yaml::Map(map) if !map.is_empty() => {
                let mut inner = String::new();
                write_map(&mut inner, map, indent + 2);
                let inner = inner.strip_prefix(&" ".repeat(indent + 2)).unwrap_or(&inner);
                let _ = write!(out, "{pad}- {inner}");
            }
            Yaml::Seq(inner) if !inner.iter().all(is_scalar) => {
                let _ = writeln!(out, "{pad}-");
                write_block_items(out, inner, indent + 2);
            }
            other => {
                let _ = writeln!(out, "{pad}- {}", inline(other, false));
            }
        }
    }
}

fn is_scalar(value: &Yaml) -> bool {
    matches!(value, Yaml::Text(_) | Yaml::Bool(_))
}

/// A scalar or a flow collection on one line.
fn inline(value: &Yaml, in_flow: bool) -> String {
    match value {
        Yaml::Text(s) => scalar(s, in_flow),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Seq(items) => format!("[{}]", items.iter().map(|i| inline(i, true)).collect::<Vec<_>>().join(", ")),
        Yaml::Map(map) if map.is_empty() => "{}".to_string(),
        Yaml::Map(map) => {
            let entries: Vec<String> =
                map.0.iter().map(|(k, v)| format!("{}: {}", scalar(k, true), inline(v, true))).collect();
            format!("{{ {} }}", entries.join(", "))
        }
    }
}

/// A string scalar: plain when YAML reads it back as the same string, else quoted.
fn scalar(s: &str, in_flow: bool) -> String {
    if is_plain_safe(s, in_flow) {
        s.to_string()
    } else if !s.contains('"') && !s.contains('\\') && !s.contains('\n') {
        format!("\"{s}\"")
    } else if !s.contains('\n') {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        let escaped = s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\t', "\\t");
        format!("\"{escaped}\"")
    }
}

/// Words YAML reads as something other than a string.
const RESERVED: [&str; 13] =
    ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n", ".inf", ".nan", "-.inf"];

fn is_plain_safe(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    let indicator = "-?:,[]{}#&*!|>'\"%@`".contains(first);
    let flow_breaking = in_flow && s.contains([',', '[', ']', '{', '}']);
    let number_like = s.parse::<f64>().is_ok()
        || s.starts_with(['+', '-', '.'])
        || (s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || "-:._+eExXoO".contains(c)));
    !indicator
        && !flow_breaking
        && !number_like
        && s.trim() == s
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.contains(['\n', '\t', '\r'])
        && !s.chars().any(char::is_control)
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Yaml)>) -> Map {
        Map(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    #[test]
    fn writes_the_schema_layout() {
        let root = map(vec![(
            "endpoint",
            Yaml::Map(map(vec![
                ("api", Yaml::text("crm")),
                ("path_params", Yaml::texts(["id"])),
                ("required", Yaml::Bool(true)),
                ("example", Yaml::text("23423523")),
                ("json", Yaml::text("{ \"a\": \"b\" }")),
                ("debug", Yaml::text("returns x: y")),
                ("url", Yaml::text("https://truto.one/docs")),
                ("query", Yaml::text("truto_exclude_fields[]=id&truto_exclude_fields[]=name")),
                ("empty", Yaml::Map(Map::default())),
            ])),
        )]);
        let text = write(&root).expect("writes");
        assert_eq!(
            text,
            "endpoint:\n  api: crm\n  path_params: [id]\n  required: true\n  example: \"23423523\"\n  \
             json: '{ \"a\": \"b\" }'\n  debug: \"returns x: y\"\n  url: https://truto.one/docs\n  \
             query: truto_exclude_fields[]=id&truto_exclude_fields[]=name\n  empty: {}\n"
        );
    }

    #[test]
    fn lists_of_mappings_are_block_items() {
        let item = |slug: &str| Yaml::Map(map(vec![("slug", Yaml::text(slug)), ("confirmed", Yaml::Bool(false))]));
        let root = map(vec![("integrations", Yaml::Seq(vec![item("close"), item("true")]))]);
        let text = write(&root).expect("writes");
        assert_eq!(
            text,
            "integrations:\n  - slug: close\n    confirmed: false\n  - slug: \"true\"\n    confirmed: false\n"
        );
    }

    #[test]
    fn awkward_strings_read_back_unchanged() {
        let awkward = [
            "",
            " lead",
            "a: b",
            "#x",
            "- x",
            "it's",
            "say \"hi\"",
            "two\nlines",
            "back\\slash",
            "yes",
            "1.5",
            "0x1f",
            "2024-01-01",
            "a, b",
            "[x]",
            "{y}",
            "tab\there",
            "ends:",
            "x #y",
            "é",
            "null",
            "~",
            "@at",
            "%p",
        ];
        for text in awkward {
            let root = map(vec![("k", Yaml::text(text)), ("l", Yaml::texts([text, "b"]))]);
            let written = write(&root).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            assert_eq!(parse("t", &written).expect("parses"), Yaml::Map(root), "{text:?} as {written}");
        }
    }

    #[test]
    fn reads_order_and_kinds() {
        let y = parse("t", "b: 1\na: [x, 'true']\nc: { d: true }\n").expect("parses");
        let m = y.as_map().expect("map");
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(m.get("a"), Some(&Yaml::texts(["x", "true"])));
        assert_eq!(m.map("c").and_then(|c| c.get("d")), Some(&Yaml::Bool(true)));
    }

    #[test]
    fn new_keys_go_to_their_place() {
        let order = ["type", "required", "description", "support"];
        let mut m = map(vec![("type", Yaml::text("string")), ("support", Yaml::Map(Map::default()))]);
        m.set_ordered("description", Yaml::text("d"), &order);
        m.set_ordered("required", Yaml::Bool(true), &order);
        m.set_ordered("zzz", Yaml::text("z"), &order);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["type", "required", "description", "support", "zzz"]);
    }
}
