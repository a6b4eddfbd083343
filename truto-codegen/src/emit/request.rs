//! Per endpoint: the typed request (sans-IO), its `Endpoint` impl and setters, and the client
//! accessors that reach it (`client.crm().opportunities().update(..)`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::{Api, Endpoint, Field, ObjectType, Operation, Resource, Type};

use super::tokens::{doc, doc_text, ident, value_type};

/// A one-line summary of an endpoint for docs.
fn summary(endpoint: &Endpoint, model: &str) -> String {
    let what = endpoint.description.as_deref().map(doc_text).unwrap_or_else(|| match &endpoint.operation {
        Operation::List => format!("Lists records as pages of [`{model}`]."),
        Operation::Get => format!("Gets one [`{model}`]."),
        Operation::Create => format!("Creates a [`{model}`]."),
        Operation::Update => format!("Updates a [`{model}`]."),
        Operation::Delete => format!("Deletes a [`{model}`]."),
        Operation::Custom(name) => format!("The `{name}` method."),
    });
    let partial = if endpoint.partial_response {
        " The records may be partial: the get endpoint returns them whole."
    } else {
        ""
    };
    format!("`{} {}`: {what}{partial}", endpoint.http, endpoint.path)
}

/// The request type, its constructor, setters, `Endpoint` and `Allows` impls.
pub fn request_items(endpoint: &Endpoint, query: &ObjectType, model: &str, support_table: Option<&str>) -> TokenStream {
    let request = ident(&endpoint.request_type);
    let query_type = ident(&endpoint.query_type);
    let support = ident(&endpoint.support_static);
    let path_fields: Vec<_> = endpoint.path_params.iter().map(|p| ident(&p.rust)).collect();
    let path_docs: Vec<_> =
        endpoint.path_params.iter().map(|p| doc(&p.description.as_deref().map(doc_text).unwrap_or_default())).collect();
    let body = endpoint.body.as_ref().map(|b| ident(&b.name));
    let body_field = body.as_ref().map(|b| {
        quote!(/// The request body.
        pub body: #b,)
    });
    let body_arg = body.as_ref().map(|b| quote!(body: #b));
    let body_init = body.as_ref().map(|_| quote!(body,));
    let body_impl = match &body {
        Some(_) => quote!(::std::option::Option::Some(::serde_json::to_vec(&self.body))),
        None => quote!(::std::option::Option::None),
    };
    let (required_args, required_inits, optional_inits) = query_init(query);
    let model_ident = ident(model);
    let response = match endpoint.operation {
        Operation::List => quote!(crate::request::Page<#model_ident>),
        _ => quote!(#model_ident),
    };
    let operation = format_ident!(
        "{}",
        match endpoint.operation {
            Operation::List => "List",
            Operation::Get => "Get",
            Operation::Create => "Create",
            Operation::Update => "Update",
            Operation::Delete => "Delete",
            Operation::Custom(_) => "Custom",
        }
    );
    let method = format_ident!("{}", endpoint.http);
    let path_pushes = path_parts(&endpoint.path).into_iter().map(|part| match part {
        PathPart::Literal(text) => quote!(path.push_str(#text);),
        PathPart::Param(name) => {
            let field = ident(&crate::names::field_name(&name));
            quote!(path.push_str(&crate::encoding::path_segment(&self.#field));)
        }
    });
    let missing = missing_checks(endpoint, query);
    let setters: Vec<TokenStream> = query.fields.iter().map(|f| setter(f, false)).collect();
    let allows = endpoint
        .response_formats
        .iter()
        .filter_map(|f| format_marker(f))
        .map(|marker| quote!(impl crate::request::Allows<crate::request::#marker> for #request {}));
    let list_impl = (endpoint.operation == Operation::List && query.fields.iter().any(|f| f.wire == "next_cursor"))
        .then(|| {
            quote! {
                impl crate::request::ListEndpoint for #request {
                    type Item = #model_ident;
                    fn set_next_cursor(&mut self, cursor: ::std::option::Option<::std::string::String>) {
                        self.query.next_cursor = cursor;
                    }
                }
            }
        });
    let table = support_table.map(|t| format!("\n\n# Integrations\n\n{t}")).unwrap_or_default();
    let request_doc = doc(&format!(
        "{}\n\nA typed request: build it with [`{}::new`] and the setters, then send it with a `Client` (`client.call(request)`) or turn it into an `http::Request` with [`crate::request::build_request`]. [`crate::request::Endpoint::check`] checks it against one integration.{table}",
        summary(endpoint, model),
        endpoint.request_type
    ));
    // `new()` without arguments: `Default` says the same (and clippy asks for it).
    let takes_nothing = path_fields.is_empty() && required_args.is_empty() && body.is_none();
    let default_impl = takes_nothing.then(|| {
        quote! {
            impl ::std::default::Default for #request {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let new_doc = doc(&format!(
        "A request{}. Set `integrated_account_id` (and any other parameter) with the setters.",
        if body.is_some() { " with this body" } else { "" }
    ));
    quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #request {
            #( #path_docs pub #path_fields: ::std::string::String, )*
            /// The query parameters.
            pub query: #query_type,
            #body_field
        }

        impl #request {
            #new_doc
            pub fn new(#( #path_fields: impl ::std::convert::Into<::std::string::String>, )* #(#required_args,)* #body_arg) -> Self {
                Self {
                    #( #path_fields: #path_fields.into(), )*
                    query: #query_type { #(#required_inits,)* #(#optional_inits,)* },
                    #body_init
                }
            }

            #(#setters)*
        }

        impl crate::request::Endpoint for #request {
            type Response = #response;
            const OPERATION: crate::request::OperationKind = crate::request::OperationKind::#operation;
            const METHOD: ::http::Method = ::http::Method::#method;
            const SUPPORT: &'static crate::support::Endpoint = &#support;

            fn path(&self) -> ::std::string::String {
                let mut path = ::std::string::String::new();
                #(#path_pushes)*
                path
            }

            fn query(&self) -> ::std::result::Result<::serde_json::Value, ::serde_json::Error> {
                ::serde_json::to_value(&self.query)
            }

            fn body(&self) -> ::std::option::Option<::std::result::Result<::std::vec::Vec<u8>, ::serde_json::Error>> {
                #body_impl
            }

            fn missing_required(&self) -> ::std::vec::Vec<&'static str> {
                let mut missing = ::std::vec::Vec::new();
                #(#missing)*
                missing
            }
        }

        #default_impl
        #(#allows)*
        #list_impl
    }
}

/// The setters on the client's `Call` for this endpoint, delegating to the request's.
pub fn call_setters(endpoint: &Endpoint, query: &ObjectType) -> TokenStream {
    let request = ident(&endpoint.request_type);
    let setters: Vec<TokenStream> = query.fields.iter().map(|f| setter(f, true)).collect();
    quote! {
        #[cfg(feature = "client")]
        impl<F: crate::request::Format> crate::Call<'_, #request, F> {
            #(#setters)*
        }
    }
}

/// `OpportunitiesClient`: one method per endpoint, each with a compiled example.
pub fn resource_client(api: &Api, resource: &Resource) -> TokenStream {
    let name = ident(&resource.client_type);
    let doc_text_ = format!("The endpoints of `{}`: `client.{}().{}()`.", resource.name, api.module, resource.module);
    let docs = doc(&doc_text_);
    let methods = resource.endpoints.iter().map(|endpoint| {
        let method = ident(&endpoint.method);
        let request = ident(&endpoint.request_type);
        let path_params: Vec<_> = endpoint.path_params.iter().map(|p| ident(&p.rust)).collect();
        let (required_args, _, _) = query_init_for(endpoint);
        let required_names: Vec<TokenStream> = required_args.iter().map(|(name, _)| quote!(#name)).collect();
        let required_params: Vec<TokenStream> = required_args.iter().map(|(name, ty)| quote!(#name: #ty)).collect();
        let body_type = endpoint.body.as_ref().map(|b| ident(&b.name));
        let body_param = body_type.as_ref().map(|b| quote!(body: #b));
        let body_arg = body_type.as_ref().map(|_| quote!(body));
        let docs = doc(&format!("{}\n\n{}", summary(endpoint, &resource.model.name), example(api, resource, endpoint)));
        quote! {
            #docs
            pub fn #method(&self, #( #path_params: impl ::std::convert::Into<::std::string::String>, )* #(#required_params,)* #body_param) -> crate::Call<'c, #request> {
                self.client.call(#request::new(#(#path_params,)* #(#required_names,)* #body_arg))
            }
        }
    });
    let constructor = quote! {
        /// The endpoints of this resource on `client`.
        pub fn new(client: &'c crate::Client) -> Self {
            Self { client }
        }
    };
    client_handle(&name, docs, quote!(#constructor #(#methods)*))
}

/// A `Copy` handle on the client (`#name<'c>`) with the given methods, behind the `client`
/// feature.
fn client_handle(name: &proc_macro2::Ident, docs: TokenStream, methods: TokenStream) -> TokenStream {
    quote! {
        #docs
        #[cfg(feature = "client")]
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'c> {
            client: &'c crate::Client,
        }

        #[cfg(feature = "client")]
        impl<'c> #name<'c> {
            #methods
        }
    }
}

/// `CrmClient` and `Client::crm()`.
pub fn api_client(api: &Api) -> TokenStream {
    let name = ident(&api.client_type);
    let module = ident(&api.module);
    let docs =
        doc(&format!("The endpoints of the {}: `client.{}()`.", api.title.as_deref().unwrap_or(&api.name), api.module));
    let accessors = api.resources.iter().map(|r| {
        let module = ident(&r.module);
        let client = ident(&r.client_type);
        let docs = doc(&format!("The `{}` endpoints.", r.name));
        let feature = &r.feature;
        quote! {
            #docs
            #[cfg(feature = #feature)]
            pub fn #module(&self) -> #module::#client<'c> {
                #module::#client::new(self.client)
            }
        }
    });
    let accessor_doc = doc(&format!("The endpoints of the {}.", api.title.as_deref().unwrap_or(&api.name)));
    let handle = client_handle(
        &name,
        docs,
        quote! {
            /// The client these endpoints are called through.
            pub fn client(&self) -> &'c crate::Client {
                self.client
            }

            #(#accessors)*
        },
    );
    quote! {
        #handle

        #[cfg(feature = "client")]
        impl crate::Client {
            #accessor_doc
            pub fn #module(&self) -> #name<'_> {
                #name { client: self }
            }
        }
    }
}

/// A `no_run` example calling the endpoint through the client.
fn example(api: &Api, resource: &Resource, endpoint: &Endpoint) -> String {
    let body_param = endpoint
        .body
        .as_ref()
        .map(|b| format!(", body: truto_generated::{}::{}::{}", api.module, resource.module, b.name))
        .unwrap_or_default();
    let mut args: Vec<String> = endpoint
        .path_params
        .iter()
        .map(|p| format!("{:?}", p.example.clone().unwrap_or_else(|| "id".to_owned())))
        .collect();
    if endpoint.body.is_some() {
        args.push("body".to_owned());
    }
    let (required, _, _) = query_init_for(endpoint);
    if !required.is_empty() {
        return format!(
            "Required query parameters: {}.",
            required.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        );
    }
    format!(
        "```no_run\n# async fn example(client: truto_generated::Client{body_param}) -> Result<(), truto_generated::Error> {{\nlet response = client\n    .{}()\n    .{}()\n    .{}({})\n    .integrated_account_id(\"62f44730-dd91-461e-bd6a-aedd9e0ad79d\")\n    .send()\n    .await?;\n# let _ = response;\n# Ok(())\n# }}\n```",
        api.module,
        resource.module,
        endpoint.method,
        args.join(", ")
    )
}

fn query_init_for(endpoint: &Endpoint) -> (Vec<(proc_macro2::Ident, TokenStream)>, (), ()) {
    let required = endpoint
        .query
        .iter()
        .filter(|f| f.required && !is_text(&f.ty))
        .map(|f| (ident(&f.rust), value_type(&f.ty)))
        .collect();
    (required, (), ())
}

/// Arguments and initialisers of a query struct: required text parameters start empty (and
/// are reported by `missing_required`), other required ones are arguments, the rest `None`.
fn query_init(query: &ObjectType) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for field in &query.fields {
        let name = ident(&field.rust);
        if field.required && is_text(&field.ty) {
            required.push(quote!(#name: ::std::string::String::new()));
        } else if field.required {
            let ty = value_type(&field.ty);
            args.push(quote!(#name: #ty));
            required.push(quote!(#name));
        } else {
            optional.push(quote!(#name: ::std::option::Option::None));
        }
    }
    (args, required, optional)
}

fn is_text(ty: &Type) -> bool {
    matches!(ty, Type::Scalar(scalar) if scalar.spec().text)
}

fn missing_checks(endpoint: &Endpoint, query: &ObjectType) -> Vec<TokenStream> {
    let path = endpoint.path_params.iter().map(|p| {
        let (field, wire) = (ident(&p.rust), &p.wire);
        quote!(if self.#field.is_empty() { missing.push(#wire); })
    });
    let query = query.fields.iter().filter(|f| f.required && is_text(&f.ty)).map(|f| {
        let (field, wire) = (ident(&f.rust), &f.wire);
        quote!(if self.query.#field.is_empty() { missing.push(#wire); })
    });
    path.chain(query).collect()
}

/// A piece of a path template.
#[derive(Debug, PartialEq)]
enum PathPart {
    Literal(String),
    Param(String),
}

/// `/unified/crm/opportunities/{id}` → `["/unified/crm/opportunities/", {id}]`.
fn path_parts(path: &str) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        parts.push(PathPart::Param(rest[start + 1..start + end].to_owned()));
        rest = &rest[start + end + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

fn format_marker(format: &str) -> Option<proc_macro2::Ident> {
    let marker = match format {
        "raw" => "Raw",
        "normalized" => "Normalized",
        "debug" => "DebugFormat",
        "stream" => "Stream",
        _ => return None,
    };
    Some(format_ident!("{marker}"))
}

/// A builder-style setter for a query parameter, on the request or (delegating) on a `Call`.
fn setter(field: &Field, on_call: bool) -> TokenStream {
    let setter_name = field.rust.strip_prefix("truto_").map(str::to_owned).unwrap_or_else(|| field.rust.clone());
    let name = ident(&setter_name);
    let field_name = ident(&field.rust);
    let first_line = field.description.as_deref().map(doc_text).unwrap_or_else(|| format!("`{}`", field.wire));
    let docs = doc(&format!("Sets the query parameter `{}`: {first_line}", field.wire));
    let (param, value) = match &field.ty {
        ty if is_text(ty) => (quote!(impl ::std::convert::Into<::std::string::String>), quote!(value.into())),
        Type::Enum(e) => {
            let ty = ident(&e.name);
            (quote!(impl ::std::convert::Into<#ty>), quote!(value.into()))
        }
        Type::Array(inner) if is_text(inner) => (
            quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>>),
            quote!(value.into_iter().map(::std::convert::Into::into).collect()),
        ),
        other => {
            let ty = value_type(other);
            (quote!(#ty), quote!(value))
        }
    };
    let value = if field.required { value } else { quote!(::std::option::Option::Some(#value)) };
    if on_call {
        quote! {
            #docs
            pub fn #name(self, value: #param) -> Self {
                self.map(|request| request.#name(value))
            }
        }
    } else {
        quote! {
            #docs
            pub fn #name(mut self, value: #param) -> Self {
                self.query.#field_name = #value;
                self
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PathPart, path_parts};

    #[test]
    fn path_templates_split_into_literals_and_parameters() {
        assert_eq!(
            path_parts("/unified/crm/opportunities/{id}"),
            vec![PathPart::Literal("/unified/crm/opportunities/".into()), PathPart::Param("id".into())]
        );
        assert_eq!(
            path_parts("/a/{x}/b"),
            vec![PathPart::Literal("/a/".into()), PathPart::Param("x".into()), PathPart::Literal("/b".into())]
        );
        assert_eq!(path_parts("/unified/crm/widgets"), vec![PathPart::Literal("/unified/crm/widgets".into())]);
    }
}
