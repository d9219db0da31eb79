//! Cases: reading (by id, by external id, filtered and paginated lists) and the writes of
//! the foundation (create with a nested graph, update, soft delete). Every change bumps the
//! case's version with a conditional update and writes an audit event in its transaction.

use std::collections::BTreeSet;

use async_graphql::{Enum, InputObject, Json, MaybeUndefined, ID};
use chrono::{DateTime, Utc};
use entity::{aml_hit, case, case_tag, check};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, diff, snapshot, Change};
use super::check::{plan as plan_check, plan_hits, states, CheckInput};
use super::idempotency::{self, Idempotency};
use super::input::{parse_id, patch};
use super::page::{Cursor, Direction, Page, PageRequest};
use super::party::{self, CompanyInput, IndividualInput};
use super::{custom_property, load, update_row, Session};
use crate::auth::Permission;
use crate::db::rows;
use crate::domain::custom_property::{PropertyDefinition, PropertyTarget};
use crate::domain::entity_graph::EntityGraph;
use crate::domain::flags::{aml_positive, Flags};
use crate::domain::lifecycle::{self, Via};
use crate::domain::values::{
    metadata, optional_text, required_text, tags as parse_tags, MAX_NAME, MAX_TEXT,
};
use crate::domain::{CaseFlag, CasePriority, CaseStatus, CaseType, Processing, RiskLevel};
use crate::error::{AppError, AppResult};

/// Most companies, individuals or checks created with one case.
pub const MAX_NESTED: usize = 500;

/// Most related cases of one case.
pub const MAX_RELATED: usize = 100;

/// A new case, optionally with its companies, individuals (with their relations) and checks,
/// all created in one transaction.
#[derive(Debug, Clone, InputObject)]
pub struct CreateCaseInput {
    /// Name (required, at most 255 characters).
    pub name: String,
    /// Your system's id for the case; unique among the workspace's live cases.
    pub external_id: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// What the case is about. Omitted: `KYB` when the input has companies, else `KYC`.
    #[graphql(name = "type")]
    pub case_type: Option<CaseType>,
    /// Default `MEDIUM`.
    pub priority: Option<CasePriority>,
    /// `DRAFT` or `OPEN` (the default).
    pub status: Option<CaseStatus>,
    /// Default `FULL`.
    pub processing: Option<Processing>,
    /// Tags (a set).
    #[graphql(default)]
    pub tags: Vec<String>,
    /// An object of string values.
    pub metadata: Option<Json<Value>>,
    /// Custom property values by key (see `customPropertyDefinitions`).
    pub custom_properties: Option<Json<Value>>,
    /// A short summary of the case, at most 10,000 characters.
    pub summary: Option<String>,
    /// Ids of live cases of the workspace this case relates to (a set, at most 100).
    #[graphql(default)]
    pub related_case_ids: Vec<ID>,
    /// Companies to create with the case.
    #[graphql(default)]
    pub companies: Vec<CompanyInput>,
    /// Individuals to create with the case.
    #[graphql(default)]
    pub individuals: Vec<IndividualInput>,
    /// Checks to create with the case; `subjectRef` names a new company or individual.
    #[graphql(default)]
    pub checks: Vec<CheckInput>,
}

/// Changes to a case. Omitted fields stay as they are; `null` clears a clearable field.
#[derive(Debug, Clone, InputObject)]
pub struct UpdateCaseInput {
    /// New name.
    pub name: Option<String>,
    /// New external id; `null` removes it.
    pub external_id: MaybeUndefined<String>,
    /// New description; `null` removes it.
    pub description: MaybeUndefined<String>,
    /// New type.
    #[graphql(name = "type")]
    pub case_type: Option<CaseType>,
    /// New priority.
    pub priority: Option<CasePriority>,
    /// `DRAFT` ⇄ `OPEN` only; decisions go through `createCaseReview`.
    pub status: Option<CaseStatus>,
    /// New processing.
    pub processing: Option<Processing>,
    /// Replaces the tag set.
    pub tags: Option<Vec<String>>,
    /// Replaces the whole metadata object; `null` clears it.
    pub metadata: MaybeUndefined<Json<Value>>,
    /// Custom property values to merge, by key; `null` resets a key.
    pub custom_properties: Option<Json<Value>>,
    /// New summary; `null` removes it.
    pub summary: MaybeUndefined<String>,
    /// Replaces the related cases (ids of live cases of the workspace; `[]` clears them).
    pub related_case_ids: Option<Vec<ID>>,
}

/// Which cases to list. Conditions combine with AND; list values match any of their items.
#[derive(Debug, Clone, Default, InputObject)]
pub struct CaseFilter {
    /// Any of these statuses.
    pub status: Option<Vec<CaseStatus>>,
    /// Any of these types.
    #[graphql(name = "type")]
    pub case_type: Option<Vec<CaseType>>,
    /// Any of these priorities.
    pub priority: Option<Vec<CasePriority>>,
    /// Assigned to this user.
    pub assignee_id: Option<ID>,
    /// Carrying all of these tags.
    pub tags: Option<Vec<String>>,
    /// Current risk level is any of these.
    pub risk_level: Option<Vec<RiskLevel>>,
    /// Carrying all of these flags.
    pub flags: Option<Vec<CaseFlag>>,
    /// This exact external id.
    pub external_id: Option<String>,
    /// Name or external id contains this text (case-insensitive); at most 255 characters.
    pub search: Option<String>,
    /// Created at or after this time.
    pub created_after: Option<DateTime<Utc>>,
    /// Created before this time.
    pub created_before: Option<DateTime<Utc>>,
    /// Next periodic review due before this time.
    pub next_review_before: Option<DateTime<Utc>>,
    /// Due (SLA) before this time; cases without a due date (decided ones) never match.
    pub due_before: Option<DateTime<Utc>>,
    /// `true`: only cases with a decision waiting for a second person (the checker's
    /// queue); `false`: only cases without.
    pub pending_decision: Option<bool>,
}

/// A field cases can be ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
pub enum CaseOrderField {
    /// Creation time (the default).
    #[default]
    CreatedAt,
    /// Last change.
    UpdatedAt,
    /// By case name, alphabetically.
    Name,
    /// Due date (SLA). Cases without one (decided cases) sort after every dated case in
    /// ascending order and before them in descending order.
    DueAt,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
pub enum SortDirection {
    /// Smallest first.
    Asc,
    /// Largest first (the default).
    #[default]
    Desc,
}

/// How to order cases; ties are broken by id.
#[derive(Debug, Clone, Copy, Default, InputObject)]
pub struct CaseOrder {
    /// The field.
    #[graphql(default)]
    pub field: CaseOrderField,
    /// The direction.
    #[graphql(default)]
    pub direction: SortDirection,
}

pub(super) fn live(workspace: &str) -> Condition {
    Condition::all()
        .add(case::Column::WorkspaceId.eq(workspace))
        .add(case::Column::DeletedAt.is_null())
}

/// A live case of the caller's workspace.
pub async fn get<C: ConnectionTrait>(db: &C, s: &Session, id: Uuid) -> AppResult<case::Model> {
    get_without(db, s, id, &[]).await
}

/// A live case of the caller's workspace, without the columns in `blank` (see
/// [`load::select_without`]): for a query that reads none of them.
pub async fn get_without<C: ConnectionTrait>(
    db: &C,
    s: &Session,
    id: Uuid,
    blank: &[case::Column],
) -> AppResult<case::Model> {
    let select = load::select_without::<case::Entity>(s, blank)
        .filter(case::Column::Id.eq(id))
        .filter(live(s.workspace()));
    rows::one(db, select)
        .await?
        .ok_or(AppError::NotFound { entity: "Case" })
}

/// A live case by its external id.
pub async fn by_external_id(s: &Session, external_id: &str) -> AppResult<case::Model> {
    case::Entity::find()
        .filter(live(s.workspace()))
        .filter(case::Column::ExternalId.eq(external_id))
        .one(s.read())
        .await?
        .ok_or(AppError::NotFound { entity: "Case" })
}

/// Live cases by id (for loaders): missing or foreign ids are simply absent.
pub async fn by_ids(s: &Session, ids: &[Uuid]) -> AppResult<Vec<case::Model>> {
    let select = case::Entity::find()
        .filter(live(s.workspace()))
        .filter(case::Column::Id.is_in(ids.iter().copied()));
    Ok(rows::all(s.read(), select).await?)
}

/// The SQL condition of a filter, always within the caller's workspace.
fn condition(s: &Session, filter: &CaseFilter) -> AppResult<Condition> {
    let mut cond = live(s.workspace());
    if let Some(v) = &filter.status {
        cond = cond.add(case::Column::Status.is_in(v.iter().copied()));
    }
    if let Some(v) = &filter.case_type {
        cond = cond.add(case::Column::CaseType.is_in(v.iter().copied()));
    }
    if let Some(v) = &filter.priority {
        cond = cond.add(case::Column::Priority.is_in(v.iter().copied()));
    }
    if let Some(v) = &filter.risk_level {
        cond = cond.add(case::Column::RiskLevel.is_in(v.iter().copied()));
    }
    if let Some(id) = &filter.assignee_id {
        cond = cond.add(case::Column::AssigneeId.eq(parse_id("filter.assigneeId", id)?));
    }
    if let Some(ext) = &filter.external_id {
        cond = cond.add(case::Column::ExternalId.eq(ext.as_str()));
    }
    for flag in filter.flags.iter().flatten() {
        let column = match flag {
            CaseFlag::AllChecksApproved => case::Column::AllChecksApproved,
            CaseFlag::ForReview => case::Column::ForReview,
            CaseFlag::ForFirstCollect => case::Column::ForFirstCollect,
            CaseFlag::ForRecollection => case::Column::ForRecollection,
            CaseFlag::FirstCollectCompleted => case::Column::FirstCollectCompleted,
        };
        cond = cond.add(column.eq(true));
    }
    if let Some(tags) = &filter.tags {
        let tags = parse_tags("filter.tags", tags)?;
        if !tags.is_empty() {
            let n = tags.len() as i64;
            let sub = Query::select()
                .column(case_tag::Column::CaseId)
                .from(case_tag::Entity)
                .and_where(Expr::col(case_tag::Column::WorkspaceId).eq(s.workspace()))
                .and_where(Expr::col(case_tag::Column::Tag).is_in(tags))
                .group_by_col(case_tag::Column::CaseId)
                .and_having(
                    Expr::expr(Func::count_distinct(Expr::col(case_tag::Column::Tag))).eq(n),
                )
                .to_owned();
            cond = cond.add(Expr::col((case::Entity, case::Column::Id)).in_subquery(sub));
        }
    }
    if let Some(text) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if text.chars().count() > 255 {
            return Err(AppError::bad_input(
                "filter.search",
                "at most 255 characters (names and external ids are no longer)",
            ));
        }
        let escaped: String = text
            .to_lowercase()
            .chars()
            .flat_map(|c| {
                if matches!(c, '%' | '_' | '\\') {
                    vec!['\\', c]
                } else {
                    vec![c]
                }
            })
            .collect();
        let pattern = format!("%{escaped}%");
        cond = cond.add(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col((case::Entity, case::Column::Name))))
                        .like(LikeExpr::new(pattern.clone()).escape('\\')),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col((
                        case::Entity,
                        case::Column::ExternalId,
                    ))))
                    .like(LikeExpr::new(pattern).escape('\\')),
                ),
        );
    }
    if let Some(t) = filter.created_after {
        cond = cond.add(case::Column::CreatedAt.gte(t));
    }
    if let Some(t) = filter.created_before {
        cond = cond.add(case::Column::CreatedAt.lt(t));
    }
    if let Some(t) = filter.next_review_before {
        cond = cond.add(case::Column::NextReviewAt.lt(t));
    }
    if let Some(t) = filter.due_before {
        cond = cond.add(case::Column::DueAt.lt(t));
    }
    if let Some(pending) = filter.pending_decision {
        let sub = Query::select()
            .column(entity::pending_decision::Column::CaseId)
            .from(entity::pending_decision::Entity)
            .and_where(Expr::col(entity::pending_decision::Column::WorkspaceId).eq(s.workspace()))
            .to_owned();
        let id = Expr::col((case::Entity, case::Column::Id));
        cond = cond.add(if pending {
            id.in_subquery(sub)
        } else {
            id.not_in_subquery(sub)
        });
    }
    Ok(cond)
}

fn cursor_of(order: &CaseOrder, c: &case::Model) -> Cursor {
    let value = match order.field {
        CaseOrderField::CreatedAt => c.created_at.to_rfc3339(),
        CaseOrderField::UpdatedAt => c.updated_at.to_rfc3339(),
        CaseOrderField::Name => c.name.clone(),
        CaseOrderField::DueAt => c.due_at.unwrap_or_else(undated).to_rfc3339(),
    };
    Cursor { value, id: c.id }
}

/// Where cases without a due date sort under `DUE_AT`: as if due at the end of year 9999,
/// so a cursor always holds a time and pagination needs no special case for nulls.
fn undated() -> DateTime<Utc> {
    // 9999-12-31T23:59:59Z
    DateTime::from_timestamp(253_402_300_799, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// A page of cases, without the columns in `blank` (see [`load::select_without`]).
pub async fn list(
    s: &Session,
    filter: &CaseFilter,
    order: CaseOrder,
    page: &PageRequest,
    blank: &[case::Column],
) -> AppResult<Page<case::Model>> {
    let mut cond = condition(s, filter)?;
    let key: Expr = match order.field {
        CaseOrderField::CreatedAt => Expr::col((case::Entity, case::Column::CreatedAt)),
        CaseOrderField::UpdatedAt => Expr::col((case::Entity, case::Column::UpdatedAt)),
        CaseOrderField::Name => Expr::col((case::Entity, case::Column::Name)),
        CaseOrderField::DueAt => Expr::expr(Func::coalesce([
            Expr::col((case::Entity, case::Column::DueAt)),
            Expr::value(undated()),
        ])),
    };
    // Reading backwards flips the order; the page is reversed back afterwards.
    let ascending =
        (order.direction == SortDirection::Asc) != (page.direction == Direction::Backward);
    if let Some(cursor) = &page.cursor {
        let value: sea_orm::Value = match order.field {
            CaseOrderField::Name => cursor.value.clone().into(),
            _ => DateTime::parse_from_rfc3339(&cursor.value)
                .map_err(|_| {
                    AppError::bad_input(
                        if page.direction == Direction::Forward {
                            "after"
                        } else {
                            "before"
                        },
                        "is not a cursor from this API",
                    )
                })?
                .with_timezone(&Utc)
                .into(),
        };
        let (after_value, after_id) = if ascending {
            (
                key.clone().gt(value.clone()),
                Expr::col((case::Entity, case::Column::Id)).gt(cursor.id),
            )
        } else {
            (
                key.clone().lt(value.clone()),
                Expr::col((case::Entity, case::Column::Id)).lt(cursor.id),
            )
        };
        cond = cond.add(
            Condition::any()
                .add(after_value)
                .add(Condition::all().add(key.clone().eq(value)).add(after_id)),
        );
    }
    let dir = if ascending { Order::Asc } else { Order::Desc };
    let select = load::select_without::<case::Entity>(s, blank)
        .filter(cond)
        .order_by(key, dir.clone())
        .order_by(case::Column::Id, dir)
        .limit(page.size + 1);
    let mut rows = rows::all(s.read(), select).await?;
    let more = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
    if page.direction == Direction::Backward {
        rows.reverse();
    }
    let items = rows
        .into_iter()
        .map(|c| (cursor_of(&order, &c), c))
        .collect();
    Ok(match page.direction {
        Direction::Forward => Page {
            items,
            has_next_page: more,
            has_previous_page: page.cursor.is_some(),
        },
        Direction::Backward => Page {
            items,
            has_next_page: page.cursor.is_some(),
            has_previous_page: more,
        },
    })
}

/// How many cases match a filter.
pub async fn count(s: &Session, filter: &CaseFilter) -> AppResult<u64> {
    Ok(case::Entity::find()
        .filter(condition(s, filter)?)
        .count(s.read())
        .await?)
}

/// Claims a case for a change: bumps its version (only if it equals `expected_version`,
/// when given) in one conditional update, which also makes concurrent writers to the same
/// case wait for each other. Returns the case as it is after the bump. A case whose personal
/// data was erased takes no change (`CONFLICT` with `erasedAt`).
pub async fn lock_for_change(
    db: &DatabaseTransaction,
    s: &Session,
    id: Uuid,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    let mut update = case::Entity::update_many()
        .col_expr(
            case::Column::Version,
            Expr::col(case::Column::Version).add(1),
        )
        .col_expr(case::Column::UpdatedAt, Expr::value(s.now()))
        .filter(live(s.workspace()))
        .filter(case::Column::Id.eq(id))
        .filter(case::Column::ErasedAt.is_null());
    if let Some(v) = expected_version {
        update = update.filter(case::Column::Version.eq(v));
    }
    let changed = update.exec(db).await?.rows_affected;
    let current = get(db, s, id).await?;
    if let Some(erased_at) = current.erased_at {
        // Erased under retention: the case keeps its trail, never new data.
        return Err(AppError::Erased { erased_at });
    }
    if changed == 0 {
        return Err(AppError::Conflict {
            message: format!(
                "the case changed: expected version {}, current version {}",
                expected_version.unwrap_or_default(),
                current.version
            ),
            field: Some("expectedVersion".into()),
            current_version: Some(current.version),
        });
    }
    Ok(current)
}

/// Changes a case row in its own transaction: locks it (checking `expected_version`), lets
/// `edit` change a copy (a refusal writes nothing), writes the row and an audit event with
/// the fields that changed, plus the keys of `context` (e.g. a comment).
pub async fn change(
    s: &Session,
    case_id: Uuid,
    expected_version: Option<i64>,
    action: &str,
    context: Value,
    edit: impl FnOnce(&mut case::Model) -> AppResult<()>,
) -> AppResult<case::Model> {
    s.write(async |txn| {
        let before = lock_for_change(txn, s, case_id, expected_version).await?;
        let mut after = before.clone();
        edit(&mut after)?;
        let mut changes = audit::model_diff(&before, &after);
        if let (Value::Object(changes), Value::Object(context)) = (&mut changes, context) {
            changes.extend(context);
        }
        save(txn, s, &before, &after, action, changes).await?;
        Ok(after)
    })
    .await
}

/// Writes a changed case row (the columns that differ, see [`update_row`]) and its audit
/// event, whose `changes` the caller made from the same two versions.
async fn save(
    txn: &DatabaseTransaction,
    s: &Session,
    before: &case::Model,
    after: &case::Model,
    action: &str,
    changes: Value,
) -> AppResult<()> {
    update_row(txn, before, after)
        .await
        .map_err(|e| AppError::on_unique(e, "input.externalId", DUPLICATE_EXTERNAL_ID))?;
    audit::record(
        txn,
        s,
        Change {
            case_id: after.id,
            action,
            entity_type: "CASE",
            entity_id: Some(after.id),
            changes,
        },
    )
    .await
}

pub(super) const DUPLICATE_EXTERNAL_ID: &str = "a live case with this externalId already exists";

/// The fields that differ between two versions of a case, under their GraphQL names
/// (`externalId`, `type`, …), as `case.updated`, `case.reviewed` and the risk events record
/// them.
pub fn api_diff(before: &case::Model, after: &case::Model) -> Value {
    audit::model_diff_named(before, after, |column| match column {
        "case_type" => "type".to_owned(),
        other => audit::camel_case(other),
    })
}

fn parse_external_id(field: &str, value: Option<&str>) -> AppResult<Option<String>> {
    optional_text(field, value, MAX_NAME)
}

async fn replace_tags(
    db: &DatabaseTransaction,
    workspace: &str,
    case_id: Uuid,
    tags: &BTreeSet<String>,
) -> AppResult<()> {
    case_tag::Entity::delete_many()
        .filter(case_tag::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    if !tags.is_empty() {
        let rows = tags.iter().map(|t| case_tag::ActiveModel {
            case_id: Set(case_id),
            workspace_id: Set(workspace.to_owned()),
            tag: Set(t.clone()),
        });
        case_tag::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// A `createCase` input, parsed and checked: the case row, its tags, its entity graph, its
/// checks and their AML hits. Nothing is written until [`create`] stores it whole.
pub(super) struct NewCase {
    pub(super) case: case::Model,
    pub(super) tags: BTreeSet<String>,
    pub(super) graph: EntityGraph,
    pub(super) checks: Vec<check::Model>,
    pub(super) hits: Vec<aml_hit::Model>,
    /// Related case ids with their input index, to be found live when written.
    pub(super) related: Vec<(usize, Uuid)>,
}

impl NewCase {
    /// Parses the input (refusals name the input field, in the order they were always
    /// reported). `definitions` are the workspace's custom properties, `sla` its due-date
    /// hours.
    pub(super) fn parse(
        s: &Session,
        input: &CreateCaseInput,
        definitions: &[PropertyDefinition],
        sla: &crate::domain::settings::SlaHours,
    ) -> AppResult<Self> {
        let status = input.status.unwrap_or(CaseStatus::Open);
        if !matches!(status, CaseStatus::Draft | CaseStatus::Open) {
            return Err(AppError::bad_input(
                "input.status",
                "a case starts as DRAFT or OPEN; decisions are made by case reviews",
            ));
        }
        for (field, n) in [
            ("input.companies", input.companies.len()),
            ("input.individuals", input.individuals.len()),
            ("input.checks", input.checks.len()),
        ] {
            if n > MAX_NESTED {
                return Err(AppError::bad_input(
                    field,
                    format!("at most {MAX_NESTED} per call"),
                ));
            }
        }
        let id = Uuid::new_v4();
        let tags = parse_tags("input.tags", &input.tags)?;
        let custom_properties = match &input.custom_properties {
            Some(values) => custom_property::apply(
                "input.customProperties",
                &json!({}),
                values,
                definitions,
                PropertyTarget::Case,
            )?,
            None => json!({}),
        };
        // One moment for every row of the case, its graph and its checks.
        let stamp = s.now();
        let mut graph = EntityGraph::new(id, s.workspace(), vec![], vec![], vec![]);
        party::plan_entities(
            &mut graph,
            "input",
            &input.companies,
            &input.individuals,
            definitions,
            stamp,
        )?;
        let checks = input
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| plan_check(&format!("input.checks[{i}]"), &graph, c, stamp))
            .collect::<AppResult<Vec<_>>>()?;
        let mut hits = vec![];
        for (i, (check, c)) in checks.iter().zip(&input.checks).enumerate() {
            hits.extend(plan_hits(
                &format!("input.checks[{i}]"),
                check,
                &c.aml_hits,
                stamp,
            )?);
        }
        let flags = Flags::compute(&states(&checks), false);
        let is_aml_positive = aml_positive(hits.iter().map(|h| (h.status, false)));
        let related = related_ids(&input.related_case_ids)?;
        let case = case::Model {
            id,
            workspace_id: s.workspace().to_owned(),
            external_id: parse_external_id("input.externalId", input.external_id.as_deref())?,
            name: required_text("input.name", &input.name, MAX_NAME)?,
            description: optional_text(
                "input.description",
                input.description.as_deref(),
                MAX_TEXT,
            )?,
            case_type: input.case_type.unwrap_or(if input.companies.is_empty() {
                CaseType::Kyc
            } else {
                CaseType::Kyb
            }),
            priority: input.priority.unwrap_or(CasePriority::Medium),
            status,
            processing: input.processing.unwrap_or(Processing::Full),
            metadata: input
                .metadata
                .as_ref()
                .map(|m| metadata("input.metadata", m))
                .transpose()?,
            custom_properties,
            assignee_id: None,
            risk_level: RiskLevel::NotDefined,
            current_risk_id: None,
            automatic_risk_enabled: true,
            reviewer_has_actions: flags.reviewer_has_actions,
            contact_has_actions: flags.contact_has_actions,
            first_collect_completed: flags.first_collect_completed,
            all_checks_approved: flags.all_checks_approved,
            for_review: flags.for_review,
            for_first_collect: flags.for_first_collect,
            for_recollection: flags.for_recollection,
            is_aml_positive,
            next_review_at: None,
            due_at: None,
            template_id: None,
            template_key: None,
            related_case_ids: related_json(&related),
            related_screening_id: None,
            related_hit_ids: json!([]),
            summary: optional_text("input.summary", input.summary.as_deref(), MAX_TEXT)?,
            version: 1,
            created_by: s.principal.subject.clone(),
            deleted_at: None,
            erased_at: None,
            created_at: stamp,
            updated_at: stamp,
        };
        let mut case = case;
        case.due_at = sla.due_at(case.created_at, case.priority, case.status);
        Ok(NewCase {
            case,
            tags,
            graph,
            checks,
            hits,
            related,
        })
    }

    /// Stores the case whole in the caller's transaction: its related cases checked live,
    /// every row, and the creation's audit events.
    pub(super) async fn write(&self, txn: &DatabaseTransaction, s: &Session) -> AppResult<()> {
        ensure_related(txn, s, self.case.id, &self.related).await?;
        self.insert(txn).await?;
        audit::record_many(txn, s, self.events()).await?;
        Ok(())
    }

    /// Writes every row, parents first.
    async fn insert(&self, txn: &DatabaseTransaction) -> AppResult<()> {
        case::Entity::insert(case::ActiveModel::from(self.case.clone()))
            .exec_without_returning(txn)
            .await
            .map_err(|e| AppError::on_unique(e, "input.externalId", DUPLICATE_EXTERNAL_ID))?;
        replace_tags(txn, &self.case.workspace_id, self.case.id, &self.tags).await?;
        party::insert_new(txn, &self.graph).await?;
        if !self.checks.is_empty() {
            check::Entity::insert_many(self.checks.iter().cloned().map(check::ActiveModel::from))
                .exec_without_returning(txn)
                .await?;
        }
        if !self.hits.is_empty() {
            aml_hit::Entity::insert_many(self.hits.iter().cloned().map(aml_hit::ActiveModel::from))
                .exec_without_returning(txn)
                .await?;
        }
        Ok(())
    }

    /// The audit events of the creation: the case, its entities and relations, its checks.
    pub(super) fn events(&self) -> Vec<Change<'static>> {
        let id = self.case.id;
        let mut events = vec![Change {
            case_id: id,
            action: "case.created",
            entity_type: "CASE",
            entity_id: Some(id),
            changes: json!({ "created": self.case, "tags": self.tags }),
        }];
        events.extend(party::creation_events(&self.graph));
        events.extend(self.checks.iter().map(|c| Change {
            case_id: id,
            action: "check.created",
            entity_type: "CHECK",
            entity_id: Some(c.id),
            changes: snapshot(c),
        }));
        events
    }
}

/// Parses related case ids: valid ids, at most [`MAX_RELATED`], each with its index in the
/// input; a repeated id is dropped (a set). Whether they are live cases of the workspace is
/// [`ensure_related`]'s question.
fn related_ids(ids: &[ID]) -> AppResult<Vec<(usize, Uuid)>> {
    if ids.len() > MAX_RELATED {
        return Err(AppError::bad_input(
            "input.relatedCaseIds",
            format!("at most {MAX_RELATED} related cases"),
        ));
    }
    let mut out: Vec<(usize, Uuid)> = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let id = Uuid::parse_str(id.as_str()).map_err(|_| related_error(i, "is not a valid id"))?;
        if !out.iter().any(|(_, known)| *known == id) {
            out.push((i, id));
        }
    }
    Ok(out)
}

fn related_error(index: usize, message: &str) -> AppError {
    AppError::BadItem {
        index,
        field: "input.relatedCaseIds".into(),
        message: message.into(),
    }
}

/// Whether stored related case ids name `id`.
fn names(stored: &Value, id: Uuid) -> bool {
    let id = id.to_string();
    stored
        .as_array()
        .is_some_and(|ids| ids.iter().any(|v| v.as_str() == Some(id.as_str())))
}

/// The stored form of related case ids: a JSON array of ids.
fn related_json(related: &[(usize, Uuid)]) -> Value {
    json!(related.iter().map(|(_, id)| id).collect::<Vec<_>>())
}

/// Refuses related cases that are not live cases of the caller's workspace, or that are
/// `case_id` itself, naming the first one's index in the input.
///
/// The live ones stay locked (`FOR SHARE`, PostgreSQL; SQLite writers queue anyway) until
/// the caller commits, so a concurrent [`delete`] of one either waits and then finds the new
/// reference (and drops it), or deletes first and this check sees it gone — never a case
/// committed naming a deleted one.
pub(super) async fn ensure_related(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    related: &[(usize, Uuid)],
) -> AppResult<()> {
    if related.is_empty() {
        return Ok(());
    }
    let live: Vec<Uuid> = case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(live(s.workspace()))
        .filter(case::Column::Id.is_in(related.iter().map(|(_, id)| *id)))
        .lock(LockType::Share)
        .into_tuple()
        .all(txn)
        .await?;
    for (i, id) in related {
        if *id == case_id {
            return Err(related_error(*i, "a case cannot relate to itself"));
        }
        if !live.contains(id) {
            return Err(related_error(*i, "is not a live case of this workspace"));
        }
    }
    Ok(())
}

/// Creates a case with its nested graph, all or nothing.
pub async fn create(s: &Session, input: &CreateCaseInput) -> AppResult<case::Model> {
    create_keyed(s, input, None).await
}

/// Creates a case with its nested graph, all or nothing; under an idempotency key, a retry
/// returns the case the first call created (as it is now) instead of a second one.
pub async fn create_keyed(
    s: &Session,
    input: &CreateCaseInput,
    key: Option<&Idempotency>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::EditCases)?;
    // Parsing (up to 500 nested entities) happens before the write begins.
    let definitions = custom_property::definitions(s.read(), s.workspace()).await?;
    let sla = super::workspace::settings(s.read(), s.workspace())
        .await?
        .sla_hours;
    let new = NewCase::parse(s, input, &definitions, &sla)?;
    let (ids, replayed) = idempotency::run_for_ids(s, key, async |txn| {
        new.write(txn, s).await?;
        Ok(vec![new.case.id])
    })
    .await?;
    if !replayed {
        return Ok(new.case);
    }
    let id = ids
        .first()
        .copied()
        .ok_or(AppError::NotFound { entity: "Case" })?;
    get(s.read(), s, id).await
}

/// Live cases by id in the order given (a replayed answer): a case deleted since is absent.
pub async fn in_order(s: &Session, ids: &[Uuid]) -> AppResult<Vec<case::Model>> {
    let mut rows: std::collections::HashMap<Uuid, case::Model> = by_ids(s, ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    Ok(ids.iter().filter_map(|id| rows.remove(id)).collect())
}

/// The tags of a case, sorted.
pub async fn tags_of<C: ConnectionTrait>(
    db: &C,
    workspace: &str,
    case_id: Uuid,
) -> AppResult<BTreeSet<String>> {
    let rows = case_tag::Entity::find()
        .filter(case_tag::Column::WorkspaceId.eq(workspace))
        .filter(case_tag::Column::CaseId.eq(case_id))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|t| t.tag).collect())
}

/// Updates a case's fields.
pub async fn update(
    s: &Session,
    id: Uuid,
    input: &UpdateCaseInput,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let before = lock_for_change(txn, s, id, expected_version).await?;
        update_locked(txn, s, before, input).await
    })
    .await
}

/// The work of `updateCase` on a case the caller's transaction has already locked (see
/// [`lock_for_change`]): validates `input` (refusals name `input.*` fields), writes the row,
/// the tags and the audit event. Also used to apply a `CASE_DETAILS_REVIEW` alert.
pub async fn update_locked(
    txn: &DatabaseTransaction,
    s: &Session,
    before: case::Model,
    input: &UpdateCaseInput,
) -> AppResult<case::Model> {
    let id = before.id;
    {
        let mut after = before.clone();
        if let Some(name) = &input.name {
            after.name = required_text("input.name", name, MAX_NAME)?;
        }
        patch(&mut after.external_id, &input.external_id, |v| {
            parse_external_id("input.externalId", Some(v))
        })?;
        patch(&mut after.description, &input.description, |v| {
            optional_text("input.description", Some(v), MAX_TEXT)
        })?;
        if let Some(t) = input.case_type {
            after.case_type = t;
        }
        if let Some(p) = input.priority {
            after.priority = p;
        }
        if let Some(p) = input.processing {
            after.processing = p;
        }
        if let Some(to) = input.status {
            if before.status != to {
                lifecycle::check(before.status, to, Via::Update)?;
                after.status = to;
            }
        }
        patch(&mut after.metadata, &input.metadata, |v| {
            metadata("input.metadata", v).map(Some)
        })?;
        if let Some(values) = &input.custom_properties {
            let definitions = custom_property::definitions(txn, s.workspace()).await?;
            after.custom_properties = custom_property::apply(
                "input.customProperties",
                &before.custom_properties,
                values,
                &definitions,
                PropertyTarget::Case,
            )?;
        }
        patch(&mut after.summary, &input.summary, |v| {
            optional_text("input.summary", Some(v), MAX_TEXT)
        })?;
        if let Some(ids) = &input.related_case_ids {
            let related = related_ids(ids)?;
            // Only the added ones: those named already are kept live by `delete`, which
            // finds and updates this case (locking them again could deadlock with it).
            let added: Vec<(usize, Uuid)> = related
                .iter()
                .filter(|(_, r)| !names(&before.related_case_ids, *r))
                .copied()
                .collect();
            ensure_related(txn, s, id, &added).await?;
            after.related_case_ids = related_json(&related);
        }
        if after.priority != before.priority {
            after.due_at = super::workspace::settings(txn, s.workspace())
                .await?
                .sla_hours
                .due_at(after.created_at, after.priority, after.status);
        }
        let mut changes = api_diff(&before, &after);
        if let Some(tags) = &input.tags {
            retag(txn, s, id, "input.tags", tags, &mut changes).await?;
        }
        save(txn, s, &before, &after, "case.updated", changes).await?;
        Ok(after)
    }
}

/// Replaces a case's tags (validated as `updateCase` validates them; refusals name
/// `field`) and adds the change to the audit diff `changes`.
async fn retag(
    txn: &DatabaseTransaction,
    s: &Session,
    id: Uuid,
    field: &str,
    tags: &[String],
    changes: &mut Value,
) -> AppResult<()> {
    let new_tags = parse_tags(field, tags)?;
    let old_tags = tags_of(txn, s.workspace(), id).await?;
    if new_tags != old_tags {
        replace_tags(txn, s.workspace(), id, &new_tags).await?;
    }
    if let (Value::Object(changes), Value::Object(tags)) =
        (changes, diff(&[("tags", json!(old_tags), json!(new_tags))]))
    {
        changes.extend(tags);
    }
    Ok(())
}

/// Replaces a case's tags (`setCaseTags`): one version bump and one `case.updated` audit
/// event, as `updateCase` with only `tags` would make.
pub async fn set_tags(
    s: &Session,
    id: Uuid,
    tags: &[String],
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let before = lock_for_change(txn, s, id, expected_version).await?;
        let mut changes = json!({});
        retag(txn, s, id, "tags", tags, &mut changes).await?;
        save(txn, s, &before, &before, "case.updated", changes).await?;
        Ok(before)
    })
    .await
}

/// Matches live cases of the workspace whose stored related ids mention `id` (a text match on
/// the JSON array; a UUID cannot be part of another, so it has no false positives).
fn names_related(s: &Session, id: Uuid) -> Condition {
    live(s.workspace()).add(
        Expr::col(case::Column::RelatedCaseIds)
            .cast_as("text")
            .like(format!("%{id}%")),
    )
}

/// The live cases of the workspace that name `id` among their related cases.
async fn naming(txn: &DatabaseTransaction, s: &Session, id: Uuid) -> AppResult<Vec<Uuid>> {
    Ok(case::Entity::find()
        .select_only()
        .column(case::Column::Id)
        .filter(names_related(s, id))
        .into_tuple()
        .all(txn)
        .await?)
}

/// Takes the deleted case `deleted` out of case `case_id`'s related ids: a version bump and a
/// `case.updated` event naming the deleted case. Nothing happens when the case was deleted
/// or stopped naming it meanwhile.
async fn drop_related(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    deleted: Uuid,
) -> AppResult<()> {
    let bumped = case::Entity::update_many()
        .col_expr(
            case::Column::Version,
            Expr::col(case::Column::Version).add(1),
        )
        .col_expr(case::Column::UpdatedAt, Expr::value(s.now()))
        .filter(names_related(s, deleted))
        .filter(case::Column::Id.eq(case_id))
        .exec(txn)
        .await?
        .rows_affected;
    if bumped == 0 {
        return Ok(());
    }
    let before = get(txn, s, case_id).await?;
    let mut after = before.clone();
    let gone = deleted.to_string();
    if let Value::Array(ids) = &mut after.related_case_ids {
        ids.retain(|v| v.as_str() != Some(gone.as_str()));
    }
    let mut changes = api_diff(&before, &after);
    if let Value::Object(map) = &mut changes {
        map.insert("deletedCaseId".into(), json!(deleted));
    }
    save(txn, s, &before, &after, "case.updated", changes).await
}

/// Soft-deletes a case: it disappears from every read and frees its external id; its
/// audit trail stays.
pub async fn delete(s: &Session, id: Uuid, expected_version: Option<i64>) -> AppResult<Uuid> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        // SPEC §3: related cases are live cases, so the cases that name this one lose it in
        // the same transaction, each with a `case.updated` event in its own trail (a filter
        // on read would change what they show with nothing in their trail to say why).
        // Every case is locked in id order, so two deletes of cases that name each other
        // queue instead of deadlocking.
        let mut touched = naming(txn, s, id).await?;
        touched.push(id);
        touched.sort_unstable();
        touched.dedup();
        for &case_id in &touched {
            if case_id == id {
                lock_for_change(txn, s, id, expected_version).await?;
            } else {
                drop_related(txn, s, case_id, id).await?;
            }
        }
        // A writer that named this case and held it `FOR SHARE` (see `ensure_related`) has
        // committed by now: its case is found once this one is locked.
        loop {
            let late: Vec<Uuid> = naming(txn, s, id)
                .await?
                .into_iter()
                .filter(|c| !touched.contains(c))
                .collect();
            if late.is_empty() {
                break;
            }
            for case_id in late {
                drop_related(txn, s, case_id, id).await?;
                touched.push(case_id);
            }
        }
        let at = s.now();
        case::Entity::update_many()
            .col_expr(case::Column::DeletedAt, Expr::value(at))
            .filter(case::Column::Id.eq(id))
            .exec(txn)
            .await?;
        audit::record(
            txn,
            s,
            Change {
                case_id: id,
                action: "case.deleted",
                entity_type: "CASE",
                entity_id: Some(id),
                changes: json!({ "deletedAt": at }),
            },
        )
        .await?;
        Ok(id)
    })
    .await
}
