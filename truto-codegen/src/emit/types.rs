//! Structs and open enums: models, nested objects, shapes, request bodies and queries.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{EnumType, Field, ObjectType, Param, ParamRole, Presence, QueryGroup, Type};

use super::docs::{IntegrationNames, field_doc};
use super::scope::{Item, Module, Scope};
use super::tokens::{Role, doc_text, value_type};

/// What a struct is for, which decides its derives and attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    /// A response record, nested object or shape: every field optional, read leniently.
    Record,
    /// A request body (or an object nested in one).
    Body(Presence),
    /// Query parameters: only ever serialized.
    Query,
}

impl StructKind {
    fn presence(self) -> Presence {
        match self {
            StructKind::Record => Presence::Lenient,
            StructKind::Body(presence) => presence,
            StructKind::Query => Presence::Strict,
        }
    }
}

/// The type definitions of one module in the order they were added (a model before its
/// nested types, endpoints in order), each type once.
pub struct TypeDefs<'s> {
    scope: &'s Scope,
    names: &'s IntegrationNames,
    defined: BTreeSet<String>,
    items: Vec<TokenStream>,
}

impl<'s> TypeDefs<'s> {
    /// Definitions for a module with this scope.
    pub fn new(scope: &'s Scope, names: &'s IntegrationNames) -> Self {
        TypeDefs { scope, names, defined: BTreeSet::new(), items: Vec::new() }
    }

    /// The definitions.
    pub fn into_tokens(self) -> TokenStream {
        let items = self.items;
        quote!(#(#items)*)
    }

    /// Adds a definition unless one of that name is there already.
    pub fn push(&mut self, name: &str, item: TokenStream) -> bool {
        let new = self.defined.insert(name.to_owned());
        if new {
            self.items.push(item);
        }
        new
    }

    /// Emits `object` and every type nested in it (shapes excepted: they live in `shapes`).
    pub fn add_object(&mut self, object: &ObjectType, kind: StructKind) {
        if self.defined.contains(object.name.as_str()) {
            return;
        }
        let fields: Vec<TokenStream> = object.fields.iter().map(|f| self.struct_field(f, kind.presence())).collect();
        let default = match kind {
            // Required members of a body have no sensible default.
            StructKind::Body(Presence::Strict) => object.fields.iter().all(|f| !f.required),
            _ => true,
        };
        let item = self.struct_item(object, kind, default, quote!(#(#fields)*));
        self.push(object.name.as_str(), item);
        let nested = match kind {
            StructKind::Body(_) | StructKind::Query => StructKind::Body(Presence::Strict),
            StructKind::Record => StructKind::Record,
        };
        for field in &object.fields {
            self.add_nested(&field.ty, nested);
        }
    }

    /// Emits a query struct: the endpoint's own parameters and the shared groups it holds,
    /// each with an `AsMut` impl for the group's setter trait.
    pub fn add_query(&mut self, object: &ObjectType, own: &[Param], groups: &[&QueryGroup]) {
        let scope = self.scope;
        let mut members: Vec<TokenStream> = own.iter().map(|p| self.struct_field(&p.field, Presence::Strict)).collect();
        for group in groups {
            let (field, ty) = (&group.field, &group.name);
            members.push(quote! {
                /// Truto's shared parameters.
                #[serde(flatten)]
                pub #field: crate::#ty,
            });
        }
        let default = own.iter().chain(groups.iter().flat_map(|g| &g.params)).all(|p| p.role != ParamRole::Argument);
        let item = self.struct_item(object, StructKind::Query, default, quote!(#(#members)*));
        if self.push(object.name.as_str(), item) {
            let name = &object.name;
            let as_mut = scope.path(Item::AsMut);
            for group in groups {
                let (field, ty) = (&group.field, &group.name);
                self.items.push(quote! {
                    impl #as_mut<crate::#ty> for #name {
                        fn as_mut(&mut self) -> &mut crate::#ty {
                            &mut self.#field
                        }
                    }
                });
            }
        }
        for param in own {
            self.add_nested(&param.field.ty, StructKind::Body(Presence::Strict));
        }
    }

    fn struct_item(&self, object: &ObjectType, kind: StructKind, default: bool, fields: TokenStream) -> TokenStream {
        let scope = self.scope;
        let name = &object.name;
        let docs = scope.doc(&object.description.as_deref().map(doc_text).unwrap_or_else(|| format!("`{name}`.")));
        let default_derive = default.then(|| scope.path(Item::Default));
        let serialize = scope.path(Item::Serialize);
        let derives =
            [Some(quote!(Debug)), Some(quote!(Clone)), Some(quote!(PartialEq)), default_derive, Some(serialize)];
        let derives = derives.into_iter().flatten();
        // Requests are only ever serialized; records are decoded by the runtime's `record`
        // module (a `Record` impl, far less code than serde's derive).
        let decode = (kind == StructKind::Record).then(|| self.record_impl(object));
        quote! {
            #docs
            #[derive(#(#derives),*)]
            pub struct #name {
                #fields
            }

            #decode
        }
    }

    /// `impl Record`: one arm per field, reading scalars leniently; and its `Deserialize`.
    fn record_impl(&self, object: &ObjectType) -> TokenStream {
        let scope = self.scope;
        let name = &object.name;
        let (record_trait, map_access, result) =
            (scope.path(Item::Record), scope.path(Item::MapAccess), scope.path(Item::Result));
        let record = scope.module(Module::Record);
        let arms = object.fields.iter().map(|f| {
            let (wire, rust) = (&f.wire, &f.rust);
            let read = match &f.ty {
                Type::Scalar(scalar) if scalar.spec().lenient_reader.is_some() => quote!(scalar),
                _ => quote!(value),
            };
            quote!(#wire => #record::#read(&mut self.#rust, key, map),)
        });
        let record_name = name.as_str();
        // An object the docs name without its fields (`known_in_part`) has no arm to match.
        let (key, read) = if object.fields.is_empty() {
            (quote!(_key), quote!(#record::skip(map)))
        } else {
            (quote!(key), quote!(match key { #(#arms)* _ => #record::skip(map), }))
        };
        quote! {
            impl #record_trait for #name {
                const NAME: &'static str = #record_name;

                fn read_field<'de, A: #map_access<'de>>(&mut self, #key: &str, map: &mut A) -> #result<(), A::Error> {
                    #read
                }
            }

            crate::record!(#name);
        }
    }

    /// Emits the types a field's type needs.
    pub fn add_nested(&mut self, ty: &Type, kind: StructKind) {
        match ty {
            Type::Object(o) if !o.shape => self.add_object(o, kind),
            Type::Enum(e) => self.add_enum(e),
            Type::Array(inner) => self.add_nested(inner, kind),
            _ => {}
        }
    }

    /// Emits an open enum.
    pub fn add_enum(&mut self, e: &EnumType) {
        if !self.defined.contains(e.name.as_str()) {
            let item = open_enum(e, self.scope);
            self.push(e.name.as_str(), item);
        }
    }

    /// A struct member: docs, serde attributes and the wrapped type.
    fn struct_field(&self, field: &Field, presence: Presence) -> TokenStream {
        let scope = self.scope;
        let name = &field.rust;
        let docs = scope.doc(&field_doc(field, presence, Some(&field.support), self.names));
        let value = value_type(&field.ty, Role::of(presence), scope);
        let wire = &field.wire;
        let rename = (field.rust.bare() != field.wire).then(|| quote!(rename = #wire));
        let attributes = |mut parts: Vec<TokenStream>| {
            parts.splice(0..0, rename.clone());
            (!parts.is_empty()).then(|| quote!(#[serde(#(#parts),*)]))
        };
        match presence {
            Presence::Strict if field.required => {
                let serde = attributes(Vec::new());
                quote! {
                    #docs
                    #serde
                    pub #name: #value,
                }
            }
            Presence::Lenient | Presence::Strict => {
                let option = scope.path(Item::Option);
                let is_none = format!("{}::is_none", scope.path_text(Item::Option));
                let serde = attributes(vec![quote!(skip_serializing_if = #is_none)]);
                quote! {
                    #docs
                    #serde
                    pub #name: #option<#value>,
                }
            }
            Presence::Patch => {
                let patch = scope.path(Item::Patch);
                let is_absent = format!("{}::is_absent", patch.to_string().replace(' ', ""));
                let serde = attributes(vec![quote!(skip_serializing_if = #is_absent)]);
                quote! {
                    #docs
                    #serde
                    pub #name: #patch<#value>,
                }
            }
        }
    }
}

/// An enum with a variant per documented value and `Unknown(String)` for the rest, which
/// (de)serializes as the plain string and round-trips values the docs never listed. The
/// runtime's `open_enum!` macro writes its impls.
pub fn open_enum(e: &EnumType, scope: &Scope) -> TokenStream {
    let name = &e.name;
    let string = scope.path(Item::String);
    let docs = scope.doc(&format!(
        "{}\n\nAn open enum: values the docs do not list decode as [`{name}::Unknown`] and are written back unchanged.",
        e.description.as_deref().map(doc_text).unwrap_or_else(|| format!("The values of `{name}`."))
    ));
    let variants = e.values.iter().map(|v| {
        let wire = if v.wire.is_empty() { "The empty string".to_owned() } else { format!("`{}`", v.wire) };
        let docs = scope.doc(&match &v.doc {
            Some(d) => format!("{wire}: {}", doc_text(d)),
            None => wire,
        });
        let variant = &v.variant;
        quote!(#docs #variant,)
    });
    let pairs = e.values.iter().map(|v| {
        let (variant, wire) = (&v.variant, &v.wire);
        quote!((Self::#variant, #wire))
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value the docs do not list, kept exactly as received.
            Unknown(#string),
        }

        impl #name {
            /// Every documented value with its text, in the docs' order.
            pub const DOCUMENTED: &'static [(Self, &'static str)] = &[#(#pairs),*];
        }

        crate::open_enum!(#name);
    }
}
