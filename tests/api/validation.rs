//! Bad input: the right code, the field at fault, and the database exactly as before.

use casegraph::domain::Role;
use sea_orm::{FromQueryResult, JsonValue, Statement};
use serde_json::{json, Value};

use crate::helpers::*;

const TABLES: &[&str] = &[
    "workspaces",
    "users",
    "cases",
    "case_tags",
    "companies",
    "individuals",
    "relations",
    "checks",
    "aml_hits",
    "risks",
    "case_reviews",
    "notes",
    "custom_property_definitions",
    "audit_events",
    "idempotency_keys",
    "case_templates",
    "alerts",
    "screening_results",
];

/// Every row of every table a write may touch, as JSON, in a stable order: a dump to
/// compare before and after a refused write.
pub async fn dump(app: &TestApp) -> Vec<(String, Vec<String>)> {
    let db = &app.state.db;
    let mut out = vec![];
    for t in TABLES {
        let stmt = Statement::from_string(db.get_database_backend(), format!("SELECT * FROM {t}"));
        let mut rows: Vec<String> = JsonValue::find_by_statement(stmt)
            .all(db)
            .await
            .unwrap()
            .iter()
            .map(Value::to_string)
            .collect();
        rows.sort();
        out.push(((*t).to_owned(), rows));
    }
    out
}

pub async fn refused(
    app: &TestApp,
    token: &str,
    query: &str,
    vars: Value,
    expected_code: &str,
    expected_field: Option<&str>,
) {
    let before = dump(app).await;
    let err = app.err(token, query, vars).await;
    assert_eq!(code(&err), expected_code, "{err}");
    if let Some(f) = expected_field {
        assert_eq!(err["extensions"]["field"], f, "{err}");
    }
    let text = err.to_string().to_lowercase();
    for leak in [
        "select ",
        "insert ",
        "update ",
        "sqlx",
        "sqlite",
        "postgres",
        "constraint",
        "panicked",
    ] {
        assert!(!text.contains(leak), "error leaks {leak:?}: {err}");
    }
    assert_eq!(
        dump(app).await,
        before,
        "the database changed after a refused write"
    );
}

#[tokio::test]
async fn bad_case_input_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let existing = create_case(&app, &token, kyb_case("Existing", Some("dup"))).await;

    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": { "name": "X", "type": "KYBB" } }),
        "BAD_USER_INPUT",
        Some("input.type"),
    )
    .await;
    let at_limit = "n".repeat(255);
    app.ok(
        &token,
        CREATE_CASE,
        json!({ "input": { "name": at_limit, "type": "KYC" } }),
    )
    .await;
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": { "name": "n".repeat(256), "type": "KYC" } }),
        "BAD_USER_INPUT",
        Some("input.name"),
    )
    .await;
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": { "name": "   ", "type": "KYC" } }),
        "BAD_USER_INPUT",
        Some("input.name"),
    )
    .await;
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": kyb_case("Dup", Some("dup")) }),
        "CONFLICT",
        Some("input.externalId"),
    )
    .await;
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": { "name": "M", "type": "KYC", "metadata": { "n": 1 } } }),
        "BAD_USER_INPUT",
        Some("input.metadata.n"),
    )
    .await;

    // A bad item deep in the nested graph refuses the whole case.
    let mut input = kyb_case("Nested", None);
    input["individuals"][1]["lastName"] = json!("x".repeat(41));
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": input }),
        "BAD_USER_INPUT",
        Some("input.individuals[1].lastName"),
    )
    .await;
    let mut input = kyb_case("Nested", None);
    input["checks"][0]["subjectRef"] = json!("nobody");
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": input }),
        "BAD_USER_INPUT",
        Some("input.checks[0].subjectRef"),
    )
    .await;
    let mut input = kyb_case("Nested", None);
    input["companies"][1]["isMain"] = json!(true);
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": input }),
        "BAD_USER_INPUT",
        Some("input.companies[1].isMain"),
    )
    .await;
    let mut input = kyb_case("Nested", None);
    input["companies"][0]["country"] = json!("France");
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": input }),
        "BAD_USER_INPUT",
        Some("input.companies[0].country"),
    )
    .await;
    let mut input = kyb_case("Nested", None);
    input["individuals"][1]["relations"][0]["ownershipPercentage"] = json!(100.5);
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": input }),
        "BAD_USER_INPUT",
        Some("input.individuals[1].relations[0].ownershipPercentage"),
    )
    .await;

    // Updates: a duplicate external id, a too-long name, a bad transition.
    let other = create_case(
        &app,
        &token,
        json!({ "name": "Other", "type": "KYC", "externalId": "other" }),
    )
    .await;
    let update = r#"mutation($id: ID!, $input: UpdateCaseInput!) { updateCase(id: $id, input: $input) { id } }"#;
    refused(
        &app,
        &token,
        update,
        json!({ "id": other, "input": { "externalId": "dup" } }),
        "CONFLICT",
        Some("input.externalId"),
    )
    .await;
    refused(
        &app,
        &token,
        update,
        json!({ "id": other, "input": { "name": "n".repeat(256) } }),
        "BAD_USER_INPUT",
        Some("input.name"),
    )
    .await;
    refused(
        &app,
        &token,
        update,
        json!({ "id": existing, "input": { "status": "CLOSED" } }),
        "INVALID_TRANSITION",
        None,
    )
    .await;
    refused(
        &app,
        &token,
        update,
        json!({ "id": "not-a-uuid", "input": { "name": "x" } }),
        "BAD_USER_INPUT",
        Some("id"),
    )
    .await;
    refused(
        &app,
        &token,
        update,
        json!({ "id": uuid::Uuid::new_v4(), "input": { "name": "x" } }),
        "NOT_FOUND",
        None,
    )
    .await;
}
