//! Hostile requests get a clear refusal and the server stays up.

use casegraph::domain::Role;
use casegraph::graphql::limits::fan_out_document;
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
    let big = "x".repeat(9 * 1024 * 1024);
    let res = app
        .client
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({ "query": big }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 413);
    // GET runs queries only: a mutation is 405 and does not run (a link cannot write).
    let res = app
        .client
        .get(format!(
            "{url}?query=mutation%20%7B%20deleteCase(id%3A%22x%22)%20%7D"
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    assert_eq!(res.headers()["allow"], "POST");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");

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
    // Depth: the API's own fields, 13 levels.
    let deep = format!(
        "{{ {}id{} }}",
        "cases { nodes { ".repeat(6) + "companies { ",
        " }".repeat(13)
    );
    let err = app.err(&token, &deep, json!({})).await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED", "{err}");
    assert!(
        err["message"].as_str().unwrap().contains("nested too deep"),
        "{err}"
    );
    app.ok(&token, "{ viewer { role } }", json!({})).await;
}

#[tokio::test]
async fn fragment_fan_out_is_refused_at_once_and_the_server_stays_up() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    // Just inside the field limit (2^13 − 1 fields): answered.
    app.ok(&token, &fan_out_document(12), json!({})).await;
    // n = 30 expands to 2^31 fields; n = 60 has 120 spreads. Each is refused without being
    // walked, while /healthz answers meanwhile. (The timeout only detects a hang.)
    for (n, says) in [(30, "too many fields"), (60, "too many fragment spreads")] {
        let query = fan_out_document(n);
        let hostile = app.post(Some(&token), &query, json!({}));
        let health = app.client.get(format!("{}/healthz", app.url)).send();
        let ((status, body), health) =
            tokio::time::timeout(std::time::Duration::from_secs(10), async {
                tokio::join!(hostile, health)
            })
            .await
            .expect("the fan-out query hung the server");
        assert_eq!(health.unwrap().status().as_u16(), 200);
        let err = &body["errors"][0];
        assert_eq!(code(err), "LIMIT_EXCEEDED", "{status} {body}");
        assert!(err["message"].as_str().unwrap().contains(says), "{err}");
        assert!(body.get("data").is_none_or(|d| d.is_null()), "{body}");
    }
    // A fragment that spreads itself is refused, not followed.
    let err = app
        .err(
            &token,
            "{ viewer { ...A } } fragment A on Viewer { role ...B } fragment B on Viewer { ...A }",
            json!({}),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    app.ok(&token, "{ viewer { role } }", json!({})).await;
}

#[tokio::test]
async fn the_standard_introspection_query_passes_default_limits() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let query = include_str!("../fixtures/graphql-js-introspection.graphql");
    let data = app.ok(&token, query, json!({})).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    let case = types
        .iter()
        .find(|t| t["name"] == "Case")
        .expect("Case listed");
    assert!(case["fields"].as_array().unwrap().len() > 10);
    // A walk around the type graph multiplies lists (types × fields × fields × fields):
    // refused, and so is an endless ofType chain.
    let cyclic =
        "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";
    let err = app.err(&token, cyclic, json!({})).await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED", "{err}");
    let chain = format!(
        "{{ __type(name: \"Case\") {{ {}name{} }} }}",
        "ofType { ".repeat(40),
        " }".repeat(40)
    );
    let err = app.err(&token, &chain, json!({})).await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED", "{err}");
}

#[tokio::test]
async fn directives_are_limited() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    // One directive on each of n selections of the same field.
    let query = |n: usize| format!("{{ viewer {{ {}}} }}", "role @include(if: true) ".repeat(n));
    app.ok(&token, &query(50), json!({})).await;
    let err = app.err(&token, &query(200), json!({})).await;
    assert_eq!(code(&err), "LIMIT_EXCEEDED", "{err}");
}
