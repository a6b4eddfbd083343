//! The runtime's vocabulary (`truto_unified_runtime::vocabulary`), which the generator reads,
//! against the runtime's source, read with syn: each test fails, naming what differs, when a
//! list and the code disagree (a method of `Call` added without its line, a format renamed).
//! And the generator's own root modules against what it emits.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{ImplItem, Item, TraitItem, UseTree, Visibility};
use truto_unified_runtime::vocabulary;

fn runtime_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../truto-runtime/src")
}

/// Every `.rs` file below `dir`, parsed, sorted by path.
fn parsed_files(dir: &Path) -> Vec<(PathBuf, syn::File)> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("the runtime's source").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(parsed_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).expect("read");
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            found.push((path, file));
        }
    }
    found
}

/// The items of the runtime, inline modules' included (test modules left out).
fn runtime_items() -> Vec<Item> {
    fn flatten(items: Vec<Item>, out: &mut Vec<Item>) {
        for item in items {
            match item {
                Item::Mod(mut module) if !is_test(&module.attrs) => {
                    if let Some((_, inner)) = module.content.take() {
                        flatten(inner, out);
                    }
                    out.push(Item::Mod(module));
                }
                Item::Mod(_) => {}
                other => out.push(other),
            }
        }
    }
    let mut out = Vec::new();
    for (_, file) in parsed_files(&runtime_src()) {
        flatten(file.items, &mut out);
    }
    out
}

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.meta.to_token_stream().to_string().contains("test"))
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// The last segment of a type's path (`Call` of `Call<E, F>`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Fails naming what one side has and the other lacks.
fn assert_same(what: &str, listed: &BTreeSet<String>, in_source: &BTreeSet<String>) {
    let unlisted: Vec<_> = in_source.difference(listed).collect();
    let gone: Vec<_> = listed.difference(in_source).collect();
    assert!(
        unlisted.is_empty() && gone.is_empty(),
        "{what}: the runtime's source has {unlisted:?}, which the vocabulary does not list; \
         the vocabulary lists {gone:?}, which the source does not have"
    );
}

/// The `pub fn` names a `macro_rules!` body defines (`call_option_setters!` writes setters).
fn macro_functions(items: &[Item], name: &str) -> BTreeSet<String> {
    let body = items
        .iter()
        .find_map(|item| match item {
            Item::Macro(m) if m.ident.as_ref().is_some_and(|i| i == name) => Some(m.mac.tokens.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `macro_rules! {name}` in the runtime"));
    let mut found = BTreeSet::new();
    public_functions_in(body, &mut found);
    found
}

fn public_functions_in(tokens: TokenStream, out: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Group(group) = tree {
            public_functions_in(group.stream(), out);
        }
        if let [TokenTree::Ident(vis), TokenTree::Ident(kw), TokenTree::Ident(name)] = &trees[i..trees.len().min(i + 3)]
        {
            if vis == "pub" && kw == "fn" {
                out.insert(name.to_string());
            }
        }
    }
}

#[test]
fn call_methods_are_every_public_method_of_call() {
    let items = runtime_items();
    let mut found = BTreeSet::new();
    for item in &items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || type_name(&block.self_ty).as_deref() != Some("Call") {
            continue;
        }
        for member in &block.items {
            match member {
                ImplItem::Fn(f) if is_pub(&f.vis) => {
                    found.insert(f.sig.ident.to_string());
                }
                ImplItem::Macro(m) => {
                    let name = m.mac.path.segments.last().expect("a macro's name").ident.to_string();
                    found.extend(macro_functions(&items, &name));
                }
                _ => {}
            }
        }
    }
    assert!(found.contains("send"), "no `impl Call` found: {found:?}");
    assert_same("the methods of `Call` (CALL_METHODS)", &names(vocabulary::CALL_METHODS), &found);
}

#[test]
fn scope_traits_have_the_listed_methods() {
    let items = runtime_items();
    for listed in vocabulary::SCOPE_TRAITS {
        let name = listed.path.rsplit("::").next().expect("a name");
        let module = listed.path.split("::").next().expect("a module");
        let file = runtime_src().join(format!("{module}.rs"));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", listed.path));
        let trait_item = syn::parse_file(&text)
            .expect("parses")
            .items
            .into_iter()
            .find_map(|item| match item {
                Item::Trait(t) if t.ident == name && is_pub(&t.vis) => Some(t),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `pub trait {}` in {}", listed.path, file.display()));
        let methods: BTreeSet<String> = trait_item
            .items
            .iter()
            .filter_map(|member| match member {
                TraitItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_same(&format!("the methods of `{}` (SCOPE_TRAITS)", listed.path), &names(listed.methods), &methods);
    }
    // The traits a generated setter trait extends and the prelude imports are among them.
    assert!(items.iter().any(|i| matches!(i, Item::Trait(t) if t.ident == "WithQuery")));
}

/// The names a `pub use` tree brings in.
fn use_names(tree: &UseTree, out: &mut BTreeSet<String>) {
    match tree {
        UseTree::Path(path) => use_names(&path.tree, out),
        UseTree::Name(name) => {
            out.insert(name.ident.to_string());
        }
        UseTree::Rename(rename) => {
            out.insert(rename.rename.to_string());
        }
        UseTree::Glob(_) => panic!("a glob re-export at the runtime's root cannot be listed by name"),
        UseTree::Group(group) => group.items.iter().for_each(|t| use_names(t, out)),
    }
}

#[test]
fn root_names_are_every_public_name_at_the_runtime_root() {
    let text = std::fs::read_to_string(runtime_src().join("lib.rs")).expect("lib.rs");
    let mut found = BTreeSet::new();
    for item in syn::parse_file(&text).expect("parses").items {
        match item {
            Item::Mod(m) if is_pub(&m.vis) => {
                found.insert(m.ident.to_string());
            }
            Item::Use(u) if is_pub(&u.vis) => use_names(&u.tree, &mut found),
            _ => {}
        }
    }
    for item in runtime_items() {
        if let Item::Macro(m) = item {
            if m.attrs.iter().any(|a| a.path().is_ident("macro_export")) {
                found.insert(m.ident.expect("a macro_rules name").to_string());
            }
        }
    }
    assert!(found.contains("Error") && found.contains("support"), "{found:?}");
    assert_same("the runtime's root (ROOT_NAMES)", &names(vocabulary::ROOT_NAMES), &found);
}

#[test]
fn response_formats_are_the_markers_and_their_values() {
    let mut found = BTreeSet::new();
    for item in runtime_items() {
        let Item::Impl(block) = item else { continue };
        let is_format = block.trait_.as_ref().is_some_and(|(path, _)| path.is_ident("Format"));
        let Some(marker) = type_name(&block.self_ty).filter(|_| is_format) else { continue };
        let value = block
            .items
            .iter()
            .find_map(|member| match member {
                ImplItem::Const(c) if c.ident == "VALUE" => Some(c.expr.to_token_stream().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("`impl Format for {marker}` has no VALUE"));
        found.insert(format!("{marker} = {value}"));
    }
    let listed: BTreeSet<String> = vocabulary::RESPONSE_FORMATS
        .iter()
        .map(|f| {
            let value = if f.value == vocabulary::DEFAULT_RESPONSE_FORMAT {
                "None".to_owned()
            } else {
                format!("Some (\"{}\")", f.value)
            };
            format!("{} = {value}", f.marker)
        })
        .chain(vocabulary::UNIFIED_READINGS.iter().map(|marker| format!("{marker} = None")))
        .collect();
    assert_same("the response formats (RESPONSE_FORMATS, DEFAULT_RESPONSE_FORMAT, UNIFIED_READINGS)", &listed, &found);
}

/// The items of `support.rs` the generated support data names.
#[test]
fn support_names_are_the_support_modules_items() {
    use vocabulary::support as listed;
    let text = std::fs::read_to_string(runtime_src().join(format!("{}.rs", listed::MODULE))).expect("the module");
    let items = syn::parse_file(&text).expect("parses").items;
    let struct_fields = |name: &str| -> Vec<String> {
        items
            .iter()
            .find_map(|item| match item {
                Item::Struct(s) if s.ident == name && is_pub(&s.vis) => {
                    Some(s.fields.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())).collect())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no `pub struct {name}` in the support module"))
    };
    let methods = |name: &str| -> Vec<String> {
        let mut found = Vec::new();
        for item in &items {
            let Item::Impl(block) = item else { continue };
            if block.trait_.is_none() && type_name(&block.self_ty).as_deref() == Some(name) {
                for member in &block.items {
                    if let ImplItem::Fn(f) = member {
                        if is_pub(&f.vis) {
                            found.push(f.sig.ident.to_string());
                        }
                    }
                }
            }
        }
        found
    };
    assert_eq!(struct_fields(listed::ENDPOINT), listed::ENDPOINT_FIELDS, "ENDPOINT_FIELDS: the fields, in order");
    // `EndpointSupport`: its variants in order, and `InPart`'s fields.
    let support_enum = items
        .iter()
        .find_map(|item| match item {
            Item::Enum(e) if e.ident == listed::ENDPOINT_SUPPORT && is_pub(&e.vis) => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `pub enum {}` in the support module", listed::ENDPOINT_SUPPORT));
    let variants: Vec<String> = support_enum.variants.iter().map(|v| v.ident.to_string()).collect();
    assert_eq!(variants, listed::ENDPOINT_SUPPORT_VARIANTS, "ENDPOINT_SUPPORT_VARIANTS: the variants, in order");
    let in_part = &support_enum.variants[1];
    let in_part_fields: Vec<String> =
        in_part.fields.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())).collect();
    assert_eq!(in_part_fields, listed::IN_PART_FIELDS, "IN_PART_FIELDS: the fields of `{}`, in order", in_part.ident);
    struct_fields(listed::FIELD);
    struct_fields(listed::INTEGRATIONS);
    let field_methods = methods(listed::FIELD);
    for constructor in [listed::FIELD_NEW, listed::FIELD_MARKED] {
        assert!(field_methods.iter().any(|m| m == constructor), "`{}::{constructor}` is gone", listed::FIELD);
    }
    // The builder methods: each `const fn(self, ..) -> Self`, in declaration order.
    let builders: Vec<&String> =
        field_methods.iter().filter(|m| listed::FIELD_BUILDERS.contains(&m.as_str())).collect();
    assert_eq!(builders, listed::FIELD_BUILDERS, "FIELD_BUILDERS: `{}`'s builder methods, in order", listed::FIELD);
    let set_methods = methods(listed::INTEGRATIONS);
    for constructor in [listed::INTEGRATIONS_OF, listed::INTEGRATIONS_OF_WORDS] {
        assert!(set_methods.iter().any(|m| m == constructor), "`{}::{constructor}` is gone", listed::INTEGRATIONS);
    }
}

/// The modules the generated root declares are the APIs' and those the checker keeps API
/// names away from.
#[test]
fn the_generated_root_declares_only_the_reserved_modules_and_the_apis() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/all_operations");
    let schema = truto_codegen::load_schema(&dir).unwrap_or_else(|d| panic!("{d}"));
    let files =
        truto_codegen::generate(&dir, &truto_codegen::Options::new("fixture")).unwrap_or_else(|d| panic!("{d}"));
    let root = files.iter().find(|f| f.path == Path::new("src/generated/mod.rs")).expect("the root module");
    let declared: BTreeSet<String> = syn::parse_file(&root.contents)
        .expect("parses")
        .items
        .into_iter()
        .filter_map(|item| match item {
            Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    let apis: BTreeSet<String> = schema.apis.iter().map(|a| a.module.to_string()).collect();
    let own: BTreeSet<String> = declared.difference(&apis).cloned().collect();
    // `generated` is the crate's module that holds the generated root (its `lib.rs`).
    let reserved: BTreeSet<String> = truto_codegen::check::GENERATED_ROOT_MODULES
        .iter()
        .filter(|m| **m != "generated")
        .map(|m| m.to_string())
        .collect();
    assert_same("the generated root's own modules (GENERATED_ROOT_MODULES)", &reserved, &own);
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../truto-generated/src/lib.rs"))
        .expect("truto-generated's lib.rs");
    assert!(lib.contains("mod generated;"), "truto-generated's lib.rs no longer holds `mod generated;`");
}
