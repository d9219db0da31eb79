//! Case lifecycle: transitions, reviews and review dates, flags through a realistic flow,
//! AML hits, concurrency, the audit chain, roles, notes, assignment, risks.

use casegraph::domain::Role;
use chrono::{DateTime, Months, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{json, Value};

use crate::helpers::*;

const REVIEW: &str = r#"mutation($id: ID!, $input: CaseReviewInput!) { createCaseReview(caseId: $id, input: $input) {
  status nextReviewAt lastReview { status comment reviewerType reviewerId nextReviewAt } } }"#;
const REOPEN: &str = r#"mutation($id: ID!) { reopenCase(caseId: $id) { status } }"#;
const UPDATE_STATUS: &str = r#"mutation($id: ID!, $s: CaseStatus!) { updateCase(id: $id, input: { status: $s }) { status } }"#;
const CASE_STATE: &str = r#"query($id: ID!) { case(id: $id) { status version flags isAmlPositive nextReviewAt riskLevel
  lastReview { status reviewerType } checks { id status amlHits { id status } } } }"#;

async fn state(app: &TestApp, token: &str, id: &str) -> Value {
    app.ok(token, CASE_STATE, json!({ "id": id })).await["case"].clone()
}

/// Creates a case and brings it to `status` the way a user would.
async fn case_in(app: &TestApp, token: &str, status: &str) -> String {
    let id = create_case(
        app,
        token,
        json!({ "name": format!("In {status}"), "type": "KYC" }),
    )
    .await;
    match status {
        "OPEN" => {}
        "DRAFT" => {
            app.ok(token, UPDATE_STATUS, json!({ "id": id, "s": "DRAFT" }))
                .await;
        }
        decided => {
            app.ok(
                token,
                REVIEW,
                json!({ "id": id, "input": { "status": decided, "comment": "setup" } }),
            )
            .await;
        }
    }
    id
}

#[tokio::test]
async fn every_review_transition_and_refusals() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Reviewer);
    let allowed = [
        ("DRAFT", "APPROVED"),
        ("DRAFT", "REJECTED"),
        ("DRAFT", "CLOSED"),
        ("OPEN", "APPROVED"),
        ("OPEN", "REJECTED"),
        ("OPEN", "CLOSED"),
        ("APPROVED", "APPROVED"),
        ("APPROVED", "REJECTED"),
        ("APPROVED", "CLOSED"),
        ("REJECTED", "APPROVED"),
        ("REJECTED", "REJECTED"),
        ("REJECTED", "CLOSED"),
    ];
    for (from, to) in allowed {
        let id = case_in(&app, &token, from).await;
        let data = app
            .ok(
                &token,
                REVIEW,
                json!({ "id": id, "input": { "status": to, "comment": "ok" } }),
            )
            .await;
        assert_eq!(data["createCaseReview"]["status"], to, "{from} -> {to}");
        assert_eq!(
            data["createCaseReview"]["lastReview"]["reviewerType"],
            "USER"
        );
        assert_eq!(
            data["createCaseReview"]["lastReview"]["reviewerId"],
            "reviewer-user"
        );
    }
    // Closed cases take no review; reopening is the way back.
    let closed = case_in(&app, &token, "CLOSED").await;
    let version = state(&app, &token, &closed).await["version"].clone();
    for to in ["APPROVED", "REJECTED", "CLOSED"] {
        let err = app
            .err(
                &token,
                REVIEW,
                json!({ "id": closed, "input": { "status": to } }),
            )
            .await;
        assert_eq!(code(&err), "INVALID_TRANSITION");
        assert_eq!(
            (
                err["extensions"]["from"].as_str(),
                err["extensions"]["to"].as_str()
            ),
            (Some("CLOSED"), Some(to))
        );
    }
    assert_eq!(
        state(&app, &token, &closed).await["version"],
        version,
        "refused reviews change nothing"
    );
    for from in ["APPROVED", "REJECTED", "CLOSED"] {
        let id = case_in(&app, &token, from).await;
        let data = app.ok(&token, REOPEN, json!({ "id": id })).await;
        assert_eq!(data["reopenCase"]["status"], "OPEN");
    }
    for from in ["OPEN", "DRAFT"] {
        let id = case_in(&app, &token, from).await;
        let err = app.err(&token, REOPEN, json!({ "id": id })).await;
        assert_eq!(code(&err), "INVALID_TRANSITION", "reopen from {from}");
    }
    // updateCase moves only between DRAFT and OPEN.
    let approved = case_in(&app, &token, "APPROVED").await;
    for to in ["OPEN", "DRAFT"] {
        let err = app
            .err(&token, UPDATE_STATUS, json!({ "id": approved, "s": to }))
            .await;
        assert_eq!(code(&err), "INVALID_TRANSITION");
    }
}

#[tokio::test]
async fn comment_required_follows_the_workspace_setting() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let id = case_in(&app, &admin, "OPEN").await;
    let settings = r#"mutation($on: Boolean!) { updateWorkspaceSettings(input: { reviewCommentRequired: $on }) { settings { reviewCommentRequired } } }"#;
    let d = app.ok(&admin, settings, json!({ "on": true })).await;
    assert_eq!(
        d["updateWorkspaceSettings"]["settings"]["reviewCommentRequired"],
        true
    );
    let err = app
        .err(
            &admin,
            REVIEW,
            json!({ "id": id, "input": { "status": "APPROVED" } }),
        )
        .await;
    assert_eq!(
        (code(&err), err["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("input.comment"))
    );
    assert_eq!(state(&app, &admin, &id).await["status"], "OPEN");
    app.ok(
        &admin,
        REVIEW,
        json!({ "id": id, "input": { "status": "APPROVED", "comment": "KYC complete" } }),
    )
    .await;
    app.ok(&admin, settings, json!({ "on": false })).await;
    app.ok(
        &admin,
        REVIEW,
        json!({ "id": id, "input": { "status": "CLOSED" } }),
    )
    .await;
    // Only admins change settings.
    let err = app
        .err(
            &app.token("acme", Role::Reviewer),
            settings,
            json!({ "on": true }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
}

fn months_from_now(months: u32) -> DateTime<Utc> {
    Utc::now().checked_add_months(Months::new(months)).unwrap()
}

fn close_to(actual: &Value, expected: DateTime<Utc>) -> bool {
    let actual: DateTime<Utc> = actual
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    (actual - expected).num_seconds().abs() < 120
}

#[tokio::test]
async fn next_review_date_omitted_null_or_given() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Reviewer);
    let manual = r#"mutation($id: ID!, $l: RiskLevel!) { setManualRisk(caseId: $id, input: { level: $l }) { id } }"#;
    // Omitted, APPROVED: now + the interval of the case's risk level (defaults of SPEC).
    for (level, months) in [
        ("NOT_DEFINED", Some(12)),
        ("LOW", Some(36)),
        ("MEDIUM", Some(24)),
        ("HIGH", Some(12)),
        ("CRITICAL", Some(6)),
        ("PROHIBITED", None),
    ] {
        let id = case_in(&app, &token, "OPEN").await;
        if level != "NOT_DEFINED" {
            app.ok(&token, manual, json!({ "id": id, "l": level }))
                .await;
        }
        let d = app
            .ok(
                &token,
                REVIEW,
                json!({ "id": id, "input": { "status": "APPROVED" } }),
            )
            .await;
        let next = &d["createCaseReview"]["nextReviewAt"];
        match months {
            Some(m) => assert!(close_to(next, months_from_now(m)), "{level}: {next}"),
            None => assert_eq!(next, &Value::Null, "{level}"),
        }
        assert_eq!(&d["createCaseReview"]["lastReview"]["nextReviewAt"], next);
    }
    // Omitted, REJECTED or CLOSED: none.
    for status in ["REJECTED", "CLOSED"] {
        let id = case_in(&app, &token, "OPEN").await;
        let d = app
            .ok(
                &token,
                REVIEW,
                json!({ "id": id, "input": { "status": status } }),
            )
            .await;
        assert_eq!(
            d["createCaseReview"]["nextReviewAt"],
            Value::Null,
            "{status}"
        );
    }
    // Explicit null: no periodic review, even for an approval.
    let id = case_in(&app, &token, "OPEN").await;
    let d = app
        .ok(
            &token,
            REVIEW,
            json!({ "id": id, "input": { "status": "APPROVED", "nextReviewAt": null } }),
        )
        .await;
    assert_eq!(d["createCaseReview"]["nextReviewAt"], Value::Null);
    // Given: used as is, for every status.
    for status in ["APPROVED", "REJECTED", "CLOSED"] {
        let id = case_in(&app, &token, "OPEN").await;
        let d = app.ok(&token, REVIEW, json!({ "id": id, "input": { "status": status, "nextReviewAt": "2031-02-28T10:00:00Z" } })).await;
        assert!(
            d["createCaseReview"]["nextReviewAt"]
                .as_str()
                .unwrap()
                .starts_with("2031-02-28T10:00:00"),
            "{status}"
        );
    }
    // Workspace intervals apply: HIGH → 3 months.
    let admin = app.token("acme", Role::Admin);
    app.ok(&admin, r#"mutation { updateWorkspaceSettings(input: { reviewIntervalsMonths: { high: 3 } }) { id } }"#, json!({})).await;
    let id = case_in(&app, &token, "OPEN").await;
    app.ok(&token, manual, json!({ "id": id, "l": "HIGH" }))
        .await;
    let d = app
        .ok(
            &token,
            REVIEW,
            json!({ "id": id, "input": { "status": "APPROVED" } }),
        )
        .await;
    assert!(close_to(
        &d["createCaseReview"]["nextReviewAt"],
        months_from_now(3)
    ));
}

#[tokio::test]
async fn review_date_presets_and_dates() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Reviewer);
    let id = case_in(&app, &token, "APPROVED").await;
    let set = r#"mutation($id: ID!, $s: ReviewScheduleInput!) { setCaseReviewDate(caseId: $id, schedule: $s) { nextReviewAt } }"#;
    for (preset, months) in [
        ("MONTHS_3", 3),
        ("MONTHS_6", 6),
        ("MONTHS_9", 9),
        ("YEARS_1", 12),
        ("YEARS_2", 24),
        ("YEARS_3", 36),
        ("YEARS_5", 60),
        ("YEARS_10", 120),
    ] {
        let d = app
            .ok(&token, set, json!({ "id": id, "s": { "preset": preset } }))
            .await;
        assert!(
            close_to(
                &d["setCaseReviewDate"]["nextReviewAt"],
                months_from_now(months)
            ),
            "{preset}"
        );
    }
    let d = app
        .ok(
            &token,
            set,
            json!({ "id": id, "s": { "preset": "REVIEW_NOW" } }),
        )
        .await;
    assert!(close_to(
        &d["setCaseReviewDate"]["nextReviewAt"],
        Utc::now()
    ));
    let d = app
        .ok(
            &token,
            set,
            json!({ "id": id, "s": { "preset": "DO_NOT_REVIEW" } }),
        )
        .await;
    assert_eq!(d["setCaseReviewDate"]["nextReviewAt"], Value::Null);
    let d = app
        .ok(
            &token,
            set,
            json!({ "id": id, "s": { "date": "2030-01-31T00:00:00Z" } }),
        )
        .await;
    assert!(d["setCaseReviewDate"]["nextReviewAt"]
        .as_str()
        .unwrap()
        .starts_with("2030-01-31"));
    let err = app
        .err(
            &token,
            set,
            json!({ "id": id, "s": { "date": "2030-01-31T00:00:00Z", "preset": "YEARS_1" } }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    // Due cases can be found.
    app.ok(
        &token,
        set,
        json!({ "id": id, "s": { "preset": "REVIEW_NOW" } }),
    )
    .await;
    let due = app
        .ok(
            &token,
            r#"{ cases(filter: { nextReviewBefore: "2100-01-01T00:00:00Z" }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(due["cases"]["totalCount"], 1);
}

const UPDATE_CHECK: &str = r#"mutation($c: ID!, $s: CheckStatus!) { updateCheck(checkId: $c, input: { status: $s }) { status } }"#;
const REVIEW_CHECK: &str = r#"mutation($c: ID!, $s: CheckDecision!) { reviewCheck(checkId: $c, status: $s, comment: "seen") { status reviewedBy reviewedAt } }"#;

#[tokio::test]
async fn flags_through_a_realistic_flow_ending_in_auto_approval() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let partner = app.token("acme", Role::Integration);
    let reviewer = app.token("acme", Role::Reviewer);
    app.ok(&admin, r#"mutation { updateWorkspaceSettings(input: { autoApprove: true }) { settings { autoApprove } } }"#, json!({})).await;
    let id = create_case(
        &app,
        &partner,
        json!({ "name": "Flow", "type": "KYC", "individuals": [{ "ref": "p", "firstName": "Jo", "lastName": "Doe" }],
                "checks": [{ "type": "ID_DOCUMENT", "subjectRef": "p" }, { "type": "AML", "subjectRef": "p" }, { "type": "DOCUMENT", "label": "Proof of address" }] }),
    )
    .await;
    let flags = |s: &Value| s["flags"].clone();
    let checks = |s: &Value| {
        s["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let s = state(&app, &admin, &id).await;
    assert_eq!(
        flags(&s),
        json!(["FOR_FIRST_COLLECT"]),
        "first collect: the contact has work"
    );
    let ids = checks(&s);

    // The contact delivers; the provider processes, then hands over to a reviewer.
    app.ok(
        &partner,
        UPDATE_CHECK,
        json!({ "c": ids[0], "s": "PROCESSING" }),
    )
    .await;
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FOR_FIRST_COLLECT"])
    );
    for c in &ids {
        app.ok(
            &partner,
            UPDATE_CHECK,
            json!({ "c": c, "s": "NEED_REVIEW" }),
        )
        .await;
    }
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FOR_REVIEW", "FIRST_COLLECT_COMPLETED"])
    );

    // Review: one rejected, the others approved → recollection.
    app.ok(
        &reviewer,
        REVIEW_CHECK,
        json!({ "c": ids[2], "s": "REJECTED" }),
    )
    .await;
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FIRST_COLLECT_COMPLETED"])
    );
    app.ok(
        &reviewer,
        REVIEW_CHECK,
        json!({ "c": ids[0], "s": "APPROVED" }),
    )
    .await;
    let d = app
        .ok(
            &reviewer,
            REVIEW_CHECK,
            json!({ "c": ids[1], "s": "APPROVED" }),
        )
        .await;
    assert_eq!(d["reviewCheck"]["reviewedBy"], "reviewer-user");
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FOR_RECOLLECTION", "FIRST_COLLECT_COMPLETED"])
    );

    // Recollection: the contact sends the document again; it goes back to review.
    app.ok(
        &partner,
        UPDATE_CHECK,
        json!({ "c": ids[2], "s": "IN_PROGRESS" }),
    )
    .await;
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FIRST_COLLECT_COMPLETED"]),
        "first collect stays completed"
    );
    app.ok(
        &partner,
        UPDATE_CHECK,
        json!({ "c": ids[2], "s": "NEED_REVIEW" }),
    )
    .await;
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FOR_REVIEW", "FIRST_COLLECT_COMPLETED"])
    );

    // The last approval makes every check approved → the open case is approved by the system.
    app.ok(
        &reviewer,
        REVIEW_CHECK,
        json!({ "c": ids[2], "s": "APPROVED" }),
    )
    .await;
    let s = state(&app, &admin, &id).await;
    assert_eq!(
        flags(&s),
        json!(["ALL_CHECKS_APPROVED", "FIRST_COLLECT_COMPLETED"])
    );
    assert_eq!(s["status"], "APPROVED");
    assert_eq!(
        s["lastReview"],
        json!({ "status": "APPROVED", "reviewerType": "SYSTEM" })
    );
    assert!(s["nextReviewAt"].is_string());

    // Deactivated checks are ignored; integrations cannot decide.
    let err = app
        .err(
            &partner,
            REVIEW_CHECK,
            json!({ "c": ids[0], "s": "REJECTED" }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    let err = app
        .err(
            &partner,
            UPDATE_CHECK,
            json!({ "c": ids[0], "s": "APPROVED" }),
        )
        .await;
    assert_eq!(
        (code(&err), err["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("input.status"))
    );
    app.ok(
        &partner,
        UPDATE_CHECK,
        json!({ "c": ids[0], "s": "EXPIRED" }),
    )
    .await;
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["FOR_RECOLLECTION", "FIRST_COLLECT_COMPLETED"])
    );
    app.ok(&partner, r#"mutation($c: ID!) { setCheckDeactivated(checkId: $c, deactivated: true) { isDeactivated } }"#, json!({ "c": ids[0] })).await;
    assert_eq!(
        flags(&state(&app, &admin, &id).await),
        json!(["ALL_CHECKS_APPROVED", "FIRST_COLLECT_COMPLETED"])
    );
}

#[tokio::test]
async fn aml_hits_are_decided_in_all_or_nothing_batches() {
    let app = spawn_app().await;
    let reviewer = app.token("acme", Role::Reviewer);
    let id = create_case(
        &app,
        &reviewer,
        json!({ "name": "Screened", "type": "AML", "checks": [{ "type": "AML", "status": "NEED_REVIEW", "amlHits": [
            { "name": "J. Doe", "listTypes": ["SANCTION"], "score": 91 },
            { "name": "John Doe", "listTypes": ["PEP", "ADVERSE_MEDIA"], "score": 74 },
            { "name": "Jon Do", "listTypes": ["WARNING"], "score": 40, "status": "NO_MATCH" } ] }] }),
    )
    .await;
    let s = state(&app, &reviewer, &id).await;
    assert_eq!(s["isAmlPositive"], true);
    let check = s["checks"][0]["id"].clone();
    let hits: Vec<Value> = s["checks"][0]["amlHits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].clone())
        .collect();
    let batch = r#"mutation($c: ID!, $d: [AmlHitDecisionInput!]!) { reviewAmlHits(checkId: $c, decisions: $d) { amlHits { id status } } }"#;

    // One unknown hit id refuses the whole batch, naming its index.
    let before = s.clone();
    let err = app
        .err(&reviewer, batch, json!({ "c": check, "d": [{ "hitId": hits[0], "status": "FALSE_POSITIVE" }, { "hitId": uuid::Uuid::new_v4(), "status": "NO_MATCH" }] }))
        .await;
    assert_eq!(
        (code(&err), err["extensions"]["index"].as_u64()),
        ("BAD_USER_INPUT", Some(1))
    );
    assert_eq!(state(&app, &reviewer, &id).await, before, "nothing changed");

    let d = app
        .ok(&reviewer, batch, json!({ "c": check, "d": [{ "hitId": hits[0], "status": "FALSE_POSITIVE" }, { "hitId": hits[1], "status": "TRUE_POSITIVE" }] }))
        .await;
    let statuses: Vec<&str> = d["reviewAmlHits"]["amlHits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["FALSE_POSITIVE", "TRUE_POSITIVE", "NO_MATCH"]);
    assert_eq!(
        state(&app, &reviewer, &id).await["isAmlPositive"],
        true,
        "a true positive stays positive"
    );
    // Excluding the AML check takes it out of the count.
    let d = app
        .ok(
            &reviewer,
            r#"mutation($c: ID!) { excludeCheck(checkId: $c) { isExcluded } }"#,
            json!({ "c": check }),
        )
        .await;
    assert_eq!(d["excludeCheck"]["isExcluded"], true);
    assert_eq!(state(&app, &reviewer, &id).await["isAmlPositive"], false);
    app.ok(
        &reviewer,
        r#"mutation($c: ID!) { excludeCheck(checkId: $c, excluded: false) { isExcluded } }"#,
        json!({ "c": check }),
    )
    .await;
    app.ok(
        &reviewer,
        batch,
        json!({ "c": check, "d": [{ "hitId": hits[1], "status": "FALSE_POSITIVE" }] }),
    )
    .await;
    assert_eq!(
        state(&app, &reviewer, &id).await["isAmlPositive"],
        false,
        "no potential or true match left"
    );
    let err = app
        .err(
            &app.token("acme", Role::Analyst),
            batch,
            json!({ "c": check, "d": [{ "hitId": hits[1], "status": "NO_MATCH" }] }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
}

#[tokio::test]
async fn concurrent_updates_with_the_same_version_conflict() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, json!({ "name": "Race", "type": "KYC" })).await;
    let q = r#"mutation($id: ID!, $n: String!) { updateCase(id: $id, expectedVersion: 1, input: { name: $n }) { version } }"#;
    let (a, b) = tokio::join!(
        app.post(Some(&token), q, json!({ "id": id, "n": "A" })),
        app.post(Some(&token), q, json!({ "id": id, "n": "B" }))
    );
    let outcomes = [&a.1, &b.1].map(|r| {
        if r["errors"].is_null() {
            "ok".to_owned()
        } else {
            code(&r["errors"][0]).to_owned()
        }
    });
    let mut sorted = outcomes.to_vec();
    sorted.sort();
    assert_eq!(sorted, ["CONFLICT", "ok"], "{a:?} {b:?}");
    let s = app
        .ok(
            &token,
            r#"query($id: ID!) { case(id: $id) { version auditTrail(first: 100) { nodes { seq } } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(s["case"]["version"], 2);
    assert_eq!(
        s["case"]["auditTrail"]["nodes"].as_array().unwrap().len(),
        2
    );
}

#[tokio::test]
async fn concurrent_writers_keep_one_verifiable_chain_and_tampering_is_found() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Admin);
    let id = create_case(&app, &token, json!({ "name": "Busy", "type": "KYB", "companies": [{ "name": "Busy SAS", "isMain": true }] })).await;
    let futures = (0..20).map(|i| {
        let (app, token, id) = (&app, token.clone(), id.clone());
        async move {
            let (q, v) = match i % 4 {
                0 => (r#"mutation($id: ID!, $b: String!) { addNote(caseId: $id, body: $b) { id } }"#, json!({ "id": id, "b": format!("note {i}") })),
                1 => (r#"mutation($id: ID!, $b: String!) { updateCase(id: $id, input: { description: $b }) { id } }"#, json!({ "id": id, "b": format!("d{i}") })),
                2 => (r#"mutation($id: ID!) { createCheck(caseId: $id, input: { type: REGISTRY }) { id } }"#, json!({ "id": id })),
                _ => (r#"mutation($id: ID!, $b: String!) { createCompany(caseId: $id, input: { name: $b }) { id } }"#, json!({ "id": id, "b": format!("Affiliate {i}") })),
            };
            app.ok(&token, q, v).await
        }
    });
    futures::future::join_all(futures).await;
    let verify = r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid eventsChecked firstBrokenEventId } }"#;
    let v = app.ok(&token, verify, json!({ "id": id })).await;
    assert_eq!(
        v["verifyAuditTrail"],
        json!({ "valid": true, "eventsChecked": 22, "firstBrokenEventId": null })
    );
    let trail = app
        .ok(
            &token,
            r#"query($id: ID!) { case(id: $id) { version auditTrail(first: 100) { nodes { id seq } } } }"#,
            json!({ "id": id }),
        )
        .await;
    let seqs: Vec<i64> = trail["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=22).collect::<Vec<_>>());
    assert_eq!(trail["case"]["version"], 21);

    // The database itself refuses to change or remove audit rows.
    let db = &app.state.db;
    let backend = db.get_database_backend();
    let target = trail["case"]["auditTrail"]["nodes"][6]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let id_literal = match backend {
        DatabaseBackend::Postgres => format!("'{target}'"),
        _ => format!("X'{}'", target.replace('-', "")),
    };
    let tamper =
        format!("UPDATE audit_events SET changes = '{{\"forged\": true}}' WHERE id = {id_literal}");
    assert!(
        db.execute_raw(Statement::from_string(backend, tamper.clone()))
            .await
            .is_err(),
        "UPDATE of an audit row succeeded"
    );
    assert!(db
        .execute_raw(Statement::from_string(
            backend,
            format!("DELETE FROM audit_events WHERE id = {id_literal}")
        ))
        .await
        .is_err());

    // Someone with DDL rights disables the guard and alters one event: verification finds it.
    let disable = match backend {
        DatabaseBackend::Postgres => {
            "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"
        }
        _ => "DROP TRIGGER audit_events_no_update",
    };
    db.execute_unprepared(disable).await.unwrap();
    let changed = db
        .execute_raw(Statement::from_string(backend, tamper))
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(changed, 1);
    let v = app.ok(&token, verify, json!({ "id": id })).await;
    assert_eq!(
        v["verifyAuditTrail"],
        json!({ "valid": false, "eventsChecked": 7, "firstBrokenEventId": target })
    );
}

#[tokio::test]
async fn roles_on_decisions_and_notes() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let id = case_in(&app, &analyst, "OPEN").await;
    for role in [Role::Analyst, Role::Integration, Role::Viewer] {
        let err = app
            .err(
                &app.token("acme", role),
                REVIEW,
                json!({ "id": id, "input": { "status": "APPROVED" } }),
            )
            .await;
        assert_eq!(code(&err), "FORBIDDEN", "{role:?} reviewed");
    }
    let add =
        r#"mutation($id: ID!, $b: String!) { addNote(caseId: $id, body: $b) { id authorId } }"#;
    let err = app
        .err(
            &app.token("acme", Role::Viewer),
            add,
            json!({ "id": id, "b": "hi" }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    let err = app
        .err(
            &app.token("acme", Role::Integration),
            add,
            json!({ "id": id, "b": "hi" }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    let note = app
        .ok(&analyst, add, json!({ "id": id, "b": "Called the client" }))
        .await["addNote"]
        .clone();
    assert_eq!(note["authorId"], "analyst-user");
    let err = app.err(&analyst, add, json!({ "id": id, "b": " " })).await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    // Only the author or an admin deletes a note.
    let delete = r#"mutation($n: ID!) { deleteNote(noteId: $n) }"#;
    let err = app
        .err(
            &app.token("acme", Role::Reviewer),
            delete,
            json!({ "n": note["id"] }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    app.ok(
        &app.token("acme", Role::Admin),
        delete,
        json!({ "n": note["id"] }),
    )
    .await;
    let notes = app
        .ok(
            &analyst,
            r#"query($id: ID!) { case(id: $id) { notes { nodes { id } } auditTrail(first: 100) { nodes { action } } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(notes["case"]["notes"]["nodes"], json!([]));
    let actions: Vec<&str> = notes["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["case.created", "note.added", "note.deleted"]);
}

#[tokio::test]
async fn assignment_to_users_of_the_workspace_only() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let other = app.token("elsewhere", Role::Analyst);
    let id = case_in(&app, &analyst, "OPEN").await;
    let me = app
        .ok(&analyst, "{ viewer { user { id } } }", json!({}))
        .await["viewer"]["user"]["id"]
        .clone();
    let stranger = app
        .ok(&other, "{ viewer { user { id } } }", json!({}))
        .await["viewer"]["user"]["id"]
        .clone();
    let assign = r#"mutation($id: ID!, $u: ID) { assignCase(caseId: $id, userId: $u) { assignee { id subject } } }"#;
    let err = app
        .err(&analyst, assign, json!({ "id": id, "u": stranger }))
        .await;
    assert_eq!(
        (code(&err), err["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("userId"))
    );
    let d = app.ok(&analyst, assign, json!({ "id": id, "u": me })).await;
    assert_eq!(d["assignCase"]["assignee"]["subject"], "analyst-user");
    let listed = app.ok(&analyst, r#"query($u: ID!) { cases(filter: { assigneeId: $u }) { totalCount nodes { assignee { subject } } } }"#, json!({ "u": me })).await;
    assert_eq!(listed["cases"]["totalCount"], 1);
    let d = app
        .ok(&analyst, assign, json!({ "id": id, "u": null }))
        .await;
    assert_eq!(d["assignCase"]["assignee"], Value::Null);
}

#[tokio::test]
async fn manual_and_automatic_risks() {
    let app = spawn_app().await;
    let reviewer = app.token("acme", Role::Reviewer);
    let partner = app.token("acme", Role::Integration);
    let id = case_in(&app, &reviewer, "OPEN").await;
    let push = r#"mutation($id: ID!, $i: AutomaticRiskInput!) { pushAutomaticRisk(caseId: $id, input: $i) { id mode level score } }"#;
    let risk = r#"query($id: ID!) { case(id: $id) { riskLevel version risk { id mode level } risks { nodes { id } } } }"#;
    let auto1 = json!({ "level": "LOW", "score": 12.5, "components": { "country": 2, "industry": 10.5 }, "flags": { "pep": false } });
    let first = app
        .ok(&partner, push, json!({ "id": id, "i": auto1 }))
        .await["pushAutomaticRisk"]
        .clone();
    assert_eq!(
        app.ok(&reviewer, risk, json!({ "id": id })).await["case"]["risk"]["id"],
        first["id"]
    );
    // The same push again saves nothing and returns the same risk.
    let version = app.ok(&reviewer, risk, json!({ "id": id })).await["case"]["version"].clone();
    let again = app
        .ok(&partner, push, json!({ "id": id, "i": auto1 }))
        .await["pushAutomaticRisk"]
        .clone();
    assert_eq!(again["id"], first["id"]);
    let s = app.ok(&reviewer, risk, json!({ "id": id })).await["case"].clone();
    assert_eq!(
        (s["risks"]["nodes"].as_array().unwrap().len(), &s["version"]),
        (1, &version)
    );
    // A manual risk becomes current; a later automatic one is saved but not current.
    let manual = app.ok(&reviewer, r#"mutation($id: ID!) { setManualRisk(caseId: $id, input: { level: HIGH, comment: "adverse media" }) { id mode } }"#, json!({ "id": id })).await;
    assert_eq!(manual["setManualRisk"]["mode"], "MANUAL");
    let auto2 = app
        .ok(
            &partner,
            push,
            json!({ "id": id, "i": { "level": "MEDIUM", "score": 40 } }),
        )
        .await["pushAutomaticRisk"]
        .clone();
    let s = app.ok(&reviewer, risk, json!({ "id": id })).await["case"].clone();
    assert_eq!(
        (s["riskLevel"].as_str(), s["risk"]["mode"].as_str()),
        (Some("HIGH"), Some("MANUAL"))
    );
    assert_eq!(s["risks"]["nodes"].as_array().unwrap().len(), 3);
    // Enabling automatic risk makes the latest automatic one current.
    app.ok(
        &reviewer,
        r#"mutation($id: ID!) { enableAutomaticRisk(caseId: $id) { riskLevel } }"#,
        json!({ "id": id }),
    )
    .await;
    let s = app.ok(&reviewer, risk, json!({ "id": id })).await["case"].clone();
    assert_eq!(s["risk"]["id"], auto2["id"]);
    assert_eq!(s["riskLevel"], "MEDIUM");
    let filtered = app
        .ok(
            &reviewer,
            r#"{ cases(filter: { riskLevel: [MEDIUM] }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(filtered["cases"]["totalCount"], 1);
    // Bad components and roles.
    let err = app
        .err(
            &partner,
            push,
            json!({ "id": id, "i": { "level": "LOW", "components": { "x": "high" } } }),
        )
        .await;
    assert_eq!(
        (code(&err), err["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("input.components.x"))
    );
    let err = app
        .err(
            &partner,
            r#"mutation($id: ID!) { setManualRisk(caseId: $id, input: { level: LOW }) { id } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
}
