//! Checks (the steps of a case). Creating one recomputes the case's stored flags in the
//! same transaction.

use async_graphql::{InputObject, Json, ID};
use chrono::{DateTime, Utc};
use entity::{case as case_entity, check};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde_json::Value;
use uuid::Uuid;

use super::audit::{self, Change};
use super::entity::{parse_id, snapshot, Graph};
use super::{case, now, Session};
use crate::auth::Permission;
use crate::domain::flags::{CheckState, Flags};
use crate::domain::input::{optional_text, MAX_NAME};
use crate::domain::{CheckStatus, CheckSubjectType, CheckType};
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
}

/// Builds a check against the case's graph (subjects must belong to the case).
pub fn plan(at: &str, graph: &Graph, input: &CheckInput) -> AppResult<check::Model> {
    let subject = match (
        &input.subject_company_id,
        &input.subject_individual_id,
        &input.subject_ref,
    ) {
        (None, None, None) => (CheckSubjectType::Case, None),
        (Some(id), None, None) => {
            let id = parse_id(&format!("{at}.subjectCompanyId"), id)?;
            if !graph.companies.iter().any(|c| c.id == id) {
                return Err(AppError::bad_input(
                    format!("{at}.subjectCompanyId"),
                    "is not a company of this case",
                ));
            }
            (CheckSubjectType::Company, Some(id))
        }
        (None, Some(id), None) => {
            let id = parse_id(&format!("{at}.subjectIndividualId"), id)?;
            if !graph.individuals.iter().any(|p| p.id == id) {
                return Err(AppError::bad_input(
                    format!("{at}.subjectIndividualId"),
                    "is not an individual of this case",
                ));
            }
            (CheckSubjectType::Individual, Some(id))
        }
        (None, None, Some(r)) => {
            let (id, is_company) = graph.resolve_ref(&format!("{at}.subjectRef"), r)?;
            (
                if is_company {
                    CheckSubjectType::Company
                } else {
                    CheckSubjectType::Individual
                },
                Some(id),
            )
        }
        _ => {
            return Err(AppError::bad_input(
                format!("{at}.subjectRef"),
                "give at most one subject",
            ))
        }
    };
    let stamp = now();
    Ok(check::Model {
        id: Uuid::new_v4(),
        workspace_id: graph.workspace_id.clone(),
        case_id: graph.case_id,
        check_type: input.check_type.as_str().to_owned(),
        label: optional_text(&format!("{at}.label"), input.label.as_deref(), MAX_NAME)?
            .unwrap_or_else(|| input.check_type.as_str().to_owned()),
        subject_type: subject.0.as_str().to_owned(),
        subject_company_id: subject.1.filter(|_| subject.0 == CheckSubjectType::Company),
        subject_individual_id: subject
            .1
            .filter(|_| subject.0 == CheckSubjectType::Individual),
        status: input
            .status
            .unwrap_or(CheckStatus::InProgress)
            .as_str()
            .to_owned(),
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
            status: CheckStatus::parse(&c.status).unwrap_or(CheckStatus::InProgress),
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

/// Recomputes and stores a case's flags from its checks (inside the caller's transaction).
pub async fn refresh_flags<C: ConnectionTrait>(
    db: &C,
    case: &case_entity::Model,
) -> AppResult<Flags> {
    let checks = check::Entity::find()
        .filter(check::Column::WorkspaceId.eq(&case.workspace_id))
        .filter(check::Column::CaseId.eq(case.id))
        .all(db)
        .await?;
    let flags = Flags::compute(&states(&checks), case.first_collect_completed);
    let mut am: case_entity::ActiveModel = case.clone().into();
    apply_flags(&mut am, &flags);
    am.update(db).await?;
    Ok(flags)
}

/// Adds a check to a case.
pub async fn create_check(
    s: &Session,
    case_id: Uuid,
    input: &CheckInput,
    expected_version: Option<i64>,
) -> AppResult<check::Model> {
    s.principal.authorize(Permission::EditCases)?;
    let txn = s.db.begin().await?;
    let case = case::lock_for_change(&txn, s, case_id, expected_version).await?;
    let graph = Graph::load(&txn, s.workspace(), case_id).await?;
    let model = plan("input", &graph, input)?;
    check::Entity::insert(check::ActiveModel::from(model.clone()))
        .exec_without_returning(&txn)
        .await?;
    refresh_flags(&txn, &case).await?;
    audit::record(
        &txn,
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
    txn.commit().await?;
    Ok(model)
}
