//! `checks`: one verification step on a case or one of its subjects.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{CheckStatus, CheckSubjectType, CheckType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// Kind of check.
    pub check_type: CheckType,
    pub label: String,
    /// What the check is about: the case, a company or an individual.
    pub subject_type: CheckSubjectType,
    /// Checked company, when the subject is a company.
    pub subject_company_id: Option<Uuid>,
    /// Checked individual, when the subject is an individual.
    pub subject_individual_id: Option<Uuid>,
    /// Review status.
    pub status: CheckStatus,
    /// Whether the check was switched off.
    pub is_deactivated: bool,
    /// Whether the check is left out of approval rollups.
    pub is_excluded: bool,
    /// Check-specific results (JSON).
    pub data: Option<Json>,
    /// Subject of the last reviewer.
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
    /// When the check's result stops being valid.
    pub expires_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
