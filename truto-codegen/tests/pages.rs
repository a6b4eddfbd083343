//! The page reader on the fixture pages of `tests/pages/`, and (bounded proptest) on pages cut
//! short, shuffled or made of garbage: it never panics, reports what it cannot read by line,
//! and says where a page cut short stops.
//!
//! The same checks on Truto's own saved pages need their directory: they are ignored unless
//! asked for, `TRUTO_DOC_PAGES=DIR cargo test -- --ignored` (DIR absolute or from the
//! workspace root; `.ci/run` passes the team's saved pages).

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use truto_codegen::pages::glued::split_field_values;
use truto_codegen::pages::{DocEnum, DocField, DocMarkKind, DocPage, Layout, Section, parse_page};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The directory of Truto's saved doc pages that `TRUTO_DOC_PAGES` names (absolute, or from
/// the workspace root), for the tests ignored unless asked for.
fn truto_pages_dir() -> PathBuf {
    let dir = std::env::var_os("TRUTO_DOC_PAGES")
        .unwrap_or_else(|| panic!("set TRUTO_DOC_PAGES to the directory of Truto's saved doc pages"));
    manifest_dir().join("..").join(dir)
}

/// The `*.txt` pages of `dir` (not of its subdirectories), by file name, sorted.
fn pages_in(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let pages: Vec<_> = files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).expect("read page");
            (file.file_name().expect("name").to_string_lossy().into_owned(), text)
        })
        .collect();
    assert!(!pages.is_empty(), "no pages in {}", dir.display());
    pages
}

/// The project's own pages: whole ones in the layouts of Truto's pages.
fn fixture_pages() -> Vec<(String, String)> {
    pages_in(&manifest_dir().join("tests/pages"))
}

fn fixture_text(name: &str) -> String {
    std::fs::read_to_string(manifest_dir().join("tests/pages").join(name)).expect("fixture")
}

fn fixture(name: &str) -> DocPage {
    parse_page(&fixture_text(name)).expect("fixture parses")
}

fn field<'p>(fields: &'p [DocField], name: &str) -> &'p DocField {
    fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field `{name}`"))
}

fn read_whole_and_without_problems(pages: Vec<(String, String)>) {
    for (name, text) in pages {
        let page = parse_page(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.problems.is_empty(), "{name}: {:?}", page.problems);
        assert_eq!(page.cut, None, "{name}");
        assert!(!page.response.is_empty(), "{name}");
    }
}

#[test]
fn every_fixture_page_reads_whole_and_without_problems() {
    let pages = fixture_pages();
    assert_eq!(pages.len(), 8);
    read_whole_and_without_problems(pages);
}

#[test]
#[ignore = "needs Truto's saved doc pages: TRUTO_DOC_PAGES=DIR cargo test -- --ignored"]
fn every_saved_truto_page_reads_whole_and_without_problems() {
    read_whole_and_without_problems(pages_in(&truto_pages_dir()));
}

#[test]
fn a_patch_page_with_marks_and_values_per_integration() {
    let page = fixture("widgets_update.txt");
    assert_eq!((page.layout, page.http_method.as_str()), (Layout::Newer, "PATCH"));
    assert_eq!(page.response_formats, ["unified", "raw", "normalized", "stream"]);
    let body = page.body.as_deref().expect("body");
    let names: Vec<_> = body.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["account", "amount", "custom_fields", "due_at", "name", "owner", "remote_data", "stage", "status", "tags"]
    );
    let account = field(body, "account");
    let marks: Vec<_> = account.marks.iter().map(|m| (m.integration.as_str(), m.kind)).collect();
    assert_eq!(marks[..2], [("Globex", DocMarkKind::Required), ("Acme CRM", DocMarkKind::Supported)]);
    assert_eq!(account.references, Some(("Accounts".into(), "id".into())));
    assert!(account.children[0].required);
    assert_eq!(field(body, "due_at").doc_type, None);
    // The union glued and cut short, and each integration's values glued under its name.
    let status = field(body, "status");
    assert_eq!(
        status.enum_doc,
        Some(DocEnum::Glued { text: "draftactiveretiredactivepausedretireddraft".into(), more: Some(2) })
    );
    let split = split_field_values(status, &[], &page.words).expect("values");
    assert!(split.problems.is_empty(), "{:?}", split.problems);
    assert_eq!(split.values, ["draft", "active", "retired", "paused", "archived"]);
    assert_eq!(split.subsets[1].as_deref(), Some(&["active".to_string(), "paused".into(), "retired".into()][..]));
    assert_eq!(split.subsets[3], None);
    let response: Vec<_> = page.response.iter().map(|f| (f.name.as_str(), f.children.len())).collect();
    assert_eq!(response[..3], [("id", 0), ("account", 1), ("amount", 0)]);
    assert_eq!(field(&page.response, "urls").children.len(), 2);
}

#[test]
fn a_delete_page_with_query_parameters_of_its_own_before_trutos() {
    let page = fixture("gadgets_delete.txt");
    let own: Vec<_> = page.query.iter().filter(|f| !f.truto_specific).map(|f| f.name.as_str()).collect();
    assert_eq!(own, ["kind", "sort_by", "topic", "created_at", "owner"]);
    let kind = field(&page.query, "kind");
    let subsets: Vec<_> = kind.glued_subsets().collect();
    assert_eq!(subsets, ["clocklamp", "lamppumpvalve", "valveclock"]);
    assert_eq!(field(&page.query, "sort_by").doc_type, None);
    assert_eq!(field(&page.query, "owner").children.len(), 1);
    assert!(field(&page.query, "integrated_account_id").truto_specific);
    assert_eq!(page.response_formats, ["unified", "raw", "normalized", "stream", "debug"]);
    // An object[] with no description of its own holds the fields after it.
    assert_eq!(field(&page.response, "phone_numbers").children.len(), 2);
}

#[test]
fn an_older_page_lists_integrations_and_marks_as_bullets() {
    let page = fixture("gizmos_delete.txt");
    assert_eq!(page.layout, Layout::Older);
    assert_eq!(
        page.integrations.as_deref(),
        Some(&["Acme CRM".to_string(), "Globex".into(), "Umbrella Sales".into()][..])
    );
    assert_eq!(page.response_formats, ["unified", "raw", "normalized"]);
    let id = field(&page.response, "id");
    assert!(id.required);
    let marks: Vec<_> = id.marks.iter().map(|m| m.integration.as_str()).collect();
    assert_eq!(marks, ["Globex", "Umbrella Sales"]);
    let grade = field(&page.response, "grade");
    assert_eq!(grade.enum_doc, Some(DocEnum::Listed(vec!["fine".into(), "coarse".into()])));
    assert_eq!(field(&page.response, "parts").children.len(), 2);
}

/// Truto's contacts create page prints `idstring` / `required` / `Show Truto-specific
/// parameters`: under a nested field, `required` alone is the mark, not a field.
#[test]
fn a_required_mark_alone_on_its_line_is_the_mark() {
    let page = fixture("sprockets_create.txt");
    let workspace = field(&page.query, "workspace");
    assert!(!workspace.truto_specific);
    let children: Vec<_> = workspace.children.iter().map(|f| (f.name.as_str(), f.required)).collect();
    assert_eq!(children, [("id", true)]);
    assert!(page.query.iter().all(|f| f.name != "required"));
    assert_eq!(page.query.iter().filter(|f| f.truto_specific).count(), 5);
}

/// A page saved up to the end of a marks block whose counts are met keeps the field: its own
/// lines are whole.
#[test]
fn a_page_that_stops_right_after_a_whole_marks_block_keeps_the_field() {
    let text = fixture_text("cut/sprockets_create_after_marks.txt");
    let page = parse_page(&text).expect("parses");
    let stop = page.cut.as_ref().expect("cut");
    assert_eq!(
        (stop.section, stop.dropped.as_deref(), stop.kept.as_deref()),
        (Some(Section::Body), None, Some("account"))
    );
    assert!(stop.to_string().contains("right after `account`'s marks, whose counts are whole"), "{stop}");
    let body = page.body.as_deref().expect("body");
    let account = field(body, "account");
    assert_eq!(account.marks.len(), 20);
    assert_eq!(account.marks.iter().filter(|m| m.kind == DocMarkKind::Required).count(), 3);
    assert!(account.children.is_empty());
    let open: Vec<_> = page.open_fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(open, ["account"]);
    assert!(page.problems.iter().all(|p| !p.message.contains("marks block")), "{:?}", page.problems);
    // One integration short of the count: cut in the block, the field is left out.
    let short = &text[..text.trim_end().rfind('\n').and_then(|end| text[..end].rfind('\n')).expect("lines")];
    let page = parse_page(short).expect("parses");
    assert_eq!(page.cut.as_ref().and_then(|c| c.dropped.as_deref()), Some("account"));
    assert!(page.open_fields().is_empty());
}

/// An entry without values after one with values may be the start of one whose values line
/// was cut: the block is not taken as whole.
#[test]
fn a_marks_block_ending_in_an_entry_without_values_after_one_with_values_is_not_whole() {
    let text = fixture_text("widgets_update.txt");
    let end = text.find("Hooli\nsupported\nVandelay").expect("status's block") + "Hooli\nsupported".len();
    let at_hooli = parse_page(&text[..end]).expect("parses");
    assert!(at_hooli.problems.iter().any(|p| p.message.contains("announces 5 integrations but lists 4")));
    assert_eq!(at_hooli.cut.and_then(|c| c.dropped).as_deref(), Some("status"));
    let end = text.find("Vandelay\nsupported\ntagsobject[]").expect("status's block") + "Vandelay\nsupported".len();
    let whole = parse_page(&text[..end]).expect("parses");
    assert_eq!(whole.cut.and_then(|c| c.kept).as_deref(), Some("status"));
    // A block whose counts are met but whose last line is an entry's values (here cut
    // mid-line) is not taken as whole: the values, or a note, may be cut.
    let block = "Initech\nsupported\ndraftactivearchived";
    let end = text.find(block).expect("Initech") + block.len();
    let mut shorter = text[..end].replace("5 supported\nAcme CRM", "3 supported\nAcme CRM");
    shorter.truncate(shorter.len() - 3);
    let page = parse_page(&shorter).expect("parses");
    assert_eq!(page.cut.and_then(|c| c.dropped).as_deref(), Some("status"));
}

/// Newer pages print an endpoint's own filters before Truto's parameters: a page cut there
/// shows no response formats.
#[test]
fn a_page_that_stops_before_trutos_parameters_shows_no_formats() {
    let page = parse_page(&fixture_text("cut/gadgets_delete_before_truto.txt")).expect("parses");
    assert_eq!(page.cut.as_ref().and_then(|c| c.section), Some(Section::Query));
    assert!(page.response_formats.is_empty());
    assert!(page.query.iter().all(|f| !f.truto_specific));
    assert!(!page.is_whole(Section::Query));
}

#[test]
fn notes_and_partial_responses() {
    let page = fixture("fields_list.txt");
    assert_eq!(page.layout, Layout::Newer);
    assert!(page.partial_response);
    let entity = field(&page.query, "entity");
    let notes: Vec<_> = entity.marks.iter().map(|m| (m.integration.as_str(), m.kind, m.note.as_deref())).collect();
    assert_eq!(
        notes,
        [
            ("Close", DocMarkKind::Required, Some("Only custom fields of these entities are listed.")),
            ("HubSpot", DocMarkKind::Required, None),
            ("Pipedrive", DocMarkKind::Required, Some("Leads are listed under contact.")),
            ("Salesforce", DocMarkKind::Supported, None),
        ]
    );
    let split = split_field_values(entity, &[], &page.words).expect("values");
    assert_eq!(split.values, ["account", "contact", "lead", "opportunity"]);
    assert_eq!(split.subsets[2].as_deref(), Some(&["account".to_string(), "contact".to_string()][..]));
    let name = field(&page.response, "name");
    assert_eq!(name.marks[0].note.as_deref(), Some("The internal property name, not the label."));
    assert_eq!(name.marks[1].note, None);
    // List-only parameters are Truto's.
    assert!(field(&page.query, "next_cursor").truto_specific);
    assert!(!fixture("accounts_create.txt").partial_response);
}

#[test]
fn conditions_in_prose() {
    let page = fixture("accounts_create.txt");
    let body = page.body.as_deref().expect("body");
    for name in ["name", "website"] {
        let f = field(body, name);
        assert_eq!(f.condition.as_deref(), Some("Either name or website is required."), "{name}");
        assert!(f.description.as_deref().is_some_and(|d| d.starts_with("The account's")), "{name}");
    }
    let page = fixture("notes_create.txt");
    let account = field(page.body.as_deref().expect("body"), "account");
    assert_eq!(account.condition.as_deref(), Some("One of contact, account or opportunity is required."));
    assert_eq!(account.description.as_deref(), Some("The note's account"));
}

#[test]
fn a_body_whose_shape_depends_on_another_field() {
    let page = fixture("associations_create.txt");
    let body = page.body.as_deref().expect("body");
    let names: Vec<_> = body.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["associations", "entity", "entity_id", "remote_data"]);
    let associations = field(body, "associations");
    let inner: Vec<_> = associations.children.iter().map(|f| (f.name.as_str(), f.condition.as_deref())).collect();
    assert_eq!(
        inner,
        [
            ("accounts", Some("Only when entity is leads or contacts")),
            ("contacts", Some("Only when entity is leads")),
            ("leads", Some("Only when entity is opportunities or contacts")),
            ("opportunities", Some("Only when entity is accounts or contacts")),
        ]
    );
    for child in &associations.children {
        assert_eq!(child.announced_children, Some(1));
        assert_eq!(child.children.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["id"]);
        assert_eq!(child.description, None);
    }
}

#[test]
fn the_older_layouts_lists() {
    let page = fixture("notes_create.txt");
    assert_eq!(page.layout, Layout::Older);
    assert_eq!(page.integrations.as_deref(), Some(&["Close".to_string(), "HubSpot".into(), "Planhat".into()][..]));
    let body = page.body.as_deref().expect("body");
    let kind = field(body, "type");
    assert_eq!(kind.enum_doc, Some(DocEnum::Listed(vec!["note".into(), "call log".into(), "in progress".into()])));
    let subsets: Vec<_> = kind.marks.iter().map(|m| (m.integration.as_str(), m.subset.clone())).collect();
    assert_eq!(
        subsets,
        [
            ("HubSpot", Some(DocEnum::Listed(vec!["note".into(), "call log".into()]))),
            ("Planhat", Some(DocEnum::Listed(vec!["in progress".into()]))),
        ]
    );
    let content = field(body, "content");
    let marks: Vec<_> = content.marks.iter().map(|m| (m.integration.as_str(), m.kind)).collect();
    assert_eq!(
        marks,
        [("Close", DocMarkKind::Required), ("HubSpot", DocMarkKind::Supported), ("Planhat", DocMarkKind::Supported)]
    );
    assert_eq!(field(body, "account").children.len(), 1);
}

#[test]
fn fields_know_their_lines() {
    let text = std::fs::read_to_string(manifest_dir().join("tests/pages/fields_list.txt")).expect("fixture");
    let page = parse_page(&text).expect("parses");
    let lines: Vec<&str> = text.lines().collect();
    for section in Section::ALL {
        for f in page.section(section) {
            assert!(lines[f.line - 1].starts_with(&f.name), "{} at line {}: {:?}", f.name, f.line, lines[f.line - 1]);
        }
    }
}

#[test]
fn a_page_cut_in_a_marks_block_says_where_it_stops() {
    let text = fixture_text("widgets_update.txt");
    let cut_at = text.find("statusstring").expect("status");
    let cut = &text[..cut_at + 90];
    let page = parse_page(cut).expect("parses");
    let stop = page.cut.as_ref().expect("cut");
    assert_eq!(stop.line, cut.lines().count());
    assert_eq!(
        (stop.section, stop.dropped.as_deref(), stop.kept.as_deref()),
        (Some(Section::Body), Some("status"), None)
    );
    assert!(!page.is_whole(Section::Body) && page.is_whole(Section::Query) && !page.is_whole(Section::Response));
    let body: Vec<_> = page.body.as_deref().expect("body").iter().map(|f| f.name.as_str()).collect();
    assert_eq!(body.last(), Some(&"stage"));
    assert!(page.problems.iter().any(|p| p.message.contains("saved only in part") && p.line == stop.line));
}

/// Bounded properties of the reader on `pages`: any prefix of a page is read without
/// panicking (a newer page cut before its code samples is reported as cut), and so are the
/// pages' lines in any order, some dropped or repeated.
fn reader_properties_hold_on(pages: &[(String, String)]) {
    let config = Config { cases: 96, failure_persistence: None, ..Config::default() };
    let prefixes = (0..pages.len(), 0.0f64..1.0);
    TestRunner::new(config.clone())
        .run(&prefixes, |(page, at)| cut_anywhere(&pages[page].1, at))
        .unwrap_or_else(|e| panic!("a page cut short: {e}"));
    let lines: Vec<&str> = pages.iter().flat_map(|(_, text)| text.lines()).collect();
    let picks = proptest::collection::vec(any::<prop::sample::Index>(), 0..200);
    TestRunner::new(config)
        .run(&picks, |picks| {
            let text: Vec<&str> = picks.iter().map(|i| lines[i.index(lines.len())]).collect();
            check_page(&format!("DELETE /unified/crm/x/{{id}}\n{}", text.join("\n")));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("lines shuffled: {e}"));
}

/// `text` cut at the fraction `at` of its length.
fn cut_anywhere(text: &str, at: f64) -> Result<(), TestCaseError> {
    let mut end = (text.len() as f64 * at) as usize;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let prefix = &text[..end];
    check_page(prefix);
    if let Ok(parsed) = parse_page(prefix) {
        if parsed.layout == Layout::Newer && !prefix.contains("\ncurl ") {
            prop_assert!(parsed.cut.is_some());
        }
    }
    Ok(())
}

#[test]
fn the_reader_holds_on_fixture_pages_cut_short_or_shuffled() {
    reader_properties_hold_on(&fixture_pages());
}

#[test]
#[ignore = "needs Truto's saved doc pages: TRUTO_DOC_PAGES=DIR cargo test -- --ignored"]
fn the_reader_holds_on_saved_truto_pages_cut_short_or_shuffled() {
    reader_properties_hold_on(&pages_in(&truto_pages_dir()));
}

fn check_page(text: &str) {
    if let Ok(page) = parse_page(text) {
        let lines = text.lines().count().max(1);
        for problem in &page.problems {
            assert!(problem.line >= 1 && problem.line <= lines, "{problem} outside 1..={lines}");
        }
        if let Some(cut) = &page.cut {
            assert!(cut.line >= 1 && cut.line <= lines);
        }
        for f in &page.query {
            if let Some(split) = split_field_values(f, &[], &page.words) {
                assert_eq!(split.subsets.len(), f.marks.len());
            }
        }
    }
}

proptest! {
    #![proptest_config(Config { cases: 96, ..Config::default() })]

    /// Garbage, with a request line or not.
    #[test]
    fn garbage(text in "\\PC{0,400}", with_request in any::<bool>()) {
        let text = if with_request { format!("GET /unified/crm/x\nResponse Body\n{text}") } else { text };
        check_page(&text);
    }
}
