//! Issue 21 on the wire: the whole Unified CRM API typed. Lists over several pages, gets,
//! models known only in part keeping the fields they do not name, custom methods, bodies the
//! docs do not describe (the model or any `Serialize` value) and bodies known in part, lists
//! keyed by a field, and the endpoint-level pre-flight check. A server on 127.0.0.1 records each
//! request and answers from a script of exact bytes.

use futures_util::TryStreamExt;
use serde::Serialize;
use serde_json::{Value, json};

use truto_test_server::{Recorded, Reply, Server};
use truto_unified::check::Problem;
use truto_unified::crm::accounts::{Account, ListAccounts};
use truto_unified::crm::contacts::{Contact, CreateContactAccount, CreateContactBody};
use truto_unified::crm::opportunities::Opportunity;
use truto_unified::crm::stages::Stage;
use truto_unified::prelude::*;
use truto_unified::{Client, Error, KeyedPage, OtherFields, Page, Patch, RawJson, RetryPolicy};

const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

async fn serve(bodies: &[&str]) -> (Client, Server) {
    let replies = bodies.iter().map(|body| Reply::new(200, *body).header("content-type", "application/json"));
    let server = Server::start(replies.collect()).await;
    let client = Client::builder("token").base_url(server.url()).retry(RetryPolicy::none()).build().expect("client");
    (client, server)
}

fn targets(server: &Server) -> Vec<String> {
    server.requests().into_iter().map(|r| r.target).collect()
}

/// A request's body as JSON.
fn json_body(request: &Recorded) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

/// The issue's four lines, as written, with the prelude in scope.
async fn the_issues_lines(client: &Client, account: &str) -> Result<(), Error> {
    let user: truto_unified::crm::users::User =
        client.crm().users().get("42").integrated_account_id(account).send().await?;
    let page = client.crm().opportunities().list().integrated_account_id(account).send().await?; // page.result: Vec<Opportunity>
    let stages = client.crm().stages().list().integrated_account_id(account).items();
    let contact = client.crm().contacts().get("7").integrated_account_id(account).send().await?;

    assert_eq!((user.id.as_deref(), user.email.as_deref()), (Some("42"), Some("ada@example.com")));
    let opportunities: &Vec<Opportunity> = &page.result;
    assert_eq!(opportunities[0].amount, Some(1200.5));
    let stages: Vec<Stage> = stages.try_collect().await?;
    let names: Vec<Option<&str>> = stages.iter().map(|s| s.name.as_deref()).collect();
    assert_eq!(names, [Some("Lead"), Some("Won")]);
    assert_eq!(contact.first_name.as_deref(), Some("Ada"));
    Ok(())
}

#[tokio::test]
async fn the_issues_lines_compile_with_the_prelude_and_work() {
    // `items()` is lazy: the stages are asked for when read, after the contact.
    let (client, server) = serve(&[
        r#"{"id":"42","name":"Ada","email":"ada@example.com","is_active":true}"#,
        r#"{"result":[{"id":"o1","amount":1200.5}],"next_cursor":null}"#,
        r#"{"id":"7","first_name":"Ada"}"#,
        r#"{"result":[{"id":"s1","name":"Lead","position":1}],"next_cursor":"c2"}"#,
        r#"{"result":[{"id":"s2","name":"Won","position":2}],"next_cursor":null}"#,
    ])
    .await;
    the_issues_lines(&client, ACCOUNT).await.expect("every call answers");
    assert_eq!(
        targets(&server),
        [
            format!("/unified/crm/users/42?integrated_account_id={ACCOUNT}"),
            format!("/unified/crm/opportunities?integrated_account_id={ACCOUNT}"),
            format!("/unified/crm/contacts/7?integrated_account_id={ACCOUNT}"),
            format!("/unified/crm/stages?integrated_account_id={ACCOUNT}"),
            format!("/unified/crm/stages?integrated_account_id={ACCOUNT}&next_cursor=c2"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Lists and gets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_typed_list_goes_over_several_pages_as_pages_and_as_items() {
    let pages = [
        r#"{"result":[{"id":"o1","name":"Renewal"},{"id":"o2","status":"won"}],"next_cursor":"c2"}"#,
        r#"{"result":[{"id":"o3","amount":"12.50"}],"next_cursor":"c3","result_count":1}"#,
        r#"{"result":[],"next_cursor":null}"#,
    ];
    let (client, server) = serve(&[pages, pages].concat()).await;
    let opportunities = client.crm().opportunities();
    let by_page: Vec<Page<Opportunity>> =
        opportunities.list().integrated_account_id(ACCOUNT).limit(2).pages().try_collect().await.expect("three pages");
    let sizes: Vec<usize> = by_page.iter().map(|page| page.result.len()).collect();
    assert_eq!(sizes, [2, 1, 0]);
    assert_eq!(by_page[1].result_count, Some(1));
    let items: Vec<Opportunity> =
        opportunities.list().integrated_account_id(ACCOUNT).limit(2).items().try_collect().await.expect("records");
    let ids: Vec<&str> = items.iter().filter_map(|o| o.id.as_deref()).collect();
    assert_eq!(ids, ["o1", "o2", "o3"]);
    assert_eq!((items[1].status.as_deref(), items[2].amount), (Some("won"), Some(12.5)));
    let expected: Vec<String> = ["", "&next_cursor=c2", "&next_cursor=c3"]
        .iter()
        .map(|cursor| format!("/unified/crm/opportunities?integrated_account_id={ACCOUNT}&limit=2{cursor}"))
        .collect();
    assert_eq!(targets(&server), [expected.clone(), expected].concat());
}

#[tokio::test]
async fn a_get_reads_the_model_and_a_whole_model_skips_what_it_does_not_name() {
    let (client, server) = serve(&[r#"{"id":"u1","name":"Ada","is_active":"true","team":"sales"}"#]).await;
    let user = client.crm().users().get("u1").integrated_account_id(ACCOUNT).send().await.expect("a user");
    assert_eq!((user.name.as_deref(), user.is_active), (Some("Ada"), Some(true)));
    // `User` is whole as the docs show it: it has no other fields, and writes back what it names.
    assert_eq!(serde_json::to_value(&user).expect("json"), json!({"id": "u1", "name": "Ada", "is_active": true}));
    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path()), ("GET", "/unified/crm/users/u1"));
}

// ---------------------------------------------------------------------------------------------
// Models known in part
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_model_known_in_part_keeps_the_fields_it_does_not_name_and_writes_them_back() {
    let sent = r#"{"id":"7","first_name":"Ada","nickname":"A.","remote_data":{"x":[1,2]},"account":{"id":"acc-1","name":"Acme"},"email_addresses":[{"email":"ada@example.com"}]}"#;
    let (client, _server) = serve(&[sent]).await;
    let contact: Contact =
        client.crm().contacts().get("7").integrated_account_id(ACCOUNT).send().await.expect("a contact");
    assert_eq!(contact.first_name.as_deref(), Some("Ada"));
    // Every field the model does not name, in the order received, as sent.
    let kept: Vec<(&str, &str)> = contact.other_fields.iter().map(|(k, v)| (k, v.get())).collect();
    assert_eq!(kept, [("nickname", r#""A.""#), ("remote_data", r#"{"x":[1,2]}"#)]);
    // The nested objects known in part keep theirs too; arrays of unknown elements stay JSON.
    let account = contact.account.as_ref().expect("an account");
    let account_fields: Vec<(&str, &str)> = account.other_fields.iter().map(|(k, v)| (k, v.get())).collect();
    assert_eq!(account_fields, [("id", r#""acc-1""#), ("name", r#""Acme""#)]);
    assert_eq!(contact.email_addresses, Some(vec![json!({"email": "ada@example.com"})]));
    // Nothing is lost: the record writes back what was sent.
    let written = serde_json::to_value(&contact).expect("json");
    assert_eq!(written, serde_json::from_str::<Value>(sent).expect("json"));
}

#[tokio::test]
async fn a_record_known_in_part_still_refuses_a_repeated_key() {
    let (client, _server) = serve(&[r#"{"id":"7","nickname":"A","nickname":"B"}"#]).await;
    let error = client.crm().contacts().get("7").integrated_account_id(ACCOUNT).send().await.expect_err("a repeat");
    assert!(error.to_string().contains("duplicate field `nickname`"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Custom methods and request bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_custom_method_sends_any_json_and_reads_the_record_inside_result() {
    let (client, server) = serve(&[r#"{"result":{"id":"a1","name":"Acme (merged)","website":"acme.example"}}"#]).await;
    let merged: Account = client
        .crm()
        .accounts()
        .merge(json!({"ids": ["a1", "a2"]}))
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("the merged account");
    assert_eq!((merged.id.as_deref(), merged.name.as_deref()), (Some("a1"), Some("Acme (merged)")));
    let request = server.only_request();
    assert_eq!((request.method.as_str(), request.path()), ("POST", "/unified/crm/accounts/merge"));
    assert_eq!(request.body, br#"{"ids":["a1","a2"]}"#);
    assert!(request.header("idempotency-key").is_some(), "a mutation carries an idempotency key");
}

#[tokio::test]
async fn a_body_the_docs_do_not_describe_takes_the_model_json_or_a_struct_of_your_own() {
    let answer = r#"{"id":"o1"}"#;
    let (client, server) = serve(&[answer, answer, answer, answer]).await;
    let opportunities = client.crm().opportunities();
    // The model: only the fields set are sent.
    let model = Opportunity { name: Some("Renewal".into()), amount: Some(1200.5), ..Default::default() };
    opportunities.create(model).integrated_account_id(ACCOUNT).send().await.expect("created");
    // JSON, as it is.
    opportunities
        .create(json!({"name": "Renewal", "pipeline_id": 3}))
        .integrated_account_id(ACCOUNT)
        .send()
        .await
        .expect("created");
    // On a contact, a field to clear is sent as `null`: with JSON, or a struct of your own.
    let contacts = client.crm().contacts();
    contacts.update("7", json!({"title": null})).integrated_account_id(ACCOUNT).send().await.expect("updated");
    #[derive(Clone, Serialize)]
    struct Rename {
        #[serde(skip_serializing_if = "Patch::is_absent")]
        title: Patch<String>,
        #[serde(skip_serializing_if = "Patch::is_absent")]
        last_name: Patch<String>,
    }
    let rename = Rename { title: Patch::Null, last_name: Patch::Set("Lovelace".into()) };
    contacts.update("7", rename).integrated_account_id(ACCOUNT).send().await.expect("updated");
    let requests = server.requests();
    let sent: Vec<(&str, &str, &[u8])> =
        requests.iter().map(|r| (r.method.as_str(), r.path(), r.body.as_slice())).collect();
    assert_eq!(
        sent,
        [
            ("POST", "/unified/crm/opportunities", &br#"{"amount":1200.5,"name":"Renewal"}"#[..]),
            ("POST", "/unified/crm/opportunities", br#"{"name":"Renewal","pipeline_id":3}"#),
            ("PATCH", "/unified/crm/contacts/7", br#"{"title":null}"#),
            ("PATCH", "/unified/crm/contacts/7", br#"{"title":null,"last_name":"Lovelace"}"#),
        ]
    );
}

#[tokio::test]
async fn a_model_known_in_part_as_a_body_sends_its_other_fields() {
    let (client, server) = serve(&[r#"{"id":"7"}"#]).await;
    let mut other = OtherFields::new();
    other.insert("nickname", RawJson::from_value(&json!("A.")));
    let contact = Contact { first_name: Some("Ada".into()), other_fields: other, ..Default::default() };
    client.crm().contacts().update("7", contact).integrated_account_id(ACCOUNT).send().await.expect("updated");
    assert_eq!(server.only_request().body, br#"{"first_name":"Ada","nickname":"A."}"#);
}

#[tokio::test]
async fn a_body_known_in_part_sends_the_fields_the_docs_do_not_name() {
    let (client, server) = serve(&[r#"{"id":"7","first_name":"Ada"}"#]).await;
    let mut account = CreateContactAccount::default();
    account.other_fields.insert("id".into(), json!("acc-1"));
    let mut body = CreateContactBody { account: Some(account), ..Default::default() };
    body.other_fields.insert("first_name".into(), json!("Ada"));
    body.other_fields.insert("email_addresses".into(), json!([{"email": "ada@example.com"}]));
    let created = client.crm().contacts().create(body).integrated_account_id(ACCOUNT).send().await.expect("created");
    assert_eq!(created.first_name.as_deref(), Some("Ada"));
    let request = server.only_request();
    assert_eq!(request.path(), "/unified/crm/contacts");
    assert_eq!(
        json_body(&request),
        json!({"account": {"id": "acc-1"}, "first_name": "Ada", "email_addresses": [{"email": "ada@example.com"}]})
    );
}

// ---------------------------------------------------------------------------------------------
// Keyed lists
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_typed_list_keyed_by_a_field_reads_records_by_key_over_its_pages() {
    let (client, server) = serve(&[
        r#"{"result":{"7":{"id":"7","first_name":"Ada","nickname":"A."},"8":{"id":"8"}},"next_cursor":"c2"}"#,
        r#"{"result":{"9":{"id":"9","owner":"u-1"}},"next_cursor":null}"#,
    ])
    .await;
    let pages: Vec<KeyedPage<Contact>> = client
        .crm()
        .contacts()
        .list()
        .integrated_account_id(ACCOUNT)
        .key_by("id")
        .pages()
        .try_collect()
        .await
        .expect("two keyed pages");
    assert_eq!(pages[0].result.keys().collect::<Vec<_>>(), ["7", "8"]);
    let ada = &pages[0].result["7"];
    assert_eq!(
        (ada.first_name.as_deref(), ada.other_fields.get("nickname").map(RawJson::get)),
        (Some("Ada"), Some(r#""A.""#))
    );
    // `owner` is an object known in part: a text is no object, so that record alone is kept aside.
    assert!(pages[1].result.is_empty());
    assert_eq!(pages[1].invalid[0].key, "9");
    assert_eq!(
        targets(&server),
        [
            format!("/unified/crm/contacts?integrated_account_id={ACCOUNT}&truto_key_by=id"),
            format!("/unified/crm/contacts?integrated_account_id={ACCOUNT}&next_cursor=c2&truto_key_by=id"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// The endpoint-level pre-flight check
// ---------------------------------------------------------------------------------------------

fn refused(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Check(report)) => report.to_string(),
        other => panic!("refused before sending: {other:?}"),
    }
}

#[tokio::test]
async fn check_for_refuses_an_endpoint_the_docs_say_an_integration_lacks_before_sending() {
    let (client, server) = serve(&[]).await;
    // A complete list: contacts merge lists five integrations, not Pipeliner.
    let merge = client.crm().contacts().merge(json!({"ids": ["7", "8"]})).integrated_account_id(ACCOUNT);
    let shown = refused(merge.check_for(Integration::Pipeliner).send().await);
    assert!(shown.starts_with("POST /unified/crm/contacts/merge for Pipeliner: 1 error(s)"), "{shown}");
    assert!(
        shown.contains(
            "the endpoint is not supported: the docs list HubSpot, Zoho CRM, Salesforce, Pipedrive, Microsoft \
             Dynamics 365 Sales"
        ),
        "{shown}"
    );
    // Known in part: Truto's integration coverage says Accelo has no contacts get.
    let get = client.crm().contacts().get("7").integrated_account_id(ACCOUNT);
    let shown = refused(get.check_for(Integration::Accelo).send().await);
    assert!(shown.starts_with("GET /unified/crm/contacts/{id} for Accelo"), "{shown}");
    assert!(shown.contains("known to support it: Affinity, Attio, Capsule, ActiveCampaign; others unknown"), "{shown}");
    assert!(server.requests().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn check_for_warns_on_a_partial_list_and_never_refuses_unknown_support() {
    let (client, server) = serve(&[r#"{"result":[]}"#, r#"{"result":[]}"#, r#"{"id":"7"}"#]).await;
    // Pipedrive's accounts list returns a subset of the fields: a warning, and the call is sent.
    let report = ListAccounts::new().integrated_account_id(ACCOUNT).check(Integration::Pipedrive);
    assert_eq!(report.problems, [Problem::PartialResponse]);
    assert!(report.is_ok());
    let accounts = client.crm().accounts().list().integrated_account_id(ACCOUNT);
    accounts.check_for(Integration::Pipedrive).send().await.expect("a warning does not stop the call");
    // No page says whether Wix lists contacts: unknown, so it is sent.
    let contacts = client.crm().contacts().list().integrated_account_id(ACCOUNT);
    contacts.check_for(Integration::Wix).send().await.expect("unknown support is never refused");
    // Wix is known to support contacts get neither way either.
    let get = client.crm().contacts().get("7").integrated_account_id(ACCOUNT);
    get.check_for(Integration::Wix).send().await.expect("unknown");
    let paths: Vec<String> = server.requests().iter().map(|r| r.path().to_owned()).collect();
    assert_eq!(paths, ["/unified/crm/accounts", "/unified/crm/contacts", "/unified/crm/contacts/7"]);
}

/// Calls of generic requests are futures and streams a runtime can move between threads.
#[tokio::test]
async fn calls_of_every_kind_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    let (client, _server) = serve(&[]).await;
    let crm = client.crm();
    assert_send(&crm.tasks().list().integrated_account_id(ACCOUNT).items());
    assert_send(&crm.notes().create(json!({})).integrated_account_id(ACCOUNT).send());
    assert_send(&crm.contacts().update("7", Contact::default()).integrated_account_id(ACCOUNT).send());
    assert_send(&crm.views().list().integrated_account_id(ACCOUNT).key_by("id").pages());
}
