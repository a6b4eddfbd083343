//! Small helpers for building tokens: identifiers, doc attributes, Rust types of fields.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Field, Type};
use crate::types::RustType;

/// An identifier, raw (`r#type`) where the name says so.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
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

/// Whether a field's members are all optional, or follow the schema's `required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Responses: anything may be missing or null, whatever the docs say.
    Lenient,
    /// Requests: required fields must be given.
    Strict,
    /// PATCH bodies: absent, null or a value.
    Patch,
}

/// The Rust type of a value of `ty` in a response record (without the Option wrapper).
pub fn response_value_type(ty: &Type) -> TokenStream {
    value_type_in(ty, Role::Response)
}

/// The Rust type of a value of `ty` in a request (without the Option/Patch wrapper).
pub fn value_type(ty: &Type) -> TokenStream {
    value_type_in(ty, Role::Request)
}

/// Whether a type is printed for a request or a response record.
#[derive(Clone, Copy)]
enum Role {
    Request,
    Response,
}

fn value_type_in(ty: &Type, role: Role) -> TokenStream {
    match ty {
        Type::Scalar(scalar) => {
            let spec = scalar.spec();
            rust_type(match role {
                Role::Request => spec.request,
                Role::Response => spec.response,
            })
        }
        Type::Object(o) if o.shape => {
            let name = ident(&o.name);
            quote!(crate::shapes::#name)
        }
        Type::Object(o) => {
            let name = ident(&o.name);
            quote!(#name)
        }
        Type::Enum(e) => {
            let name = ident(&e.name);
            quote!(#name)
        }
        Type::Array(inner) => {
            let inner = value_type_in(inner, role);
            quote!(::std::vec::Vec<#inner>)
        }
    }
}

/// The tokens naming a Rust type of the table.
fn rust_type(ty: RustType) -> TokenStream {
    match ty {
        RustType::Primitive(name) => {
            let name = ident(name);
            quote!(#name)
        }
        RustType::String => quote!(::std::string::String),
        RustType::Runtime(name) => {
            let name = ident(name);
            quote!(crate::#name)
        }
        RustType::JsonValue => quote!(::serde_json::Value),
        RustType::JsonObject => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
    }
}

/// A struct member: docs, serde attributes and the wrapped type.
pub fn struct_field(field: &Field, presence: Presence, docs: &str) -> TokenStream {
    let name = ident(&field.rust);
    let doc = doc(docs);
    let comma = (crate::names::unraw(&field.rust) != field.wire).then(|| quote!(,));
    let value = if presence == Presence::Lenient { response_value_type(&field.ty) } else { value_type(&field.ty) };
    let rename = (crate::names::unraw(&field.rust) != field.wire).then(|| {
        let wire = &field.wire;
        quote!(rename = #wire)
    });
    match presence {
        Presence::Strict if field.required => {
            let serde = rename.map(|rename| quote!(#[serde(#rename)]));
            quote! {
                #doc
                #serde
                pub #name: #value,
            }
        }
        Presence::Lenient | Presence::Strict => {
            // Responses read scalars leniently (`crate::lenient`): `123` for a string, ...
            let lenient = (presence == Presence::Lenient)
                .then(|| lenient_reader(&field.ty))
                .flatten()
                .map(|reader| quote!(deserialize_with = #reader,));
            quote! {
                #doc
                #[serde(#rename #comma default, #lenient skip_serializing_if = "::std::option::Option::is_none")]
                pub #name: ::std::option::Option<#value>,
            }
        }
        Presence::Patch => quote! {
            #doc
            #[serde(#rename #comma default, skip_serializing_if = "crate::Patch::is_absent")]
            pub #name: crate::Patch<#value>,
        },
    }
}

/// The lenient reader of a scalar response field, if it is one.
fn lenient_reader(ty: &Type) -> Option<String> {
    match ty {
        Type::Scalar(scalar) => scalar.spec().lenient_reader.map(|reader| format!("crate::lenient::{reader}")),
        _ => None,
    }
}
