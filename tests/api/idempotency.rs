//! Idempotency keys: a retry returns what the first call created, a changed payload is
//! `CONFLICT`, concurrent first requests with one key run once, keys expire.

use casegraph::domain::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

use crate::helpers::*;

const KEYED: &str = "mutation($input: CreateCaseInput!, $key: String) { \
    createCase(input: $input, idempotencyKey: $key) { id version } }";

#[tokio::test]
async fn a_retried_create_case_returns_the_first_case_with_its_own_selection() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let vars = json!({ "input": kyb_case("Acme", Some("ext-1")), "key": "k-1" });
    let first = app.ok(&t, KEYED, vars.clone()).await;
    let id = first["createCase"]["id"].as_str().unwrap().to_owned();
    // The retry asks for other fields: the selection is not part of the fingerprint.
    let retry = app
        .ok(
            &t,
            "mutation($input: CreateCaseInput!, $key: String) { \
             createCase(idempotencyKey: $key, input: $input) { id name externalId companies { name } } }",
            vars,
        )
        .await;
    assert_eq!(retry["createCase"]["id"], id.as_str());
    assert_eq!(retry["createCase"]["externalId"], "ext-1");
    assert_eq!(
        retry["createCase"]["companies"].as_array().unwrap().len(),
        2
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
}

#[tokio::test]
async fn the_same_key_with_another_payload_is_a_conflict() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    app.ok(
        &t,
        KEYED,
        json!({ "input": kyb_case("Acme", None), "key": "k" }),
    )
    .await;
    let err = app
        .err(
            &t,
            KEYED,
            json!({ "input": kyb_case("Other", None), "key": "k" }),
        )
        .await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
    assert_eq!(err["extensions"]["field"], "idempotencyKey");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
}

#[tokio::test]
async fn keys_are_scoped_by_workspace_and_mutation() {
    let app = spawn_app().await;
    let a = app.token("ws-a", Role::Analyst);
    let b = app.token("ws-b", Role::Analyst);
    let vars = json!({ "input": kyb_case("Acme", None), "key": "shared" });
    let one = app.ok(&a, KEYED, vars.clone()).await;
    let two = app.ok(&b, KEYED, vars).await;
    assert_ne!(one["createCase"]["id"], two["createCase"]["id"]);
    // Another mutation may use the same key.
    let case_id = one["createCase"]["id"].as_str().unwrap();
    let push = "mutation($id: ID!, $key: String) { pushAutomaticRisk(caseId: $id, \
                input: { level: HIGH, score: 70 }, idempotencyKey: $key) { id level } }";
    app.ok(&a, push, json!({ "id": case_id, "key": "shared" }))
        .await;
}

#[tokio::test]
async fn a_bad_key_is_refused() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let err = app
        .err(
            &t,
            KEYED,
            json!({ "input": kyb_case("Acme", None), "key": "x".repeat(256) }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    assert_eq!(err["extensions"]["field"], "idempotencyKey");
}

#[tokio::test]
async fn ten_concurrent_first_requests_with_one_key_create_one_case() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let vars = json!({ "input": kyb_case("Acme", None), "key": "race" });
    let answers =
        futures::future::join_all((0..10).map(|_| app.post(Some(&t), KEYED, vars.clone()))).await;
    let ids: Vec<Value> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200, "{body}");
            assert!(body.get("errors").is_none(), "{body}");
            body["data"]["createCase"]["id"].clone()
        })
        .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM idempotency_keys").await,
        1
    );
}

#[tokio::test]
async fn a_refused_first_call_leaves_the_key_free() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let mut bad = kyb_case("Acme", None);
    bad["checks"][0]["subjectRef"] = json!("nobody");
    let vars = json!({ "input": bad, "key": "k" });
    let err = app.err(&t, KEYED, vars).await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    app.ok(
        &t,
        KEYED,
        json!({ "input": kyb_case("Acme", None), "key": "k" }),
    )
    .await;
}

#[tokio::test]
async fn an_expired_key_runs_the_request_again() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let vars = json!({ "input": kyb_case("Acme", None), "key": "old" });
    let first = app.ok(&t, KEYED, vars.clone()).await;
    let db = &app.state.db;
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "UPDATE idempotency_keys SET created_at = '2020-01-01T00:00:00Z'",
    ))
    .await
    .unwrap();
    let again = app.ok(&t, KEYED, vars).await;
    assert_ne!(first["createCase"]["id"], again["createCase"]["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 2);
}

#[tokio::test]
async fn a_retried_risk_push_returns_the_first_risk() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let case_id = create_case(&app, &t, kyb_case("Acme", None)).await;
    let push =
        "mutation($id: ID!, $key: String, $level: RiskLevel!) { pushAutomaticRisk(caseId: $id, \
                input: { level: $level }, idempotencyKey: $key) { id level } }";
    let first = app
        .ok(
            &t,
            push,
            json!({ "id": case_id, "key": "r1", "level": "HIGH" }),
        )
        .await;
    app.ok(
        &t,
        push,
        json!({ "id": case_id, "key": "r2", "level": "LOW" }),
    )
    .await;
    let retry = app
        .ok(
            &t,
            push,
            json!({ "id": case_id, "key": "r1", "level": "HIGH" }),
        )
        .await;
    assert_eq!(
        first["pushAutomaticRisk"]["id"],
        retry["pushAutomaticRisk"]["id"]
    );
    assert_eq!(retry["pushAutomaticRisk"]["level"], "HIGH");
    let err = app
        .err(
            &t,
            push,
            json!({ "id": case_id, "key": "r1", "level": "LOW" }),
        )
        .await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
}
