//! Import on the project's fixture pages (`truto-codegen/tests/pages/`) and on small pages
//! of its own.
//!
//! The same round trips on Truto's saved pages need their directory: those tests are ignored
//! unless asked for, `TRUTO_DOC_PAGES=DIR cargo test -- --ignored` (DIR absolute or from the
//! workspace root; `.ci/run` passes the team's saved pages, which `schema/` describes).

use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::codegen::workspace_root;

/// A fresh scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("truto-import-test-{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The directory of Truto's saved doc pages that `TRUTO_DOC_PAGES` names.
fn truto_pages() -> PathBuf {
    let dir = std::env::var_os("TRUTO_DOC_PAGES")
        .unwrap_or_else(|| panic!("set TRUTO_DOC_PAGES to the directory of Truto's saved doc pages"));
    workspace_root().join(dir)
}

/// The project's own pages, whole, in the layouts of Truto's pages.
/// A fixture page saved only in part.
fn cut_fixture(name: &str) -> PathBuf {
    fixtures().join("cut").join(name)
}

/// Copies the YAML files of `from` into `to`, leaving out the files and folders `skip` names.
fn copy_schema(from: &Path, to: &Path, skip: &[&str]) {
    for entry in walk(from) {
        let relative = entry.strip_prefix(from).expect("below");
        if skip.iter().any(|s| relative.starts_with(s)) {
            continue;
        }
        let target = to.join(relative);
        fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        fs::copy(&entry, &target).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|x| x == "yaml") {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn import(schema: &Path, pages: Vec<PathBuf>, update: bool) -> Plan {
    let options = Options { schema: schema.to_path_buf(), update, pages };
    let plan = plan(&options).unwrap_or_else(|e| panic!("import failed: {e}"));
    schema_dir::write_all(schema, &plan.files).expect("write");
    plan
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Imports the pages of `pages` into an empty schema, which generates and matches them; a
/// second import changes nothing, with `--update` or without; the pages named one by one, in
/// another order, give the same files.
fn round_trip_into_an_empty_schema(pages: &Path) -> (Scratch, Plan) {
    let dir = Scratch::new("empty");
    let plan = import(dir.path(), vec![pages.to_path_buf()], false);
    assert_eq!(plan.differences, 0, "{}", plan.report.join("\n"));
    assert_eq!(plan.unread, 0, "{}", plan.report.join("\n"));
    truto_codegen::generate(dir.path(), &truto_codegen::Options::new(crate::codegen::CLIENT_CRATE))
        .unwrap_or_else(|d| panic!("{d}"));
    let schema = truto_codegen::load_schema(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let report = verify_docs::verify_dir(&schema, pages).expect("verify");
    assert!(report.is_clean(), "{report}");
    let again = import(dir.path(), vec![pages.to_path_buf()], false);
    assert!(again.files.is_empty(), "{:?}", again.files);
    assert_eq!(again.differences, 0);
    let updated = import(dir.path(), vec![pages.to_path_buf()], true);
    assert!(updated.files.is_empty(), "--update of an imported schema changes nothing: {:?}", updated.files);
    let other = Scratch::new("reversed");
    let mut one_by_one = verify_docs::page_files(pages).expect("pages");
    one_by_one.reverse();
    assert_eq!(import(other.path(), one_by_one, false).files, plan.files);
    (dir, plan)
}

#[test]
fn the_fixture_pages_imported_into_an_empty_schema_generate_and_match_the_pages() {
    let (dir, plan) = round_trip_into_an_empty_schema(&fixtures());
    let written: Vec<String> = plan.files.iter().map(|(p, _)| p.display().to_string()).collect();
    let endpoints = ["accounts/create", "associations/create", "fields/list", "gadgets/delete", "gizmos/delete"];
    let endpoints = endpoints.into_iter().chain(["notes/create", "sprockets/create", "widgets/update"]);
    let mut expected: Vec<String> = endpoints
        .flat_map(|e| {
            let resource = e.split('/').next().expect("resource");
            [format!("crm/{e}.yaml"), format!("crm/{resource}/resource.yaml")]
        })
        .chain(["crm/api.yaml", "integrations.yaml", "parameters.yaml"].map(String::from))
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    // Glued values split as the pages mean them, each integration's own values too.
    let update = read(dir.path(), "crm/widgets/update.yaml");
    assert!(update.contains("      enum: [draft, active, retired, paused, archived]\n"), "{update}");
    assert!(update.contains("          initech: [draft, active, archived]\n"), "{update}");
    assert!(update.contains("    due_at:\n      support:\n        supported: [initech]\n"), "{update}");
    let gadgets = read(dir.path(), "crm/gadgets/delete.yaml");
    assert!(gadgets.contains("      enum: [clock, lamp, pump, valve]\n"), "{gadgets}");
    assert!(gadgets.contains("    sort_by:\n      enum: [created_at, updated_at]\n"), "{gadgets}");
    assert!(gadgets.contains("  response_formats: [unified, raw, normalized, stream, debug]\n"), "{gadgets}");
    let parameters = read(dir.path(), "parameters.yaml");
    assert!(parameters.contains("enum: [unified, raw, normalized, stream, debug]"), "{parameters}");
    // Integrations by Truto's rule, unconfirmed; the older page's "Integrations supported", a
    // lower bound (older pages list fewer integrations): known to support it, others unknown.
    let integrations = read(dir.path(), "integrations.yaml");
    assert!(integrations.contains("  - slug: umbrellasales\n    name: Umbrella Sales\n    confirmed: false\n"));
    let gizmos = read(dir.path(), "crm/gizmos/delete.yaml");
    let in_part = "  integrations_known_in_part:\n    supported: [acmecrm, globex, umbrellasales]\n";
    assert!(gizmos.contains(in_part), "{gizmos}");
    // `required` alone under a nested field is its mark.
    let sprockets = read(dir.path(), "crm/sprockets/create.yaml");
    assert!(sprockets.contains("      fields:\n        id:\n          type: string\n          required: true\n"));
    assert!(!sprockets.contains("required:\n"), "{sprockets}");
}

#[test]
#[ignore = "needs Truto's saved doc pages: TRUTO_DOC_PAGES=DIR cargo test -- --ignored"]
fn saved_truto_pages_imported_into_an_empty_schema_generate_and_match_the_pages() {
    round_trip_into_an_empty_schema(&truto_pages());
}

#[test]
#[ignore = "needs Truto's saved doc pages: TRUTO_DOC_PAGES=DIR cargo test -- --ignored"]
fn each_saved_truto_page_over_the_schema_reports_no_difference() {
    for page in verify_docs::page_files(&truto_pages()).expect("pages") {
        let dir = Scratch::new("over");
        copy_schema(&workspace_root().join("schema"), dir.path(), &[]);
        let plan = import(dir.path(), vec![page.clone()], false);
        assert_eq!(plan.differences, 0, "{}: {}", page.display(), plan.report.join("\n"));
        assert!(plan.files.is_empty(), "{}: {:?}", page.display(), plan.files);
        let plan = import(dir.path(), vec![page.clone()], true);
        assert!(plan.files.is_empty(), "--update {}: {:?}", page.display(), plan.files);
    }
}

/// Keys of an endpoint the schema has from other pages than the seeds: endpoint-level support
/// (the newer layout prints no "Integrations supported"; older pages, whose lists are lower
/// bounds, newer ones and Truto's integration-coverage page do) and the response formats (an
/// older page may list fewer).
const FROM_OTHER_PAGES: [&str; 3] = ["integrations", "integrations_known_in_part", "response_formats"];

/// The cheap proof that imported endpoints compile: with the schema's shared files and
/// resources, importing Truto's saved pages writes endpoints that are the committed ones but
/// for the keys the schema has from other pages ([`FROM_OTHER_PAGES`]) and the maintainer's
/// names, and with those keys generate exactly the committed crate (which the workspace
/// compiles and tests).
#[test]
#[ignore = "needs Truto's saved doc pages: TRUTO_DOC_PAGES=DIR cargo test -- --ignored"]
fn saved_truto_pages_imported_as_endpoints_generate_the_committed_crate() {
    let pages = truto_pages();
    let mut endpoints: Vec<String> = verify_docs::page_files(&pages)
        .expect("pages")
        .iter()
        .map(|file| {
            let page = truto_codegen::pages::parse_page(&fs::read_to_string(file).expect("read")).expect("a page");
            let target = build::Target::of(&page.http_method, &page.path).expect("a unified endpoint");
            format!("{}/{}/{}.yaml", target.api, target.resource, target.file_stem())
        })
        .collect();
    endpoints.sort();
    let skipped: Vec<&str> = endpoints.iter().map(String::as_str).collect();
    let schema = workspace_root().join("schema");
    let dir = Scratch::new("endpoints");
    copy_schema(&schema, dir.path(), &skipped);
    let plan = import(dir.path(), vec![pages], false);
    let written: Vec<String> = plan.files.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(written, endpoints);
    for &file in &skipped {
        let committed = read(&schema, file);
        let parse = |text: &str| yaml::parse(file, text).unwrap_or_else(|e| panic!("{e}"));
        let (mut imported, theirs) = (parse(&read(dir.path(), file)), parse(&committed));
        let endpoint = |y: &Yaml| y.as_map().and_then(|m| m.map("endpoint")).cloned().expect("an endpoint");
        let (mut ours, theirs) = (endpoint(&imported), endpoint(&theirs));
        // What the page says of these is a lower bound of the schema's (verify-docs holds the
        // committed schema to that): the schema's replaces it.
        ours.0.retain(|(key, _)| !FROM_OTHER_PAGES.contains(&key.as_str()));
        for key in FROM_OTHER_PAGES {
            if let Some(value) = theirs.get(key) {
                ours.set_ordered(key, value.clone(), &build::ENDPOINT_ORDER);
            }
        }
        // Maintainer keys (`type_name`) aside, which no page says either.
        let (a, b) = (build::normalized(&Yaml::Map(ours.clone())), build::normalized(&Yaml::Map(theirs)));
        assert!(a == b, "{file}: the seed page says something else than the schema");
        imported.as_map_mut().expect("a mapping").set("endpoint", Yaml::Map(ours));
        fs::write(dir.path().join(file), yaml::write(imported.as_map().expect("a mapping")).expect("write"))
            .expect("write");
    }
    let files = truto_codegen::generate(dir.path(), &truto_codegen::Options::new(crate::codegen::CLIENT_CRATE))
        .unwrap_or_else(|d| panic!("{d}"));
    let crate_dir = workspace_root().join("truto-generated");
    for file in files {
        let committed = fs::read_to_string(crate_dir.join(&file.path)).expect("committed file");
        assert!(committed == file.contents, "{} differs from the committed crate", file.path.display());
    }
}

#[test]
fn update_keeps_the_maintainers_choices_and_rewrites_the_facts() {
    let dir = Scratch::new("update");
    let page = fixtures().join("widgets_update.txt");
    import(dir.path(), vec![page.clone()], false);
    let file = dir.path().join("crm/widgets/update.yaml");
    let original = fs::read_to_string(&file).expect("read");
    let edited = original
        .replace("      description: The widget's price\n", "      description: Old words\n      rust_name: money\n")
        .replace("    due_at:\n      support:\n        supported: [initech]\n", "");
    assert_ne!(edited, original);
    fs::write(&file, &edited).expect("write");
    let plan = import(dir.path(), vec![page.clone()], false);
    assert_eq!(plan.differences, 2, "{}", plan.report.join("\n"));
    assert!(plan.files.is_empty());
    let plan = import(dir.path(), vec![page], true);
    assert_eq!(plan.differences, 0, "{}", plan.report.join("\n"));
    let rewritten = fs::read_to_string(&file).expect("read");
    // The page's facts are back, the maintainer's `rust_name` stays, the field the page has
    // comes back where the page prints it, and the rest reads as it did.
    assert_eq!(
        rewritten,
        original.replace(
            "      description: The widget's price\n",
            "      description: The widget's price\n      rust_name: money\n"
        )
    );
}

#[test]
fn a_page_cut_short_is_reported_and_what_is_whole_is_taken() {
    let whole = fixtures().join("widgets_update.txt");
    let text = fs::read_to_string(&whole).expect("fixture");
    // Cut in the middle of the request body: inside `owner`'s marks block, in the mark line of
    // its first entry (`Acme CRM`, whose `supported` is cut to `sup`).
    let block = "ownerobject\n\nThe widget's owner\n\n4 supported\nAcme CRM\n";
    let at = text.find(block).expect("owner") + block.len() + "sup".len();
    let dir = Scratch::new("cut");
    import(dir.path(), vec![whole], false);
    let pages = Scratch::new("cut-pages");
    let page = write_page(pages.path(), "cut.txt", &text[..at]);
    let lines = text[..at].lines().count();
    let plan = import(dir.path(), vec![page.clone()], true);
    let report = plan.report.join("\n");
    assert!(report.contains(&format!("the page stops at line {lines}, in the request body at `owner`")), "{report}");
    // And the marks block it stops in, at its first entry.
    let acme = lines - 1;
    assert!(
        report.contains(&format!("line {acme}: owner: marks block announces 4 integrations but lists 0")),
        "{report}"
    );
    assert_eq!(plan.unread, 2, "{report}");
    // Whole fields were compared and found equal; `owner` and what follows were kept.
    assert!(plan.files.is_empty(), "{report}");
    assert_eq!(plan.differences, 0, "{report}");
    // Into an empty schema there is no model to take: an error, nothing written.
    let empty = Scratch::new("cut-empty");
    let error =
        super::plan(&Options { schema: empty.path().to_path_buf(), update: false, pages: vec![page] }).unwrap_err();
    assert!(error.contains("no response body"), "{error}");
    assert!(walk(empty.path()).is_empty());
}

/// Newer pages print an endpoint's own filters before Truto's parameters: `--update` from a
/// page cut there keeps the response formats it does not show (without them the schema would
/// not generate).
#[test]
fn update_from_a_page_that_stops_before_trutos_parameters_keeps_the_response_formats() {
    let dir = Scratch::new("before-truto");
    import(dir.path(), vec![fixtures().join("gadgets_delete.txt")], false);
    let before = read(dir.path(), "crm/gadgets/delete.yaml");
    assert!(before.contains("  response_formats: [unified, raw, normalized, stream, debug]\n"), "{before}");
    let plan = import(dir.path(), vec![cut_fixture("gadgets_delete_before_truto.txt")], true);
    let report = plan.report.join("\n");
    assert!(report.contains("in the query parameters at `owner` (left out with what follows)"), "{report}");
    assert!(report.contains("already as the page says"), "{report}");
    assert!(plan.files.is_empty(), "{report}");
    assert_eq!(plan.differences, 0, "{report}");
    assert_eq!(read(dir.path(), "crm/gadgets/delete.yaml"), before);
}

/// An older page's "Integrations supported" and response formats are lower bounds: `--update`
/// adds them to what the schema knows from newer pages and keeps the rest.
#[test]
fn update_from_an_older_page_adds_its_integrations_and_formats_to_the_schemas() {
    let dir = Scratch::new("older-lower-bound");
    let page = fixtures().join("gizmos_delete.txt");
    import(dir.path(), vec![page.clone()], false);
    let file = "crm/gizmos/delete.yaml";
    let imported = read(dir.path(), file);
    let in_part = "  integrations_known_in_part:\n    supported: [acmecrm, globex, umbrellasales]\n";
    assert!(imported.contains(in_part), "{imported}");
    // A newer page's complete list (with one more integration) and one more format.
    let parameters =
        read(dir.path(), "parameters.yaml").replace("[unified, raw, normalized]", "[unified, raw, normalized, stream]");
    fs::write(dir.path().join("parameters.yaml"), parameters).expect("write");
    let integrations = read(dir.path(), "integrations.yaml") + "  - slug: initech\n    name: Initech\n";
    fs::write(dir.path().join("integrations.yaml"), integrations).expect("write");
    let newer = imported.replace(in_part, "  integrations: [initech, globex]\n").replace(
        "  response_formats: [unified, raw, normalized]\n",
        "  response_formats: [unified, raw, normalized, stream]\n",
    );
    fs::write(dir.path().join(file), &newer).expect("write");
    let plan = import(dir.path(), vec![page.clone()], false);
    assert_eq!(plan.differences, 2, "the page lists two the schema does not: {}", plan.report.join("\n"));
    import(dir.path(), vec![page.clone()], true);
    let updated = read(dir.path(), file);
    assert!(updated.contains("  integrations: [initech, globex, acmecrm, umbrellasales]\n"), "{updated}");
    assert!(updated.contains("  response_formats: [unified, raw, normalized, stream]\n"), "{updated}");
    // Known in part: the page's are added to those known to support it, except one known not to.
    let known = updated.replace(
        "  integrations: [initech, globex, acmecrm, umbrellasales]\n",
        "  integrations_known_in_part:\n    supported: [initech]\n    unsupported: [globex]\n",
    );
    fs::write(dir.path().join(file), &known).expect("write");
    import(dir.path(), vec![page], true);
    let updated = read(dir.path(), file);
    let expected =
        "  integrations_known_in_part:\n    supported: [initech, acmecrm, umbrellasales]\n    unsupported: [globex]\n";
    assert!(updated.contains(expected), "{updated}");
    truto_codegen::load_schema(dir.path()).unwrap_or_else(|d| panic!("{d}"));
}

/// A page that stops right after a field's marks block whose counts are met: the field is
/// read (`--update` takes its marks from the page), and its fields, which the page does not
/// reach, stay as the schema has them.
#[test]
fn update_from_a_page_that_stops_right_after_a_whole_marks_block_takes_the_field() {
    let dir = Scratch::new("after-marks");
    import(dir.path(), vec![fixtures().join("sprockets_create.txt")], false);
    let file = dir.path().join("crm/sprockets/create.yaml");
    let before = fs::read_to_string(&file).expect("read");
    let page = cut_fixture("sprockets_create_after_marks.txt");
    let plan = import(dir.path(), vec![page.clone()], false);
    let report = plan.report.join("\n");
    assert!(report.contains("in the request body right after `account`'s marks, whose counts are whole"), "{report}");
    assert_eq!((plan.differences, plan.unread), (0, 1), "{report}");
    // A mark the schema lost comes back from the page; the account's `id` stays.
    let edited = before.replace("        required: [globex, oscorp, wonka]\n", "        required: [globex, oscorp]\n");
    assert_ne!(edited, before);
    fs::write(&file, &edited).expect("write");
    let plan = import(dir.path(), vec![page.clone()], false);
    assert_eq!(plan.differences, 1, "{}", plan.report.join("\n"));
    let plan = import(dir.path(), vec![page], true);
    assert_eq!(plan.differences, 0, "{}", plan.report.join("\n"));
    assert!(!plan.report.join("\n").contains("without fields"), "{}", plan.report.join("\n"));
    assert_eq!(fs::read_to_string(&file).expect("read"), before);
}

/// A page that stops right after the marks of an object's last field shown: the object's
/// fields after it, which the page does not reach, stay as the schema has them.
#[test]
fn update_from_a_page_that_stops_inside_an_object_keeps_its_fields_the_page_does_not_reach() {
    let dir = Scratch::new("inside-object");
    import(dir.path(), vec![fixtures().join("widgets_update.txt")], false);
    let file = dir.path().join("crm/widgets/update.yaml");
    // The schema knows a third field of the stage, after the two the page shows.
    let stage_name = "        name:\n          type: string\n          description: The stage's name\n";
    let color = "        shade:\n          type: string\n          description: The stage's shade\n";
    let schema = fs::read_to_string(&file).expect("read").replacen(stage_name, &format!("{stage_name}{color}"), 1);
    fs::write(&file, &schema).expect("write");
    // The page, with marks on the stage's `name`, stops right after them.
    let text = fs::read_to_string(fixtures().join("widgets_update.txt")).expect("fixture");
    let name = "namestring\n\nThe stage's name\n\n";
    let at = text.find(name).expect("the stage's name") + name.len();
    let pages = Scratch::new("inside-object-pages");
    let page = write_page(pages.path(), "cut.txt", &format!("{}1 supported\nGlobex\nsupported\n", &text[..at]));
    let plan = import(dir.path(), vec![page], true);
    let report = plan.report.join("\n");
    assert!(report.contains("right after `stage.name`'s marks, whose counts are whole"), "{report}");
    let rewritten = fs::read_to_string(&file).expect("read");
    assert!(rewritten.contains(color), "{rewritten}");
    assert_eq!(plan.differences, 0, "{report}");
}

/// `--update` rewrites an endpoint from its page and keeps what the schema has from other
/// pages and the page does not say: endpoint-level support, a body known in part while the
/// page too shows it in part, `partial_in` while the page says the records may be partial.
#[test]
fn update_keeps_what_other_pages_said_and_the_page_does_not() {
    let dir = Scratch::new("other-pages");
    let whole = fixtures().join("widgets_update.txt");
    import(dir.path(), vec![whole.clone()], false);
    let file = "crm/widgets/update.yaml";
    let original = read(dir.path(), file);
    let integrations = "  integrations: [globex, initech]\n";
    let known_in_part = "  body_known_in_part: Seen up to `owner`.\n";
    let edited = original
        .replace("  body:\n", &format!("{integrations}  body:\n"))
        .replace("  response:\n", &format!("{known_in_part}  response:\n"));
    assert_ne!(edited, original);
    fs::write(dir.path().join(file), &edited).expect("write");
    // A page cut inside the body keeps it, and the integrations the newer layout never prints.
    let text = fs::read_to_string(&whole).expect("fixture");
    let at = text.find("ownerobject\n\nThe widget's owner").expect("owner");
    let page = dir.path().join("cut.txt");
    fs::write(&page, &text[..at]).expect("write page");
    let plan = import(dir.path(), vec![page], true);
    assert!(plan.files.is_empty(), "{:?}", plan.files);
    assert_eq!(read(dir.path(), file), edited);
    // The whole page shows the whole body: it is no longer known only in part.
    import(dir.path(), vec![whole], true);
    let rewritten = read(dir.path(), file);
    assert!(!rewritten.contains("body_known_in_part"), "{rewritten}");
    assert!(rewritten.contains(integrations), "{rewritten}");

    // A list page saying "Partial response" keeps which integrations; its whole response body
    // makes the model whole.
    let dir = Scratch::new("other-pages-list");
    copy_schema(&workspace_root().join("schema"), dir.path(), &[]);
    let plan = import(dir.path(), vec![fixtures().join("fields_list.txt")], true);
    let list = read(dir.path(), "crm/fields/list.yaml");
    assert!(list.contains("  response:\n    partial_in: [attio, dynamics365, salesforce]\n"), "{list}");
    assert!(!list.contains("partial: true"), "{list}");
    assert!(list.contains("  integrations: ["), "{list}");
    assert!(!read(dir.path(), "crm/fields/resource.yaml").contains("known_in_part"));
    let report = plan.report.join("\n");
    assert!(report.contains("the model is whole on the page: `known_in_part` removed"), "{report}");
    truto_codegen::load_schema(dir.path()).unwrap_or_else(|d| panic!("{d}"));
}

/// Truto's response-format parameter as newer pages print it (`{FORMAT}` in [`write_page`]).
const FORMAT: &str = "truto_response_formatstring\n\nThe format of the response.\n\n  • unified returns the response with unified mappings applied.\n  • raw returns the unprocessed, raw response from the remote API.\n\nDefaults to unified.\n\nExample: unified\nPossible values:\nunifiedraw\n";

/// Writes a page, `{FORMAT}` replaced by Truto's response-format parameter.
fn write_page(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, body.replace("{FORMAT}", FORMAT)).expect("write page");
    path
}

#[test]
fn a_schema_the_generator_refuses_writes_nothing() {
    let dir = Scratch::new("refused");
    let pages = Scratch::new("refused-pages");
    let page = write_page(
        pages.path(),
        "p.txt",
        "GET /unified/crm/widgets/{id}\n\nPath Parameters\n\nidstring\nrequired·\n\nResponse Body\n\n\
         countnumber\n\nHow many\n\nPossible values:\nonetwo\ncurl -X GET x\n",
    );
    let error =
        super::plan(&Options { schema: dir.path().to_path_buf(), update: false, pages: vec![page] }).unwrap_err();
    assert!(error.contains("`enum` given for a field of type `number`"), "{error}");
    assert!(walk(dir.path()).is_empty());
    let page = write_page(pages.path(), "q.txt", "no request line here\n");
    assert!(super::plan(&Options { schema: dir.path().to_path_buf(), update: false, pages: vec![page] }).is_err());
}

#[test]
fn integrations_are_the_schemas_by_name_or_alias_before_the_rule() {
    let dir = Scratch::new("names");
    copy_schema(&workspace_root().join("schema"), dir.path(), &[]);
    let before = read(dir.path(), "integrations.yaml");
    let pages = Scratch::new("names-pages");
    let page = write_page(
        pages.path(),
        "p.txt",
        "DELETE /unified/crm/accounts/{id}\n\nPath Parameters\n\nidstring\nrequired·\n\nThe ID of the resource.\n\n\
         Example: 23423523\n\nQuery Parameters\n\nShow Truto-specific parameters\n{FORMAT}\nResponse Body\n\n\
         idstring\nrequired·\n\nThe account's unique identifier\n\n4 supported\nMicrosoft Dynamics 365 Sales\nsupported\n\
         FreshSales\nsupported\nFresh Sales\nsupported\nBrand New CRM\nsupported\ncurl -X DELETE x\n",
    );
    let plan = import(dir.path(), vec![page], true);
    let report = plan.report.join("\n");
    assert!(report.contains("new alias Fresh Sales of `freshsales`"), "{report}");
    assert!(report.contains("new integration Brand New CRM (`brandnewcrm`"), "{report}");
    let after = read(dir.path(), "integrations.yaml");
    let delete = read(dir.path(), "crm/accounts/delete.yaml");
    assert!(delete.contains("supported: [dynamics365, freshsales, brandnewcrm]"), "{delete}");
    // An alias changes an entry: the file is rewritten (its comments go) and says the same.
    assert!(after.contains("aliases: [FreshSales, Fresh Sales]"), "{after}");
    assert!(after.contains("  - slug: brandnewcrm\n    name: Brand New CRM\n    confirmed: false\n"), "{after}");
    assert!(before.contains("# Slugs confirmed"));
}

#[test]
fn new_integrations_are_appended_and_the_file_keeps_its_comments() {
    let dir = Scratch::new("append");
    copy_schema(&workspace_root().join("schema"), dir.path(), &[]);
    let before = read(dir.path(), "integrations.yaml");
    let pages = Scratch::new("append-pages");
    let page = write_page(
        pages.path(),
        "p.txt",
        "DELETE /unified/crm/accounts/{id}\n\nPath Parameters\n\nidstring\nrequired·\n\nThe ID of the resource.\n\n\
         Example: 23423523\n\nQuery Parameters\n\nShow Truto-specific parameters\n{FORMAT}\nResponse Body\n\nidstring\nrequired·\n\nThe account's unique identifier\n\n\
         1 supported\nBrand New CRM\nsupported\ncurl -X DELETE x\n",
    );
    import(dir.path(), vec![page], true);
    let after = read(dir.path(), "integrations.yaml");
    assert_eq!(after, format!("{before}  - slug: brandnewcrm\n    name: Brand New CRM\n    confirmed: false\n"));
}

fn fixtures() -> PathBuf {
    workspace_root().join("truto-codegen/tests/pages")
}

#[test]
fn the_fixture_pages_import_over_the_schema_with_notes_conditions_and_partial_responses() {
    let dir = Scratch::new("fixtures");
    // The fixture pages are invented: they go where the schema has not got their endpoints
    // and resources (the shared files, the API and the seed resources stay).
    let theirs = ["crm/accounts/create.yaml", "crm/associations", "crm/fields", "crm/notes"];
    copy_schema(&workspace_root().join("schema"), dir.path(), &theirs);
    let plan = import(dir.path(), vec![fixtures()], false);
    assert_eq!(plan.differences, 0, "{}", plan.report.join("\n"));
    let schema = truto_codegen::load_schema(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let report = verify_docs::verify_dir(&schema, &fixtures()).expect("verify");
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.counts.endpoints, 8);
    let list = read(dir.path(), "crm/fields/list.yaml");
    assert!(
        list.contains("        notes:\n          close: Only custom fields of these entities are listed.\n"),
        "{list}"
    );
    assert!(list.contains("  response:\n    partial: true\n"), "{list}");
    assert!(list.contains("      name:\n        supported: [hubspot, salesforce]\n        notes:\n          hubspot: The internal property name, not the label.\n"), "{list}");
    let accounts = read(dir.path(), "crm/accounts/create.yaml");
    assert!(accounts.contains("      condition: Either name or website is required.\n"), "{accounts}");
    let associations = read(dir.path(), "crm/associations/create.yaml");
    assert!(
        associations
            .contains("        contacts:\n          type: object[]\n          condition: Only when entity is leads\n"),
        "{associations}"
    );
    let notes = read(dir.path(), "crm/notes/create.yaml");
    assert!(notes.contains("          hubspot: [note, call log]\n          planhat: [in progress]\n"), "{notes}");
    assert!(notes.contains("integrations_known_in_part:\n    supported: [close, hubspot, planhat]\n"), "{notes}");
    // The generated crate documents them.
    let files = truto_codegen::generate(dir.path(), &truto_codegen::Options::new(crate::codegen::CLIENT_CRATE))
        .unwrap_or_else(|d| panic!("{d}"));
    let all: String = files.iter().map(|f| f.contents.as_str()).collect();
    for text in [
        "Only custom fields of these entities are listed.",
        "Either name or website is required.",
        "Only when entity is leads",
    ] {
        assert!(all.contains(text), "the generated crate does not mention {text:?}");
    }
    // And the verifier sees each of them drift.
    let edited =
        list.replace("close: Only custom fields", "close: Only some fields").replace("    partial: true\n", "");
    fs::write(dir.path().join("crm/fields/list.yaml"), edited).expect("write");
    let accounts = accounts.replacen("      condition: Either name or website is required.\n", "", 1);
    fs::write(dir.path().join("crm/accounts/create.yaml"), accounts).expect("write");
    let schema = truto_codegen::load_schema(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let text = verify_docs::verify_dir(&schema, &fixtures()).expect("verify").to_string();
    assert!(text.contains("query entity: Close: note: page says \"Only custom fields of these entities are listed.\", schema says \"Only some fields of these entities are listed.\""), "{text}");
    assert!(text.contains("response partial: page says the records may be partial"), "{text}");
    assert!(
        text.contains("body name: condition: page says \"Either name or website is required.\", schema says nothing"),
        "{text}"
    );
}

#[test]
#[ignore = "needs Truto's saved doc pages: TRUTO_DOC_PAGES=DIR cargo test -- --ignored"]
fn saved_truto_pages_and_fixtures_into_an_empty_schema() {
    let dir = Scratch::new("everything");
    let plan = import(dir.path(), vec![truto_pages(), fixtures()], false);
    assert_eq!(plan.differences, 0, "{}", plan.report.join("\n"));
    let schema = truto_codegen::load_schema(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    for pages in [truto_pages(), fixtures()] {
        let report = verify_docs::verify_dir(&schema, &pages).expect("verify");
        assert!(report.is_clean(), "{report}");
    }
}
