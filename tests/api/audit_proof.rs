//! The audit proof (SPEC §3 "Audit proof and retention"): payloads kept apart from the
//! chained events, the offline verifier script, signed checkpoints against removed tails
//! and rewritten chains.

use casegraph::domain::Role;
use casegraph::service::audit;
use entity::audit_event;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QueryOrder, Statement,
};
use serde_json::{json, Value};

use crate::helpers::{code, create_case, spawn_app, TestApp};

const UPDATE: &str =
    r#"mutation($id: ID!, $d: String!) { updateCase(id: $id, input: { description: $d }) { id } }"#;
const SIGN: &str = r#"mutation { signAuditCheckpoint { id signedAt note verifierKey } }"#;
const VERIFY: &str = r#"query($id: ID!) { verifyAuditTrail(caseId: $id) { valid eventsChecked firstBrokenEventId reason checkpoint { seq } } }"#;
const PROOF: &str = r#"query($id: ID!) { auditProof(caseId: $id) }"#;

/// A case with `n` description changes after its creation event(s).
async fn case_with_history(app: &TestApp, token: &str, n: usize) -> String {
    let id = create_case(app, token, json!({ "name": "Proof Ltd", "type": "KYB" })).await;
    for i in 0..n {
        app.ok(
            token,
            UPDATE,
            json!({ "id": id, "d": format!("step {i} «ü»") }),
        )
        .await;
    }
    id
}

/// Runs tools/verify-audit-proof.py on `bundle`: (accepted, what it printed).
pub(crate) fn run_verifier(bundle: &Value, key: &str) -> (bool, String) {
    let dir = std::env::temp_dir().join(format!("casegraph-proof-{}", uuid::Uuid::new_v4()));
    std::fs::write(&dir, bundle.to_string()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/verify-audit-proof.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&dir)
        .arg("--key")
        .arg(key)
        .output()
        .expect("python3");
    let _ = std::fs::remove_file(&dir);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn the_verifier_accepts_a_fresh_bundle_and_refuses_tampered_ones() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let id = case_with_history(&app, &admin, 4).await;
    let signed = app.ok(&admin, SIGN, json!({})).await;
    let key = signed["signAuditCheckpoint"]["verifierKey"]
        .as_str()
        .unwrap()
        .to_owned();
    // The chain grows after the checkpoint: it still extends what was signed.
    app.ok(
        &admin,
        UPDATE,
        json!({ "id": id, "d": "after the checkpoint" }),
    )
    .await;

    let viewer = app.token("acme", Role::Viewer);
    let bundle = app.ok(&viewer, PROOF, json!({ "id": id })).await["auditProof"].clone();
    let events = bundle["events"].as_array().unwrap().clone();
    let n = events.len();
    assert!(n >= 6, "{bundle}");
    assert_eq!(bundle["head"]["seq"], n);
    assert_eq!(bundle["head"]["hash"], events[n - 1]["hash"]);
    assert_eq!(bundle["verifierKey"], key);
    assert!(bundle["checkpoint"]["note"]
        .as_str()
        .unwrap()
        .contains(&format!("{id} {} ", n - 1)));
    // Payloads are the canonical JSON the digest covers.
    let last: Value = serde_json::from_str(events[n - 1]["payload"].as_str().unwrap()).unwrap();
    assert_eq!(last["description"]["after"], "after the checkpoint");

    let (ok, out) = run_verifier(&bundle, &key);
    assert!(ok, "{out}");
    assert!(out.contains(&format!("signed event {}", n - 1)), "{out}");

    let tampered = |f: &dyn Fn(&mut Vec<Value>)| {
        let mut b = bundle.clone();
        let mut events = b["events"].as_array().unwrap().clone();
        f(&mut events);
        b["events"] = Value::Array(events);
        b
    };
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "altered payload",
            tampered(&|e| {
                e[2]["payload"] = Value::String(
                    e[2]["payload"]
                        .as_str()
                        .unwrap()
                        .replace("step 1", "step X"),
                )
            }),
            "event 3 payload does not match its digest",
        ),
        (
            "altered event",
            tampered(&|e| e[1]["actorId"] = json!("mallory")),
            "event 2 does not match its hash",
        ),
        (
            "removed event",
            tampered(&|e| {
                e.remove(2);
            }),
            "position 3 has seq 4",
        ),
        (
            "reordered events",
            tampered(&|e| e.swap(1, 2)),
            "position 2 has seq 3",
        ),
    ];
    for (what, b, reason) in cases {
        let (ok, out) = run_verifier(&b, &key);
        assert!(!ok, "{what} accepted: {out}");
        assert!(out.contains(reason), "{what}: {out}");
    }

    // A removed tail that is consistent in itself: the checkpoint catches it.
    let mut b = tampered(&|e| e.truncate(n - 3));
    b["head"] = json!({ "seq": n - 3, "hash": events[n - 4]["hash"] });
    let (ok, out) = run_verifier(&b, &key);
    assert!(!ok && out.contains("events were removed"), "{out}");

    // A bad signature, and a key other than the operator's.
    let mut b = bundle.clone();
    let note = b["checkpoint"]["note"].as_str().unwrap().to_owned();
    let (body, sig) = note.rsplit_once(' ').unwrap();
    let mut sig: Vec<char> = sig.chars().collect();
    sig[10] = if sig[10] == 'A' { 'B' } else { 'A' };
    b["checkpoint"]["note"] = json!(format!("{body} {}", sig.into_iter().collect::<String>()));
    let (ok, out) = run_verifier(&b, &key);
    assert!(!ok && out.contains("signature does not verify"), "{out}");
    let other = "casegraph.test+00000000+AQ".to_owned() + &"A".repeat(42) + "=";
    let (ok, out) = run_verifier(&bundle, &other);
    assert!(!ok, "{out}");
}

#[tokio::test]
async fn the_trail_shows_payloads_and_the_database_guards_them() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let id = case_with_history(&app, &admin, 2).await;
    let trail = app
        .ok(
            &admin,
            r#"query($id: ID!) { case(id: $id) { auditTrail(first: 100) { nodes { seq changes erased payloadDigest } } } }"#,
            json!({ "id": id }),
        )
        .await;
    let trail = trail["case"]["auditTrail"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    let last = trail.last().unwrap();
    assert_eq!(last["changes"]["description"]["after"], "step 1 «ü»");
    assert_eq!(last["erased"], false);
    assert_eq!(last["payloadDigest"].as_str().unwrap().len(), 64);

    // Payload rows cannot be deleted or rewritten, only blanked (erasure).
    let db = &app.state.db;
    let backend = db.get_database_backend();
    for sql in [
        "DELETE FROM audit_payloads",
        "UPDATE audit_payloads SET payload = '{\"forged\": true}'",
    ] {
        assert!(
            db.execute_raw(Statement::from_string(backend, sql))
                .await
                .is_err(),
            "{sql} succeeded"
        );
    }
    // With the guard dropped, a rewritten payload no longer matches its digest.
    let drop = match backend {
        DatabaseBackend::Postgres => "DROP TRIGGER audit_payloads_erase_only ON audit_payloads",
        _ => "DROP TRIGGER audit_payloads_erase_only",
    };
    db.execute_unprepared(drop).await.unwrap();
    db.execute_unprepared("UPDATE audit_payloads SET payload = '{\"forged\": true}'")
        .await
        .unwrap();
    let v = app.ok(&admin, VERIFY, json!({ "id": id })).await;
    assert_eq!(v["verifyAuditTrail"]["valid"], false);
    assert_eq!(v["verifyAuditTrail"]["eventsChecked"], 1);
    assert_eq!(
        v["verifyAuditTrail"]["reason"],
        "event 1 payload does not match its digest"
    );
}

/// Drops the append-only guards, as someone with DDL rights could.
async fn drop_guards(app: &TestApp) {
    let db = &app.state.db;
    let statements: &[&str] = match db.get_database_backend() {
        DatabaseBackend::Postgres => &[
            "DROP TRIGGER audit_events_append_only ON audit_events",
            "DROP TRIGGER audit_payloads_erase_only ON audit_payloads",
        ],
        _ => &[
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
            "DROP TRIGGER audit_payloads_no_delete",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await.unwrap();
    }
}

#[tokio::test]
async fn a_removed_tail_and_a_rewritten_chain_are_caught_by_the_checkpoint() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let reviewer = app.token("acme", Role::Reviewer);
    let err = app.err(&reviewer, SIGN, json!({})).await;
    assert_eq!(code(&err), "FORBIDDEN");

    let id = case_with_history(&app, &admin, 5).await;
    let other = case_with_history(&app, &admin, 2).await;
    let signed = app.ok(&admin, SIGN, json!({})).await;
    let note = signed["signAuditCheckpoint"]["note"].as_str().unwrap();
    assert!(note.starts_with("casegraph-audit/v1 acme\n"), "{note}");
    assert!(note.contains("\n\n\u{2014} casegraph.test "), "{note}");
    let v = app.ok(&admin, VERIFY, json!({ "id": id })).await;
    let n = v["verifyAuditTrail"]["eventsChecked"].as_u64().unwrap();
    assert_eq!(
        v["verifyAuditTrail"],
        json!({ "valid": true, "eventsChecked": n, "firstBrokenEventId": null, "reason": null, "checkpoint": { "seq": n } })
    );

    // The last 3 events of the case, straight out of the database.
    drop_guards(&app).await;
    let db = &app.state.db;
    let case_id = uuid::Uuid::parse_str(&id).unwrap();
    let tail: Vec<uuid::Uuid> = audit_event::Entity::find()
        .filter(audit_event::Column::CaseId.eq(case_id))
        .order_by_desc(audit_event::Column::Seq)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .take(3)
        .map(|e| e.id)
        .collect();
    audit_event::Entity::delete_many()
        .filter(audit_event::Column::Id.is_in(tail))
        .exec(db)
        .await
        .unwrap();
    let v = app.ok(&admin, VERIFY, json!({ "id": id })).await;
    assert_eq!(v["verifyAuditTrail"]["valid"], false, "{v}");
    assert_eq!(v["verifyAuditTrail"]["eventsChecked"], n - 3);
    let reason = v["verifyAuditTrail"]["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!("the chain ends at event {}", n - 3))
            && reason.contains(&format!("signed event {n}"))
            && reason.contains("events were removed"),
        "{reason}"
    );

    // The other case's chain rewritten from its second event on, every hash recomputed:
    // consistent in itself, but no longer the chain the checkpoint signed.
    let other_id = uuid::Uuid::parse_str(&other).unwrap();
    let mut chain = audit_event::Entity::find()
        .filter(audit_event::Column::CaseId.eq(other_id))
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await
        .unwrap();
    chain[1].actor_id = "someone-else".into();
    for i in 1..chain.len() {
        chain[i].prev_hash = chain[i - 1].hash.clone();
        chain[i].hash = audit::hash(&chain[i]);
        audit_event::Entity::update(audit_event::ActiveModel::from(chain[i].clone()).reset_all())
            .exec(db)
            .await
            .unwrap();
    }
    let v = app.ok(&admin, VERIFY, json!({ "id": other })).await;
    assert_eq!(v["verifyAuditTrail"]["valid"], false, "{v}");
    let reason = v["verifyAuditTrail"]["reason"].as_str().unwrap();
    assert!(reason.contains("the chain was rewritten"), "{reason}");
}

#[tokio::test]
async fn checkpoints_list_every_chain_head_of_the_workspace_only() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let a = case_with_history(&app, &admin, 1).await;
    let b = case_with_history(&app, &admin, 0).await;
    let foreign = app.token("globex", Role::Admin);
    let c = case_with_history(&app, &foreign, 0).await;
    app.ok(
        &admin,
        r#"mutation { updateWorkspaceSettings(input: { autoApprove: true }) { id } }"#,
        json!({}),
    )
    .await;
    let note = app.ok(&admin, SIGN, json!({})).await["signAuditCheckpoint"]["note"]
        .as_str()
        .unwrap()
        .to_owned();
    let body: Vec<&str> = note.split("\n\n").next().unwrap().lines().collect();
    assert_eq!(body[0], "casegraph-audit/v1 acme");
    assert!(body[2].starts_with("workspace 1 "), "{note}");
    let mut cases: Vec<&str> = body[3..]
        .iter()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    cases.sort();
    let mut expected = vec![a.as_str(), b.as_str()];
    expected.sort();
    assert_eq!(cases, expected);
    assert!(!note.contains(&c));
}

/// Format 1 of an event's hash (before m20261130_100301): the payload itself was hashed.
fn format_1_hash(e: &Value, prev: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{prev}\n{e}").as_bytes()))
}

#[tokio::test]
async fn the_migration_moves_payloads_out_and_rehashes_every_chain() {
    use migration::{Migrator, MigratorTrait};
    use sea_orm::sea_query::Query;

    let (url, _guard) = crate::helpers::test_db().await;
    let db = sea_orm::Database::connect(&url).await.unwrap();
    Migrator::up(&db, Some(3)).await.unwrap();
    let now = chrono::Utc::now();
    db.execute(
        &Query::insert()
            .into_table("workspaces")
            .columns(["id", "name", "settings", "created_at", "updated_at"])
            .values_panic([
                "acme".into(),
                "Acme".into(),
                json!({}).into(),
                now.into(),
                now.into(),
            ])
            .to_owned(),
    )
    .await
    .unwrap();
    // Chains in format 1: a case's (3 events), the workspace's own (2 events), and a case
    // whose second event was altered after it was hashed.
    let case_id = uuid::Uuid::new_v4();
    let tampered = uuid::Uuid::new_v4();
    let mut originals = vec![];
    for (case, len) in [(Some(case_id), 3), (None, 2), (Some(tampered), 3)] {
        let mut prev = "0".repeat(64);
        for seq in 1..=len {
            let id = uuid::Uuid::new_v4();
            let changes = json!({ "name": { "before": null, "after": format!("v{seq} «ü»") } });
            let at = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            let canonical = json!({
                "id": id, "workspaceId": "acme", "caseId": case, "seq": seq,
                "action": "case.updated", "actorType": "USER", "actorId": "ann", "at": at,
                "entityType": "CASE", "entityId": case, "changes": changes, "prevHash": prev,
            });
            let hash = format_1_hash(&canonical, &prev);
            let changes = if case == Some(tampered) && seq == 2 {
                json!({ "name": { "before": null, "after": "forged" } })
            } else {
                changes
            };
            db.execute(
                &Query::insert()
                    .into_table("audit_events")
                    .columns([
                        "id",
                        "workspace_id",
                        "case_id",
                        "seq",
                        "action",
                        "actor_type",
                        "actor_id",
                        "at",
                        "entity_type",
                        "entity_id",
                        "changes",
                        "request_id",
                        "prev_hash",
                        "hash",
                    ])
                    .values_panic([
                        id.into(),
                        "acme".into(),
                        case.into(),
                        (seq as i64).into(),
                        "case.updated".into(),
                        "USER".into(),
                        "ann".into(),
                        now.into(),
                        "CASE".into(),
                        case.into(),
                        changes.clone().into(),
                        Option::<String>::None.into(),
                        prev.clone().into(),
                        hash.clone().into(),
                    ])
                    .to_owned(),
            )
            .await
            .unwrap();
            originals.push((id, changes, hash.clone()));
            prev = hash;
        }
    }

    Migrator::up(&db, None).await.unwrap();

    let events = audit_event::Entity::find()
        .order_by_asc(audit_event::Column::Seq)
        .all(&db)
        .await
        .unwrap();
    let payloads: std::collections::HashMap<_, _> = entity::audit_payload::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.event_id, p.payload))
        .collect();
    for (id, changes, old_hash) in &originals {
        assert_eq!(payloads[id].as_ref(), Some(changes));
        let e = events.iter().find(|e| e.id == *id).unwrap();
        // A broken event keeps its old hash (and so stays broken); the others are rehashed.
        assert_eq!(&e.hash == old_hash, changes["name"]["after"] == "forged");
        assert_eq!(e.payload_digest, audit::payload_digest(changes));
    }
    for chain in [Some(case_id), None] {
        let events: Vec<_> = events
            .iter()
            .filter(|e| e.case_id == chain)
            .cloned()
            .collect();
        let v = audit::verify_chain(&events, &payloads);
        assert!(v.valid && events.len() >= 2, "{v:?}");
    }
    // The migration does not bless a chain that was already broken.
    let broken: Vec<_> = events
        .iter()
        .filter(|e| e.case_id == Some(tampered))
        .cloned()
        .collect();
    let v = audit::verify_chain(&broken, &payloads);
    assert!(!v.valid, "{v:?}");
    assert_eq!(v.first_broken_event_id, Some(broken[1].id));
    // The append-only guard is back.
    let backend = db.get_database_backend();
    assert!(db
        .execute_raw(Statement::from_string(
            backend,
            "UPDATE audit_events SET seq = seq"
        ))
        .await
        .is_err());
    db.close().await.unwrap();
}
