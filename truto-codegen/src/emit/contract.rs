//! `tests/contract/cases.rs`: the contract test's cases, one per endpoint and response format
//! it allows, each request built through the typed client as a program would: every parameter
//! set, an `Unknown` value for every enum, two items in every array, and a PATCH body once with
//! every field set and once with every field cleared. The crate's `tests/contract.rs` runs them
//! against a mock server of the crate's `openapi.json` (the `truto-contract` crate).
//!
//! Generated, so that every endpoint has its cases without a list kept by hand.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use truto_unified_runtime::vocabulary::Answer;

use crate::model::{
    Api, BodyDefault, Endpoint, Field, ObjectType, Param, ParamRole, Presence, RequestBody, Resource, Scalar, Schema,
    Type,
};

use super::Output;
use super::openapi::example;

/// The cases of every endpoint of `schema`, for the crate named `crate_name`.
pub fn contract_cases(schema: &Schema, crate_name: &str) -> Output {
    let krate = format_ident!("{crate_name}");
    let mut runs = Vec::new();
    let mut builders = Vec::new();
    for api in &schema.apis {
        for resource in &api.resources {
            let paths = TypePaths { schema, resource, api, krate: &krate };
            // A resource's cases run when its feature is on, as its endpoints exist.
            let cfg = paths.cfg();
            for endpoint in &resource.endpoints {
                let cases = Cases { paths: &paths, endpoint };
                runs.extend(cases.runs().into_iter().map(|run| quote!(#cfg #run)));
                builders.push(cases.builders());
            }
        }
    }
    let tokens = quote! {
        //! The contract test's cases: every endpoint in every response format it allows, each
        //! request built through the typed client with every parameter set, an `Unknown` value
        //! for every enum, two items in every array, and a PATCH body once with every field set
        //! and once with every field cleared. `tests/contract.rs` runs them.

        use truto_contract::Contract;
        use #krate::prelude::*;
        use #krate::{Call, Client};

        /// Runs every case.
        pub async fn run(contract: &mut Contract) {
            #(#runs)*
        }

        #(#builders)*
    };
    Output::Rust { tokens, docs: Vec::new(), laid_out: String::new() }
}

/// Where the types an endpoint's values need are defined.
struct TypePaths<'s> {
    schema: &'s Schema,
    api: &'s Api,
    resource: &'s Resource,
    krate: &'s Ident,
}

impl TypePaths<'_> {
    /// `#[cfg(feature = "contacts")]`: what the resource's items are compiled under.
    fn cfg(&self) -> TokenStream {
        let feature = &self.resource.feature;
        quote!(#[cfg(feature = #feature)])
    }

    /// The full path of a generated type (a model, nested object or enum) used by the resource.
    fn path(&self, name: &str) -> TokenStream {
        let krate = self.krate;
        let ident = format_ident!("{name}");
        if self.resource.defined_types.contains(name) {
            let (api, resource) = (&self.api.module, &self.resource.module);
            quote!(#krate::#api::#resource::#ident)
        } else if self.schema.shape_types.contains(name) {
            quote!(#krate::shapes::#ident)
        } else {
            quote!(#krate::#ident)
        }
    }
}

/// The cases of one endpoint.
struct Cases<'a, 's> {
    paths: &'a TypePaths<'s>,
    endpoint: &'s Endpoint,
}

/// A PATCH body's fields: each set to a value, or each cleared.
#[derive(Clone, Copy, PartialEq)]
enum Patched {
    Set,
    Cleared,
}

impl Cases<'_, '_> {
    /// `crm_widgets_update`: the builder of the endpoint's call.
    fn builder(&self) -> Ident {
        let (api, resource) = (self.paths.api.module.bare(), self.paths.resource.module.bare());
        format_ident!("{api}_{resource}_{}", self.endpoint.method.bare())
    }

    /// The bodies its cases send: none, one, or for a PATCH body the docs describe one set and
    /// one cleared.
    fn bodies(&self) -> Vec<(Ident, Patched)> {
        let builder = self.builder();
        match &self.endpoint.body {
            RequestBody::None => Vec::new(),
            RequestBody::Documented(body) if body.object.presence == Presence::Patch => vec![
                (format_ident!("{builder}_body"), Patched::Set),
                (format_ident!("{builder}_body_cleared"), Patched::Cleared),
            ],
            RequestBody::Documented(_) | RequestBody::Undocumented(_) => {
                vec![(format_ident!("{builder}_body"), Patched::Set)]
            }
        }
    }

    /// The type of the body its cases send: the documented struct, or an undocumented body's
    /// default (the model, or JSON).
    fn body_type(&self) -> Option<TokenStream> {
        match &self.endpoint.body {
            RequestBody::None => None,
            RequestBody::Documented(body) => Some(self.paths.path(body.object.name.as_str())),
            RequestBody::Undocumented(body) => Some(match &body.default {
                BodyDefault::Model(model) => self.paths.path(model.as_str()),
                BodyDefault::Json => quote!(serde_json::Value),
            }),
        }
    }

    /// One statement per body and format: `contract.decoded(|client| ...).await;`.
    fn runs(&self) -> Vec<TokenStream> {
        let builder = self.builder();
        let bodies = self.bodies();
        let calls: Vec<Option<TokenStream>> = if bodies.is_empty() {
            vec![None]
        } else {
            bodies.iter().map(|(body, _)| Some(quote!(#builder(client, #body())))).collect()
        };
        let mut runs = Vec::new();
        for call in &calls {
            for &format in &self.endpoint.response_formats {
                let check = if format.answer() == Answer::Bytes { quote!(streamed) } else { quote!(decoded) };
                let run = match (call, format.is_default()) {
                    (None, true) => quote!(#builder),
                    (Some(call), true) => quote!(|client| #call),
                    (call, false) => {
                        let call = call.clone().unwrap_or_else(|| quote!(#builder(client)));
                        let switch = format_ident!("{}", format.word());
                        quote!(|client| #call.#switch())
                    }
                };
                runs.push(quote!(contract.#check(#run).await;));
            }
        }
        runs
    }

    /// The builder of the call, and the function of each body it sends.
    fn builders(&self) -> TokenStream {
        let endpoint = self.endpoint;
        let builder = self.builder();
        let request = self.paths.path(endpoint.request.as_str());
        let (api, resource, method) = (&self.paths.api.module, &self.paths.resource.module, &endpoint.method);
        let mut arguments: Vec<TokenStream> = endpoint.path.params().map(|p| self.argument(p)).collect();
        arguments.extend(self.paths.schema.argument_params(endpoint).map(|p| self.argument(&p.field)));
        let body_param = self.body_type().map(|ty| quote!(, body: #ty));
        if body_param.is_some() {
            arguments.push(quote!(body));
        }
        let setters = self.params().filter(|p| p.role != ParamRole::Argument).map(|p| {
            let setter = &p.setter;
            let value = self.argument(&p.field);
            quote!(.#setter(#value))
        });
        let doc = format!(" `{}`, every parameter set.", endpoint.title());
        let bodies = self.bodies().into_iter().map(|(name, patched)| self.body_fn(&name, patched));
        let cfg = self.paths.cfg();
        quote! {
            #[doc = #doc]
            #cfg
            fn #builder(client: &Client #body_param) -> Call<#request> {
                client.#api().#resource().#method(#(#arguments),*)
                    #(#setters)*
            }

            #(#bodies)*
        }
    }

    /// Every query parameter the endpoint takes: its shared groups' and its own.
    fn params(&self) -> impl Iterator<Item = &Param> {
        let schema = self.paths.schema;
        let groups = self.endpoint.query.groups.iter().filter_map(|&g| schema.query_groups.get(g));
        groups.flat_map(|g| &g.params).chain(&self.endpoint.query.own)
    }

    fn body_fn(&self, name: &Ident, patched: Patched) -> TokenStream {
        let Some(ty) = self.body_type() else { return TokenStream::new() };
        let value = match &self.endpoint.body {
            RequestBody::None => return TokenStream::new(),
            RequestBody::Documented(body) => self.documented_body(&body.object, patched),
            // Any JSON object the export allows: the model with every field set, or JSON.
            RequestBody::Undocumented(body) => match &body.default {
                BodyDefault::Model(_) => self.object(&self.paths.resource.model, Presence::Lenient),
                BodyDefault::Json => quote!(serde_json::json!({"undocumented": "value"})),
            },
        };
        let doc = match patched {
            Patched::Set => format!(" The body of `{}`, every field set.", self.endpoint.title()),
            Patched::Cleared => format!(" The body of `{}`, every field cleared.", self.endpoint.title()),
        };
        let cfg = self.paths.cfg();
        quote! {
            #[doc = #doc]
            #cfg
            fn #name() -> #ty {
                #value
            }
        }
    }

    /// A documented body's struct literal: every field set (PATCH: to a value, or cleared), and
    /// one field the docs do not name where they show the body only in part.
    fn documented_body(&self, object: &ObjectType, patched: Patched) -> TokenStream {
        let ty = self.paths.path(object.name.as_str());
        let mut fields: Vec<TokenStream> = object
            .fields
            .iter()
            .map(|field| {
                let name = &field.rust;
                let value = match (object.presence, patched) {
                    (Presence::Patch, Patched::Set) => {
                        let (patch, value) = (self.patch(), self.sample(&field.ty, field, Presence::Strict));
                        quote!(#patch::Set(#value))
                    }
                    (Presence::Patch, Patched::Cleared) => {
                        let patch = self.patch();
                        quote!(#patch::Null)
                    }
                    _ => self.member(field, Presence::Strict),
                };
                quote!(#name: #value)
            })
            .collect();
        fields.extend(self.other_fields(object));
        quote!(#ty { #(#fields),* })
    }

    /// `other_fields: ...` with one field the docs do not name, for an object known in part:
    /// `OtherFields` in a record, a JSON map in a request.
    fn other_fields(&self, object: &ObjectType) -> Option<TokenStream> {
        object.known_in_part.as_ref()?;
        let name = crate::names::other_fields();
        let krate = self.paths.krate;
        let json = quote!(serde_json::json!("value"));
        let value = if object.is_record() {
            quote!(#krate::OtherFields::from_iter([("undocumented", #krate::RawJson::from_value(&#json))]))
        } else {
            quote!(serde_json::Map::from_iter([("undocumented".to_owned(), #json)]))
        };
        Some(quote!(#name: #value))
    }

    fn patch(&self) -> TokenStream {
        let krate = self.paths.krate;
        quote!(#krate::Patch)
    }

    /// A struct member's value: `Some(value)` where the field is optional (in a record, every
    /// field is).
    fn member(&self, field: &Field, presence: Presence) -> TokenStream {
        let value = self.sample(&field.ty, field, presence);
        if field.required && presence == Presence::Strict { value } else { quote!(Some(#value)) }
    }

    /// A value of `ty` for `field`, valid against the export: the docs' example of a scalar
    /// when it is one of its type, a fixed value otherwise. `presence` is that of the struct
    /// the value is in: a record's maps are `RawJson`, and its nested objects records too.
    fn sample(&self, ty: &Type, field: &Field, presence: Presence) -> TokenStream {
        match ty {
            Type::Scalar(Scalar::Map) if presence == Presence::Lenient => {
                let krate = self.paths.krate;
                quote!(#krate::RawJson::from_value(&serde_json::json!({"key": "value"})))
            }
            Type::Scalar(scalar) => self.scalar(*scalar, field),
            Type::Enum(e) => {
                let ty = self.paths.path(e.name.as_str());
                quote!(#ty::Unknown("undocumented".to_owned()))
            }
            Type::Array(inner) => {
                // An array rather than `vec![..]`, whose tokens prettyplease leaves unformatted.
                let item = self.sample(inner, field, presence);
                quote!([#item, #item].into())
            }
            Type::Object(object) => self.object(object, presence),
        }
    }

    /// A struct literal with every field set. A shape is a record (every field an `Option`),
    /// and so is every object nested in a record; a request's own nested object has its
    /// required fields plain.
    fn object(&self, object: &ObjectType, presence: Presence) -> TokenStream {
        let ty = self.paths.path(object.name.as_str());
        let presence = if object.shape { Presence::Lenient } else { presence };
        let mut fields: Vec<TokenStream> = object
            .fields
            .iter()
            .map(|field| {
                let (name, value) = (&field.rust, self.member(field, presence));
                quote!(#name: #value)
            })
            .collect();
        fields.extend(self.other_fields(object));
        quote!(#ty { #(#fields),* })
    }

    /// A value for a setter or a client method's argument, as a program writes it: text
    /// (which they take as `impl Into<..>`) as string literals.
    fn argument(&self, field: &Field) -> TokenStream {
        match &field.ty {
            Type::Scalar(scalar) if field.ty.is_text() => self.text(*scalar, field).to_token_stream(),
            Type::Array(inner) if inner.is_text() => {
                let Type::Scalar(scalar) = **inner else { return self.sample(&field.ty, field, Presence::Strict) };
                let text = self.text(scalar, field);
                quote!([#text, #text])
            }
            ty => self.sample(ty, field, Presence::Strict),
        }
    }

    /// The text of a text scalar: the docs' example when it is one of its type.
    fn text(&self, scalar: Scalar, field: &Field) -> String {
        let example = example(field).filter(|_| matches!(field.ty, Type::Scalar(_)));
        let fixed = match scalar {
            Scalar::Uuid => "62f44730-dd91-461e-bd6a-aedd9e0ad79d",
            Scalar::DateTime => "2026-12-31T17:00:00Z",
            _ => "text",
        };
        example.as_ref().and_then(|e| e.as_str()).unwrap_or(fixed).to_owned()
    }

    fn scalar(&self, scalar: Scalar, field: &Field) -> TokenStream {
        let example = example(field).filter(|_| matches!(field.ty, Type::Scalar(_)));
        let krate = self.paths.krate;
        match scalar {
            Scalar::String | Scalar::Uuid => {
                let text = self.text(scalar, field);
                quote!(#text.to_owned())
            }
            Scalar::DateTime => {
                let text = self.text(scalar, field);
                quote!(#krate::DateTime::from(#text))
            }
            Scalar::Number => {
                Literal::f64_unsuffixed(example.and_then(|e| e.as_f64()).unwrap_or(1.5)).to_token_stream()
            }
            Scalar::Integer => Literal::i64_unsuffixed(example.and_then(|e| e.as_i64()).unwrap_or(2)).to_token_stream(),
            Scalar::Boolean => match example.and_then(|e| e.as_bool()).unwrap_or(true) {
                true => quote!(true),
                false => quote!(false),
            },
            Scalar::Map => quote!(serde_json::Map::from_iter([("key".to_owned(), serde_json::json!("value"))])),
            Scalar::Any => quote!(serde_json::json!("value")),
        }
    }
}
