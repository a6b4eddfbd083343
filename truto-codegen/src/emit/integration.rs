//! The `Integration` enum: every CRM behind the unified API, with slugs and display names,
//! and the runtime's `IntegrationId` for it (its index is its bit in the support data).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Schema;

use super::Output;
use super::scope::{Item, Scope};

/// `enum Integration` with `slug()`, `name()`, `ALL`, `from_slug`, `FromStr`, `Display`, serde
/// and `IntegrationId`.
pub fn integration_enum(schema: &Schema) -> Output {
    let scope = Scope::new(["Integration".to_owned()]);
    let variants = schema.integrations.iter().map(|i| {
        let status =
            if i.confirmed { "" } else { " The slug follows Truto's naming rule and is not confirmed by its docs." };
        let docs = scope.doc(&format!("{} (slug `{}`).{status}", i.name, i.slug));
        let variant = &i.variant;
        quote!(#docs #variant,)
    });
    let methods = inherent_methods(schema);
    let impls = trait_impls(&scope);
    let body = quote! {
        /// An integration (a CRM) behind Truto's unified API.
        ///
        /// Serialized as its slug. New integrations may be added in any release.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Integration {
            #(#variants)*
        }

        #methods
        #impls
    };
    let imports = scope.imports();
    let tokens = quote! {
        #imports
        #body
    };
    Output::rust(tokens, scope)
}

/// `impl Integration`: `ALL`, slugs, names, and lookups by slug and by name.
fn inherent_methods(schema: &Schema) -> TokenStream {
    let variants: Vec<_> = schema.integrations.iter().map(|i| &i.variant).collect();
    let slugs: Vec<&str> = schema.integrations.iter().map(|i| i.slug.as_str()).collect();
    let display: Vec<&str> = schema.integrations.iter().map(|i| i.name.as_str()).collect();
    let confirmed: Vec<bool> = schema.integrations.iter().map(|i| i.confirmed).collect();
    // Aliases are other labels the docs print; they parse too.
    let alias_arms = schema.integrations.iter().flat_map(|i| {
        let variant = &i.variant;
        i.aliases.iter().map(move |a| quote!(#a => Some(Self::#variant),))
    });
    quote! {
        impl Integration {
            /// Every integration in index order: the order of the schema's list, where new
            /// integrations are added at the end, so each keeps its index.
            pub const ALL: &'static [Integration] = &[#(Self::#variants),*];

            /// Truto's slug, e.g. `zohocrm`.
            pub const fn slug(self) -> &'static str {
                match self { #( Self::#variants => #slugs, )* }
            }

            /// The display name as Truto's docs print it, e.g. `Zoho CRM`.
            pub const fn name(self) -> &'static str {
                match self { #( Self::#variants => #display, )* }
            }

            /// Whether Truto's docs confirm the slug (others follow its naming rule).
            pub const fn is_confirmed(self) -> bool {
                match self { #( Self::#variants => #confirmed, )* }
            }

            /// The integration with this slug.
            pub fn from_slug(slug: &str) -> Option<Self> {
                match slug {
                    #( #slugs => Some(Self::#variants), )*
                    _ => None,
                }
            }

            /// The integration with this display name (or another label the docs use for it).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    #( #display => Some(Self::#variants), )*
                    #( #alias_arms )*
                    _ => None,
                }
            }
        }
    }
}

/// `IntegrationId` (its index is its bit in the support data), `Display`, `FromStr` and serde.
fn trait_impls(scope: &Scope) -> TokenStream {
    let serialize = scope.path(Item::Serialize);
    let deserialize = scope.path(Item::Deserialize);
    let integration_id = scope.path(Item::IntegrationId);
    quote! {
        impl #integration_id for Integration {
            const ALL: &'static [Self] = Integration::ALL;

            fn index(self) -> usize {
                self as usize
            }

            fn slug(self) -> &'static str {
                Integration::slug(self)
            }

            fn name(self) -> &'static str {
                Integration::name(self)
            }
        }

        impl std::fmt::Display for Integration {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for Integration {
            type Err = crate::UnknownIntegration;

            /// Parses a slug or a display name.
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::from_slug(value)
                    .or_else(|| Self::from_name(value))
                    .ok_or_else(|| crate::UnknownIntegration(value.to_owned()))
            }
        }

        impl #serialize for Integration {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.slug())
            }
        }

        impl<'de> #deserialize<'de> for Integration {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = crate::open_enum::deserialize_text(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    }
}
