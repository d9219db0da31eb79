//! The webhook relay, in the background of `serve` on every replica: reads the
//! transactional outbox and delivers each event to the workspace's matching webhooks.
//!
//! - **Fan-out**: pending `outbox_events` rows become one `webhook_deliveries` row per
//!   matching active webhook (unique per webhook and event), and are marked dispatched — in
//!   one transaction, by one replica at a time (a transaction-level advisory lock on
//!   PostgreSQL; SQLite's single writer).
//! - **Claim**: a delivery is due when it is pending, its backoff has passed, no lease on it
//!   is current, and no earlier delivery of the same webhook and case is still pending (so a
//!   case's events arrive in order, one at a time). Claiming sets a lease
//!   (`lease_until`) in the database, with `FOR UPDATE SKIP LOCKED` on PostgreSQL: two
//!   replicas never hold one delivery at once, and a replica that dies mid-delivery loses
//!   its lease when it expires, so another delivers instead.
//! - **Deliver**: `POST` of the event JSON, signed (see [`signature`]), the same `eventId`
//!   on every attempt. 2xx: delivered. Otherwise the next attempt waits 1 s, 2 s, 4 s, …
//!   up to the maximum backoff, with jitter (half to all of the step), until the give-up
//!   age, after which the delivery is `FAILED` (and the case's later events go on).
//!
//! At least once: a receiver may see an event twice (a timeout after it processed it), and
//! should de-duplicate on `eventId`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{outbox_event, webhook, webhook_delivery};
use hmac::{Hmac, Mac};
use rand::Rng;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Statement,
};
use sha2::Sha256;
use uuid::Uuid;

use super::webhook::{check_url, UrlPolicy};
use crate::config::WebhookArgs;
use crate::db;
use crate::domain::DeliveryStatus;
use crate::error::{AppError, AppResult};

/// Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub const SIGNATURE_HEADER: &str = "X-CaseGraph-Signature";
/// Outbox rows fanned out per pass.
const FAN_OUT_BATCH: u64 = 200;
/// Deliveries claimed per pass.
const CLAIM_BATCH: u64 = 50;
/// The advisory lock key of the fan-out on PostgreSQL ("cgwh").
const FAN_OUT_LOCK: i64 = 0x6367_7768;

/// The relay's settings.
#[derive(Debug, Clone)]
pub struct Relay {
    pub interval: Duration,
    pub timeout: Duration,
    pub max_backoff: Duration,
    pub give_up_after: chrono::Duration,
    pub policy: UrlPolicy,
    /// How long a claim holds a delivery: longer than any attempt can take.
    pub lease: chrono::Duration,
}

impl Relay {
    pub fn from_config(args: &WebhookArgs) -> Self {
        Relay {
            interval: Duration::from_millis(args.interval_ms),
            timeout: Duration::from_secs(args.timeout_secs),
            max_backoff: Duration::from_secs(args.max_backoff_secs),
            give_up_after: chrono::Duration::hours(args.give_up_hours as i64),
            policy: UrlPolicy {
                allow_private: args.allow_private,
            },
            lease: chrono::Duration::seconds(args.timeout_secs as i64 * 2 + 30),
        }
    }
}

/// `t=…,v1=…`: HMAC-SHA256 keyed by the webhook's secret over `"{t}.{body}"`, hex.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    // HMAC takes a key of any length.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// The wait before attempt `attempts + 1`: 1 s doubling up to `max`, then a random point
/// between half of it and all of it.
pub fn backoff(attempts: i32, max: Duration) -> Duration {
    let step = Duration::from_secs(1u64 << attempts.clamp(1, 20).saturating_sub(1) as u32).min(max);
    let half = step / 2;
    half + step
        .saturating_sub(half)
        .mul_f64(rand::rng().random::<f64>())
}

/// Runs the relay every `interval` until the process ends; a failed pass is logged.
pub async fn run(db: DatabaseConnection, relay: Relay) {
    let client = match reqwest::Client::builder()
        .timeout(relay.timeout)
        // A redirect could lead anywhere, internal addresses included.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("CaseGraph-Webhooks/1")
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "webhook relay: no HTTP client; not delivering");
            return;
        }
    };
    let replica = Uuid::new_v4();
    let mut every = tokio::time::interval(relay.interval);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_prune = tokio::time::Instant::now();
    loop {
        every.tick().await;
        if last_prune.elapsed() >= PRUNE_EVERY {
            last_prune = tokio::time::Instant::now();
            match prune(&db, super::now() - relay.give_up_after).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(removed = n, "outbox: old dispatched events removed"),
                Err(e) => tracing::warn!(error = %e.public_message(), "outbox pruning failed"),
            }
        }
        // A pass sends one event per (webhook, case); while some were accepted, the next
        // of their cases are due at once: a backlog drains without waiting for ticks.
        loop {
            match run_once(&db, &client, &relay, replica).await {
                Ok(delivered) if delivered > 0 => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e.public_message(), "webhook relay pass failed");
                    break;
                }
            }
        }
    }
}

/// One pass: fan out, claim what is due, deliver it. Returns how many were delivered.
pub async fn run_once(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    relay: &Relay,
    replica: Uuid,
) -> AppResult<usize> {
    fan_out(db).await?;
    let claimed = claim(db, relay, replica).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    let hooks: HashMap<Uuid, webhook::Model> = webhook::Entity::find()
        .filter(webhook::Column::Id.is_in(claimed.iter().map(|d| d.webhook_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|w| (w.id, w))
        .collect();
    let bodies: HashMap<Uuid, String> = outbox_event::Entity::find()
        .filter(outbox_event::Column::Id.is_in(claimed.iter().map(|d| d.event_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.payload.to_string()))
        .collect();
    // Heads of different (webhook, case) keys: independent, so sent concurrently.
    let outcomes = futures_util::future::join_all(claimed.into_iter().map(|d| {
        let hook = hooks.get(&d.webhook_id);
        let body = bodies.get(&d.event_id);
        async move {
            let outcome = match (hook, body) {
                (Some(hook), Some(body)) => attempt(client, relay, hook, &d, body).await,
                _ => Err((None, "webhook or event no longer exists".to_owned())),
            };
            (d, outcome)
        }
    }))
    .await;
    let delivered = outcomes.iter().filter(|(_, o)| o.is_ok()).count();
    for (d, outcome) in outcomes {
        record(db, relay, &d, outcome).await?;
    }
    Ok(delivered)
}

/// How often a relay removes old outbox rows.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Removes outbox rows dispatched before `before` that no pending delivery still needs (the
/// outbox holds event payloads, personal data included; the deliveries' record stays).
pub async fn prune(db: &DatabaseConnection, before: DateTime<Utc>) -> AppResult<u64> {
    use sea_orm::sea_query::Query;
    let still_needed = Query::select()
        .column(webhook_delivery::Column::EventId)
        .from(webhook_delivery::Entity)
        .and_where(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .to_owned();
    db::write(db, async |txn| {
        Ok(outbox_event::Entity::delete_many()
            .filter(outbox_event::Column::DispatchedAt.lt(before))
            .filter(outbox_event::Column::Id.not_in_subquery(still_needed))
            .exec(txn)
            .await?
            .rows_affected)
    })
    .await
}

/// The outbox backlog for `/metrics`: events not fanned out yet, and deliveries pending.
pub async fn backlog(db: &DatabaseConnection) -> AppResult<(u64, u64)> {
    use sea_orm::PaginatorTrait;
    let events = outbox_event::Entity::find()
        .filter(outbox_event::Column::DispatchedAt.is_null())
        .count(db)
        .await?;
    let deliveries = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .count(db)
        .await?;
    Ok((events, deliveries))
}

/// Makes deliveries of pending outbox rows; one replica at a time.
async fn fan_out(db: &DatabaseConnection) -> AppResult<()> {
    let backend = db.get_database_backend();
    db::write(db, async |txn| {
        if backend == DatabaseBackend::Postgres {
            let got = txn
                .query_one_raw(Statement::from_sql_and_values(
                    backend,
                    "SELECT pg_try_advisory_xact_lock($1) AS got",
                    [FAN_OUT_LOCK.into()],
                ))
                .await?
                .map(|row| row.try_get::<bool>("", "got"))
                .transpose()?
                .unwrap_or(false);
            if !got {
                return Ok::<_, AppError>(());
            }
        }
        let events = outbox_event::Entity::find()
            .filter(outbox_event::Column::DispatchedAt.is_null())
            .order_by_asc(outbox_event::Column::CreatedAt)
            .order_by_asc(outbox_event::Column::Seq)
            .limit(FAN_OUT_BATCH)
            .all(txn)
            .await?;
        if events.is_empty() {
            return Ok(());
        }
        let workspaces: HashSet<&str> = events.iter().map(|e| e.workspace_id.as_str()).collect();
        let hooks = webhook::Entity::find()
            .filter(webhook::Column::WorkspaceId.is_in(workspaces))
            .filter(webhook::Column::Active.eq(true))
            .all(txn)
            .await?;
        let now = super::now();
        let mut rows = vec![];
        for e in &events {
            for h in hooks.iter().filter(|h| {
                h.workspace_id == e.workspace_id
                    && (h.event_types.0.is_empty() || h.event_types.0.contains(&e.event_type))
                    && h.created_at <= e.created_at
            }) {
                rows.push(webhook_delivery::ActiveModel::from(
                    webhook_delivery::Model {
                        id: Uuid::new_v4(),
                        workspace_id: e.workspace_id.clone(),
                        webhook_id: h.id,
                        event_id: e.id,
                        case_id: e.case_id,
                        ordering_key: e
                            .case_id
                            .map_or_else(|| "workspace".to_owned(), |id| id.to_string()),
                        seq: e.seq,
                        event_type: e.event_type,
                        status: DeliveryStatus::Pending,
                        attempts: 0,
                        next_attempt_at: now,
                        lease_until: None,
                        last_attempt_at: None,
                        response_status: None,
                        error: None,
                        delivered_at: None,
                        created_at: now,
                    },
                ));
            }
        }
        while !rows.is_empty() {
            let chunk: Vec<_> = rows.drain(..rows.len().min(500)).collect();
            webhook_delivery::Entity::insert_many(chunk)
                .on_conflict(
                    OnConflict::columns([
                        webhook_delivery::Column::WebhookId,
                        webhook_delivery::Column::EventId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
        }
        outbox_event::Entity::update_many()
            .col_expr(outbox_event::Column::DispatchedAt, Expr::value(now))
            .filter(outbox_event::Column::Id.is_in(events.iter().map(|e| e.id)))
            .exec(txn)
            .await?;
        Ok(())
    })
    .await
}

/// Leases the due deliveries that head their (webhook, case) queue.
async fn claim(
    db: &DatabaseConnection,
    relay: &Relay,
    replica: Uuid,
) -> AppResult<Vec<webhook_delivery::Model>> {
    let backend = db.get_database_backend();
    let now = super::now();
    let lease_until = now + relay.lease;
    let lock = if backend == DatabaseBackend::Postgres {
        " FOR UPDATE OF d SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "SELECT d.id FROM webhook_deliveries d \
         WHERE d.status = 'PENDING' AND d.next_attempt_at <= $1 \
           AND (d.lease_until IS NULL OR d.lease_until < $1) \
           AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.active = $2) \
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e \
                           WHERE e.webhook_id = d.webhook_id AND e.ordering_key = d.ordering_key \
                             AND e.status = 'PENDING' AND e.seq < d.seq) \
         ORDER BY d.next_attempt_at LIMIT {CLAIM_BATCH}{lock}"
    );
    let sql = if backend == DatabaseBackend::Sqlite {
        sql.replace("$1", "?1").replace("$2", "?2")
    } else {
        sql
    };
    let _ = replica;
    db::write(db, async |txn| {
        let ids: Vec<Uuid> = txn
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [now.into(), true.into()],
            ))
            .await?
            .into_iter()
            .map(|row| row.try_get::<Uuid>("", "id"))
            .collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(vec![]);
        }
        webhook_delivery::Entity::update_many()
            .col_expr(
                webhook_delivery::Column::LeaseUntil,
                Expr::value(Some(lease_until)),
            )
            .filter(webhook_delivery::Column::Id.is_in(ids.clone()))
            .exec(txn)
            .await?;
        Ok(webhook_delivery::Entity::find()
            .filter(webhook_delivery::Column::Id.is_in(ids))
            .order_by_asc(webhook_delivery::Column::Seq)
            .all(txn)
            .await?)
    })
    .await
}

/// The receiver's status on a 2xx; otherwise the status (if any) and why it failed.
type Outcome = Result<u16, (Option<u16>, String)>;

/// One POST of one event.
async fn attempt(
    client: &reqwest::Client,
    relay: &Relay,
    hook: &webhook::Model,
    d: &webhook_delivery::Model,
    body: &str,
) -> Outcome {
    // The name may have been re-pointed since the webhook was saved.
    check_url("url", &hook.url, relay.policy)
        .await
        .map_err(|e| (None, e.public_message()))?;
    let timestamp = Utc::now().timestamp();
    let response = client
        .post(&hook.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(
            SIGNATURE_HEADER,
            signature(&hook.secret, timestamp, body.as_bytes()),
        )
        .header("X-CaseGraph-Event-Id", d.event_id.to_string())
        .header("X-CaseGraph-Event-Type", d.event_type.as_str())
        .header("X-CaseGraph-Delivery-Attempt", (d.attempts + 1).to_string())
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| (None, format!("request failed: {}", without_url(e))))?;
    let status = response.status().as_u16();
    if response.status().is_success() {
        Ok(status)
    } else {
        Err((Some(status), format!("receiver answered {status}")))
    }
}

/// A reqwest error's text without its URL (it may carry a token in its query).
fn without_url(e: reqwest::Error) -> String {
    e.without_url().to_string()
}

/// Writes an attempt's outcome and releases the lease.
async fn record(
    db: &DatabaseConnection,
    relay: &Relay,
    d: &webhook_delivery::Model,
    outcome: Outcome,
) -> AppResult<()> {
    let now = super::now();
    let attempts = d.attempts + 1;
    let mut update = webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::Attempts, Expr::value(attempts))
        .col_expr(
            webhook_delivery::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            webhook_delivery::Column::LastAttemptAt,
            Expr::value(Some(now)),
        );
    match outcome {
        Ok(status) => {
            update = update
                .col_expr(
                    webhook_delivery::Column::Status,
                    Expr::value(DeliveryStatus::Delivered.as_str()),
                )
                .col_expr(
                    webhook_delivery::Column::ResponseStatus,
                    Expr::value(Some(i32::from(status))),
                )
                .col_expr(
                    webhook_delivery::Column::Error,
                    Expr::value(Option::<String>::None),
                )
                .col_expr(
                    webhook_delivery::Column::DeliveredAt,
                    Expr::value(Some(now)),
                );
        }
        Err((status, error)) => {
            let gave_up = now - d.created_at > relay.give_up_after;
            let next = now
                + chrono::Duration::from_std(backoff(attempts, relay.max_backoff))
                    .unwrap_or_default();
            let status_after = if gave_up {
                DeliveryStatus::Failed
            } else {
                DeliveryStatus::Pending
            };
            tracing::info!(
                delivery = %d.id, event = %d.event_id, attempts, %error,
                failed = gave_up, "webhook delivery attempt failed"
            );
            update = update
                .col_expr(
                    webhook_delivery::Column::Status,
                    Expr::value(status_after.as_str()),
                )
                .col_expr(
                    webhook_delivery::Column::ResponseStatus,
                    Expr::value(status.map(i32::from)),
                )
                .col_expr(webhook_delivery::Column::Error, Expr::value(Some(error)))
                .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(next));
        }
    }
    db::write(db, async |txn| {
        update
            .filter(webhook_delivery::Column::Id.eq(d.id))
            .filter(webhook_delivery::Column::Status.eq(DeliveryStatus::Pending.as_str()))
            .exec(txn)
            .await?;
        Ok::<_, AppError>(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_over_timestamp_and_body() {
        // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'whsec-0123456789abcdef'
        let sig = signature("whsec-0123456789abcdef", 1_700_000_000, br#"{"a":1}"#);
        assert!(sig.starts_with("t=1700000000,v1="));
        assert_eq!(sig.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(
            sig,
            signature("another-secret-0123", 1_700_000_000, br#"{"a":1}"#)
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        let max = Duration::from_secs(300);
        for (attempts, step) in [(1, 1), (2, 2), (3, 4), (10, 300), (40, 300)] {
            let b = backoff(attempts, max);
            let step = Duration::from_secs(step);
            assert!(b >= step / 2 && b <= step, "{attempts}: {b:?}");
        }
    }
}
