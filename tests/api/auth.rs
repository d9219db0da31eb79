//! Tokens: missing, expired, wrongly signed or algorithm-swapped → UNAUTHENTICATED;
//! roles → FORBIDDEN.

use base64::Engine;
use casegraph::auth::TokenKeys;
use casegraph::config::Secret;
use casegraph::domain::Role;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::json;

use crate::helpers::*;

fn claims(exp_offset: i64) -> serde_json::Value {
    json!({ "sub": "mallory", "workspace_id": "acme", "role": "admin", "exp": chrono::Utc::now().timestamp() + exp_offset })
}

#[tokio::test]
async fn bad_tokens_are_refused() {
    let app = spawn_app().await;
    let b64 = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let hs = |alg: Algorithm, secret: &str, c: &serde_json::Value| {
        encode(
            &Header::new(alg),
            c,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    };
    let cases = [
        ("expired", hs(Algorithm::HS256, SECRET, &claims(-3600))),
        (
            "wrong secret",
            hs(
                Algorithm::HS256,
                "another-secret-entirely-0123456789",
                &claims(3600),
            ),
        ),
        (
            "HS512 instead of HS256",
            hs(Algorithm::HS512, SECRET, &claims(3600)),
        ),
        (
            "alg none",
            format!(
                "{}.{}.",
                b64(&json!({ "alg": "none", "typ": "JWT" })),
                b64(&claims(3600))
            ),
        ),
        (
            "no exp",
            hs(
                Algorithm::HS256,
                SECRET,
                &json!({ "sub": "m", "workspace_id": "acme", "role": "admin" }),
            ),
        ),
        (
            "unknown role",
            hs(
                Algorithm::HS256,
                SECRET,
                &json!({ "sub": "m", "workspace_id": "acme", "role": "root", "exp": chrono::Utc::now().timestamp() + 60 }),
            ),
        ),
        (
            "bad workspace",
            hs(
                Algorithm::HS256,
                SECRET,
                &json!({ "sub": "m", "workspace_id": "a b", "role": "admin", "exp": chrono::Utc::now().timestamp() + 60 }),
            ),
        ),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (what, token) in cases {
        let (status, body) = app
            .post(Some(&token), "{ viewer { role } }", json!({}))
            .await;
        assert_eq!(status, 401, "{what}: {body}");
        assert_eq!(code(&body["errors"][0]), "UNAUTHENTICATED", "{what}");
    }
    let (status, body) = app.post(None, "{ viewer { role } }", json!({})).await;
    assert_eq!((status, code(&body["errors"][0])), (401, "UNAUTHENTICATED"));
    // Nothing was created for the refused callers.
    let ok = app
        .ok(
            &app.token("acme", Role::Admin),
            "{ viewer { user { subject } } }",
            json!({}),
        )
        .await;
    assert_eq!(ok["viewer"]["user"]["subject"], "admin-user");
}

#[tokio::test]
async fn issuer_and_audience_are_required_when_configured() {
    let app = spawn_with(|a| {
        a.jwt.issuer = Some("https://idp.example".into());
        a.jwt.audience = Some("casegraph".into());
    })
    .await;
    let good = TokenKeys::new(
        &Secret::new(SECRET.into()),
        Some("https://idp.example".into()),
        Some("casegraph".into()),
    );
    let token = good.mint("acme", Role::Viewer, "v", 1).unwrap();
    app.ok(&token, "{ viewer { role } }", json!({})).await;
    let (status, _) = app
        .post(
            Some(&app.token("acme", Role::Viewer)),
            "{ viewer { role } }",
            json!({}),
        )
        .await;
    assert_eq!(status, 401, "a token without iss/aud is refused");
    let other = TokenKeys::new(
        &Secret::new(SECRET.into()),
        Some("https://evil.example".into()),
        Some("casegraph".into()),
    );
    let (status, _) = app
        .post(
            Some(&other.mint("acme", Role::Viewer, "v", 1).unwrap()),
            "{ viewer { role } }",
            json!({}),
        )
        .await;
    assert_eq!(status, 401, "a foreign issuer is refused");
}

#[tokio::test]
async fn roles_limit_mutations() {
    let app = spawn_app().await;
    let viewer = app.token("acme", Role::Viewer);
    let err = app
        .err(
            &viewer,
            CREATE_CASE,
            json!({ "input": { "name": "X", "type": "KYC" } }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    let list = app.ok(&viewer, "{ cases { totalCount } }", json!({})).await;
    assert_eq!(
        list["cases"]["totalCount"], 0,
        "the refused mutation wrote nothing"
    );
    // Viewers read; integrations write cases.
    let integration = app.token("acme", Role::Integration);
    let id = create_case(
        &app,
        &integration,
        json!({ "name": "Partner case", "type": "KYC" }),
    )
    .await;
    let c = app
        .ok(
            &viewer,
            r#"query($id: ID!) { case(id: $id) { name auditTrail(first: 100) { nodes { actorType } } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(c["case"]["auditTrail"]["nodes"][0]["actorType"], "API");
    let err = app
        .err(
            &viewer,
            r#"mutation($id: ID!) { deleteCase(id: $id) }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
}
