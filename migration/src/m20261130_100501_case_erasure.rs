//! Retention and erasure (SPEC §3 "Audit proof and retention"): `cases.erased_at`, when a
//! case's personal data was erased (null while it holds it). The moment a case became due
//! is not stored: it follows from its last decision (the latest `case_reviews` row of a
//! closed or rejected case) and the workspace's `retentionYears`, which may change.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("cases")
                .add_column(
                    ColumnDef::new("erased_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("cases")
                .drop_column("erased_at")
                .to_owned(),
        )
        .await
    }
}
