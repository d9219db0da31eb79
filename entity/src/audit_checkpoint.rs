//! `audit_checkpoints`: signed notes over a workspace's chain heads (every case's last
//! `(seq, hash)` and the workspace chain's), so that a removed tail or a rewritten chain
//! is detected even by someone who can write to the database.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_checkpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// When it was signed.
    pub created_at: DateTimeUtc,
    /// The signed note (C2SP signed-note format): body, blank line, signature line.
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
