//! Every kind of schema mistake, one fixture each under `tests/fixtures/errors/`, with its
//! rendered diagnostics snapshotted. Each fixture is `valid_base` with one thing broken (a few
//! break two things in different files, to show that every problem is reported in one run).
//!
//! File paths in diagnostics are relative to the schema directory, so the snapshots do not
//! depend on where the repository is checked out.

use std::path::{Path, PathBuf};

use truto_codegen::Diagnostics;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors").join(name)
}

/// The diagnostics for a fixture that must fail, checked for completeness.
fn diagnostics(name: &str) -> Diagnostics {
    let dir = fixture(name);
    let problems = match truto_codegen::load_schema(&dir) {
        Ok(_) => panic!("the fixture `{name}` loaded without problems"),
        Err(problems) => problems,
    };
    assert!(!problems.is_empty(), "{name}: an error without diagnostics");
    for problem in &problems.0 {
        assert!(
            problem.file.is_relative(),
            "{name}: the path {} is not relative to the schema",
            problem.file.display()
        );
        assert!(dir.join(&problem.file).is_file(), "{name}: {} is not a file of the fixture", problem.file.display());
        assert!(problem.line.is_some() && problem.column.is_some(), "{name}: no line and column:\n{problem}");
        assert!(problem.help.as_deref().is_some_and(|h| !h.is_empty()), "{name}: no help:\n{problem}");
        assert!(!problem.message.is_empty(), "{name}: no message");
        assert!(!problem.yaml_path.contains('?'), "{name}: an unresolved YAML path:\n{problem}");
    }
    problems
}

macro_rules! error_fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let problems = diagnostics(stringify!($name));
                insta::assert_snapshot!(stringify!($name), problems.to_string());
            }
        )*

        /// Every fixture directory has a test above.
        #[test]
        fn every_fixture_is_tested() {
            let tested = [$(stringify!($name)),*];
            let mut dirs: Vec<String> = std::fs::read_dir(fixture(""))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name != "valid_base")
                .collect();
            dirs.sort();
            for dir in &dirs {
                assert!(tested.contains(&dir.as_str()), "the fixture `{dir}` has no test");
            }
        }
    };
}

error_fixtures! {
    reserved_api_name,
    runtime_module_api_name,
    many_unknown_keys,
    many_wrong_values,
    // The file itself.
    empty_file,
    only_comments,
    not_utf8,
    tab_indent,
    top_level_not_mapping,
    // YAML syntax.
    yaml_unclosed_list,
    yaml_colon_in_value,
    yaml_bad_indentation,
    yaml_anchor,
    duplicate_field,
    // The shape of the schema: keys and the kinds of values.
    unknown_key,
    unknown_top_level_section,
    missing_key,
    wrong_type_boolean,
    wrong_type_list,
    wrong_type_mapping,
    // Names that must resolve.
    unknown_integration,
    integration_by_display_name,
    unknown_type,
    unknown_shape_type,
    type_without_element,
    unknown_operation,
    dangling_reference,
    enum_subset_unknown_value,
    note_without_mark,
    partial_on_update,
    value_docs_unknown_value,
    support_on_missing_field,
    // Things defined twice, or colliding once they are Rust.
    duplicate_endpoint,
    duplicate_shape,
    integration_name_collision,
    field_name_collision,
    non_ascii_name_collision,
    type_name_collision,
    query_param_collision,
    query_param_total_timeout,
    query_param_check_offered,
    shared_param_setter_collision,
    query_params_share_a_setter,
    shared_params_share_a_setter,
    response_format_flag_elsewhere,
    root_type_hides_runtime_name,
    endpoint_name_collision,
    // What the docs showed only in part, and endpoint-level support.
    known_in_part_on_scalar,
    object_without_fields,
    empty_known_in_part,
    body_known_in_part_without_body,
    partial_in_on_update,
    partial_in_not_listed,
    partial_in_known_unsupported,
    integrations_known_in_part_beside_integrations,
    integration_known_both_ways,
    integrations_known_in_part_empty,
    other_fields_collision,
    body_param_hidden,
    // Paths.
    path_param_not_declared,
    path_param_not_in_path,
    // Several files broken at once, and what a broken section hides.
    two_broken_files,
    broken_integrations_section,
    two_integration_lists,
}

#[test]
fn the_base_of_the_fixtures_is_valid() {
    truto_codegen::generate(&fixture("valid_base"), &truto_codegen::Options::new("valid_base"))
        .unwrap_or_else(|d| panic!("{d}"));
}

/// One file that does not parse does not stop the others from being checked: problems of
/// every file come in one run.
#[test]
fn every_broken_file_is_reported_in_one_run() {
    let problems = diagnostics("two_broken_files");
    let mut files: Vec<String> = problems.0.iter().map(|p| p.file.display().to_string()).collect();
    files.dedup();
    assert_eq!(files, ["create.yaml", "update.yaml", "widgets.yaml"]);
}

/// A section that cannot be read is reported once, not again as an "unknown integration" at
/// every place that names one of its integrations.
#[test]
fn a_broken_section_is_not_reported_again_where_it_is_used() {
    let problems = diagnostics("broken_integrations_section");
    assert_eq!(problems.0.len(), 1, "{problems}");
}

/// Did-you-mean suggestions for each kind of misspelt name.
#[test]
fn misspelt_names_get_a_suggestion() {
    let cases = [
        ("unknown_integration", "did you mean `zohocrm`?"),
        ("unknown_type", "did you mean `string`?"),
        ("unknown_shape_type", "did you mean `Tag`?"),
        ("dangling_reference", "did you mean `owners`?"),
        ("enum_subset_unknown_value", "did you mean `large`?"),
        ("value_docs_unknown_value", "did you mean `small`?"),
        ("unknown_key", "did you mean `description`?"),
        ("unknown_top_level_section", "did you mean `endpoint`?"),
        ("unknown_operation", "did you mean `update`?"),
        ("support_on_missing_field", "did you mean `owner.id`?"),
    ];
    for (name, suggestion) in cases {
        let problems = diagnostics(name);
        assert!(
            problems.0.iter().any(|p| p.help.as_deref().is_some_and(|h| h.contains(suggestion))),
            "{name}: no `{suggestion}` in\n{problems}"
        );
    }
}
