//! Retention and erasure (SPEC §3 "Audit proof and retention"): `eraseCase` leaves no
//! personal data in any table or stored file, the audit chain still verifies (server and
//! offline script), refusals write nothing, and the retention job erases due cases on its own.
//!
//! A case is made due by moving its decision (its latest review) back in the database:
//! `retentionYears` is at least 1, so a case closed now is never due.

use std::time::Duration;

use casegraph::domain::Role;
use chrono::{DateTime, Utc};
use entity::case_review;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseBackend, EntityTrait, FromQueryResult, JsonValue, QueryFilter, Statement,
};
use serde_json::{json, Value};

use crate::audit_proof::run_verifier;
use crate::documents::{files_in, pdf, upload};
use crate::events::metric;
use crate::helpers::{code, count, spawn_with, TestApp};
use crate::validation::refused;

const ERASE: &str = r#"mutation($id: ID!) { eraseCase(caseId: $id) { id name externalId description erasedAt status version
  individuals { firstName lastName maidenName birthDate nationality emails address { line4 } customProperties }
  companies { name registrationNumber address { line4 } }
  notes(first: 10) { nodes { body } }
  documents(first: 10) { nodes { fileName sha256 } } } }"#;
const INGEST: &str = r#"mutation($input: IngestScreeningResultInput!, $key: String) {
  ingestScreeningResult(input: $input, idempotencyKey: $key) { case { id } } }"#;
const UPDATE: &str =
    r#"mutation($id: ID!, $in: UpdateCaseInput!) { updateCase(id: $id, input: $in) { id } }"#;
const COMPANY: &str =
    r#"mutation($id: ID!, $in: CompanyInput!) { createCompany(caseId: $id, input: $in) { id } }"#;
const PERSON: &str = r#"mutation($id: ID!, $in: IndividualInput!) { createIndividual(caseId: $id, input: $in) { id } }"#;
const DEFINE: &str =
    r#"mutation($in: DefineCustomPropertyInput!) { defineCustomProperty(input: $in) { id } }"#;
const NOTE: &str = r#"mutation($id: ID!, $b: String!) { addNote(caseId: $id, body: $b) { id } }"#;
const ALERT: &str = r#"mutation($in: RaiseAlertInput!, $key: String) { raiseAlert(input: $in, idempotencyKey: $key) { id } }"#;
const WEBHOOK: &str = r#"mutation($u: String!) { createWebhook(input: { url: $u, eventTypes: [], secret: "whsec-erasure-0123456789" }) { id } }"#;
const REVIEW: &str = r#"mutation($id: ID!, $s: ReviewStatus!, $c: String) { createCaseReview(caseId: $id, input: { status: $s, comment: $c }) { id status } }"#;
const SETTINGS: &str = r#"mutation($y: Int) { updateWorkspaceSettings(input: { retentionYears: $y }) { settings { retentionYears } } }"#;
const VERIFY: &str =
    r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid eventsChecked reason } }"#;
const TRAIL: &str = r#"query($id: ID!) { case(id: $id) { erasedAt auditTrail(first: 100) { nodes { action actorType erased changes } } } }"#;
const SIGN: &str = r#"mutation { signAuditCheckpoint { verifierKey } }"#;
const PROOF: &str = r#"query($id: ID!) { auditProof(caseId: $id) }"#;

/// A server whose documents live in a directory the test reads; `tweak` adjusts the rest.
async fn app_with(
    tweak: impl FnOnce(&mut casegraph::config::ServeArgs) + Send + 'static,
) -> (TestApp, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("casegraph-erase-{}", uuid::Uuid::new_v4()));
    let d = dir.clone();
    let app = spawn_with(move |args| {
        args.documents.documents_dir = d;
        tweak(args);
    })
    .await;
    (app, dir)
}

/// The tables of the database, from its catalogue (not a hand-kept list).
async fn tables(app: &TestApp) -> Vec<String> {
    let db = &app.state.db;
    let sql = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table'",
    };
    JsonValue::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The tables with a row holding `marker` in any column (text, JSON, …), by table name.
async fn tables_holding(app: &TestApp, marker: &str) -> Vec<String> {
    let db = &app.state.db;
    let mut found = vec![];
    let all = tables(app).await;
    assert!(all.len() >= 25, "{all:?}");
    for t in all {
        let stmt =
            Statement::from_string(db.get_database_backend(), format!("SELECT * FROM \"{t}\""));
        let rows = JsonValue::find_by_statement(stmt).all(db).await.unwrap();
        if rows
            .iter()
            .any(|r| r.to_string().to_lowercase().contains(marker))
        {
            found.push(t);
        }
    }
    found.sort();
    found
}

/// The stored files (recursively) whose bytes hold `marker`.
fn files_holding(dir: &std::path::Path, marker: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            let path = e.path();
            if path.is_dir() {
                files_holding(&path, marker)
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                usize::from(
                    String::from_utf8_lossy(&bytes)
                        .to_lowercase()
                        .contains(marker),
                )
            }
        })
        .sum()
}

/// Moves a case's decision (its reviews) back to `at`.
async fn decided_at(app: &TestApp, case_id: &str, at: &str) {
    let at: DateTime<Utc> = at.parse().unwrap();
    case_review::Entity::update_many()
        .col_expr(case_review::Column::CreatedAt, Expr::value(at))
        .filter(case_review::Column::CaseId.eq(uuid::Uuid::parse_str(case_id).unwrap()))
        .exec(&app.state.db)
        .await
        .unwrap();
}

/// A closed case holding `m` in every place personal data goes: screening (subject, hits),
/// the case's own fields, a company, an individual with a custom property, a note, a
/// document (name and bytes), an alert, idempotency keys, review comment, webhook outbox.
async fn marked_case(app: &TestApp, admin: &str, m: &str) -> String {
    app.ok(admin, WEBHOOK, json!({ "u": "http://127.0.0.1:9/hook" }))
        .await;
    app.ok(
        admin,
        DEFINE,
        json!({ "in": { "target": "INDIVIDUAL", "key": "nickname", "label": "Nickname", "type": "TEXT" } }),
    )
    .await;
    let screening = json!({
        "screeningId": format!("scr-{}", uuid::Uuid::new_v4()), "kind": "PEP", "confidence": 90, "riskScore": 50,
        "subject": { "individual": { "firstName": format!("Ivan{m}"), "lastName": format!("Petrov{m}"), "nationality": "RU", "birthDate": "1961-04-12" } },
        "hits": [{ "name": format!("Ivan {m}"), "listTypes": ["PEP"], "score": 91, "providerRef": format!("ref-{m}"), "data": { "dossier": m } }]
    });
    let case_id = app
        .ok(
            admin,
            INGEST,
            json!({ "input": screening, "key": format!("ingest-{m}") }),
        )
        .await["ingestScreeningResult"]["case"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.ok(
        admin,
        UPDATE,
        json!({ "id": case_id, "in": { "name": format!("Case {m}"), "externalId": format!("ext-{m}"),
            "description": format!("about {m}"), "metadata": { "crm": m } } }),
    )
    .await;
    let address = json!({ "line4": format!("{m} street"), "line6": "Paris", "country": "FR" });
    app.ok(
        admin,
        COMPANY,
        json!({ "id": case_id, "in": { "name": format!("{m} SAS"), "registrationNumber": format!("RCS{m}"),
            "country": "FR", "address": address } }),
    )
    .await;
    app.ok(
        admin,
        PERSON,
        json!({ "id": case_id, "in": { "firstName": format!("Ada{m}"), "lastName": format!("Love{m}"),
            "maidenName": format!("Byron{m}"), "birthDate": "1985-12-10", "nationality": "GB",
            "emails": [format!("{m}@example.com")], "address": address,
            "customProperties": { "nickname": format!("nick-{m}") } } }),
    )
    .await;
    app.ok(
        admin,
        NOTE,
        json!({ "id": case_id, "b": format!("called {m} today") }),
    )
    .await;
    let (status, body) = upload(
        app,
        admin,
        &case_id,
        json!({ "type": "PASSPORT", "expiresAt": "2030-01-01T00:00:00Z" }),
        pdf(&format!("passport of {m}")),
        &format!("passport-{m}.pdf"),
        "application/pdf",
        true,
    )
    .await;
    assert!(status == 200 && body.get("errors").is_none(), "{body}");
    app.ok(
        admin,
        ALERT,
        json!({ "in": { "caseId": case_id, "type": "MANUAL_REVIEW", "payload": { "reason": format!("{m} moved") } },
                "key": format!("alert-{m}") }),
    )
    .await;
    app.ok(
        admin,
        REVIEW,
        json!({ "id": case_id, "s": "CLOSED", "c": format!("closed: {m} left") }),
    )
    .await;
    case_id
}

#[tokio::test]
async fn erasure_leaves_no_personal_data_anywhere_and_the_trail_still_verifies() {
    let (app, dir) = app_with(|_| {}).await;
    let admin = app.token("erase", Role::Admin);
    let m = format!("mrk{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let case_id = marked_case(&app, &admin, &m).await;

    // The scan can fail: before erasure the marker is everywhere it was written.
    let before = tables_holding(&app, &m).await;
    for t in [
        "aml_hits",
        "alerts",
        "audit_payloads",
        "case_reviews",
        "cases",
        "companies",
        "documents",
        "idempotency_keys",
        "individuals",
        "notes",
        "outbox_events",
        "screening_results",
    ] {
        assert!(before.contains(&t.to_owned()), "{t} not in {before:?}");
    }
    assert_eq!(files_holding(&dir, &m), 1);

    // Not due yet (closed just now): refused with the date it becomes erasable, nothing written.
    let vars = json!({ "id": case_id });
    refused(&app, &admin, ERASE, vars.clone(), "CONFLICT", None).await;
    let err = app.err(&admin, ERASE, vars.clone()).await;
    let erasable: DateTime<Utc> = err["extensions"]["erasableAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let years = (erasable - Utc::now()).num_days() / 365;
    assert_eq!(years, 5, "{err}");
    // Non-admins may not erase.
    for role in [
        Role::Reviewer,
        Role::Analyst,
        Role::Viewer,
        Role::Integration,
    ] {
        let token = app.token("erase", role);
        // A token's first use records its user; that is not the refused write.
        app.ok(&token, "{ viewer { role } }", json!({})).await;
        refused(&app, &token, ERASE, vars.clone(), "FORBIDDEN", None).await;
    }
    // Retention is a workspace setting (1–50 years).
    for bad in [0, 51] {
        refused(
            &app,
            &admin,
            SETTINGS,
            json!({ "y": bad }),
            "BAD_USER_INPUT",
            Some("input.retentionYears"),
        )
        .await;
    }
    let set = app.ok(&admin, SETTINGS, json!({ "y": 7 })).await;
    assert_eq!(
        set["updateWorkspaceSettings"]["settings"]["retentionYears"],
        7
    );
    let err = app.err(&admin, ERASE, vars.clone()).await;
    let erasable: DateTime<Utc> = err["extensions"]["erasableAt"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!((erasable - Utc::now()).num_days() / 365, 7, "{err}");

    // Decided eight years ago: due.
    decided_at(&app, &case_id, "2018-01-15T09:00:00Z").await;
    let events_before = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    let erased = app.ok(&admin, ERASE, vars.clone()).await["eraseCase"].clone();
    assert!(erased["erasedAt"].is_string(), "{erased}");
    assert_eq!(erased["status"], "CLOSED");
    assert_eq!(erased["name"], "");
    assert_eq!(erased["externalId"], Value::Null);
    assert_eq!(erased["description"], Value::Null);
    for p in erased["individuals"].as_array().unwrap() {
        assert_eq!(
            p,
            &json!({ "firstName": "", "lastName": "", "maidenName": null, "birthDate": null,
                "nationality": null, "emails": [], "address": null, "customProperties": {} })
        );
    }
    assert_eq!(erased["individuals"].as_array().unwrap().len(), 2);
    assert_eq!(
        erased["companies"],
        json!([{ "name": "", "registrationNumber": null, "address": null }])
    );
    assert_eq!(erased["notes"]["nodes"], json!([{ "body": "" }]));
    assert_eq!(
        erased["documents"]["nodes"],
        json!([{ "fileName": "", "sha256": "" }])
    );
    // One event more: the erasure's own.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        events_before + 1
    );

    // No table and no stored file holds the marker any more.
    assert_eq!(tables_holding(&app, &m).await, Vec::<String>::new());
    assert_eq!(files_holding(&dir, &m), 0);
    assert_eq!(files_in(&dir), 0);

    // Erasing again is harmless: the same answer, nothing written.
    let again = app.ok(&admin, ERASE, vars.clone()).await["eraseCase"].clone();
    assert_eq!(again["erasedAt"], erased["erasedAt"]);
    assert_eq!(again["version"], erased["version"]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        events_before + 1
    );

    // The trail: every earlier payload erased, the erasure event last, without personal data.
    let trail = app.ok(&admin, TRAIL, vars.clone()).await["case"].clone();
    assert_eq!(trail["erasedAt"], erased["erasedAt"]);
    let events = trail["auditTrail"]["nodes"].as_array().unwrap();
    let (last, earlier) = events.split_last().unwrap();
    assert_eq!(last["action"], "case.erased");
    assert_eq!(last["actorType"], "USER");
    assert_eq!(last["erased"], false);
    assert_eq!(last["changes"]["erased"]["retentionYears"], 7);
    assert!(earlier.len() >= 8, "{trail}");
    assert!(earlier
        .iter()
        .all(|e| e["erased"] == true && e["changes"].is_null()));
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM outbox_events WHERE event_type = 'CASE_ERASED'"
        )
        .await,
        1
    );

    // The chain still verifies, on the server and offline.
    let v = app.ok(&admin, VERIFY, vars.clone()).await["verifyAuditTrail"].clone();
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(v["eventsChecked"], events.len());
    let key = app.ok(&admin, SIGN, json!({})).await["signAuditCheckpoint"]["verifierKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let bundle = app.ok(&admin, PROOF, vars.clone()).await["auditProof"].clone();
    let flags: Vec<bool> = bundle["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["erased"].as_bool().unwrap())
        .collect();
    assert_eq!(flags.iter().filter(|e| **e).count(), events.len() - 1);
    assert_eq!(flags.last(), Some(&false));
    let (ok, out) = run_verifier(&bundle, &key);
    assert!(ok, "{out}");
    // It says which payloads were erased, and that the checkpoint covers the erasure.
    let n = events.len();
    assert!(
        out.contains(&format!(
            "{n} events (payloads erased under retention: events 1-{})",
            n - 1
        )) && out.contains(&format!("signed event {n}")),
        "{out}"
    );
    assert!(!bundle.to_string().to_lowercase().contains(&m));

    // An erased case takes no change: CONFLICT naming when it was erased, nothing written.
    let err = app
        .err(&admin, NOTE, json!({ "id": case_id, "b": "more" }))
        .await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
    assert_eq!(err["extensions"]["erasedAt"], erased["erasedAt"]);
    refused(
        &app,
        &admin,
        UPDATE,
        json!({ "id": case_id, "in": { "name": "again" } }),
        "CONFLICT",
        None,
    )
    .await;
    let reviewer = app.token("erase", Role::Reviewer);
    refused(
        &app,
        &reviewer,
        r#"mutation($id: ID!) { reopenCase(caseId: $id) { id } }"#,
        vars.clone(),
        "CONFLICT",
        None,
    )
    .await;
}

#[tokio::test]
async fn only_closed_or_rejected_cases_are_erased() {
    let (app, _dir) = app_with(|_| {}).await;
    let admin = app.token("erase-open", Role::Admin);
    let open =
        crate::helpers::create_case(&app, &admin, json!({ "name": "Open Ltd", "type": "KYB" }))
            .await;
    refused(
        &app,
        &admin,
        ERASE,
        json!({ "id": open }),
        "INVALID_TRANSITION",
        None,
    )
    .await;
    let err = app.err(&admin, ERASE, json!({ "id": open })).await;
    assert_eq!(err["extensions"]["to"], "ERASED", "{err}");
    // Approved is not an end: a periodic review follows.
    app.ok(&admin, REVIEW, json!({ "id": open, "s": "APPROVED" }))
        .await;
    decided_at(&app, &open, "2010-01-01T00:00:00Z").await;
    refused(
        &app,
        &admin,
        ERASE,
        json!({ "id": open }),
        "INVALID_TRANSITION",
        None,
    )
    .await;
    // Rejected, long ago: erased.
    app.ok(&admin, REVIEW, json!({ "id": open, "s": "REJECTED" }))
        .await;
    decided_at(&app, &open, "2010-01-01T00:00:00Z").await;
    let erased = app.ok(&admin, ERASE, json!({ "id": open })).await;
    assert!(erased["eraseCase"]["erasedAt"].is_string());
    let unknown = uuid::Uuid::new_v4().to_string();
    let err = app.err(&admin, ERASE, json!({ "id": unknown })).await;
    assert_eq!(code(&err), "NOT_FOUND");
}

#[tokio::test]
async fn the_retention_job_erases_due_cases_once_across_two_replicas() {
    let (app, dir) = app_with(|_| {}).await;
    let admin = app.token("erase-job", Role::Admin);
    let m = format!("mrk{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let due = marked_case(&app, &admin, &m).await;
    decided_at(&app, &due, "2019-03-01T00:00:00Z").await;
    // Closed recently: kept.
    let recent = crate::helpers::create_case(
        &app,
        &admin,
        json!({ "name": format!("Recent {m}"), "type": "KYC" }),
    )
    .await;
    app.ok(&admin, REVIEW, json!({ "id": recent, "s": "REJECTED" }))
        .await;

    // Two replicas run the job every second on the same database.
    let job = |args: &mut casegraph::config::ServeArgs| {
        args.retention.enabled = true;
        args.retention.interval_secs = 1;
    };
    let (d1, d2) = (dir.clone(), dir.clone());
    let one = app
        .replica(move |args| {
            job(args);
            args.documents.documents_dir = d1;
        })
        .await;
    let two = app
        .replica(move |args| {
            job(args);
            args.documents.documents_dir = d2;
        })
        .await;
    let mut erased = Value::Null;
    for _ in 0..100 {
        let trail = app.ok(&admin, TRAIL, json!({ "id": due })).await;
        if trail["case"]["erasedAt"].is_string() {
            erased = trail["case"].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(erased["erasedAt"].is_string(), "not erased by the job");
    // Let both replicas run more passes: still one erasure.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let trail = app.ok(&admin, TRAIL, json!({ "id": due })).await;
    let erasures: Vec<&Value> = trail["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "case.erased")
        .collect();
    assert_eq!(erasures.len(), 1, "{trail}");
    assert_eq!(erasures[0]["actorType"], "SYSTEM");
    // The document's bytes went with it; the recent case keeps its data.
    assert_eq!(files_holding(&dir, &m), 0);
    // Only the recent case's name (its row, its creation event and its outbox row).
    assert_eq!(
        tables_holding(&app, &m).await,
        vec!["audit_payloads", "cases", "outbox_events"]
    );
    let recent_case = app
        .ok(
            &admin,
            r#"query($id: ID!) { case(id: $id) { name erasedAt } }"#,
            json!({ "id": recent }),
        )
        .await;
    assert_eq!(recent_case["case"]["erasedAt"], Value::Null);
    let v = app.ok(&admin, VERIFY, json!({ "id": due })).await;
    assert_eq!(v["verifyAuditTrail"]["valid"], true, "{v}");
    // Both replicas count what they erased: one erasure in all.
    let mut total = 0;
    for replica in [&one, &two] {
        total += metric(replica, "casegraph_retention_cases_erased_total")
            .await
            .unwrap_or(0);
    }
    assert_eq!(total, 1);
}
