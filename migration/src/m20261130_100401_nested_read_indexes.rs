//! Composite indexes for the batched nested reads (issue 11): every cohort statement is
//! `WHERE workspace_id = $1 AND <parent>_id = ANY($2)` (an `IN` list on SQLite), so each
//! child table gets an index on `(workspace_id, <parent>_id)`. With only the single-column
//! indexes, PostgreSQL's generic plan for that statement scanned the whole workspace. The
//! `(workspace_id)` indexes these replace are their prefixes, so they are dropped.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, parent column, whether `idx_<table>_workspace_id` exists and is replaced).
const INDEXES: &[(&str, &str, bool)] = &[
    ("companies", "case_id", true),
    ("individuals", "case_id", true),
    ("relations", "case_id", true),
    ("checks", "case_id", true),
    ("aml_hits", "check_id", true),
    ("documents", "case_id", true),
    ("documents", "check_id", false),
    ("notes", "case_id", true),
    ("notes", "check_id", false),
];

fn name(table: &str, parent: &str) -> String {
    format!("idx_{table}_workspace_id_{parent}")
}

fn workspace_only(table: &str) -> String {
    format!("idx_{table}_workspace_id")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for &(table, parent, replaces) in INDEXES {
            m.create_index(
                Index::create()
                    .name(name(table, parent))
                    .table(table)
                    .col("workspace_id")
                    .col(parent)
                    .to_owned(),
            )
            .await?;
            if replaces {
                m.drop_index(
                    Index::drop()
                        .name(workspace_only(table))
                        .table(table)
                        .to_owned(),
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for &(table, parent, replaces) in INDEXES.iter().rev() {
            if replaces {
                m.create_index(
                    Index::create()
                        .name(workspace_only(table))
                        .table(table)
                        .col("workspace_id")
                        .to_owned(),
                )
                .await?;
            }
            m.drop_index(
                Index::drop()
                    .name(name(table, parent))
                    .table(table)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
