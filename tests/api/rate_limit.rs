//! Rate limits per token subject and per workspace: 429 with `LIMIT_EXCEEDED`,
//! `extensions.retryAfter` and a `Retry-After` header; other callers unaffected.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;

/// POSTs a small query as `token`; status, `Retry-After` header and body.
async fn call(app: &TestApp, token: &str) -> (u16, Option<String>, Value) {
    let res = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(token)
        .json(&json!({ "query": "{ viewer { role } }" }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let retry_after = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, retry_after, res.json().await.unwrap())
}

fn assert_limited(status: u16, retry_after: Option<String>, body: &Value) {
    assert_eq!(status, 429, "{body}");
    let err = &body["errors"][0];
    assert_eq!(code(err), "LIMIT_EXCEEDED", "{body}");
    let secs = err["extensions"]["retryAfter"]
        .as_u64()
        .expect("retryAfter");
    assert!((1..=2).contains(&secs), "{body}");
    assert_eq!(retry_after, Some(secs.to_string()));
    assert!(body.get("data").is_none());
}

fn mint(app: &TestApp, workspace: &str, sub: &str) -> String {
    casegraph::auth::TokenKeys::new(&casegraph::config::Secret::new(SECRET.into()), None, None)
        .mint(workspace, Role::Viewer, sub, 1)
        .unwrap_or_else(|e| panic!("{e:?} {}", app.url))
}

#[tokio::test]
async fn a_subject_is_refused_once_its_bucket_is_empty() {
    // One request a second, three at once: the fourth in a row is refused.
    let app = spawn_with(|args| {
        args.limits.rate_limit_subject = 1;
        args.limits.rate_limit_subject_burst = 3;
    })
    .await;
    let ann = mint(&app, "acme", "ann");
    for _ in 0..3 {
        let (status, _, body) = call(&app, &ann).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, retry_after, body) = call(&app, &ann).await;
    assert_limited(status, retry_after, &body);
    // Another subject of the same workspace, and another workspace, still pass.
    let (status, _, _) = call(&app, &mint(&app, "acme", "bob")).await;
    assert_eq!(status, 200);
    let (status, _, _) = call(&app, &mint(&app, "globex", "ann")).await;
    assert_eq!(status, 200);
    // After the advertised wait, the subject passes again.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (status, _, body) = call(&app, &ann).await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_workspace_bucket_is_shared_by_its_subjects() {
    let app = spawn_with(|args| {
        args.limits.rate_limit_subject = 0;
        args.limits.rate_limit_workspace = 1;
        args.limits.rate_limit_workspace_burst = 4;
    })
    .await;
    let ann = mint(&app, "acme", "ann");
    let bob = mint(&app, "acme", "bob");
    for token in [&ann, &bob, &ann, &bob] {
        let (status, _, body) = call(&app, token).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, retry_after, body) = call(&app, &bob).await;
    assert_limited(status, retry_after, &body);
    let (status, retry_after, body) = call(&app, &ann).await;
    assert_limited(status, retry_after, &body);
    // Other workspaces are not touched.
    for _ in 0..4 {
        let (status, _, body) = call(&app, &mint(&app, "globex", "ann")).await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn zero_turns_the_limits_off() {
    let app = spawn_with(|args| {
        args.limits.rate_limit_subject = 0;
        args.limits.rate_limit_subject_burst = 1;
        args.limits.rate_limit_workspace = 0;
        args.limits.rate_limit_workspace_burst = 1;
    })
    .await;
    let ann = mint(&app, "acme", "ann");
    for _ in 0..20 {
        let (status, _, body) = call(&app, &ann).await;
        assert_eq!(status, 200, "{body}");
    }
}
