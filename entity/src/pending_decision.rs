//! `pending_decisions`: an approval waiting for a second person (four-eyes), one per case.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{ActorType, ReviewStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "pending_decisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case (unique: one pending decision per case).
    pub case_id: Uuid,
    /// The proposed review status (`APPROVED`).
    pub status: ReviewStatus,
    /// The proposer's comment.
    pub comment: Option<String>,
    /// Whether the proposer gave the next review date (else it is computed at confirmation).
    pub next_review_given: bool,
    /// The next review date the proposer gave (`None` with `next_review_given`: none).
    pub next_review_at: Option<DateTimeUtc>,
    /// Who proposed it.
    pub proposer_type: ActorType,
    pub proposer_id: String,
    /// When.
    pub proposed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
