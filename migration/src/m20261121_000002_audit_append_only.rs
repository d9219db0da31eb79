//! The audit trail is append-only in the database too: triggers refuse UPDATE and DELETE
//! on `audit_events` (and TRUNCATE on PostgreSQL), whatever the client.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE OR REPLACE FUNCTION casegraph_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events \
                     FOR EACH ROW EXECUTE FUNCTION casegraph_audit_append_only()",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events \
                     FOR EACH STATEMENT EXECUTE FUNCTION casegraph_audit_append_only()",
                )
                .await?;
            }
            _ => {
                for op in ["UPDATE", "DELETE"] {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER audit_events_no_{} BEFORE {op} ON audit_events \
                         BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END",
                        op.to_lowercase()
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DatabaseBackend::Postgres => {
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events",
                )
                .await?;
                db.execute_unprepared(
                    "DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events",
                )
                .await?;
                db.execute_unprepared("DROP FUNCTION IF EXISTS casegraph_audit_append_only()")
                    .await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER IF EXISTS audit_events_no_update")
                    .await?;
                db.execute_unprepared("DROP TRIGGER IF EXISTS audit_events_no_delete")
                    .await?;
            }
        }
        Ok(())
    }
}
