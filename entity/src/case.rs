//! `cases`: one KYC/KYB case.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{CasePriority, CaseStatus, CaseType, Processing, RiskLevel};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// Caller-chosen id, unique among the workspace's live cases.
    pub external_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    /// Kind of case (e.g. KYC or KYB).
    pub case_type: CaseType,
    pub priority: CasePriority,
    /// Lifecycle status.
    pub status: CaseStatus,
    /// Background processing state.
    pub processing: Processing,
    /// Free-form caller metadata.
    pub metadata: Option<Json>,
    /// Custom property values keyed by definition key (JSON object).
    pub custom_properties: Json,
    /// Assigned user (`users.id`).
    pub assignee_id: Option<Uuid>,
    /// Current risk level, denormalised from the latest risk.
    pub risk_level: RiskLevel,
    /// Latest risk assessment (`risks.id`).
    pub current_risk_id: Option<Uuid>,
    /// Whether risk is recomputed automatically.
    pub automatic_risk_enabled: bool,
    /// Whether a reviewer has pending actions.
    pub reviewer_has_actions: bool,
    /// Whether the contact has pending actions.
    pub contact_has_actions: bool,
    /// Whether the first information collection is done.
    pub first_collect_completed: bool,
    /// Whether every active check is approved.
    pub all_checks_approved: bool,
    /// Whether the case awaits review.
    pub for_review: bool,
    /// Whether the case awaits its first collection.
    pub for_first_collect: bool,
    /// Whether the case awaits recollection.
    pub for_recollection: bool,
    /// Whether any AML hit was confirmed positive.
    pub is_aml_positive: bool,
    /// When the next periodic review is due.
    pub next_review_at: Option<DateTimeUtc>,
    /// SLA deadline: creation + the priority's hours; `None` once decided.
    pub due_at: Option<DateTimeUtc>,
    /// Template the case was created from (`case_templates.id`).
    pub template_id: Option<Uuid>,
    /// Key of the template the case was created from (built-ins have no row to point at).
    pub template_key: Option<String>,
    /// Ids of related cases (JSON array).
    pub related_case_ids: Json,
    /// Screening that led to this case, if any.
    pub related_screening_id: Option<String>,
    /// Ids of screening hits related to this case (JSON array).
    pub related_hit_ids: Json,
    pub summary: Option<String>,
    /// Optimistic-concurrency version, bumped on every update.
    pub version: i64,
    /// Subject of the creator.
    pub created_by: String,
    /// Soft-deletion time; `None` while the case is live.
    pub deleted_at: Option<DateTimeUtc>,
    /// When the case's personal data was erased under retention; `None` while it holds it.
    pub erased_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
