//! `cargo xtask import [--schema DIR] [--update] PAGE_OR_DIR...`: writes the schema from
//! Truto's doc pages (saved as text).
//!
//! For each page: the endpoint's YAML (`<api>/<resource>/<operation>.yaml`), and what it
//! needs that the schema lacks: the API and its resource list, the resource and its model
//! (from the response body), Truto's shared parameters, integrations not seen before (slug by
//! Truto's rule, `confirmed: false`). Shapes the schema has are reused where the fields are
//! the same.
//!
//! An endpoint the schema already has is left alone and its differences from the page are
//! printed, as `verify-docs` prints them; with `--update` it is rewritten from the page (and
//! its resource's model too), keeping what a maintainer chose: `type_name`, `rust_name`, an
//! inline object where a shape would fit, the endpoint's description, key order. Rewritten
//! files lose their comments (the YAML tree has none); new integrations are appended to
//! `integrations.yaml` as text, so its comments stay.
//!
//! The result is loaded and checked before anything is written; on any error nothing is
//! written. Files are written through temporary files and renamed into place.

pub mod build;
pub mod integrations;
pub mod schema_dir;
pub mod yaml;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use truto_codegen::pages::{self, DocField, DocPage, Layout, Section};
use truto_unified_runtime::vocabulary::RESPONSE_FORMAT_PARAM;

use crate::verify_docs;
use build::{Builder, Place, Target};
use integrations::{Integrations, Learned};
use schema_dir::SchemaDir;
use yaml::{Map, Yaml};

/// What to import, and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The schema directory (created when missing).
    pub schema: PathBuf,
    /// Rewrite endpoints the schema already has.
    pub update: bool,
    /// Page files and directories of pages (`*.txt`).
    pub pages: Vec<PathBuf>,
}

/// What an import would do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The files to write (relative to the schema directory) with their new text.
    pub files: Vec<(PathBuf, String)>,
    /// The report, line by line.
    pub report: Vec<String>,
    /// Differences between the pages and the resulting schema.
    pub differences: usize,
    /// What the reader could not read on the pages (each also in the report, by line).
    pub unread: usize,
}

const USAGE: &str = "usage: cargo xtask import [--schema DIR] [--update] PAGE_OR_DIR...";

/// The subcommand. Exit code: 0 when the schema matches the pages, 1 when differences remain
/// (an existing endpoint without `--update`) or a page has lines the reader could not read,
/// 2 on errors (nothing written).
pub fn run(default_schema: &Path, args: &[&str]) -> ExitCode {
    let options = match parse_args(default_schema, args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let plan = match plan(&options) {
        Ok(plan) => plan,
        Err(message) => {
            eprintln!("import: {message}");
            eprintln!("nothing was written");
            return ExitCode::from(2);
        }
    };
    for line in &plan.report {
        println!("{line}");
    }
    if let Err(e) = schema_dir::write_all(&options.schema, &plan.files) {
        eprintln!("import: cannot write to {}: {e}", options.schema.display());
        return ExitCode::from(2);
    }
    for (path, _) in &plan.files {
        println!("wrote {}", options.schema.join(path).display());
    }
    println!(
        "{} file(s) written, {} difference(s) left, {} problem(s) reading the pages",
        plan.files.len(),
        plan.differences,
        plan.unread
    );
    if plan.differences == 0 && plan.unread == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn parse_args(default_schema: &Path, args: &[&str]) -> Result<Options, String> {
    let mut options = Options { schema: default_schema.to_path_buf(), update: false, pages: Vec::new() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--update" => options.update = true,
            "--schema" => options.schema = PathBuf::from(args.next().ok_or("--schema needs a directory")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            page => options.pages.push(PathBuf::from(page)),
        }
    }
    if options.pages.is_empty() {
        return Err("name at least one page or directory of pages".into());
    }
    Ok(options)
}

/// Reads the pages: files as given, directories' `*.txt` (READMEs excluded), sorted by name.
fn read_pages(paths: &[PathBuf]) -> Result<Vec<(String, DocPage)>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(verify_docs::page_files(path)?);
        } else {
            files.push(path.clone());
        }
    }
    let mut pages = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        let page = pages::parse_page(&text).map_err(|e| format!("{name}: {e}"))?;
        pages.push((name, page));
    }
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pages)
}

/// Whether an older-layout query parameter is Truto's: known as such (from the schema or a
/// newer page), or named like Truto's own.
fn is_truto_param(name: &str, known: &BTreeSet<String>) -> bool {
    known.contains(name) || name == "integrated_account_id" || name == "remote_query" || name.starts_with("truto_")
}

/// Works out the files an import writes, touching nothing.
pub fn plan(options: &Options) -> Result<Plan, String> {
    let mut dir = SchemaDir::read(&options.schema)?;
    let pages = read_pages(&options.pages)?;
    let mut known_shared: BTreeSet<String> = dir
        .find("parameters", |_| true)
        .and_then(|i| dir.docs[i].root.map("parameters")?.map("query").map(|q| q.keys().map(str::to_string).collect()))
        .unwrap_or_default();
    for (_, page) in pages.iter().filter(|(_, p)| p.layout == Layout::Newer) {
        known_shared.extend(page.query.iter().filter(|f| f.truto_specific).map(|f| f.name.clone()));
    }
    let integrations_list =
        dir.find("integrations", |_| true).and_then(|i| dir.docs[i].root.get("integrations").cloned());
    let mut integrations = Integrations::from_list(integrations_list.as_ref());
    let shapes = dir.find("shapes", |_| true).and_then(|i| dir.docs[i].root.map("shapes").cloned()).unwrap_or_default();
    let mut report = Vec::new();
    let unread = pages.iter().map(|(_, p)| p.problems.len()).sum();
    for (name, page) in &pages {
        let target = Target::of(&page.http_method, &page.path).map_err(|e| format!("{name}: {e}"))?;
        let mut builder = Builder {
            layout: page.layout,
            words: &page.words,
            integrations: &mut integrations,
            shapes: &shapes,
            warnings: Vec::new(),
            unreached: page.open_fields().last().filter(|f| f.children.is_empty()).map(|f| f.line),
        };
        let mut lines = Vec::new();
        import_page(&mut dir, &mut builder, page, &target, &known_shared, options.update, &mut lines)?;
        report.push(format!("{name}: {}: {}", page.endpoint(), lines.join("; ")));
        for problem in &page.problems {
            report.push(format!("  {problem}"));
        }
        for warning in builder.warnings {
            report.push(format!("  {warning}"));
        }
    }
    learn_integrations(&mut dir, &integrations, &mut report);
    let texts = dir.texts()?;
    let scratch = schema_dir::scratch_copy(&texts).map_err(|e| format!("cannot stage the result: {e}"))?;
    let refused = |d: truto_codegen::Diagnostics| format!("the schema after the import does not generate:\n{d}");
    truto_codegen::generate(&scratch.0, &truto_codegen::Options::new(crate::codegen::CLIENT_CRATE)).map_err(refused)?;
    let schema = truto_codegen::load_schema(&scratch.0).map_err(refused)?;
    let mut differences = 0;
    for (name, page) in &pages {
        let (found, _) = verify_docs::compare::compare_counting(&schema, page);
        let found: Vec<_> = found.into_iter().filter(|d| !d.location.starts_with("page line")).collect();
        if !found.is_empty() {
            report.push(format!("{name}: {} difference(s) between the page and the schema:", found.len()));
            report.extend(found.iter().map(|d| format!("  {d}")));
        }
        differences += found.len();
    }
    let mut files: Vec<(PathBuf, String)> =
        texts.into_iter().filter(|(_, _, changed)| *changed).map(|(p, t, _)| (p, t)).collect();
    files.sort();
    Ok(Plan { files, report, differences, unread })
}

/// Imports one page into `dir`, saying what it did in `done`.
fn import_page(
    dir: &mut SchemaDir,
    builder: &mut Builder<'_>,
    page: &DocPage,
    target: &Target,
    known_shared: &BTreeSet<String>,
    update: bool,
    done: &mut Vec<String>,
) -> Result<(), String> {
    let (truto, own): (Vec<DocField>, Vec<DocField>) = page
        .query
        .iter()
        .cloned()
        .partition(|f| f.truto_specific || (page.layout == Layout::Older && is_truto_param(&f.name, known_shared)));
    ensure_api(dir, target, page, done);
    ensure_parameters(dir, builder, page, target, &truto, done);
    let model = ensure_resource(dir, builder, page, target, update, done)?;
    let endpoint_at = dir.find("endpoint", |e| e.as_map().is_some_and(|m| is_endpoint(m, target)));
    match endpoint_at {
        None => {
            let path = PathBuf::from(&target.api).join(&target.resource).join(format!("{}.yaml", target.file_stem()));
            if dir.docs.iter().any(|d| d.path == path) {
                return Err(format!("cannot write the endpoint to {}: the file holds something else", path.display()));
            }
            let endpoint = builder.endpoint(page, target, &own, None, Some(&model));
            let i = dir.at(path.clone());
            dir.docs[i].root.set("endpoint", Yaml::Map(endpoint));
            done.push(format!("new endpoint in {}", path.display()));
        }
        Some(i) if !update => {
            done.push(format!("in the schema ({}), not rewritten without --update", dir.docs[i].path.display()));
        }
        Some(i) => {
            let old = dir.docs[i].root.map("endpoint").cloned().unwrap_or_default();
            let mut endpoint = builder.endpoint(page, target, &own, Some(&old), Some(&model));
            keep_what_the_page_lacks(&mut endpoint, &old, page);
            let changed = dir.docs[i].root.map("endpoint") != Some(&endpoint);
            dir.docs[i].root.set("endpoint", Yaml::Map(endpoint));
            let word = if changed { "rewritten from the page" } else { "already as the page says" };
            done.push(format!("{word} ({})", dir.docs[i].path.display()));
        }
    }
    Ok(())
}

fn is_endpoint(m: &Map, target: &Target) -> bool {
    m.str("api") == Some(&target.api)
        && m.str("resource") == Some(&target.resource)
        && m.str("operation") == Some(target.operation)
        && m.str("name") == target.name.as_deref()
}

/// For sections a page has only in part (it stops in them), the schema's entries the page
/// does not show stay; so do the facts the schema has from other pages that this page does
/// not speak about (see [`keep_other_pages_facts`]).
fn keep_what_the_page_lacks(endpoint: &mut Map, old: &Map, page: &DocPage) {
    let open = page.open_fields();
    for (section, key) in [(Section::Query, "query"), (Section::Body, "body")] {
        if page.is_whole(section) {
            continue;
        }
        if let Some(old_fields) = old.get(key) {
            let old_fields = old_fields.as_map().cloned().unwrap_or_default();
            match endpoint.get_mut(key).and_then(Yaml::as_map_mut) {
                Some(new_fields) => {
                    keep_unseen(new_fields, &old_fields);
                    keep_unreached(new_fields, &old_fields, &open);
                }
                None => endpoint.set_ordered(key, Yaml::Map(old_fields), &build::ENDPOINT_ORDER),
            }
        }
    }
    if !page.is_whole(Section::Response) {
        let old_support = old.map("response").and_then(|r| r.map("support")).cloned().unwrap_or_default();
        let response = match endpoint.get_mut("response").and_then(Yaml::as_map_mut) {
            Some(r) => r,
            None => {
                endpoint.set_ordered("response", Yaml::Map(Map::default()), &build::ENDPOINT_ORDER);
                endpoint.get_mut("response").and_then(Yaml::as_map_mut).expect("just set")
            }
        };
        if response.get("support").is_none() {
            response.set_ordered("support", Yaml::Map(Map::default()), &build::RESPONSE_ORDER);
        }
        if let Some(support) = response.get_mut("support").and_then(Yaml::as_map_mut) {
            keep_unseen(support, &old_support);
        }
    }
    keep_other_pages_facts(endpoint, old, page);
}

/// What the schema knows from other pages and this page does not say:
/// - `integrations` and `integrations_known_in_part` when the page lists no integrations (the
///   newer layout never does); a page's list replaces both;
/// - `body_known_in_part` while the page too shows the body only in part;
/// - `response.partial_in` (no page layout the reader knows names the integrations) while the
///   page says the records may be partial.
fn keep_other_pages_facts(endpoint: &mut Map, old: &Map, page: &DocPage) {
    let mut kept = Vec::new();
    if page.integrations.is_none() {
        kept.extend(["integrations", "integrations_known_in_part"]);
    }
    if endpoint.get("body").is_some() && !page.is_whole(Section::Body) {
        kept.push("body_known_in_part");
    }
    for key in kept {
        if let (Some(value), None) = (old.get(key), endpoint.get(key)) {
            endpoint.set_ordered(key, value.clone(), &build::ENDPOINT_ORDER);
        }
    }
    let old_response = old.map("response");
    let partial_in = old_response.and_then(|r| r.get("partial_in"));
    if let (Some(partial_in), true) = (partial_in, page.partial_response) {
        if let Some(response) = endpoint.get_mut("response").and_then(Yaml::as_map_mut) {
            response.set_ordered("partial_in", partial_in.clone(), &build::RESPONSE_ORDER);
            // `partial_in` says the records may be partial: `partial` stays only if it was written.
            if old_response.and_then(|r| r.get("partial")).is_none() {
                response.0.retain(|(key, _)| key != "partial");
            }
        }
    }
}

/// Along the fields whose own fields the page may not have reached ([`DocPage::open_fields`],
/// outermost first), the schema's fields the page does not show stay.
fn keep_unreached(new: &mut Map, old: &Map, open: &[&DocField]) {
    let Some((field, inner)) = open.split_first() else { return };
    let new_fields = new.get_mut(&field.name).and_then(Yaml::as_map_mut).and_then(|f| f.get_mut("fields"));
    let old_fields = old.map(&field.name).and_then(|f| f.map("fields"));
    if let (Some(new_fields), Some(old_fields)) = (new_fields.and_then(Yaml::as_map_mut), old_fields) {
        keep_unseen(new_fields, old_fields);
        keep_unreached(new_fields, old_fields, inner);
    }
}

/// Adds `old`'s entries that `new` lacks, at the end.
fn keep_unseen(new: &mut Map, old: &Map) {
    for (key, value) in &old.0 {
        if new.get(key).is_none() {
            new.0.push((key.clone(), value.clone()));
        }
    }
}

/// The API exists and lists the resource and every resource the page references.
fn ensure_api(dir: &mut SchemaDir, target: &Target, page: &DocPage, done: &mut Vec<String>) {
    let i = dir
        .find("api", |a| a.as_map().is_some_and(|m| m.str("name") == Some(&target.api)))
        .unwrap_or_else(|| dir.at(PathBuf::from(&target.api).join("api.yaml")));
    let root = &mut dir.docs[i].root;
    if root.get("api").is_none() {
        let api = Map(vec![("name".into(), Yaml::text(&target.api)), ("resources".into(), Yaml::Seq(Vec::new()))]);
        root.set("api", Yaml::Map(api));
        done.push(format!("new API `{}`", target.api));
    }
    let api = root.get_mut("api").and_then(Yaml::as_map_mut).expect("set above");
    let mut resources: Vec<String> =
        api.get("resources").and_then(Yaml::as_texts).unwrap_or_default().into_iter().map(str::to_string).collect();
    let sorted = resources.windows(2).all(|w| w[0] <= w[1]);
    let mut wanted = vec![target.resource.clone()];
    for section in Section::ALL {
        references(page.section(section), &mut wanted);
    }
    let mut added = Vec::new();
    for resource in wanted {
        if !resources.contains(&resource) {
            resources.push(resource.clone());
            added.push(resource);
        }
    }
    if sorted {
        resources.sort();
    }
    if !added.is_empty() {
        api.set("resources", Yaml::texts(resources));
        done.push(format!("API `{}` lists {}", target.api, added.join(", ")));
    }
}

fn references(fields: &[DocField], out: &mut Vec<String>) {
    for field in fields {
        if let Some((resource, _)) = &field.references {
            let resource = pages::reference_resource(resource);
            if !out.contains(&resource) {
                out.push(resource);
            }
        }
        references(&field.children, out);
    }
}

/// Truto's shared parameters the page prints and the schema lacks; the response formats it
/// allows; path parameters.
fn ensure_parameters(
    dir: &mut SchemaDir,
    builder: &mut Builder<'_>,
    page: &DocPage,
    target: &Target,
    truto: &[DocField],
    done: &mut Vec<String>,
) {
    let parameters = dir.section("parameters", "parameters.yaml", Yaml::Map(Map::default()));
    let Some(parameters) = parameters.as_map_mut() else { return };
    for (key, fields) in [("path", &page.path_params[..]), ("query", truto)] {
        if parameters.get(key).is_none() && !fields.is_empty() {
            parameters.set(key, Yaml::Map(Map::default()));
        }
        let Some(section) = parameters.get_mut(key).and_then(Yaml::as_map_mut) else { continue };
        let place = if key == "path" { Place::Path } else { Place::Shared };
        for field in fields {
            match section.get_mut(&field.name).and_then(Yaml::as_map_mut) {
                None => {
                    let mut built = builder.field(field, None, place);
                    if key == "query" {
                        shared_extras(&mut built, field, page, target);
                    }
                    section.set(&field.name, Yaml::Map(built));
                    done.push(format!("new {key} parameter `{}`", field.name));
                }
                Some(existing) if key == "query" => {
                    if widen_shared(existing, field, page, target) {
                        done.push(format!("parameter `{}` widened", field.name));
                    }
                }
                Some(_) => {}
            }
        }
    }
}

/// A new shared parameter: the format selector, or one only list pages print.
fn shared_extras(built: &mut Map, field: &DocField, page: &DocPage, target: &Target) {
    if field.name == RESPONSE_FORMAT_PARAM {
        built.set_ordered("response_format", Yaml::Bool(true), &build::FIELD_ORDER);
        built.set_ordered("enum", Yaml::texts(page.response_formats.iter().cloned()), &build::FIELD_ORDER);
    }
    if target.operation == "list" {
        built.set_ordered("operations", Yaml::texts(["list"]), &build::FIELD_ORDER);
    }
}

/// A known shared parameter on another page: the formats it adds, the operation it is now
/// seen on. Returns whether anything changed.
fn widen_shared(existing: &mut Map, field: &DocField, page: &DocPage, target: &Target) -> bool {
    let mut changed = false;
    if field.name == RESPONSE_FORMAT_PARAM {
        let mut formats: Vec<String> =
            existing.get("enum").and_then(Yaml::as_texts).unwrap_or_default().into_iter().map(str::to_string).collect();
        let mut docs = existing.map("value_docs").cloned();
        for format in &page.response_formats {
            if !formats.contains(format) {
                formats.push(format.clone());
                changed = true;
                let doc = field.value_docs.iter().find(|(v, d)| v == format && !d.is_empty());
                if let (Some(docs), Some((_, text))) = (docs.as_mut(), doc) {
                    docs.set(format, Yaml::text(text));
                }
            }
        }
        if changed {
            existing.set_ordered("enum", Yaml::texts(formats), &build::FIELD_ORDER);
            if let Some(docs) = docs {
                existing.set_ordered("value_docs", Yaml::Map(docs), &build::FIELD_ORDER);
            }
        }
    }
    if let Some(ops) = existing.get("operations").and_then(Yaml::as_texts) {
        if !ops.contains(&target.operation) {
            let mut ops: Vec<String> = ops.into_iter().map(str::to_string).collect();
            ops.push(target.operation.to_string());
            existing.set("operations", Yaml::texts(ops));
            changed = true;
        }
    }
    changed
}

/// The resource's model fields: the schema's, or new from the response body. With
/// `update`, the schema's rewritten from the page.
fn ensure_resource(
    dir: &mut SchemaDir,
    builder: &mut Builder<'_>,
    page: &DocPage,
    target: &Target,
    update: bool,
    done: &mut Vec<String>,
) -> Result<Map, String> {
    let at = dir.find("resource", |r| {
        r.as_map().is_some_and(|m| m.str("api") == Some(&target.api) && m.str("name") == Some(&target.resource))
    });
    match at {
        None => {
            if page.response.is_empty() {
                return Err(format!(
                    "{}: the schema has no resource `{}` and the page has no response body to make its model from",
                    page.endpoint(),
                    target.resource
                ));
            }
            let fields = builder.fields(&page.response, None, Place::Model);
            let path = PathBuf::from(&target.api).join(&target.resource).join("resource.yaml");
            let resource = Map(vec![
                ("api".into(), Yaml::text(&target.api)),
                ("name".into(), Yaml::text(&target.resource)),
                ("model".into(), Yaml::text(target.model_name())),
                ("fields".into(), Yaml::Map(fields.clone())),
            ]);
            if dir.docs.iter().any(|d| d.path == path) {
                return Err(format!("cannot write the resource to {}: the file holds something else", path.display()));
            }
            let i = dir.at(path.clone());
            dir.docs[i].root.set("resource", Yaml::Map(resource));
            done.push(format!("new resource in {}", path.display()));
            Ok(fields)
        }
        Some(i) => {
            let old = dir.docs[i].root.map("resource").and_then(|r| r.map("fields")).cloned().unwrap_or_default();
            if !update || page.response.is_empty() {
                return Ok(old);
            }
            let mut fields = builder.fields(&page.response, Some(&old), Place::Model);
            let whole = page.is_whole(Section::Response);
            if !whole {
                keep_unseen(&mut fields, &old);
                keep_unreached(&mut fields, &old, &page.open_fields());
            }
            let doc = &mut dir.docs[i];
            let Some(resource) = doc.root.get_mut("resource").and_then(Yaml::as_map_mut) else {
                return Ok(fields);
            };
            if fields != old {
                done.push(format!("model rewritten from the page ({})", doc.path.display()));
                resource.set("fields", Yaml::Map(fields.clone()));
            }
            // A whole response body shows every field of the model.
            if whole && resource.get("known_in_part").is_some() {
                resource.0.retain(|(key, _)| key != "known_in_part");
                done.push(format!("the model is whole on the page: `known_in_part` removed ({})", doc.path.display()));
            }
            Ok(fields)
        }
    }
}

/// New integrations and aliases into the schema's list.
fn learn_integrations(dir: &mut SchemaDir, integrations: &Integrations, report: &mut Vec<String>) {
    if integrations.learned.is_empty() {
        return;
    }
    let list = dir.section("integrations", "integrations.yaml", Yaml::Seq(Vec::new()));
    if let Yaml::Seq(items) = list {
        integrations.apply(items);
    }
    for learned in &integrations.learned {
        report.push(match learned {
            Learned::New { slug, name } => {
                format!("new integration {name} (`{slug}`, by Truto's naming rule, confirmed: false)")
            }
            Learned::Alias { slug, label } => format!("new alias {label} of `{slug}`"),
        });
    }
}

#[cfg(test)]
mod tests;
