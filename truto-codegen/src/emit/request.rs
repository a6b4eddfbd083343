//! Per endpoint: the typed request (sans-IO), its constructor, its `Endpoint` impl, the formats
//! it allows, and the setter trait of its own query parameters.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::model::{
    ArgumentKind, BodyDefault, Endpoint, OperationKind, Param, ParamRole, PathPart, RequestBody, Schema, SetterInput,
    Type, ValueName,
};

use super::docs::IntegrationNames;
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

/// What a request whose body the docs do not describe says of it (its constructor's and its
/// client method's docs); `None` for the other requests.
pub fn undocumented_body_doc(endpoint: &Endpoint) -> Option<String> {
    let RequestBody::Undocumented(body) = &endpoint.body else { return None };
    let takes = match &body.default {
        BodyDefault::Model(model) => format!(
            "it takes the model, [`{model}`] (every field optional: only the fields set are sent), or any \
             `Serialize` value: a struct of your own or `serde_json::json!`"
        ),
        BodyDefault::Json => {
            "it takes any `Serialize` value: `serde_json::json!` (the default) or a struct of your own".to_owned()
        }
    };
    let clear = if endpoint.operation.kind == OperationKind::Update {
        " To clear a field, send `null` for it: `json!({\"title\": null})`, or a field of type `Patch` set to \
         `Patch::Null` in a struct of your own (the model leaves out fields that are `None`)."
    } else {
        ""
    };
    Some(format!("Truto's docs do not describe this body's fields, so {takes}.{clear}"))
}

/// How code names the request type: `CreateContact<B>` where the body is a type parameter.
pub fn request_type(endpoint: &Endpoint) -> TokenStream {
    let request = &endpoint.request;
    match &endpoint.body {
        RequestBody::Undocumented(body) => {
            let param = &body.param;
            quote!(#request<#param>)
        }
        _ => quote!(#request),
    }
}

/// The generics of an item of the request: `<B>` where the body is a type parameter, bounded
/// (`<B: Serialize + Clone>`) where the item needs to send it.
pub fn body_generics(endpoint: &Endpoint, bounded: bool, scope: &Scope) -> TokenStream {
    let RequestBody::Undocumented(body) = &endpoint.body else { return TokenStream::new() };
    let param = &body.param;
    if bounded {
        let serialize = scope.path(Item::Serialize);
        quote!(<#param: #serialize + Clone>)
    } else {
        quote!(<#param>)
    }
}

/// The arguments of an endpoint's constructor (see [`crate::model::Argument`]).
pub struct Arguments {
    /// `name: Type` for each argument.
    pub params: Vec<TokenStream>,
    /// Each argument's name, to pass it on.
    pub names: Vec<TokenStream>,
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
pub fn arguments(endpoint: &Endpoint, scope: &Scope) -> Arguments {
    let into = scope.path(Item::Into);
    let string = scope.path(Item::String);
    let mut arguments = Arguments { params: Vec::new(), names: Vec::new() };
    for argument in &endpoint.arguments {
        let name = &argument.name;
        let ty = match &argument.kind {
            ArgumentKind::Path => quote!(impl #into<#string>),
            ArgumentKind::Query { ty, .. } => value_type(ty, Role::Request, scope),
            ArgumentKind::Body(body) | ArgumentKind::AnyBody(body) => body.to_token_stream(),
        };
        arguments.params.push(quote!(#name: #ty));
        arguments.names.push(name.to_token_stream());
    }
    arguments
}

/// The request type, its constructor, `Endpoint`, `Allows` and `ListEndpoint` impls, and the
/// setter trait of its own query parameters.
pub fn request_items(schema: &Schema, endpoint: &Endpoint, scope: &Scope, names: &IntegrationNames) -> TokenStream {
    let request_struct = request_struct(schema, endpoint, scope, names);
    let endpoint_impl = endpoint_impl(schema, endpoint, scope);
    let request = request_type(endpoint);
    let generics = body_generics(endpoint, false, scope);
    let allows = endpoint.response_formats.iter().filter_map(|f| f.marker()).map(|marker| {
        let allows = scope.path(Item::Allows);
        let marker = ident(marker);
        quote!(impl #generics #allows<crate::request::#marker> for #request {})
    });
    let list_impl = list_impl(schema, endpoint, scope);
    let params_trait = own_params_trait(endpoint, scope);
    quote! {
        #request_struct
        #endpoint_impl
        #(#allows)*
        #list_impl
        #params_trait
    }
}

/// `struct UpdateOpportunity` and its constructor.
fn request_struct(schema: &Schema, endpoint: &Endpoint, scope: &Scope, names: &IntegrationNames) -> TokenStream {
    let request = &endpoint.request;
    let query_type = query_type(endpoint);
    let string = scope.path(Item::String);
    let path_fields = endpoint.path.params().map(|p| {
        let docs = scope.doc(&p.description.as_deref().map(doc_text).unwrap_or_default());
        let name = &p.rust;
        quote!(#docs pub #name: #string,)
    });
    let body_field = match &endpoint.body {
        RequestBody::None => None,
        RequestBody::Documented(body) => {
            let ty = &body.object.name;
            Some(quote!(/// The request body.
            pub body: #ty,))
        }
        RequestBody::Undocumented(body) => {
            let param = &body.param;
            let docs = scope.doc(&format!(
                "The request body: any `Serialize` value (the docs do not describe its fields; see [`{}::new`]).",
                endpoint.request
            ));
            Some(quote!(#docs pub body: #param,))
        }
    };
    let Arguments { params, .. } = arguments(endpoint, scope);
    let path_inits = endpoint.path.params().map(|p| {
        let name = &p.rust;
        quote!(#name: #name.into(),)
    });
    let query_init = query_init(schema, endpoint, scope);
    let body_init = (endpoint.body.is_sent()).then(|| quote!(body,));
    let default = endpoint.request_derives_default().then(|| scope.path(Item::Default));
    let request_doc = scope.doc(&request_doc(endpoint, names));
    let new_doc = scope.doc(&new_doc(schema, endpoint));
    // `CreateContact<B = Contact>`: only the body is generic.
    let declared_generics = match &endpoint.body {
        RequestBody::Undocumented(body) => {
            let param = &body.param;
            let default = match &body.default {
                BodyDefault::Model(model) => model.to_token_stream(),
                BodyDefault::Json => value_type(&Type::Scalar(crate::model::Scalar::Any), Role::Request, scope),
            };
            quote!(<#param = #default>)
        }
        _ => TokenStream::new(),
    };
    let generics = body_generics(endpoint, false, scope);
    let request_type = request_type(endpoint);
    quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #request #declared_generics {
            #(#path_fields)*
            /// The query parameters.
            pub query: #query_type,
            #body_field
        }

        impl #generics #request_type {
            #new_doc
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#path_inits)*
                    query: #query_init,
                    #body_init
                }
            }
        }
    }
}

/// The request type's docs: what the endpoint does and how to send it.
fn request_doc(endpoint: &Endpoint, names: &IntegrationNames) -> String {
    let (request, support) = (&endpoint.request, &endpoint.support_static);
    let table_link = format!(
        "Which integrations support and require what is in [`{support}`]; [`{}`](crate::request::Endpoint::check) checks a request against one integration.",
        "Endpoint::check"
    );
    format!(
        "{}\n\nA typed request: build it with [`{request}::new`] and the setters (from the crate's `prelude`), then send it with a `Client` (`client.call(request)`) or turn it into an `http::Request` with [`crate::request::build_request`]. {table_link}\n\n{}",
        summary(endpoint),
        names.endpoint_support(endpoint)
    )
}

/// The constructor's docs, naming the parameters a caller sets with setters.
fn new_doc(schema: &Schema, endpoint: &Endpoint) -> String {
    let with_body = if endpoint.body.is_sent() { " with this body" } else { "" };
    let to_set: Vec<String> = schema.params_to_set(endpoint).map(|p| format!("`{}`", p.setter)).collect();
    let doc = if to_set.is_empty() {
        format!("A request{with_body}. Set its parameters with the setters.")
    } else {
        format!("A request{with_body}. Set {} (and any other parameter) with the setters.", to_set.join(", "))
    };
    match undocumented_body_doc(endpoint) {
        Some(body) => format!("{doc}\n\n{body}"),
        None => doc,
    }
}

/// `impl ListEndpoint`: the record type and how the cursor is set.
fn list_impl(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> Option<TokenStream> {
    let cursor = endpoint.cursor.as_ref()?;
    let (request, string) = (&endpoint.request, scope.path(Item::String));
    let list_endpoint = scope.path(Item::ListEndpoint);
    let option = scope.path(Item::Option);
    let model = &endpoint.response.model.name;
    let field = &cursor.field;
    let holder = match cursor.group.and_then(|g| schema.query_groups.get(g).map(|group| (g, group))) {
        Some((g, group)) => group_target(endpoint, g, &group.field),
        None => quote!(self.query),
    };
    let target = quote!(#holder.#field);
    Some(quote! {
        impl #list_endpoint for #request {
            type Item = #model;

            fn set_next_cursor(&mut self, cursor: #option<#string>) {
                #target = cursor;
            }
        }
    })
}

/// The setter trait of the endpoint's own query parameters, when it has some.
fn own_params_trait(endpoint: &Endpoint, scope: &Scope) -> Option<TokenStream> {
    let name = endpoint.query.params_trait.as_ref()?;
    let query_type = query_type(endpoint);
    let with_query = scope.path(Item::WithQuery);
    let bound = quote!(#with_query<Query = #query_type>);
    let setters = endpoint.query.own.iter().map(|p| setter(p, quote!(self.query_mut()), scope));
    let docs = scope.doc(&format!(
        "Setters of the own query parameters of `{}`, on [`{}`] and on a call of it.",
        endpoint.title(),
        endpoint.request
    ));
    Some(quote! {
        #docs
        pub trait #name: #bound {
            #(#setters)*
        }

        impl<T: #bound> #name for T {}
    })
}

/// How `new` builds the query: its `Default`, or each member when some are arguments.
fn query_init(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> TokenStream {
    let default = scope.path(Item::Default);
    let query_type = query_type(endpoint);
    if !endpoint.arguments.iter().any(|a| matches!(a.kind, ArgumentKind::Query { .. })) {
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
    let groups = schema.held_groups(endpoint).map(|g| {
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
    let query_type = query_type(endpoint);
    let support = &endpoint.support_static;
    let endpoint_trait = scope.path(Item::Endpoint);
    let operation_kind = scope.path(Item::OperationKind);
    let method_type = scope.path(Item::Method);
    let (option, vec, string) = (scope.path(Item::Option), scope.path(Item::Vec), scope.path(Item::String));
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
    let operation = ident(operation_variant(endpoint.operation.kind));
    let method = ident(endpoint.operation.kind.http_method());
    let path_body = path_body(endpoint, scope);
    let (some, none) = (scope.path(Item::Some), scope.path(Item::None));
    let (body_type, body_value) = match &endpoint.body {
        RequestBody::Documented(body) => {
            let ty = &body.object.name;
            (quote!(#ty), quote!(#some(&self.body)))
        }
        RequestBody::Undocumented(body) => {
            let param = &body.param;
            (quote!(#param), quote!(#some(&self.body)))
        }
        RequestBody::None => (quote!(()), quote!(#none)),
    };
    let missing_required = missing_required(schema, endpoint, scope);
    let generics = body_generics(endpoint, true, scope);
    let request = request_type(endpoint);
    quote! {
        impl #generics #endpoint_trait for #request {
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

            crate::compiled_in_this_crate!();
        }
    }
}

/// The body of `path()`: its text, or the path written piece by piece into one buffer,
/// `encoding::path("/unified/crm/opportunities/").segment(&self.id).finish()`, each parameter
/// percent-encoded as one segment.
fn path_body(endpoint: &Endpoint, scope: &Scope) -> TokenStream {
    let (start, rest) = match endpoint.path.parts.as_slice() {
        [PathPart::Literal(start), rest @ ..] => (start.as_str(), rest),
        rest => ("", rest),
    };
    if rest.is_empty() {
        return quote!(#start.to_owned());
    }
    let encoding = scope.module(Module::Encoding);
    let pieces = rest.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(.text(#text)),
        PathPart::Param(field) => {
            let name = &field.rust;
            quote!(.segment(&self.#name))
        }
    });
    quote!(#encoding::path(#start) #(#pieces)* .finish())
}

/// The body of `missing_required()`: each required text parameter left empty, by wire name.
fn missing_required(schema: &Schema, endpoint: &Endpoint, scope: &Scope) -> TokenStream {
    let vec = scope.path(Item::Vec);
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
    if missing.is_empty() {
        quote!(#vec::new())
    } else {
        quote! {
            let mut missing = #vec::new();
            #(#missing)*
            missing
        }
    }
}

/// The runtime's `OperationKind` variant of `kind`.
fn operation_variant(kind: OperationKind) -> &'static str {
    match kind {
        OperationKind::List => "List",
        OperationKind::Get => "Get",
        OperationKind::Create => "Create",
        OperationKind::Update => "Update",
        OperationKind::Delete => "Delete",
        OperationKind::Custom => "Custom",
    }
}

/// A builder-style setter in a setter trait; `target` reaches the struct holding the field.
pub fn setter(param: &Param, target: TokenStream, scope: &Scope) -> TokenStream {
    let field = &param.field;
    let name = &param.setter;
    let member = &field.rust;
    let docs = scope.doc(&match field.description.as_deref() {
        Some(description) => format!("Sets the query parameter `{}`: {}", field.wire, doc_text(description)),
        None => format!("Sets the query parameter `{}`.", field.wire),
    });
    let into = scope.path(Item::Into);
    let (param_type, value) = match (param.input, &field.ty) {
        (SetterInput::Into, ty) => {
            let ty = value_type(ty, Role::Request, scope);
            (quote!(impl #into<#ty>), quote!(value.into()))
        }
        (SetterInput::Each, Type::Array(inner)) => {
            let into_iterator = scope.path(Item::IntoIterator);
            let ty = value_type(inner, Role::Request, scope);
            (quote!(impl #into_iterator<Item = impl #into<#ty>>), quote!(value.into_iter().map(#into::into).collect()))
        }
        (_, ty) => (value_type(ty, Role::Request, scope), quote!(value)),
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
