//! How one generated module names what it uses from elsewhere (std, serde, the runtime, the
//! crate root): bare, with a `use` at the top of the module, unless a type the module defines
//! has the same name, in which case the full path is written where it is used.
//!
//! The model says which type names each module defines; a [`Scope`] records which outside
//! names the module's code used, so that only those are imported. It also holds the module's
//! doc blocks (see [`comments`](super::comments)), the other thing one file's emitters share.

use std::cell::RefCell;
use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use truto_unified_runtime::vocabulary;

use super::comments::{DocBlocks, Style};
use super::imports::{Use, use_items};

/// Something generated code names that is defined outside the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    /// `std::option::Option` (prelude).
    Option,
    /// `Option::Some` (prelude).
    Some,
    /// `Option::None` (prelude).
    None,
    /// `std::string::String` (prelude).
    String,
    /// `std::vec::Vec` (prelude).
    Vec,
    /// `std::default::Default` (prelude).
    Default,
    /// `std::convert::Into` (prelude).
    Into,
    /// `std::iter::IntoIterator` (prelude).
    IntoIterator,
    /// `std::convert::AsMut` (prelude).
    AsMut,
    /// `std::result::Result` (prelude).
    Result,
    /// `serde::Serialize` (trait and derive).
    Serialize,
    /// `serde::de::MapAccess`.
    MapAccess,
    /// The runtime's `record::Record` trait.
    Record,
    /// `serde::Deserialize` (trait and derive).
    Deserialize,
    /// The runtime's `Patch`.
    Patch,
    /// The runtime's `RawJson`.
    RawJson,
    /// The runtime's `OtherFields`.
    OtherFields,
    /// The runtime's `DateTime`.
    DateTime,
    /// The runtime's `Call`.
    Call,
    /// The runtime's `Client`.
    Client,
    /// The runtime's `Page`.
    Page,
    /// The runtime's `request::Endpoint` trait.
    Endpoint,
    /// The runtime's `request::ListEndpoint` trait.
    ListEndpoint,
    /// The runtime's `request::Allows` trait.
    Allows,
    /// The runtime's `request::OperationKind`.
    OperationKind,
    /// The runtime's `request::WithQuery` trait.
    WithQuery,
    /// The runtime's `support::Field`.
    SupportField,
    /// The runtime's `support::IntegrationId` trait.
    IntegrationId,
    /// `http::Method`, re-exported by the runtime.
    Method,
    /// The generated `Integration` enum.
    Integration,
}

impl Item {
    /// The name code writes when the item is in scope.
    fn name(self) -> &'static str {
        match self {
            Item::Option => "Option",
            Item::Some => "Some",
            Item::None => "None",
            Item::String => "String",
            Item::Vec => "Vec",
            Item::Default => "Default",
            Item::Into => "Into",
            Item::IntoIterator => "IntoIterator",
            Item::AsMut => "AsMut",
            Item::Result => "Result",
            Item::Serialize => "Serialize",
            Item::MapAccess => "MapAccess",
            Item::Record => "Record",
            Item::Deserialize => "Deserialize",
            Item::Patch => "Patch",
            Item::RawJson => "RawJson",
            Item::OtherFields => "OtherFields",
            Item::DateTime => "DateTime",
            Item::Call => "Call",
            Item::Client => "Client",
            Item::Page => "Page",
            Item::Endpoint => "Endpoint",
            Item::ListEndpoint => "ListEndpoint",
            Item::Allows => "Allows",
            Item::OperationKind => "OperationKind",
            Item::WithQuery => "WithQuery",
            Item::SupportField => vocabulary::support::FIELD,
            Item::IntegrationId => "IntegrationId",
            Item::Method => "Method",
            Item::Integration => "Integration",
        }
    }

    /// The module path it is imported from; `None` for the prelude's.
    fn module(self) -> Option<&'static [&'static str]> {
        match self {
            Item::Option
            | Item::Some
            | Item::None
            | Item::String
            | Item::Vec
            | Item::Default
            | Item::Into
            | Item::IntoIterator
            | Item::AsMut
            | Item::Result => None,
            Item::MapAccess => Some(&["serde", "de"]),
            Item::Record => Some(&["crate", "record"]),
            Item::Serialize | Item::Deserialize => Some(&["serde"]),
            Item::Patch
            | Item::RawJson
            | Item::OtherFields
            | Item::DateTime
            | Item::Call
            | Item::Client
            | Item::Page
            | Item::Integration => Some(&["crate"]),
            Item::Endpoint | Item::ListEndpoint | Item::Allows | Item::OperationKind | Item::WithQuery => {
                Some(&["crate", "request"])
            }
            Item::SupportField | Item::IntegrationId => Some(&["crate", vocabulary::support::MODULE]),
            Item::Method => Some(&["crate", "http"]),
        }
    }

    /// The cargo feature it exists under, if it does not always.
    fn feature(self) -> Option<&'static str> {
        matches!(self, Item::Call | Item::Client).then_some("client")
    }

    /// Its full path, written where a type of the module shadows the name.
    fn full_path(self) -> TokenStream {
        let name = format_ident!("{}", self.name());
        match self {
            Item::Option => quote!(::std::option::Option),
            Item::Some => quote!(::std::option::Option::Some),
            Item::None => quote!(::std::option::Option::None),
            Item::String => quote!(::std::string::String),
            Item::Vec => quote!(::std::vec::Vec),
            Item::Default => quote!(::std::default::Default),
            Item::Into => quote!(::std::convert::Into),
            Item::IntoIterator => quote!(::std::iter::IntoIterator),
            Item::AsMut => quote!(::std::convert::AsMut),
            Item::Result => quote!(::std::result::Result),
            _ => {
                let module = self.module().unwrap_or_default().iter().map(|m| format_ident!("{m}"));
                quote!(#(#module::)* #name)
            }
        }
    }
}

/// Modules generated code refers to by name (`lenient::string`): snake_case, so no schema type
/// can shadow them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Module {
    /// The runtime's `encoding` of paths and queries.
    Encoding,
    /// The runtime's `support` data types.
    Support,
    /// The runtime's `record` decoding.
    Record,
    /// The generated `shapes`.
    Shapes,
}

impl Module {
    fn name(self) -> &'static str {
        match self {
            Module::Encoding => "encoding",
            Module::Support => vocabulary::support::MODULE,
            Module::Record => "record",
            Module::Shapes => "shapes",
        }
    }
}

/// The names one module defines, and the outside names its code has used so far.
#[derive(Debug)]
pub struct Scope {
    defined: BTreeSet<String>,
    items: RefCell<BTreeSet<Item>>,
    modules: RefCell<BTreeSet<Module>>,
    /// Whether the module is the crate root (which imports nothing from itself).
    root: bool,
    docs: DocBlocks,
}

impl Scope {
    /// A module that defines these type names.
    pub fn new(defined: impl IntoIterator<Item = String>) -> Self {
        Scope {
            defined: defined.into_iter().collect(),
            items: Default::default(),
            modules: Default::default(),
            root: false,
            docs: DocBlocks::default(),
        }
    }

    /// The crate's root module, defining these type names.
    pub fn root(defined: impl IntoIterator<Item = String>) -> Self {
        Scope { root: true, ..Scope::new(defined) }
    }

    /// The docs of the item that follows: `///` lines once formatted (nothing for no text).
    pub fn doc(&self, text: &str) -> TokenStream {
        self.docs.placeholder(text, Style::Outer)
    }

    /// The module's own docs: `//!` lines once formatted.
    pub fn inner_doc(&self, text: &str) -> TokenStream {
        self.docs.placeholder(text, Style::Inner)
    }

    /// The texts of the module's docs, which its formatted tokens hold placeholders of.
    pub fn into_docs(self) -> Vec<String> {
        self.docs.into_texts()
    }

    /// How the module writes `item`.
    pub fn path(&self, item: Item) -> TokenStream {
        if self.shadows(item) {
            return item.full_path();
        }
        let name = format_ident!("{}", item.name());
        // The root has the runtime in scope through its glob re-export; importing from
        // `crate` there would make the glob depend on itself.
        if let (true, Some(["crate", modules @ ..])) = (self.root, item.module()) {
            let modules = modules.iter().map(|m| format_ident!("{m}"));
            return quote!(#(#modules::)* #name);
        }
        self.items.borrow_mut().insert(item);
        quote!(#name)
    }

    /// How a path in an attribute string starts (`Option`, `::std::option::Option`).
    pub fn path_text(&self, item: Item) -> String {
        self.path(item).to_string().replace(' ', "")
    }

    /// How the module writes `module` (always its bare name; imported on first use, except in
    /// the root, where every one of them is in scope).
    pub fn module(&self, module: Module) -> TokenStream {
        let name = format_ident!("{}", self.module_text(module));
        quote!(#name)
    }

    /// `module` as a path's start in an attribute string (`lenient`).
    pub fn module_text(&self, module: Module) -> &'static str {
        if !self.root {
            self.modules.borrow_mut().insert(module);
        }
        module.name()
    }

    fn shadows(&self, item: Item) -> bool {
        // `Some` and `None` are `Option`'s: written in full when either name is taken.
        let names: &[&str] = match item {
            Item::Some | Item::None => &["Option", item.name()],
            _ => &[item.name()],
        };
        names.iter().any(|name| self.defined.contains(*name))
    }

    /// The `use` items for every outside name the module used, one per module, in rustfmt's
    /// order.
    pub fn imports(&self) -> TokenStream {
        let mut by_module: std::collections::BTreeMap<&[&str], Vec<&'static str>> = Default::default();
        let mut gated = Vec::new();
        for item in self.items.borrow().iter() {
            let Some(module) = item.module() else { continue };
            match item.feature() {
                Some(feature) => {
                    gated.push(Use { path: module.to_vec(), names: vec![item.name()], feature: Some(feature) })
                }
                None => by_module.entry(module).or_default().push(item.name()),
            }
        }
        for module in self.modules.borrow().iter() {
            by_module.entry(&["crate"]).or_default().push(module.name());
        }
        let uses = by_module.into_iter().map(|(module, names)| Use { path: module.to_vec(), names, feature: None });
        use_items(uses.chain(gated).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_bare_and_imported_unless_shadowed() {
        let scope = Scope::new(["Option".to_owned(), "Patch".to_owned()]);
        assert_eq!(scope.path(Item::Option).to_string(), ":: std :: option :: Option");
        assert_eq!(scope.path(Item::Patch).to_string(), "crate :: Patch");
        assert_eq!(scope.path(Item::String).to_string(), "String");
        assert_eq!(scope.path(Item::RawJson).to_string(), "RawJson");
        assert_eq!(scope.path(Item::Serialize).to_string(), "Serialize");
        assert_eq!(scope.module_text(Module::Record), "record");
        assert_eq!(scope.path_text(Item::Option), "::std::option::Option");
        assert_eq!(scope.imports().to_string(), "use crate :: { RawJson , record } ; use serde :: Serialize ;");
        scope.path(Item::Client);
        scope.path(Item::Record);
        assert_eq!(
            scope.imports().to_string(),
            "# [cfg (feature = \"client\")] use crate :: Client ; use crate :: record :: Record ; \
             use crate :: { RawJson , record } ; use serde :: Serialize ;"
        );
    }

    #[test]
    fn the_root_does_not_import_from_itself() {
        let scope = Scope::root([]);
        assert_eq!(scope.path(Item::Patch).to_string(), "Patch");
        assert_eq!(scope.path(Item::Endpoint).to_string(), "request :: Endpoint");
        assert_eq!(scope.module(Module::Support).to_string(), "support");
        assert_eq!(scope.path(Item::Serialize).to_string(), "Serialize");
        assert_eq!(scope.imports().to_string(), "use serde :: Serialize ;");
    }
}
