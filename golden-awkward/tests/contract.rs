//! The contract test: every endpoint of the crate, in every response format it allows, sent
//! through the typed client to a Prism mock server of the crate's `openapi.json`; Prism must
//! find nothing wrong with any request, and the client must decode every answer to what Prism
//! sent (see the `truto-contract` crate). `.ci/run` starts the mock server and runs it; plain
//! `cargo test` skips it.

use std::path::Path;

// Generated, and printed by the generator: rustfmt leaves it as it is.
#[rustfmt::skip]
#[path = "contract/cases.rs"]
mod cases;

#[tokio::test]
#[ignore = "needs the mock server of .ci/prism-mock.cjs in TRUTO_PRISM_URL (.ci/run starts it)"]
async fn every_endpoint_in_every_format_is_as_the_export_says() {
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.json");
    let mut contract = truto_contract::Contract::new("golden-awkward", &export);
    cases::run(&mut contract).await;
    contract.finish(truto_golden_awkward::endpoints());
}
