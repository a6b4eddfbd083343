//! An application that calls every endpoint of a generated crate, written for each side of
//! the comparison from what that side was generated from: ours from the resolved model of the
//! synthetic schema, progenitor's from the same model and the OpenAPI document progenitor read
//! (its operation ids and parameters). So both cover every endpoint of the model, and follow
//! any change of the generator or the export.
//!
//! Both programs have one shape: `main` starts a current-thread tokio runtime and the client,
//! then runs the endpoints named on its command line, each through an `async fn` of its own
//! that sends the call with its required parameters and a default body, and reports an error
//! as text. Built, never run by the bench: its build is what is measured.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use serde_json::Value;
use truto_codegen::model::{Endpoint, ParamRole, Resource, Schema};

/// The account id every call sends (any UUID does).
const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
/// The id every call on one record sends.
const RECORD_ID: &str = "1";

/// One endpoint's function: its name, what it calls (a doc line) and the expression it awaits.
struct Call {
    function: String,
    title: String,
    expression: String,
}

/// The source of our application: `client.<api>().<resource>().<op>(..)` with the required
/// setters, then `.send().await`. The library is the dependency `library`.
pub fn ours(schema: &Schema) -> Result<String, String> {
    let mut calls = Vec::new();
    for api in &schema.apis {
        for resource in &api.resources {
            for endpoint in &resource.endpoints {
                let mut arguments: Vec<String> = endpoint.path.params().map(|_| format!("{RECORD_ID:?}")).collect();
                let groups = endpoint.query.groups.iter().filter_map(|&g| schema.query_groups.get(g));
                let params: Vec<_> = groups.flat_map(|g| &g.params).chain(&endpoint.query.own).collect();
                if let Some(param) = params.iter().find(|p| p.role == ParamRole::Argument) {
                    return Err(format!(
                        "{}: the bench's application cannot fill the required parameter `{}` (not text)",
                        endpoint.title(),
                        param.field.wire
                    ));
                }
                if let Some(body) = endpoint.body.documented() {
                    arguments.push(format!("{}::{}::{}::default()", api.module, resource.module, body.object.name));
                }
                let setters: String = params
                    .iter()
                    .filter(|p| p.role == ParamRole::RequiredText)
                    .map(|p| format!(".{}(ACCOUNT)", p.setter))
                    .collect();
                calls.push(Call {
                    function: function_name(resource, endpoint),
                    title: endpoint.title(),
                    expression: format!(
                        "client.{}().{}().{}({}){setters}.send()",
                        api.module,
                        resource.module,
                        endpoint.method,
                        arguments.join(", ")
                    ),
                });
            }
        }
    }
    let preamble = format!(
        "use library::prelude::*;\nuse library::*;\n\nconst ACCOUNT: &str = {ACCOUNT:?};\n\n\
         fn client() -> Client {{\n    Client::builder(\"token\").base_url(\"http://127.0.0.1:9\").build().expect(\"a client\")\n}}\n"
    );
    Ok(program("this project's generated crate", &preamble, &calls))
}

/// The source of progenitor's application: its generated method for each endpoint (the
/// operation's id in snake case), with positional arguments in progenitor's order (path
/// parameters in path order, then query parameters by name, header parameters by name, then
/// the body): required ones
/// filled, optional ones `None`.
pub fn progenitor(schema: &Schema, spec: &Value) -> Result<String, String> {
    let mut calls = Vec::new();
    for resource in schema.apis.iter().flat_map(|api| &api.resources) {
        for endpoint in &resource.endpoints {
            let method = endpoint.operation.kind.http_method().to_ascii_lowercase();
            let operation = &spec["paths"][&endpoint.path.template][&method];
            let id = operation["operationId"]
                .as_str()
                .ok_or(format!("{}: no operation with an operationId in progenitor's input", endpoint.title()))?;
            let arguments = progenitor_arguments(&spec["paths"][&endpoint.path.template], operation, endpoint)?;
            calls.push(Call {
                function: function_name(resource, endpoint),
                title: endpoint.title(),
                expression: format!("client.{}({})", snake_case(id), arguments.join(", ")),
            });
        }
    }
    let account = ACCOUNT.replace('-', "");
    let preamble = format!(
        "use library::*;\n\nstatic ACCOUNT: uuid::Uuid = uuid::Uuid::from_u128(0x{account});\n\n\
         fn client() -> Client {{\n    Client::new(\"http://127.0.0.1:9\")\n}}\n"
    );
    Ok(program("progenitor's generated crate", &preamble, &calls))
}

fn progenitor_arguments(item: &Value, operation: &Value, endpoint: &Endpoint) -> Result<Vec<String>, String> {
    let declared = item["parameters"].as_array().into_iter().flatten();
    let parameters: Vec<&Value> = declared.chain(operation["parameters"].as_array().into_iter().flatten()).collect();
    let path_order = |name: &str| endpoint.path.template.find(&format!("{{{name}}}")).unwrap_or(usize::MAX);
    let mut path: Vec<&Value> = parameters.iter().copied().filter(|p| p["in"] == "path").collect();
    path.sort_by_key(|p| path_order(p["name"].as_str().unwrap_or_default()));
    // Then the query parameters and the header parameters (`Idempotency-Key`), each by name.
    let by_name = |place: &str| {
        let mut found: Vec<&Value> = parameters.iter().copied().filter(|p| p["in"] == place).collect();
        found.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
        found
    };

    let mut arguments = Vec::new();
    for parameter in path.into_iter().chain(by_name("query")).chain(by_name("header")) {
        let name = parameter["name"].as_str().unwrap_or_default();
        let required = parameter["required"].as_bool().unwrap_or(false);
        let schema = &parameter["schema"];
        arguments.push(match (required, schema["type"].as_str(), schema["format"].as_str()) {
            (false, _, _) => "None".to_owned(),
            (true, Some("string"), Some("uuid")) => "&ACCOUNT".to_owned(),
            (true, Some("string"), _) => format!("{RECORD_ID:?}"),
            _ => {
                return Err(format!(
                    "{}: the bench's application cannot fill progenitor's required parameter `{name}` ({schema})",
                    endpoint.title()
                ));
            }
        });
    }
    if let Some(reference) = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str() {
        let body = reference.rsplit('/').next().unwrap_or_default();
        arguments.push(format!("&types::{body}::default()"));
    } else if !operation["requestBody"].is_null() {
        return Err(format!("{}: a request body that is no `$ref`", endpoint.title()));
    }
    Ok(arguments)
}

/// The application's function for an endpoint, the same on both sides: `list_res0000`.
fn function_name(resource: &Resource, endpoint: &Endpoint) -> String {
    format!("{}_{}", endpoint.method.bare(), resource.module.bare())
}

/// `listRes0000` as progenitor names its method: `list_res0000`.
fn snake_case(id: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in id.chars() {
        if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    out
}

/// The application's `main.rs`, around the side's preamble (imports, `ACCOUNT`, `client()`),
/// its dispatch arms and its functions.
const PROGRAM: &str = r#"//! Calls every endpoint of {LIBRARY} (written by `cargo xtask bench --peers`).

{PREAMBLE}
fn main() -> std::process::ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let client = client();
    let wanted: Vec<String> = std::env::args().skip(1).collect();
    let failures = runtime.block_on(run(&client, &wanted));
    if failures == 0 { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE }
}

async fn run(client: &Client, wanted: &[String]) -> usize {
    let mut failures = 0;
    for name in wanted {
        let outcome = match name.as_str() {
{ARMS}            other => Err(format!("no endpoint `{other}`")),
        };
        if let Err(message) = outcome {
            eprintln!("{name}: {message}");
            failures += 1;
        }
    }
    failures
}
{FUNCTIONS}"#;

/// The whole `main.rs`.
fn program(library: &str, preamble: &str, calls: &[Call]) -> String {
    let mut arms = String::new();
    let mut functions = String::new();
    for call in calls {
        let _ = writeln!(arms, "            {:?} => {}(client).await,", call.function, call.function);
        let _ = write!(
            functions,
            "\n/// `{}`\nasync fn {}(client: &Client) -> Result<(), String> {{\n    {}.await.map(drop).map_err(|e| e.to_string())\n}}\n",
            call.title, call.function, call.expression
        );
    }
    PROGRAM
        .replace("{LIBRARY}", library)
        .replace("{PREAMBLE}", preamble)
        .replace("{ARMS}", &arms)
        .replace("{FUNCTIONS}", &functions)
}

/// Writes the application crate into `dir`: `Cargo.toml` (the library by path as the
/// dependency `library`, tokio, and `extra` dependency lines), the library's `Cargo.lock`,
/// and `src/main.rs`.
pub fn write_crate(dir: &Path, name: &str, library: &Path, extra: &str, source: &str) -> Result<(), String> {
    let io = |what: &str, p: &Path, e: std::io::Error| format!("cannot {what} {}: {e}", p.display());
    let library_manifest = fs::read_to_string(library.join("Cargo.toml")).map_err(|e| io("read", library, e))?;
    let library_name = library_manifest
        .lines()
        .find_map(|l| l.strip_prefix("name = "))
        .map(|n| n.trim().trim_matches('"').to_owned())
        .ok_or(format!("{} names no package", library.display()))?;
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nlibrary = {{ package = \"{library_name}\", path = {:?} }}\n\
         tokio = {{ version = \"1\", features = [\"rt\"] }}\n{extra}\n\
         # A workspace of its own: this crate sits inside the project's directory but is no member.\n[workspace]\n",
        library.display().to_string()
    );
    fs::create_dir_all(dir.join("src")).map_err(|e| io("create", dir, e))?;
    fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| io("write", dir, e))?;
    fs::write(dir.join("src/main.rs"), source).map_err(|e| io("write", dir, e))?;
    let lock = library.join("Cargo.lock");
    if lock.exists() {
        fs::copy(&lock, dir.join("Cargo.lock")).map_err(|e| io("copy", &lock, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The synthetic schema of `bench` at `resources` resources, resolved, and its OpenAPI
    /// export adapted for progenitor (what progenitor reads).
    fn synthetic(resources: usize) -> (Schema, Value) {
        let dir = std::env::temp_dir().join(format!("truto-xtask-app-{resources}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        crate::bench::write_synthetic_schema(&dir, resources).unwrap();
        let schema = truto_codegen::load_schema(&dir).unwrap_or_else(|d| panic!("{d}"));
        let files = truto_codegen::generate(&dir, &truto_codegen::Options::new("synthetic")).unwrap();
        let _ = fs::remove_dir_all(&dir);
        let export = files.iter().find(|f| f.path.ends_with("openapi.json")).expect("openapi.json is generated");
        let (spec, _) = super::super::progenitor_export::adapt(serde_json::from_str(&export.contents).unwrap());
        (schema, spec)
    }

    /// The names of the functions `main` dispatches to, and of those defined.
    fn dispatched_and_defined(source: &str) -> (Vec<String>, Vec<String>) {
        let dispatched = source
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.split_once("\" => ").map(|(name, _)| name.to_owned()))
            .collect();
        let defined = source
            .lines()
            .filter_map(|l| l.strip_prefix("async fn ")?.split_once("(client: &Client)").map(|(n, _)| n.to_owned()))
            .collect();
        (dispatched, defined)
    }

    /// Both applications dispatch to, and define, one function per endpoint of the model.
    fn assert_every_endpoint(source: &str, resources: usize) {
        let (mut dispatched, mut defined) = dispatched_and_defined(source);
        let mut expected: Vec<String> = ["list", "get", "create", "update", "delete"]
            .iter()
            .flat_map(|op| (0..resources).map(move |r| format!("{op}_res{r:04}")))
            .collect();
        expected.sort();
        dispatched.sort();
        defined.sort();
        assert_eq!(dispatched, expected, "{source}");
        assert_eq!(defined, expected, "{source}");
    }

    #[test]
    fn our_application_calls_every_endpoint_of_the_model() {
        let (schema, _) = synthetic(3);
        let source = ours(&schema).unwrap();
        assert_every_endpoint(&source, 3);
        assert!(
            source.contains(
                "async fn update_res0001(client: &Client) -> Result<(), String> {\n    \
                 client.crm().res0001().update(\"1\", crm::res0001::UpdateRes0001Body::default())\
                 .integrated_account_id(ACCOUNT).send().await"
            ),
            "{source}"
        );
        assert!(
            source.contains("client.crm().res0002().list().integrated_account_id(ACCOUNT).send().await"),
            "{source}"
        );
    }

    /// progenitor's calls come from the document it read: operation ids in snake case,
    /// arguments in its order.
    #[test]
    fn progenitors_application_calls_every_endpoint_with_progenitors_arguments() {
        let (schema, spec) = synthetic(2);
        let source = progenitor(&schema, &spec).unwrap();
        assert_every_endpoint(&source, 2);
        assert!(
            source.contains(
                "client.list_res0001(&ACCOUNT, None, None, None, None, None, None).await.map(drop).map_err(|e| e.to_string())"
            ),
            "{source}"
        );
        assert!(
            // The `Idempotency-Key` header parameter comes after the query's.
            source.contains(
                "client.update_res0000(\"1\", &ACCOUNT, None, None, None, &types::UpdateRes0000Body::default())"
            ),
            "{source}"
        );
        assert!(source.contains("uuid::Uuid::from_u128(0x62f44730dd91461ebd6aaedd9e0ad79d)"), "{source}");
    }

    #[test]
    fn a_required_parameter_the_bench_cannot_fill_is_an_error_not_a_guess() {
        let (schema, mut spec) = synthetic(1);
        let parameters = spec["paths"]["/unified/crm/res0000"]["get"]["parameters"].as_array_mut().unwrap();
        parameters
            .push(serde_json::json!({"name": "page", "in": "query", "required": true, "schema": {"type": "integer"}}));
        let error = progenitor(&schema, &spec).unwrap_err();
        assert!(error.contains("GET /unified/crm/res0000") && error.contains("`page`"), "{error}");
    }

    #[test]
    fn operation_ids_become_progenitors_method_names() {
        assert_eq!(snake_case("listRes0000"), "list_res0000");
        assert_eq!(snake_case("batchDeleteWidget"), "batch_delete_widget");
        assert_eq!(snake_case("get"), "get");
    }
}
