//! JWT keys and claims over HTTP (SPEC §2): 30 s of leeway, `kid` selects a JWKS key and an
//! unknown one is refused, `aud` arrays, RS256/ES256 from a PEM file or a JWKS, one
//! algorithm per key, and a JWKS rotated by rewriting its file. Tokens are signed here with
//! the test-only keys in tests/fixtures/jwt.

use std::path::PathBuf;

use casegraph::config::{JwtAlgorithm, ServeArgs};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};

use crate::helpers::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/jwt")
        .join(format!("test-only-{name}"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// The signing key of a test-only private key fixture (`rsa-a`, `rsa-b`, `ec-a`).
fn private_key(name: &str) -> EncodingKey {
    let pem = read(&format!("{name}.key.pem"));
    if name.starts_with("rsa") {
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(&pem).unwrap();
        EncodingKey::from_rsa_der(key.to_pkcs1_der().unwrap().as_bytes())
    } else {
        let key = p256::SecretKey::from_pkcs8_pem(&pem).unwrap();
        EncodingKey::from_ec_der(key.to_pkcs8_der().unwrap().as_bytes())
    }
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The public JWK of a key fixture, with `kid` and the `extra` members (e.g. `alg`).
fn jwk(name: &str, kid: &str, extra: Value) -> Value {
    let pem = read(&format!("{name}.pub.pem"));
    let mut jwk = if name.starts_with("rsa") {
        let key = rsa::RsaPublicKey::from_public_key_pem(&pem).unwrap();
        json!({ "kty": "RSA", "n": b64(&key.n().to_bytes_be()), "e": b64(&key.e().to_bytes_be()) })
    } else {
        let key = p256::PublicKey::from_public_key_pem(&pem).unwrap();
        let point = key.to_encoded_point(false);
        json!({ "kty": "EC", "crv": "P-256", "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap()) })
    };
    jwk["kid"] = json!(kid);
    jwk.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    jwk
}

/// Claims for an admin of `acme`, expiring `exp_offset` seconds from now, plus `extra`.
fn claims(exp_offset: i64, extra: Value) -> Value {
    let mut c = json!({
        "sub": "jwt-user", "workspace_id": "acme", "role": "admin",
        "exp": chrono::Utc::now().timestamp() + exp_offset,
    });
    c.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    c
}

fn sign(alg: Algorithm, kid: Option<&str>, key: &EncodingKey, claims: &Value) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    encode(&header, claims, key).unwrap()
}

fn hs256(kid: Option<&str>, claims: &Value) -> String {
    sign(
        Algorithm::HS256,
        kid,
        &EncodingKey::from_secret(SECRET.as_bytes()),
        claims,
    )
}

fn rs256(name: &str, kid: Option<&str>) -> String {
    sign(
        Algorithm::RS256,
        kid,
        &private_key(name),
        &claims(600, json!({})),
    )
}

fn es256(name: &str, kid: Option<&str>) -> String {
    sign(
        Algorithm::ES256,
        kid,
        &private_key(name),
        &claims(600, json!({})),
    )
}

/// Asserts that the server accepts `token` (`what` names the case in failures).
async fn accepted(app: &TestApp, what: &str, token: &str) {
    let (status, body) = app
        .post(Some(token), "{ viewer { role } }", json!({}))
        .await;
    assert_eq!(status, 200, "{what}: {body}");
    assert_eq!(body["data"]["viewer"]["role"], "ADMIN", "{what}: {body}");
}

/// Asserts that the server refuses `token` with 401 and `UNAUTHENTICATED`.
async fn refused(app: &TestApp, what: &str, token: &str) {
    let (status, body) = app
        .post(Some(token), "{ viewer { role } }", json!({}))
        .await;
    assert_eq!(status, 401, "{what}: {body}");
    assert_eq!(
        code(&body["errors"][0]),
        "UNAUTHENTICATED",
        "{what}: {body}"
    );
}

/// A JWKS file of the test, removed when it ends.
struct JwksFile(PathBuf);

impl JwksFile {
    fn new(keys: Vec<Value>) -> Self {
        let path =
            std::env::temp_dir().join(format!("casegraph-jwks-{}.json", uuid::Uuid::new_v4()));
        let file = Self(path);
        file.write(&json!({ "keys": keys }).to_string());
        file
    }

    fn write(&self, text: &str) {
        std::fs::write(&self.0, text).unwrap();
    }
}

impl Drop for JwksFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn public_key(args: &mut ServeArgs, name: &str, algorithm: JwtAlgorithm) {
    args.jwt.public_key_file = Some(fixture(&format!("{name}.pub.pem")));
    args.jwt.algorithm = Some(algorithm);
}

#[tokio::test]
async fn expiry_has_thirty_seconds_of_leeway() {
    let app = spawn_app().await;
    accepted(
        &app,
        "expired 20 s ago",
        &hs256(None, &claims(-20, json!({}))),
    )
    .await;
    refused(
        &app,
        "expired 45 s ago",
        &hs256(None, &claims(-45, json!({}))),
    )
    .await;
    let now = chrono::Utc::now().timestamp();
    refused(
        &app,
        "not valid for 45 s",
        &hs256(None, &claims(600, json!({ "nbf": now + 45 }))),
    )
    .await;
}

#[tokio::test]
async fn an_unknown_kid_is_refused_beside_a_secret() {
    let app = spawn_app().await;
    accepted(&app, "no kid", &hs256(None, &claims(600, json!({})))).await;
    refused(
        &app,
        "kid no key has",
        &hs256(Some("k-1"), &claims(600, json!({}))),
    )
    .await;
}

#[tokio::test]
async fn an_audience_array_holding_ours_is_accepted() {
    let app = spawn_with(|a| a.jwt.audience = Some("casegraph".into())).await;
    let token = |aud: Value| hs256(None, &claims(600, json!({ "aud": aud })));
    accepted(&app, "aud string", &token(json!("casegraph"))).await;
    accepted(&app, "aud array", &token(json!(["crm", "casegraph"]))).await;
    refused(
        &app,
        "aud array without ours",
        &token(json!(["crm", "billing"])),
    )
    .await;
    refused(&app, "no aud", &hs256(None, &claims(600, json!({})))).await;
}

#[tokio::test]
async fn rs256_from_a_pem_file() {
    let app = spawn_with(|a| {
        a.jwt.secret = None;
        public_key(a, "rsa-a", JwtAlgorithm::Rs256);
    })
    .await;
    accepted(&app, "RS256 by the key", &rs256("rsa-a", None)).await;
    refused(&app, "RS256 by another key", &rs256("rsa-b", None)).await;
    refused(&app, "ES256", &es256("ec-a", None)).await;
    refused(&app, "a kid, and no JWKS", &rs256("rsa-a", Some("rsa-a"))).await;
    // No secret is configured: HS256 has no key, even one made of the public key's bytes.
    refused(&app, "HS256", &hs256(None, &claims(600, json!({})))).await;
    let confused = sign(
        Algorithm::HS256,
        None,
        &EncodingKey::from_secret(read("rsa-a.pub.pem").as_bytes()),
        &claims(600, json!({})),
    );
    refused(&app, "HS256 keyed with the public key", &confused).await;
}

#[tokio::test]
async fn es256_from_a_pem_file_beside_a_secret() {
    let app = spawn_with(|a| public_key(a, "ec-a", JwtAlgorithm::Es256)).await;
    accepted(&app, "ES256 by the key", &es256("ec-a", None)).await;
    accepted(
        &app,
        "HS256 by the secret",
        &app.token("acme", casegraph::domain::Role::Admin),
    )
    .await;
    refused(&app, "RS256", &rs256("rsa-a", None)).await;
    let expired = sign(
        Algorithm::ES256,
        None,
        &private_key("ec-a"),
        &claims(-45, json!({})),
    );
    refused(&app, "ES256 expired 45 s ago", &expired).await;
}

#[tokio::test]
async fn a_jwks_kid_selects_a_key_of_one_algorithm() {
    let jwks = JwksFile::new(vec![
        jwk("rsa-a", "rsa-1", json!({ "alg": "RS256", "use": "sig" })),
        jwk("ec-a", "ec-1", json!({})),
    ]);
    let app = spawn_with(|a| a.jwt.jwks_file = Some(jwks.0.clone())).await;
    accepted(&app, "RS256, kid rsa-1", &rs256("rsa-a", Some("rsa-1"))).await;
    accepted(
        &app,
        "ES256, kid ec-1 (alg from kty/crv)",
        &es256("ec-a", Some("ec-1")),
    )
    .await;
    accepted(
        &app,
        "HS256 without kid, by the secret",
        &hs256(None, &claims(600, json!({}))),
    )
    .await;
    refused(&app, "unknown kid", &rs256("rsa-a", Some("rsa-2"))).await;
    refused(
        &app,
        "RS256 under an ES256 kid",
        &rs256("rsa-a", Some("ec-1")),
    )
    .await;
    refused(
        &app,
        "ES256 under an RS256 kid",
        &es256("ec-a", Some("rsa-1")),
    )
    .await;
    refused(&app, "RS256 by another key", &rs256("rsa-b", Some("rsa-1"))).await;
    refused(
        &app,
        "HS256 under a JWKS kid",
        &hs256(Some("rsa-1"), &claims(600, json!({}))),
    )
    .await;
    refused(&app, "RS256 without kid, no PEM key", &rs256("rsa-a", None)).await;
}

#[tokio::test]
async fn a_rewritten_jwks_file_rotates_keys_without_a_restart() {
    let jwks = JwksFile::new(vec![jwk("rsa-a", "2025-a", json!({ "alg": "RS256" }))]);
    let app = spawn_with(|a| {
        a.jwt.secret = None;
        a.jwt.jwks_file = Some(jwks.0.clone());
    })
    .await;
    accepted(&app, "old key", &rs256("rsa-a", Some("2025-a"))).await;
    refused(
        &app,
        "new key, not yet published",
        &rs256("rsa-b", Some("2025-b")),
    )
    .await;

    // Rotate: the new key's first token is accepted at once; the old key is gone.
    jwks.write(&json!({ "keys": [jwk("rsa-b", "2025-b", json!({ "alg": "RS256" }))] }).to_string());
    accepted(
        &app,
        "new key after rotation",
        &rs256("rsa-b", Some("2025-b")),
    )
    .await;
    refused(
        &app,
        "old key after rotation",
        &rs256("rsa-a", Some("2025-a")),
    )
    .await;

    // A file caught half written keeps the keys in force; the completed file is taken.
    jwks.write("{\"keys\": [");
    refused(
        &app,
        "unknown kid looks at the broken file",
        &rs256("rsa-a", Some("2025-a")),
    )
    .await;
    accepted(
        &app,
        "keys kept over a broken file",
        &rs256("rsa-b", Some("2025-b")),
    )
    .await;
    jwks.write(
        &json!({ "keys": [
            jwk("rsa-b", "2025-b", json!({ "alg": "RS256" })),
            jwk("ec-a", "2025-c", json!({ "alg": "ES256" })),
        ]})
        .to_string(),
    );
    accepted(&app, "key added", &es256("ec-a", Some("2025-c"))).await;
    accepted(&app, "key kept", &rs256("rsa-b", Some("2025-b"))).await;
}
