//! The caller's workspace and its users.

use entity::{user, workspace};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::Session;
use crate::domain::settings::WorkspaceSettings;
use crate::domain::values::Percentage;
use crate::domain::CasePriority;
use crate::error::{AppError, AppResult};

/// The caller's workspace.
pub async fn current(s: &Session) -> AppResult<workspace::Model> {
    workspace::Entity::find_by_id(s.workspace().to_owned())
        .one(s.read())
        .await?
        .ok_or(AppError::NotFound {
            entity: "Workspace",
        })
}

/// The caller's own user row.
pub async fn me(s: &Session) -> AppResult<user::Model> {
    user::Entity::find_by_id(s.principal.user_id)
        .filter(user::Column::WorkspaceId.eq(s.workspace()))
        .one(s.read())
        .await?
        .ok_or(AppError::NotFound { entity: "User" })
}

/// The settings of a workspace (defaults for anything unset).
pub async fn settings<C: sea_orm::ConnectionTrait>(
    db: &C,
    workspace_id: &str,
) -> AppResult<WorkspaceSettings> {
    let ws = workspace::Entity::find_by_id(workspace_id.to_owned())
        .one(db)
        .await?
        .ok_or(AppError::NotFound {
            entity: "Workspace",
        })?;
    Ok(WorkspaceSettings::from_json(&ws.settings))
}

/// Review intervals to change, in months; `null` means no periodic review for that level.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
pub struct ReviewIntervalsInput {
    /// For `NOT_DEFINED`.
    pub not_defined: async_graphql::MaybeUndefined<u32>,
    /// For `LOW`.
    pub low: async_graphql::MaybeUndefined<u32>,
    /// For `MEDIUM`.
    pub medium: async_graphql::MaybeUndefined<u32>,
    /// For `HIGH`.
    pub high: async_graphql::MaybeUndefined<u32>,
    /// For `CRITICAL`.
    pub critical: async_graphql::MaybeUndefined<u32>,
    /// For `PROHIBITED`.
    pub prohibited: async_graphql::MaybeUndefined<u32>,
}

/// SLA hours to change, per priority (1–87,600 hours); omitted ones stay.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
pub struct SlaHoursInput {
    /// For `CRITICAL`.
    pub critical: Option<u32>,
    /// For `HIGH`.
    pub high: Option<u32>,
    /// For `MEDIUM`.
    pub medium: Option<u32>,
    /// For `LOW`.
    pub low: Option<u32>,
}

/// Settings to change; omitted ones stay.
#[derive(Debug, Clone, async_graphql::InputObject)]
pub struct UpdateWorkspaceSettingsInput {
    /// Case reviews need a comment.
    pub review_comment_required: Option<bool>,
    /// An open case whose checks all become approved is approved by a system review.
    pub auto_approve: Option<bool>,
    /// Total interest (percent, above 0, at most 100) from which an individual is a beneficial owner.
    pub ubo_threshold: Option<f64>,
    /// Periodic review intervals per risk level.
    pub review_intervals_months: Option<ReviewIntervalsInput>,
    /// Days before a document's expiry that an alert is raised (0–365).
    pub document_expiry_window_days: Option<u32>,
    /// Hours from a case's creation to its due date, per priority. A change applies to
    /// cases created or re-prioritised afterwards.
    pub sla_hours: Option<SlaHoursInput>,
    /// Which `APPROVED` reviews need a second person (four-eyes); replaces the current
    /// setting. Recommended: risk levels `HIGH`, `CRITICAL`, `PROHIBITED` and case type `PEP`.
    pub four_eyes: Option<FourEyesInput>,
    /// Years a closed or rejected case is kept after its decision before its personal data
    /// may be erased (`eraseCase`, the retention job): 1 to 50. Default 5 (AMLR Art. 77).
    pub retention_years: Option<u32>,
}

/// The four-eyes setting: cases at one of `riskLevels` or of one of `caseTypes` need a
/// second person to approve. Both empty: off.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
pub struct FourEyesInput {
    /// Risk levels.
    pub risk_levels: Vec<crate::domain::RiskLevel>,
    /// Case types.
    pub case_types: Vec<crate::domain::CaseType>,
}

/// Changes to a trigger without a threshold; omitted fields stay.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
#[graphql(name = "ScreeningTriggerInput")]
pub struct TriggerInput {
    /// Whether results of this kind open a case.
    pub enabled: Option<bool>,
    /// Priority of the case opened.
    pub priority: Option<CasePriority>,
}

/// Changes to the sanctions trigger; omitted fields stay.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
pub struct SanctionsTriggerInput {
    /// Whether sanctions results open a case.
    pub enabled: Option<bool>,
    /// Lowest confidence that opens a case (0–100, inclusive).
    pub min_confidence: Option<f64>,
    /// Priority of the case opened.
    pub priority: Option<CasePriority>,
}

/// Changes to the adverse media trigger; omitted fields stay.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
pub struct AdverseMediaTriggerInput {
    /// Whether adverse media results open a case.
    pub enabled: Option<bool>,
    /// Lowest risk score that opens a case (0–100, inclusive).
    pub min_risk_score: Option<f64>,
    /// Priority of the case opened.
    pub priority: Option<CasePriority>,
}

/// Changes to the workspace's case triggers; omitted triggers and fields stay.
#[derive(Debug, Clone, Default, async_graphql::InputObject)]
pub struct CaseTriggersInput {
    /// Sanctions results.
    pub sanctions: Option<SanctionsTriggerInput>,
    /// PEP matches.
    pub pep: Option<TriggerInput>,
    /// Fraud signals.
    pub fraud: Option<TriggerInput>,
    /// Verification failures.
    pub verification_failure: Option<TriggerInput>,
    /// Adverse media results.
    pub adverse_media: Option<AdverseMediaTriggerInput>,
}

/// `updateCaseTriggers` (admins): returns the workspace with its new triggers.
pub async fn update_triggers(
    s: &Session,
    input: &CaseTriggersInput,
) -> AppResult<workspace::Model> {
    change_settings(s, "workspace.case_triggers_updated", |settings| {
        let t = &mut settings.case_triggers;
        if let Some(i) = &input.sanctions {
            if let Some(v) = i.min_confidence {
                t.sanctions.min_confidence =
                    Percentage::new("input.sanctions.minConfidence", v)?.value();
            }
            t.sanctions.enabled = i.enabled.unwrap_or(t.sanctions.enabled);
            t.sanctions.priority = i.priority.unwrap_or(t.sanctions.priority);
        }
        if let Some(i) = &input.adverse_media {
            if let Some(v) = i.min_risk_score {
                t.adverse_media.min_risk_score =
                    Percentage::new("input.adverseMedia.minRiskScore", v)?.value();
            }
            t.adverse_media.enabled = i.enabled.unwrap_or(t.adverse_media.enabled);
            t.adverse_media.priority = i.priority.unwrap_or(t.adverse_media.priority);
        }
        for (change, trigger) in [
            (&input.pep, &mut t.pep),
            (&input.fraud, &mut t.fraud),
            (&input.verification_failure, &mut t.verification_failure),
        ] {
            if let Some(i) = change {
                trigger.enabled = i.enabled.unwrap_or(trigger.enabled);
                trigger.priority = i.priority.unwrap_or(trigger.priority);
            }
        }
        Ok(())
    })
    .await
}

/// `updateWorkspaceSettings` (admins).
pub async fn update_settings(
    s: &Session,
    input: &UpdateWorkspaceSettingsInput,
) -> AppResult<workspace::Model> {
    use async_graphql::MaybeUndefined;
    change_settings(s, "workspace.settings_updated", |after| {
        if let Some(v) = input.review_comment_required {
            after.review_comment_required = v;
        }
        if let Some(v) = input.auto_approve {
            after.auto_approve = v;
        }
        if let Some(v) = &input.four_eyes {
            let mut risk_levels = v.risk_levels.clone();
            let mut case_types = v.case_types.clone();
            risk_levels.sort_by_key(|l| l.as_str());
            risk_levels.dedup();
            case_types.sort_by_key(|t| t.as_str());
            case_types.dedup();
            after.four_eyes = crate::domain::settings::FourEyes {
                risk_levels,
                case_types,
            };
        }
        if let Some(v) = input.ubo_threshold {
            if !(v > 0.0 && v <= 100.0) {
                return Err(AppError::bad_input(
                    "input.uboThreshold",
                    "must be above 0 and at most 100",
                ));
            }
            after.ubo_threshold = v;
        }
        if let Some(v) = input.retention_years {
            if !crate::domain::settings::RETENTION_YEARS.contains(&v) {
                return Err(AppError::bad_input(
                    "input.retentionYears",
                    "must be 1 to 50 years",
                ));
            }
            after.retention_years = v;
        }
        if let Some(v) = input.document_expiry_window_days {
            if v > 365 {
                return Err(AppError::bad_input(
                    "input.documentExpiryWindowDays",
                    "must be at most 365",
                ));
            }
            after.document_expiry_window_days = v;
        }
        if let Some(intervals) = &input.review_intervals_months {
            let r = &mut after.review_intervals_months;
            let fields = [
                ("notDefined", &intervals.not_defined, &mut r.not_defined),
                ("low", &intervals.low, &mut r.low),
                ("medium", &intervals.medium, &mut r.medium),
                ("high", &intervals.high, &mut r.high),
                ("critical", &intervals.critical, &mut r.critical),
                ("prohibited", &intervals.prohibited, &mut r.prohibited),
            ];
            for (name, change, slot) in fields {
                match change {
                    MaybeUndefined::Undefined => {}
                    MaybeUndefined::Null => *slot = None,
                    MaybeUndefined::Value(m) if (1..=240).contains(m) => *slot = Some(*m),
                    MaybeUndefined::Value(_) => {
                        return Err(AppError::bad_input(
                            format!("input.reviewIntervalsMonths.{name}"),
                            "must be 1 to 240 months, or null",
                        ))
                    }
                }
            }
        }
        if let Some(sla) = &input.sla_hours {
            let h = &mut after.sla_hours;
            for (name, change, slot) in [
                ("critical", sla.critical, &mut h.critical),
                ("high", sla.high, &mut h.high),
                ("medium", sla.medium, &mut h.medium),
                ("low", sla.low, &mut h.low),
            ] {
                match change {
                    None => {}
                    Some(v) if (1..=87_600).contains(&v) => *slot = v,
                    Some(_) => {
                        return Err(AppError::bad_input(
                            format!("input.slaHours.{name}"),
                            "must be 1 to 87,600 hours",
                        ))
                    }
                }
            }
        }
        Ok(())
    })
    .await
}

/// Changes the caller's workspace settings with `edit` (admins): the row is locked first, so
/// concurrent changes apply one after the other; the before/after goes into the audit trail
/// under `action`. A refusal from `edit` writes nothing.
async fn change_settings(
    s: &Session,
    action: &'static str,
    edit: impl FnOnce(&mut WorkspaceSettings) -> AppResult<()>,
) -> AppResult<workspace::Model> {
    s.principal.authorize(crate::auth::Permission::Administer)?;
    s.write(async |txn| {
        // Writing the row first takes its lock, so concurrent updates apply one after the other.
        workspace::Entity::update_many()
            .col_expr(
                workspace::Column::UpdatedAt,
                sea_orm::sea_query::Expr::value(s.now()),
            )
            .filter(workspace::Column::Id.eq(s.workspace()))
            .exec(txn)
            .await?;
        let row = workspace::Entity::find_by_id(s.workspace().to_owned())
            .one(txn)
            .await?
            .ok_or(AppError::NotFound {
                entity: "Workspace",
            })?;
        let before = WorkspaceSettings::from_json(&row.settings);
        let mut after = before.clone();
        edit(&mut after)?;
        let settings = after.to_json();
        let updated = workspace::Entity::update(workspace::ActiveModel {
            id: sea_orm::Set(row.id.clone()),
            settings: sea_orm::Set(settings.clone()),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        let changes =
            serde_json::json!({ "settings": { "before": before.to_json(), "after": settings } });
        super::audit::record_workspace(txn, s, action, "WORKSPACE", None, changes).await?;
        Ok(updated)
    })
    .await
}

/// Every workspace's id, for the background jobs that visit them all.
pub async fn all_ids(db: &sea_orm::DatabaseConnection) -> AppResult<Vec<String>> {
    use sea_orm::QuerySelect;
    Ok(workspace::Entity::find()
        .select_only()
        .column(workspace::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}
