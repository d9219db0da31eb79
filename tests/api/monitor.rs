//! The monitor: each alert at most once per document / review date / case, also with two
//! monitors running at the same moment against one database.

use casegraph::domain::{DocumentType, Role, VerificationStatus};
use casegraph::service::monitor::{run_once, Report};
use chrono::{DateTime, Duration, Utc};
use entity::document;
use sea_orm::EntityTrait;
use serde_json::{json, Value};

use crate::helpers::*;

const ALERTS: &str = r#"query($f: AlertFilter) { alerts(filter: $f, first: 100) {
  totalCount countsByType { type count } nodes { type status raisedBy caseId payload } } }"#;

async fn add_document(
    app: &TestApp,
    case: &str,
    check: Option<&str>,
    expires: DateTime<Utc>,
) -> String {
    let id = uuid::Uuid::new_v4();
    let now = Utc::now();
    let row = document::Model {
        id,
        workspace_id: "acme".into(),
        case_id: case.parse().unwrap(),
        check_id: check.map(|c| c.parse().unwrap()),
        company_id: None,
        individual_id: None,
        document_type: DocumentType::Passport,
        file_name: "passport.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1,
        sha256: "0".repeat(64),
        storage_key: format!("k/{id}"),
        verification_status: VerificationStatus::Pending,
        uploaded_at: now,
        expires_at: Some(expires),
        uploaded_by: "analyst-user".into(),
        created_at: now,
        updated_at: now,
    };
    document::Entity::insert(document::ActiveModel::from(row))
        .exec_without_returning(&app.state.db)
        .await
        .unwrap();
    id.to_string()
}

/// Two monitors at the same moment; returns what they raised together.
async fn twice_at_once(app: &TestApp, at: DateTime<Utc>) -> Report {
    let (a, b) = tokio::join!(run_once(&app.state.db, at), run_once(&app.state.db, at));
    let (a, b) = (a.unwrap(), b.unwrap());
    Report {
        document_expiring: a.document_expiring + b.document_expiring,
        document_expired: a.document_expired + b.document_expired,
        review_due: a.review_due + b.review_due,
        sla_breached: a.sla_breached + b.sla_breached,
    }
}

fn types(data: &Value) -> Vec<String> {
    let mut t: Vec<String> = data["alerts"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap().to_owned())
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn monitor_raises_each_alert_once_even_with_two_replicas() {
    let app = spawn_app().await;
    let analyst = app.token("acme", Role::Analyst);
    let reviewer = app.token("acme", Role::Reviewer);
    let now = Utc::now();

    let open = create_case(
        &app,
        &analyst,
        json!({ "name": "open", "type": "KYC", "priority": "CRITICAL",
                "checks": [{ "type": "ID_DOCUMENT", "status": "APPROVED" }] }),
    )
    .await;
    let state = app
        .ok(
            &analyst,
            r#"query($id: ID!) { case(id: $id) { checks { id } } }"#,
            json!({ "id": open }),
        )
        .await;
    let check = state["case"]["checks"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    add_document(&app, &open, Some(&check), now + Duration::days(10)).await;
    add_document(&app, &open, None, now + Duration::days(100)).await;
    // A decided case: no SLA breach, but a review date.
    let closed = create_case(
        &app,
        &analyst,
        json!({ "name": "closed", "type": "KYC", "priority": "CRITICAL" }),
    )
    .await;
    app.ok(
        &reviewer,
        r#"mutation($id: ID!, $d: DateTime!) { createCaseReview(caseId: $id, input: { status: APPROVED, nextReviewAt: $d }) { id } }"#,
        json!({ "id": closed, "d": (now + Duration::days(2)).to_rfc3339() }),
    )
    .await;

    // An hour later: the passport expires within the 30-day window.
    let r = run_once(&app.state.db, now + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        r,
        Report {
            document_expiring: 1,
            ..Report::default()
        }
    );
    let r = run_once(&app.state.db, now + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(r, Report::default(), "run twice: nothing new");

    // A day later, two replicas at once: one SLA breach (the open CRITICAL case).
    let r = twice_at_once(&app, now + Duration::hours(25)).await;
    assert_eq!(
        r,
        Report {
            sla_breached: 1,
            ..Report::default()
        }
    );
    let r = twice_at_once(&app, now + Duration::hours(26)).await;
    assert_eq!(r, Report::default());

    // Eleven days later: the passport expired (its check too), the review is due.
    let r = twice_at_once(&app, now + Duration::days(11)).await;
    assert_eq!(
        r,
        Report {
            document_expired: 1,
            review_due: 1,
            ..Report::default()
        }
    );
    let r = twice_at_once(&app, now + Duration::days(12)).await;
    assert_eq!(r, Report::default());

    let data = app.ok(&reviewer, ALERTS, json!({})).await;
    assert_eq!(
        types(&data),
        [
            "DOCUMENT_EXPIRED",
            "DOCUMENT_EXPIRING",
            "REVIEW_DUE",
            "SLA_BREACHED"
        ]
    );
    for n in data["alerts"]["nodes"].as_array().unwrap() {
        assert_eq!(n["raisedBy"], "system");
    }
    let c = app
        .ok(
            &reviewer,
            r#"query($id: ID!) { case(id: $id) { flags checks { status } auditTrail(first: 100) { nodes { action actorType } } } }"#,
            json!({ "id": open }),
        )
        .await;
    assert_eq!(c["case"]["checks"][0]["status"], "EXPIRED");
    assert!(
        !c["case"]["flags"]
            .as_array()
            .unwrap()
            .contains(&json!("ALL_CHECKS_APPROVED")),
        "flags recomputed: {}",
        c["case"]["flags"]
    );
    let trail = c["case"]["auditTrail"]["nodes"].as_array().unwrap();
    let system: Vec<&str> = trail
        .iter()
        .filter(|e| e["actorType"] == "SYSTEM")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        system,
        [
            "alert.raised",
            "alert.raised",
            "alert.raised",
            "check.expired"
        ]
    );
    let v = app
        .ok(
            &reviewer,
            r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }"#,
            json!({ "id": open }),
        )
        .await;
    assert_eq!(v["verifyAuditTrail"]["valid"], true);

    // Dismissed, an SLA breach is still not raised again.
    let d = app
        .ok(
            &reviewer,
            ALERTS,
            json!({ "f": { "type": ["SLA_BREACHED"] } }),
        )
        .await;
    assert_eq!(d["alerts"]["totalCount"], 1);
}
