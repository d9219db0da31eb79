//! Checks (the steps of a case). Creating one recomputes the case's stored flags in the
//! same transaction.

use async_graphql::{InputObject, Json, MaybeUndefined, ID};
use chrono::{DateTime, Utc};
use entity::{aml_hit, case as case_entity, check};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, diff, snapshot, Actor, Change};
use super::input::{parse_id, patch};
use super::{case, party, review, update_row, workspace, Session};
use crate::auth::Permission;
use crate::domain::entity_graph::{EntityGraph, Party};
use crate::domain::flags::{aml_positive, CheckState, Flags};
use crate::domain::values::{optional_text, required_text, Percentage, MAX_NAME, MAX_TEXT};
use crate::domain::{
    AmlHitStatus, AmlListType, AmlListTypes, CaseStatus, CheckStatus, CheckSubjectType, CheckType,
    ReviewStatus,
};
use crate::error::{AppError, AppResult};

/// A check to add to a case.
#[derive(Debug, Clone, InputObject)]
pub struct CheckInput {
    /// What the check verifies.
    #[graphql(name = "type")]
    pub check_type: CheckType,
    /// A label; defaults to the type's name.
    pub label: Option<String>,
    /// Initial status (default `IN_PROGRESS`).
    pub status: Option<CheckStatus>,
    /// The company checked (omit every subject for a check on the case itself).
    pub subject_company_id: Option<ID>,
    /// The individual checked.
    pub subject_individual_id: Option<ID>,
    /// The `ref` of a company or individual created in the same call.
    pub subject_ref: Option<String>,
    /// Deactivated checks are ignored by flags (simplified due diligence).
    #[graphql(default)]
    pub is_deactivated: bool,
    /// The provider's payload.
    pub data: Option<Json<Value>>,
    /// When the result stops being valid.
    pub expires_at: Option<DateTime<Utc>>,
    /// Hits found by an AML screening (AML checks only).
    #[graphql(default)]
    pub aml_hits: Vec<AmlHitInput>,
}

/// A possible match found by a screening provider.
#[derive(Debug, Clone, InputObject)]
pub struct AmlHitInput {
    /// Matched name.
    pub name: String,
    /// Lists matched.
    #[graphql(default)]
    pub list_types: Vec<AmlListType>,
    /// Match score (0–100).
    pub score: Option<f64>,
    /// Initial status (default `POTENTIAL_MATCH`).
    pub status: Option<AmlHitStatus>,
    /// The provider's reference.
    pub provider_ref: Option<String>,
    /// The provider's payload.
    pub data: Option<Json<Value>>,
}

/// Most AML hits on one check per call, and decisions per `reviewAmlHits`.
pub const MAX_HITS: usize = 100;

/// Builds AML hit rows for a check.
pub fn plan_hits(
    at: &str,
    check: &check::Model,
    inputs: &[AmlHitInput],
    stamp: DateTime<Utc>,
) -> AppResult<Vec<aml_hit::Model>> {
    if inputs.is_empty() {
        return Ok(vec![]);
    }
    if check.check_type != CheckType::Aml {
        return Err(AppError::bad_input(
            format!("{at}.amlHits"),
            "only AML checks have hits",
        ));
    }
    if inputs.len() > MAX_HITS {
        return Err(AppError::bad_input(
            format!("{at}.amlHits"),
            format!("at most {MAX_HITS} per call"),
        ));
    }
    inputs
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let at = format!("{at}.amlHits[{i}]");
            Ok(aml_hit::Model {
                id: Uuid::new_v4(),
                workspace_id: check.workspace_id.clone(),
                case_id: check.case_id,
                check_id: check.id,
                name: required_text(&format!("{at}.name"), &h.name, MAX_NAME)?,
                list_types: AmlListTypes(h.list_types.clone()),
                score: h
                    .score
                    .map(|v| Percentage::new(&format!("{at}.score"), v).map(|p| p.value()))
                    .transpose()?,
                status: h.status.unwrap_or(AmlHitStatus::PotentialMatch),
                provider_ref: optional_text(
                    &format!("{at}.providerRef"),
                    h.provider_ref.as_deref(),
                    MAX_NAME,
                )?,
                data: h.data.as_ref().map(|d| d.0.clone()),
                reviewed_by: None,
                reviewed_at: None,
                created_at: stamp,
                updated_at: stamp,
            })
        })
        .collect()
}

/// Builds a check against the case's graph (subjects must belong to the case).
pub fn plan(
    at: &str,
    graph: &EntityGraph,
    input: &CheckInput,
    stamp: DateTime<Utc>,
) -> AppResult<check::Model> {
    let subject = match (
        &input.subject_company_id,
        &input.subject_individual_id,
        &input.subject_ref,
    ) {
        (None, None, None) => (CheckSubjectType::Case, None),
        (Some(id), None, None) => {
            let id = parse_id(&format!("{at}.subjectCompanyId"), id)?;
            if graph.company(id).is_none() {
                return Err(AppError::bad_input(
                    format!("{at}.subjectCompanyId"),
                    "is not a company of this case",
                ));
            }
            (CheckSubjectType::Company, Some(id))
        }
        (None, Some(id), None) => {
            let id = parse_id(&format!("{at}.subjectIndividualId"), id)?;
            if graph.individual(id).is_none() {
                return Err(AppError::bad_input(
                    format!("{at}.subjectIndividualId"),
                    "is not an individual of this case",
                ));
            }
            (CheckSubjectType::Individual, Some(id))
        }
        (None, None, Some(r)) => match graph.resolve_ref(&format!("{at}.subjectRef"), r)? {
            Party::Company(id) => (CheckSubjectType::Company, Some(id)),
            Party::Individual(id) => (CheckSubjectType::Individual, Some(id)),
        },
        _ => {
            return Err(AppError::bad_input(
                format!("{at}.subjectRef"),
                "give at most one subject",
            ))
        }
    };
    Ok(check::Model {
        id: Uuid::new_v4(),
        workspace_id: graph.workspace_id().to_owned(),
        case_id: graph.case_id(),
        check_type: input.check_type,
        label: optional_text(&format!("{at}.label"), input.label.as_deref(), MAX_NAME)?
            .unwrap_or_else(|| input.check_type.as_str().to_owned()),
        subject_type: subject.0,
        subject_company_id: subject.1.filter(|_| subject.0 == CheckSubjectType::Company),
        subject_individual_id: subject
            .1
            .filter(|_| subject.0 == CheckSubjectType::Individual),
        status: input.status.unwrap_or(CheckStatus::InProgress),
        is_deactivated: input.is_deactivated,
        is_excluded: false,
        data: input.data.as_ref().map(|d| d.0.clone()),
        reviewed_by: None,
        reviewed_at: None,
        review_comment: None,
        expires_at: input.expires_at,
        created_at: stamp,
        updated_at: stamp,
    })
}

/// The flag-relevant state of stored checks.
pub fn states(checks: &[check::Model]) -> Vec<CheckState> {
    checks
        .iter()
        .map(|c| CheckState {
            status: c.status,
            is_deactivated: c.is_deactivated,
        })
        .collect()
}

/// Writes flags onto a case active model.
pub fn apply_flags(model: &mut case_entity::ActiveModel, flags: &Flags) {
    model.reviewer_has_actions = Set(flags.reviewer_has_actions);
    model.contact_has_actions = Set(flags.contact_has_actions);
    model.first_collect_completed = Set(flags.first_collect_completed);
    model.all_checks_approved = Set(flags.all_checks_approved);
    model.for_review = Set(flags.for_review);
    model.for_first_collect = Set(flags.for_first_collect);
    model.for_recollection = Set(flags.for_recollection);
}

/// Recomputes and stores what a case derives from its checks (flags, AML positivity), in the
/// caller's transaction. With the workspace's `autoApprove` on, the change that makes an
/// `OPEN` case all-approved also approves it, by a system review.
pub async fn refresh_derived(
    db: &DatabaseTransaction,
    s: &Session,
    case: &case_entity::Model,
) -> AppResult<case_entity::Model> {
    let checks = check::Entity::find()
        .filter(check::Column::WorkspaceId.eq(&case.workspace_id))
        .filter(check::Column::CaseId.eq(case.id))
        .all(db)
        .await?;
    let hits = aml_hit::Entity::find()
        .filter(aml_hit::Column::WorkspaceId.eq(&case.workspace_id))
        .filter(aml_hit::Column::CaseId.eq(case.id))
        .all(db)
        .await?;
    let flags = Flags::compute(&states(&checks), case.first_collect_completed);
    let excluded = |check_id: Uuid| checks.iter().any(|c| c.id == check_id && c.is_excluded);
    let positive = aml_positive(hits.iter().map(|h| (h.status, excluded(h.check_id))));
    let mut am = case_entity::ActiveModel {
        id: Set(case.id),
        is_aml_positive: Set(positive),
        ..Default::default()
    };
    apply_flags(&mut am, &flags);
    let mut after = case_entity::Entity::update(am).exec(db).await?;
    let became_approved = flags.all_checks_approved && !case.all_checks_approved;
    if became_approved
        && after.status == CaseStatus::Open
        && workspace::settings(db, &case.workspace_id)
            .await?
            .auto_approve
    {
        after = review::apply(
            db,
            s,
            &after,
            Actor::system(),
            ReviewStatus::Approved,
            Some("all checks approved".into()),
            MaybeUndefined::Undefined,
        )
        .await?;
    }
    Ok(after)
}

/// Adds a check (with its AML hits) to a case.
pub async fn create_check(
    s: &Session,
    case_id: Uuid,
    input: &CheckInput,
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let case = case::lock_for_change(txn, s, case_id, expected_version).await?;
        let graph = party::load(txn, s.workspace(), case_id).await?;
        let model = plan("input", &graph, input, s.now())?;
        let hits = plan_hits("input", &model, &input.aml_hits, s.now())?;
        check::Entity::insert(check::ActiveModel::from(model.clone()))
            .exec_without_returning(txn)
            .await?;
        if !hits.is_empty() {
            aml_hit::Entity::insert_many(hits.into_iter().map(aml_hit::ActiveModel::from))
                .exec_without_returning(txn)
                .await?;
        }
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action: "check.created",
                entity_type: "CHECK",
                entity_id: Some(model.id),
                changes: snapshot(&model),
            },
        )
        .await?;
        refresh_derived(txn, s, &case).await?;
        Ok(model)
    })
    .await
}

/// A check of the caller's workspace, and its case locked for a change. The check is read
/// again once the case is locked: a writer that waited for the lock sees the check as the
/// writer before it left it.
async fn lock_check(
    txn: &DatabaseTransaction,
    s: &Session,
    check_id: Uuid,
    expected_version: Option<i64>,
) -> AppResult<(check::Model, case_entity::Model)> {
    let find = async || {
        check::Entity::find_by_id(check_id)
            .filter(check::Column::WorkspaceId.eq(s.workspace()))
            .one(txn)
            .await?
            .ok_or(AppError::NotFound { entity: "Check" })
    };
    let case_id = find().await?.case_id;
    let case = case::lock_for_change(txn, s, case_id, expected_version).await?;
    Ok((find().await?, case))
}

/// Writes a check change, its audit event, and the case's derived state, in one go.
async fn save_check(
    db: &DatabaseTransaction,
    s: &Session,
    case: &case_entity::Model,
    before: &check::Model,
    after: check::Model,
    action: &str,
) -> AppResult<check::Model> {
    let changes = diff(&[
        ("status", json!(before.status), json!(after.status)),
        ("label", json!(before.label), json!(after.label)),
        (
            "isDeactivated",
            json!(before.is_deactivated),
            json!(after.is_deactivated),
        ),
        (
            "isExcluded",
            json!(before.is_excluded),
            json!(after.is_excluded),
        ),
        ("data", json!(before.data), json!(after.data)),
        (
            "expiresAt",
            json!(before.expires_at),
            json!(after.expires_at),
        ),
        (
            "reviewComment",
            json!(before.review_comment),
            json!(after.review_comment),
        ),
    ]);
    update_row(db, before, &after).await?;
    audit::record(
        db,
        s,
        Change {
            case_id: case.id,
            action,
            entity_type: "CHECK",
            entity_id: Some(after.id),
            changes,
        },
    )
    .await?;
    refresh_derived(db, s, case).await?;
    Ok(after)
}

/// A reviewer's decision on a check.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CheckDecision {
    /// Approve the check.
    Approved,
    /// Reject the check (the contact must provide it again).
    Rejected,
}

/// `reviewCheck`: a reviewer approves or rejects a check.
pub async fn review_check(
    s: &Session,
    check_id: Uuid,
    decision: CheckDecision,
    comment: Option<&str>,
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::Decide)?;
    let comment = optional_text("comment", comment, MAX_TEXT)?;
    s.write(async |txn| {
        let (before, case) = lock_check(txn, s, check_id, expected_version).await?;
        let mut after = before.clone();
        after.status = match decision {
            CheckDecision::Approved => CheckStatus::Approved,
            CheckDecision::Rejected => CheckStatus::Rejected,
        };
        after.reviewed_by = Some(s.principal.subject.clone());
        after.reviewed_at = Some(s.now());
        after.review_comment = comment;
        after.updated_at = s.now();
        save_check(txn, s, &case, &before, after, "check.reviewed").await
    })
    .await
}

/// Changes an integration may make to a check.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateCheckInput {
    /// `IN_PROGRESS`, `PROCESSING`, `NEED_REVIEW` or `EXPIRED`; decisions go through `reviewCheck`.
    pub status: Option<CheckStatus>,
    /// New label.
    pub label: Option<String>,
    /// Replaces the provider payload; `null` clears it.
    pub data: MaybeUndefined<Json<Value>>,
    /// New expiry; `null` clears it.
    pub expires_at: MaybeUndefined<DateTime<Utc>>,
    /// Hits to add (AML checks).
    #[graphql(default)]
    pub aml_hits: Vec<AmlHitInput>,
}

/// `updateCheck`: progress reported by an integration or an analyst.
pub async fn update_check(
    s: &Session,
    check_id: Uuid,
    input: &UpdateCheckInput,
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::EditCases)?;
    if let Some(status) = input.status {
        if matches!(status, CheckStatus::Approved | CheckStatus::Rejected) {
            return Err(AppError::bad_input(
                "input.status",
                "approving or rejecting a check is a reviewer's decision: use reviewCheck",
            ));
        }
    }
    s.write(async |txn| {
        let (before, case) = lock_check(txn, s, check_id, expected_version).await?;
        let mut after = before.clone();
        if let Some(status) = input.status {
            after.status = status;
        }
        if let Some(label) = &input.label {
            after.label = required_text("input.label", label, MAX_NAME)?;
        }
        patch(&mut after.data, &input.data, |v| Ok(Some(v.0.clone())))?;
        patch(&mut after.expires_at, &input.expires_at, |v| Ok(Some(*v)))?;
        after.updated_at = s.now();
        let hits = plan_hits("input", &before, &input.aml_hits, s.now())?;
        if !hits.is_empty() {
            aml_hit::Entity::insert_many(hits.into_iter().map(aml_hit::ActiveModel::from))
                .exec_without_returning(txn)
                .await?;
        }
        save_check(txn, s, &case, &before, after, "check.updated").await
    })
    .await
}

/// `setCheckDeactivated`: deactivated checks are ignored by flags (simplified due diligence).
pub async fn set_deactivated(
    s: &Session,
    check_id: Uuid,
    deactivated: bool,
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let (before, case) = lock_check(txn, s, check_id, expected_version).await?;
        let mut after = before.clone();
        after.is_deactivated = deactivated;
        after.updated_at = s.now();
        save_check(txn, s, &case, &before, after, "check.deactivation_set").await
    })
    .await
}

/// `excludeCheck`: an excluded AML check does not make the case AML positive.
pub async fn set_excluded(
    s: &Session,
    check_id: Uuid,
    excluded: bool,
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::Decide)?;
    s.write(async |txn| {
        let (before, case) = lock_check(txn, s, check_id, expected_version).await?;
        if before.check_type != CheckType::Aml {
            return Err(AppError::bad_input(
                "checkId",
                "only AML checks can be excluded",
            ));
        }
        let mut after = before.clone();
        after.is_excluded = excluded;
        after.updated_at = s.now();
        save_check(txn, s, &case, &before, after, "check.exclusion_set").await
    })
    .await
}

/// One decision of a `reviewAmlHits` batch.
#[derive(Debug, Clone, InputObject)]
pub struct AmlHitDecisionInput {
    /// The hit.
    pub hit_id: ID,
    /// `NO_MATCH`, `FALSE_POSITIVE`, `TRUE_POSITIVE` (or back to `POTENTIAL_MATCH`).
    pub status: AmlHitStatus,
}

/// `reviewAmlHits`: up to 100 decisions on one check's hits, all or nothing.
pub async fn review_aml_hits(
    s: &Session,
    check_id: Uuid,
    decisions: &[AmlHitDecisionInput],
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::Decide)?;
    if decisions.is_empty() || decisions.len() > MAX_HITS {
        return Err(AppError::bad_input(
            "decisions",
            format!("give 1 to {MAX_HITS} decisions"),
        ));
    }
    let ids = decisions
        .iter()
        .enumerate()
        .map(|(i, d)| {
            Uuid::parse_str(d.hit_id.as_str()).map_err(|_| AppError::BadItem {
                index: i,
                field: "hitId".into(),
                message: "is not a valid id".into(),
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    s.write(async |txn| {
        let (check, case) = lock_check(txn, s, check_id, expected_version).await?;
        let hits = aml_hit::Entity::find()
            .filter(aml_hit::Column::WorkspaceId.eq(s.workspace()))
            .filter(aml_hit::Column::CheckId.eq(check.id))
            .all(txn)
            .await?;
        let at = s.now();
        let mut changes = serde_json::Map::new();
        for (i, (id, decision)) in ids.iter().zip(decisions).enumerate() {
            let hit = hits
                .iter()
                .find(|h| h.id == *id)
                .ok_or_else(|| AppError::BadItem {
                    index: i,
                    field: "hitId".into(),
                    message: "is not a hit of this check".into(),
                })?;
            if changes.contains_key(&id.to_string()) {
                return Err(AppError::BadItem {
                    index: i,
                    field: "hitId".into(),
                    message: "is decided twice in this call".into(),
                });
            }
            changes.insert(
                id.to_string(),
                json!({ "before": hit.status, "after": decision.status }),
            );
        }
        for (id, decision) in ids.iter().zip(decisions) {
            aml_hit::Entity::update(aml_hit::ActiveModel {
                id: Set(*id),
                status: Set(decision.status),
                reviewed_by: Set(Some(s.principal.subject.clone())),
                reviewed_at: Set(Some(at)),
                updated_at: Set(at),
                ..Default::default()
            })
            .exec(txn)
            .await?;
        }
        audit::record(
            txn,
            s,
            Change {
                case_id: case.id,
                action: "aml_hits.reviewed",
                entity_type: "CHECK",
                entity_id: Some(check.id),
                changes: Value::Object(changes),
            },
        )
        .await?;
        refresh_derived(txn, s, &case).await?;
        Ok(check)
    })
    .await
}
