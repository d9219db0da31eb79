//! HTTP details every route shares: the request id on every response, and CORS (off unless
//! origins are configured, then for those origins only).

use casegraph::domain::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn every_response_has_a_request_id() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let base = &app.url;
    let requests = [
        app.client.get(format!("{base}/healthz")),
        app.client.get(format!("{base}/readyz")),
        app.client.get(format!("{base}/metrics")),
        app.client.get(format!("{base}/nowhere")),
        app.client.delete(format!("{base}/graphql")),
        app.client
            .get(format!("{base}/graphql"))
            .header("accept", "text/html"),
        app.client
            .get(format!("{base}/graphql?query=%7Bviewer%7Brole%7D%7D"))
            .bearer_auth(&token),
        app.client
            .post(format!("{base}/graphql"))
            .bearer_auth(&token)
            .json(&json!({ "query": "{ viewer { role } }" })),
        app.client.post(format!("{base}/graphql")).body("not json"),
    ];
    let mut ids = std::collections::HashSet::new();
    for request in requests {
        let res = request.send().await.unwrap();
        let status = res.status();
        let id = res
            .headers()
            .get("x-request-id")
            .unwrap_or_else(|| panic!("no x-request-id on a {status} answer"))
            .to_str()
            .unwrap()
            .to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
        ids.insert(id);
    }
    assert_eq!(ids.len(), 9, "each response has its own id");

    // A sane id from the caller comes back as it is, on any route; a bad one is replaced.
    let res = app
        .client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "trace-42_a")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-42_a");
    let res = app
        .client
        .get(format!("{base}/healthz"))
        .header("x-request-id", "a b\"<script>")
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
}

/// A browser's preflight for a cross-origin `POST /graphql` with a token.
async fn preflight(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, format!("{}/graphql", app.url))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .send()
        .await
        .unwrap()
}

/// A browser's cross-origin query, once allowed (or not checked).
async fn query_from(app: &TestApp, origin: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/graphql", app.url))
        .header("origin", origin)
        .bearer_auth(app.token("acme", Role::Viewer))
        .json(&json!({ "query": "{ viewer { role } }" }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn cors_is_off_by_default() {
    let app = spawn_app().await;
    let res = preflight(&app, "https://app.example.com").await;
    assert!(!res.status().is_success(), "{}", res.status());
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let res = query_from(&app, "https://app.example.com").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn cors_allows_the_configured_origins_only() {
    let app = spawn_with(|args| {
        args.cors_allowed_origins = vec![
            "https://app.example.com".parse().unwrap(),
            "http://localhost:5173".parse().unwrap(),
        ];
    })
    .await;
    for origin in ["https://app.example.com", "http://localhost:5173"] {
        let res = preflight(&app, origin).await;
        assert!(res.status().is_success(), "{}", res.status());
        let h = res.headers();
        assert_eq!(h["access-control-allow-origin"], origin);
        let methods = h["access-control-allow-methods"].to_str().unwrap();
        assert!(
            methods.contains("POST") && methods.contains("GET"),
            "{methods}"
        );
        let headers = h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase();
        assert!(
            headers.contains("authorization") && headers.contains("content-type"),
            "{headers}"
        );
    }
    // Another origin (even one that only differs by scheme or port) gets no grant.
    for origin in [
        "https://evil.example.com",
        "http://app.example.com",
        "http://localhost:5174",
    ] {
        let res = preflight(&app, origin).await;
        assert!(
            res.headers().get("access-control-allow-origin").is_none(),
            "{origin} was allowed"
        );
    }
    // The actual request from an allowed origin: allowed, and its request id readable.
    let res = query_from(&app, "https://app.example.com").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let exposed = res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(exposed.contains("x-request-id"), "{exposed}");
}
