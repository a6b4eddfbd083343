//! Per-integration support data: plain statics a program can query, one line per field (the
//! integrations as bit sets of their index in the `Integration` enum). Printed as text by
//! [`layout`](super::layout), not as tokens: see there why.

use truto_unified_runtime::vocabulary::support as names_of;

use crate::model::{Endpoint, Mark, MarkedField, OperationKind, Schema, Section, Support};

use super::layout::{Call, Code, Value, public_static};
use super::scope::{Item, Module, Scope};

/// How a module writes the support types, looked up once per file.
pub struct SupportNames<'s> {
    scope: &'s Scope,
    support: &'static str,
    integration: String,
    some: String,
    none: String,
}

impl<'s> SupportNames<'s> {
    /// The names as `scope` writes them (which imports them).
    pub fn new(scope: &'s Scope) -> Self {
        SupportNames {
            scope,
            support: scope.module_text(Module::Support),
            integration: scope.path_text(Item::Integration),
            some: scope.path_text(Item::Some),
            none: scope.path_text(Item::None),
        }
    }

    /// `support::Field`, looked up (and so imported) only by a module that has field rows.
    fn field(&self) -> String {
        self.scope.path_text(Item::SupportField)
    }

    /// `support::Endpoint`.
    fn endpoint(&self) -> String {
        format!("{}::{}", self.support, names_of::ENDPOINT)
    }

    /// `support::Endpoint<Integration>`, the type of every endpoint static.
    fn endpoint_type(&self) -> String {
        format!("{}<{}>", self.endpoint(), self.integration)
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
    names: &SupportNames<'_>,
) {
    let custom = match &endpoint.operation.custom_name {
        Some(n) if endpoint.operation.kind == OperationKind::Custom => names.some(Code::string(n)),
        _ => Code::atom(&names.none),
    };
    let formats = endpoint.response_formats.iter().map(|f| Code::string(f.word())).collect();
    let partial_in =
        integrations(bit_set(endpoint.response.partial_in.iter().filter_map(|s| schema.integration_index(s))), names);
    let integrations = endpoint_support(schema, endpoint, names);
    let mut sections: [Vec<Code>; 3] = Default::default();
    endpoint.walk_fields(|marked| {
        let index = match marked.section {
            Section::Query => 0,
            Section::Body => 1,
            Section::Response => 2,
        };
        if marked.in_support_data {
            sections[index].push(field_row(schema, &marked, names));
        }
    });
    let [query, body, response] = sections.map(Code::slice);
    // One value per field of the runtime's, in its order: a field added there fails to compile
    // here until it has its value.
    let values: [Code; names_of::ENDPOINT_FIELDS.len()] = [
        Code::string(api),
        Code::string(resource),
        Code::string(endpoint.operation.kind.word()),
        custom,
        Code::string(endpoint.operation.kind.http_method()),
        Code::string(&endpoint.path.template),
        Code::slice(formats),
        integrations,
        Code::atom(endpoint.response.partial.to_string()),
        partial_in,
        query,
        body,
        response,
    ];
    let fields = names_of::ENDPOINT_FIELDS.into_iter().zip(values).collect();
    let value = Value::Struct { path: names.endpoint(), fields };
    public_static(out, doc, endpoint.support_static.as_str(), &names.endpoint_type(), &value);
}

/// `support::EndpointSupport::Listed(..)`, `InPart { .. }` or `Unknown`: which integrations
/// support the endpoint as a whole.
fn endpoint_support(schema: &Schema, endpoint: &Endpoint, names: &SupportNames<'_>) -> Code {
    let set = |slugs: &[String]| integrations(bit_set(slugs.iter().filter_map(|s| schema.integration_index(s))), names);
    let variant = |index: usize| {
        format!("{}::{}::{}", names.support, names_of::ENDPOINT_SUPPORT, names_of::ENDPOINT_SUPPORT_VARIANTS[index])
    };
    match (&endpoint.integrations, &endpoint.integrations_known_in_part) {
        (Some(listed), _) => Code::call(variant(0), vec![set(listed)]),
        (None, Some(in_part)) => {
            let [supported, unsupported] = names_of::IN_PART_FIELDS;
            Code::record(
                &variant(1),
                vec![(supported, set(&in_part.supported)), (unsupported, set(&in_part.unsupported))],
            )
        }
        (None, None) => Code::atom(variant(2)),
    }
}

/// `pub static ENDPOINTS: &[&support::Endpoint<Integration>] = &[&LIST_X, ...];`
pub fn endpoints_static<'a>(out: &mut String, statics: impl Iterator<Item = &'a str>, names: &SupportNames<'_>) {
    let references = statics.map(|name| Code::atom(format!("&{name}"))).collect();
    let ty = format!("&[&{}]", names.endpoint_type());
    let doc = "What each endpoint of this resource supports, per integration.";
    public_static(out, doc, "ENDPOINTS", &ty, &Value::Expression(Code::slice(references)));
}

/// One field's row: `Field::new("account", 0x13e47, 0x8000)`, with its other facts chained on
/// only when it has them.
fn field_row(schema: &Schema, marked: &MarkedField<'_>, names: &SupportNames<'_>) -> Code {
    let support: &Support = marked.support;
    let indices = |wanted: Mark| {
        support.marks.iter().filter(move |(_, m)| **m == wanted).filter_map(|(s, _)| schema.integration_index(s))
    };
    let path = Code::string(marked.path);
    let head = match (bit_set(indices(Mark::Supported)), bit_set(indices(Mark::Required))) {
        (BitSet::Word(supported), BitSet::Word(required)) => {
            Code::call(format!("{}::{}", names.field(), names_of::FIELD_NEW), vec![path, hex(supported), hex(required)])
        }
        (supported, required) => Code::call(
            format!("{}::{}", names.field(), names_of::FIELD_MARKED),
            vec![path, integrations(supported, names), integrations(required, names)],
        ),
    };
    let [required, condition, enum_values, values, notes] = names_of::FIELD_BUILDERS;
    let mut calls = Vec::new();
    if marked.field.required {
        calls.push(Call { name: required, argument: None });
    }
    if let Some(text) = &marked.field.condition {
        calls.push(Call { name: condition, argument: Some(Code::string(text)) });
    }
    if let Some(e) = marked.field.ty.enumeration() {
        let documented = e.values.iter().map(|v| Code::string(&v.wire)).collect();
        calls.push(Call { name: enum_values, argument: Some(Code::slice(documented)) });
    }
    let variant = |slug: &str| {
        let variant = schema.integration(slug).map_or("", |i| i.variant.as_str());
        Code::atom(format!("{}::{variant}", names.integration))
    };
    if !support.values.is_empty() {
        let subsets = support.values.iter().map(|(slug, subset)| {
            Code::tuple(vec![variant(slug), Code::slice(subset.iter().map(|v| Code::string(v)).collect())])
        });
        calls.push(Call { name: values, argument: Some(Code::slice(subsets.collect())) });
    }
    if !support.notes.is_empty() {
        let texts = support.notes.iter().map(|(slug, note)| Code::tuple(vec![variant(slug), Code::string(note)]));
        calls.push(Call { name: notes, argument: Some(Code::slice(texts.collect())) });
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
fn integrations(set: BitSet, names: &SupportNames<'_>) -> Code {
    let set_type = format!("{}::{}", names.support, names_of::INTEGRATIONS);
    match set {
        BitSet::Word(word) => Code::call(format!("{set_type}::{}", names_of::INTEGRATIONS_OF), vec![hex(word)]),
        BitSet::Words(words) => Code::call(
            format!("{set_type}::{}", names_of::INTEGRATIONS_OF_WORDS),
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
