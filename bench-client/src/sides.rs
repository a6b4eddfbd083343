//! The three clients timed against one another, each doing the same work against the bench
//! server: read every page of the opportunities list by cursor, or make many single-record
//! GETs from concurrent tasks. Each checks what it received (every record, each with an id),
//! so that a broken side fails instead of looking fast.

use std::str::FromStr;

use futures_util::TryStreamExt;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;
use truto_unified::prelude::*;

use crate::server::LIST_PATH;

/// The token and account every side sends (the server needs the account, ignores the token).
pub const TOKEN: &str = "bench-token";
/// See [`TOKEN`].
pub const ACCOUNT: &str = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";

/// Who makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// reqwest and serde_json into [`MirrorOpportunity`], the cursor followed by hand: what a
    /// Rust engineer writes without this crate. The baseline of [`Side::Typed`].
    Bare,
    /// truto-unified's typed calls, `client.crm().opportunities().list()` and `.get(id)`,
    /// decoding into the generated `Opportunity`.
    Typed,
    /// reqwest and serde_json into `serde_json::Value`, the cursor followed by hand. The
    /// baseline of [`Side::Value`].
    BareValue,
    /// truto-unified decoding into `serde_json::Value`.
    Value,
}

impl Side {
    /// Every side, in the order tables show them.
    pub const ALL: [Side; 4] = [Side::Bare, Side::Typed, Side::BareValue, Side::Value];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Side::Bare => "bare",
            Side::Typed => "typed",
            Side::BareValue => "bare-value",
            Side::Value => "value",
        }
    }
}

impl FromStr for Side {
    type Err = String;

    fn from_str(name: &str) -> Result<Side, String> {
        Side::ALL.into_iter().find(|side| side.name() == name).ok_or_else(|| format!("unknown side `{name}`"))
    }
}

/// The hand-written mirror of `Opportunity`: the same fields, `Option` each, dates as
/// strings, `custom_fields` and `remote_data` kept as JSON text (`RawValue`, which is what the
/// generated model's `RawJson` holds), so both sides keep the same data the same way.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // fields are decoded to be measured; only `id` is read
pub struct MirrorOpportunity {
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    amount: Option<f64>,
    currency: Option<String>,
    close_date: Option<String>,
    status: Option<String>,
    stage: Option<MirrorStage>,
    owner: Option<MirrorRef>,
    account: Option<MirrorRef>,
    contact: Option<Vec<MirrorRef>>,
    tags: Option<Vec<MirrorStage>>,
    urls: Option<Vec<MirrorUrl>>,
    last_activity_at: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    custom_fields: Option<Box<RawValue>>,
    remote_data: Option<Box<RawValue>>,
}

/// `{ "id": .. }`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct MirrorRef {
    id: Option<String>,
}

/// `{ "id": .., "name": .. }`: a stage or a tag.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct MirrorStage {
    id: Option<String>,
    name: Option<String>,
}

/// `{ "type": .., "url": .. }`.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct MirrorUrl {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
}

/// A page as Truto sends it, its records decoded into `T`.
#[derive(Debug, Deserialize)]
struct MirrorPage<T> {
    result: Vec<T>,
    next_cursor: Option<String>,
}

/// What a side received: records, and how many of them had an id.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// Records decoded.
    pub records: usize,
    /// Records with an `id`.
    pub with_id: usize,
}

impl Received {
    fn add(&mut self, has_id: bool) {
        self.records += 1;
        self.with_id += usize::from(has_id);
    }

    /// An error unless exactly `expected` records came, each with an id.
    pub fn expect(self, expected: usize) -> Result<Received, String> {
        if self.records == expected && self.with_id == expected {
            Ok(self)
        } else {
            Err(format!("expected {expected} records with ids, received {self:?}"))
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Reads every page of the list at `base_url` as `side` does.
pub async fn list(side: Side, base_url: &str) -> Result<Received, BoxError> {
    match side {
        Side::Bare => bare_list::<MirrorOpportunity>(base_url, |o| o.id.is_some()).await,
        Side::Typed => typed_list(base_url).await,
        Side::BareValue => bare_list::<Value>(base_url, |v| v.get("id").is_some()).await,
        Side::Value => client_list::<Value>(base_url, |v| v.get("id").is_some()).await,
    }
}

async fn bare_list<T: DeserializeOwned>(base_url: &str, has_id: fn(&T) -> bool) -> Result<Received, BoxError> {
    let http = reqwest::Client::builder().build()?;
    let list_url = reqwest::Url::parse(base_url)?.join(LIST_PATH)?;
    let mut received = Received::default();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = list_url.clone();
        url.query_pairs_mut().append_pair("integrated_account_id", ACCOUNT);
        if let Some(cursor) = &cursor {
            url.query_pairs_mut().append_pair("next_cursor", cursor);
        }
        let body = http.get(url).bearer_auth(TOKEN).send().await?.error_for_status()?.bytes().await?;
        let page: MirrorPage<T> = serde_json::from_slice(&body)?;
        for record in &page.result {
            received.add(has_id(record));
        }
        match page.next_cursor {
            Some(next) if !next.is_empty() => cursor = Some(next),
            _ => return Ok(received),
        }
    }
}

/// The typed client's list: `client.crm().opportunities().list()`, every record by cursor.
async fn typed_list(base_url: &str) -> Result<Received, BoxError> {
    let client = truto_unified::Client::builder(TOKEN).base_url(base_url).build()?;
    let records = client.crm().opportunities().list().integrated_account_id(ACCOUNT).items();
    let mut records = std::pin::pin!(records);
    let mut received = Received::default();
    while let Some(record) = records.try_next().await? {
        received.add(record.id.is_some());
    }
    Ok(received)
}

/// The untyped client's list into `T`, as a stream of records.
async fn client_list<T: DeserializeOwned + Send + 'static>(
    base_url: &str,
    has_id: fn(&T) -> bool,
) -> Result<Received, BoxError> {
    let client = truto_unified::Client::builder(TOKEN).base_url(base_url).build()?;
    let records = client.unified("crm", "opportunities").integrated_account_id(ACCOUNT).list().returning::<T>().items();
    let mut records = std::pin::pin!(records);
    let mut received = Received::default();
    while let Some(record) = records.try_next().await? {
        received.add(has_id(&record));
    }
    Ok(received)
}

/// `gets` single-record GETs (ids `0..gets`) from `tasks` concurrent tasks, as `side` makes
/// them.
pub async fn gets(side: Side, base_url: &str, gets: usize, tasks: usize) -> Result<Received, BoxError> {
    let tasks = tasks.clamp(1, gets.max(1));
    let mut running = tokio::task::JoinSet::new();
    match side {
        Side::Bare => spawn_bare_gets::<MirrorOpportunity>(&mut running, base_url, gets, tasks, |o| o.id.is_some())?,
        Side::Typed => spawn_typed_gets(&mut running, base_url, gets, tasks)?,
        Side::BareValue => spawn_bare_gets::<Value>(&mut running, base_url, gets, tasks, |v| v.get("id").is_some())?,
        Side::Value => spawn_client_gets::<Value>(&mut running, base_url, gets, tasks, |v| v.get("id").is_some())?,
    }
    let mut total = Received::default();
    while let Some(done) = running.join_next().await {
        let received = done??;
        total.records += received.records;
        total.with_id += received.with_id;
    }
    Ok(total)
}

/// The ids task `task` of `tasks` fetches: every `tasks`-th of `0..gets`.
fn ids_of_task(task: usize, tasks: usize, gets: usize) -> impl Iterator<Item = String> {
    (task..gets).step_by(tasks).map(|id| id.to_string())
}

/// The tasks that share the GETs between them.
type Tasks = tokio::task::JoinSet<Result<Received, BoxError>>;

/// Starts the GET tasks of a bare side, decoding into `T`.
fn spawn_bare_gets<T: DeserializeOwned + 'static>(
    running: &mut Tasks,
    base_url: &str,
    gets: usize,
    tasks: usize,
    has_id: fn(&T) -> bool,
) -> Result<(), BoxError> {
    let http = reqwest::Client::builder().build()?;
    let list_url = reqwest::Url::parse(base_url)?.join(LIST_PATH)?;
    for task in 0..tasks {
        let (http, list_url) = (http.clone(), list_url.clone());
        running.spawn(async move {
            let mut received = Received::default();
            for id in ids_of_task(task, tasks, gets) {
                let record = bare_get::<T>(&http, &list_url, &id).await?;
                received.add(has_id(&record));
            }
            Ok(received)
        });
    }
    Ok(())
}

async fn bare_get<T: DeserializeOwned>(
    http: &reqwest::Client,
    list_url: &reqwest::Url,
    id: &str,
) -> Result<T, BoxError> {
    let mut url = list_url.clone();
    url.path_segments_mut().map_err(|()| "the base URL cannot have a path")?.push(id);
    url.query_pairs_mut().append_pair("integrated_account_id", ACCOUNT);
    let body = http.get(url).bearer_auth(TOKEN).send().await?.error_for_status()?.bytes().await?;
    Ok(serde_json::from_slice(&body)?)
}

/// Starts the typed client's GET tasks: `client.crm().opportunities().get(id)`.
fn spawn_typed_gets(running: &mut Tasks, base_url: &str, gets: usize, tasks: usize) -> Result<(), BoxError> {
    let client = truto_unified::Client::builder(TOKEN).base_url(base_url).build()?;
    for task in 0..tasks {
        let client = client.clone();
        running.spawn(async move {
            let mut received = Received::default();
            for id in ids_of_task(task, tasks, gets) {
                let record = client.crm().opportunities().get(id).integrated_account_id(ACCOUNT).send().await?;
                received.add(record.id.is_some());
            }
            Ok(received)
        });
    }
    Ok(())
}

/// Starts the untyped client's GET tasks, decoding into `T`.
fn spawn_client_gets<T: DeserializeOwned + Send + 'static>(
    running: &mut Tasks,
    base_url: &str,
    gets: usize,
    tasks: usize,
    has_id: fn(&T) -> bool,
) -> Result<(), BoxError> {
    let client = truto_unified::Client::builder(TOKEN).base_url(base_url).build()?;
    let opportunities = client.unified("crm", "opportunities").integrated_account_id(ACCOUNT);
    for task in 0..tasks {
        let opportunities = opportunities.clone();
        running.spawn(async move {
            let mut received = Received::default();
            for id in ids_of_task(task, tasks, gets) {
                let record = opportunities.get(id).returning::<T>().send().await?;
                received.add(has_id(&record));
            }
            Ok(received)
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_parse_by_name() {
        for side in Side::ALL {
            assert_eq!(side.name().parse::<Side>(), Ok(side));
        }
        assert!("progenitor".parse::<Side>().is_err());
    }

    #[test]
    fn the_tasks_share_every_id_once() {
        let mut ids: Vec<usize> = (0..3).flat_map(|t| ids_of_task(t, 3, 10)).map(|id| id.parse().unwrap()).collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn the_mirror_reads_a_fixture_record_whole() {
        let record: MirrorOpportunity = serde_json::from_value(crate::fixture::record(3)).unwrap();
        assert_eq!(record.id.as_deref(), Some("50003"));
        assert!(record.remote_data.is_some_and(|r| r.get().contains("\"Deal 3\"")));
        assert_eq!(record.urls.unwrap()[0].kind.as_deref(), Some("website"));
    }

    #[test]
    fn a_count_other_than_the_expected_one_is_an_error() {
        let received = Received { records: 4, with_id: 4 };
        assert_eq!(received.expect(4), Ok(received));
        assert!(received.expect(5).is_err());
        assert!(Received { records: 4, with_id: 3 }.expect(4).is_err());
    }
}
