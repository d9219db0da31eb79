//! Case decisions: reviews (approve, reject, close), reopening, review dates.

use async_graphql::{InputObject, MaybeUndefined, ID};
use chrono::{DateTime, Utc};
use entity::{case, case_review, pending_decision};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Actor, Change};
use super::input::parse_id;
use super::{case as case_service, update_row, workspace, Session};
use crate::auth::Permission;
use crate::domain::lifecycle::{self, Via};
use crate::domain::schedule::{default_next_review, ReviewPreset};
use crate::domain::values::{optional_text, MAX_TEXT};
use crate::domain::{ActorType, CaseStatus, ReviewStatus};
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

/// The one rule every path that decides a case goes through (reviews, auto-approve): on a
/// case already locked by the caller's transaction, an `APPROVED` review of a case that
/// the workspace's `fourEyes` setting covers becomes a pending decision (the case stays;
/// a different user confirms it with [`confirm`]); any other review is recorded at once.
pub async fn apply(
    db: &DatabaseTransaction,
    s: &Session,
    case: &case::Model,
    actor: Actor,
    status: ReviewStatus,
    comment: Option<String>,
    next_review_at: MaybeUndefined<DateTime<Utc>>,
) -> AppResult<case::Model> {
    if status == ReviewStatus::Approved {
        let settings = workspace::settings(db, &case.workspace_id).await?;
        if settings.four_eyes.applies(case.risk_level, case.case_type) {
            propose(db, s, case, actor, status, comment, next_review_at).await?;
            return Ok(case.clone());
        }
    }
    decide(db, s, case, actor, status, comment, next_review_at).await
}

/// Records a decision awaiting a second person. One at a time per case.
async fn propose(
    db: &DatabaseTransaction,
    s: &Session,
    case: &case::Model,
    actor: Actor,
    status: ReviewStatus,
    comment: Option<String>,
    next_review_at: MaybeUndefined<DateTime<Utc>>,
) -> AppResult<()> {
    // The transition must hold now too, so a proposal never waits on an impossible move.
    lifecycle::check(case.status, lifecycle::decided(status), Via::Review)?;
    if actor.kind == ActorType::System && pending_on(db, case).await?.is_some() {
        // Auto-approve again while its earlier proposal waits: nothing new to propose.
        return Ok(());
    }
    let pending = pending_decision::Model {
        id: Uuid::new_v4(),
        workspace_id: case.workspace_id.clone(),
        case_id: case.id,
        status,
        comment,
        next_review_given: !next_review_at.is_undefined(),
        next_review_at: next_review_at.value().copied(),
        proposer_type: actor.kind,
        proposer_id: actor.id.clone(),
        proposed_at: s.now(),
    };
    pending_decision::Entity::insert(pending_decision::ActiveModel::from(pending.clone()))
        .exec_without_returning(db)
        .await
        .map_err(|e| {
            AppError::on_unique(e, "caseId", "a decision is already pending on this case")
        })?;
    audit::record_many_as(
        db,
        s,
        actor,
        vec![Change {
            case_id: case.id,
            action: "decision.proposed",
            entity_type: "PENDING_DECISION",
            entity_id: Some(pending.id),
            changes: json!({ "status": status, "comment": pending.comment, "nextReviewAt": pending.next_review_at }),
        }],
    )
    .await
}

/// `confirmDecision` / `declineDecision`: a different human reviewer or admin settles the
/// case's pending decision. Confirming records the proposed review (the case moves;
/// `nextReviewAt` is computed now unless the proposer gave it); declining closes it.
pub async fn settle(
    s: &Session,
    case_id: Uuid,
    confirm: bool,
    comment: Option<&str>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::Decide)?;
    if s.principal.actor_type() != ActorType::User {
        return Err(AppError::Forbidden(
            "only a person can confirm or decline a decision".into(),
        ));
    }
    let comment = optional_text("comment", comment, MAX_TEXT)?;
    s.write(async |txn| {
        let case = case_service::lock_for_change(txn, s, case_id, None).await?;
        let pending = pending_on(txn, &case).await?.ok_or(AppError::NotFound {
            entity: "PendingDecision",
        })?;
        if pending.proposer_type == ActorType::User && pending.proposer_id == s.principal.subject {
            return Err(AppError::Forbidden(
                "the proposer of a decision cannot confirm or decline it".into(),
            ));
        }
        pending_decision::Entity::delete_by_id(pending.id)
            .exec(txn)
            .await?;
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action: if confirm {
                    "decision.confirmed"
                } else {
                    "decision.declined"
                },
                entity_type: "PENDING_DECISION",
                entity_id: Some(pending.id),
                changes: json!({
                    "status": pending.status,
                    "proposedBy": { "type": pending.proposer_type, "id": pending.proposer_id },
                    "proposedAt": pending.proposed_at,
                    "comment": comment,
                }),
            },
        )
        .await?;
        if !confirm {
            return Ok(case);
        }
        let next = match (pending.next_review_given, pending.next_review_at) {
            (false, _) => MaybeUndefined::Undefined,
            (true, None) => MaybeUndefined::Null,
            (true, Some(d)) => MaybeUndefined::Value(d),
        };
        decide(
            txn,
            s,
            &case,
            Actor::of(&s.principal),
            pending.status,
            pending.comment.clone(),
            next,
        )
        .await
    })
    .await
}

/// The case's pending decision, if any.
async fn pending_on(
    db: &DatabaseTransaction,
    case: &case::Model,
) -> AppResult<Option<pending_decision::Model>> {
    Ok(pending_decision::Entity::find()
        .filter(pending_decision::Column::WorkspaceId.eq(&case.workspace_id))
        .filter(pending_decision::Column::CaseId.eq(case.id))
        .one(db)
        .await?)
}

/// Records a review on a case already locked by the caller's transaction: the status
/// changes, the review row and the audit event are written. A decision still pending on
/// the case is superseded by it.
async fn decide(
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
    // A decided case has no due date.
    after.due_at = None;
    update_row(db, case, &after).await?;
    pending_decision::Entity::delete_many()
        .filter(pending_decision::Column::WorkspaceId.eq(&case.workspace_id))
        .filter(pending_decision::Column::CaseId.eq(case.id))
        .exec(db)
        .await?;
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
    let sla = workspace::settings(s.read(), s.workspace())
        .await?
        .sla_hours;
    case_service::change(
        s,
        case_id,
        expected_version,
        "case.reopened",
        json!({ "comment": comment }),
        |case| {
            lifecycle::check(case.status, CaseStatus::Open, Via::Reopen)?;
            case.status = CaseStatus::Open;
            // Reopened, the case is due again on its original schedule.
            case.due_at = sla.due_at(case.created_at, case.priority, case.status);
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
