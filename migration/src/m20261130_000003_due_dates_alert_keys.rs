//! Due dates and alert de-duplication: `cases.due_at` (the SLA deadline, indexed for work
//! queues) and `alerts.dedup_key`, unique per workspace, so that an alert the monitor raises
//! "at most once" is guaranteed by the database even when two replicas run at once.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("cases")
                .add_column(ColumnDef::new("due_at").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_cases_workspace_id_due_at")
                .table("cases")
                .col("workspace_id")
                .col("due_at")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("alerts")
                .add_column(ColumnDef::new("dedup_key").string().null())
                .to_owned(),
        )
        .await?;
        // NULL keys (alerts raised by integrations) never collide on either backend.
        m.create_index(
            Index::create()
                .name("uq_alerts_workspace_id_dedup_key")
                .table("alerts")
                .col("workspace_id")
                .col("dedup_key")
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("uq_alerts_workspace_id_dedup_key")
                .table("alerts")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("alerts")
                .drop_column("dedup_key")
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_cases_workspace_id_due_at")
                .table("cases")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("cases")
                .drop_column("due_at")
                .to_owned(),
        )
        .await
    }
}
