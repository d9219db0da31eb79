//! Screening results and case triggers: every trigger on and off and at its threshold, the
//! case a result opens (subject, AML check with the hits, related screening and hit ids),
//! duplicate `screeningId`s (one after the other and concurrent), idempotent retries, bad
//! input refused with nothing written.

use casegraph::domain::Role;
use futures::future::join_all;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::validation::refused;

const INGEST: &str = r#"mutation($input: IngestScreeningResultInput!, $key: String) {
  ingestScreeningResult(input: $input, idempotencyKey: $key) {
    outcome
    case { id type priority status name relatedScreeningId relatedHitIds isAmlPositive
           individuals { firstName lastName } companies { name country }
           checks { type label subjectType amlHits { name score status providerRef } } }
    screening { id screeningId kind confidence riskScore outcome caseId }
  } }"#;

const TRIGGERS: &str = r#"mutation($input: CaseTriggersInput!) { updateCaseTriggers(input: $input) {
  caseTriggers { sanctions { enabled minConfidence priority } pep { enabled priority }
    fraud { enabled priority } verificationFailure { enabled priority }
    adverseMedia { enabled minRiskScore priority } } } }"#;

fn person(id: &str, kind: &str, confidence: f64, risk: f64) -> Value {
    json!({
        "screeningId": id, "kind": kind, "confidence": confidence, "riskScore": risk,
        "subject": { "individual": { "firstName": "Ivan", "lastName": "Petrov", "nationality": "RU" } },
        "hits": [
            { "name": "Ivan PETROV", "listTypes": ["SANCTION"], "score": 91, "providerRef": "hit-1" },
            { "name": "I. Petrov", "listTypes": ["PEP"], "score": 64, "providerRef": "hit-2" }
        ]
    })
}

async fn ingest(app: &TestApp, token: &str, input: Value) -> Value {
    app.ok(token, INGEST, json!({ "input": input })).await["ingestScreeningResult"].clone()
}

#[tokio::test]
async fn defaults_follow_the_spec_table() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Viewer);
    let data = app
        .ok(
            &t,
            "{ workspace { caseTriggers { sanctions { enabled minConfidence priority } \
             pep { enabled priority } fraud { enabled priority } \
             verificationFailure { enabled priority } \
             adverseMedia { enabled minRiskScore priority } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["workspace"]["caseTriggers"],
        json!({
            "sanctions": { "enabled": true, "minConfidence": 80.0, "priority": "CRITICAL" },
            "pep": { "enabled": true, "priority": "HIGH" },
            "fraud": { "enabled": true, "priority": "HIGH" },
            "verificationFailure": { "enabled": true, "priority": "MEDIUM" },
            "adverseMedia": { "enabled": true, "minRiskScore": 70.0, "priority": "HIGH" }
        })
    );
}

#[tokio::test]
async fn a_sanctions_hit_at_80_opens_a_critical_case_and_79_does_not() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let below = ingest(&app, &t, person("scr-79", "SANCTIONS", 79.0, 0.0)).await;
    assert_eq!(below["outcome"], "BELOW_THRESHOLD");
    assert_eq!(below["case"], Value::Null);
    assert_eq!(below["screening"]["outcome"], "BELOW_THRESHOLD");
    assert_eq!(below["screening"]["caseId"], Value::Null);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 0);

    let at = ingest(&app, &t, person("scr-80", "SANCTIONS", 80.0, 0.0)).await;
    assert_eq!(at["outcome"], "CASE_CREATED", "{at}");
    let case = &at["case"];
    assert_eq!(case["type"], "SANCTIONS");
    assert_eq!(case["priority"], "CRITICAL");
    assert_eq!(case["status"], "OPEN");
    assert_eq!(case["relatedScreeningId"], "scr-80");
    assert_eq!(case["relatedHitIds"], json!(["hit-1", "hit-2"]));
    assert_eq!(case["isAmlPositive"], true);
    assert_eq!(
        case["individuals"],
        json!([{ "firstName": "Ivan", "lastName": "Petrov" }])
    );
    assert_eq!(case["companies"], json!([]));
    let checks = case["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 1);
    assert_eq!(checks[0]["type"], "AML");
    assert_eq!(checks[0]["subjectType"], "INDIVIDUAL");
    assert_eq!(
        checks[0]["amlHits"],
        json!([
            { "name": "Ivan PETROV", "score": 91.0, "status": "POTENTIAL_MATCH", "providerRef": "hit-1" },
            { "name": "I. Petrov", "score": 64.0, "status": "POTENTIAL_MATCH", "providerRef": "hit-2" }
        ])
    );
    assert_eq!(at["screening"]["caseId"], case["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM screening_results").await,
        2
    );

    // The case is readable as any other, with a valid audit chain.
    let id = case["id"].as_str().unwrap();
    let read = app
        .ok(
            &t,
            r#"query($id: ID!) { case(id: $id) { relatedScreeningId auditTrail(first: 100) { nodes { action } } }
                verifyAuditTrail(caseId: $id) { valid } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["case"]["relatedScreeningId"], "scr-80");
    // The stored result is a Node, refetchable by its id.
    let node = app
        .ok(
            &t,
            r#"query($id: ID!) { node(id: $id) { id ... on ScreeningResult { screeningId outcome } } }"#,
            json!({ "id": at["screening"]["id"] }),
        )
        .await;
    assert_eq!(node["node"]["screeningId"], "scr-80");
    assert_eq!(node["node"]["outcome"], "CASE_CREATED");
    assert_eq!(read["verifyAuditTrail"]["valid"], true);
    let actions: Vec<&str> = read["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"case.created"), "{actions:?}");
    assert!(actions.contains(&"check.created"), "{actions:?}");
}

#[tokio::test]
async fn every_trigger_opens_its_case_when_on_and_none_when_off() {
    let app = spawn_app().await;
    let admin = app.token("ws", Role::Admin);
    let t = app.token("ws", Role::Integration);
    let cases = [
        ("SANCTIONS", "SANCTIONS", "CRITICAL"),
        ("PEP", "PEP", "HIGH"),
        ("FRAUD", "FRAUD", "HIGH"),
        ("VERIFICATION_FAILURE", "VERIFICATION", "MEDIUM"),
        ("ADVERSE_MEDIA", "ADVERSE_MEDIA", "HIGH"),
    ];
    for (i, (kind, case_type, priority)) in cases.iter().enumerate() {
        let on = ingest(&app, &t, person(&format!("on-{i}"), kind, 100.0, 100.0)).await;
        assert_eq!(on["outcome"], "CASE_CREATED", "{kind}: {on}");
        assert_eq!(on["case"]["type"], *case_type, "{kind}");
        assert_eq!(on["case"]["priority"], *priority, "{kind}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 5);

    let off = app
        .ok(
            &admin,
            TRIGGERS,
            json!({ "input": {
                "sanctions": { "enabled": false }, "pep": { "enabled": false },
                "fraud": { "enabled": false }, "verificationFailure": { "enabled": false },
                "adverseMedia": { "enabled": false } } }),
        )
        .await;
    let triggers = &off["updateCaseTriggers"]["caseTriggers"];
    assert_eq!(triggers["sanctions"]["enabled"], false);
    // Thresholds and priorities not named stay.
    assert_eq!(triggers["sanctions"]["minConfidence"], 80.0);
    assert_eq!(triggers["adverseMedia"]["priority"], "HIGH");
    for (i, (kind, _, _)) in cases.iter().enumerate() {
        let r = ingest(&app, &t, person(&format!("off-{i}"), kind, 100.0, 100.0)).await;
        assert_eq!(r["outcome"], "TRIGGER_OFF", "{kind}: {r}");
        assert_eq!(r["case"], Value::Null);
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 5);

    // On again, one at a time: only the kind switched on opens a case.
    app.ok(
        &admin,
        TRIGGERS,
        json!({ "input": { "pep": { "enabled": true, "priority": "LOW" } } }),
    )
    .await;
    let pep = ingest(&app, &t, person("again-pep", "PEP", 0.0, 0.0)).await;
    assert_eq!(pep["outcome"], "CASE_CREATED");
    assert_eq!(pep["case"]["priority"], "LOW");
    let fraud = ingest(&app, &t, person("again-fraud", "FRAUD", 100.0, 100.0)).await;
    assert_eq!(fraud["outcome"], "TRIGGER_OFF");
}

#[tokio::test]
async fn thresholds_are_inclusive_and_configurable() {
    let app = spawn_app().await;
    let admin = app.token("ws", Role::Admin);
    let t = app.token("ws", Role::Analyst);
    // Adverse media: riskScore against minRiskScore (70), whatever the confidence.
    let r = ingest(&app, &t, person("am-69", "ADVERSE_MEDIA", 100.0, 69.9)).await;
    assert_eq!(r["outcome"], "BELOW_THRESHOLD");
    let r = ingest(&app, &t, person("am-70", "ADVERSE_MEDIA", 0.0, 70.0)).await;
    assert_eq!(r["outcome"], "CASE_CREATED");
    assert_eq!(r["case"]["type"], "ADVERSE_MEDIA");
    // Sanctions: confidence against minConfidence, whatever the risk score.
    let r = ingest(&app, &t, person("s-79", "SANCTIONS", 79.99, 100.0)).await;
    assert_eq!(r["outcome"], "BELOW_THRESHOLD");

    app.ok(
        &admin,
        TRIGGERS,
        json!({ "input": {
            "sanctions": { "minConfidence": 60, "priority": "HIGH" },
            "adverseMedia": { "minRiskScore": 50, "priority": "LOW" } } }),
    )
    .await;
    let r = ingest(&app, &t, person("s-60", "SANCTIONS", 60.0, 0.0)).await;
    assert_eq!(r["outcome"], "CASE_CREATED");
    assert_eq!(r["case"]["priority"], "HIGH");
    let r = ingest(&app, &t, person("s-59", "SANCTIONS", 59.0, 0.0)).await;
    assert_eq!(r["outcome"], "BELOW_THRESHOLD");
    let r = ingest(&app, &t, person("am-50", "ADVERSE_MEDIA", 0.0, 50.0)).await;
    assert_eq!(r["outcome"], "CASE_CREATED");
    assert_eq!(r["case"]["priority"], "LOW");
    let r = ingest(&app, &t, person("am-49", "ADVERSE_MEDIA", 0.0, 49.0)).await;
    assert_eq!(r["outcome"], "BELOW_THRESHOLD");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 3);
}

#[tokio::test]
async fn a_company_subject_becomes_the_case_company() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let r = ingest(
        &app,
        &t,
        json!({ "screeningId": "co-1", "kind": "FRAUD", "confidence": 55,
                "subject": { "company": { "name": "Shell Ltd", "country": "CY" } } }),
    )
    .await;
    assert_eq!(r["outcome"], "CASE_CREATED");
    assert_eq!(
        r["case"]["companies"],
        json!([{ "name": "Shell Ltd", "country": "CY" }])
    );
    assert_eq!(r["case"]["individuals"], json!([]));
    assert_eq!(r["case"]["checks"][0]["subjectType"], "COMPANY");
    assert_eq!(r["case"]["checks"][0]["amlHits"], json!([]));
    assert_eq!(r["case"]["relatedHitIds"], json!([]));
    assert_eq!(r["case"]["isAmlPositive"], false);
}

#[tokio::test]
async fn the_same_screening_id_twice_creates_nothing_new() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let first = ingest(&app, &t, person("dup", "PEP", 90.0, 0.0)).await;
    assert_eq!(first["outcome"], "CASE_CREATED");
    // Even with other values (a provider re-sending the screening).
    let again = ingest(&app, &t, person("dup", "SANCTIONS", 99.0, 99.0)).await;
    assert_eq!(again["outcome"], "DUPLICATE_SCREENING_ID");
    assert_eq!(again["case"], Value::Null);
    assert_eq!(again["screening"]["id"], first["screening"]["id"]);
    assert_eq!(again["screening"]["kind"], "PEP");
    assert_eq!(again["screening"]["caseId"], first["case"]["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM screening_results").await,
        1
    );
    // A result that opened no case is a duplicate too.
    let low = ingest(&app, &t, person("low", "SANCTIONS", 10.0, 0.0)).await;
    assert_eq!(low["outcome"], "BELOW_THRESHOLD");
    let low = ingest(&app, &t, person("low", "SANCTIONS", 95.0, 0.0)).await;
    assert_eq!(low["outcome"], "DUPLICATE_SCREENING_ID");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    // Another workspace has its own screening ids.
    let other = ingest(
        &app,
        &app.token("other", Role::Integration),
        person("dup", "PEP", 90.0, 0.0),
    )
    .await;
    assert_eq!(other["outcome"], "CASE_CREATED");
}

#[tokio::test]
async fn five_concurrent_ingests_of_one_screening_create_one_case() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let calls = (0..5).map(|_| {
        app.post(
            Some(&t),
            INGEST,
            json!({ "input": person("race", "SANCTIONS", 95.0, 0.0) }),
        )
    });
    let answers = join_all(calls).await;
    let mut outcomes: Vec<String> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 200, "{body}");
            assert!(body.get("errors").is_none(), "{body}");
            body["data"]["ingestScreeningResult"]["outcome"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    outcomes.sort();
    assert_eq!(
        outcomes,
        [
            "CASE_CREATED",
            "DUPLICATE_SCREENING_ID",
            "DUPLICATE_SCREENING_ID",
            "DUPLICATE_SCREENING_ID",
            "DUPLICATE_SCREENING_ID"
        ]
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM screening_results").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM aml_hits").await, 2);
}

/// Twenty partners' calls at once, more than the pool has connections: ten distinct
/// screenings and ten copies of one. Eleven cases, no `INTERNAL`, every chain intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_ingests_open_one_case_per_screening() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let calls = (0..20).map(|i| {
        let id = if i % 2 == 0 {
            format!("distinct-{i}")
        } else {
            "shared".to_owned()
        };
        app.post(
            Some(&t),
            INGEST,
            json!({ "input": person(&id, "SANCTIONS", 95.0, 0.0) }),
        )
    });
    let answers = join_all(calls).await;
    let mut created = Vec::new();
    let mut duplicates = 0;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{body}");
        let answer = &body["data"]["ingestScreeningResult"];
        match answer["outcome"].as_str().unwrap() {
            "CASE_CREATED" => created.push(answer["case"]["id"].as_str().unwrap().to_owned()),
            "DUPLICATE_SCREENING_ID" => duplicates += 1,
            other => panic!("unexpected outcome {other}: {body}"),
        }
    }
    assert_eq!((created.len(), duplicates), (11, 9));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 11);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM screening_results").await,
        11
    );
    let admin = app.token("ws", Role::Admin);
    for case in created {
        let v = app
            .ok(
                &admin,
                "query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }",
                json!({ "id": case }),
            )
            .await;
        assert_eq!(v["verifyAuditTrail"]["valid"], true, "{case}");
    }
}

#[tokio::test]
async fn a_retried_ingest_returns_the_first_answer_and_a_changed_one_conflicts() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let vars = json!({ "input": person("k-scr", "PEP", 90.0, 0.0), "key": "key-1" });
    let first = app.ok(&t, INGEST, vars.clone()).await["ingestScreeningResult"].clone();
    assert_eq!(first["outcome"], "CASE_CREATED");
    // The retry gets the first answer, not DUPLICATE_SCREENING_ID.
    let retry = app.ok(&t, INGEST, vars).await["ingestScreeningResult"].clone();
    assert_eq!(retry["outcome"], "CASE_CREATED");
    assert_eq!(retry["case"]["id"], first["case"]["id"]);
    assert_eq!(retry["screening"]["id"], first["screening"]["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);

    let err = app
        .err(
            &t,
            INGEST,
            json!({ "input": person("k-scr", "PEP", 91.0, 0.0), "key": "key-1" }),
        )
        .await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
    assert_eq!(err["extensions"]["field"], "idempotencyKey");

    // A keyed call that found a duplicate answers the same on retry.
    let vars = json!({ "input": person("k-scr", "PEP", 90.0, 0.0), "key": "key-2" });
    let dup = app.ok(&t, INGEST, vars.clone()).await["ingestScreeningResult"].clone();
    assert_eq!(dup["outcome"], "DUPLICATE_SCREENING_ID");
    let dup_retry = app.ok(&t, INGEST, vars).await["ingestScreeningResult"].clone();
    assert_eq!(dup_retry["outcome"], "DUPLICATE_SCREENING_ID");
    assert_eq!(dup_retry["screening"]["id"], first["screening"]["id"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1);
}

#[tokio::test]
async fn bad_screening_input_is_refused_and_writes_nothing() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let admin = app.token("ws", Role::Admin);
    // Make the workspace exist first, so the dump compares like with like.
    for token in [&t, &admin] {
        app.ok(token, "{ viewer { role } }", json!({})).await;
    }
    let good = person("b", "SANCTIONS", 90.0, 0.0);
    let cases: [(&str, Value, &str); 6] = [
        ("confidence", json!(101), "input.confidence"),
        ("riskScore", json!(-1), "input.riskScore"),
        (
            "subject",
            json!({ "individual": { "firstName": "A", "lastName": "B" }, "company": { "name": "C" } }),
            "input.subject",
        ),
        ("subject", json!({}), "input.subject"),
        (
            "subject",
            json!({ "individual": { "firstName": "", "lastName": "X" } }),
            "input.subject.individual.firstName",
        ),
        ("screeningId", json!("  "), "input.screeningId"),
    ];
    for (key, value, field) in cases {
        let mut bad = good.clone();
        bad[key] = value;
        let vars = json!({ "input": bad });
        refused(&app, &t, INGEST, vars, "BAD_USER_INPUT", Some(field)).await;
    }
    // A bad subject is refused even when no trigger fires.
    let mut low = person("low", "SANCTIONS", 1.0, 0.0);
    low["subject"]["individual"]["nationality"] = json!("XX");
    refused(
        &app,
        &t,
        INGEST,
        json!({ "input": low }),
        "BAD_USER_INPUT",
        Some("input.subject.individual.nationality"),
    )
    .await;
    // Viewers cannot ingest; only admins change triggers.
    let err = app
        .err(
            &app.token("ws", Role::Viewer),
            INGEST,
            json!({ "input": person("v", "PEP", 1.0, 0.0) }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN", "{err}");
    refused(
        &app,
        &t,
        TRIGGERS,
        json!({ "input": { "pep": { "enabled": false } } }),
        "FORBIDDEN",
        None,
    )
    .await;
    refused(
        &app,
        &admin,
        TRIGGERS,
        json!({ "input": { "pep": { "enabled": false }, "sanctions": { "minConfidence": 120 } } }),
        "BAD_USER_INPUT",
        Some("input.sanctions.minConfidence"),
    )
    .await;
    refused(
        &app,
        &admin,
        TRIGGERS,
        json!({ "input": { "adverseMedia": { "minRiskScore": -5 } } }),
        "BAD_USER_INPUT",
        Some("input.adverseMedia.minRiskScore"),
    )
    .await;
}
