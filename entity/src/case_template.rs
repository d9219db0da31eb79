//! `case_templates`: presets that new cases are created from.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{CasePriority, CaseType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "case_templates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// Stable key, unique within the workspace.
    pub key: String,
    pub name: String,
    pub description: Option<String>,
    /// Case type given to cases created from this template.
    pub case_type: CaseType,
    /// Default priority of created cases.
    pub priority: CasePriority,
    /// Pattern the names of created cases are built from.
    pub name_pattern: String,
    /// Tags given to created cases (JSON array of strings).
    pub tags: Json,
    /// Metadata copied onto created cases.
    pub metadata: Option<Json>,
    /// Custom property values copied onto created cases (JSON object).
    pub custom_properties: Json,
    /// Checks opened on created cases (JSON array).
    pub checks: Json,
    /// Whether the template ships with the product rather than being user-made.
    pub is_builtin: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
