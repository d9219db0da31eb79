//! Relay: every object with an id implements `Node`, and `node(id:)` refetches it within
//! the caller's workspace.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;

const REFETCH: &str = r#"query($id: ID!) { node(id: $id) { __typename id
  ... on Case { name } ... on Company { name } ... on Individual { firstName }
  ... on Relation { roles } ... on Check { status } ... on AmlHit { name }
  ... on Note { body } ... on Risk { level } ... on CaseReview { status }
  ... on Alert { type } ... on AuditEvent { seq } ... on User { subject }
  ... on CustomPropertyDefinition { key } } }"#;

/// Creates one object of every kind and returns (typename, id, a field that tells it).
async fn one_of_each(app: &TestApp, admin: &str) -> Vec<(&'static str, String, Value)> {
    let mut input = kyb_case("Refetch", None);
    input["checks"][1]["amlHits"] =
        json!([{ "name": "J. Doe", "listTypes": ["SANCTION"], "score": 91 }]);
    let id = create_case(app, admin, input).await;
    let note = app
        .ok(
            admin,
            r#"mutation($c: ID!) { addNote(caseId: $c, body: "hello") { id } }"#,
            json!({ "c": id }),
        )
        .await["addNote"]["id"]
        .clone();
    let risk = app
        .ok(admin, r#"mutation($c: ID!) { setManualRisk(caseId: $c, input: { level: HIGH, comment: "x" }) { id } }"#, json!({ "c": id }))
        .await["setManualRisk"]["id"]
        .clone();
    app.ok(
        admin,
        r#"mutation($c: ID!) { createCaseReview(caseId: $c, input: { status: CLOSED }) { id } }"#,
        json!({ "c": id }),
    )
    .await;
    let alert = app
        .ok(
            admin,
            r#"mutation($c: ID!) { raiseAlert(input: { caseId: $c, type: REVIEW_DUE }) { id } }"#,
            json!({ "c": id }),
        )
        .await["raiseAlert"]["id"]
        .clone();
    let definition = app
        .ok(admin, r#"mutation { defineCustomProperty(input: { target: CASE, key: "segment", label: "Segment", type: TEXT }) { id } }"#, json!({}))
        .await["defineCustomProperty"]["id"]
        .clone();
    let user = app.ok(admin, "{ viewer { user { id } } }", json!({})).await["viewer"]["user"]["id"]
        .clone();
    let c = app
        .ok(
            admin,
            r#"query($id: ID!) { case(id: $id) { id companies { id } individuals { id } relations { id }
              checks { id type amlHits { id } } reviews { nodes { id } } auditTrail(first: 1) { nodes { id } } } }"#,
            json!({ "id": id }),
        )
        .await["case"]
        .clone();
    let aml = c["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["type"] == "AML")
        .unwrap()
        .clone();
    let s = |v: &Value| v.as_str().unwrap().to_owned();
    vec![
        ("Case", id.clone(), json!({ "name": "Refetch" })),
        (
            "Company",
            s(&c["companies"][0]["id"]),
            json!({ "name": "Refetch SAS" }),
        ),
        (
            "Individual",
            s(&c["individuals"][0]["id"]),
            json!({ "firstName": "Ada" }),
        ),
        (
            "Relation",
            s(&c["relations"][0]["id"]),
            json!({ "roles": ["SHAREHOLDER"] }),
        ),
        ("Check", s(&aml["id"]), json!({ "status": "NEED_REVIEW" })),
        (
            "AmlHit",
            s(&aml["amlHits"][0]["id"]),
            json!({ "name": "J. Doe" }),
        ),
        ("Note", s(&note), json!({ "body": "hello" })),
        ("Risk", s(&risk), json!({ "level": "HIGH" })),
        (
            "CaseReview",
            s(&c["reviews"]["nodes"][0]["id"]),
            json!({ "status": "CLOSED" }),
        ),
        ("Alert", s(&alert), json!({ "type": "REVIEW_DUE" })),
        (
            "AuditEvent",
            s(&c["auditTrail"]["nodes"][0]["id"]),
            json!({ "seq": 1 }),
        ),
        ("User", s(&user), json!({ "subject": "admin-user" })),
        (
            "CustomPropertyDefinition",
            s(&definition),
            json!({ "key": "segment" }),
        ),
    ]
}

#[tokio::test]
async fn node_refetches_every_kind_within_the_workspace_only() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let objects = one_of_each(&app, &admin).await;
    let intruder = app.token("other", Role::Admin);
    app.ok(&intruder, "{ viewer { role } }", json!({})).await;

    for (typename, id, field) in &objects {
        let before = app.statements();
        let node = app.ok(&admin, REFETCH, json!({ "id": id })).await["node"].clone();
        assert!(
            app.statements() - before <= 2,
            "{typename}: {} statements",
            app.statements() - before
        );
        assert_eq!(node["__typename"], *typename, "{node}");
        assert_eq!(node["id"], id.as_str());
        for (k, v) in field.as_object().unwrap() {
            assert_eq!(&node[k], v, "{typename}: {node}");
        }
        // Another workspace's object is never found.
        let other = app.ok(&intruder, REFETCH, json!({ "id": id })).await;
        assert_eq!(
            other["node"],
            Value::Null,
            "{typename} leaked across workspaces"
        );
    }

    // `nodes` keeps the order given, null where nothing is found.
    let unknown = uuid::Uuid::new_v4().to_string();
    let many = app
        .ok(
            &admin,
            "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }",
            json!({ "ids": [objects[1].1, unknown, objects[0].1] }),
        )
        .await;
    assert_eq!(
        many["nodes"],
        json!([{ "__typename": "Company", "id": objects[1].1 }, null, { "__typename": "Case", "id": objects[0].1 }])
    );

    // Unknown ids are null; malformed ones are refused, naming the argument.
    let none = app.ok(&admin, REFETCH, json!({ "id": unknown })).await;
    assert_eq!(none["node"], Value::Null);
    let err = app
        .err(&admin, REFETCH, json!({ "id": "not-a-uuid" }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "id");

    // A deleted case and its children are gone.
    app.ok(
        &admin,
        "mutation($id: ID!) { deleteCase(id: $id) }",
        json!({ "id": objects[0].1 }),
    )
    .await;
    for (typename, id, _) in &objects[..3] {
        let gone = app.ok(&admin, REFETCH, json!({ "id": id })).await;
        assert_eq!(gone["node"], Value::Null, "{typename} of a deleted case");
    }
}
