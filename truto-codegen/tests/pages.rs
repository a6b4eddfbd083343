//! The page reader on the seed pages, the fixture pages of `tests/pages/`, and (bounded
//! proptest) on pages cut short, shuffled or made of garbage: it never panics, reports what it
//! cannot read by line, and says where a page cut short stops.

use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::Config;
use truto_codegen::pages::glued::split_field_values;
use truto_codegen::pages::{DocEnum, DocField, DocMarkKind, DocPage, Layout, Section, parse_page};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed pages (`../shared/seeds` beside the workspace) and the fixture pages.
fn all_pages() -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for dir in [manifest_dir().join("../../shared/seeds"), manifest_dir().join("tests/pages")] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read page");
            pages.push((file.file_name().expect("name").to_string_lossy().into_owned(), text));
        }
    }
    pages
}

fn fixture(name: &str) -> DocPage {
    let text = std::fs::read_to_string(manifest_dir().join("tests/pages").join(name)).expect("fixture");
    parse_page(&text).expect("fixture parses")
}

fn field<'p>(fields: &'p [DocField], name: &str) -> &'p DocField {
    fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field `{name}`"))
}

#[test]
fn every_seed_and_fixture_page_reads_whole_and_without_problems() {
    let pages = all_pages();
    assert_eq!(pages.len(), 9);
    for (name, text) in pages {
        let page = parse_page(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(page.problems.is_empty(), "{name}: {:?}", page.problems);
        assert_eq!(page.cut, None, "{name}");
        assert!(!page.response.is_empty(), "{name}");
    }
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
    let (_, text) = all_pages().into_iter().find(|(n, _)| n.starts_with("001_")).expect("seed 001");
    let cut_at = text.find("statusstring").expect("status");
    let cut = &text[..cut_at + 60];
    let page = parse_page(cut).expect("parses");
    let stop = page.cut.as_ref().expect("cut");
    assert_eq!(stop.line, cut.lines().count());
    assert_eq!(stop.section, Some(Section::Body));
    assert_eq!(stop.dropped.as_deref(), Some("status"));
    assert!(!page.is_whole(Section::Body) && page.is_whole(Section::Query) && !page.is_whole(Section::Response));
    let body: Vec<_> = page.body.as_deref().expect("body").iter().map(|f| f.name.as_str()).collect();
    assert_eq!(body.last(), Some(&"stage"));
    assert!(page.problems.iter().any(|p| p.message.contains("saved only in part") && p.line == stop.line));
}

/// Lines of the real pages, to build pages from.
fn page_lines() -> Vec<String> {
    all_pages().iter().flat_map(|(_, t)| t.lines().map(str::to_string).collect::<Vec<_>>()).collect()
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

    /// Any prefix of a real page: read without panicking; a newer page cut before its code
    /// samples is reported as cut.
    #[test]
    fn pages_cut_anywhere(page in 0usize..9, at in 0.0f64..1.0) {
        let pages = all_pages();
        let (_, text) = &pages[page % pages.len()];
        let mut end = (text.len() as f64 * at) as usize;
        while !text.is_char_boundary(end) { end -= 1; }
        let prefix = &text[..end];
        check_page(prefix);
        if let Ok(parsed) = parse_page(prefix) {
            if parsed.layout == Layout::Newer && !prefix.contains("\ncurl ") {
                prop_assert!(parsed.cut.is_some());
            }
        }
    }

    /// Real lines in any order, some dropped or repeated.
    #[test]
    fn shuffled_lines(picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..200)) {
        let lines = page_lines();
        let text: Vec<&str> = picks.iter().map(|i| lines[i.index(lines.len())].as_str()).collect();
        check_page(&format!("DELETE /unified/crm/x/{{id}}\n{}", text.join("\n")));
    }

    /// Garbage, with a request line or not.
    #[test]
    fn garbage(text in "\\PC{0,400}", with_request in any::<bool>()) {
        let text = if with_request { format!("GET /unified/crm/x\nResponse Body\n{text}") } else { text };
        check_page(&text);
    }
}
