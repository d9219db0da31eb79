//! `screening_results`: the stored result of a standalone screening.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{ScreeningKind, ScreeningOutcome};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "screening_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The screening's id, unique within the workspace.
    pub screening_id: String,
    /// Kind of screening.
    pub kind: ScreeningKind,
    /// Overall match confidence (0–100).
    pub confidence: f64,
    /// Risk score (0–100).
    pub risk_score: f64,
    /// The screened subject (JSON).
    pub subject: Json,
    /// Matches found (JSON array).
    pub hits: Json,
    /// Case opened from this screening, if any.
    pub case_id: Option<Uuid>,
    /// Outcome decided for the screening.
    pub outcome: ScreeningOutcome,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
