//! Case decisions: reviews (approve, reject, close), reopening, review dates.

use async_graphql::{InputObject, MaybeUndefined, ID};
use chrono::{DateTime, Utc};
use entity::{case, case_review};
use sea_orm::{DatabaseTransaction, EntityTrait};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Actor, Change};
use super::input::parse_id;
use super::{case as case_service, update_row, workspace, Session};
use crate::auth::Permission;
use crate::domain::lifecycle::{self, Via};
use crate::domain::schedule::{default_next_review, ReviewPreset};
use crate::domain::values::{optional_text, MAX_TEXT};
use crate::domain::{CaseStatus, ReviewStatus};
use crate::error::{AppError, AppResult};

/// A decision on a case.
#[derive(Debug, Clone, InputObject)]
pub struct CaseReviewInput {
    /// `APPROVED`, `REJECTED` or `CLOSED`.
    pub status: ReviewStatus,
    /// Why; required when the workspace's `reviewCommentRequired` is on.
    pub comment: Option<String>,
    /// Next periodic review. Omitted: for `APPROVED`, now plus the workspace's interval for
    /// the case's risk level; for `REJECTED`/`CLOSED`, none. `null`: no periodic review.
    pub next_review_at: MaybeUndefined<DateTime<Utc>>,
}

/// When a case is next reviewed: a date or a preset (exactly one).
#[derive(Debug, Clone, InputObject)]
pub struct ReviewScheduleInput {
    /// A date and time.
    pub date: Option<DateTime<Utc>>,
    /// A preset counted from now.
    pub preset: Option<ReviewPreset>,
}

/// Records a review on a case already locked by the caller's transaction: the status
/// changes, the review row and the audit event are written.
pub async fn apply(
    db: &DatabaseTransaction,
    s: &Session,
    case: &case::Model,
    actor: Actor,
    status: ReviewStatus,
    comment: Option<String>,
    next_review_at: MaybeUndefined<DateTime<Utc>>,
) -> AppResult<case::Model> {
    let to = lifecycle::decided(status);
    lifecycle::check(case.status, to, Via::Review)?;
    let at = s.now();
    let next = match next_review_at {
        MaybeUndefined::Value(d) => Some(d),
        MaybeUndefined::Null => None,
        MaybeUndefined::Undefined if status == ReviewStatus::Approved => {
            let settings = workspace::settings(db, &case.workspace_id).await?;
            default_next_review(&settings.review_intervals_months, case.risk_level, at)
        }
        MaybeUndefined::Undefined => None,
    };
    let review = case_review::Model {
        id: Uuid::new_v4(),
        workspace_id: case.workspace_id.clone(),
        case_id: case.id,
        status,
        comment,
        next_review_at: next,
        reviewer_type: actor.kind,
        reviewer_id: Some(actor.id.clone()),
        created_at: at,
    };
    case_review::Entity::insert(case_review::ActiveModel::from(review.clone()))
        .exec_without_returning(db)
        .await?;
    let mut after = case.clone();
    after.status = to;
    after.next_review_at = next;
    update_row(db, case, &after).await?;
    let mut changes = case_service::api_diff(case, &after);
    changes["review"] =
        json!({ "id": review.id, "status": review.status, "comment": review.comment });
    audit::record_many_as(
        db,
        s,
        actor,
        vec![Change {
            case_id: case.id,
            action: "case.reviewed",
            entity_type: "CASE_REVIEW",
            entity_id: Some(review.id),
            changes,
        }],
    )
    .await?;
    Ok(after)
}

/// `createCaseReview`: a reviewer approves, rejects or closes a case.
pub async fn create(
    s: &Session,
    case_id: Uuid,
    input: &CaseReviewInput,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::Decide)?;
    let comment = optional_text("input.comment", input.comment.as_deref(), MAX_TEXT)?;
    s.write(async |txn| {
        let case = case_service::lock_for_change(txn, s, case_id, expected_version).await?;
        if comment.is_none()
            && workspace::settings(txn, s.workspace())
                .await?
                .review_comment_required
        {
            return Err(AppError::bad_input(
                "input.comment",
                "this workspace requires a comment on every case review",
            ));
        }
        let after = apply(
            txn,
            s,
            &case,
            Actor::of(&s.principal),
            input.status,
            comment,
            input.next_review_at,
        )
        .await?;
        Ok(after)
    })
    .await
}

/// `reopenCase`: an approved, rejected or closed case goes back to `OPEN`.
pub async fn reopen(
    s: &Session,
    case_id: Uuid,
    comment: Option<&str>,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::Decide)?;
    let comment = optional_text("comment", comment, MAX_TEXT)?;
    case_service::change(
        s,
        case_id,
        expected_version,
        "case.reopened",
        json!({ "comment": comment }),
        |case| {
            lifecycle::check(case.status, CaseStatus::Open, Via::Reopen)?;
            case.status = CaseStatus::Open;
            Ok(())
        },
    )
    .await
}

/// `setCaseReviewDate`: a date or a preset.
pub async fn set_review_date(
    s: &Session,
    case_id: Uuid,
    schedule: &ReviewScheduleInput,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::Decide)?;
    let next = match (schedule.date, schedule.preset) {
        (Some(d), None) => Some(d),
        (None, Some(p)) => p.apply(s.now()),
        _ => {
            return Err(AppError::bad_input(
                "schedule",
                "give exactly one of date and preset",
            ))
        }
    };
    case_service::change(
        s,
        case_id,
        expected_version,
        "case.review_date_set",
        Value::Null,
        |case| {
            case.next_review_at = next;
            Ok(())
        },
    )
    .await
}

/// `assignCase`: to a user of the workspace, or to nobody.
pub async fn assign(
    s: &Session,
    case_id: Uuid,
    user_id: Option<&ID>,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::WorkCases)?;
    let user_id = user_id.map(|id| parse_id("userId", id)).transpose()?;
    if let Some(id) = user_id {
        if super::load::users(s, &[id]).await?.is_empty() {
            return Err(AppError::bad_input(
                "userId",
                "is not a user of this workspace",
            ));
        }
    }
    case_service::change(
        s,
        case_id,
        expected_version,
        "case.assigned",
        Value::Null,
        |case| {
            case.assignee_id = user_id;
            Ok(())
        },
    )
    .await
}
