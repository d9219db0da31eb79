//! Due dates (SLA): `dueAt` per priority, recomputed, cleared on decision, back on reopen;
//! `slaHours` settings; `dueBefore` and `orderBy: DUE_AT` with pagination.

use casegraph::domain::Role;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::helpers::*;

const CASE: &str = "query($id: ID!) { case(id: $id) { createdAt dueAt priority status } }";

fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

async fn hours_due(app: &TestApp, token: &str, id: &str) -> Option<i64> {
    let c = &app.ok(token, CASE, json!({ "id": id })).await["case"];
    if c["dueAt"].is_null() {
        return None;
    }
    Some((time(&c["dueAt"]) - time(&c["createdAt"])).num_hours())
}

#[tokio::test]
async fn due_at_follows_priority_decisions_and_reopening() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let reviewer = app.token("acme", Role::Reviewer);
    let admin = app.token("acme", Role::Admin);

    let mut ids = vec![];
    for (p, h) in [
        ("CRITICAL", 24),
        ("HIGH", 72),
        ("MEDIUM", 240),
        ("LOW", 720),
    ] {
        let id = create_case(
            &app,
            &analyst,
            json!({ "name": p, "type": "KYC", "priority": p }),
        )
        .await;
        assert_eq!(hours_due(&app, &analyst, &id).await, Some(h), "{p}");
        ids.push(id);
    }
    // Default priority is MEDIUM.
    let id = create_case(
        &app,
        &analyst,
        json!({ "name": "d", "type": "KYC", "status": "DRAFT" }),
    )
    .await;
    assert_eq!(hours_due(&app, &analyst, &id).await, Some(240));

    // Recomputed from creation when the priority changes.
    app.ok(
        &analyst,
        r#"mutation($id: ID!) { updateCase(id: $id, input: { priority: CRITICAL }) { id } }"#,
        json!({ "id": ids[3] }),
    )
    .await;
    assert_eq!(hours_due(&app, &analyst, &ids[3]).await, Some(24));

    // Cleared by a decision, back on reopen.
    app.ok(
        &reviewer,
        r#"mutation($id: ID!) { createCaseReview(caseId: $id, input: { status: APPROVED }) { id } }"#,
        json!({ "id": ids[1] }),
    )
    .await;
    assert_eq!(hours_due(&app, &analyst, &ids[1]).await, None);
    app.ok(
        &reviewer,
        r#"mutation($id: ID!) { reopenCase(caseId: $id) { id } }"#,
        json!({ "id": ids[1] }),
    )
    .await;
    assert_eq!(hours_due(&app, &analyst, &ids[1]).await, Some(72));

    // Settings: shown, changed (applies to new cases), refused out of range.
    let set = r#"mutation($input: UpdateWorkspaceSettingsInput!) { updateWorkspaceSettings(input: $input) { settings { slaHours { critical high medium low } } } }"#;
    let data = app
        .ok(
            &admin,
            set,
            json!({ "input": { "slaHours": { "high": 48 } } }),
        )
        .await;
    assert_eq!(
        data["updateWorkspaceSettings"]["settings"]["slaHours"],
        json!({ "critical": 24, "high": 48, "medium": 240, "low": 720 })
    );
    let id = create_case(
        &app,
        &analyst,
        json!({ "name": "h", "type": "KYC", "priority": "HIGH" }),
    )
    .await;
    assert_eq!(hours_due(&app, &analyst, &id).await, Some(48));
    let err = app
        .err(
            &admin,
            set,
            json!({ "input": { "slaHours": { "low": 0, "high": 5 } } }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "input.slaHours.low");
    let data = app
        .ok(
            &admin,
            "{ workspace { settings { slaHours { high } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["workspace"]["settings"]["slaHours"]["high"], 48,
        "nothing written"
    );
    // Analysts cannot change settings.
    let err = app
        .err(
            &analyst,
            set,
            json!({ "input": { "slaHours": { "high": 1 } } }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
}

const PAGE: &str = r#"query($first: Int, $after: String, $last: Int, $before: String, $filter: CaseFilter, $order: CaseOrder) {
  cases(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $order) {
    edges { cursor node { name dueAt } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }"#;

fn names(data: &Value) -> Vec<String> {
    data["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of a walk forwards, then backwards, concatenated.
async fn walk(app: &TestApp, token: &str, order: &Value, size: i64) -> (Vec<String>, Vec<String>) {
    let mut forward = vec![];
    let mut after = Value::Null;
    loop {
        let p = app
            .ok(
                token,
                PAGE,
                json!({ "first": size, "after": after, "order": order }),
            )
            .await;
        forward.extend(names(&p));
        if p["cases"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = p["cases"]["pageInfo"]["endCursor"].clone();
    }
    let mut backward = vec![];
    let mut before = Value::Null;
    loop {
        let p = app
            .ok(
                token,
                PAGE,
                json!({ "last": size, "before": before, "order": order }),
            )
            .await;
        let mut page = names(&p);
        page.extend(backward);
        backward = page;
        if p["cases"]["pageInfo"]["hasPreviousPage"] != true {
            break;
        }
        before = p["cases"]["pageInfo"]["startCursor"].clone();
    }
    (forward, backward)
}

#[tokio::test]
async fn due_before_and_due_at_order_page_through_undated_cases() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let reviewer = app.token("acme", Role::Reviewer);
    // c0 LOW, c1 CRITICAL, c2 MEDIUM (decided: undated), c3 HIGH, c4 CRITICAL,
    // c5 LOW (decided: undated).
    let plan = [
        ("LOW", false),
        ("CRITICAL", false),
        ("MEDIUM", true),
        ("HIGH", false),
        ("CRITICAL", false),
        ("LOW", true),
    ];
    for (i, (p, decided)) in plan.iter().enumerate() {
        let id = create_case(
            &app,
            &analyst,
            json!({ "name": format!("c{i}"), "type": "KYC", "priority": p }),
        )
        .await;
        if *decided {
            app.ok(
                &reviewer,
                r#"mutation($id: ID!) { createCaseReview(caseId: $id, input: { status: CLOSED }) { id } }"#,
                json!({ "id": id }),
            )
            .await;
        }
    }

    let asc = json!({ "field": "DUE_AT", "direction": "ASC" });
    let (forward, backward) = walk(&app, &analyst, &asc, 2).await;
    // Undated cases tie on the sort key and are ordered by id among themselves.
    let mut undated = forward[4..].to_vec();
    undated.sort();
    assert_eq!(
        (&forward[..4], undated),
        (
            &["c1", "c4", "c3", "c0"].map(String::from)[..],
            vec!["c2".to_owned(), "c5".to_owned()]
        )
    );
    assert_eq!(backward, forward);
    let desc = json!({ "field": "DUE_AT", "direction": "DESC" });
    let (forward, backward) = walk(&app, &analyst, &desc, 4).await;
    let mut undated = forward[..2].to_vec();
    undated.sort();
    assert_eq!(
        (undated, &forward[2..]),
        (
            vec!["c2".to_owned(), "c5".to_owned()],
            &["c0", "c3", "c4", "c1"].map(String::from)[..]
        )
    );
    assert_eq!(backward, forward);

    // dueBefore: the next four days catch the CRITICAL and HIGH cases, never undated ones.
    let before = (Utc::now() + Duration::hours(96)).to_rfc3339();
    let data = app
        .ok(
            &analyst,
            PAGE,
            json!({ "filter": { "dueBefore": before }, "order": asc }),
        )
        .await;
    assert_eq!(names(&data), ["c1", "c4", "c3"]);
    let far = "9999-12-31T23:59:59Z";
    let data = app
        .ok(
            &analyst,
            PAGE,
            json!({ "filter": { "dueBefore": far }, "order": asc }),
        )
        .await;
    assert_eq!(names(&data), ["c1", "c4", "c3", "c0"]);
}
