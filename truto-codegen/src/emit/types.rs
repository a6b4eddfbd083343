//! Structs and open enums: models, nested objects, shapes, request bodies and queries.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{EnumType, ObjectType, Type};

use super::docs::{IntegrationNames, field_doc};
use super::tokens::{Presence, doc, doc_text, ident, struct_field};

/// The type definitions of one module in the order they were added (a model before its
/// nested types, endpoints in order), each type once.
#[derive(Default)]
pub struct TypeDefs {
    names: BTreeSet<String>,
    items: Vec<TokenStream>,
}

impl TypeDefs {
    /// The definitions.
    pub fn into_tokens(self) -> TokenStream {
        let items = self.items;
        quote!(#(#items)*)
    }

    fn insert(&mut self, name: &str, item: TokenStream) {
        if self.names.insert(name.to_owned()) {
            self.items.push(item);
        }
    }

    /// Emits `object` and every type nested in it (shapes excepted: they live in `shapes`).
    pub fn add_object(&mut self, object: &ObjectType, presence: Presence, names: &IntegrationNames) {
        if self.names.contains(&object.name) {
            return;
        }
        let name = ident(&object.name);
        let docs = doc(&object.description.as_deref().map(doc_text).unwrap_or_else(|| format!("`{}`.", object.name)));
        let fields: Vec<TokenStream> =
            object.fields.iter().map(|f| struct_field(f, presence, &field_doc(f, Some(&f.support), names))).collect();
        // Required members have no sensible default, and f64 rules out Eq.
        let default =
            (presence != Presence::Strict || object.fields.iter().all(|f| !f.required)).then(|| quote!(Default,));
        self.insert(
            &object.name,
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
                pub struct #name {
                    #(#fields)*
                }
            },
        );
        let nested = if presence == Presence::Patch { Presence::Strict } else { presence };
        for field in &object.fields {
            self.add_nested(&field.ty, nested, names);
        }
    }

    /// Emits the types a field's type needs.
    pub fn add_nested(&mut self, ty: &Type, presence: Presence, names: &IntegrationNames) {
        match ty {
            Type::Object(o) if !o.shape => self.add_object(o, presence, names),
            Type::Enum(e) => self.add_enum(e),
            Type::Array(inner) => self.add_nested(inner, presence, names),
            _ => {}
        }
    }

    /// Emits an open enum.
    pub fn add_enum(&mut self, e: &EnumType) {
        if !self.names.contains(&e.name) {
            self.insert(&e.name, open_enum(e));
        }
    }
}

/// An enum with a variant per documented value and `Unknown(String)` for the rest, which
/// (de)serializes as the plain string and round-trips values the docs never listed.
pub fn open_enum(e: &EnumType) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(&format!(
        "{}\n\nAn open enum: values the docs do not list decode as [`{}::Unknown`] and are written back unchanged.",
        e.description.as_deref().map(doc_text).unwrap_or_else(|| format!("The values of `{}`.", e.name)),
        e.name
    ));
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.variant)).collect();
    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| {
            let wire = if v.wire.is_empty() { "The empty string".to_owned() } else { format!("`{}`", v.wire) };
            doc(&match &v.doc {
                Some(d) => format!("{wire}: {}", doc_text(d)),
                None => wire,
            })
        })
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the docs do not list, kept exactly as received.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every documented value, in the docs' order.
            pub const DOCUMENTED: &'static [Self] = &[#(Self::#variants),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether the docs list this value.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::open_enum::deserialize_text(deserializer).map(Self::from)
            }
        }
    }
}
