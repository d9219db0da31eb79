//! Automatic persisted queries (Apollo APQ), over POST and GET, with the exact requests
//! Apollo Client's persisted-query link and `useGETForQueries` send: an unknown hash is
//! `PERSISTED_QUERY_NOT_FOUND`, the full request registers it (hash verified), then the
//! hash alone runs it — through the token, the limits and the rate limits like any query.

use casegraph::domain::Role;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::*;

/// What Apollo Client 4's HttpLink sends as `Accept`.
const APOLLO_ACCEPT: &str = "application/graphql-response+json,application/json;q=0.9";

fn sha256(query: &str) -> String {
    hex::encode(Sha256::digest(query.as_bytes()))
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

/// POSTs `body` as Apollo does; status and JSON body.
async fn post(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app
        .client
        .post(format!("{}/graphql", app.url))
        .header("accept", APOLLO_ACCEPT)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// GETs as Apollo's link does with `useGETForHashedQueries`/`useGETForQueries`.
async fn get(app: &TestApp, token: &str, params: &[(&str, String)]) -> (u16, Value) {
    let res = app
        .client
        .get(format!("{}/graphql", app.url))
        .query(params)
        .header("accept", APOLLO_ACCEPT)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

fn assert_not_found(status: u16, body: &Value) {
    // 200 as Apollo Server answers: a cache miss is a step of the protocol.
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["errors"][0]["message"], "PersistedQueryNotFound",
        "{body}"
    );
    assert_eq!(
        code(&body["errors"][0]),
        "PERSISTED_QUERY_NOT_FOUND",
        "{body}"
    );
    assert!(body.get("data").is_none(), "{body}");
}

const VIEWER: &str = "query Viewer { viewer { role } }";

#[tokio::test]
async fn unknown_hash_then_register_then_hash_only() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let hash = sha256(VIEWER);
    let expected = json!({ "data": { "viewer": { "role": "VIEWER" } } });

    // 1. Hash only: not found (POST and GET).
    let (status, body) = post(
        &app,
        &token,
        json!({ "operationName": "Viewer", "variables": {}, "extensions": persisted(&hash) }),
    )
    .await;
    assert_not_found(status, &body);
    let res = app
        .client
        .get(format!("{}/graphql", app.url))
        .query(&[
            ("operationName", "Viewer".to_owned()),
            ("variables", "{}".to_owned()),
            ("extensions", persisted(&hash).to_string()),
        ])
        .header("accept", APOLLO_ACCEPT)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    // A miss must not be cached by anything between: the same URL works once registered.
    assert_eq!(
        res.headers()["cache-control"],
        "private, no-cache, must-revalidate"
    );
    let status = res.status().as_u16();
    assert_not_found(status, &res.json().await.unwrap());

    // 2. Query and hash: runs and registers.
    let (status, body) = post(
        &app,
        &token,
        json!({ "query": VIEWER, "operationName": "Viewer", "variables": {}, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!((status, &body), (200, &expected));

    // 3. Hash only: runs, over POST and over GET.
    let (status, body) = post(
        &app,
        &token,
        json!({ "operationName": "Viewer", "variables": {}, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!((status, &body), (200, &expected));
    let (status, body) = get(
        &app,
        &token,
        &[
            ("operationName", "Viewer".into()),
            ("variables", "{}".into()),
            ("extensions", persisted(&hash).to_string()),
        ],
    )
    .await;
    assert_eq!((status, &body), (200, &expected));

    // Another workspace can run a document it knows the hash of: the hash names only text.
    let other = app.token("globex", Role::Admin);
    let (status, body) = post(&app, &other, json!({ "extensions": persisted(&hash) })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["viewer"]["role"], "ADMIN");
}

#[tokio::test]
async fn registering_over_get_as_apollo_use_get_for_queries_does() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let hash = sha256(VIEWER);
    let ext = persisted(&hash).to_string();
    let (status, body) = get(&app, &token, &[("extensions", ext.clone())]).await;
    assert_not_found(status, &body);
    let (status, body) = get(
        &app,
        &token,
        &[("query", VIEWER.into()), ("extensions", ext.clone())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(&app, &token, &[("extensions", ext)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["viewer"]["role"], "VIEWER");

    // A mutation registered over POST still cannot run by its hash over GET.
    let mutation = "mutation Del { deleteCase(id: \"00000000-0000-0000-0000-000000000000\") }";
    let mhash = sha256(mutation);
    let (status, _) = post(
        &app,
        &token,
        json!({ "query": mutation, "extensions": persisted(&mhash) }),
    )
    .await;
    assert_eq!(status, 200);
    let res = app
        .client
        .get(format!("{}/graphql", app.url))
        .query(&[("extensions", persisted(&mhash).to_string())])
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 405);
    assert_eq!(res.headers()["allow"], "POST");
}

#[tokio::test]
async fn a_wrong_hash_is_refused_and_not_registered() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let wrong = sha256("{ something { else } }");
    let (status, body) = post(
        &app,
        &token,
        json!({ "query": VIEWER, "extensions": persisted(&wrong) }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    let err = &body["errors"][0];
    assert_eq!(code(err), "BAD_USER_INPUT", "{body}");
    assert_eq!(
        err["extensions"]["field"],
        "extensions.persistedQuery.sha256Hash"
    );
    for hash in [wrong, sha256(VIEWER)] {
        let (status, body) = post(&app, &token, json!({ "extensions": persisted(&hash) })).await;
        assert_not_found(status, &body);
    }
    // A malformed extension.
    let (status, body) = post(
        &app,
        &token,
        json!({ "extensions": { "persistedQuery": { "version": 2, "sha256Hash": sha256(VIEWER) } } }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
}

#[tokio::test]
async fn hash_only_requests_pass_every_limit() {
    // Complexity counts `first`: 1 passes, 50 does not.
    let app = spawn_with(|args| {
        args.limits.max_complexity = 60;
        args.limits.rate_limit_subject = 1;
        args.limits.rate_limit_subject_burst = 4;
    })
    .await;
    let token = app.token("acme", Role::Viewer);
    let query = "query Page($n: Int!, $s: String) { cases(first: $n, filter: { search: $s }) { nodes { id name } } }";
    let hash = sha256(query);
    let (status, body) = post(
        &app,
        &token,
        json!({ "query": query, "variables": { "n": 1 }, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    // The same document by its hash, with variables that make it too costly.
    let (status, body) = post(
        &app,
        &token,
        json!({ "variables": { "n": 50 }, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED", "{body}");
    // Strings in variables are checked (QueryLimits): a NUL character.
    let (status, body) = post(
        &app,
        &token,
        json!({ "variables": { "n": 1, "s": "a\u{0}b" }, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
    // No token: refused before the registry is looked at.
    let res = app
        .client
        .post(format!("{}/graphql", app.url))
        .json(&json!({ "extensions": persisted(&hash) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
    // The rate limit counts hash-only requests: the fourth above was the last of the burst.
    let (status, body) = post(
        &app,
        &token,
        json!({ "variables": { "n": 1 }, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(
        &app,
        &token,
        json!({ "variables": { "n": 1 }, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED");
}

#[tokio::test]
async fn a_document_over_the_limits_is_not_registered() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let aliases: String = (0..40)
        .map(|i| format!("a{i}: viewer {{ role }} "))
        .collect();
    let query = format!("{{ {aliases} }}");
    let hash = sha256(&query);
    let (_, body) = post(
        &app,
        &token,
        json!({ "query": query, "extensions": persisted(&hash) }),
    )
    .await;
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED", "{body}");
    let (status, body) = post(&app, &token, json!({ "extensions": persisted(&hash) })).await;
    assert_not_found(status, &body);
}

#[tokio::test]
async fn the_registry_is_bounded_least_recently_used_first() {
    // Each entry costs its hash (64 bytes) and its text; room for two of these.
    let queries: Vec<String> = ["A", "B", "C"]
        .iter()
        .map(|n| format!("query {n} {{ viewer {{ role }} }}"))
        .collect();
    let entry = 64 + queries[0].len();
    let app = spawn_with(|args| args.limits.apq_cache_bytes = 2 * entry + entry / 2).await;
    let token = app.token("acme", Role::Viewer);
    let register = |q: &String| {
        let body = json!({ "query": q, "extensions": persisted(&sha256(q)) });
        post(&app, &token, body)
    };
    let run = |q: &String| post(&app, &token, json!({ "extensions": persisted(&sha256(q)) }));
    for q in &queries[..2] {
        assert_eq!(register(q).await.0, 200);
    }
    // Use A, so B is the least recently used; C then evicts B.
    assert_eq!(run(&queries[0]).await.0, 200);
    assert_eq!(register(&queries[2]).await.0, 200);
    let (status, body) = run(&queries[1]).await;
    assert_not_found(status, &body);
    for q in [&queries[0], &queries[2]] {
        let (status, body) = run(q).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["viewer"]["role"], "VIEWER");
    }
}

#[tokio::test]
async fn apq_can_be_turned_off() {
    let app = spawn_with(|args| args.limits.apq_cache_bytes = 0).await;
    let token = app.token("acme", Role::Viewer);
    let (status, body) = post(
        &app,
        &token,
        json!({ "extensions": persisted(&sha256(VIEWER)) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotSupported");
    assert_eq!(code(&body["errors"][0]), "PERSISTED_QUERY_NOT_SUPPORTED");
    // A full request still runs (Apollo's link sends one next).
    let (status, body) = post(
        &app,
        &token,
        json!({ "query": VIEWER, "extensions": persisted(&sha256(VIEWER)) }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["viewer"]["role"], "VIEWER");
}
