//! Per-integration support data: plain statics a program can query, one line per field (the
//! integrations as bit sets of their index in the `Integration` enum).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::model::{Endpoint, Mark, MarkedField, OperationKind, Schema, Section, Support};

use super::scope::{Item, Module, Scope};
use super::tokens::{BitSet, bit_set, doc};

/// `pub static UPDATE_OPPORTUNITY: support::Endpoint = ...;`
pub fn endpoint_static(
    schema: &Schema,
    api: &str,
    resource: &str,
    endpoint: &Endpoint,
    doc_text: &str,
    scope: &Scope,
) -> TokenStream {
    let name = &endpoint.support_static;
    let support = scope.module(Module::Support);
    let (some, none) = (scope.path(Item::Some), scope.path(Item::None));
    let operation = endpoint.operation.kind.word();
    let custom = match &endpoint.operation.custom_name {
        Some(n) if endpoint.operation.kind == OperationKind::Custom => quote!(#some(#n)),
        _ => quote!(#none),
    };
    let http = endpoint.operation.kind.http_method();
    let path = &endpoint.path.template;
    let formats = endpoint.response_formats.iter().map(|f| f.word());
    let integrations = match &endpoint.integrations {
        Some(slugs) => {
            let indices = slugs.iter().filter_map(|s| schema.integration_index(s));
            let set = integrations(bit_set(indices), &support);
            quote!(#some(#set))
        }
        None => quote!(#none),
    };
    let partial = endpoint.response.partial;
    let mut sections: [Vec<TokenStream>; 3] = Default::default();
    endpoint.walk_fields(|marked| {
        let index = match marked.section {
            Section::Query => 0,
            Section::Body => 1,
            // The model's type says which fields a record has; the data keeps those that
            // some integration marks or the docs require.
            Section::Response if marked.support.marks.is_empty() && !marked.field.required => return,
            Section::Response => 2,
        };
        sections[index].push(field_row(schema, &marked, scope));
    });
    let [query, body, response] = sections;
    let doc = doc(doc_text);
    let integration = scope.path(Item::Integration);
    quote! {
        #doc
        pub static #name: #support::Endpoint<#integration> = #support::Endpoint {
            api: #api,
            resource: #resource,
            operation: #operation,
            custom_name: #custom,
            http_method: #http,
            path: #path,
            response_formats: &[#(#formats),*],
            integrations: #integrations,
            partial_response: #partial,
            query: &[#(#query),*],
            body: &[#(#body),*],
            response: &[#(#response),*],
        };
    }
}

/// One field's row: `Field::new("account", &[0x13e47], &[0x8000])`, with its other facts
/// chained on only when it has them.
fn field_row(schema: &Schema, marked: &MarkedField<'_>, scope: &Scope) -> TokenStream {
    let field_type = scope.path(Item::SupportField);
    let path = marked.path;
    let support: &Support = marked.support;
    let indices = |wanted: Mark| {
        support.marks.iter().filter(move |(_, m)| **m == wanted).filter_map(|(s, _)| schema.integration_index(s))
    };
    let mut row = match (bit_set(indices(Mark::Supported)), bit_set(indices(Mark::Required))) {
        (BitSet::Word(supported), BitSet::Word(required)) => quote!(#field_type::new(#path, #supported, #required)),
        (supported, required) => {
            let support = scope.module(Module::Support);
            let (supported, required) = (integrations(supported, &support), integrations(required, &support));
            quote!(#field_type::marked(#path, #supported, #required))
        }
    };
    if marked.field.required {
        row.extend(quote!(.required()));
    }
    if let Some(condition) = &marked.field.condition {
        row.extend(quote!(.condition(#condition)));
    }
    if let Some(e) = marked.field.ty.enumeration() {
        let values = e.values.iter().map(|v| &v.wire);
        row.extend(quote!(.enum_values(&[#(#values),*])));
    }
    let variant = |slug: &str| {
        let integration = scope.path(Item::Integration);
        let variant = schema.integration(slug).map(|i| i.variant.to_token_stream());
        quote!(#integration::#variant)
    };
    if !support.values.is_empty() {
        let values = support.values.iter().map(|(slug, values)| {
            let integration = variant(slug);
            quote!((#integration, &[#(#values),*]))
        });
        row.extend(quote!(.values(&[#(#values),*])));
    }
    if !support.notes.is_empty() {
        let notes = support.notes.iter().map(|(slug, note)| {
            let integration = variant(slug);
            quote!((#integration, #note))
        });
        row.extend(quote!(.notes(&[#(#notes),*])));
    }
    row
}

/// `support::Integrations::of(..)` or `::of_words(..)` for a set.
fn integrations(set: BitSet, support: &TokenStream) -> TokenStream {
    match set {
        BitSet::Word(bits) => quote!(#support::Integrations::of(#bits)),
        BitSet::Words(words) => quote!(#support::Integrations::of_words(#words)),
    }
}
