//! Strings at the edge: NUL characters and unbounded lengths get `BAD_USER_INPUT` naming the
//! field, the same on SQLite and PostgreSQL (which would refuse NUL with an internal error),
//! and nothing is written.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;
use crate::validation::refused;

#[tokio::test]
async fn nul_characters_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Nul", Some("nul"))).await;

    // In the query text, as a GraphQL string escape.
    refused(
        &app,
        &token,
        r#"{ caseByExternalId(externalId: "a\u0000b") { id } }"#,
        json!({}),
        "BAD_USER_INPUT",
        Some("externalId"),
    )
    .await;
    // In a variable.
    refused(
        &app,
        &token,
        "query($x: String!) { caseByExternalId(externalId: $x) { id } }",
        json!({ "x": "a\u{0}b" }),
        "BAD_USER_INPUT",
        Some("externalId"),
    )
    .await;
    // Deep in a check's provider payload.
    refused(
        &app,
        &token,
        "mutation($c: ID!, $i: CheckInput!) { createCheck(caseId: $c, input: $i) { id } }",
        json!({ "c": case_id, "i": { "type": "CUSTOM", "data": { "provider": { "raw": ["ok", "x\u{0}"] } } } }),
        "BAD_USER_INPUT",
        Some("input.data.provider.raw[1]"),
    )
    .await;
    // In the key of a risk's components.
    refused(
        &app,
        &token,
        "mutation($c: ID!, $i: AutomaticRiskInput!) { pushAutomaticRisk(caseId: $c, input: $i) { id } }",
        json!({ "c": case_id, "i": { "level": "HIGH", "components": { "pep\u{0}": 1 } } }),
        "BAD_USER_INPUT",
        Some("input.components"),
    )
    .await;
    // In a search filter.
    refused(
        &app,
        &token,
        "query($f: CaseFilter) { cases(filter: $f) { totalCount } }",
        json!({ "f": { "search": "\u{0}" } }),
        "BAD_USER_INPUT",
        Some("filter.search"),
    )
    .await;
    // A case name.
    refused(
        &app,
        &token,
        CREATE_CASE,
        json!({ "input": { "name": "Nul\u{0}Co" } }),
        "BAD_USER_INPUT",
        Some("input.name"),
    )
    .await;
    // The same text without the NUL works.
    app.ok(
        &token,
        "query($f: CaseFilter) { cases(filter: $f) { totalCount } }",
        json!({ "f": { "search": "nul" } }),
    )
    .await;
}

#[tokio::test]
async fn strings_have_length_limits() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Long", None)).await;
    let search = "query($f: CaseFilter) { cases(filter: $f) { totalCount } }";

    // 200,000 characters: refused at the edge (SQLite said "LIKE pattern too complex").
    refused(
        &app,
        &token,
        search,
        json!({ "f": { "search": "a".repeat(200_000) } }),
        "BAD_USER_INPUT",
        Some("filter.search"),
    )
    .await;
    // A search is at most 255 characters, like the names and external ids it matches.
    app.ok(
        &token,
        search,
        json!({ "f": { "search": "é".repeat(255) } }),
    )
    .await;
    refused(
        &app,
        &token,
        search,
        json!({ "f": { "search": "a".repeat(256) } }),
        "BAD_USER_INPUT",
        Some("filter.search"),
    )
    .await;
    // Any other string: 10,000 characters at most (fields with a domain limit have less).
    let note = "mutation($c: ID!, $b: String!) { addNote(caseId: $c, body: $b) { id } }";
    app.ok(
        &token,
        note,
        json!({ "c": case_id, "b": "n".repeat(10_000) }),
    )
    .await;
    refused(
        &app,
        &token,
        note,
        json!({ "c": case_id, "b": "n".repeat(10_001) }),
        "BAD_USER_INPUT",
        Some("body"),
    )
    .await;
}
