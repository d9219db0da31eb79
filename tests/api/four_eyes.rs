//! Four-eyes decisions (SPEC §3 "Four-eyes decisions"): an approval the workspace's
//! `fourEyes` setting covers waits for a second person, whichever path approved it.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{code, create_case, spawn_app, TestApp};

const SETTINGS: &str = r#"mutation($f: FourEyesInput!) { updateWorkspaceSettings(input: { fourEyes: $f }) { settings { fourEyes { riskLevels caseTypes } } } }"#;
const REVIEW: &str = r#"mutation($id: ID!) { createCaseReview(caseId: $id, input: { status: APPROVED, comment: "looks fine" }) {
  status nextReviewAt pendingDecision { status comment proposerType proposerId proposedAt } } }"#;
const CONFIRM: &str = r#"mutation($id: ID!, $c: String) { confirmDecision(caseId: $id, comment: $c) { status nextReviewAt pendingDecision { status } lastReview { status reviewerId } } }"#;
const DECLINE: &str = r#"mutation($id: ID!, $c: String) { declineDecision(caseId: $id, comment: $c) { status pendingDecision { status } } }"#;
const TRAIL: &str = r#"query($id: ID!) { case(id: $id) { status auditTrail(first: 100) { nodes { action actorType actorId changes } } } }"#;
const QUEUE: &str =
    r#"query($p: Boolean!) { cases(filter: { pendingDecision: $p }) { totalCount nodes { id } } }"#;

async fn four_eyes(app: &TestApp, risk_levels: Value, case_types: Value) -> Value {
    let admin = app.token("acme", Role::Admin);
    app.ok(
        &admin,
        SETTINGS,
        json!({ "f": { "riskLevels": risk_levels, "caseTypes": case_types } }),
    )
    .await["updateWorkspaceSettings"]["settings"]["fourEyes"]
        .clone()
}

fn actions(trail: &Value) -> Vec<(String, String)> {
    trail["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["actorId"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_approval_waits_for_a_second_person_who_is_not_the_proposer() {
    let app = spawn_app().await;
    assert_eq!(
        four_eyes(&app, json!(["HIGH", "CRITICAL", "HIGH"]), json!(["PEP"])).await,
        json!({ "riskLevels": ["CRITICAL", "HIGH"], "caseTypes": ["PEP"] })
    );
    let analyst = app.token("acme", Role::Analyst);
    let ann = app.token_as("acme", Role::Reviewer, "ann");
    let bob = app.token_as("acme", Role::Reviewer, "bob");
    let pep = create_case(&app, &analyst, json!({ "name": "Minister", "type": "PEP" })).await;
    let plain = create_case(&app, &analyst, json!({ "name": "Shop", "type": "KYC" })).await;

    // Ann's approval is a proposal: the case stays OPEN.
    let r = app.ok(&ann, REVIEW, json!({ "id": pep })).await["createCaseReview"].clone();
    assert_eq!(r["status"], "OPEN");
    assert_eq!(r["nextReviewAt"], Value::Null);
    assert_eq!(r["pendingDecision"]["status"], "APPROVED");
    assert_eq!(r["pendingDecision"]["comment"], "looks fine");
    assert_eq!(r["pendingDecision"]["proposerType"], "USER");
    assert_eq!(r["pendingDecision"]["proposerId"], "ann");
    // A case the setting does not cover is approved at once.
    let r = app.ok(&ann, REVIEW, json!({ "id": plain })).await;
    assert_eq!(r["createCaseReview"]["status"], "APPROVED");

    // The checker's queue.
    let q = app.ok(&bob, QUEUE, json!({ "p": true })).await;
    assert_eq!(q["cases"]["nodes"], json!([{ "id": pep }]));
    let q = app.ok(&bob, QUEUE, json!({ "p": false })).await;
    assert_eq!(q["cases"]["nodes"], json!([{ "id": plain }]));

    // Never the proposer, whatever their role; never a role without decisions.
    let ann_admin = app.token_as("acme", Role::Admin, "ann");
    for (token, query) in [(&ann, CONFIRM), (&ann_admin, CONFIRM), (&ann, DECLINE)] {
        let err = app.err(token, query, json!({ "id": pep })).await;
        assert_eq!(code(&err), "FORBIDDEN", "{err}");
    }
    for role in [Role::Analyst, Role::Viewer, Role::Integration] {
        let err = app
            .err(&app.token("acme", role), CONFIRM, json!({ "id": pep }))
            .await;
        assert_eq!(code(&err), "FORBIDDEN", "{role:?}");
    }
    let still = app.ok(&bob, TRAIL, json!({ "id": pep })).await;
    assert_eq!(still["case"]["status"], "OPEN");

    // Bob confirms: the case moves, its next review computed now.
    let c = app
        .ok(&bob, CONFIRM, json!({ "id": pep, "c": "agreed" }))
        .await["confirmDecision"]
        .clone();
    assert_eq!(c["status"], "APPROVED");
    assert!(c["nextReviewAt"].is_string(), "{c}");
    assert_eq!(c["pendingDecision"], Value::Null);
    assert_eq!(c["lastReview"]["status"], "APPROVED");
    let trail = app.ok(&bob, TRAIL, json!({ "id": pep })).await;
    let acts = actions(&trail);
    assert!(
        acts.contains(&("decision.proposed".into(), "ann".into())),
        "{acts:?}"
    );
    assert!(
        acts.contains(&("decision.confirmed".into(), "bob".into())),
        "{acts:?}"
    );
    assert!(
        acts.contains(&("case.reviewed".into(), "bob".into())),
        "{acts:?}"
    );
    // Nothing left to confirm.
    let err = app.err(&bob, CONFIRM, json!({ "id": pep })).await;
    assert_eq!(code(&err), "NOT_FOUND");
}

#[tokio::test]
async fn a_declined_proposal_is_closed_and_the_case_stays() {
    let app = spawn_app().await;
    four_eyes(&app, json!([]), json!(["KYC"])).await;
    let ann = app.token_as("acme", Role::Reviewer, "ann");
    let admin = app.token("acme", Role::Admin);
    let id = create_case(&app, &ann, json!({ "name": "Shop", "type": "KYC" })).await;
    app.ok(&ann, REVIEW, json!({ "id": id })).await;
    // A second proposal while one waits is refused.
    let err = app.err(&admin, REVIEW, json!({ "id": id })).await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
    let d = app
        .ok(&admin, DECLINE, json!({ "id": id, "c": "missing UBO" }))
        .await;
    assert_eq!(
        d["declineDecision"],
        json!({ "status": "OPEN", "pendingDecision": null })
    );
    let trail = app.ok(&admin, TRAIL, json!({ "id": id })).await;
    let declined = trail["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "decision.declined")
        .unwrap()
        .clone();
    assert_eq!(declined["actorId"], "admin-user");
    assert_eq!(declined["changes"]["proposedBy"]["id"], "ann");
    assert_eq!(declined["changes"]["comment"], "missing UBO");
}

#[tokio::test]
async fn auto_approve_of_a_four_eyes_case_is_a_pending_decision_of_the_system() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    app.ok(
        &admin,
        r#"mutation { updateWorkspaceSettings(input: { autoApprove: true }) { id } }"#,
        json!({}),
    )
    .await;
    four_eyes(&app, json!([]), json!(["KYC"])).await;
    let reviewer = app.token("acme", Role::Reviewer);
    let id = create_case(
        &app,
        &admin,
        json!({ "name": "Auto", "type": "KYC", "checks": [{ "type": "DOCUMENT", "label": "Register extract" }] }),
    )
    .await;
    let check = app
        .ok(
            &admin,
            r#"query($id: ID!) { case(id: $id) { checks { id } } }"#,
            json!({ "id": id }),
        )
        .await["case"]["checks"][0]["id"]
        .clone();
    app.ok(
        &admin,
        r#"mutation($c: ID!) { updateCheck(checkId: $c, input: { status: NEED_REVIEW }) { status } }"#,
        json!({ "c": check }),
    )
    .await;
    app.ok(
        &reviewer,
        r#"mutation($c: ID!) { reviewCheck(checkId: $c, status: APPROVED, comment: "ok") { status } }"#,
        json!({ "c": check }),
    )
    .await;
    let state = app
        .ok(
            &admin,
            r#"query($id: ID!) { case(id: $id) { status pendingDecision { status proposerType proposerId } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        state["case"],
        json!({ "status": "OPEN", "pendingDecision": { "status": "APPROVED", "proposerType": "SYSTEM", "proposerId": "system" } })
    );
    // Any human reviewer may confirm the system's proposal.
    let c = app.ok(&reviewer, CONFIRM, json!({ "id": id })).await;
    assert_eq!(c["confirmDecision"]["status"], "APPROVED");
    assert_eq!(
        c["confirmDecision"]["lastReview"]["reviewerId"],
        "reviewer-user"
    );
}

#[tokio::test]
async fn parallel_proposals_and_confirmations_leave_one_decision() {
    let app = spawn_app().await;
    four_eyes(&app, json!([]), json!(["KYC"])).await;
    let analyst = app.token("acme", Role::Analyst);
    let id = create_case(&app, &analyst, json!({ "name": "Busy", "type": "KYC" })).await;
    let reviewers: Vec<String> = (0..10)
        .map(|i| app.token_as("acme", Role::Reviewer, &format!("r{i}")))
        .collect();
    let outcomes = |bodies: Vec<(u16, Value)>| {
        let mut ok = 0;
        let mut codes = vec![];
        for (_, body) in bodies {
            match body["errors"].as_array() {
                None => ok += 1,
                Some(_) => codes.push(code(&body["errors"][0]).to_owned()),
            }
        }
        (ok, codes)
    };
    let proposals = futures::future::join_all(
        reviewers
            .iter()
            .map(|t| app.post(Some(t), REVIEW, json!({ "id": id }))),
    )
    .await;
    let (ok, codes) = outcomes(proposals);
    assert_eq!(ok, 1, "{codes:?}");
    assert!(codes.iter().all(|c| c == "CONFLICT"), "{codes:?}");
    let confirmations = futures::future::join_all(
        reviewers
            .iter()
            .map(|t| app.post(Some(t), CONFIRM, json!({ "id": id }))),
    )
    .await;
    let (ok, codes) = outcomes(confirmations);
    // One other than the proposer confirms; the proposer is refused (or comes after it);
    // the rest find nothing left.
    assert_eq!(ok, 1, "{codes:?}");
    assert!(
        codes.iter().filter(|c| *c == "FORBIDDEN").count() <= 1,
        "{codes:?}"
    );
    assert!(
        codes.iter().all(|c| c == "FORBIDDEN" || c == "NOT_FOUND"),
        "{codes:?}"
    );
}
