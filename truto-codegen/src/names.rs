//! Rust names for schema names, decided in one place.
//!
//! Wire names stay as written; Rust names come from `heck`, with Rust keywords raw-escaped
//! (`type` → `r#type`), words that cannot be raw (`self`, `Self`, `crate`, `super`) suffixed
//! with `_`, names starting with a digit prefixed, and the names our own generated API uses
//! (the `Unknown` variant of every enum) kept free.
//!
//! Every name returned is a valid ASCII Rust identifier, whatever the input: accented Latin
//! letters are written without their accents (`Négociation` → `Negociation`) and any other
//! character that cannot be in an identifier is dropped.

use heck::{ToPascalCase, ToSnakeCase};

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

/// A field or module name: `close_date`, `r#type`, `self_`.
pub fn field_name(wire: &str) -> String {
    let snake = identifier_chars(&ascii_fold(wire).to_snake_case());
    let snake = if snake.is_empty() { "field".to_owned() } else { snake };
    escape_ident(prefix_digit(snake, "n"))
}

/// A function name: `update`, `batch_delete`.
pub fn fn_name(wire: &str) -> String {
    field_name(wire)
}

/// A type name: `OpportunityStatus`.
pub fn type_name(words: &str) -> String {
    let pascal = identifier_chars(&ascii_fold(words).to_pascal_case());
    let pascal = if pascal.is_empty() { "Type".to_owned() } else { pascal };
    escape_ident(prefix_digit(pascal, "T"))
}

/// An enum variant for a documented value: `in_progress` → `InProgress`, `1st` → `V1st`,
/// `unknown` → `UnknownValue` (the bare `Unknown` variant is the catch-all).
pub fn variant_name(value: &str) -> String {
    let name = type_name(value);
    if name == UNKNOWN_VARIANT {
        format!("{UNKNOWN_VARIANT}Value")
    } else if name.starts_with('T') && value.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{}", &name[1..])
    } else if name == "Type" && identifier_chars(&ascii_fold(value).to_pascal_case()).is_empty() {
        "Empty".to_owned()
    } else {
        name
    }
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

fn escape_ident(name: String) -> String {
    if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The name without a raw prefix, for building other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_snake_case_and_escaped() {
        assert_eq!(field_name("close_date"), "close_date");
        assert_eq!(field_name("closeDate"), "close_date");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("ref"), "r#ref");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("foo-bar"), "foo_bar");
        assert_eq!(field_name("1st_place"), "n1st_place");
        assert_eq!(field_name("---"), "field");
        assert_eq!(field_name("Größe"), "grosse");
        assert_eq!(field_name("日本"), "field");
        assert_eq!(field_name("a²b"), "ab");
        assert_eq!(field_name("_"), "field");
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
            for name in [field_name(input), type_name(input), variant_name(input)] {
                let bare = unraw(&name);
                assert!(!bare.is_empty(), "{input:?} -> {name:?}");
                assert!(bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{input:?} -> {name:?}");
                assert!(!bare.starts_with(|c: char| c.is_ascii_digit()), "{input:?} -> {name:?}");
                assert!(!NON_RAW_KEYWORDS.contains(&bare), "{input:?} -> {name:?}");
            }
        }
    }

    #[test]
    fn types_are_pascal_case_and_escaped() {
        assert_eq!(type_name("Zoho CRM"), "ZohoCrm");
        assert_eq!(type_name("HubSpot"), "HubSpot");
        assert_eq!(type_name("Microsoft Dynamics 365 Sales"), "MicrosoftDynamics365Sales");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(type_name("3cx"), "T3cx");
    }

    #[test]
    fn variants_keep_the_catch_all_free() {
        assert_eq!(variant_name("in_progress"), "InProgress");
        assert_eq!(variant_name("unknown"), "UnknownValue");
        assert_eq!(variant_name("Unknown"), "UnknownValue");
        assert_eq!(variant_name("1st"), "V1st");
        assert_eq!(variant_name("self"), "Self_");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("Négociation"), "Negociation");
        assert_eq!(variant_name("💥"), "Empty");
    }
}
