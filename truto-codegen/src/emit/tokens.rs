//! Small helpers for building tokens: names as identifiers, doc attributes, literals, and the
//! Rust type of a field's value.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, quote};

use crate::model::{Presence, Type};
use crate::names::{TypeName, ValueName};
use crate::types::RustType;

use super::scope::{Item, Module, Scope};

impl ToTokens for ValueName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let ident = if self.is_raw() {
            Ident::new_raw(self.bare(), Span::call_site())
        } else {
            Ident::new(self.bare(), Span::call_site())
        };
        ident.to_tokens(tokens);
    }
}

impl ToTokens for TypeName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        Ident::new(self.as_str(), Span::call_site()).to_tokens(tokens);
    }
}

/// An identifier the generator itself spells (never a schema name).
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` attributes, one per line; rendered as `///` by prettyplease.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc = "..."]` attributes for a module.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #![doc = #lines] )* }
}

/// Text from the docs made safe for rustdoc: brackets are not links, URLs are autolinks.
pub fn doc_text(text: &str) -> String {
    let escaped = text.replace('[', "\\[").replace(']', "\\]");
    escaped
        .split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                let trimmed = word.trim_end_matches(['.', ',', ')']);
                format!("<{trimmed}>{}", &word[trimmed.len()..])
            } else {
                word.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A set of integration indices as the runtime takes it: one hex number (`0x13e47`) while
/// every index is below 64, the words of a wider set (`&[0x13e47, 0x1]`) beyond.
pub fn bit_set(indices: impl IntoIterator<Item = usize>) -> BitSet {
    let mut words: Vec<u64> = vec![0];
    for index in indices {
        if words.len() <= index / 64 {
            words.resize(index / 64 + 1, 0);
        }
        words[index / 64] |= 1 << (index % 64);
    }
    let hex = |w: &u64| format!("{w:#x}").parse::<Literal>().unwrap_or_else(|_| Literal::u64_unsuffixed(*w));
    match words.as_slice() {
        [one] => BitSet::Word(hex(one).into_token_stream()),
        many => {
            let words = many.iter().map(hex);
            BitSet::Words(quote!(&[#(#words),*]))
        }
    }
}

/// A set of integrations in generated code (see [`bit_set`]).
pub enum BitSet {
    /// The bits of the first 64 integrations.
    Word(TokenStream),
    /// The words of a wider set.
    Words(TokenStream),
}

/// Whether a type is printed for a request or a response record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Request bodies and query parameters.
    Request,
    /// Response records.
    Response,
}

impl Role {
    /// The role of a struct's fields, by their presence.
    pub fn of(presence: Presence) -> Role {
        if presence == Presence::Lenient { Role::Response } else { Role::Request }
    }
}

/// The Rust type of a value of `ty` (without the Option/Patch wrapper).
pub fn value_type(ty: &Type, role: Role, scope: &Scope) -> TokenStream {
    match ty {
        Type::Scalar(scalar) => {
            let spec = scalar.spec();
            rust_type(if role == Role::Request { spec.request } else { spec.response }, scope)
        }
        Type::Object(o) if o.shape => {
            let shapes = scope.module(Module::Shapes);
            let name = &o.name;
            quote!(#shapes::#name)
        }
        Type::Object(o) => o.name.to_token_stream(),
        Type::Enum(e) => e.name.to_token_stream(),
        Type::Array(inner) => {
            let vec = scope.path(Item::Vec);
            let inner = value_type(inner, role, scope);
            quote!(#vec<#inner>)
        }
    }
}

/// The tokens naming a Rust type of the table of types.
fn rust_type(ty: RustType, scope: &Scope) -> TokenStream {
    match ty {
        RustType::Primitive(name) => ident(name).to_token_stream(),
        RustType::String => scope.path(Item::String),
        RustType::Runtime("RawJson") => scope.path(Item::RawJson),
        RustType::Runtime("DateTime") => scope.path(Item::DateTime),
        RustType::Runtime(name) => {
            let name = ident(name);
            quote!(crate::#name)
        }
        RustType::JsonValue => quote!(serde_json::Value),
        RustType::JsonObject => {
            let string = scope.path(Item::String);
            quote!(serde_json::Map<#string, serde_json::Value>)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(set: BitSet) -> String {
        match set {
            BitSet::Word(t) => format!("word {t}"),
            BitSet::Words(t) => format!("words {t}"),
        }
    }

    #[test]
    fn integration_sets_are_one_word_until_the_65th_integration() {
        assert_eq!(shown(bit_set([])), "word 0x0");
        assert_eq!(shown(bit_set([0, 2, 63])), "word 0x8000000000000005");
        assert_eq!(shown(bit_set([1, 64, 130])), "words & [0x2 , 0x1 , 0x4]");
    }
}
