//! Per-integration support data: plain statics a program can query.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Endpoint, Field, Mark, ObjectType, Schema, Support};

use super::tokens::ident;

/// The Rust path of an integration variant.
fn integration(schema: &Schema, slug: &str) -> TokenStream {
    let variant = schema.integrations.iter().find(|i| i.slug == slug).map(|i| ident(&i.variant));
    quote!(crate::Integration::#variant)
}

/// `pub static UPDATE_OPPORTUNITY: crate::support::Endpoint = ...;`
pub fn endpoint_static(
    schema: &Schema,
    api: &str,
    resource: &str,
    endpoint: &Endpoint,
    model: &ObjectType,
    doc: &str,
) -> TokenStream {
    let name = ident(&endpoint.support_static);
    let operation = endpoint.operation.kind();
    let custom = match &endpoint.operation {
        crate::model::Operation::Custom(n) => quote!(::std::option::Option::Some(#n)),
        _ => quote!(::std::option::Option::None),
    };
    let http = &endpoint.http;
    let path = &endpoint.path;
    let formats = &endpoint.response_formats;
    let integrations = match &endpoint.integrations {
        Some(slugs) => {
            let list = slugs.iter().map(|s| integration(schema, s));
            quote!(::std::option::Option::Some(&[#(#list),*]))
        }
        None => quote!(::std::option::Option::None),
    };
    let mut query = Vec::new();
    for field in &endpoint.query {
        field_rows(schema, field, "", &|_, f| f.support.clone(), &mut query);
    }
    let mut body = Vec::new();
    for field in endpoint.body.iter().flat_map(|b| &b.fields) {
        field_rows(schema, field, "", &|_, f| f.support.clone(), &mut body);
    }
    let mut response = Vec::new();
    let marks = |path: &str, _: &Field| endpoint.response_support.get(path).cloned().unwrap_or_default();
    for field in &model.fields {
        field_rows(schema, field, "", &marks, &mut response);
    }
    let doc = super::tokens::doc(doc);
    quote! {
        #doc
        pub static #name: crate::support::Endpoint = crate::support::Endpoint {
            api: #api,
            resource: #resource,
            operation: #operation,
            custom_name: #custom,
            http_method: #http,
            path: #path,
            response_formats: &[#(#formats),*],
            integrations: #integrations,
            query: &[#(#query),*],
            body: &[#(#body),*],
            response: &[#(#response),*],
        };
    }
}

fn field_rows(
    schema: &Schema,
    field: &Field,
    prefix: &str,
    support_of: &dyn Fn(&str, &Field) -> Support,
    out: &mut Vec<TokenStream>,
) {
    let path = if prefix.is_empty() { field.wire.clone() } else { format!("{prefix}.{}", field.wire) };
    let support = support_of(&path, field);
    let required = field.required;
    let enum_values: Vec<&str> =
        field.ty.enumeration().map(|e| e.values.iter().map(|v| v.wire.as_str()).collect()).unwrap_or_default();
    let marks = support.marks.iter().map(|(slug, mark)| {
        let integration = integration(schema, slug);
        let mark = match mark {
            Mark::Supported => quote!(crate::support::Mark::Supported),
            Mark::Required => quote!(crate::support::Mark::Required),
        };
        quote!((#integration, #mark))
    });
    let values = support.values.iter().map(|(slug, values)| {
        let integration = integration(schema, slug);
        quote!((#integration, &[#(#values),*]))
    });
    out.push(quote! {
        crate::support::Field {
            path: #path,
            required: #required,
            enum_values: &[#(#enum_values),*],
            marks: &[#(#marks),*],
            values: &[#(#values),*],
        }
    });
    if let Some(object) = field.ty.object() {
        for child in &object.fields {
            field_rows(schema, child, &path, support_of, out);
        }
    }
}
