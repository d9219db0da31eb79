//! Four-eyes decisions (SPEC §3 "Four-eyes decisions"): an approval that needs a second
//! person waits in `pending_decisions`, one row per case at most, until a different user
//! confirms or declines it. The proposal and its outcome are audit events; the row goes
//! away when it is decided.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(col: &str, target: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_pending_decisions_{col}"))
        .from("pending_decisions", col.to_owned())
        .to(target.to_owned(), "id")
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("pending_decisions")
                .col(uuid("id").primary_key())
                .col(string_len("workspace_id", 64))
                .col(uuid_uniq("case_id"))
                .col(string_len("status", 16))
                .col(text_null("comment"))
                .col(boolean("next_review_given"))
                .col(timestamp_with_time_zone_null("next_review_at"))
                .col(string_len("proposer_type", 16))
                .col(string("proposer_id"))
                .col(timestamp_with_time_zone("proposed_at"))
                .foreign_key(&mut fk("workspace_id", "workspaces"))
                .foreign_key(&mut fk("case_id", "cases"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("pending_decisions").to_owned())
            .await
    }
}
