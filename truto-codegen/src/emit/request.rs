//! Per endpoint: the typed request (sans-IO), its constructor, its `Endpoint` impl, the formats
//! it allows, and the setter trait of its own query parameters.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::model::{Endpoint, OperationKind, Param, ParamRole, PathPart, QueryGroup, Schema, Type, ValueName};

use super::scope::{Item, Module, Scope};
use super::tokens::{Role, doc_text, ident, value_type};

/// A one-line summary of an endpoint for docs.
pub fn summary(endpoint: &Endpoint) -> String {
    let model = &endpoint.response.model.name;
    let what = endpoint.description.as_deref().map(doc_text).unwrap_or_else(|| match endpoint.operation.kind {
        OperationKind::List => format!("Lists records as pages of [`{model}`]."),
        OperationKind::Get => format!("Gets one [`{model}`]."),
        OperationKind::Create => format!("Creates a [`{model}`]."),
        OperationKind::Update => format!("Updates a [`{model}`]."),
        OperationKind::Delete => format!("Deletes a [`{model}`]."),
        OperationKind::Custom => {
            format!("The `{}` method.", endpoint.operation.custom_name.as_deref().unwrap_or_default())
        }
    });
    let partial = if endpoint.response.partial {
        " The records may be partial: the get endpoint returns them whole."
    } else {
        ""
    };
    format!("`{}`: {what}{partial}", endpoint.title())
}

/// The arguments of an endpoint's constructor: its path parameters, its required non-text
/// query parameters, and its body.
pub struct Arguments {
    /// `name: Type` for each argument.
    pub params: Vec<TokenStream>,
    /// Each argument's name, to pass it on.
    pub names: Vec<TokenStream>,
}

/// The query parameters that are constructor arguments: the endpoint's own and its groups'.
pub fn argument_params<'e>(schema: &'e Schema, endpoint: &'e Endpoint) -> impl Iterator<Item = &'e Param> {
    held_groups(schema, endpoint)
        .flat_map(|g| &g.params)
        .chain(&endpoint.query.own)
        .filter(|p| p.role == ParamRole::Argument)
}

/// The shared groups the endpoint's query holds.
pub fn held_groups<'e>(schema: &'e Schema, endpoint: &'e Endpoint) -> impl Iterator<Item = &'e QueryGroup> {
    endpoint.query.groups.iter().filter_map(|&g| schema.query_groups.get(g))
}

/// How the endpoint's module names its query type: its own struct, or a shared group's at
/// the crate root.
pub fn query_type(endpoint: &Endpoint) -> TokenStream {
    let name = &endpoint.query.name;
    if endpoint.query.has_own_struct() { quote!(#name) } else { quote!(crate::#name) }
}

/// Where a shared group's parameters are in the request: `self.query.truto`, or `self.query`
/// when the group's struct is the query.
fn group_target(endpoint: &Endpoint, group: usize, field: &ValueName) -> TokenStream {
    if endpoint.query.group_struct == Some(group) { quote!(self.query) } else { quote!(self.query.#field) }
}

/// The constructor's arguments, as the request's `new` and the client's method take them.
pub fn arguments(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> Arguments {
    let into = scope.path(Item::Into);
    let string = scope.path(Item::String);
    let mut params = Vec::new();
    let mut names = Vec::new();
    for field in endpoint.path.params() {
        let name = &field.rust;
        params.push(quote!(#name: impl #into<#string>));
        names.push(name.to_token_stream());
    }
    for param in argument_params(schema, endpoint) {
        let name = &param.field.rust;
        let ty = value_type(&param.field.ty, Role::Request, scope);
        params.push(quote!(#name: #ty));
        names.push(name.to_token_stream());
    }
    if let Some(body) = &endpoint.body {
        let ty = &body.object.name;
        params.push(quote!(body: #ty));
        names.push(quote!(body));
    }
    Arguments { params, names }
}

/// The request type, its constructor, `Endpoint`, `Allows` and `ListEndpoint` impls, and the
/// setter trait of its own query parameters.
pub fn request_items(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> TokenStream {
    let request = &endpoint.request;
    let query_type = query_type(endpoint);
    let support = &endpoint.support_static;
    let string = scope.path(Item::String);
    let path_fields: Vec<TokenStream> = endpoint
        .path
        .params()
        .map(|p| {
            let docs = scope.doc(&p.description.as_deref().map(doc_text).unwrap_or_default());
            let name = &p.rust;
            quote!(#docs pub #name: #string,)
        })
        .collect();
    let body_field = endpoint.body.as_ref().map(|b| {
        let ty = &b.object.name;
        quote!(/// The request body.
        pub body: #ty,)
    });
    let Arguments { params, .. } = arguments(schema, endpoint, scope);
    let path_inits = endpoint.path.params().map(|p| {
        let name = &p.rust;
        quote!(#name: #name.into(),)
    });
    let query_init = query_init(schema, endpoint, scope);
    let body_init = endpoint.body.as_ref().map(|_| quote!(body,));
    let table_link = format!(
        "Which integrations support and require what is in [`{support}`]; [`{}`](crate::request::Endpoint::check) checks a request against one integration.",
        "Endpoint::check"
    );
    let request_doc = scope.doc(&format!(
        "{}\n\nA typed request: build it with [`{request}::new`] and the setters (from the crate's `prelude`), then send it with a `Client` (`client.call(request)`) or turn it into an `http::Request` with [`crate::request::build_request`]. {table_link}",
        summary(endpoint)
    ));
    let new_doc = scope.doc(&format!(
        "A request{}. Set `integrated_account_id` (and any other parameter) with the setters.",
        if endpoint.body.is_some() { " with this body" } else { "" }
    ));
    let endpoint_impl = endpoint_impl(schema, endpoint, scope);
    let allows = endpoint.response_formats.iter().filter_map(|f| f.marker()).map(|marker| {
        let allows = scope.path(Item::Allows);
        let marker = ident(marker);
        quote!(impl #allows<crate::request::#marker> for #request {})
    });
    let list_impl = endpoint.cursor.as_ref().map(|cursor| {
        let list_endpoint = scope.path(Item::ListEndpoint);
        let option = scope.path(Item::Option);
        let model = &endpoint.response.model.name;
        let field = &cursor.field;
        let holder = match cursor.group.and_then(|g| schema.query_groups.get(g).map(|group| (g, group))) {
            Some((g, group)) => group_target(endpoint, g, &group.field),
            None => quote!(self.query),
        };
        let target = quote!(#holder.#field);
        quote! {
            impl #list_endpoint for #request {
                type Item = #model;

                fn set_next_cursor(&mut self, cursor: #option<#string>) {
                    #target = cursor;
                }
            }
        }
    });
    let params_trait = endpoint.query.params_trait.as_ref().map(|name| {
        let with_query = scope.path(Item::WithQuery);
        let bound = quote!(#with_query<Query = #query_type>);
        let setters = endpoint.query.own.iter().map(|p| setter(p, quote!(self.query_mut()), scope));
        let docs = scope.doc(&format!(
            "Setters of the own query parameters of `{}`, on [`{request}`] and on a call of it.",
            endpoint.title()
        ));
        quote! {
            #docs
            pub trait #name: #bound {
                #(#setters)*
            }

            impl<T: #bound> #name for T {}
        }
    });
    // `new()` without arguments: `Default` says the same (and clippy asks for it).
    let default = params.is_empty().then(|| scope.path(Item::Default));
    quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #request {
            #(#path_fields)*
            /// The query parameters.
            pub query: #query_type,
            #body_field
        }

        impl #request {
            #new_doc
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#path_inits)*
                    query: #query_init,
                    #body_init
                }
            }
        }

        #endpoint_impl
        #(#allows)*
        #list_impl
        #params_trait
    }
}

/// How `new` builds the query: its `Default`, or each member when some are arguments.
fn query_init(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> TokenStream {
    let default = scope.path(Item::Default);
    let query_type = query_type(endpoint);
    if argument_params(schema, endpoint).next().is_none() {
        return quote!(#query_type::default());
    }
    let group_init = |params: &[Param]| {
        let members = params.iter().map(|p| member_init(p, scope));
        quote!({ #(#members)* })
    };
    if let Some(group) = endpoint.query.group_struct.and_then(|g| schema.query_groups.get(g)) {
        let members = group_init(&group.params);
        return quote!(#query_type #members);
    }
    let own = endpoint.query.own.iter().map(|p| member_init(p, scope));
    let groups = held_groups(schema, endpoint).map(|g| {
        let (field, ty) = (&g.field, &g.name);
        if g.params.iter().any(|p| p.role == ParamRole::Argument) {
            let members = group_init(&g.params);
            quote!(#field: crate::#ty #members,)
        } else {
            quote!(#field: #default::default(),)
        }
    });
    quote!(#query_type { #(#own)* #(#groups)* })
}

/// A query struct member as `new` starts it: an argument, empty, or unset.
fn member_init(param: &Param, scope: &Scope) -> TokenStream {
    let name = &param.field.rust;
    match param.role {
        ParamRole::Argument => quote!(#name,),
        ParamRole::RequiredText => {
            let default = scope.path(Item::Default);
            quote!(#name: #default::default(),)
        }
        ParamRole::Optional => {
            let none = scope.path(Item::None);
            quote!(#name: #none,)
        }
    }
}

/// `impl Endpoint for UpdateOpportunity`.
fn endpoint_impl(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> TokenStream {
    let request = &endpoint.request;
    let query_type = query_type(endpoint);
    let support = &endpoint.support_static;
    let endpoint_trait = scope.path(Item::Endpoint);
    let operation_kind = scope.path(Item::OperationKind);
    let method_type = scope.path(Item::Method);
    let option = scope.path(Item::Option);
    let vec = scope.path(Item::Vec);
    let string = scope.path(Item::String);
    let support_module = scope.module(Module::Support);
    let integration = scope.path(Item::Integration);
    let model = &endpoint.response.model.name;
    let response = match endpoint.operation.kind {
        OperationKind::List => {
            let page = scope.path(Item::Page);
            quote!(#page<#model>)
        }
        _ => quote!(#model),
    };
    let operation = ident(endpoint.operation.kind.runtime_variant());
    let method = ident(endpoint.operation.kind.http_method());
    // `format!("/unified/crm/opportunities/{id}")` with each parameter encoded into a local
    // named after its placeholder (or numbered, when that is no plain identifier).
    let mut template = String::new();
    let mut segments = Vec::new();
    for part in &endpoint.path.parts {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(field) => {
                let local = crate::names::field_name(&field.wire);
                let local = if local.is_raw() || local.bare() == "self_" {
                    ident(&format!("segment{}", segments.len()))
                } else {
                    ident(local.bare())
                };
                template.push_str(&format!("{{{local}}}"));
                let (encoding, name) = (scope.module(Module::Encoding), &field.rust);
                segments.push(quote!(let #local = #encoding::path_segment(&self.#name);));
            }
        }
    }
    let path_body = if segments.is_empty() {
        quote!(#template.to_owned())
    } else {
        quote! {
            #(#segments)*
            format!(#template)
        }
    };
    let (some, none) = (scope.path(Item::Some), scope.path(Item::None));
    let (body_type, body_value) = match &endpoint.body {
        Some(body) => {
            let ty = &body.object.name;
            (quote!(#ty), quote!(#some(&self.body)))
        }
        None => (quote!(()), quote!(#none)),
    };
    let mut missing = Vec::new();
    for field in endpoint.path.params() {
        let (name, wire) = (&field.rust, &field.wire);
        missing.push(quote!(if self.#name.is_empty() { missing.push(#wire); }));
    }
    for param in endpoint.query.own.iter().filter(|p| p.role == ParamRole::RequiredText) {
        let (name, wire) = (&param.field.rust, &param.field.wire);
        missing.push(quote!(if self.query.#name.is_empty() { missing.push(#wire); }));
    }
    for &g in &endpoint.query.groups {
        let Some(group) = schema.query_groups.get(g) else { continue };
        let holder = group_target(endpoint, g, &group.field);
        for param in group.params.iter().filter(|p| p.role == ParamRole::RequiredText) {
            let (name, wire) = (&param.field.rust, &param.field.wire);
            missing.push(quote!(if #holder.#name.is_empty() { missing.push(#wire); }));
        }
    }
    let missing_required = if missing.is_empty() {
        quote!(#vec::new())
    } else {
        quote! {
            let mut missing = #vec::new();
            #(#missing)*
            missing
        }
    };
    quote! {
        impl #endpoint_trait for #request {
            type Response = #response;
            type Query = #query_type;
            type Body = #body_type;
            type Integration = #integration;
            const OPERATION: #operation_kind = #operation_kind::#operation;
            const METHOD: #method_type = #method_type::#method;
            const SUPPORT: &'static #support_module::Endpoint<#integration> = &#support;

            fn path(&self) -> #string {
                #path_body
            }

            fn query(&self) -> &#query_type {
                &self.query
            }

            fn query_mut(&mut self) -> &mut #query_type {
                &mut self.query
            }

            fn body(&self) -> #option<&#body_type> {
                #body_value
            }

            fn missing_required(&self) -> #vec<&'static str> {
                #missing_required
            }
        }
    }
}

/// A builder-style setter in a setter trait; `target` reaches the struct holding the field.
pub fn setter(param: &Param, target: TokenStream, scope: &Scope) -> TokenStream {
    let field = &param.field;
    let name = &param.setter;
    let member = &field.rust;
    let first_line = field.description.as_deref().map(doc_text).unwrap_or_else(|| format!("`{}`", field.wire));
    let docs = scope.doc(&format!("Sets the query parameter `{}`: {first_line}", field.wire));
    let into = scope.path(Item::Into);
    let (param_type, value) = match &field.ty {
        ty @ (Type::Scalar(_) | Type::Enum(_)) if ty.is_text() || matches!(ty, Type::Enum(_)) => {
            let ty = value_type(ty, Role::Request, scope);
            (quote!(impl #into<#ty>), quote!(value.into()))
        }
        Type::Array(inner) if inner.is_text() => {
            let into_iterator = scope.path(Item::IntoIterator);
            let ty = value_type(inner, Role::Request, scope);
            (quote!(impl #into_iterator<Item = impl #into<#ty>>), quote!(value.into_iter().map(#into::into).collect()))
        }
        other => (value_type(other, Role::Request, scope), quote!(value)),
    };
    let value = if param.role == ParamRole::Optional {
        let some = scope.path(Item::Some);
        quote!(#some(#value))
    } else {
        value
    };
    quote! {
        #docs
        fn #name(mut self, value: #param_type) -> Self {
            #target.#member = #value;
            self
        }
    }
}
