//! Domain events and webhooks (issue 10): `outbox_events`, written in the same transaction
//! as the audit event it mirrors (so nothing rolled back is published and nothing committed
//! is lost); `webhooks`, the workspace's receivers; `webhook_deliveries`, one row per
//! (webhook, event) with its retry schedule and lease. On PostgreSQL a trigger NOTIFYs
//! `casegraph_events` for each outbox row: notifications are sent at commit and dropped on
//! rollback, and reach every replica that LISTENs.

use sea_orm_migration::sea_orm::DatabaseBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn tenant_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(name.to_owned())
        .col(uuid("id").primary_key())
        .col(string_len("workspace_id", 64))
        .foreign_key(
            ForeignKey::create()
                .name(format!("fk_{name}_workspace_id"))
                .from(name.to_owned(), "workspace_id")
                .to("workspaces", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .take()
}

async fn index(
    m: &SchemaManager<'_>,
    table: &str,
    cols: &[&str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(format!(
        "{}_{table}_{}",
        if unique { "uq" } else { "idx" },
        cols.join("_")
    ))
    .table(table.to_owned());
    if unique {
        idx.unique();
    }
    for c in cols {
        idx.col(String::from(*c));
    }
    m.create_index(idx).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // `id` is the audit event's id, which is the public `eventId`.
        let mut t = tenant_table("outbox_events");
        t.col(uuid_null("case_id"))
            .col(big_integer("seq"))
            .col(string_len("event_type", 64))
            .col(json("payload"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone_null("dispatched_at"));
        m.create_table(t).await?;
        index(m, "outbox_events", &["dispatched_at", "created_at"], false).await?;

        let mut t = tenant_table("webhooks");
        t.col(string_len("url", 2048))
            .col(json("event_types"))
            .col(string_len("secret", 256))
            .col(boolean("active"))
            .col(timestamp_with_time_zone("created_at"))
            .col(timestamp_with_time_zone("updated_at"));
        m.create_table(t).await?;
        index(m, "webhooks", &["workspace_id", "created_at"], false).await?;

        let mut t = tenant_table("webhook_deliveries");
        t.col(uuid("webhook_id"))
            .foreign_key(
                ForeignKey::create()
                    .name("fk_webhook_deliveries_webhook_id")
                    .from("webhook_deliveries", "webhook_id")
                    .to("webhooks", "id")
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .col(uuid("event_id"))
            .col(uuid_null("case_id"))
            // The case's id, or "workspace" for the workspace's own chain: deliveries of one
            // key go out one at a time, in `seq` order.
            .col(string_len("ordering_key", 64))
            .col(big_integer("seq"))
            .col(string_len("event_type", 64))
            .col(string_len("status", 16))
            .col(integer("attempts"))
            .col(timestamp_with_time_zone("next_attempt_at"))
            .col(timestamp_with_time_zone_null("lease_until"))
            .col(timestamp_with_time_zone_null("last_attempt_at"))
            .col(integer_null("response_status"))
            .col(string_null("error"))
            .col(timestamp_with_time_zone_null("delivered_at"))
            .col(timestamp_with_time_zone("created_at"));
        m.create_table(t).await?;
        index(m, "webhook_deliveries", &["webhook_id", "event_id"], true).await?;
        index(
            m,
            "webhook_deliveries",
            &["status", "next_attempt_at"],
            false,
        )
        .await?;
        index(
            m,
            "webhook_deliveries",
            &["webhook_id", "created_at"],
            false,
        )
        .await?;

        if m.get_database_backend() == DatabaseBackend::Postgres {
            let db = m.get_connection();
            // NOTIFY payloads are limited to 8000 bytes: a large event is announced by id
            // and read back by the listener.
            db.execute_unprepared(
                "CREATE OR REPLACE FUNCTION casegraph_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   IF octet_length(NEW.payload::text) < 7000 THEN \
                     PERFORM pg_notify('casegraph_events', NEW.payload::text); \
                   ELSE \
                     PERFORM pg_notify('casegraph_events', json_build_object('eventId', NEW.id, 'truncated', true)::text); \
                   END IF; \
                   RETURN NULL; \
                 END; $$",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events \
                 FOR EACH ROW EXECUTE FUNCTION casegraph_outbox_notify()",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DatabaseBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events; \
                     DROP FUNCTION IF EXISTS casegraph_outbox_notify()",
                )
                .await?;
        }
        for table in ["webhook_deliveries", "webhooks", "outbox_events"] {
            m.drop_table(Table::drop().table(table.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
