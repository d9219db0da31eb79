//! `case_reviews`: one review decision on a case (append-only history).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{ActorType, ReviewStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "case_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// Review outcome.
    pub status: ReviewStatus,
    pub comment: Option<String>,
    /// Next periodic review date set by this review.
    pub next_review_at: Option<DateTimeUtc>,
    /// Whether the reviewer was a user or the system.
    pub reviewer_type: ActorType,
    /// Subject of the reviewer, if a user.
    pub reviewer_id: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
