//! Bursts of concurrent writers, more than the pool has connections (the test pool holds
//! 5): every case-changing mutation, 20 at a time on one case, must end in success or in
//! the refusal it deserves (never `INTERNAL`), while a read from another workspace made
//! meanwhile still completes.

use casegraph::domain::Role;
use casegraph::service::audit::verify_chain;
use entity::{audit_event, audit_payload};
use futures::future::join_all;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, Statement,
};
use serde_json::{json, Value};

use crate::helpers::*;

/// Writers per burst: four times the test pool.
const N: usize = 20;

const FOREIGN_READ: &str = "{ cases(first: 1) { totalCount } }";

/// The outcome of one response: `ok`, or the code of its first error.
fn outcome(status: u16, body: &Value) -> String {
    match body.get("errors") {
        None if status == 200 => "ok".into(),
        None => format!("HTTP {status}"),
        Some(errors) => code(&errors[0]).to_owned(),
    }
}

/// Runs `N` writers built by `op` at once, with a read from another workspace among them.
/// Every writer must end in one of `allowed` (`ok` or an error code); returns the bodies.
async fn burst(
    app: &TestApp,
    token: &str,
    name: &str,
    allowed: &[&str],
    op: impl Fn(usize) -> (&'static str, Value),
) -> Vec<Value> {
    let foreign = app.token("elsewhere", Role::Viewer);
    let writers = join_all((0..N).map(|i| {
        let (query, variables) = op(i);
        app.post(Some(token), query, variables)
    }));
    let read = app.post(Some(&foreign), FOREIGN_READ, json!({}));
    let (responses, (read_status, read_body)) = tokio::join!(writers, read);
    assert_eq!(
        outcome(read_status, &read_body),
        "ok",
        "{name}: the other workspace's read failed: {read_body}"
    );
    let outcomes: Vec<String> = responses.iter().map(|(s, b)| outcome(*s, b)).collect();
    for ((_, body), o) in responses.iter().zip(&outcomes) {
        assert!(
            allowed.contains(&o.as_str()),
            "{name}: {o} is not one of {allowed:?}: {body}\nall outcomes: {outcomes:?}"
        );
    }
    responses.into_iter().map(|(_, body)| body).collect()
}

/// `data.<field>.id` of each body.
fn ids(bodies: &[Value], field: &str) -> Vec<String> {
    bodies
        .iter()
        .map(|b| b["data"][field]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// How many bodies are successes.
fn successes(bodies: &[Value]) -> usize {
    bodies.iter().filter(|b| b.get("errors").is_none()).count()
}

const CASE_IDS: &str = r#"query($id: ID!) { case(id: $id) { version
  companies { id isMain } individuals { id } checks { id type amlHits { id } } } }"#;

/// Ids of the case's graph: main and other company, individuals, checks by type, hits.
struct Ids {
    case: String,
    main: String,
    holding: String,
    individual: String,
    registry_check: String,
    aml_check: String,
    hits: Vec<String>,
}

async fn kyb_with_hits(app: &TestApp, token: &str) -> Ids {
    let mut input = kyb_case("Burst", None);
    input["checks"][1]["amlHits"] = json!([
        { "name": "Alan Turing", "listTypes": ["PEP"], "score": 91 },
        { "name": "A. Turing", "listTypes": ["SANCTION"], "score": 60 },
        { "name": "Alan M. Turing", "score": 40 }
    ]);
    let case = create_case(app, token, input).await;
    let c = app.ok(token, CASE_IDS, json!({ "id": case })).await["case"].clone();
    let pick = |list: &str, pred: &dyn Fn(&Value) -> bool| {
        c[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| pred(x))
            .unwrap()
            .clone()
    };
    let aml = pick("checks", &|x| x["type"] == "AML");
    Ids {
        main: pick("companies", &|x| x["isMain"] == true)["id"]
            .as_str()
            .unwrap()
            .into(),
        holding: pick("companies", &|x| x["isMain"] == false)["id"]
            .as_str()
            .unwrap()
            .into(),
        individual: c["individuals"][0]["id"].as_str().unwrap().into(),
        registry_check: pick("checks", &|x| x["type"] == "REGISTRY")["id"]
            .as_str()
            .unwrap()
            .into(),
        aml_check: aml["id"].as_str().unwrap().into(),
        hits: aml["amlHits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect(),
        case,
    }
}

async fn version(app: &TestApp, token: &str, case: &str) -> i64 {
    app.ok(token, CASE_IDS, json!({ "id": case })).await["case"]["version"]
        .as_i64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_case_mutation_survives_a_burst_of_writers_larger_than_the_pool() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Admin);
    for target in ["CASE", "COMPANY", "INDIVIDUAL"] {
        app.ok(
            &token,
            r#"mutation($in: DefineCustomPropertyInput!) { defineCustomProperty(input: $in) { id } }"#,
            json!({ "in": { "target": target, "key": "segment", "label": "Segment", "type": "TEXT" } }),
        )
        .await;
    }
    let me = app
        .ok(&token, "{ viewer { user { id } } }", json!({}))
        .await["viewer"]["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let x = kyb_with_hits(&app, &token).await;
    let case = x.case.clone();
    let ok = &["ok"];

    burst(&app, &token, "updateCase", ok, |i| {
        (
            r#"mutation($id: ID!, $n: String!) { updateCase(id: $id, input: { name: $n, tags: [$n] }) { id } }"#,
            json!({ "id": case, "n": format!("Burst {i}") }),
        )
    })
    .await;

    burst(&app, &token, "setCaseTags", ok, |i| {
        (
            r#"mutation($id: ID!, $t: String!) { setCaseTags(caseId: $id, tags: [$t, "burst"]) { id } }"#,
            json!({ "id": case, "t": format!("t{i}") }),
        )
    })
    .await;

    // All send the version they read: one wins, the others were stale.
    let v = version(&app, &token, &case).await;
    let bodies = burst(&app, &token, "updateCase (expectedVersion)", &["ok", "CONFLICT"], |i| {
        (
            r#"mutation($id: ID!, $v: Int!, $n: String!) { updateCase(id: $id, expectedVersion: $v, input: { description: $n }) { id } }"#,
            json!({ "id": case, "v": v, "n": format!("d{i}") }),
        )
    })
    .await;
    assert_eq!(
        successes(&bodies),
        1,
        "exactly one writer held the current version"
    );

    burst(&app, &token, "setCustomProperties", ok, |i| {
        let (target, id) = match i % 3 {
            0 => ("CASE", &case),
            1 => ("COMPANY", &x.main),
            _ => ("INDIVIDUAL", &x.individual),
        };
        (
            r#"mutation($t: CustomPropertyTarget!, $id: ID!, $v: JSON!) { setCustomProperties(target: $t, entityId: $id, values: $v) }"#,
            json!({ "t": target, "id": id, "v": { "segment": format!("s{i}") } }),
        )
    })
    .await;

    burst(&app, &token, "assignCase", ok, |i| {
        (
            r#"mutation($id: ID!, $u: ID) { assignCase(caseId: $id, userId: $u) { id } }"#,
            json!({ "id": case, "u": if i % 2 == 0 { Value::from(me.clone()) } else { Value::Null } }),
        )
    })
    .await;

    burst(&app, &token, "setCaseReviewDate", ok, |i| {
        (
            r#"mutation($id: ID!, $p: ReviewPreset!) { setCaseReviewDate(caseId: $id, schedule: { preset: $p }) { id } }"#,
            json!({ "id": case, "p": if i % 2 == 0 { "MONTHS_3" } else { "MONTHS_6" } }),
        )
    })
    .await;

    // A closed case cannot be approved or rejected: later reviews may be refused.
    burst(&app, &token, "createCaseReview", &["ok", "INVALID_TRANSITION"], |i| {
        (
            r#"mutation($id: ID!, $s: ReviewStatus!) { createCaseReview(caseId: $id, input: { status: $s, comment: "burst" }) { id } }"#,
            json!({ "id": case, "s": (["APPROVED", "REJECTED", "CLOSED"][i % 3]) }),
        )
    })
    .await;

    // Only the first reopening finds the case decided.
    let bodies = burst(
        &app,
        &token,
        "reopenCase",
        &["ok", "INVALID_TRANSITION"],
        |_| {
            (
                r#"mutation($id: ID!) { reopenCase(caseId: $id, comment: "again") { id } }"#,
                json!({ "id": case }),
            )
        },
    )
    .await;
    assert_eq!(successes(&bodies), 1);

    let bodies = burst(&app, &token, "createCompany", ok, |i| {
        (
            r#"mutation($id: ID!, $n: String!) { createCompany(caseId: $id, input: { name: $n }) { id } }"#,
            json!({ "id": case, "n": format!("Affiliate {i}") }),
        )
    })
    .await;
    let companies = ids(&bodies, "createCompany");

    burst(&app, &token, "updateCompany", ok, |i| {
        (
            r#"mutation($id: ID!, $n: String!) { updateCompany(id: $id, input: { name: $n, legalForm: "SAS" }) { id } }"#,
            json!({ "id": companies[i], "n": format!("Affiliate {i} SAS") }),
        )
    })
    .await;

    let bodies = burst(&app, &token, "createIndividual", ok, |i| {
        (
            r#"mutation($id: ID!, $n: String!) { createIndividual(caseId: $id, input: { firstName: $n, lastName: "Director", relations: [{ roles: [DIRECTOR] }] }) { id } }"#,
            json!({ "id": case, "n": format!("Person {i}") }),
        )
    })
    .await;
    let people = ids(&bodies, "createIndividual");

    burst(&app, &token, "updateIndividual", ok, |i| {
        (
            r#"mutation($id: ID!) { updateIndividual(id: $id, input: { nationality: "FR", emails: ["a@example.com"] }) { id } }"#,
            json!({ "id": people[i] }),
        )
    })
    .await;

    // A second path to the main company (through the holding), so deleting it orphans no one.
    let bodies = burst(&app, &token, "createRelation", ok, |i| {
        (
            r#"mutation($p: ID!, $c: ID!) { createRelation(input: { fromIndividualId: $p, toCompanyId: $c, roles: [DIRECTOR] }) { id } }"#,
            json!({ "p": people[i], "c": x.holding }),
        )
    })
    .await;
    let relations = ids(&bodies, "createRelation");

    burst(&app, &token, "updateRelation", ok, |i| {
        (
            r#"mutation($id: ID!, $p: String!) { updateRelation(id: $id, input: { position: $p }) { id } }"#,
            json!({ "id": relations[i], "p": format!("Director {i}") }),
        )
    })
    .await;

    burst(&app, &token, "deleteRelation", ok, |i| {
        (
            r#"mutation($id: ID!) { deleteRelation(id: $id) }"#,
            json!({ "id": relations[i] }),
        )
    })
    .await;

    burst(&app, &token, "deleteIndividual", ok, |i| {
        (
            r#"mutation($id: ID!) { deleteIndividual(id: $id) }"#,
            json!({ "id": people[i] }),
        )
    })
    .await;

    // One entity deleted by all: the first wins, the others find it gone.
    let extra = app
        .ok(
            &token,
            r#"mutation($id: ID!) { createIndividual(caseId: $id, input: { firstName: "Extra", lastName: "Person" }) { id } }"#,
            json!({ "id": case }),
        )
        .await["createIndividual"]["id"]
        .clone();
    let bodies = burst(
        &app,
        &token,
        "deleteIndividual (the same one)",
        &["ok", "NOT_FOUND"],
        |_| {
            (
                r#"mutation($id: ID!) { deleteIndividual(id: $id) }"#,
                json!({ "id": extra }),
            )
        },
    )
    .await;
    assert_eq!(successes(&bodies), 1);

    burst(&app, &token, "deleteCompany", ok, |i| {
        (
            r#"mutation($id: ID!) { deleteCompany(id: $id) }"#,
            json!({ "id": companies[i] }),
        )
    })
    .await;

    burst(&app, &token, "createCheck", ok, |i| {
        (
            r#"mutation($id: ID!, $l: String!) { createCheck(caseId: $id, input: { type: REGISTRY, label: $l, subjectCompanyId: null }) { id } }"#,
            json!({ "id": case, "l": format!("Registry {i}") }),
        )
    })
    .await;

    burst(&app, &token, "updateCheck", ok, |i| {
        (
            r#"mutation($id: ID!, $d: JSON!) { updateCheck(checkId: $id, input: { status: NEED_REVIEW, data: $d }) { id } }"#,
            json!({ "id": x.registry_check, "d": { "attempt": i } }),
        )
    })
    .await;

    // The issue's own reproduction: parallel decisions on one check.
    burst(&app, &token, "reviewCheck", ok, |i| {
        (
            r#"mutation($id: ID!, $s: CheckDecision!) { reviewCheck(checkId: $id, status: $s, comment: "burst") { id } }"#,
            json!({ "id": x.registry_check, "s": if i % 2 == 0 { "APPROVED" } else { "REJECTED" } }),
        )
    })
    .await;

    burst(&app, &token, "setCheckDeactivated", ok, |i| {
        (
            r#"mutation($id: ID!, $d: Boolean!) { setCheckDeactivated(checkId: $id, deactivated: $d) { id } }"#,
            json!({ "id": x.registry_check, "d": i % 2 == 0 }),
        )
    })
    .await;

    burst(&app, &token, "excludeCheck", ok, |i| {
        (
            r#"mutation($id: ID!, $e: Boolean!) { excludeCheck(checkId: $id, excluded: $e) { id } }"#,
            json!({ "id": x.aml_check, "e": i % 2 == 0 }),
        )
    })
    .await;

    burst(&app, &token, "reviewAmlHits", ok, |i| {
        let status = ["NO_MATCH", "FALSE_POSITIVE", "TRUE_POSITIVE"][i % 3];
        (
            r#"mutation($id: ID!, $d: [AmlHitDecisionInput!]!) { reviewAmlHits(checkId: $id, decisions: $d) { id } }"#,
            json!({ "id": x.aml_check, "d": x.hits.iter().map(|h| json!({ "hitId": h, "status": status })).collect::<Vec<_>>() }),
        )
    })
    .await;

    let bodies = burst(&app, &token, "addNote", ok, |i| {
        let check = if i % 2 == 0 { Value::Null } else { Value::from(x.registry_check.clone()) };
        (
            r#"mutation($id: ID!, $c: ID, $b: String!) { addNote(caseId: $id, checkId: $c, body: $b) { id } }"#,
            json!({ "id": case, "c": check, "b": format!("note {i}") }),
        )
    })
    .await;
    let notes = ids(&bodies, "addNote");
    let last_note = app
        .ok(
            &token,
            r#"mutation($id: ID!) { addNote(caseId: $id, body: "last") { id } }"#,
            json!({ "id": case }),
        )
        .await["addNote"]["id"]
        .clone();

    burst(&app, &token, "deleteNote", ok, |i| {
        (
            r#"mutation($id: ID!) { deleteNote(noteId: $id) }"#,
            json!({ "id": notes[i] }),
        )
    })
    .await;

    let bodies = burst(
        &app,
        &token,
        "deleteNote (the same one)",
        &["ok", "NOT_FOUND"],
        |_| {
            (
                r#"mutation($id: ID!) { deleteNote(noteId: $id) }"#,
                json!({ "id": last_note }),
            )
        },
    )
    .await;
    assert_eq!(successes(&bodies), 1);

    burst(&app, &token, "pushAutomaticRisk", ok, |i| {
        (
            r#"mutation($id: ID!, $l: RiskLevel!, $s: Float!) { pushAutomaticRisk(caseId: $id, input: { level: $l, score: $s, components: { pep: 1 } }) { id } }"#,
            json!({ "id": case, "l": (["LOW", "MEDIUM", "HIGH"][i % 3]), "s": i as f64 }),
        )
    })
    .await;

    burst(&app, &token, "setManualRisk", ok, |i| {
        (
            r#"mutation($id: ID!, $l: RiskLevel!) { setManualRisk(caseId: $id, input: { level: $l, comment: "burst" }) { id } }"#,
            json!({ "id": case, "l": (["LOW", "HIGH"][i % 2]) }),
        )
    })
    .await;

    burst(&app, &token, "enableAutomaticRisk", ok, |_| {
        (
            r#"mutation($id: ID!) { enableAutomaticRisk(caseId: $id) { id } }"#,
            json!({ "id": case }),
        )
    })
    .await;

    // Workspace-level writers share the workspace's own audit chain.
    burst(&app, &token, "defineCustomProperty", ok, |i| {
        (
            r#"mutation($k: String!) { defineCustomProperty(input: { target: CASE, key: $k, label: "Burst", type: TEXT }) { id } }"#,
            json!({ "k": format!("burst_{i}") }),
        )
    })
    .await;

    burst(&app, &token, "updateWorkspaceSettings", ok, |i| {
        (
            r#"mutation($a: Boolean!) { updateWorkspaceSettings(input: { autoApprove: $a }) { id } }"#,
            json!({ "a": i % 2 == 0 }),
        )
    })
    .await;

    // The screening triggers live in the same settings row: 20 admins at once.
    burst(&app, &token, "updateCaseTriggers", ok, |i| {
        (
            r#"mutation($c: Float!) { updateCaseTriggers(input: { sanctions: { enabled: true, minConfidence: $c, priority: HIGH } }) { caseTriggers { sanctions { minConfidence } } } }"#,
            json!({ "c": 50.0 + i as f64 }),
        )
    })
    .await;

    // 3 + 20 definitions, 20 settings and 20 trigger changes: one unforked workspace chain.
    let chain = audit_event::Entity::find()
        .filter(audit_event::Column::WorkspaceId.eq("acme"))
        .filter(audit_event::Column::CaseId.is_null())
        .order_by_asc(audit_event::Column::Seq)
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(chain.len(), 63);
    let payloads = audit_payload::Entity::find()
        .filter(audit_payload::Column::WorkspaceId.eq("acme"))
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.event_id, p.payload))
        .collect();
    let verified = verify_chain(&chain, &payloads);
    assert!(verified.valid, "{verified:?}");

    // The first deletion wins; the case is gone for the others.
    let bodies = burst(&app, &token, "deleteCase", &["ok", "NOT_FOUND"], |_| {
        (
            r#"mutation($id: ID!) { deleteCase(id: $id) }"#,
            json!({ "id": case }),
        )
    })
    .await;
    assert_eq!(successes(&bodies), 1);

    // Every accepted change is one link of the case's audit chain.
    let verify = app
        .ok(
            &token,
            r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }"#,
            json!({ "id": case }),
        )
        .await;
    assert_eq!(verify["verifyAuditTrail"]["valid"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_mixed_mutations_on_one_case_each_finish() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Admin);
    let x = kyb_with_hits(&app, &token).await;
    let foreign = app.token("elsewhere", Role::Viewer);
    let writers = join_all((0..50).map(|i| {
        let (query, variables) = match i % 10 {
            0 => (
                r#"mutation($id: ID!, $n: String!) { updateCase(id: $id, input: { description: $n }) { id } }"#,
                json!({ "id": x.case, "n": format!("d{i}") }),
            ),
            1 => (
                r#"mutation($id: ID!) { reviewCheck(checkId: $id, status: APPROVED) { id } }"#,
                json!({ "id": x.registry_check }),
            ),
            2 => (
                r#"mutation($id: ID!, $b: String!) { addNote(caseId: $id, body: $b) { id } }"#,
                json!({ "id": x.case, "b": format!("note {i}") }),
            ),
            3 => (
                r#"mutation($id: ID!) { createCheck(caseId: $id, input: { type: EKYC }) { id } }"#,
                json!({ "id": x.case }),
            ),
            4 => (
                r#"mutation($id: ID!, $n: String!) { createCompany(caseId: $id, input: { name: $n }) { id } }"#,
                json!({ "id": x.case, "n": format!("Affiliate {i}") }),
            ),
            5 => (
                r#"mutation($id: ID!, $d: [AmlHitDecisionInput!]!) { reviewAmlHits(checkId: $id, decisions: $d) { id } }"#,
                json!({ "id": x.aml_check, "d": [{ "hitId": x.hits[0], "status": "FALSE_POSITIVE" }] }),
            ),
            6 => (
                r#"mutation($id: ID!) { pushAutomaticRisk(caseId: $id, input: { level: MEDIUM, score: 50 }) { id } }"#,
                json!({ "id": x.case }),
            ),
            7 => (
                r#"mutation($id: ID!) { updateCompany(id: $id, input: { legalForm: "SA" }) { id } }"#,
                json!({ "id": x.holding }),
            ),
            8 => (
                r#"mutation($id: ID!) { createCaseReview(caseId: $id, input: { status: APPROVED, comment: "ok" }) { id } }"#,
                json!({ "id": x.case }),
            ),
            _ => (
                r#"mutation($id: ID!) { setCustomProperties(target: CASE, entityId: $id, values: {}) }"#,
                json!({ "id": x.case }),
            ),
        };
        let token = token.clone();
        let app = &app;
        async move { app.post(Some(&token), query, variables).await }
    }));
    let read = app.post(Some(&foreign), FOREIGN_READ, json!({}));
    let (responses, (read_status, read_body)) = tokio::join!(writers, read);
    assert_eq!(outcome(read_status, &read_body), "ok", "{read_body}");
    let outcomes: Vec<String> = responses.iter().map(|(s, b)| outcome(*s, b)).collect();
    assert!(
        outcomes.iter().all(|o| o == "ok"),
        "every writer finishes: {outcomes:?}"
    );
    let verify = app
        .ok(
            &token,
            r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } case(id: $id) { version } }"#,
            json!({ "id": x.case }),
        )
        .await;
    assert_eq!(verify["verifyAuditTrail"]["valid"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_creates_with_one_external_id_make_one_case() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let responses = join_all((0..100).map(|i| {
        app.post(
            Some(&token),
            CREATE_CASE,
            json!({ "input": { "name": format!("Twin {i}"), "type": "KYC", "externalId": "twin" } }),
        )
    }))
    .await;
    let mut outcomes: Vec<String> = responses.iter().map(|(s, b)| outcome(*s, b)).collect();
    outcomes.sort();
    outcomes.dedup_by(|a, b| a == b);
    let created = responses
        .iter()
        .filter(|(_, b)| b.get("errors").is_none())
        .count();
    assert_eq!(created, 1, "{outcomes:?}");
    assert_eq!(outcomes, ["CONFLICT", "ok"]);
    let count = app
        .ok(
            &token,
            r#"{ cases(filter: { externalId: "twin" }) { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(count["cases"]["totalCount"], 1);
}

#[tokio::test]
async fn postgres_statements_are_cut_off_by_the_per_connection_timeout() {
    if backend() != "postgres" {
        return;
    }
    let app = spawn_with(|args| args.database.statement_timeout_secs = 1).await;
    let db = &app.state.db;
    let sql = |text: &str| Statement::from_string(DatabaseBackend::Postgres, text.to_owned());
    // Set when each connection opens, not by a statement per request.
    let row = db
        .query_one_raw(sql("SHOW statement_timeout"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get::<String>("", "statement_timeout").unwrap(),
        "1s"
    );
    let err = db.execute_raw(sql("SELECT pg_sleep(3)")).await.unwrap_err();
    assert!(err.to_string().contains("statement timeout"), "{err}");
}

/// A case that names another while that one is deleted: whichever commits first, no live
/// case is left naming a deleted one (the creator is refused, or the delete drops the new
/// reference), and nobody sees `INTERNAL`. Rounds of a create and an update racing a delete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn naming_a_case_while_it_is_deleted_leaves_no_dangling_reference() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let holder = create_case(&app, &token, kyb_case("Holder", None)).await;
    for round in 0..15 {
        let target = create_case(&app, &token, kyb_case(&format!("Target {round}"), None)).await;
        let create = app.post(
            Some(&token),
            CREATE_CASE,
            json!({ "input": { "name": format!("Namer {round}"), "type": "KYC", "relatedCaseIds": [target] } }),
        );
        let update = app.post(
            Some(&token),
            r#"mutation($id: ID!, $r: ID!) { updateCase(id: $id, input: { relatedCaseIds: [$r] }) { id } }"#,
            json!({ "id": holder, "r": target }),
        );
        let delete = app.post(
            Some(&token),
            r#"mutation($id: ID!) { deleteCase(id: $id) }"#,
            json!({ "id": target }),
        );
        let ((cs, cb), (us, ub), (ds, db)) = tokio::join!(create, update, delete);
        assert_eq!(outcome(ds, &db), "ok", "round {round}: {db}");
        for (s, b) in [(cs, &cb), (us, &ub)] {
            let o = outcome(s, b);
            assert!(o == "ok" || o == "BAD_USER_INPUT", "round {round}: {b}");
        }
    }
    // Every live case's related ids name live cases only.
    let all = app
        .ok(
            &token,
            "{ cases(first: 100) { nodes { id relatedCaseIds } } }",
            json!({}),
        )
        .await;
    let nodes = all["cases"]["nodes"].as_array().unwrap();
    let live: std::collections::HashSet<&str> =
        nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for n in nodes {
        for r in n["relatedCaseIds"].as_array().unwrap() {
            assert!(
                live.contains(r.as_str().unwrap()),
                "{} names the deleted case {r}",
                n["id"]
            );
        }
    }
    let verify = app
        .ok(
            &token,
            r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }"#,
            json!({ "id": holder }),
        )
        .await;
    assert_eq!(verify["verifyAuditTrail"]["valid"], true);
}
