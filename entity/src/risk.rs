//! `risks`: one risk assessment of a case (append-only history).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{RiskLevel, RiskMode};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "risks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// Whether the assessment was automatic or manual.
    pub mode: RiskMode,
    /// Resulting risk level.
    pub level: RiskLevel,
    pub score: Option<f64>,
    /// Contributing factors (JSON array).
    pub components: Json,
    /// Risk flags raised (JSON array).
    pub flags: Json,
    pub comment: Option<String>,
    /// Subject of the assessor.
    pub created_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
