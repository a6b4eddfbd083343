//! Per-integration support data: plain statics a program can query, one line per field (the
//! integrations as bit sets of their index in the `Integration` enum). Printed as text by
//! [`layout`](super::layout), not as tokens: see there why.

use crate::model::{Endpoint, Mark, MarkedField, OperationKind, Schema, Section, Support};

use super::layout::{Call, Code, Value, public_static};
use super::scope::{Item, Module, Scope};

/// How a module writes the support types, looked up once per file.
pub struct SupportNames {
    support: &'static str,
    field: String,
    integration: String,
    some: String,
    none: String,
}

impl SupportNames {
    /// The names as `scope` writes them (which imports them).
    pub fn new(scope: &Scope) -> Self {
        SupportNames {
            support: scope.module_text(Module::Support),
            field: scope.path_text(Item::SupportField),
            integration: scope.path_text(Item::Integration),
            some: scope.path_text(Item::Some),
            none: scope.path_text(Item::None),
        }
    }

    /// `support::Endpoint<Integration>`, the type of every endpoint static.
    fn endpoint_type(&self) -> String {
        format!("{}::Endpoint<{}>", self.support, self.integration)
    }

    fn some(&self, code: Code) -> Code {
        Code::call(&self.some, vec![code])
    }
}

/// `pub static UPDATE_OPPORTUNITY: support::Endpoint<Integration> = ...;`, appended to `out`.
pub fn endpoint_static(
    out: &mut String,
    schema: &Schema,
    api: &str,
    resource: &str,
    endpoint: &Endpoint,
    doc: &str,
    names: &SupportNames,
) {
    let custom = match &endpoint.operation.custom_name {
        Some(n) if endpoint.operation.kind == OperationKind::Custom => names.some(Code::string(n)),
        _ => Code::atom(&names.none),
    };
    let formats = endpoint.response_formats.iter().map(|f| Code::string(f.word())).collect();
    // `response.partial_in` is not in the schema model yet (branch i21-schema adds it): until
    // then no integration is known to return a subset.
    let partial_in = integrations(bit_set([]), names);
    let integrations = match &endpoint.integrations {
        Some(slugs) => {
            names.some(integrations(bit_set(slugs.iter().filter_map(|s| schema.integration_index(s))), names))
        }
        None => Code::atom(&names.none),
    };
    let mut sections: [Vec<Code>; 3] = Default::default();
    endpoint.walk_fields(|marked| {
        let index = match marked.section {
            Section::Query => 0,
            Section::Body => 1,
            // The model's type says which fields a record has; the data keeps those that
            // some integration marks or the docs require.
            Section::Response if marked.support.marks.is_empty() && !marked.field.required => return,
            Section::Response => 2,
        };
        sections[index].push(field_row(schema, &marked, names));
    });
    let [query, body, response] = sections.map(Code::slice);
    let value = Value::Struct {
        path: format!("{}::Endpoint", names.support),
        fields: vec![
            ("api", Code::string(api)),
            ("resource", Code::string(resource)),
            ("operation", Code::string(endpoint.operation.kind.word())),
            ("custom_name", custom),
            ("http_method", Code::string(endpoint.operation.kind.http_method())),
            ("path", Code::string(&endpoint.path.template)),
            ("response_formats", Code::slice(formats)),
            ("integrations", integrations),
            ("partial_response", Code::atom(endpoint.response.partial.to_string())),
            ("partial_in", partial_in),
            ("query", query),
            ("body", body),
            ("response", response),
        ],
    };
    public_static(out, doc, endpoint.support_static.as_str(), &names.endpoint_type(), &value);
}

/// `pub static ENDPOINTS: &[&support::Endpoint<Integration>] = &[&LIST_X, ...];`
pub fn endpoints_static<'a>(out: &mut String, statics: impl Iterator<Item = &'a str>, names: &SupportNames) {
    let references = statics.map(|name| Code::atom(format!("&{name}"))).collect();
    let ty = format!("&[&{}]", names.endpoint_type());
    let doc = "What each endpoint of this resource supports, per integration.";
    public_static(out, doc, "ENDPOINTS", &ty, &Value::Expression(Code::slice(references)));
}

/// One field's row: `Field::new("account", 0x13e47, 0x8000)`, with its other facts chained on
/// only when it has them.
fn field_row(schema: &Schema, marked: &MarkedField<'_>, names: &SupportNames) -> Code {
    let support: &Support = marked.support;
    let indices = |wanted: Mark| {
        support.marks.iter().filter(move |(_, m)| **m == wanted).filter_map(|(s, _)| schema.integration_index(s))
    };
    let path = Code::string(marked.path);
    let head = match (bit_set(indices(Mark::Supported)), bit_set(indices(Mark::Required))) {
        (BitSet::Word(supported), BitSet::Word(required)) => {
            Code::call(format!("{}::new", names.field), vec![path, hex(supported), hex(required)])
        }
        (supported, required) => Code::call(
            format!("{}::marked", names.field),
            vec![path, integrations(supported, names), integrations(required, names)],
        ),
    };
    let mut calls = Vec::new();
    if marked.field.required {
        calls.push(Call { name: "required", argument: None });
    }
    if let Some(condition) = &marked.field.condition {
        calls.push(Call { name: "condition", argument: Some(Code::string(condition)) });
    }
    if let Some(e) = marked.field.ty.enumeration() {
        let values = e.values.iter().map(|v| Code::string(&v.wire)).collect();
        calls.push(Call { name: "enum_values", argument: Some(Code::slice(values)) });
    }
    let variant = |slug: &str| {
        let variant = schema.integration(slug).map_or("", |i| i.variant.as_str());
        Code::atom(format!("{}::{variant}", names.integration))
    };
    if !support.values.is_empty() {
        let values = support.values.iter().map(|(slug, values)| {
            Code::tuple(vec![variant(slug), Code::slice(values.iter().map(|v| Code::string(v)).collect())])
        });
        calls.push(Call { name: "values", argument: Some(Code::slice(values.collect())) });
    }
    if !support.notes.is_empty() {
        let notes = support.notes.iter().map(|(slug, note)| Code::tuple(vec![variant(slug), Code::string(note)]));
        calls.push(Call { name: "notes", argument: Some(Code::slice(notes.collect())) });
    }
    if calls.is_empty() { head } else { Code::Chain { head: Box::new(head), calls } }
}

/// A set of integration indices as the runtime takes it: one word while every index is below
/// 64, the words of a wider set beyond.
fn bit_set(indices: impl IntoIterator<Item = usize>) -> BitSet {
    let mut words: Vec<u64> = vec![0];
    for index in indices {
        if words.len() <= index / 64 {
            words.resize(index / 64 + 1, 0);
        }
        words[index / 64] |= 1 << (index % 64);
    }
    match words.as_slice() {
        [one] => BitSet::Word(*one),
        _ => BitSet::Words(words),
    }
}

/// A set of integrations (see [`bit_set`]).
#[derive(Debug, PartialEq, Eq)]
enum BitSet {
    /// The bits of the first 64 integrations.
    Word(u64),
    /// The words of a wider set.
    Words(Vec<u64>),
}

/// `0x13e47`.
fn hex(word: u64) -> Code {
    Code::atom(format!("{word:#x}"))
}

/// `support::Integrations::of(0x13e47)` or `::of_words(&[0x13e47, 0x1])` for a set.
fn integrations(set: BitSet, names: &SupportNames) -> Code {
    let support = names.support;
    match set {
        BitSet::Word(word) => Code::call(format!("{support}::Integrations::of"), vec![hex(word)]),
        BitSet::Words(words) => Code::call(
            format!("{support}::Integrations::of_words"),
            vec![Code::slice(words.into_iter().map(hex).collect())],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integration_sets_are_one_word_until_the_65th_integration() {
        assert_eq!(bit_set([]), BitSet::Word(0));
        assert_eq!(bit_set([0, 2, 63]), BitSet::Word(0x8000_0000_0000_0005));
        assert_eq!(bit_set([1, 64, 130]), BitSet::Words(vec![0x2, 0x1, 0x4]));
    }
}
