//! Response keys come in the order of the selection set (GraphQL spec §7.2.2), however the
//! fields' resolvers happen to finish.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;

/// The positions of `keys` in the raw response text, which must be increasing.
fn assert_in_order(body: &str, keys: &[&str]) {
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| {
            body.find(&format!("\"{k}\""))
                .unwrap_or_else(|| panic!("{k} missing: {body}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{keys:?} out of order: {body}"
    );
}

#[tokio::test]
async fn keys_follow_the_selection_set() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    create_case(&app, &token, kyb_case("Northwind", Some("crm-1"))).await;
    let query = "{ cases(first: 5) { totalCount pageInfo { hasNextPage endCursor } ...Nodes } viewer { role } }
                 fragment Nodes on CaseConnection { nodes { name checks { status type } mainCompany { country name } id } }";
    // Concurrent resolvers finish in any order; the answer's order must not vary.
    for _ in 0..5 {
        let res = app
            .client
            .post(format!("{}/graphql", app.url))
            .bearer_auth(&token)
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        let body = res.text().await.unwrap();
        assert!(!body.contains("\"errors\""), "{body}");
        assert_in_order(
            &body,
            &[
                "cases",
                "totalCount",
                "pageInfo",
                "hasNextPage",
                "endCursor",
                "nodes",
                "name",
                "checks",
                "status",
                "type",
                "mainCompany",
                "country",
                "id",
                "viewer",
            ],
        );
    }
}
