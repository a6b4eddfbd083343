//! The generated crate's root module: the runtime re-exported, the modules, the response
//! formats, Truto's shared query parameters (a struct and a setter trait per group), the
//! prelude, and the list of every endpoint's support data.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::visit::{Site, Visit};
use crate::model::{QueryGroup, Schema};

use super::Output;
use super::RUNTIME_CRATE;
use super::docs::IntegrationNames;
use super::request::setter;
use super::scope::{Item, Module, Scope};
use super::tokens::ident;
use super::types::{TypeDefs, open_enum};

/// `src/generated/mod.rs`.
pub fn root_module(schema: &Schema, names: &IntegrationNames) -> Output {
    let scope = Scope::root(schema.root_types.iter().cloned());
    let runtime = ident(RUNTIME_CRATE);
    let apis = schema.apis.iter().map(|a| {
        let module = &a.module;
        let docs = scope.doc(&a.display_title());
        quote!(#docs pub mod #module;)
    });
    let format_enum =
        schema.response_format.as_ref().and_then(|f| f.field.ty.enumeration()).map(|e| open_enum(e, &scope));
    let mut defs = TypeDefs::new(schema, &scope, names);
    for group in &schema.query_groups {
        defs.add_query(&group.name, &group.description, group.derives_default, &group.params, &[]);
        for param in &group.params {
            defs.visit_field(&param.field, Site::Query);
        }
    }
    let groups = defs.into_tokens();
    let params_traits = schema.query_groups.iter().map(|g| params_trait(g, &scope));
    // A group's struct is the whole query of endpoints with nothing else: its setter trait
    // reaches it through `AsMut` too.
    let as_mut = scope.path(Item::AsMut);
    let self_as_mut = schema.query_groups.iter().map(|g| {
        let name = &g.name;
        quote! {
            impl #as_mut<#name> for #name {
                fn as_mut(&mut self) -> &mut #name {
                    self
                }
            }
        }
    });
    let prelude = prelude(schema);
    let support = scope.module(Module::Support);
    let vec = scope.path(Item::Vec);
    let option = scope.path(Item::Option);
    let per_resource =
        schema.apis.iter().flat_map(|api| api.resources.iter().map(move |r| (api, r))).map(|(api, r)| {
            let (module, resource, feature) = (&api.module, &r.module, &r.feature);
            quote!(#[cfg(feature = #feature)] crate::#module::#resource::ENDPOINTS)
        });
    let body = quote! {
        mod integration;
        /// Object shapes shared by several resources.
        pub mod shapes;
        #(#apis)*

        pub use integration::Integration;

        #format_enum
        #groups
        #(#self_as_mut)*
        #(#params_traits)*
        #prelude

        /// What every endpoint of the enabled resources supports, per integration: the data
        /// behind pre-flight checks.
        pub fn endpoints() -> #vec<&'static #support::Endpoint<Integration>> {
            let per_resource: &[&[&'static #support::Endpoint<Integration>]] = &[#(#per_resource),*];
            per_resource.iter().flat_map(|endpoints| endpoints.iter().copied()).collect()
        }

        /// The support data of one endpoint: `endpoint("crm", "opportunities", "update")`, or
        /// for a custom endpoint its name (`"merge"`).
        pub fn endpoint(api: &str, resource: &str, operation: &str) -> #option<&'static #support::Endpoint<Integration>> {
            endpoints().into_iter().find(|e| e.is(api, resource, operation))
        }
    };
    let imports = scope.imports();
    let tokens = quote! {
        pub use #runtime::*;
        #imports
        #body
    };
    Output::rust(tokens, scope)
}

/// `TrutoParams`: the setters of one group, on every request and call whose query holds it.
fn params_trait(group: &QueryGroup, scope: &Scope) -> TokenStream {
    let (name, group_type) = (&group.params_trait, &group.name);
    let with_query = scope.path(Item::WithQuery);
    let as_mut = scope.path(Item::AsMut);
    let bound = quote!(#with_query<Query: #as_mut<#group_type>>);
    let target = quote!(self.query_mut().as_mut());
    let setters = group.params.iter().map(|p| setter(p, target.clone(), scope));
    let docs = scope.doc(&format!("The setters of [`{group_type}`], on every request and call whose query holds it."));
    quote! {
        #docs
        pub trait #name: #bound {
            #(#setters)*
        }

        impl<T: #bound> #name for T {}
    }
}

/// `prelude`: the traits that give clients, requests and calls their methods, and the types
/// every program names.
fn prelude(schema: &Schema) -> TokenStream {
    let groups = schema.query_groups.iter().map(|g| &g.params_trait);
    let apis = schema.apis.iter().map(|a| {
        let (module, accessor) = (&a.module, &a.accessor_trait);
        quote!(#[cfg(feature = "client")] pub use crate::#module::#accessor;)
    });
    let endpoint_traits = schema.endpoints().filter_map(|(api, resource, endpoint)| {
        let name = endpoint.query.params_trait.as_ref()?;
        let (module, resource_module, feature) = (&api.module, &resource.module, &resource.feature);
        Some(quote!(#[cfg(feature = #feature)] pub use crate::#module::#resource_module::#name;))
    });
    quote! {
        /// Everything a program needs in scope: `use <this crate>::prelude::*;`. The setters of
        /// requests and calls are trait methods (one trait for Truto's shared parameters, one per
        /// endpoint with parameters of its own), and so is `client.crm()`.
        pub mod prelude {
            pub use crate::request::Endpoint as _;
            pub use crate::{Integration, Patch, #(#groups),*};
            #[cfg(feature = "client")]
            pub use crate::Client;
            #(#apis)*
            #(#endpoint_traits)*
        }
    }
}
