//! The audit trail: every change writes an event in the same transaction. Events of one
//! case form a hash chain: each stores the previous event's hash and its own hash over a
//! canonical serialization, so an altered or removed event breaks the chain.

use entity::{audit_event, outbox_event, workspace};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
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
    let events = hash_chain(session, &actor, case_id, seq, prev_hash, changes);
    let (rows, outbox) = with_outbox(events);
    audit_event::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    outbox_event::Entity::insert_many(outbox)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The rows to insert for new audit events: theirs and their `outbox_events` rows (the
/// transactional outbox: written in the same transaction, so published exactly when the
/// change commits). The events are staged to be announced to live subscribers after commit.
pub fn with_outbox(
    events: Vec<audit_event::Model>,
) -> (
    Vec<audit_event::ActiveModel>,
    Vec<outbox_event::ActiveModel>,
) {
    let domain: Vec<DomainEvent> = events.iter().map(DomainEvent::of).collect();
    let outbox = domain.iter().map(DomainEvent::outbox_row).collect();
    crate::events::stage(domain);
    (
        events
            .into_iter()
            .map(audit_event::ActiveModel::from)
            .collect(),
        outbox,
    )
}

/// The events of a case created in this transaction, which starts its chain: to insert in
/// a batch with [`with_outbox`] (bulk creation writes many cases' chains in a few
/// statements).
pub fn new_case_chain(
    session: &Session,
    case_id: Uuid,
    changes: Vec<Change<'_>>,
) -> Vec<audit_event::Model> {
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
) -> Vec<audit_event::Model> {
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
            changes: change.changes,
            request_id: Some(session.request_id.clone()),
            prev_hash: prev_hash.clone(),
            hash: String::new(),
        };
        model.hash = hash(&model);
        prev_hash = model.hash.clone();
        rows.push(model);
    }
    rows
}

/// The hash of an event: SHA-256 over its previous hash and a canonical JSON of its content
/// (object keys sorted, times in RFC 3339 with microseconds).
pub fn hash(e: &audit_event::Model) -> String {
    let canonical = json!({
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
        "changes": e.changes,
        "prevHash": e.prev_hash,
    });
    let mut h = Sha256::new();
    h.update(e.prev_hash.as_bytes());
    h.update(b"\n");
    h.update(canonical.to_string().as_bytes());
    hex::encode(h.finalize())
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub valid: bool,
    pub events_checked: u64,
    /// The first event whose hash, link or position does not hold.
    pub first_broken_event_id: Option<Uuid>,
}

/// Checks a chain given in `seq` order: positions 1, 2, …; each links to the previous
/// event's hash; each hash matches its content.
pub fn verify_chain(events: &[audit_event::Model]) -> Verification {
    let mut prev = GENESIS.to_owned();
    for (i, e) in events.iter().enumerate() {
        if e.seq != i as i64 + 1 || e.prev_hash != prev || hash(e) != e.hash {
            return Verification {
                valid: false,
                events_checked: i as u64 + 1,
                first_broken_event_id: Some(e.id),
            };
        }
        prev = e.hash.clone();
    }
    Verification {
        valid: true,
        events_checked: events.len() as u64,
        first_broken_event_id: None,
    }
}

/// Verifies the audit trail of a case of the caller's workspace (deleted cases included:
/// their trail stays).
pub async fn verify(s: &Session, case_id: Uuid) -> AppResult<Verification> {
    let exists = entity::case::Entity::find_by_id(case_id)
        .filter(entity::case::Column::WorkspaceId.eq(s.workspace()))
        .one(s.read())
        .await?
        .is_some();
    if !exists {
        return Err(crate::error::AppError::NotFound { entity: "Case" });
    }
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::WorkspaceId.eq(s.workspace()))
        .filter(audit_event::Column::CaseId.eq(case_id))
        .order_by_asc(audit_event::Column::Seq)
        .all(s.read())
        .await?;
    Ok(verify_chain(&events))
}
