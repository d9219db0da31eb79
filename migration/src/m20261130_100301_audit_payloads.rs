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

/// Format 2 of an event's hash (docs/audit-proof.md): SHA-256 over the previous hash, a
/// newline, and the canonical JSON (sorted keys, no spaces) of the event with its
/// payload's digest in place of the payload.
fn rehash(row: &QueryResult, prev_hash: &str, digest: &str) -> Result<String, OrmErr> {
    let at: chrono::DateTime<chrono::Utc> = row.try_get("", "at")?;
    let canonical = json!({
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
        "payloadDigest": digest,
        "prevHash": prev_hash,
    });
    Ok(sha256_hex(format!("{prev_hash}\n{canonical}").as_bytes()))
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
        let (drop_guard, create_guard) = events_update_guard(backend);
        db.execute_unprepared(drop_guard).await?;
        let mut chain: Option<(String, Option<uuid::Uuid>)> = None;
        let mut prev = GENESIS.to_owned();
        let mut offset = 0;
        loop {
            let page = Query::select()
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
                ])
                .from("audit_events")
                .order_by("workspace_id", Order::Asc)
                .order_by("case_id", Order::Asc)
                .order_by("seq", Order::Asc)
                .limit(PAGE)
                .offset(offset)
                .to_owned();
            let rows = db.query_all(&page).await?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as u64;
            let mut payloads = Query::insert()
                .into_table("audit_payloads")
                .columns(["event_id", "workspace_id", "payload"])
                .to_owned();
            for row in &rows {
                let id: uuid::Uuid = row.try_get("", "id")?;
                let key = (
                    row.try_get::<String>("", "workspace_id")?,
                    row.try_get::<Option<uuid::Uuid>>("", "case_id")?,
                );
                if chain.as_ref() != Some(&key) {
                    prev = GENESIS.to_owned();
                    chain = Some(key.clone());
                }
                let changes: Value = row.try_get("", "changes")?;
                let digest = sha256_hex(changes.to_string().as_bytes());
                let hash = rehash(row, &prev, &digest)?;
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
                payloads.values_panic([id.into(), key.0.into(), changes.into()]);
                prev = hash;
            }
            db.execute(&payloads).await?;
        }
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
