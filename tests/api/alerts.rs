//! Alerts: `raiseAlert`, the `alerts` connection (filters, counts per type), `Case.alerts`
//! and `actionAlert` with every row of SPEC's action table.

use casegraph::domain::Role;
use futures::future::join_all;
use serde_json::{json, Value};

use crate::helpers::*;

const RAISE: &str = r#"mutation($input: RaiseAlertInput!) { raiseAlert(input: $input) { id type status payload caseId raisedBy } }"#;
const ACTION: &str = r#"mutation($id: ID!, $a: AlertAction!, $c: String) { actionAlert(id: $id, action: $a, comment: $c) { id status actionedBy actionedAt } }"#;
const LIST: &str = r#"query($filter: AlertFilter, $first: Int, $after: String) {
  alerts(filter: $filter, first: $first, after: $after) {
    totalCount countsByType { type count }
    edges { cursor node { id type status case { name } } }
    pageInfo { hasNextPage endCursor }
  } }"#;

async fn raise(app: &TestApp, token: &str, case: &str, t: &str, payload: Value) -> String {
    let data = app
        .ok(
            token,
            RAISE,
            json!({ "input": { "caseId": case, "type": t, "payload": payload } }),
        )
        .await;
    data["raiseAlert"]["id"].as_str().unwrap().to_owned()
}

async fn case_state(app: &TestApp, token: &str, id: &str) -> Value {
    app.ok(
        token,
        r#"query($id: ID!) { case(id: $id) { name status priority version dueAt isAmlPositive
            companies { id name country } individuals { id firstName }
            checks { type amlHits { name score status providerRef } }
            alerts { totalCount nodes { id type status } } auditTrail(first: 100) { nodes { action } } } }"#,
        json!({ "id": id }),
    )
    .await["case"]
        .clone()
}

async fn decide(app: &TestApp, token: &str, id: &str, status: &str) {
    app.ok(
        token,
        r#"mutation($id: ID!, $s: ReviewStatus!) { createCaseReview(caseId: $id, input: { status: $s }) { id } }"#,
        json!({ "id": id, "s": status }),
    )
    .await;
}

fn counts(data: &Value) -> Vec<(String, u64)> {
    data["alerts"]["countsByType"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["count"].as_u64().unwrap() > 0)
        .map(|c| {
            (
                c["type"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn raise_alert_roles_payloads_and_case_alerts() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let integration = app.token("acme", Role::Integration);
    let viewer = app.token("acme", Role::Viewer);
    let case = create_case(&app, &analyst, json!({ "name": "A", "type": "KYC" })).await;

    let data = app
        .ok(
            &integration,
            RAISE,
            json!({ "input": { "caseId": case, "type": "MANUAL_REVIEW", "payload": { "reason": "provider" } } }),
        )
        .await;
    assert_eq!(data["raiseAlert"]["status"], "ACTIVE");
    assert_eq!(data["raiseAlert"]["payload"]["reason"], "provider");
    raise(&app, &analyst, &case, "REVIEW_DUE", json!({})).await;

    let err = app
        .err(
            &viewer,
            RAISE,
            json!({ "input": { "caseId": case, "type": "REVIEW_DUE" } }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    // Bad payloads: a clear code and field, nothing written.
    for (t, payload, field) in [
        (
            "CASE_DETAILS_REVIEW",
            json!({ "case": { "nmae": "x" } }),
            "input.payload.case.nmae",
        ),
        (
            "CASE_DETAILS_REVIEW",
            json!({ "case": { "priority": "URGENT" } }),
            "input.payload.case",
        ),
        (
            "CASE_DETAILS_REVIEW",
            json!({ "cases": {} }),
            "input.payload.cases",
        ),
        (
            "CASE_DETAILS_REVIEW",
            json!({ "companies": { "not-an-id": {} } }),
            "input.payload.companies.not-an-id",
        ),
        ("AML_MATCH", json!({ "hits": [] }), "input.payload.hits"),
        ("AML_MATCH", json!({}), "input.payload.hits"),
        ("REVIEW_DUE", json!([1]), "input.payload"),
    ] {
        let err = app
            .err(
                &analyst,
                RAISE,
                json!({ "input": { "caseId": case, "type": t, "payload": payload } }),
            )
            .await;
        assert_eq!(code(&err), "BAD_USER_INPUT", "{t} {payload}");
        assert_eq!(err["extensions"]["field"], field, "{t} {payload}");
    }
    let err = app
        .err(&analyst, RAISE, json!({ "input": { "caseId": uuid::Uuid::new_v4().to_string(), "type": "REVIEW_DUE" } }))
        .await;
    assert_eq!(code(&err), "NOT_FOUND");

    let state = case_state(&app, &analyst, &case).await;
    let alerts: Vec<&str> = state["alerts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    assert_eq!(alerts, ["MANUAL_REVIEW", "REVIEW_DUE"]);
    let raised = state["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "alert.raised")
        .count();
    assert_eq!(raised, 2);
    // Another workspace sees none of them.
    let other = app.token("other", Role::Admin);
    let data = app.ok(&other, LIST, json!({})).await;
    assert_eq!(data["alerts"]["totalCount"], 0);
}

#[tokio::test]
async fn alerts_filters_counts_and_pages() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let reviewer = app.token("acme", Role::Reviewer);
    let me = app
        .ok(&reviewer, "{ viewer { user { id } } }", json!({}))
        .await["viewer"]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let kyc = create_case(&app, &analyst, json!({ "name": "kyc", "type": "KYC" })).await;
    let kyb = create_case(&app, &analyst, json!({ "name": "kyb", "type": "KYB" })).await;
    let done = create_case(&app, &analyst, json!({ "name": "done", "type": "KYC" })).await;
    app.ok(
        &reviewer,
        r#"mutation($id: ID!, $u: ID) { assignCase(caseId: $id, userId: $u) { id } }"#,
        json!({ "id": kyb, "u": me }),
    )
    .await;
    raise(&app, &analyst, &kyc, "REVIEW_DUE", json!({})).await;
    raise(&app, &analyst, &kyc, "MANUAL_REVIEW", json!({})).await;
    let dismissed = raise(&app, &analyst, &kyc, "SLA_BREACHED", json!({})).await;
    raise(&app, &analyst, &kyb, "REVIEW_DUE", json!({})).await;
    raise(&app, &analyst, &kyb, "DOCUMENT_EXPIRED", json!({})).await;
    raise(&app, &analyst, &done, "REVIEW_DUE", json!({})).await;
    decide(&app, &reviewer, &done, "CLOSED").await;
    app.ok(
        &reviewer,
        ACTION,
        json!({ "id": dismissed, "a": "DISMISS" }),
    )
    .await;

    let all = app.ok(&reviewer, LIST, json!({})).await;
    assert_eq!(all["alerts"]["totalCount"], 5, "active only by default");
    assert_eq!(
        counts(&all),
        [
            ("MANUAL_REVIEW".into(), 1),
            ("DOCUMENT_EXPIRED".into(), 1),
            ("REVIEW_DUE".into(), 3)
        ]
    );
    let by = |filter: Value| {
        let app = &app;
        let reviewer = &reviewer;
        async move {
            let d = app.ok(reviewer, LIST, json!({ "filter": filter })).await;
            let mut names: Vec<String> = d["alerts"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}",
                        e["node"]["case"]["name"].as_str().unwrap(),
                        e["node"]["type"].as_str().unwrap()
                    )
                })
                .collect();
            names.sort();
            (names, d)
        }
    };
    let (n, _) = by(json!({ "caseId": kyb })).await;
    assert_eq!(n, ["kyb:DOCUMENT_EXPIRED", "kyb:REVIEW_DUE"]);
    let (n, _) = by(json!({ "assigneeId": me })).await;
    assert_eq!(n, ["kyb:DOCUMENT_EXPIRED", "kyb:REVIEW_DUE"]);
    let (n, d) = by(json!({ "type": ["REVIEW_DUE"] })).await;
    assert_eq!(n, ["done:REVIEW_DUE", "kyb:REVIEW_DUE", "kyc:REVIEW_DUE"]);
    // Counts per type leave the type condition out.
    assert_eq!(counts(&d).len(), 3);
    let (n, _) = by(json!({ "caseType": ["KYB"] })).await;
    assert_eq!(n, ["kyb:DOCUMENT_EXPIRED", "kyb:REVIEW_DUE"]);
    let (n, _) = by(json!({ "caseOpen": false })).await;
    assert_eq!(n, ["done:REVIEW_DUE"]);
    let (n, _) = by(json!({ "caseOpen": true, "type": ["REVIEW_DUE", "MANUAL_REVIEW"] })).await;
    assert_eq!(n, ["kyb:REVIEW_DUE", "kyc:MANUAL_REVIEW", "kyc:REVIEW_DUE"]);
    let (n, _) = by(json!({ "status": ["DISMISSED"] })).await;
    assert_eq!(n, ["kyc:SLA_BREACHED"]);
    let (n, _) = by(json!({ "status": ["ACTIVE", "DISMISSED"], "caseId": kyc })).await;
    assert_eq!(n.len(), 3);
    let err = app
        .err(&reviewer, LIST, json!({ "filter": { "caseId": "nope" } }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "filter.caseId");

    // Pages of 2, newest first, cover all 5 once.
    let mut seen = vec![];
    let mut after = Value::Null;
    loop {
        let d = app
            .ok(&reviewer, LIST, json!({ "first": 2, "after": after }))
            .await;
        for e in d["alerts"]["edges"].as_array().unwrap() {
            seen.push(e["node"]["id"].as_str().unwrap().to_owned());
        }
        if d["alerts"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = d["alerts"]["pageInfo"]["endCursor"].clone();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (5, 5));
}

#[tokio::test]
async fn every_row_of_the_action_table() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let reviewer = app.token("acme", Role::Reviewer);
    let case = create_case(&app, &analyst, kyb_case("Acme", Some("acme-1"))).await;
    let state = case_state(&app, &analyst, &case).await;
    let main = state["companies"][0]["id"].as_str().unwrap().to_owned();
    let ceo = state["individuals"][0]["id"].as_str().unwrap().to_owned();

    // EXCLUDE on CASE_DETAILS_REVIEW: nothing applied.
    let a = raise(
        &app,
        &analyst,
        &case,
        "CASE_DETAILS_REVIEW",
        json!({ "case": { "name": "Renamed" } }),
    )
    .await;
    let err = app
        .err(&analyst, ACTION, json!({ "id": a, "a": "EXCLUDE" }))
        .await;
    assert_eq!(code(&err), "FORBIDDEN", "actions are a reviewer's");
    let d = app
        .ok(
            &reviewer,
            ACTION,
            json!({ "id": a, "a": "EXCLUDE", "c": "not now" }),
        )
        .await;
    assert_eq!(d["actionAlert"]["status"], "EXCLUDED");
    assert_eq!(d["actionAlert"]["actionedBy"], "reviewer-user");
    assert_eq!(case_state(&app, &analyst, &case).await["name"], "Acme");
    // Actioned once only.
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a, "a": "APPLY" }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");

    // APPLY on CASE_DETAILS_REVIEW: case, company and individual changed together.
    let a = raise(
        &app,
        &analyst,
        &case,
        "CASE_DETAILS_REVIEW",
        json!({ "case": { "name": "Renamed", "priority": "CRITICAL" },
                "companies": { main.clone(): { "country": "DE" } },
                "individuals": { ceo.clone(): { "firstName": "Augusta" } } }),
    )
    .await;
    let d = app
        .ok(&reviewer, ACTION, json!({ "id": a, "a": "APPLY" }))
        .await;
    assert_eq!(d["actionAlert"]["status"], "APPLIED");
    let s = case_state(&app, &analyst, &case).await;
    assert_eq!(
        (s["name"].as_str(), s["priority"].as_str()),
        (Some("Renamed"), Some("CRITICAL"))
    );
    let by_id = |list: &Value, id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_id(&s["companies"], &main)["country"], "DE");
    assert_eq!(by_id(&s["individuals"], &ceo)["firstName"], "Augusta");
    let trail: Vec<&str> = s["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        trail.ends_with(&[
            "case.updated",
            "company.updated",
            "individual.updated",
            "alert.actioned"
        ]),
        "{trail:?}"
    );

    // APPLY refused when the proposal no longer holds (another live case took the external id):
    // BAD_USER_INPUT naming the field, nothing written, the alert stays active.
    create_case(
        &app,
        &analyst,
        json!({ "name": "B", "type": "KYC", "externalId": "taken" }),
    )
    .await;
    let a = raise(
        &app,
        &analyst,
        &case,
        "CASE_DETAILS_REVIEW",
        json!({ "case": { "name": "Again" }, "companies": { main.clone(): { "country": "XX" } } }),
    )
    .await;
    let before = case_state(&app, &analyst, &case).await;
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a, "a": "APPLY" }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    assert_eq!(
        err["extensions"]["field"],
        format!("payload.companies.{main}.country")
    );
    let after = case_state(&app, &analyst, &case).await;
    assert_eq!(after["name"], before["name"]);
    assert_eq!(after["version"], before["version"], "nothing written");
    let a2 = raise(
        &app,
        &analyst,
        &case,
        "CASE_DETAILS_REVIEW",
        json!({ "case": { "externalId": "taken" } }),
    )
    .await;
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a2, "a": "APPLY" }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    assert_eq!(err["extensions"]["field"], "payload.case.externalId");
    let s = case_state(&app, &analyst, &case).await;
    let active = s["alerts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["status"] == "ACTIVE")
        .count();
    assert_eq!(active, 2);
    // Invalid pairs.
    for (id, act) in [(&a, "DISMISS"), (&a2, "DISMISS")] {
        let err = app
            .err(&reviewer, ACTION, json!({ "id": id, "a": act }))
            .await;
        assert_eq!(code(&err), "BAD_USER_INPUT");
        assert_eq!(err["extensions"]["field"], "action");
    }
    app.ok(&reviewer, ACTION, json!({ "id": a, "a": "EXCLUDE" }))
        .await;
    app.ok(&reviewer, ACTION, json!({ "id": a2, "a": "EXCLUDE" }))
        .await;

    // APPLY on MANUAL_REVIEW: a decided case is reopened, due again.
    decide(&app, &reviewer, &case, "APPROVED").await;
    assert!(case_state(&app, &analyst, &case).await["dueAt"].is_null());
    let a = raise(&app, &analyst, &case, "MANUAL_REVIEW", json!({})).await;
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a, "a": "DISMISS" }))
        .await;
    assert_eq!(
        code(&err),
        "BAD_USER_INPUT",
        "DISMISS is not on MANUAL_REVIEW"
    );
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a, "a": "EXCLUDE" }))
        .await;
    assert_eq!(
        code(&err),
        "BAD_USER_INPUT",
        "EXCLUDE is not on MANUAL_REVIEW"
    );
    app.ok(&reviewer, ACTION, json!({ "id": a, "a": "APPLY" }))
        .await;
    let s = case_state(&app, &analyst, &case).await;
    assert_eq!(s["status"], "OPEN");
    assert!(!s["dueAt"].is_null());

    // APPLY on AML_MATCH: hits added / updated on the AML check; a closed case reopened.
    decide(&app, &reviewer, &case, "CLOSED").await;
    let a = raise(
        &app,
        &analyst,
        &case,
        "AML_MATCH",
        json!({ "hits": [{ "name": "A. Turing", "listTypes": ["PEP"], "score": 90, "providerRef": "h1" }] }),
    )
    .await;
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a, "a": "DISMISS" }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "DISMISS only on a live case");
    let err = app
        .err(&reviewer, ACTION, json!({ "id": a, "a": "EXCLUDE" }))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    app.ok(&reviewer, ACTION, json!({ "id": a, "a": "APPLY" }))
        .await;
    let s = case_state(&app, &analyst, &case).await;
    assert_eq!(s["status"], "OPEN");
    assert_eq!(s["isAmlPositive"], true);
    let aml: Vec<&Value> = s["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "AML")
        .collect();
    assert_eq!(aml.len(), 1);
    assert_eq!(aml[0]["amlHits"][0]["providerRef"], "h1");
    let a = raise(
        &app,
        &analyst,
        &case,
        "AML_MATCH",
        json!({ "hits": [{ "name": "A. M. Turing", "score": 95, "providerRef": "h1" }, { "name": "Other", "providerRef": "h2" }] }),
    )
    .await;
    app.ok(&reviewer, ACTION, json!({ "id": a, "a": "APPLY" }))
        .await;
    let s = case_state(&app, &analyst, &case).await;
    let aml = s["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "AML")
        .unwrap();
    let hits: Vec<(String, f64)> = aml["amlHits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["name"].as_str().unwrap().to_owned(),
                h["score"].as_f64().unwrap_or(0.0),
            )
        })
        .collect();
    assert_eq!(
        hits,
        [("A. M. Turing".to_owned(), 95.0), ("Other".to_owned(), 0.0)]
    );

    // DISMISS on AML_MATCH of a live case, DOCUMENT_*, REVIEW_DUE, SLA_BREACHED.
    for t in [
        "AML_MATCH",
        "DOCUMENT_EXPIRING",
        "DOCUMENT_EXPIRED",
        "REVIEW_DUE",
        "SLA_BREACHED",
    ] {
        let payload = if t == "AML_MATCH" {
            json!({ "hits": [{ "name": "x" }] })
        } else {
            json!({})
        };
        let a = raise(&app, &analyst, &case, t, payload).await;
        for wrong in ["APPLY", "EXCLUDE"] {
            if t == "AML_MATCH" && wrong == "APPLY" {
                continue;
            }
            let err = app
                .err(&reviewer, ACTION, json!({ "id": a, "a": wrong }))
                .await;
            assert_eq!(code(&err), "BAD_USER_INPUT", "{wrong} on {t}");
        }
        let d = app
            .ok(&reviewer, ACTION, json!({ "id": a, "a": "DISMISS" }))
            .await;
        assert_eq!(d["actionAlert"]["status"], "DISMISSED", "{t}");
    }
    let d = app
        .ok(&reviewer, LIST, json!({ "filter": { "caseId": case } }))
        .await;
    assert_eq!(
        d["alerts"]["totalCount"], 0,
        "actioned alerts left the list"
    );
    let v = app
        .ok(
            &reviewer,
            r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }"#,
            json!({ "id": case }),
        )
        .await;
    assert_eq!(v["verifyAuditTrail"]["valid"], true);
}

#[tokio::test]
async fn parallel_actions_on_one_case_are_never_internal() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let reviewer = app.token("acme", Role::Reviewer);
    let case = create_case(&app, &analyst, json!({ "name": "P", "type": "KYC" })).await;
    let mut ids = vec![];
    for i in 0..10 {
        ids.push(
            raise(
                &app,
                &analyst,
                &case,
                if i % 2 == 0 {
                    "REVIEW_DUE"
                } else {
                    "MANUAL_REVIEW"
                },
                json!({}),
            )
            .await,
        );
    }
    // 20 actions: each alert twice, concurrently.
    let results = join_all((0..20).map(|i| {
        let (app, reviewer, id) = (&app, &reviewer, ids[i % 10].clone());
        let act = if i % 10 % 2 == 0 { "DISMISS" } else { "APPLY" };
        async move {
            app.post(Some(reviewer), ACTION, json!({ "id": id, "a": act }))
                .await
        }
    }))
    .await;
    let mut ok = 0;
    for (status, body) in &results {
        match body.get("errors") {
            None => ok += 1,
            Some(e) => {
                assert_eq!(code(&e[0]), "BAD_USER_INPUT", "{status} {body}");
            }
        }
    }
    assert_eq!(ok, 10, "each alert actioned exactly once");
    let v = app
        .ok(
            &reviewer,
            r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }"#,
            json!({ "id": case }),
        )
        .await;
    assert_eq!(v["verifyAuditTrail"]["valid"], true);
}

#[tokio::test]
async fn a_retried_raise_alert_returns_the_first_alert_and_a_changed_one_conflicts() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let case = create_case(&app, &t, kyb_case("Acme", None)).await;
    let keyed = r#"mutation($input: RaiseAlertInput!, $key: String) {
        raiseAlert(input: $input, idempotencyKey: $key) { id type payload } }"#;
    let input = json!({ "caseId": case, "type": "MANUAL_REVIEW", "payload": { "why": "x" } });
    let first = app
        .ok(&t, keyed, json!({ "input": input, "key": "alert-1" }))
        .await;
    // The retry asks for other fields, and gets the same alert.
    let retry = app
        .ok(
            &t,
            r#"mutation($input: RaiseAlertInput!, $key: String) {
                raiseAlert(idempotencyKey: $key, input: $input) { id status case { id } } }"#,
            json!({ "input": input, "key": "alert-1" }),
        )
        .await;
    assert_eq!(retry["raiseAlert"]["id"], first["raiseAlert"]["id"]);
    assert_eq!(retry["raiseAlert"]["status"], "ACTIVE");
    assert_eq!(retry["raiseAlert"]["case"]["id"], case.as_str());
    assert_eq!(count(&app, "SELECT COUNT(*) FROM alerts").await, 1);
    let raised = "SELECT COUNT(*) FROM audit_events WHERE action = 'alert.raised'";
    assert_eq!(count(&app, raised).await, 1);

    let changed = json!({ "caseId": case, "type": "MANUAL_REVIEW", "payload": { "why": "y" } });
    let err = app
        .err(&t, keyed, json!({ "input": changed, "key": "alert-1" }))
        .await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
    assert_eq!(err["extensions"]["field"], "idempotencyKey");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM alerts").await, 1);
    // Without a key, every call raises its own alert.
    app.ok(&t, keyed, json!({ "input": input })).await;
    app.ok(&t, keyed, json!({ "input": input })).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM alerts").await, 3);
}

#[tokio::test]
async fn an_alerts_case_loads_in_one_statement_whatever_the_number_of_alerts() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let q = "{ alerts(first: 100) { nodes { id case { id name checks { type } } } } }";
    let used = async |app: &TestApp| {
        app.ok(&t, "{ viewer { role } }", json!({})).await;
        let before = app.statements();
        let data = app.ok(&t, q, json!({})).await;
        let used = app.statements() - before;
        let nodes = data["alerts"]["nodes"].as_array().unwrap().clone();
        for n in &nodes {
            assert!(n["case"]["id"].is_string(), "{n}");
            assert_eq!(n["case"]["checks"].as_array().unwrap().len(), 3);
        }
        (used, nodes.len())
    };
    let first = create_case(&app, &t, kyb_case("Case 0", None)).await;
    raise(&app, &t, &first, "MANUAL_REVIEW", json!({})).await;
    let (one, n) = used(&app).await;
    assert_eq!(n, 1);
    for i in 1..6 {
        let case = create_case(&app, &t, kyb_case(&format!("Case {i}"), None)).await;
        raise(&app, &t, &case, "MANUAL_REVIEW", json!({})).await;
        raise(&app, &t, &case, "MANUAL_REVIEW", json!({})).await;
    }
    let (many, n) = used(&app).await;
    assert_eq!(n, 11);
    assert_eq!(one, many, "statements grew with the alerts: {one} → {many}");
}
