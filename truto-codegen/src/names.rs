//! Rust names for schema names, decided in one place, and the types that carry them.
//!
//! Wire names stay as written; Rust names come from `heck`. A [`ValueName`] (a field, module,
//! function or setter) knows its bare form and whether it must be written raw (`r#type`);
//! words that cannot be raw (`self`, `Self`, `crate`, `super`) get a `_` suffix instead. A
//! [`TypeName`] (a type, variant or constant) is PascalCase or SHOUTY_SNAKE_CASE and never needs
//! the raw form. Names starting with a digit get a prefix, and the names our own generated API
//! uses (the `Unknown` variant of every enum) are kept free.
//!
//! Every name is a valid ASCII Rust identifier, whatever the input: accented Latin letters are
//! written without their accents (`Négociation` → `Negociation`) and any other character that
//! cannot be in an identifier is dropped.

use std::fmt;

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// Keywords that `r#` makes usable as identifiers.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "crate", "super", "_"];

/// The variant every generated open enum uses for values the docs never listed.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The field of a struct known only in part that keeps the fields the docs do not name.
pub const OTHER_FIELDS: &str = "other_fields";

/// The type parameter of a request whose body the docs do not describe (`CreateContact<B>`).
pub const BODY_PARAM: &str = "B";

/// [`OTHER_FIELDS`] as a field name.
pub fn other_fields() -> ValueName {
    field_name(OTHER_FIELDS)
}

/// [`BODY_PARAM`] as a type name.
pub fn body_param() -> TypeName {
    TypeName::known(BODY_PARAM.to_owned())
}

/// A field, module, function or setter name: `close_date`, `type` (written `r#type`), `self_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueName {
    bare: String,
    raw: bool,
}

impl ValueName {
    /// The name as an identifier's text, without `r#` (`type`): for building other names and
    /// for text that is not code.
    pub fn bare(&self) -> &str {
        &self.bare
    }

    /// Whether code must write it raw (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.raw
    }

    fn new(snake: String) -> Self {
        if RAW_KEYWORDS.contains(&snake.as_str()) {
            ValueName { bare: snake, raw: true }
        } else if NON_RAW_KEYWORDS.contains(&snake.as_str()) {
            ValueName { bare: format!("{snake}_"), raw: false }
        } else {
            ValueName { bare: snake, raw: false }
        }
    }
}

/// Shows the name as code writes it (`r#type`).
impl fmt::Display for ValueName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.bare)
    }
}

/// A type, variant or constant name: `OpportunityStatus`, `InProgress`, `UPDATE_OPPORTUNITY`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeName(String);

impl TypeName {
    /// The name's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A name known to be a valid type name already (a schema's checked `type_name`, a name
    /// built from other type names).
    fn known(name: String) -> Self {
        TypeName(name)
    }
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for TypeName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

// ----- the rules -----

/// A field or module name from a wire name: `closeDate` → `close_date`.
pub fn field_name(wire: &str) -> ValueName {
    let snake = identifier_chars(&ascii_fold(wire).to_snake_case());
    let snake = if snake.is_empty() { "field".to_owned() } else { snake };
    ValueName::new(prefix_digit(snake, "n"))
}

/// A method name: `update`, `batch_delete`.
pub fn fn_name(wire: &str) -> ValueName {
    field_name(wire)
}

/// A Rust field name a schema gives (`rust_name`): the rule's form, and whether it is what was
/// written (so the checker can say when it is not snake_case).
pub fn given_field_name(written: &str) -> (ValueName, bool) {
    let name = field_name(written);
    let same = name.bare() == written;
    (name, same)
}

/// The setter of a query parameter: Truto's `truto_` prefix is left off
/// (`truto_exclude_fields` → `exclude_fields`).
pub fn setter_name(field: &ValueName) -> ValueName {
    match field.bare().strip_prefix("truto_") {
        Some(rest) if !rest.is_empty() => field_name(rest),
        _ => field.clone(),
    }
}

/// A type name from words: `Zoho CRM` → `ZohoCrm`, `3cx` → `T3cx`.
pub fn type_name(words: &str) -> TypeName {
    TypeName(pascal(words, "T").unwrap_or_else(|| "Type".to_owned()))
}

/// Whether `name` is already a type name the rule would give (the checker asks this of
/// `type_name`, shape and model names); when it is, it is the name.
pub fn given_type_name(name: &str) -> Result<TypeName, TypeName> {
    let ruled = type_name(name);
    if ruled.as_str() == name { Ok(ruled) } else { Err(ruled) }
}

/// `{prefix}{suffix}` of two type names, e.g. `UpdateOpportunity` + `Body`.
pub fn suffixed(prefix: &TypeName, suffix: &str) -> TypeName {
    TypeName::known(format!("{prefix}{suffix}"))
}

/// The name of a type nested in `parent`, named after a field (`DeleteEngagement` +
/// `EngagementType` → `DeleteEngagementType`): a word shared at the seam is written once.
pub fn nested_type_name(parent: &TypeName, field_wire: &str) -> TypeName {
    let child = type_name(field_wire);
    let parent = parent.as_str();
    let last_word_start = parent.rfind(|c: char| c.is_ascii_uppercase()).unwrap_or(0);
    let last_word = &parent[last_word_start..];
    let child = child.as_str();
    if !last_word.is_empty() && child.starts_with(last_word) && child.len() > last_word.len() {
        TypeName::known(format!("{parent}{}", &child[last_word.len()..]))
    } else {
        TypeName::known(format!("{parent}{child}"))
    }
}

/// The prefix of an endpoint's type names: `ListOpportunities` for a list, else the method
/// and the model (`UpdateOpportunity`, `BatchDeleteAccount`).
pub fn endpoint_type_name(method: &ValueName, is_list: bool, resource: &str, model: &TypeName) -> TypeName {
    if is_list {
        type_name(&format!("list {resource}"))
    } else {
        TypeName::known(format!("{}{model}", type_name(method.bare())))
    }
}

/// The name of a constant for a type name: `UpdateOpportunity` → `UPDATE_OPPORTUNITY`.
pub fn const_name(of: &TypeName) -> TypeName {
    TypeName::known(of.as_str().to_shouty_snake_case())
}

/// An enum variant for a documented value: `in_progress` → `InProgress`, `1st` → `V1st`,
/// `unknown` → `UnknownValue` (the bare `Unknown` variant is the catch-all), and the empty
/// string (or one with no identifier characters) → `Empty`.
pub fn variant_name(value: &str) -> TypeName {
    match pascal(value, "V") {
        Some(name) if name == UNKNOWN_VARIANT => TypeName(format!("{UNKNOWN_VARIANT}Value")),
        Some(name) => TypeName(name),
        None => TypeName("Empty".to_owned()),
    }
}

/// A later variant whose name an earlier value took (`Open`, `open`): numbered from 2.
pub fn numbered(name: &TypeName, n: usize) -> TypeName {
    TypeName::known(format!("{name}{n}"))
}

/// The type of an API's or resource's client handle: `crm` → `CrmClient`.
pub fn client_type_name(segment: &str) -> TypeName {
    TypeName::known(format!("{}Client", type_name(segment)))
}

/// The extension trait that reaches an API from the client: `crm` → `CrmApi`.
pub fn api_trait_name(segment: &str) -> TypeName {
    TypeName::known(format!("{}Api", type_name(segment)))
}

/// A request's query struct and setter trait: `UpdateOpportunityQuery`,
/// `UpdateOpportunityParams`.
pub fn query_names(request: &TypeName) -> (TypeName, TypeName) {
    (suffixed(request, "Query"), suffixed(request, "Params"))
}

/// A group of Truto's shared query parameters, by the operations that take it (none: every
/// operation): its struct (`TrutoQuery`, `TrutoListQuery`), the field that holds it in each
/// endpoint's query (`truto`, `truto_list`) and its setter trait (`TrutoParams`,
/// `TrutoListParams`).
pub fn query_group_names(operation_words: &[&str]) -> (TypeName, ValueName, TypeName) {
    let words = std::iter::once("truto").chain(operation_words.iter().copied()).collect::<Vec<_>>().join(" ");
    let base = type_name(&words);
    (suffixed(&base, "Query"), field_name(&words), suffixed(&base, "Params"))
}

/// PascalCase of `words` with accents folded and other characters dropped; a leading digit
/// gets `digit_prefix`. `None` when nothing of an identifier is left.
fn pascal(words: &str, digit_prefix: &str) -> Option<String> {
    let pascal = identifier_chars(&ascii_fold(words).to_pascal_case());
    if pascal.is_empty() {
        return None;
    }
    let pascal = prefix_digit(pascal, digit_prefix);
    // `Self` cannot be raw; PascalCase never meets another keyword.
    Some(if NON_RAW_KEYWORDS.contains(&pascal.as_str()) { format!("{pascal}_") } else { pascal })
}

/// Only the characters an ASCII identifier may have.
fn identifier_chars(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
}

/// Latin letters with accents as their plain ASCII letters (`é` → `e`, `ß` → `ss`); other
/// characters unchanged.
fn ascii_fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => "A",
            'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
            'Æ' => "AE",
            'æ' => "ae",
            'Ç' | 'Ć' | 'Č' => "C",
            'ç' | 'ć' | 'č' => "c",
            'Ð' | 'Ď' => "D",
            'ð' | 'ď' => "d",
            'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
            'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'Ğ' => "G",
            'ğ' => "g",
            'Ì'..='Ï' | 'İ' => "I",
            'ì'..='ï' | 'ı' => "i",
            'Ł' => "L",
            'ł' => "l",
            'Ñ' | 'Ń' | 'Ň' => "N",
            'ñ' | 'ń' | 'ň' => "n",
            'Ò'..='Ö' | 'Ø' | 'Ő' => "O",
            'ò'..='ö' | 'ø' | 'ő' => "o",
            'Œ' => "OE",
            'œ' => "oe",
            'Ř' => "R",
            'ř' => "r",
            'Ś' | 'Š' | 'Ş' => "S",
            'ś' | 'š' | 'ş' => "s",
            'ß' => "ss",
            'Ť' | 'Ţ' => "T",
            'ť' | 'ţ' => "t",
            'Þ' => "Th",
            'þ' => "th",
            'Ù'..='Ü' | 'Ů' | 'Ű' => "U",
            'ù'..='ü' | 'ů' | 'ű' => "u",
            'Ý' | 'Ÿ' => "Y",
            'ý' | 'ÿ' => "y",
            'Ź' | 'Ż' | 'Ž' => "Z",
            'ź' | 'ż' | 'ž' => "z",
            other => {
                out.push(other);
                continue;
            }
        };
        out.push_str(folded);
    }
    out
}

fn prefix_digit(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("{prefix}{name}") } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(name: ValueName) -> String {
        name.to_string()
    }

    #[test]
    fn fields_are_snake_case_and_escaped() {
        assert_eq!(shown(field_name("close_date")), "close_date");
        assert_eq!(shown(field_name("closeDate")), "close_date");
        assert_eq!(shown(field_name("type")), "r#type");
        assert_eq!(field_name("type").bare(), "type");
        assert!(field_name("type").is_raw());
        assert_eq!(shown(field_name("ref")), "r#ref");
        assert_eq!(shown(field_name("self")), "self_");
        assert_eq!(shown(field_name("crate")), "crate_");
        assert_eq!(shown(field_name("foo-bar")), "foo_bar");
        assert_eq!(shown(field_name("1st_place")), "n1st_place");
        assert_eq!(shown(field_name("---")), "field");
        assert_eq!(shown(field_name("Größe")), "grosse");
        assert_eq!(shown(field_name("日本")), "field");
        assert_eq!(shown(field_name("a²b")), "ab");
        assert_eq!(shown(field_name("_")), "field");
    }

    #[test]
    fn every_name_is_an_ascii_identifier() {
        let inputs = [
            "",
            "_",
            "__",
            "r#type",
            "Self",
            "self_",
            "1",
            "²",
            "ª",
            "é",
            "💥",
            "a b",
            "[]",
            "{",
            "Ünïcödé",
            "x\u{301}",
        ];
        for input in inputs {
            let names =
                [field_name(input).bare().to_owned(), type_name(input).to_string(), variant_name(input).to_string()];
            for bare in names {
                assert!(!bare.is_empty(), "{input:?} -> {bare:?}");
                assert!(bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{input:?} -> {bare:?}");
                assert!(!bare.starts_with(|c: char| c.is_ascii_digit()), "{input:?} -> {bare:?}");
                assert!(!NON_RAW_KEYWORDS.contains(&bare.as_str()), "{input:?} -> {bare:?}");
            }
        }
    }

    #[test]
    fn types_are_pascal_case_and_escaped() {
        assert_eq!(type_name("Zoho CRM").as_str(), "ZohoCrm");
        assert_eq!(type_name("HubSpot").as_str(), "HubSpot");
        assert_eq!(type_name("Microsoft Dynamics 365 Sales").as_str(), "MicrosoftDynamics365Sales");
        assert_eq!(type_name("self").as_str(), "Self_");
        assert_eq!(type_name("3cx").as_str(), "T3cx");
        assert_eq!(type_name("💥").as_str(), "Type");
        assert_eq!(given_type_name("Opportunity"), Ok(type_name("Opportunity")));
        assert_eq!(given_type_name("opportunity"), Err(type_name("Opportunity")));
    }

    #[test]
    fn variants_keep_the_catch_all_free() {
        assert_eq!(variant_name("in_progress").as_str(), "InProgress");
        assert_eq!(variant_name("unknown").as_str(), "UnknownValue");
        assert_eq!(variant_name("Unknown").as_str(), "UnknownValue");
        assert_eq!(variant_name("1st").as_str(), "V1st");
        assert_eq!(variant_name("self").as_str(), "Self_");
        assert_eq!(variant_name("").as_str(), "Empty");
        assert_eq!(variant_name("Négociation").as_str(), "Negociation");
        assert_eq!(variant_name("💥").as_str(), "Empty");
        assert_eq!(numbered(&variant_name("open"), 2).as_str(), "Open2");
    }

    #[test]
    fn derived_names() {
        let update = endpoint_type_name(&fn_name("update"), false, "opportunities", &type_name("Opportunity"));
        assert_eq!(update.as_str(), "UpdateOpportunity");
        let list = endpoint_type_name(&fn_name("list"), true, "opportunities", &type_name("Opportunity"));
        assert_eq!(list.as_str(), "ListOpportunities");
        assert_eq!(const_name(&update).as_str(), "UPDATE_OPPORTUNITY");
        let (query, params) = query_names(&update);
        assert_eq!((query.as_str(), params.as_str()), ("UpdateOpportunityQuery", "UpdateOpportunityParams"));
        assert_eq!(
            nested_type_name(&type_name("DeleteEngagement"), "engagement_type").as_str(),
            "DeleteEngagementType"
        );
        assert_eq!(nested_type_name(&type_name("Opportunity"), "account").as_str(), "OpportunityAccount");
        assert_eq!(nested_type_name(&type_name("Opportunity"), "opportunity").as_str(), "OpportunityOpportunity");
        assert_eq!(shown(setter_name(&field_name("truto_exclude_fields"))), "exclude_fields");
        assert_eq!(shown(setter_name(&field_name("limit"))), "limit");
        assert_eq!(shown(setter_name(&field_name("truto_type"))), "r#type");
        let (group, field, params) = query_group_names(&[]);
        assert_eq!((group.as_str(), shown(field).as_str(), params.as_str()), ("TrutoQuery", "truto", "TrutoParams"));
        let (group, field, params) = query_group_names(&["list"]);
        assert_eq!(
            (group.as_str(), shown(field).as_str(), params.as_str()),
            ("TrutoListQuery", "truto_list", "TrutoListParams")
        );
        assert_eq!(client_type_name("opportunities").as_str(), "OpportunitiesClient");
        assert_eq!(api_trait_name("crm").as_str(), "CrmApi");
        assert_eq!(given_field_name("foo_bar_2"), (field_name("foo_bar_2"), true));
        assert!(!given_field_name("FooBar").1);
    }
}
