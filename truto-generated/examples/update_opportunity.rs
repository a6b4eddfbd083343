//! Renames an opportunity through Truto, after checking the request against the integration.
//!
//! ```sh
//! TRUTO_API_TOKEN=... cargo run -p truto-unified --example update_opportunity -- \
//!     <integrated_account_id> <opportunity_id> <new name> [integration slug, e.g. hubspot]
//! ```

use truto_unified::crm::opportunities::UpdateOpportunityBody;
use truto_unified::prelude::*;
use truto_unified::{Client, Integration, Patch};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("TRUTO_API_TOKEN").map_err(|_| "set TRUTO_API_TOKEN to your Truto API token")?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [account, id, name, rest @ ..] = args.as_slice() else {
        return Err(
            "usage: update_opportunity <integrated_account_id> <opportunity_id> <new name> [integration]".into()
        );
    };
    let client = Client::builder(token).build()?;
    let body = UpdateOpportunityBody { name: Patch::Set(name.clone()), ..Default::default() };
    let mut call = client.crm().opportunities().update(id, body).integrated_account_id(account);
    if let Some(slug) = rest.first() {
        let integration: Integration = slug.parse()?;
        call = call.check_for(integration);
    }
    let opportunity = call.send().await?;
    println!("updated {}: name = {:?}", opportunity.id.as_deref().unwrap_or("?"), opportunity.name);
    Ok(())
}
