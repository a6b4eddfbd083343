//! `use` items in the order rustfmt (style edition 2024) puts them, so that generated imports
//! read as a formatted hand-written file's: items sorted by path, the names in a `{...}` list
//! sorted, `self` before `super` before `crate` before other names, names by "version sort"
//! (`_` first, then uppercase before lowercase, numbers by value), a name before a `{...}` list.

use std::cmp::Ordering;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One `use` item: `use path::name;` or `use path::{names};`, maybe behind a cargo feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// The module path, e.g. `["crate", "request"]`.
    pub path: Vec<&'static str>,
    /// The names imported from it (one, or a list).
    pub names: Vec<&'static str>,
    /// The cargo feature the item is behind, if any.
    pub feature: Option<&'static str>,
}

/// The items as tokens, in rustfmt's order (each list's names sorted too).
pub fn use_items(mut items: Vec<Use>) -> TokenStream {
    for item in &mut items {
        item.names.sort_by(|a, b| segment_cmp(a, b));
    }
    items.sort_by(use_cmp);
    let uses = items.iter().map(|item| {
        let path = item.path.iter().map(|m| format_ident!("{m}"));
        let names = item.names.iter().map(|n| format_ident!("{n}"));
        let cfg = item.feature.map(|feature| quote!(#[cfg(feature = #feature)]));
        match item.names.as_slice() {
            [_] => quote!(#cfg use #(#path::)* #(#names)*;),
            _ => quote!(#cfg use #(#path::)* { #(#names),* };),
        }
    });
    quote!(#(#uses)*)
}

/// rustfmt's order of two items: segment by segment, a shorter path first, a single name
/// before a `{...}` list, two lists by their names.
fn use_cmp(a: &Use, b: &Use) -> Ordering {
    let key = |item: &Use| {
        let mut segments: Vec<Key> = item.path.iter().map(|s| Key::Segment(s)).collect();
        match item.names.as_slice() {
            [one] => segments.push(Key::Segment(one)),
            names => segments.push(Key::List(names.to_vec())),
        }
        segments
    };
    key(a).cmp(&key(b))
}

/// One step of a `use` path.
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Segment(&'static str),
    List(Vec<&'static str>),
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Segment(a), Key::Segment(b)) => segment_cmp(a, b),
            (Key::Segment(_), Key::List(_)) => Ordering::Less,
            (Key::List(_), Key::Segment(_)) => Ordering::Greater,
            (Key::List(a), Key::List(b)) => {
                a.iter().zip(b).map(|(a, b)| segment_cmp(a, b)).find(|o| o.is_ne()).unwrap_or(a.len().cmp(&b.len()))
            }
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Two path segments or names: `self`, `super`, `crate`, then the rest by version sort.
fn segment_cmp(a: &str, b: &str) -> Ordering {
    let rank = |s: &str| ["self", "super", "crate"].iter().position(|k| *k == s).unwrap_or(3);
    rank(a).cmp(&rank(b)).then_with(|| version_cmp(a.trim_start_matches("r#"), b.trim_start_matches("r#")))
}

/// rustfmt's version sort: the texts in chunks (runs of `_`, of digits, of anything else),
/// compared chunk by chunk: underscores first, numbers by value before other text, other text
/// by its characters.
fn version_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (chunks(a), chunks(b));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = x.cmp(&y);
                if order.is_ne() {
                    return order;
                }
            }
        }
    }
}

/// A chunk of a name, ordered as version sort orders them (by variant first).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Chunk<'s> {
    Underscores(usize),
    Number(u128, usize),
    Text(&'s str),
}

fn chunks(text: &str) -> impl Iterator<Item = Chunk<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let kind = |c: char| {
            if c == '_' {
                0
            } else if c.is_ascii_digit() {
                1
            } else {
                2
            }
        };
        let end = rest.find(|c: char| kind(c) != kind(first)).unwrap_or(rest.len());
        let (chunk, tail) = rest.split_at(end);
        rest = tail;
        Some(match kind(first) {
            0 => Chunk::Underscores(chunk.len()),
            // Leading zeros make a longer number come later, as equal values do in rustfmt.
            1 => Chunk::Number(chunk.parse().unwrap_or(u128::MAX), chunk.len()),
            _ => Chunk::Text(chunk),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &'static str, names: &[&'static str]) -> Use {
        Use { path: path.split("::").collect(), names: names.to_vec(), feature: None }
    }

    /// What `rustfmt --style-edition 2024` printed for these items (rustfmt 1.9.0).
    #[test]
    fn items_and_names_come_in_rustfmts_order() {
        let items = vec![
            item("serde", &["y"]),
            item("crate", &["x"]),
            item("self", &["z"]),
            item("super", &["w"]),
            item("a", &["b"]),
            item("a", &["c", "d"]),
            item("a", &["B"]),
            item("a", &["self", "Foo10", "bar", "BAR", "foo_bar", "Foo2", "Foo", "_x", "r#type", "Zed"]),
            item("a::b", &["c"]),
            item("a", &["bb"]),
            item("a", &["b_c"]),
            item("a", &["b2"]),
            item("a", &["b10"]),
        ];
        let printed = use_items(items).to_string().replace(" ;", ";\n").replace(" :: ", "::");
        assert_eq!(
            printed.lines().map(str::trim).collect::<Vec<_>>(),
            [
                "use self::z;",
                "use super::w;",
                "use crate::x;",
                "use a::B;",
                "use a::b;",
                "use a::b::c;",
                "use a::b_c;",
                "use a::b2;",
                "use a::b10;",
                "use a::bb;",
                "use a::{ self , _x , BAR , Foo , Foo2 , Foo10 , Zed , bar , foo_bar , r#type };",
                "use a::{ c , d };",
                "use serde::y;",
            ]
        );
    }

    #[test]
    fn a_gated_item_is_sorted_with_the_others() {
        let gated = Use { path: vec!["crate"], names: vec!["Call"], feature: Some("client") };
        let items = vec![item("crate", &["RawJson", "support"]), item("crate::http", &["Method"]), gated];
        let printed = use_items(items).to_string();
        assert_eq!(
            printed,
            "# [cfg (feature = \"client\")] use crate :: Call ; use crate :: http :: Method ; use crate :: { RawJson , support } ;"
        );
    }
}
