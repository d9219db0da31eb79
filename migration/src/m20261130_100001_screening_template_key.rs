//! Screening and templates: `cases.template_key`, the key of the template a case was made
//! from. Built-in templates have no row until a workspace overrides one, so `template_id`
//! alone cannot name them; the key can (and it survives an override being deleted).
//! Screening results already have their table, with `(workspace_id, screening_id)` unique:
//! that index is what makes a repeated `screeningId` create nothing, even when two ingests
//! race.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("cases")
                .add_column(ColumnDef::new("template_key").string_len(64).null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("cases")
                .drop_column("template_key")
                .to_owned(),
        )
        .await
    }
}
