//! Pre-flight checks against each seed endpoint's documented requirements (sans-IO: no client).

use truto_unified::check::{Location, Problem};
use truto_unified::crm::engagements::{DeleteEngagement, DeleteEngagementType};
use truto_unified::crm::opportunities::{UpdateOpportunity, UpdateOpportunityBody, UpdateOpportunityStatus};
use truto_unified::prelude::*;
use truto_unified::support::{Coverage, Section};
use truto_unified::{Endpoint, Integration, Patch, endpoint};

fn update(body: UpdateOpportunityBody) -> UpdateOpportunity {
    UpdateOpportunity::new("1", body).integrated_account_id("acc")
}

#[test]
fn teamleader_requires_account_contact_and_name_on_patch_opportunities() {
    let report = update(UpdateOpportunityBody::default()).check(Integration::Teamleader);
    let missing: Vec<_> = report.errors().cloned().collect();
    assert_eq!(
        missing,
        ["account", "contact", "name"].map(|path| Problem::MissingRequired { location: Location::Body, path }),
    );
    assert!(!report.is_ok());
    assert_eq!(
        report.to_string(),
        "PATCH /unified/crm/opportunities/{id} for Teamleader: 3 error(s), 0 warning(s): the body field `account` is required; \
         the body field `contact` is required; the body field `name` is required"
    );
    // Other integrations require none of them.
    assert!(update(UpdateOpportunityBody::default()).check(Integration::HubSpot).is_ok());
}

#[test]
fn clearing_a_required_field_does_not_satisfy_it() {
    let body = UpdateOpportunityBody { name: Patch::Null, ..Default::default() };
    let report = update(body).check(Integration::Teamleader);
    assert!(report.errors().any(|p| *p == Problem::MissingRequired { location: Location::Body, path: "name" }));
}

#[test]
fn pipedrive_accepts_four_status_values() {
    const ACCEPTED: &[&str] = &["open", "won", "lost", "deleted"];
    let accepted = ACCEPTED;
    for (status, _) in UpdateOpportunityStatus::DOCUMENTED {
        let body = UpdateOpportunityBody { status: Patch::Set(status.clone()), ..Default::default() };
        let report = update(body).check(Integration::Pipedrive);
        if accepted.contains(&status.as_str()) {
            assert!(report.problems.is_empty(), "{status}: {report}");
        } else {
            assert_eq!(
                report.problems,
                [Problem::ValueNotAccepted {
                    location: Location::Body,
                    path: "status",
                    value: status.to_string(),
                    accepted
                }],
            );
        }
    }
}

#[test]
fn unsupported_fields_only_warn() {
    // Affinity does not support `amount` on PATCH opportunities.
    let body = UpdateOpportunityBody { name: Patch::Set("x".into()), amount: Patch::Set(1.0), ..Default::default() };
    let report = update(body).check(Integration::Affinity);
    assert!(report.is_ok());
    assert_eq!(
        report.warnings().cloned().collect::<Vec<_>>(),
        [Problem::Unsupported { location: Location::Body, path: "amount" }]
    );
}

/// The six integrations that require `engagement_type` on DELETE engagements, each with the
/// values it accepts.
const ENGAGEMENT_TYPE_REQUIREMENTS: [(Integration, &[&str]); 6] = [
    (Integration::Affinity, &["call", "email", "meeting", "chat"]),
    (Integration::Close, &["call", "meeting", "note", "email"]),
    (Integration::Keap, &["email", "meeting"]),
    (Integration::OnePageCrm, &["call", "meeting"]),
    (Integration::Pipeliner, &["call", "email"]),
    (Integration::ZohoCrm, &["call", "meeting"]),
];

#[test]
fn six_integrations_require_engagement_type_each_with_its_values() {
    for (integration, accepted) in ENGAGEMENT_TYPE_REQUIREMENTS {
        let without = DeleteEngagement::new("1").integrated_account_id("acc");
        assert_eq!(
            without.check(integration).problems,
            [Problem::MissingRequired { location: Location::Query, path: "engagement_type" }],
            "{integration}"
        );
        for (value, _) in DeleteEngagementType::DOCUMENTED {
            let request = DeleteEngagement::new("1").integrated_account_id("acc").engagement_type(value.clone());
            let problems = request.check(integration).problems;
            if accepted.contains(&value.as_str()) {
                assert!(problems.is_empty(), "{integration} {value}: {problems:?}");
            } else {
                assert_eq!(
                    problems,
                    [Problem::ValueNotAccepted {
                        location: Location::Query,
                        path: "engagement_type",
                        value: value.to_string(),
                        accepted
                    }],
                    "{integration} {value}"
                );
            }
        }
    }
}

#[test]
fn planhat_supports_engagement_type_without_requiring_it() {
    let request = DeleteEngagement::new("1").integrated_account_id("acc");
    assert!(request.check(Integration::Planhat).problems.is_empty());
    let with_type = request.engagement_type("note");
    assert!(with_type.check(Integration::Planhat).problems.is_empty(), "Planhat has no value subset");
    // Pipedrive does not mark engagement_type at all: sending it only warns.
    assert_eq!(
        with_type.check(Integration::Pipedrive).problems,
        [Problem::Unsupported { location: Location::Query, path: "engagement_type" }]
    );
}

/// Which integrations support an endpoint, a field, an enum value; which response fields one fills.
#[test]
fn support_queries_answer_from_the_docs() {
    let update = endpoint("crm", "opportunities", "update").expect("PATCH opportunities");
    let status = update.field(Section::Body, "status").expect("status");
    use Integration::*;
    // In index order: the order of schema/integrations.yaml.
    assert_eq!(
        status.integrations_accepting("deleted"),
        vec![Pipedrive, Pipeliner, OnePageCrm, Close, Freshsales, Planhat]
    );
    assert_eq!(status.integrations_accepting("lead"), vec![Pipeliner, OnePageCrm, Attio, Close, Freshsales, Planhat]);
    assert!(update.is_supported_by(Teamleader));
    // The older page's "Integrations supported" lists Salesforce, though no field marks it;
    // Accelo it does not list.
    assert!(update.is_supported_by(Salesforce));
    assert!(!update.is_supported_by(Accelo));
    assert_eq!(update.response_fields_for(Affinity), vec!["account", "contact", "id", "name"]);

    let leads = endpoint("crm", "leads", "delete").expect("DELETE leads");
    assert_eq!(
        leads.integrations(),
        vec![
            HubSpot,
            ZohoCrm,
            MondayCrm,
            ZendeskSell,
            Salesforce,
            Pipedrive,
            Pipeliner,
            MicrosoftDynamics365Sales,
            Insightly,
            Nutshell
        ]
    );
    assert_eq!(leads.coverage(Accelo), Coverage::Unsupported);
    // Known in part: accounts get from an older page's list and Truto's coverage page.
    let get = endpoint("crm", "accounts", "get").expect("GET accounts");
    assert_eq!((get.coverage(Affinity), get.coverage(Wix)), (Coverage::Supported, Coverage::Unknown));
    let stages = endpoint("crm", "stages", "get").expect("GET stages");
    assert_eq!((stages.coverage(Attio), stages.coverage(Pipedrive)), (Coverage::Unsupported, Coverage::Supported));
    // Partial lists: Nutshell's and Pipedrive's accounts lists return a subset of the fields.
    let accounts = endpoint("crm", "accounts", "list").expect("GET accounts");
    assert_eq!((accounts.coverage(Pipedrive), accounts.coverage(HubSpot)), (Coverage::Partial, Coverage::Supported));
    assert!(endpoint("crm", "opportunities", "merge").is_none());
}
