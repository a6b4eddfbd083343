//! Hand-written stand-ins for what a generated crate provides, for the runtime's own unit
//! tests: an `Integration` enum and two endpoints with their support data.

use std::fmt;

use http::Method;
use serde::{Deserialize, Serialize};

use crate::Page;
use crate::request::{Endpoint, ListEndpoint, OperationKind};
use crate::support::{self, EndpointSupport, Field, IntegrationId, Integrations};

/// Three integrations, `A`, `B` and `C`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Crm {
    A,
    B,
    C,
}

impl fmt::Display for Crm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl IntegrationId for Crm {
    const ALL: &'static [Self] = &[Crm::A, Crm::B, Crm::C];
    fn index(self) -> usize {
        self as usize
    }
    fn slug(self) -> &'static str {
        ["a", "b", "c"][self as usize]
    }
    fn name(self) -> &'static str {
        ["A", "B", "C"][self as usize]
    }
}

/// A record.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub(crate) struct Deal {
    pub(crate) id: Option<String>,
}

/// The query of both endpoints.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DealsQuery {
    pub(crate) integrated_account_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) next_cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stage: Option<String>,
}

/// `GET /unified/crm/deals`: the docs list `A` and `B` (whose list is partial); `C` lists
/// nothing but marks `stage`. It has no `truto_key_by`.
#[derive(Debug, Clone, Default)]
pub(crate) struct ListDeals {
    pub(crate) query: DealsQuery,
}

pub(crate) static LIST_DEALS: support::Endpoint<Crm> = support::Endpoint {
    api: "crm",
    resource: "deals",
    operation: "list",
    custom_name: None,
    http_method: "GET",
    path: "/unified/crm/deals",
    response_formats: &["unified"],
    integrations: EndpointSupport::Listed(Integrations::of(0b011)),
    partial_response: true,
    partial_in: Integrations::of(0b010),
    query: &[Field::new("stage", 0b100, 0)],
    body: &[],
    response: &[],
};

impl Endpoint for ListDeals {
    type Response = Page<Deal>;
    type Query = DealsQuery;
    type Integration = Crm;
    type Body = ();
    const OPERATION: OperationKind = OperationKind::List;
    const METHOD: Method = Method::GET;
    const SUPPORT: &'static support::Endpoint<Crm> = &LIST_DEALS;

    fn path(&self) -> String {
        "/unified/crm/deals".to_owned()
    }
    fn query(&self) -> &DealsQuery {
        &self.query
    }
    fn query_mut(&mut self) -> &mut DealsQuery {
        &mut self.query
    }
    fn body(&self) -> Option<&()> {
        None
    }
    fn missing_required(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

impl ListEndpoint for ListDeals {
    type Item = Deal;
    fn set_next_cursor(&mut self, cursor: Option<String>) {
        self.query.next_cursor = cursor;
    }
}

/// `GET /unified/crm/deals/{id}` with unknown support: no page listed its integrations.
#[derive(Debug, Clone, Default)]
pub(crate) struct GetDeal {
    pub(crate) query: DealsQuery,
}

pub(crate) static GET_DEAL: support::Endpoint<Crm> = support::Endpoint {
    operation: "get",
    path: "/unified/crm/deals/{id}",
    integrations: EndpointSupport::Unknown,
    partial_response: false,
    partial_in: Integrations::of(0),
    query: &[],
    ..LIST_DEALS
};

impl Endpoint for GetDeal {
    type Response = Deal;
    type Query = DealsQuery;
    type Integration = Crm;
    type Body = ();
    const OPERATION: OperationKind = OperationKind::Get;
    const METHOD: Method = Method::GET;
    const SUPPORT: &'static support::Endpoint<Crm> = &GET_DEAL;

    fn path(&self) -> String {
        "/unified/crm/deals/1".to_owned()
    }
    fn query(&self) -> &DealsQuery {
        &self.query
    }
    fn query_mut(&mut self) -> &mut DealsQuery {
        &mut self.query
    }
    fn body(&self) -> Option<&()> {
        None
    }
    fn missing_required(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

/// `POST /unified/crm/deals/merge`, a custom method, with unknown support.
#[derive(Debug, Clone, Default)]
pub(crate) struct MergeDeals {
    pub(crate) query: DealsQuery,
}

pub(crate) static MERGE_DEALS: support::Endpoint<Crm> = support::Endpoint {
    operation: "custom",
    custom_name: Some("merge"),
    http_method: "POST",
    path: "/unified/crm/deals/merge",
    ..GET_DEAL
};

impl Endpoint for MergeDeals {
    type Response = Deal;
    type Query = DealsQuery;
    type Integration = Crm;
    type Body = ();
    const OPERATION: OperationKind = OperationKind::Custom;
    const METHOD: Method = Method::POST;
    const SUPPORT: &'static support::Endpoint<Crm> = &MERGE_DEALS;

    fn path(&self) -> String {
        "/unified/crm/deals/merge".to_owned()
    }
    fn query(&self) -> &DealsQuery {
        &self.query
    }
    fn query_mut(&mut self) -> &mut DealsQuery {
        &mut self.query
    }
    fn body(&self) -> Option<&()> {
        None
    }
    fn missing_required(&self) -> Vec<&'static str> {
        Vec::new()
    }
}
