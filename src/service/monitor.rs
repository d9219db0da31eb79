//! The monitor: raises the alerts nobody asks for. `DOCUMENT_EXPIRING` (within the
//! workspace's window), `DOCUMENT_EXPIRED` (its check becomes `EXPIRED`, flags recomputed),
//! `REVIEW_DUE` (`nextReviewAt` passed) and `SLA_BREACHED` (`dueAt` passed on a `DRAFT` or
//! `OPEN` case).
//!
//! Each alert is raised at most once per document, review date or case, however many
//! replicas run the monitor at once: every alert carries a dedup key with a unique index
//! per workspace, and is inserted with `ON CONFLICT DO NOTHING`. A run that finds its key
//! taken rolls its transaction back, so nothing else it did (the case's version bump, the
//! check's expiry) is written twice either.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use entity::{alert, case, check, document};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, Actor, Change};
use super::{alert as alert_service, case as case_service, check as check_service, update_row};
use super::{workspace, Session};
use crate::auth::Principal;
use crate::domain::{AlertStatus, AlertType, CaseStatus, CheckStatus, Role};
use crate::error::{AppError, AppResult};

/// What one run raised.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub document_expiring: u64,
    pub document_expired: u64,
    pub review_due: u64,
    pub sla_breached: u64,
}

impl Report {
    pub fn total(&self) -> u64 {
        self.document_expiring + self.document_expired + self.review_due + self.sla_breached
    }
}

/// One alert the monitor would raise.
struct Candidate {
    case_id: Uuid,
    alert_type: AlertType,
    key: String,
    payload: serde_json::Value,
    /// `DOCUMENT_EXPIRED`: the check that expires with the document.
    expire_check: Option<Uuid>,
}

/// A background job's session in a workspace: the system, acting as such; `job` names it
/// where a request id would be.
pub(crate) fn system_session(db: &DatabaseConnection, workspace_id: &str, job: &str) -> Session {
    Session::new(
        db.clone(),
        Principal {
            workspace_id: workspace_id.to_owned(),
            subject: "system".to_owned(),
            user_id: Uuid::nil(),
            role: Role::Admin,
        },
        job.to_owned(),
    )
}

/// Runs the monitor once over every workspace, at `now`.
pub async fn run_once(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<Report> {
    let workspaces = workspace::all_ids(db).await?;
    let mut report = Report::default();
    for id in workspaces {
        let s = system_session(db, &id, "monitor");
        run_workspace(&s, now, &mut report).await?;
    }
    Ok(report)
}

async fn run_workspace(s: &Session, now: DateTime<Utc>, report: &mut Report) -> AppResult<()> {
    let settings = workspace::settings(s.read(), s.workspace()).await?;
    let window = now + Duration::days(i64::from(settings.document_expiry_window_days));
    let live: Vec<case::Model> = case::Entity::find()
        .filter(case::Column::WorkspaceId.eq(s.workspace()))
        .filter(case::Column::DeletedAt.is_null())
        .filter(
            sea_orm::Condition::any()
                .add(case::Column::NextReviewAt.lte(now))
                .add(case::Column::DueAt.lte(now)),
        )
        .all(s.read())
        .await?;
    let mut candidates = vec![];
    for c in &live {
        if let Some(at) = c.next_review_at.filter(|at| *at <= now) {
            candidates.push(Candidate {
                case_id: c.id,
                alert_type: AlertType::ReviewDue,
                key: format!("REVIEW_DUE:{}:{}", c.id, at.timestamp_micros()),
                payload: json!({ "nextReviewAt": at }),
                expire_check: None,
            });
        }
        if let Some(at) = c.due_at.filter(|at| *at <= now) {
            if matches!(c.status, CaseStatus::Draft | CaseStatus::Open) {
                candidates.push(Candidate {
                    case_id: c.id,
                    alert_type: AlertType::SlaBreached,
                    key: format!("SLA_BREACHED:{}", c.id),
                    payload: json!({ "dueAt": at, "priority": c.priority }),
                    expire_check: None,
                });
            }
        }
    }
    let live_ids = sea_orm::sea_query::Query::select()
        .column(case::Column::Id)
        .from(case::Entity)
        .and_where(sea_orm::sea_query::Expr::col(case::Column::WorkspaceId).eq(s.workspace()))
        .and_where(sea_orm::sea_query::Expr::col(case::Column::DeletedAt).is_null())
        .to_owned();
    let documents = document::Entity::find()
        .filter(document::Column::WorkspaceId.eq(s.workspace()))
        .filter(document::Column::ExpiresAt.lte(window))
        .filter(document::Column::CaseId.in_subquery(live_ids))
        .all(s.read())
        .await?;
    for d in documents {
        let Some(expires) = d.expires_at else {
            continue;
        };
        let expired = expires <= now;
        let alert_type = if expired {
            AlertType::DocumentExpired
        } else {
            AlertType::DocumentExpiring
        };
        candidates.push(Candidate {
            case_id: d.case_id,
            alert_type,
            key: format!("{}:{}", alert_type.as_str(), d.id),
            payload: json!({
                "documentId": d.id,
                "fileName": d.file_name,
                "documentType": d.document_type,
                "expiresAt": expires,
                "checkId": d.check_id,
            }),
            expire_check: if expired { d.check_id } else { None },
        });
    }
    if candidates.is_empty() {
        return Ok(());
    }
    // Keys already raised are skipped without a write; the unique index still decides
    // between replicas that both got past this.
    let taken: HashSet<String> = alert::Entity::find()
        .select_only()
        .column(alert::Column::DedupKey)
        .filter(alert::Column::WorkspaceId.eq(s.workspace()))
        .filter(alert::Column::DedupKey.is_in(candidates.iter().map(|c| c.key.clone())))
        .into_tuple::<Option<String>>()
        .all(s.read())
        .await?
        .into_iter()
        .flatten()
        .collect();
    for c in candidates.into_iter().filter(|c| !taken.contains(&c.key)) {
        if raise(s, &c).await? {
            match c.alert_type {
                AlertType::DocumentExpiring => report.document_expiring += 1,
                AlertType::DocumentExpired => report.document_expired += 1,
                AlertType::ReviewDue => report.review_due += 1,
                AlertType::SlaBreached => report.sla_breached += 1,
                _ => {}
            }
        }
    }
    Ok(())
}

/// Raised by another run first: rolls the transaction back. Never leaves this module.
fn already_raised() -> AppError {
    AppError::Conflict {
        message: "alert already raised".into(),
        field: None,
        current_version: None,
    }
}

/// Raises one alert (and expires its check) in one transaction; `false` when another run
/// raised it first.
async fn raise(s: &Session, c: &Candidate) -> AppResult<bool> {
    let result = s
        .write(async |txn| {
            let locked = case_service::lock_for_change(txn, s, c.case_id, None).await?;
            let model = alert::Model {
                id: Uuid::new_v4(),
                workspace_id: s.workspace().to_owned(),
                case_id: c.case_id,
                alert_type: c.alert_type,
                status: AlertStatus::Active,
                payload: c.payload.clone(),
                raised_by: "system".to_owned(),
                actioned_by: None,
                actioned_at: None,
                dedup_key: Some(c.key.clone()),
                created_at: s.now(),
                updated_at: s.now(),
            };
            if alert_service::insert(txn, s, Actor::system(), model)
                .await?
                .is_none()
            {
                return Err(already_raised());
            }
            if let Some(check_id) = c.expire_check {
                let before = check::Entity::find_by_id(check_id)
                    .filter(check::Column::WorkspaceId.eq(s.workspace()))
                    .filter(check::Column::CaseId.eq(c.case_id))
                    .one(txn)
                    .await?;
                if let Some(before) = before.filter(|b| b.status != CheckStatus::Expired) {
                    let mut after = before.clone();
                    after.status = CheckStatus::Expired;
                    after.updated_at = s.now();
                    update_row(txn, &before, &after).await?;
                    audit::record_many_as(
                        txn,
                        s,
                        Actor::system(),
                        vec![Change {
                            case_id: c.case_id,
                            action: "check.expired",
                            entity_type: "CHECK",
                            entity_id: Some(check_id),
                            changes: audit::model_diff(&before, &after),
                        }],
                    )
                    .await?;
                    check_service::refresh_derived(txn, s, &locked).await?;
                }
            }
            Ok(())
        })
        .await;
    match result {
        Ok(()) => Ok(true),
        Err(AppError::Conflict {
            field: None,
            current_version: None,
            message,
        }) if message == "alert already raised" => Ok(false),
        // The case was deleted, or erased under retention, between the scan and the write.
        Err(AppError::NotFound { .. } | AppError::Erased { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}
