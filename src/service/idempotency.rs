//! Idempotency keys: a partner that retries a create (after a timeout, a dropped
//! connection) sends the same `idempotencyKey` and gets the objects the first call created
//! instead of duplicates.
//!
//! A key is stored per workspace and mutation name with a SHA-256 fingerprint of the
//! mutation name and its arguments (not the selection set) and the ids the call created. The
//! key row is inserted *first*, in the same transaction as the work: the unique index on
//! `(workspace_id, operation, key)` is the lock. A concurrent first request with the same key
//! waits on that index (PostgreSQL) or in the writers' queue (SQLite) inside its own one
//! transaction — no second connection — and, once the first commits, reads its answer; if
//! the first was refused (rolled back) it runs the work itself. Keys older than the window
//! (default 24 h, `CASEGRAPH_IDEMPOTENCY_WINDOW_HOURS`) are replaced on their next use.

use std::time::Duration;

use chrono::Utc;
use entity::idempotency_key;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Session;
use crate::error::{AppError, AppResult};

/// Longest idempotency key accepted.
pub const MAX_KEY: usize = 255;

/// How long a key is remembered: request data set by the HTTP layer; 24 h when absent.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyWindow(pub Duration);

impl Default for IdempotencyWindow {
    fn default() -> Self {
        Self(Duration::from_secs(24 * 3600))
    }
}

/// An idempotency key as a mutation received it: its operation, the key and the request's
/// fingerprint.
#[derive(Debug, Clone)]
pub struct Idempotency {
    pub operation: &'static str,
    pub key: String,
    pub fingerprint: String,
    pub window: IdempotencyWindow,
}

impl Idempotency {
    /// Checks the key and fingerprints `arguments` (the mutation's arguments as JSON, the
    /// key itself left out) with the operation name. `None` when no key was given.
    pub fn new(
        operation: &'static str,
        key: Option<&str>,
        arguments: &Value,
        window: IdempotencyWindow,
    ) -> AppResult<Option<Self>> {
        let Some(key) = key else {
            return Ok(None);
        };
        if key.trim().is_empty() || key.chars().count() > MAX_KEY {
            return Err(AppError::bad_input(
                "idempotencyKey",
                format!("1 to {MAX_KEY} characters"),
            ));
        }
        Ok(Some(Self {
            operation,
            key: key.to_owned(),
            fingerprint: fingerprint(operation, arguments),
            window,
        }))
    }
}

/// SHA-256 (hex) of the operation name and its arguments in a canonical form (object keys
/// sorted), so that the order a client wrote input fields in does not matter.
pub fn fingerprint(operation: &str, arguments: &Value) -> String {
    let canonical = json!({ "operation": operation, "arguments": canonical(arguments) });
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                if k == "idempotencyKey" {
                    continue;
                }
                out.insert(k.clone(), canonical(&map[k]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// What a keyed write found: the first call's stored answer, or the go-ahead to do the work
/// (the key row is then held by this transaction).
pub enum Claim {
    Replay(Value),
    Fresh(Uuid),
}

/// Claims `key` inside `txn`: returns the stored answer of an earlier call with the same
/// key and fingerprint, `CONFLICT` for a different fingerprint, or inserts the key row (an
/// expired one is replaced) and lets the caller work. Waits for a concurrent holder of the
/// same key to finish.
pub async fn claim(txn: &DatabaseTransaction, s: &Session, key: &Idempotency) -> AppResult<Claim> {
    let at = s.now();
    let window = chrono::Duration::from_std(key.window.0).unwrap_or(chrono::Duration::MAX);
    let expired = Utc::now().checked_sub_signed(window);
    let same = || {
        idempotency_key::Entity::find()
            .filter(idempotency_key::Column::WorkspaceId.eq(s.workspace()))
            .filter(idempotency_key::Column::Operation.eq(key.operation))
            .filter(idempotency_key::Column::Key.eq(key.key.as_str()))
    };
    if let Some(expired) = expired {
        idempotency_key::Entity::delete_many()
            .filter(idempotency_key::Column::WorkspaceId.eq(s.workspace()))
            .filter(idempotency_key::Column::Operation.eq(key.operation))
            .filter(idempotency_key::Column::Key.eq(key.key.as_str()))
            .filter(idempotency_key::Column::CreatedAt.lt(expired))
            .exec(txn)
            .await?;
    }
    let id = Uuid::new_v4();
    // Waits (PostgreSQL) for a concurrent transaction holding the same key; does nothing
    // when that one committed.
    let inserted = idempotency_key::Entity::insert(idempotency_key::ActiveModel {
        id: Set(id),
        workspace_id: Set(s.workspace().to_owned()),
        operation: Set(key.operation.to_owned()),
        key: Set(key.key.clone()),
        request_hash: Set(key.fingerprint.clone()),
        response: Set(Value::Null),
        created_at: Set(at),
    })
    .on_conflict(
        OnConflict::columns([
            idempotency_key::Column::WorkspaceId,
            idempotency_key::Column::Operation,
            idempotency_key::Column::Key,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    if inserted > 0 {
        return Ok(Claim::Fresh(id));
    }
    let row = same()
        .one(txn)
        .await?
        .ok_or_else(|| AppError::Internal("idempotency key vanished after a conflict".into()))?;
    if row.request_hash != key.fingerprint {
        return Err(AppError::Conflict {
            message: "this idempotencyKey was used with a different request".into(),
            field: Some("idempotencyKey".into()),
            current_version: None,
        });
    }
    Ok(Claim::Replay(row.response))
}

/// Stores the answer of the work done under a claimed key, in the same transaction.
pub async fn remember(txn: &DatabaseTransaction, id: Uuid, response: Value) -> AppResult<()> {
    idempotency_key::Entity::update_many()
        .col_expr(
            idempotency_key::Column::Response,
            sea_orm::sea_query::Expr::value(response),
        )
        .filter(idempotency_key::Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The answer stored for created cases: their ids, in order.
pub fn ids_response(ids: &[Uuid]) -> Value {
    json!({ "ids": ids })
}

/// The case ids of a stored answer.
pub fn ids_of(response: &Value) -> AppResult<Vec<Uuid>> {
    response
        .get("ids")
        .and_then(Value::as_array)
        .and_then(|ids| {
            ids.iter()
                .map(|v| v.as_str().and_then(|s| Uuid::parse_str(s).ok()))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| AppError::Internal("stored idempotent answer has no ids".into()))
}

/// Runs `work` (which returns the created ids) in one write, under `key` when given: a
/// replay returns the first call's ids without running `work`. Returns the ids and whether
/// they were replayed.
pub async fn run_for_ids(
    s: &Session,
    key: Option<&Idempotency>,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> AppResult<Vec<Uuid>>,
) -> AppResult<(Vec<Uuid>, bool)> {
    let (ids, replayed) = run(s, key, async |txn| {
        Ok(Ids {
            ids: work(txn).await?,
        })
    })
    .await?;
    Ok((ids.ids, replayed))
}

/// The stored answer of a create: the ids it created, in order.
#[derive(Serialize, Deserialize)]
struct Ids {
    ids: Vec<Uuid>,
}

/// Runs `work` in one write, under `key` when given: its answer (what a retry needs to
/// answer the same, e.g. ids and an outcome) is stored with the key, and a replay returns
/// it without running `work`. Returns the answer and whether it was replayed.
pub async fn run<T: Serialize + DeserializeOwned>(
    s: &Session,
    key: Option<&Idempotency>,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> AppResult<T>,
) -> AppResult<(T, bool)> {
    s.write(async |txn| {
        let claimed = match key {
            Some(key) => match claim(txn, s, key).await? {
                Claim::Replay(response) => {
                    let answer = serde_json::from_value(response).map_err(|e| {
                        AppError::Internal(format!("stored idempotent answer unreadable: {e}"))
                    })?;
                    return Ok((answer, true));
                }
                Claim::Fresh(id) => Some(id),
            },
            None => None,
        };
        let answer = work(txn).await?;
        if let Some(id) = claimed {
            let response = serde_json::to_value(&answer)
                .map_err(|e| AppError::Internal(format!("idempotent answer: {e}")))?;
            remember(txn, id, response).await?;
        }
        Ok((answer, false))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_ignores_key_order_and_the_key() {
        let a = json!({"input": {"name": "a", "type": "KYC"}, "idempotencyKey": "k1"});
        let b = json!({"input": {"type": "KYC", "name": "a"}, "idempotencyKey": "k2"});
        assert_eq!(fingerprint("createCase", &a), fingerprint("createCase", &b));
        assert_ne!(
            fingerprint("createCase", &a),
            fingerprint("bulkCreateCases", &a)
        );
        let c = json!({"input": {"type": "KYC", "name": "b"}});
        assert_ne!(fingerprint("createCase", &a), fingerprint("createCase", &c));
    }
}
