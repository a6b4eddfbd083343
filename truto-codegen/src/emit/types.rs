//! Structs and open enums: models, nested objects, shapes, request bodies and queries.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::visit::{Site, Visit, walk_object, walk_query};
use crate::model::{
    Endpoint, EnumType, Field, ObjectType, Param, Presence, QueryGroup, Response, Scalar, Schema, Type, TypeName,
};
use crate::names;

use super::docs::{IntegrationNames, field_doc};
use super::scope::{Item, Module, Scope};
use super::tokens::{Role, doc_text, value_type};

/// The type definitions of one module in the order the [walk](crate::model::visit) over its
/// types meets them (a model before its nested types, endpoints in order), each type once.
pub struct TypeDefs<'s> {
    schema: &'s Schema,
    scope: &'s Scope,
    names: &'s IntegrationNames,
    defined: BTreeSet<String>,
    items: Vec<TokenStream>,
}

impl<'s> TypeDefs<'s> {
    /// Definitions for a module with this scope.
    pub fn new(schema: &'s Schema, scope: &'s Scope, names: &'s IntegrationNames) -> Self {
        TypeDefs { schema, scope, names, defined: BTreeSet::new(), items: Vec::new() }
    }

    /// The definitions.
    pub fn into_tokens(self) -> TokenStream {
        let items = self.items;
        quote!(#(#items)*)
    }

    /// Adds a definition unless one of that name is there already.
    fn push(&mut self, name: &str, item: TokenStream) -> bool {
        let new = self.defined.insert(name.to_owned());
        if new {
            self.items.push(item);
        }
        new
    }

    /// Emits a query struct: an endpoint's own parameters and the shared groups it holds, each
    /// with an `AsMut` impl for the group's setter trait; or a group's parameters alone.
    pub fn add_query(
        &mut self,
        name: &TypeName,
        description: &str,
        derives_default: bool,
        own: &[Param],
        groups: &[&QueryGroup],
    ) {
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
        let item = self.struct_item(name, description, derives_default, None, quote!(#(#members)*));
        if self.push(name.as_str(), item) {
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
    }

    /// A struct's definition: docs, derives, fields (and the other fields of a struct known in
    /// part), and for a record its `Record` impl.
    fn object_item(&self, object: &ObjectType) -> TokenStream {
        let mut fields: Vec<TokenStream> =
            object.fields.iter().map(|f| self.struct_field(f, object.presence)).collect();
        fields.extend(object.known_in_part.as_ref().map(|_| self.other_fields_member(object)));
        let mut description =
            object.description.as_deref().map(doc_text).unwrap_or_else(|| format!("`{}`.", object.name));
        if let Some(text) = &object.known_in_part {
            description.push_str("\n\n");
            description.push_str(&known_in_part_doc(object, text));
        }
        // Requests are only ever serialized; records are decoded by the runtime's `record`
        // module (a `Record` impl, far less code than serde's derive).
        let decode = object.is_record().then(|| self.record_impl(object));
        self.struct_item(&object.name, &description, object.derives_default, decode, quote!(#(#fields)*))
    }

    fn struct_item(
        &self,
        name: &TypeName,
        description: &str,
        derives_default: bool,
        decode: Option<TokenStream>,
        fields: TokenStream,
    ) -> TokenStream {
        let scope = self.scope;
        let docs = scope.doc(description);
        let default_derive = derives_default.then(|| scope.path(Item::Default));
        let serialize = scope.path(Item::Serialize);
        let derives =
            [Some(quote!(Debug)), Some(quote!(Clone)), Some(quote!(PartialEq)), default_derive, Some(serialize)];
        let derives = derives.into_iter().flatten();
        quote! {
            #docs
            #[derive(#(#derives),*)]
            pub struct #name {
                #fields
            }

            #decode
        }
    }

    /// `other_fields`: what a struct known only in part keeps (a record: every field it does not
    /// name, as raw JSON) or sends (a request: fields the docs do not name).
    fn other_fields_member(&self, object: &ObjectType) -> TokenStream {
        let scope = self.scope;
        let name = names::other_fields();
        let (docs, ty) = if object.is_record() {
            let docs = "The fields the server sent that the docs do not name here, by wire name and in the order \
                        received, as raw JSON: the docs show this struct only in part, and nothing is dropped.";
            (docs, scope.path(Item::OtherFields))
        } else {
            let docs = "Fields to send that the docs do not name here, by wire name: the docs show this struct only \
                        in part.";
            (docs, value_type(&Type::Scalar(Scalar::Map), Role::Request, scope))
        };
        let docs = scope.doc(docs);
        quote! {
            #docs
            #[serde(flatten)]
            pub #name: #ty,
        }
    }

    /// `impl Record`: one arm per field, reading scalars leniently; and its `Deserialize`.
    fn record_impl(&self, object: &ObjectType) -> TokenStream {
        let scope = self.scope;
        let name = &object.name;
        let (record_trait, map_access, result) =
            (scope.path(Item::Record), scope.path(Item::MapAccess), scope.path(Item::Result));
        let record = scope.module(Module::Record);
        let arms = object.fields.iter().enumerate().map(|(number, f)| {
            let (wire, rust) = (&f.wire, &f.rust);
            let read = match &f.ty {
                Type::Scalar(scalar) if scalar.spec().lenient_reader.is_some() => quote!(scalar),
                _ => quote!(value),
            };
            let number = proc_macro2::Literal::usize_unsuffixed(number);
            quote!(#wire => field.#read(#number, &mut self.#rust),)
        });
        let record_name = name.as_str();
        // An object the docs name without its fields (`known_in_part`) has no arm to match.
        let read_field = if object.fields.is_empty() {
            quote! {
                fn read_field<'de, A: #map_access<'de>>(&mut self, _field: #record::Field<'_, A>) -> #result<bool, A::Error> {
                    Ok(false)
                }
            }
        } else {
            quote! {
                fn read_field<'de, A: #map_access<'de>>(&mut self, field: #record::Field<'_, A>) -> #result<bool, A::Error> {
                    match field.key() {
                        #(#arms)*
                        _ => Ok(false),
                    }
                }
            }
        };
        // A record known in part keeps the keys it does not name; any other skips them.
        let read_other = object.known_in_part.as_ref().map(|_| {
            let other_fields = names::other_fields();
            quote! {
                fn read_other<'de, A: #map_access<'de>>(&mut self, key: &str, map: &mut A) -> #result<(), A::Error> {
                    #record::other(&mut self.#other_fields, key, map)
                }
            }
        });
        quote! {
            impl #record_trait for #name {
                const NAME: &'static str = #record_name;

                #read_field

                #read_other
            }

            crate::record!(#name);
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

impl Visit for TypeDefs<'_> {
    /// A response's records are the model's types, defined with it.
    fn visit_response(&mut self, _response: &Response) {}

    fn visit_query(&mut self, endpoint: &Endpoint) {
        let query = &endpoint.query;
        if query.has_own_struct() {
            let groups: Vec<&QueryGroup> = self.schema.held_groups(endpoint).collect();
            self.add_query(&query.name, &query.description, query.derives_default, &query.own, &groups);
        }
        walk_query(self, endpoint);
    }

    /// Each struct once, then the types of its fields (shapes are the `shapes` module's).
    fn visit_object(&mut self, object: &ObjectType, site: Site) {
        if !self.defined.contains(object.name.as_str()) {
            let item = self.object_item(object);
            self.push(object.name.as_str(), item);
            walk_object(self, object, site);
        }
    }

    fn visit_enum(&mut self, e: &EnumType, _site: Site) {
        if !self.defined.contains(e.name.as_str()) {
            let item = open_enum(e, self.scope);
            self.push(e.name.as_str(), item);
        }
    }
}

/// What a struct known only in part says of itself: where the docs stopped, and where the
/// fields they do not name are.
fn known_in_part_doc(object: &ObjectType, text: &str) -> String {
    let other = names::OTHER_FIELDS;
    let beyond = if object.fields.is_empty() { "" } else { " beyond the ones named here" };
    let kept = if object.is_record() {
        format!("Every field a server sends{beyond} is kept in [`{other}`](Self::{other}), as raw JSON by wire name.")
    } else {
        format!("Any field{beyond} can be sent in [`{other}`](Self::{other}), by wire name.")
    };
    let mut text = doc_text(text);
    if !text.ends_with('.') {
        text.push('.');
    }
    format!("**Known in part**: {text} {kept}")
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
