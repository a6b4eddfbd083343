//! The client handles that reach the endpoints (`client.crm().opportunities().update(..)`):
//! one per resource, one per API, and the extension trait that gives the client its API
//! accessors. All of it is behind the `client` feature.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, ArgumentKind, BodyDefault, Endpoint, RequestBody, Resource, Schema};

use super::request::{Arguments, arguments, body_generics, request_type, summary, undocumented_body_doc};
use super::scope::{Item, Scope};

/// `OpportunitiesClient`: one method per endpoint, each with a compiled example.
pub fn resource_client(
    schema: &Schema,
    api: &Api,
    resource: &Resource,
    crate_name: &str,
    scope: &Scope,
) -> TokenStream {
    let name = &resource.client_type;
    // One example for the handle: every method is called the same way.
    let example = resource.endpoints.first().map(|e| example(schema, api, resource, e, crate_name)).unwrap_or_default();
    let docs = scope.doc(&format!(
        "The endpoints of `{}`: `client.{}().{}()`.\n\n{example}",
        resource.name, api.module, resource.module
    ));
    let client = scope.path(Item::Client);
    let call = scope.path(Item::Call);
    let methods = resource.endpoints.iter().map(|endpoint| {
        let method = &endpoint.method;
        let request = &endpoint.request;
        let request_type = request_type(endpoint);
        let generics = body_generics(endpoint, true, scope);
        let Arguments { params, names } = arguments(endpoint, scope);
        let docs = match undocumented_body_doc(endpoint) {
            Some(body) => format!("{}\n\n{body}", summary(endpoint)),
            None => summary(endpoint),
        };
        let docs = scope.doc(&docs);
        quote! {
            #docs
            pub fn #method #generics(&self, #(#params),*) -> #call<#request_type> {
                self.client.call(#request::new(#(#names),*))
            }
        }
    });
    handle(
        name,
        docs,
        &client,
        quote! {
            /// The endpoints of this resource on `client`.
            pub fn new(client: &'c #client) -> Self {
                Self { client }
            }

            #(#methods)*
        },
    )
}

/// `CrmClient`, its accessors of each resource, and the `CrmApi` trait that gives `Client`
/// its `crm()`.
pub fn api_client(api: &Api, scope: &Scope) -> TokenStream {
    let name = &api.client_type;
    let module = &api.module;
    let accessor_trait = &api.accessor_trait;
    let title = api.display_title();
    let client = scope.path(Item::Client);
    let docs = scope.doc(&format!("The endpoints of the {title}: `client.{module}()`."));
    let accessors = api.resources.iter().map(|r| {
        let (resource, handle, feature) = (&r.module, &r.client_type, &r.feature);
        let docs = scope.doc(&format!("The `{}` endpoints.", r.name));
        quote! {
            #docs
            #[cfg(feature = #feature)]
            pub fn #resource(&self) -> #resource::#handle<'c> {
                #resource::#handle::new(self.client)
            }
        }
    });
    let handle = handle(
        name,
        docs,
        &client,
        quote! {
            /// The endpoints of this API on `client`.
            pub fn new(client: &'c #client) -> Self {
                Self { client }
            }

            /// The client these endpoints are called through.
            pub fn client(&self) -> &'c #client {
                self.client
            }

            #(#accessors)*
        },
    );
    let trait_doc = scope.doc(&format!(
        "Gives the client its `{module}()` accessor (in the crate's `prelude`): the endpoints of the {title}."
    ));
    let accessor_doc = scope.doc(&format!("The endpoints of the {title}."));
    quote! {
        #handle

        #trait_doc
        #[cfg(feature = "client")]
        pub trait #accessor_trait {
            #accessor_doc
            fn #module(&self) -> #name<'_>;
        }

        #[cfg(feature = "client")]
        impl #accessor_trait for #client {
            fn #module(&self) -> #name<'_> {
                #name::new(self)
            }
        }
    }
}

/// A `Copy` handle on the client (`#name<'c>`) with the given methods, behind the `client`
/// feature.
fn handle(name: &crate::names::TypeName, docs: TokenStream, client: &TokenStream, methods: TokenStream) -> TokenStream {
    quote! {
        #docs
        #[cfg(feature = "client")]
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'c> {
            client: &'c #client,
        }

        #[cfg(feature = "client")]
        impl<'c> #name<'c> {
            #methods
        }
    }
}

/// A `no_run` example calling the endpoint through the client, setting the parameters a
/// request needs set (`integrated_account_id`) to the docs' example.
fn example(schema: &Schema, api: &Api, resource: &Resource, endpoint: &Endpoint, crate_name: &str) -> String {
    let module_item = |name: &str| format!("{crate_name}::{}::{}::{name}", api.module, resource.module);
    let body_type = match &endpoint.body {
        RequestBody::None => None,
        RequestBody::Documented(body) => Some(module_item(body.object.name.as_str())),
        RequestBody::Undocumented(body) => Some(match &body.default {
            BodyDefault::Model(model) => module_item(model.as_str()),
            BodyDefault::Json => "serde_json::Value".to_owned(),
        }),
    };
    let body_param = body_type.as_ref().map(|ty| format!(", body: {ty}")).unwrap_or_default();
    let mut args: Vec<String> =
        endpoint.path.params().map(|p| format!("{:?}", p.example.as_deref().unwrap_or("id"))).collect();
    if body_type.is_some() {
        args.push("body".to_owned());
    }
    let arguments: Vec<String> = endpoint
        .arguments
        .iter()
        .filter(|a| matches!(a.kind, ArgumentKind::Query { .. }))
        .map(|a| format!("`{}`", a.name))
        .collect();
    if !arguments.is_empty() {
        return format!("Required query parameters: {}.", arguments.join(", "));
    }
    let setters: String = schema
        .params_to_set(endpoint)
        .map(|p| format!("    .{}({:?})\n", p.setter, p.field.example.as_deref().unwrap_or("...")))
        .collect();
    format!(
        "```no_run\n# async fn example(client: {crate_name}::Client{body_param}) -> Result<(), {crate_name}::Error> {{\nuse {crate_name}::prelude::*;\n\nlet response = client\n    .{}()\n    .{}()\n    .{}({})\n{setters}    .send()\n    .await?;\n# let _ = response;\n# Ok(())\n# }}\n```",
        api.module,
        resource.module,
        endpoint.method,
        args.join(", ")
    )
}
