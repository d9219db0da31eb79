//! A workspace never sees another's rows: ids from elsewhere behave like ids that do not exist.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn another_workspace_sees_nothing_of_ours() {
    let app = spawn_app().await;
    let a = app.token("workspace-a", Role::Admin);
    let b = app.token("workspace-b", Role::Admin);
    let id = create_case(&app, &a, kyb_case("Secret Corp", Some("shared-ext"))).await;
    let graph = app.ok(&a, r#"query($id: ID!) { case(id: $id) { companies { id } individuals { id } checks { id } } }"#, json!({ "id": id })).await;
    let company = graph["case"]["companies"][0]["id"].clone();
    let person = graph["case"]["individuals"][0]["id"].clone();

    // Reads.
    let err = app
        .err(
            &b,
            r#"query($id: ID!) { case(id: $id) { id } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code(&err), "NOT_FOUND");
    let err = app
        .err(
            &b,
            r#"{ caseByExternalId(externalId: "shared-ext") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&err), "NOT_FOUND");
    let list = app.ok(&b, crate::nesting::GRAPH, json!({})).await;
    assert_eq!(list["cases"]["totalCount"], 0);
    assert_eq!(list["cases"]["edges"], json!([]));

    // Writes through foreign ids.
    for (q, vars) in [
        (
            r#"mutation($id: ID!) { updateCase(id: $id, input: { name: "x" }) { id } }"#,
            json!({ "id": id }),
        ),
        (
            r#"mutation($id: ID!) { deleteCase(id: $id) }"#,
            json!({ "id": id }),
        ),
        (
            r#"mutation($id: ID!) { createCompany(caseId: $id, input: { name: "x" }) { id } }"#,
            json!({ "id": id }),
        ),
        (
            r#"mutation($id: ID!) { createCheck(caseId: $id, input: { type: AML }) { id } }"#,
            json!({ "id": id }),
        ),
        (
            r#"mutation($p: ID!) { createRelation(input: { fromIndividualId: $p }) { id } }"#,
            json!({ "p": person }),
        ),
        (
            r#"mutation($c: ID!) { createRelation(input: { fromCompanyId: $c }) { id } }"#,
            json!({ "c": company }),
        ),
    ] {
        let err = app.err(&b, q, vars).await;
        assert_eq!(code(&err), "NOT_FOUND", "{q}");
    }

    // B's own case cannot point at A's entities either.
    let mine = create_case(&app, &b, json!({ "name": "Mine", "type": "KYB", "companies": [{ "name": "Mine SAS", "isMain": true }] })).await;
    let err = app.err(&b, r#"mutation($id: ID!, $p: ID!) { createCheck(caseId: $id, input: { type: AML, subjectIndividualId: $p }) { id } }"#, json!({ "id": mine, "p": person })).await;
    assert_eq!(code(&err), "BAD_USER_INPUT");

    // And A's case is untouched.
    let c = app
        .ok(
            &a,
            r#"query($id: ID!) { case(id: $id) { name version } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(c["case"], json!({ "name": "Secret Corp", "version": 1 }));
}

#[tokio::test]
async fn nested_fields_stay_within_the_workspace_even_for_shared_parents() {
    // Same external id in two workspaces: each sees only its own case and children.
    let app = spawn_app().await;
    let a = app.token("wa", Role::Analyst);
    let b = app.token("wb", Role::Analyst);
    create_case(&app, &a, kyb_case("Alpha", Some("same"))).await;
    create_case(
        &app,
        &b,
        json!({ "name": "Beta", "type": "KYC", "externalId": "same" }),
    )
    .await;
    let d = app.ok(&b, r#"{ caseByExternalId(externalId: "same") { name companies { id } checks { id } auditTrail(first: 100) { nodes { seq } } } }"#, json!({})).await;
    assert_eq!(d["caseByExternalId"]["name"], "Beta");
    assert_eq!(d["caseByExternalId"]["companies"], json!([]));
    assert_eq!(d["caseByExternalId"]["checks"], json!([]));
    assert_eq!(
        d["caseByExternalId"]["auditTrail"]["nodes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
