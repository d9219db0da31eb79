//! Live monitoring alerts: raised by integrations (`raiseAlert`) and by the monitor, listed
//! across the workspace, and actioned by reviewers (`actionAlert`) with exactly SPEC's
//! action table. Every change writes its audit event in the transaction that makes it.

use std::collections::BTreeMap;

use async_graphql::{Enum, InputObject, InputType, Json, ID};
use chrono::{DateTime, Utc};
use entity::{alert, aml_hit, case, check};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseTransaction, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Actor, Change};
use super::check::{plan_hits, refresh_derived, AmlHitInput, MAX_HITS};
use super::idempotency::{self, Idempotency};
use super::input::parse_id;
use super::page::{Direction, Page, PageRequest};
use super::party::{UpdateCompanyInput, UpdateIndividualInput};
use super::{case as case_service, party, update_row, workspace, Session};
use crate::auth::Permission;
use crate::domain::lifecycle::{self, Via};
use crate::domain::values::{optional_text, MAX_TEXT};
use crate::domain::{
    AlertStatus, AlertType, CaseStatus, CaseType, CheckStatus, CheckSubjectType, CheckType,
};
use crate::error::{AppError, AppResult};

/// Largest alert payload, in bytes of JSON.
pub const MAX_PAYLOAD: usize = 64 * 1024;

/// An alert to raise on a case.
#[derive(Debug, Clone, InputObject)]
pub struct RaiseAlertInput {
    /// The case the alert is about.
    pub case_id: ID,
    /// What the alert is about.
    #[graphql(name = "type")]
    pub alert_type: AlertType,
    /// The changes or details (a JSON object, at most 64 KiB). `CASE_DETAILS_REVIEW`:
    /// `{"case": {field: value}, "companies": {id: {field: value}}, "individuals": {id:
    /// {field: value}}}` with the fields of `updateCase`/`updateCompany`/`updateIndividual`;
    /// `AML_MATCH`: `{"hits": [AmlHitInput]}` (a hit with the `providerRef` of a hit already
    /// on the case's AML check updates it).
    pub payload: Option<Json<Value>>,
}

/// What a reviewer does with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
pub enum AlertAction {
    /// `CASE_DETAILS_REVIEW` only: the alert leaves the list, nothing is applied.
    Exclude,
    /// `CASE_DETAILS_REVIEW`: the proposed changes are applied; `MANUAL_REVIEW`: the case is
    /// opened for review; `AML_MATCH`: the hits are added/updated on the case's AML check
    /// (a decided case is reopened).
    Apply,
    /// `AML_MATCH` on a case that is still draft or open, `DOCUMENT_*`, `REVIEW_DUE`,
    /// `SLA_BREACHED`: the alert leaves the list.
    Dismiss,
}

/// Which alerts to list. Conditions combine with AND; list values match any of their items.
#[derive(Debug, Clone, Default, InputObject)]
pub struct AlertFilter {
    /// Alerts of this case.
    pub case_id: Option<ID>,
    /// Alerts of cases assigned to this user.
    pub assignee_id: Option<ID>,
    /// Any of these alert types.
    #[graphql(name = "type")]
    pub alert_type: Option<Vec<AlertType>>,
    /// Alerts of cases of any of these types.
    pub case_type: Option<Vec<CaseType>>,
    /// `true`: alerts of cases still `DRAFT` or `OPEN`; `false`: of decided cases
    /// (approved, rejected, closed).
    pub case_open: Option<bool>,
    /// Any of these statuses; default `[ACTIVE]` (actioned alerts leave the list).
    pub status: Option<Vec<AlertStatus>>,
}

fn decided(status: CaseStatus) -> bool {
    !matches!(status, CaseStatus::Draft | CaseStatus::Open)
}

/// The SQL condition of a filter, within the caller's workspace and its live cases;
/// `with_type` leaves out the type condition (for counts per type).
fn condition(s: &Session, filter: &AlertFilter, with_type: bool) -> AppResult<Condition> {
    let mut cases = Query::select();
    cases
        .column(case::Column::Id)
        .from(case::Entity)
        .and_where(Expr::col(case::Column::WorkspaceId).eq(s.workspace()))
        .and_where(Expr::col(case::Column::DeletedAt).is_null());
    if let Some(id) = &filter.assignee_id {
        cases.and_where(Expr::col(case::Column::AssigneeId).eq(parse_id("filter.assigneeId", id)?));
    }
    if let Some(types) = &filter.case_type {
        cases.and_where(Expr::col(case::Column::CaseType).is_in(types.iter().copied()));
    }
    if let Some(open) = filter.case_open {
        let live = [CaseStatus::Draft, CaseStatus::Open];
        cases.and_where(if open {
            Expr::col(case::Column::Status).is_in(live)
        } else {
            Expr::col(case::Column::Status).is_not_in(live)
        });
    }
    let mut cond = Condition::all()
        .add(alert::Column::WorkspaceId.eq(s.workspace()))
        .add(alert::Column::CaseId.in_subquery(cases.to_owned()));
    if let Some(id) = &filter.case_id {
        cond = cond.add(alert::Column::CaseId.eq(parse_id("filter.caseId", id)?));
    }
    if with_type {
        if let Some(types) = &filter.alert_type {
            cond = cond.add(alert::Column::AlertType.is_in(types.iter().copied()));
        }
    }
    let statuses = filter
        .status
        .clone()
        .unwrap_or_else(|| vec![AlertStatus::Active]);
    cond = cond.add(alert::Column::Status.is_in(statuses));
    Ok(cond)
}

/// A page of alerts, newest first.
pub async fn list(
    s: &Session,
    filter: &AlertFilter,
    page: &PageRequest,
) -> AppResult<Page<alert::Model>> {
    let mut cond = condition(s, filter, true)?;
    // Newest first; reading backwards flips the order and the page is reversed afterwards.
    let ascending = page.direction == Direction::Backward;
    if let Some(cursor) = &page.cursor {
        let field = if page.direction == Direction::Forward {
            "after"
        } else {
            "before"
        };
        let at: DateTime<Utc> = DateTime::parse_from_rfc3339(&cursor.value)
            .map_err(|_| AppError::bad_input(field, "is not a cursor from this API"))?
            .with_timezone(&Utc);
        let (beyond_at, beyond_id) = if ascending {
            (
                alert::Column::CreatedAt.gt(at),
                alert::Column::Id.gt(cursor.id),
            )
        } else {
            (
                alert::Column::CreatedAt.lt(at),
                alert::Column::Id.lt(cursor.id),
            )
        };
        cond = cond.add(
            Condition::any().add(beyond_at).add(
                Condition::all()
                    .add(alert::Column::CreatedAt.eq(at))
                    .add(beyond_id),
            ),
        );
    }
    let dir = if ascending { Order::Asc } else { Order::Desc };
    let mut rows = alert::Entity::find()
        .filter(cond)
        .order_by(alert::Column::CreatedAt, dir.clone())
        .order_by(alert::Column::Id, dir)
        .limit(page.size + 1)
        .all(s.read())
        .await?;
    let more = rows.len() as u64 > page.size;
    rows.truncate(page.size as usize);
    if page.direction == Direction::Backward {
        rows.reverse();
    }
    let items = rows
        .into_iter()
        .map(|a| {
            (
                super::page::Cursor {
                    value: a.created_at.to_rfc3339(),
                    id: a.id,
                },
                a,
            )
        })
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

/// How many alerts match a filter.
pub async fn count(s: &Session, filter: &AlertFilter) -> AppResult<u64> {
    Ok(alert::Entity::find()
        .filter(condition(s, filter, true)?)
        .count(s.read())
        .await?)
}

/// How many alerts of each type match the filter, its `type` condition left out (so that
/// every type's tab shows its count); types without alerts are listed with 0.
pub async fn counts_by_type(s: &Session, filter: &AlertFilter) -> AppResult<Vec<(AlertType, u64)>> {
    let rows: Vec<(AlertType, i64)> = alert::Entity::find()
        .select_only()
        .column(alert::Column::AlertType)
        .column_as(alert::Column::Id.count(), "n")
        .filter(condition(s, filter, false)?)
        .group_by(alert::Column::AlertType)
        .into_tuple()
        .all(s.read())
        .await?;
    Ok(AlertType::ALL
        .iter()
        .map(|t| {
            let n = rows.iter().find(|(r, _)| r == t).map_or(0, |(_, n)| *n);
            (*t, u64::try_from(n).unwrap_or_default())
        })
        .collect())
}

/// The parsed proposal of a `CASE_DETAILS_REVIEW` payload.
struct Proposal {
    case: Option<case_service::UpdateCaseInput>,
    companies: Vec<(Uuid, UpdateCompanyInput)>,
    individuals: Vec<(Uuid, UpdateIndividualInput)>,
}

/// Parses a JSON value as a GraphQL input object, refusing fields the type does not have
/// (GraphQL itself would refuse them in a query; here they would be silently dropped).
fn parse_input<T: InputType>(field: &str, value: &Value) -> AppResult<T> {
    let parsed = T::parse(Some(
        async_graphql::Value::from_json(value.clone())
            .map_err(|_| AppError::bad_input(field, "is not valid input"))?,
    ))
    .map_err(|e| AppError::bad_input(field, e.into_server_error(Default::default()).message))?;
    if let (Some(given), async_graphql::Value::Object(known)) =
        (value.as_object(), parsed.to_value())
    {
        if let Some(unknown) = given.keys().find(|k| !known.contains_key(k.as_str())) {
            return Err(AppError::bad_input(
                format!("{field}.{unknown}"),
                "is not a field of this change",
            ));
        }
    }
    Ok(parsed)
}

fn parse_proposal(payload: &Value) -> AppResult<Proposal> {
    let Some(object) = payload.as_object() else {
        return Err(AppError::bad_input("payload", "must be an object"));
    };
    if let Some(key) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "case" | "companies" | "individuals"))
    {
        return Err(AppError::bad_input(
            format!("payload.{key}"),
            "is not a part of a proposal (case, companies, individuals)",
        ));
    }
    if object.is_empty() {
        return Err(AppError::bad_input("payload", "proposes no change"));
    }
    let case = object
        .get("case")
        .map(|v| parse_input("payload.case", v))
        .transpose()?;
    fn by_id<T: InputType>(at: &str, value: Option<&Value>) -> AppResult<Vec<(Uuid, T)>> {
        let Some(value) = value else {
            return Ok(vec![]);
        };
        let Some(map) = value.as_object() else {
            return Err(AppError::bad_input(at, "must be an object keyed by id"));
        };
        map.iter()
            .map(|(id, v)| {
                let field = format!("{at}.{id}");
                let id = Uuid::parse_str(id)
                    .map_err(|_| AppError::bad_input(&field, "is not a valid id"))?;
                Ok((id, parse_input(&field, v)?))
            })
            .collect()
    }
    Ok(Proposal {
        case,
        companies: by_id("payload.companies", object.get("companies"))?,
        individuals: by_id("payload.individuals", object.get("individuals"))?,
    })
}

fn parse_hits(payload: &Value) -> AppResult<Vec<AmlHitInput>> {
    let hits = payload
        .get("hits")
        .ok_or_else(|| AppError::bad_input("payload.hits", "an AML_MATCH alert carries hits"))?;
    let hits: Vec<AmlHitInput> = parse_input("payload.hits", hits)?;
    if hits.is_empty() || hits.len() > MAX_HITS {
        return Err(AppError::bad_input(
            "payload.hits",
            format!("1 to {MAX_HITS} hits"),
        ));
    }
    Ok(hits)
}

/// Checks a payload's shape for its type when the alert is raised.
fn check_payload(alert_type: AlertType, payload: &Value) -> AppResult<()> {
    if !payload.is_object() {
        return Err(AppError::bad_input("input.payload", "must be an object"));
    }
    if serde_json::to_vec(payload).map_or(0, |b| b.len()) > MAX_PAYLOAD {
        return Err(AppError::bad_input("input.payload", "at most 64 KiB"));
    }
    let named = |e: AppError| match e {
        AppError::BadInput { field, message } => AppError::BadInput {
            field: format!("input.{field}"),
            message,
        },
        other => other,
    };
    match alert_type {
        AlertType::CaseDetailsReview => parse_proposal(payload).map(|_| ()).map_err(named),
        AlertType::AmlMatch => parse_hits(payload).map(|_| ()).map_err(named),
        _ => Ok(()),
    }
}

/// A new alert row.
fn new_alert(
    s: &Session,
    case_id: Uuid,
    alert_type: AlertType,
    payload: Value,
    raised_by: String,
    dedup_key: Option<String>,
) -> alert::Model {
    let at = s.now();
    alert::Model {
        id: Uuid::new_v4(),
        workspace_id: s.workspace().to_owned(),
        case_id,
        alert_type,
        status: AlertStatus::Active,
        payload,
        raised_by,
        actioned_by: None,
        actioned_at: None,
        dedup_key,
        created_at: at,
        updated_at: at,
    }
}

/// Writes an alert and its `alert.raised` event on a case the caller's transaction has
/// locked. With a dedup key, an alert already raised under that key makes this a no-op
/// (`None`): the unique index decides, whichever replica gets there first.
pub async fn insert(
    txn: &DatabaseTransaction,
    s: &Session,
    actor: Actor,
    model: alert::Model,
) -> AppResult<Option<alert::Model>> {
    let inserted = alert::Entity::insert(alert::ActiveModel::from(model.clone()))
        .on_conflict(
            OnConflict::columns([alert::Column::WorkspaceId, alert::Column::DedupKey])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    audit::record_many_as(
        txn,
        s,
        actor,
        vec![Change {
            case_id: model.case_id,
            action: "alert.raised",
            entity_type: "ALERT",
            entity_id: Some(model.id),
            changes: json!({ "created": model }),
        }],
    )
    .await?;
    Ok(Some(model))
}

/// `raiseAlert` (analysts, integrations). Under an idempotency key, a retry returns the
/// alert the first call raised (as it is now) instead of a second one.
pub async fn raise(
    s: &Session,
    input: &RaiseAlertInput,
    key: Option<&Idempotency>,
) -> AppResult<alert::Model> {
    s.principal.authorize(Permission::PushResults)?;
    let case_id = parse_id("input.caseId", &input.case_id)?;
    let payload = input
        .payload
        .as_ref()
        .map(|p| p.0.clone())
        .unwrap_or_else(|| json!({}));
    check_payload(input.alert_type, &payload)?;
    let model = new_alert(
        s,
        case_id,
        input.alert_type,
        payload,
        s.principal.subject.clone(),
        None,
    );
    let (ids, replayed) = idempotency::run_for_ids(s, key, async |txn| {
        case_service::lock_for_change(txn, s, case_id, None).await?;
        let raised = insert(txn, s, Actor::of(&s.principal), model.clone())
            .await?
            .ok_or_else(|| AppError::Internal("an alert without a key was not written".into()))?;
        Ok(vec![raised.id])
    })
    .await?;
    if !replayed {
        return Ok(model);
    }
    let id = ids
        .first()
        .copied()
        .ok_or(AppError::NotFound { entity: "Alert" })?;
    alert::Entity::find_by_id(id)
        .filter(alert::Column::WorkspaceId.eq(s.workspace()))
        .one(s.read())
        .await?
        .ok_or(AppError::NotFound { entity: "Alert" })
}

/// Whether SPEC's action table allows `action` on an alert of `alert_type` on `case`.
fn allowed(alert_type: AlertType, action: AlertAction, case: &case::Model) -> bool {
    use AlertAction::*;
    use AlertType::*;
    match (action, alert_type) {
        (Exclude, CaseDetailsReview) => true,
        (Apply, CaseDetailsReview | ManualReview | AmlMatch) => true,
        (Dismiss, AmlMatch) => !decided(case.status),
        (Dismiss, DocumentExpiring | DocumentExpired | ReviewDue | SlaBreached) => true,
        _ => false,
    }
}

/// Maps a refusal of an update service (fields `input.*`, or under `at`) to the payload path.
fn under(prefix: &str, e: AppError) -> AppError {
    match e {
        AppError::BadInput { field, message }
        | AppError::Conflict {
            field: Some(field),
            message,
            ..
        } => AppError::BadInput {
            field: match field.strip_prefix("input") {
                Some(rest) => format!("{prefix}{rest}"),
                None => field,
            },
            message: format!("the proposed change no longer holds: {message}"),
        },
        other => other,
    }
}

/// Opens a case for review: `OPEN`, reopening a decided one (due date back).
async fn open_case(
    txn: &DatabaseTransaction,
    s: &Session,
    before: &case::Model,
) -> AppResult<case::Model> {
    if before.status == CaseStatus::Open {
        return Ok(before.clone());
    }
    let via = if decided(before.status) {
        Via::Reopen
    } else {
        Via::Update
    };
    lifecycle::check(before.status, CaseStatus::Open, via)?;
    let mut after = before.clone();
    after.status = CaseStatus::Open;
    after.due_at = workspace::settings(txn, s.workspace())
        .await?
        .sla_hours
        .due_at(after.created_at, after.priority, after.status);
    update_row(txn, before, &after).await?;
    audit::record(
        txn,
        s,
        Change {
            case_id: after.id,
            action: "case.reopened",
            entity_type: "CASE",
            entity_id: Some(after.id),
            changes: case_service::api_diff(before, &after),
        },
    )
    .await?;
    Ok(after)
}

/// Adds or updates the hits on the case's AML check (created, about the case, if it has
/// none): a hit whose `providerRef` matches one already on the check updates it.
async fn apply_hits(
    txn: &DatabaseTransaction,
    s: &Session,
    case: &case::Model,
    hits: &[AmlHitInput],
) -> AppResult<()> {
    let existing = check::Entity::find()
        .filter(check::Column::WorkspaceId.eq(s.workspace()))
        .filter(check::Column::CaseId.eq(case.id))
        .filter(check::Column::CheckType.eq(CheckType::Aml))
        .order_by_asc(check::Column::CreatedAt)
        .one(txn)
        .await?;
    let aml = match existing {
        Some(c) => c,
        None => {
            let at = s.now();
            let c = check::Model {
                id: Uuid::new_v4(),
                workspace_id: s.workspace().to_owned(),
                case_id: case.id,
                check_type: CheckType::Aml,
                label: "AML".into(),
                subject_type: CheckSubjectType::Case,
                subject_company_id: None,
                subject_individual_id: None,
                status: CheckStatus::NeedReview,
                is_deactivated: false,
                is_excluded: false,
                data: None,
                reviewed_by: None,
                reviewed_at: None,
                review_comment: None,
                expires_at: None,
                created_at: at,
                updated_at: at,
            };
            check::Entity::insert(check::ActiveModel::from(c.clone()))
                .exec_without_returning(txn)
                .await?;
            audit::record(
                txn,
                s,
                Change {
                    case_id: case.id,
                    action: "check.created",
                    entity_type: "CHECK",
                    entity_id: Some(c.id),
                    changes: audit::snapshot(&c),
                },
            )
            .await?;
            c
        }
    };
    let planned = plan_hits("payload", &aml, hits, s.now()).map_err(|e| under("payload", e))?;
    let current = aml_hit::Entity::find()
        .filter(aml_hit::Column::WorkspaceId.eq(s.workspace()))
        .filter(aml_hit::Column::CheckId.eq(aml.id))
        .all(txn)
        .await?;
    let by_ref: BTreeMap<&str, &aml_hit::Model> = current
        .iter()
        .filter_map(|h| h.provider_ref.as_deref().map(|r| (r, h)))
        .collect();
    let mut events = vec![];
    for new in planned {
        match new.provider_ref.as_deref().and_then(|r| by_ref.get(r)) {
            Some(old) => {
                let mut updated = (*old).clone();
                updated.name = new.name;
                updated.list_types = new.list_types;
                updated.score = new.score;
                updated.status = new.status;
                updated.data = new.data;
                updated.updated_at = new.updated_at;
                update_row(txn, *old, &updated).await?;
                events.push(Change {
                    case_id: case.id,
                    action: "aml_hit.updated",
                    entity_type: "AML_HIT",
                    entity_id: Some(updated.id),
                    changes: audit::model_diff(*old, &updated),
                });
            }
            None => {
                aml_hit::Entity::insert(aml_hit::ActiveModel::from(new.clone()))
                    .exec_without_returning(txn)
                    .await?;
                events.push(Change {
                    case_id: case.id,
                    action: "aml_hit.created",
                    entity_type: "AML_HIT",
                    entity_id: Some(new.id),
                    changes: audit::snapshot(&new),
                });
            }
        }
    }
    audit::record_many(txn, s, events).await
}

/// `actionAlert` (reviewers): one of SPEC's actions, applied with its audit events in one
/// transaction; any other pair of action and type is `BAD_USER_INPUT`, and so is an alert
/// already actioned.
pub async fn action(
    s: &Session,
    id: Uuid,
    action: AlertAction,
    comment: Option<&str>,
) -> AppResult<alert::Model> {
    s.principal.authorize(Permission::Decide)?;
    let comment = optional_text("comment", comment, MAX_TEXT)?;
    // Found first (outside the write) to know which case to lock.
    let case_id = alert::Entity::find_by_id(id)
        .filter(alert::Column::WorkspaceId.eq(s.workspace()))
        .one(s.read())
        .await?
        .ok_or(AppError::NotFound { entity: "Alert" })?
        .case_id;
    s.write(async |txn| {
        let case = case_service::lock_for_change(txn, s, case_id, None).await?;
        // Read again behind the case's lock: concurrent actions see each other's result.
        let before = alert::Entity::find_by_id(id)
            .filter(alert::Column::WorkspaceId.eq(s.workspace()))
            .one(txn)
            .await?
            .ok_or(AppError::NotFound { entity: "Alert" })?;
        if before.status != AlertStatus::Active {
            return Err(AppError::bad_input(
                "id",
                format!("the alert is already {}", before.status.as_str()),
            ));
        }
        if !allowed(before.alert_type, action, &case) {
            return Err(AppError::bad_input(
                "action",
                format!(
                    "{} is not an action on a {} alert{}",
                    action_name(action),
                    before.alert_type.as_str(),
                    if before.alert_type == AlertType::AmlMatch {
                        " of a decided case (apply it to reopen the case)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        let status = match action {
            AlertAction::Exclude => AlertStatus::Excluded,
            AlertAction::Dismiss => AlertStatus::Dismissed,
            AlertAction::Apply => {
                match before.alert_type {
                    AlertType::CaseDetailsReview => {
                        let p = parse_proposal(&before.payload)?;
                        if let Some(input) = &p.case {
                            case_service::update_locked(txn, s, case.clone(), input)
                                .await
                                .map_err(|e| under("payload.case", e))?;
                        }
                        for (cid, input) in &p.companies {
                            let at = format!("payload.companies.{cid}");
                            ensure_on_case::<entity::company::Entity>(txn, s, *cid, case_id, &at)
                                .await?;
                            party::update_company_locked(txn, s, case_id, *cid, &at, input)
                                .await
                                .map_err(|e| under(&at, e))?;
                        }
                        for (pid, input) in &p.individuals {
                            let at = format!("payload.individuals.{pid}");
                            ensure_on_case::<entity::individual::Entity>(
                                txn, s, *pid, case_id, &at,
                            )
                            .await?;
                            party::update_individual_locked(txn, s, case_id, *pid, &at, input)
                                .await
                                .map_err(|e| under(&at, e))?;
                        }
                    }
                    AlertType::ManualReview => {
                        open_case(txn, s, &case).await?;
                    }
                    AlertType::AmlMatch => {
                        let hits = parse_hits(&before.payload)?;
                        let opened = open_case(txn, s, &case).await?;
                        apply_hits(txn, s, &opened, &hits).await?;
                        refresh_derived(txn, s, &opened).await?;
                    }
                    _ => {}
                }
                AlertStatus::Applied
            }
        };
        let at = s.now();
        let mut after = before.clone();
        after.status = status;
        after.actioned_by = Some(s.principal.subject.clone());
        after.actioned_at = Some(at);
        after.updated_at = at;
        update_row(txn, &before, &after).await?;
        let mut changes = audit::model_diff(&before, &after);
        changes["action"] = json!(action_name(action));
        changes["comment"] = json!(comment);
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action: "alert.actioned",
                entity_type: "ALERT",
                entity_id: Some(id),
                changes,
            },
        )
        .await?;
        Ok(after)
    })
    .await
}

fn action_name(action: AlertAction) -> &'static str {
    match action {
        AlertAction::Exclude => "EXCLUDE",
        AlertAction::Apply => "APPLY",
        AlertAction::Dismiss => "DISMISS",
    }
}

/// Refuses a proposed change to an entity that is not (any more) on the alert's case.
async fn ensure_on_case<E: party::InCase>(
    txn: &DatabaseTransaction,
    s: &Session,
    id: Uuid,
    case_id: Uuid,
    at: &str,
) -> AppResult<()> {
    match party::case_of::<E, _>(txn, s, id).await {
        Ok(c) if c == case_id => Ok(()),
        Ok(_) | Err(AppError::NotFound { .. }) => Err(AppError::bad_input(
            at,
            format!(
                "is not a {} of this case (any more)",
                E::NAME.to_lowercase()
            ),
        )),
        Err(e) => Err(e),
    }
}
