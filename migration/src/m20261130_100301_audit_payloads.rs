//! Audit events ready for erasure, and signed checkpoints (SPEC §3 "Audit proof and
//! retention").
//!
//! - What an event changed moves from `audit_events.changes` to `audit_payloads` (one row
//!   per event). The event keeps `payload_digest`, the SHA-256 of the payload's canonical
//!   JSON, and its hash covers that digest instead of the payload: erasure may later blank
//!   a payload and every chain still verifies. `audit_payloads` refuses DELETE, and UPDATE
//!   except one that blanks the payload.
//! - Every existing chain is rehashed in `seq` order in the new format (format 2, see
//!   docs/audit-proof.md). The code below is that format frozen as of this migration; the
//!   append-only trigger is dropped for the rewrite and recreated after it.
//! - `audit_checkpoints` holds the signed notes over the chain heads (append-only too).

use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr as OrmErr, QueryResult};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
const PAGE: u64 = 1000;

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn tenant_fk(table: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_workspace_id"))
        .from(table.to_owned(), "workspace_id")
        .to("workspaces", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

/// Statements that guard a table against changes: `(create, drop)` per backend.
fn guards(backend: DatabaseBackend) -> Vec<(&'static str, &'static str)> {
    match backend {
        DatabaseBackend::Postgres => vec![
            (
                "CREATE OR REPLACE FUNCTION casegraph_audit_payload_erase_only() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP = 'UPDATE' AND NEW.payload IS NULL AND NEW.event_id = OLD.event_id \
                 AND NEW.workspace_id = OLD.workspace_id THEN RETURN NEW; END IF; \
                 RAISE EXCEPTION 'audit payloads can only be erased'; END; $$",
                "DROP FUNCTION IF EXISTS casegraph_audit_payload_erase_only()",
            ),
            (
                "CREATE TRIGGER audit_payloads_erase_only BEFORE UPDATE OR DELETE ON audit_payloads \
                 FOR EACH ROW EXECUTE FUNCTION casegraph_audit_payload_erase_only()",
                "DROP TRIGGER IF EXISTS audit_payloads_erase_only ON audit_payloads",
            ),
            (
                "CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints \
                 FOR EACH ROW EXECUTE FUNCTION casegraph_audit_append_only()",
                "DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints",
            ),
        ],
        _ => vec![
            (
                "CREATE TRIGGER audit_payloads_erase_only BEFORE UPDATE ON audit_payloads \
                 WHEN NEW.payload IS NOT NULL OR NEW.event_id IS NOT OLD.event_id \
                 OR NEW.workspace_id IS NOT OLD.workspace_id \
                 BEGIN SELECT RAISE(ABORT, 'audit payloads can only be erased'); END",
                "DROP TRIGGER IF EXISTS audit_payloads_erase_only",
            ),
            (
                "CREATE TRIGGER audit_payloads_no_delete BEFORE DELETE ON audit_payloads \
                 BEGIN SELECT RAISE(ABORT, 'audit payloads can only be erased'); END",
                "DROP TRIGGER IF EXISTS audit_payloads_no_delete",
            ),
            (
                "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints \
                 BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END",
                "DROP TRIGGER IF EXISTS audit_checkpoints_no_update",
            ),
            (
                "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints \
                 BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END",
                "DROP TRIGGER IF EXISTS audit_checkpoints_no_delete",
            ),
        ],
    }
}

/// The UPDATE guard of `audit_events` (as created by m20261121_000002): `(drop, create)`.
fn events_update_guard(backend: DatabaseBackend) -> (&'static str, &'static str) {
    match backend {
        DatabaseBackend::Postgres => (
            "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events \
             FOR EACH ROW EXECUTE FUNCTION casegraph_audit_append_only()",
        ),
        _ => (
            "DROP TRIGGER IF EXISTS audit_events_no_update",
            "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
             BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
        ),
    }
}

/// An event's hash over the previous hash and the canonical JSON (sorted keys, no spaces)
/// of its fields plus `content`: format 1 hashed `("changes", payload)`, format 2
/// (docs/audit-proof.md) hashes `("payloadDigest", digest)`.
fn event_hash(
    row: &QueryResult,
    prev_hash: &str,
    content: (&str, Value),
) -> Result<String, OrmErr> {
    let at: chrono::DateTime<chrono::Utc> = row.try_get("", "at")?;
    let mut canonical = json!({
        "id": row.try_get::<uuid::Uuid>("", "id")?,
        "workspaceId": row.try_get::<String>("", "workspace_id")?,
        "caseId": row.try_get::<Option<uuid::Uuid>>("", "case_id")?,
        "seq": row.try_get::<i64>("", "seq")?,
        "action": row.try_get::<String>("", "action")?,
        "actorType": row.try_get::<String>("", "actor_type")?,
        "actorId": row.try_get::<String>("", "actor_id")?,
        "at": at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "entityType": row.try_get::<String>("", "entity_type")?,
        "entityId": row.try_get::<Option<uuid::Uuid>>("", "entity_id")?,
        "prevHash": prev_hash,
    });
    canonical[content.0] = content.1;
    Ok(sha256_hex(format!("{prev_hash}\n{canonical}").as_bytes()))
}

/// The chain a row belongs to, by `chain` (`case_id` or `workspace_id`).
fn chain_key(row: &QueryResult, chain: &str) -> Result<sea_orm::Value, OrmErr> {
    Ok(if chain == "case_id" {
        sea_orm::Value::from(row.try_get::<uuid::Uuid>("", "case_id")?)
    } else {
        sea_orm::Value::from(row.try_get::<String>("", "workspace_id")?)
    })
}

/// Rehashes the chains `which` selects, keyed by `(chain, seq)`: every event gets its
/// payload row, its digest, and its links and hash in format 2. An event that did not
/// verify in format 1 (out of place, unlinked or altered) keeps its old hash, so it stays
/// broken in format 2: the migration never blesses a tampered chain.
async fn rehash_chains<C: ConnectionTrait>(db: &C, chain: &str, which: Expr) -> Result<(), DbErr> {
    let mut last: Option<(sea_orm::Value, i64)> = None;
    // The chain being walked, its last event's stored (format 1) and new hashes.
    let mut current: Option<sea_orm::Value> = None;
    let (mut old_prev, mut prev) = (GENESIS.to_owned(), GENESIS.to_owned());
    let mut expected_seq = 1;
    loop {
        let mut page = Query::select()
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
                "prev_hash",
                "hash",
            ])
            .from("audit_events")
            .and_where(which.clone())
            .order_by(chain.to_owned(), Order::Asc)
            .order_by("seq", Order::Asc)
            .limit(PAGE)
            .to_owned();
        if let Some((key, seq)) = &last {
            page.cond_where(
                Cond::any()
                    .add(Expr::col(chain.to_owned()).gt(key.clone()))
                    .add(
                        Expr::col(chain.to_owned())
                            .eq(key.clone())
                            .and(Expr::col("seq").gt(*seq)),
                    ),
            );
        }
        let rows = db.query_all(&page).await?;
        let Some(tail) = rows.last() else {
            return Ok(());
        };
        let mut payloads = Query::insert()
            .into_table("audit_payloads")
            .columns(["event_id", "workspace_id", "payload"])
            .to_owned();
        for row in &rows {
            let id: uuid::Uuid = row.try_get("", "id")?;
            let seq: i64 = row.try_get("", "seq")?;
            let key = chain_key(row, chain)?;
            if current.as_ref() != Some(&key) {
                current = Some(key);
                (old_prev, prev) = (GENESIS.to_owned(), GENESIS.to_owned());
                expected_seq = 1;
            }
            let workspace_id: String = row.try_get("", "workspace_id")?;
            let changes: Value = row.try_get("", "changes")?;
            let stored_prev: String = row.try_get("", "prev_hash")?;
            let stored: String = row.try_get("", "hash")?;
            let intact = seq == expected_seq
                && stored_prev == old_prev
                && event_hash(row, &stored_prev, ("changes", changes.clone()))? == stored;
            let digest = sha256_hex(changes.to_string().as_bytes());
            let hash = if intact {
                event_hash(row, &prev, ("payloadDigest", json!(digest)))?
            } else {
                stored.clone()
            };
            old_prev = stored;
            expected_seq = seq + 1;
            db.execute(
                &Query::update()
                    .table("audit_events")
                    .values([
                        ("payload_digest", digest.into()),
                        ("prev_hash", prev.clone().into()),
                        ("hash", hash.clone().into()),
                    ])
                    .and_where(Expr::col("id").eq(id))
                    .to_owned(),
            )
            .await?;
            payloads.values_panic([id.into(), workspace_id.into(), changes.into()]);
            prev = hash;
        }
        db.execute(&payloads).await?;
        last = Some((chain_key(tail, chain)?, tail.try_get("", "seq")?));
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on both backends: the rewrite is all or nothing, and every statement
    /// (triggers dropped and recreated included) runs on the same connection.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = m.get_database_backend();
        m.alter_table(
            Table::alter()
                .table("audit_events")
                .add_column(string_len("payload_digest", 64).default(""))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_payloads")
                .col(uuid("event_id").primary_key())
                .col(string_len("workspace_id", 64))
                .col(json_null("payload"))
                .col(timestamp_with_time_zone_null("erased_at"))
                .foreign_key(&mut tenant_fk("audit_payloads"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_checkpoints")
                .col(uuid("id").primary_key())
                .col(string_len("workspace_id", 64))
                .col(timestamp_with_time_zone("created_at"))
                .col(text("note"))
                .foreign_key(&mut tenant_fk("audit_checkpoints"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_checkpoints_workspace_id_created_at")
                .table("audit_checkpoints")
                .col("workspace_id")
                .col("created_at")
                .to_owned(),
        )
        .await?;

        // Rehash every chain in seq order: payloads move out, hashes cover their digests.
        // Pages by key (never OFFSET): the cases' chains along the (case_id, seq) index,
        // then the workspaces' own chains (no case) by (workspace_id, seq).
        let (drop_guard, create_guard) = events_update_guard(backend);
        db.execute_unprepared(drop_guard).await?;
        rehash_chains(db, "case_id", Expr::col("case_id").is_not_null()).await?;
        rehash_chains(db, "workspace_id", Expr::col("case_id").is_null()).await?;
        db.execute_unprepared(create_guard).await?;
        db.execute_unprepared("ALTER TABLE audit_events DROP COLUMN changes")
            .await?;
        for (create, _) in guards(backend) {
            db.execute_unprepared(create).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Hashes stay in format 2: the old format cannot be restored without the payloads
        // being back in the events, which the append-only guard forbids afterwards.
        let db = m.get_connection();
        for (_, drop) in guards(m.get_database_backend()).into_iter().rev() {
            db.execute_unprepared(drop).await?;
        }
        m.drop_table(Table::drop().table("audit_checkpoints").to_owned())
            .await?;
        m.drop_table(Table::drop().table("audit_payloads").to_owned())
            .await?;
        Ok(())
    }
}
