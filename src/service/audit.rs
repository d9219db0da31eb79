//! The audit trail: every change writes an event in the same transaction. Events of one
//! case form a hash chain: each stores the previous event's hash and its own hash over a
//! canonical serialization, so an altered or removed event breaks the chain.

use entity::{audit_event, audit_payload, outbox_event, workspace};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Session;
use crate::auth::Principal;
use crate::domain::ActorType;
use crate::error::AppResult;
use crate::events::DomainEvent;

/// The hash the first event of a chain points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acted.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorType,
    pub id: String,
}

impl Actor {
    pub fn of(principal: &Principal) -> Self {
        Actor {
            kind: principal.actor_type(),
            id: principal.subject.clone(),
        }
    }

    /// CaseGraph itself (automatic rules).
    pub fn system() -> Self {
        Actor {
            kind: ActorType::System,
            id: "system".to_owned(),
        }
    }
}

/// One change to record.
pub struct Change<'a> {
    pub case_id: Uuid,
    pub action: &'a str,
    pub entity_type: &'a str,
    pub entity_id: Option<Uuid>,
    /// `{ field: { "before": …, "after": … } }`, or a snapshot for creations.
    pub changes: Value,
}

/// Appends an event to the case's chain. Call inside the transaction that made the change,
/// after the case row was locked by its version bump, so writers to one case queue up.
pub async fn record(
    db: &DatabaseTransaction,
    session: &Session,
    change: Change<'_>,
) -> AppResult<()> {
    record_many(db, session, vec![change]).await
}

/// Appends events to their case's chain (all for the same case), in order, in one insert.
pub async fn record_many(
    db: &DatabaseTransaction,
    session: &Session,
    changes: Vec<Change<'_>>,
) -> AppResult<()> {
    record_many_as(db, session, Actor::of(&session.principal), changes).await
}

/// Like [`record_many`], for an actor other than the caller (e.g. the system).
pub async fn record_many_as(
    db: &DatabaseTransaction,
    session: &Session,
    actor: Actor,
    changes: Vec<Change<'_>>,
) -> AppResult<()> {
    let Some(first) = changes.first() else {
        return Ok(());
    };
    let case_id = first.case_id;
    append(db, session, actor, Some(case_id), changes).await
}

/// Records a change to the workspace itself (settings, definitions). These events form the
/// workspace's own chain (events without a case).
pub async fn record_workspace(
    db: &DatabaseTransaction,
    session: &Session,
    action: &str,
    entity_type: &str,
    entity_id: Option<Uuid>,
    changes: Value,
) -> AppResult<()> {
    let change = Change {
        case_id: Uuid::nil(),
        action,
        entity_type,
        entity_id,
        changes,
    };
    append(
        db,
        session,
        Actor::of(&session.principal),
        None,
        vec![change],
    )
    .await
}

/// Appends events to one chain: a case's (`Some`) or the workspace's own (`None`).
async fn append(
    db: &DatabaseTransaction,
    session: &Session,
    actor: Actor,
    case_id: Option<Uuid>,
    changes: Vec<Change<'_>>,
) -> AppResult<()> {
    let chain = match case_id {
        Some(id) => audit_event::Column::CaseId.eq(id),
        None => {
            // The unique (case_id, seq) index does not cover events without a case, so
            // writers to the workspace's chain queue on its row instead (PostgreSQL; SQLite
            // writers queue anyway). `NO KEY UPDATE`: rows inserted meanwhile that refer to
            // the workspace hold `KEY SHARE` on it, which `FOR UPDATE` would deadlock with.
            workspace::Entity::find_by_id(session.workspace().to_owned())
                .lock(LockType::NoKeyUpdate)
                .one(db)
                .await?;
            audit_event::Column::CaseId.is_null()
        }
    };
    let last = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Seq)
        .column(audit_event::Column::Hash)
        .filter(audit_event::Column::WorkspaceId.eq(session.workspace()))
        .filter(chain)
        .order_by_desc(audit_event::Column::Seq)
        .limit(1)
        .into_tuple::<(i64, String)>()
        .one(db)
        .await?;
    let (seq, prev_hash) = last.unwrap_or((0, GENESIS.to_owned()));
    with_outbox(hash_chain(
        session, &actor, case_id, seq, prev_hash, changes,
    ))
    .insert(db)
    .await
}

/// New audit events with their payloads, as [`hash_chain`] makes them.
pub type Chained = Vec<(audit_event::Model, Value)>;

/// The rows to insert for new audit events: the events, their payloads (one each) and
/// their `outbox_events` rows.
#[derive(Default)]
pub struct Rows {
    pub events: Vec<audit_event::ActiveModel>,
    pub payloads: Vec<audit_payload::ActiveModel>,
    pub outbox: Vec<outbox_event::ActiveModel>,
}

impl Rows {
    /// Inserts the events, their payloads and their outbox rows: one statement each.
    pub async fn insert(self, db: &DatabaseTransaction) -> AppResult<()> {
        audit_event::Entity::insert_many(self.events)
            .exec_without_returning(db)
            .await?;
        audit_payload::Entity::insert_many(self.payloads)
            .exec_without_returning(db)
            .await?;
        outbox_event::Entity::insert_many(self.outbox)
            .exec_without_returning(db)
            .await?;
        Ok(())
    }
}

/// The rows to insert for new audit events: theirs, their payloads' and their
/// `outbox_events` rows (the transactional outbox: written in the same transaction, so
/// published exactly when the change commits). The events are staged to be announced to
/// live subscribers after commit.
pub fn with_outbox(events: Chained) -> Rows {
    let domain: Vec<DomainEvent> = events
        .iter()
        .map(|(e, changes)| DomainEvent::of(e, changes))
        .collect();
    let outbox = domain.iter().map(DomainEvent::outbox_row).collect();
    crate::events::stage(domain);
    let mut rows = Rows {
        outbox,
        ..Rows::default()
    };
    for (event, payload) in events {
        rows.payloads
            .push(audit_payload::ActiveModel::from(audit_payload::Model {
                event_id: event.id,
                workspace_id: event.workspace_id.clone(),
                payload: Some(payload),
                erased_at: None,
            }));
        rows.events.push(audit_event::ActiveModel::from(event));
    }
    rows
}

/// The events of a case created in this transaction, which starts its chain: to insert in
/// a batch with [`with_outbox`] (bulk creation writes many cases' chains in a few
/// statements).
pub fn new_case_chain(session: &Session, case_id: Uuid, changes: Vec<Change<'_>>) -> Chained {
    hash_chain(
        session,
        &Actor::of(&session.principal),
        Some(case_id),
        0,
        GENESIS.to_owned(),
        changes,
    )
}

/// Hash-chains events after `(seq, prev_hash)`.
fn hash_chain(
    session: &Session,
    actor: &Actor,
    case_id: Option<Uuid>,
    mut seq: i64,
    mut prev_hash: String,
    changes: Vec<Change<'_>>,
) -> Chained {
    let at = session.now();
    let mut rows = Vec::with_capacity(changes.len());
    for change in changes {
        seq += 1;
        let mut model = audit_event::Model {
            id: Uuid::new_v4(),
            workspace_id: session.workspace().to_owned(),
            case_id,
            seq,
            action: change.action.to_owned(),
            actor_type: actor.kind,
            actor_id: actor.id.clone(),
            at,
            entity_type: change.entity_type.to_owned(),
            entity_id: change.entity_id,
            payload_digest: payload_digest(&change.changes),
            request_id: Some(session.request_id.clone()),
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        model.hash = hash(&model);
        prev_hash = model.hash.clone();
        rows.push((model, change.changes));
    }
    rows
}

/// The canonical form of a JSON value: object keys sorted by their UTF-8 bytes, no
/// whitespace, strings escaped as serde_json does (docs/audit-proof.md).
pub fn canonical(value: &Value) -> String {
    // serde_json's map is a BTreeMap (no `preserve_order`), so keys come out sorted.
    value.to_string()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The digest an event's hash covers in place of its payload: SHA-256 (hex) of the
/// payload's canonical form.
pub fn payload_digest(payload: &Value) -> String {
    sha256_hex(canonical(payload).as_bytes())
}

/// The canonical form of an event (format 2): its fields under their API names, the
/// payload's digest in place of the payload, times in RFC 3339 UTC with microseconds.
pub fn canonical_event(e: &audit_event::Model) -> String {
    canonical(&json!({
        "id": e.id,
        "workspaceId": e.workspace_id,
        "caseId": e.case_id,
        "seq": e.seq,
        "action": e.action,
        "actorType": e.actor_type,
        "actorId": e.actor_id,
        "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "entityType": e.entity_type,
        "entityId": e.entity_id,
        "payloadDigest": e.payload_digest,
        "prevHash": e.prev_hash,
    }))
}

/// The hash of an event: SHA-256 (hex) over its previous hash, a newline and its
/// canonical form.
pub fn hash(e: &audit_event::Model) -> String {
    sha256_hex(format!("{}\n{}", e.prev_hash, canonical_event(e)).as_bytes())
}

/// The audit payload of a new row: `{ "created": row }`.
pub fn snapshot<T: serde::Serialize>(model: &T) -> Value {
    json!({ "created": model })
}

/// Records a change to one row: the fields that changed (see [`model_diff`]).
#[allow(clippy::too_many_arguments)]
pub async fn record_model_change<T: serde::Serialize>(
    db: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    action: &str,
    entity_type: &str,
    id: Uuid,
    before: &T,
    after: &T,
) -> AppResult<()> {
    let changes = model_diff(before, after);
    record(
        db,
        s,
        Change {
            case_id,
            action,
            entity_type,
            entity_id: Some(id),
            changes,
        },
    )
    .await
}

/// `{ field: { before, after } }` for the fields that differ between two versions of a row
/// (`updated_at` aside), under their column names.
pub fn model_diff<T: serde::Serialize>(before: &T, after: &T) -> Value {
    model_diff_named(before, after, str::to_owned)
}

/// [`model_diff`] with each column named by `name` (e.g. its GraphQL name).
pub fn model_diff_named<T: serde::Serialize>(
    before: &T,
    after: &T,
    name: impl Fn(&str) -> String,
) -> Value {
    let (before, after) = (json!(before), json!(after));
    let pairs: Vec<(String, Value, Value)> = after
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "updated_at")
        .map(|(k, v)| {
            (
                name(k),
                before.get(k).cloned().unwrap_or(Value::Null),
                v.clone(),
            )
        })
        .collect();
    diff(&pairs)
}

/// `snake_case` → `camelCase`: a column's name in the GraphQL API.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `{ field: { before, after } }` for the fields whose value changed.
pub fn diff<K: AsRef<str>>(pairs: &[(K, Value, Value)]) -> Value {
    let map: serde_json::Map<String, Value> = pairs
        .iter()
        .filter(|(_, before, after)| before != after)
        .map(|(field, before, after)| {
            (
                field.as_ref().to_owned(),
                json!({ "before": before, "after": after }),
            )
        })
        .collect();
    Value::Object(map)
}

/// The outcome of checking a case's chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verification {
    pub valid: bool,
    pub events_checked: u64,
    /// The first event whose hash, link, position or payload does not hold.
    pub first_broken_event_id: Option<Uuid>,
    /// Why the trail does not verify.
    pub reason: Option<String>,
    /// The latest signed checkpoint the chain was compared with, if one covers the case.
    pub checkpoint: Option<super::checkpoint::Covered>,
}

impl Verification {
    fn broken(events_checked: u64, event: Option<Uuid>, reason: String) -> Self {
        Verification {
            valid: false,
            events_checked,
            first_broken_event_id: event,
            reason: Some(reason),
            checkpoint: None,
        }
    }
}

/// Checks a chain given in `seq` order: positions 1, 2, …; each links to the previous
/// event's hash; each hash matches its content; each payload still held matches the
/// digest its event covers (an erased payload, `None`, is not compared; a missing one is
/// a break).
pub fn verify_chain(
    events: &[audit_event::Model],
    payloads: &HashMap<Uuid, Option<Value>>,
) -> Verification {
    let mut prev = GENESIS;
    for (i, e) in events.iter().enumerate() {
        let reason = if e.seq != i as i64 + 1 {
            Some(format!("event at position {} has seq {}", i + 1, e.seq))
        } else if e.prev_hash != prev {
            Some(format!(
                "event {} does not link to the event before it",
                e.seq
            ))
        } else if hash(e) != e.hash {
            Some(format!("event {} does not match its hash", e.seq))
        } else {
            match payloads.get(&e.id) {
                None => Some(format!("event {} has lost its payload", e.seq)),
                Some(Some(p)) if payload_digest(p) != e.payload_digest => {
                    Some(format!("event {} payload does not match its digest", e.seq))
                }
                Some(_) => None,
            }
        };
        if let Some(reason) = reason {
            return Verification::broken(i as u64 + 1, Some(e.id), reason);
        }
        prev = &e.hash;
    }
    Verification {
        valid: true,
        events_checked: events.len() as u64,
        ..Verification::default()
    }
}

/// A case's events in `seq` order with their payloads (`None`: erased).
pub async fn case_events(
    db: &impl sea_orm::ConnectionTrait,
    workspace_id: &str,
    case_id: Uuid,
) -> AppResult<(Vec<audit_event::Model>, HashMap<Uuid, Option<Value>>)> {
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::WorkspaceId.eq(workspace_id))
        .filter(audit_event::Column::CaseId.eq(case_id))
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await?;
    let payloads = audit_payload::Entity::find()
        .filter(audit_payload::Column::WorkspaceId.eq(workspace_id))
        .filter(audit_payload::Column::EventId.is_in(events.iter().map(|e| e.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.event_id, p.payload))
        .collect();
    Ok((events, payloads))
}

/// Checks that a case exists in the caller's workspace (deleted cases included: their
/// trail stays).
pub async fn case_exists(s: &Session, case_id: Uuid) -> AppResult<()> {
    let exists = entity::case::Entity::find_by_id(case_id)
        .filter(entity::case::Column::WorkspaceId.eq(s.workspace()))
        .one(s.read())
        .await?
        .is_some();
    if exists {
        Ok(())
    } else {
        Err(crate::error::AppError::NotFound { entity: "Case" })
    }
}

/// Verifies the audit trail of a case of the caller's workspace: the chain itself, then
/// against the latest signed checkpoint (a removed tail or a rewritten chain no longer
/// reaches the head it signed).
pub async fn verify(
    s: &Session,
    signer: &super::checkpoint::AuditSigner,
    case_id: Uuid,
) -> AppResult<Verification> {
    case_exists(s, case_id).await?;
    let (events, payloads) = case_events(s.read(), s.workspace(), case_id).await?;
    verify_loaded(s, signer, case_id, &events, &payloads).await
}

/// [`verify`] of a case's events already read (with [`case_events`]), so that a report
/// verifies exactly the events it lists.
pub async fn verify_loaded(
    s: &Session,
    signer: &super::checkpoint::AuditSigner,
    case_id: Uuid,
    events: &[audit_event::Model],
    payloads: &HashMap<Uuid, Option<Value>>,
) -> AppResult<Verification> {
    let mut v = verify_chain(events, payloads);
    if !v.valid {
        return Ok(v);
    }
    let latest = super::checkpoint::latest(s.read(), s.workspace()).await?;
    if let Some(checkpoint) = latest {
        match super::checkpoint::covers(signer, &checkpoint, case_id, events) {
            Ok(covered) => v.checkpoint = covered,
            Err(reason) => {
                return Ok(Verification::broken(v.events_checked, None, reason));
            }
        }
    }
    Ok(v)
}

/// The name of the proof bundle format (docs/audit-proof.md).
pub const PROOF_FORMAT: &str = "casegraph-audit-proof/v1";

/// `auditProof`: a case's events with their canonical payloads, digests and hashes, the
/// chain head, and the latest signed checkpoint that lists the case — everything
/// `tools/verify-audit-proof.py` needs, with no CaseGraph code.
pub async fn proof(
    s: &Session,
    signer: &super::checkpoint::AuditSigner,
    case_id: Uuid,
) -> AppResult<Value> {
    case_exists(s, case_id).await?;
    let (events, payloads) = case_events(s.read(), s.workspace(), case_id).await?;
    let checkpoint = super::checkpoint::latest(s.read(), s.workspace())
        .await?
        .filter(|c| {
            signer
                .open(&c.note)
                .ok()
                .and_then(|b| super::checkpoint::parse_body(b).ok())
                .is_some_and(|b| b.cases.contains_key(&case_id))
        });
    let head = events.last().map_or(
        json!({ "seq": 0, "hash": GENESIS }),
        |e| json!({ "seq": e.seq, "hash": e.hash }),
    );
    let events: Vec<Value> = events
        .iter()
        .map(|e| {
            let payload = payloads.get(&e.id).cloned().flatten();
            let mut fields: Value = serde_json::from_str(&canonical_event(e)).unwrap_or_default();
            if let Value::Object(map) = &mut fields {
                map.insert("hash".into(), json!(e.hash));
                map.insert("erased".into(), json!(payload.is_none()));
                map.insert("payload".into(), json!(payload.as_ref().map(canonical)));
            }
            fields
        })
        .collect();
    Ok(json!({
        "format": PROOF_FORMAT,
        "workspaceId": s.workspace(),
        "caseId": case_id,
        "events": events,
        "head": head,
        "checkpoint": checkpoint.map(|c| json!({ "id": c.id, "note": c.note })),
        "verifierKey": signer.verifier_key(),
    }))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;

    /// The known-answer vector of docs/audit-proof.md: change the format and this fails.
    #[test]
    fn known_answer_vector() {
        let payload =
            json!({ "status": { "before": "OPEN", "after": "APPROVED" }, "note": "ünï \"q\"" });
        let canonical_payload =
            r#"{"note":"ünï \"q\"","status":{"after":"APPROVED","before":"OPEN"}}"#;
        assert_eq!(canonical(&payload), canonical_payload);
        let digest = payload_digest(&payload);
        assert_eq!(
            digest,
            "08cd529348e9e3c6befb2c80a2f6df1afc5ea85da07bd8cf7d2b787863146ccc"
        );
        let event = audit_event::Model {
            id: Uuid::parse_str("00000000-0000-4000-8000-000000000001").unwrap_or_default(),
            workspace_id: "acme".into(),
            case_id: Uuid::parse_str("00000000-0000-4000-8000-0000000000ca").ok(),
            seq: 2,
            action: "case.reviewed".into(),
            actor_type: ActorType::User,
            actor_id: "ann".into(),
            at: Utc
                .with_ymd_and_hms(2026, 11, 30, 10, 0, 0)
                .single()
                .unwrap_or_default(),
            entity_type: "CASE".into(),
            entity_id: Uuid::parse_str("00000000-0000-4000-8000-0000000000ca").ok(),
            payload_digest: digest,
            request_id: Some("not-hashed".into()),
            prev_hash: "11".repeat(32),
            hash: String::new(),
        };
        assert_eq!(
            canonical_event(&event),
            concat!(
                r#"{"action":"case.reviewed","actorId":"ann","actorType":"USER","#,
                r#""at":"2026-11-30T10:00:00.000000Z","#,
                r#""caseId":"00000000-0000-4000-8000-0000000000ca","#,
                r#""entityId":"00000000-0000-4000-8000-0000000000ca","entityType":"CASE","#,
                r#""id":"00000000-0000-4000-8000-000000000001","#,
                r#""payloadDigest":"08cd529348e9e3c6befb2c80a2f6df1afc5ea85da07bd8cf7d2b787863146ccc","#,
                r#""prevHash":"1111111111111111111111111111111111111111111111111111111111111111","#,
                r#""seq":2,"workspaceId":"acme"}"#
            )
        );
        assert_eq!(
            hash(&event),
            "6c86589bd565f2d6b772c6b8d4c5ca5aff7e96614eda26dd8114c40bcca21244"
        );
    }
}
