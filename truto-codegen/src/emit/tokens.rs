//! Small helpers for building tokens: names as identifiers, doc attributes, literals, and the
//! Rust type of a field's value.

use proc_macro2::{Ident, Span, TokenStream};
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
