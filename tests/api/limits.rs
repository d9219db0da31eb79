//! Hostile requests get a clear refusal and the server stays up.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn transport_rules() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let url = format!("{}/graphql", app.url);

    // Not JSON: refused, so a browser form cannot post a mutation.
    let res = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "text/plain")
        .body(r#"{"query":"{ viewer { role } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 415);
    // Batches are refused.
    let res = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&json!([{ "query": "{ viewer { role } }" }, { "query": "{ viewer { role } }" }]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED");
    // Broken JSON gets a plain message, no parser internals.
    let res = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"query\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
    // Too large a body.
    let big = "x".repeat(2 * 1024 * 1024);
    let res = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({ "query": big }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // GET never executes operations.
    let res = app
        .client
        .get(format!(
            "{url}?query=mutation%20%7B%20deleteCase(id%3A%22x%22)%20%7D"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(
        res.text().await.unwrap().contains("graphiql"),
        "GET serves GraphiQL only"
    );

    // The server is still fine.
    app.ok(&token, "{ viewer { role } }", json!({})).await;
    let res = app
        .client
        .get(format!("{}/readyz", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn depth_aliases_and_cost_are_limited() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let deep = format!("{{ {}viewer {{ role }}{} }}", "__typename ".repeat(0), "");
    app.ok(&token, &deep, json!({})).await;
    // Aliases.
    let many: String = (0..40)
        .map(|i| format!("a{i}: viewer {{ role }} "))
        .collect();
    let err = app.err(&token, &format!("{{ {many} }}"), json!({})).await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED");
    // Cost: 20 aliases × 100 cases × a nested graph.
    let nested = "cases(first: 100) { edges { node { companies { name } checks { amlHits { name } documents { id } notes { id } } individuals { firstName } } } }";
    let aliased: String = (0..20).map(|i| format!("c{i}: {nested} ")).collect();
    let err = app
        .err(&token, &format!("{{ {aliased} }}"), json!({}))
        .await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED");
    // Depth: introspection recursion.
    let deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }";
    let err = app.err(&token, deep, json!({})).await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED");
    app.ok(&token, "{ viewer { role } }", json!({})).await;
}
