//! Pre-flight checks: does a request fit what one integration supports and requires?
//!
//! The check reads the request as it would go on the wire (its serialized query and body)
//! against the endpoint's [`support`](crate::support) data, and reports every problem at once:
//! an endpoint the docs say the integration does not support (unknown support is never
//! refused), a field or parameter the integration requires and the request lacks, an enum value
//! the integration does not accept, and (as warnings) a field the integration does not support
//! and a list that returns a subset of the fields for it.

use std::fmt;

use serde_json::Value;

use crate::request::Endpoint;
use crate::support::{Coverage, EndpointSupport, Field, IntegrationId, IntegrationRef, Mark};

/// Where a checked field lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A query parameter.
    Query,
    /// A body field.
    Body,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Location::Query => "query parameter",
            Location::Body => "body field",
        })
    }
}

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The integration requires the field and the request does not set it.
    MissingRequired {
        /// Query or body.
        location: Location,
        /// The field's dotted path.
        path: &'static str,
    },
    /// The integration does not accept this enum value.
    ValueNotAccepted {
        /// Query or body.
        location: Location,
        /// The field's dotted path.
        path: &'static str,
        /// The value sent.
        value: String,
        /// The values the integration accepts.
        accepted: &'static [&'static str],
    },
    /// The integration does not support the field (a warning: it is likely ignored).
    Unsupported {
        /// Query or body.
        location: Location,
        /// The field's dotted path.
        path: &'static str,
    },
    /// The docs say the integration does not support the endpoint: they list the
    /// integrations that do and it is not among them, or name it as not supporting it (and it
    /// marks none of the endpoint's fields).
    EndpointUnsupported {
        /// The integrations known to support it, by display name, in index order.
        supported_by: Vec<&'static str>,
        /// Whether `supported_by` is the docs' complete list; otherwise support is known only
        /// for some integrations, and unknown for the others.
        complete: bool,
    },
    /// The list returns a subset of the fields for this integration (a warning: a get returns
    /// the whole record).
    PartialResponse,
}

impl Problem {
    /// Whether the problem stops the request (unsupported fields only warn).
    pub fn is_error(&self) -> bool {
        !matches!(self, Problem::Unsupported { .. } | Problem::PartialResponse)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::MissingRequired { location, path } => write!(f, "the {location} `{path}` is required"),
            Problem::ValueNotAccepted { location, path, value, accepted } => {
                write!(
                    f,
                    "the {location} `{path}` is `{value}`, which it does not accept (it accepts: {})",
                    accepted.join(", ")
                )
            }
            Problem::Unsupported { location, path } => {
                write!(f, "the {location} `{path}` is not supported and will likely be ignored")
            }
            Problem::EndpointUnsupported { supported_by, complete: true } if supported_by.is_empty() => {
                f.write_str("the endpoint is not supported: the docs list no integration for it")
            }
            Problem::EndpointUnsupported { supported_by, complete: true } => {
                write!(f, "the endpoint is not supported: the docs list {}", supported_by.join(", "))
            }
            Problem::EndpointUnsupported { supported_by, complete: false } if supported_by.is_empty() => {
                f.write_str("the endpoint is not supported, the docs say (no integration is known to support it)")
            }
            Problem::EndpointUnsupported { supported_by, complete: false } => write!(
                f,
                "the endpoint is not supported, the docs say (known to support it: {}; others unknown)",
                supported_by.join(", ")
            ),
            Problem::PartialResponse => {
                f.write_str("the list returns a subset of the fields (get a record for all of them)")
            }
        }
    }
}

/// Everything a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The integration checked against.
    pub integration: IntegrationRef,
    /// `METHOD path` of the endpoint.
    pub endpoint: String,
    /// Every problem, errors and warnings, in schema order.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// The problems that stop the request.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    /// The problems that only warn.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    /// Whether nothing stops the request.
    pub fn is_ok(&self) -> bool {
        self.errors().next().is_none()
    }

    /// `Ok` with the report (it may hold warnings), or [`crate::Error::Check`].
    pub fn into_result(self) -> Result<CheckReport, crate::Error> {
        if self.is_ok() { Ok(self) } else { Err(crate::Error::Check(self)) }
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        write!(f, "{} for {}: ", self.endpoint, self.integration)?;
        if self.problems.is_empty() {
            return f.write_str("no problems");
        }
        write!(f, "{errors} error(s), {} warning(s): ", self.problems.len() - errors)?;
        let list: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        f.write_str(&list.join("; "))
    }
}

/// Checks `endpoint` against `integration`.
pub fn check_endpoint<E: Endpoint>(endpoint: &E, integration: E::Integration) -> CheckReport {
    check_against(endpoint, IntegrationRef::of(integration))
}

/// Checks `endpoint` against an integration known by reference.
pub(crate) fn check_against<E: Endpoint>(endpoint: &E, integration: IntegrationRef) -> CheckReport {
    let query = crate::request::query_value(endpoint).unwrap_or(Value::Null);
    check_values(E::SUPPORT, &query, &body_value(endpoint), integration)
}

/// The body of `endpoint` as JSON, as the checks read it (`null` for none).
pub(crate) fn body_value<E: Endpoint>(endpoint: &E) -> Value {
    endpoint.body().and_then(|body| serde_json::to_value(body).ok()).unwrap_or(Value::Null)
}

/// Checks a request's query and body, as JSON, against what `support` says of `integration`:
/// generic over the integration type only, so compiled once per generated crate rather than
/// once per endpoint.
pub(crate) fn check_values<I: IntegrationId>(
    support: &crate::support::Endpoint<I>,
    query: &Value,
    body: &Value,
    integration: IntegrationRef,
) -> CheckReport {
    let mut problems = endpoint_problems(support, integration);
    check_fields(support.query, query, Location::Query, integration, &mut problems);
    check_fields(support.body, body, Location::Body, integration, &mut problems);
    CheckReport { integration, endpoint: format!("{} {}", support.http_method, support.path), problems }
}

/// What the endpoint as a whole says of `integration`: not supported, when the docs say so
/// (unknown support never refuses); a subset of the fields, when its list returns partial
/// records.
fn endpoint_problems<I: IntegrationId>(
    support: &crate::support::Endpoint<I>,
    integration: IntegrationRef,
) -> Vec<Problem> {
    match support.coverage_of_index(integration.index) {
        Coverage::Unsupported => {
            let supported_by = support.integrations().into_iter().map(IntegrationId::name).collect();
            let complete = matches!(support.integrations, EndpointSupport::Listed(_));
            vec![Problem::EndpointUnsupported { supported_by, complete }]
        }
        Coverage::Partial => vec![Problem::PartialResponse],
        Coverage::Supported | Coverage::Unknown => Vec::new(),
    }
}

fn check_fields<I: IntegrationId>(
    fields: &'static [Field<I>],
    input: &Value,
    location: Location,
    integration: IntegrationRef,
    problems: &mut Vec<Problem>,
) {
    for field in fields {
        let values = values_at(input, field.path);
        let present: Vec<&Value> = values.into_iter().filter(|v| !v.is_null()).collect();
        let mark = field.mark_of(integration.index);
        let parent_present = match field.path.rsplit_once('.') {
            Some((parent, _)) => values_at(input, parent).iter().any(|v| !v.is_null()),
            None => true,
        };
        if mark == Some(Mark::Required) && present.is_empty() && parent_present {
            problems.push(Problem::MissingRequired { location, path: field.path });
        }
        if !present.is_empty() && mark.is_none() && field.is_marked() {
            problems.push(Problem::Unsupported { location, path: field.path });
        }
        if let Some(accepted) = field.values_of(integration.index) {
            for value in present.iter().flat_map(|v| scalars(v)) {
                if !accepted.contains(&value.as_str()) {
                    problems.push(Problem::ValueNotAccepted { location, path: field.path, value, accepted });
                }
            }
        }
    }
}

/// The values at a dotted path; arrays on the way contribute each element.
fn values_at<'v>(value: &'v Value, path: &str) -> Vec<&'v Value> {
    let mut current = vec![value];
    for key in path.split('.') {
        current = current
            .into_iter()
            .flat_map(|v| match v {
                Value::Array(items) => items.iter().filter_map(|i| i.get(key)).collect::<Vec<_>>(),
                other => other.get(key).into_iter().collect(),
            })
            .collect();
    }
    current
}

fn scalars(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(scalars).collect(),
        Value::Null | Value::Object(_) => Vec::new(),
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{Crm, GET_DEAL, GetDeal, LIST_DEALS, ListDeals};
    use crate::support;
    use serde_json::json;

    #[test]
    fn an_endpoint_the_docs_list_others_for_is_refused_naming_them() {
        static ONLY_A_AND_B: support::Endpoint<Crm> = support::Endpoint { query: &[], ..LIST_DEALS };
        let problems = endpoint_problems(&ONLY_A_AND_B, IntegrationRef::of(Crm::C));
        assert_eq!(problems, [Problem::EndpointUnsupported { supported_by: vec!["A", "B"], complete: true }]);
        assert!(problems[0].is_error());
        assert_eq!(problems[0].to_string(), "the endpoint is not supported: the docs list A, B");
        static NONE_LISTED: support::Endpoint<Crm> =
            support::Endpoint { integrations: EndpointSupport::Listed(support::Integrations::of(0)), ..GET_DEAL };
        let problems = endpoint_problems(&NONE_LISTED, IntegrationRef::of(Crm::A));
        assert_eq!(problems[0].to_string(), "the endpoint is not supported: the docs list no integration for it");
    }

    #[test]
    fn an_endpoint_known_in_part_refuses_only_an_integration_known_not_to_support_it() {
        static IN_PART: support::Endpoint<Crm> = support::Endpoint {
            integrations: EndpointSupport::InPart {
                supported: support::Integrations::of(0b001),
                unsupported: support::Integrations::of(0b010),
            },
            ..GET_DEAL
        };
        let problems = endpoint_problems(&IN_PART, IntegrationRef::of(Crm::B));
        assert_eq!(problems, [Problem::EndpointUnsupported { supported_by: vec!["A"], complete: false }]);
        assert_eq!(
            problems[0].to_string(),
            "the endpoint is not supported, the docs say (known to support it: A; others unknown)"
        );
        assert!(endpoint_problems(&IN_PART, IntegrationRef::of(Crm::A)).is_empty());
        assert!(endpoint_problems(&IN_PART, IntegrationRef::of(Crm::C)).is_empty(), "unknown");
        static NONE_KNOWN: support::Endpoint<Crm> = support::Endpoint {
            integrations: EndpointSupport::InPart {
                supported: support::Integrations::of(0),
                unsupported: support::Integrations::of(0b111),
            },
            ..GET_DEAL
        };
        let problems = endpoint_problems(&NONE_KNOWN, IntegrationRef::of(Crm::C));
        assert_eq!(
            problems[0].to_string(),
            "the endpoint is not supported, the docs say (no integration is known to support it)"
        );
    }

    #[test]
    fn listed_marked_and_unknown_support_pass_and_a_partial_list_warns() {
        let list = ListDeals::default();
        assert!(list.check(Crm::A).problems.is_empty());
        assert!(list.check(Crm::C).problems.is_empty(), "not listed, but it marks a field");
        let partial = list.check(Crm::B);
        assert_eq!(partial.problems, [Problem::PartialResponse]);
        assert!(partial.is_ok(), "a warning");
        assert!(partial.to_string().contains("0 error(s), 1 warning(s): the list returns a subset of the fields"));
        for integration in Crm::ALL {
            assert!(GetDeal::default().check(*integration).problems.is_empty(), "unknown support: {integration}");
        }
    }

    #[test]
    fn values_are_found_through_arrays() {
        let v = json!({"contact": [{"id": "1"}, {"id": "2"}], "account": {"id": "a"}});
        assert_eq!(values_at(&v, "contact.id"), vec![&json!("1"), &json!("2")]);
        assert_eq!(values_at(&v, "account.id"), vec![&json!("a")]);
        assert!(values_at(&v, "owner.id").is_empty());
    }
}
