//! Risks: automatic ones pushed by scorers, manual ones set by reviewers, and which is
//! current (SPEC §3 "Risks").

use async_graphql::{InputObject, Json};
use entity::{case, risk};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Change};
use super::idempotency::{self, Claim, Idempotency};
use super::{case as case_service, update_row, Session};
use crate::auth::Permission;
use crate::domain::values::{optional_text, MAX_TEXT};
use crate::domain::{RiskLevel, RiskMode};
use crate::error::{AppError, AppResult};

/// A risk computed by a scoring integration.
#[derive(Debug, Clone, InputObject)]
pub struct AutomaticRiskInput {
    /// The risk level the scoring system computed.
    pub level: RiskLevel,
    /// Score, as the scorer gives it.
    pub score: Option<f64>,
    /// Components of the score: an object of numbers.
    pub components: Option<Json<Value>>,
    /// Risk flags: an object of booleans.
    pub flags: Option<Json<Value>>,
}

/// A risk set by a reviewer.
#[derive(Debug, Clone, InputObject)]
pub struct ManualRiskInput {
    /// The risk level to set.
    pub level: RiskLevel,
    /// Why the level is set by hand, kept in the audit trail.
    pub comment: Option<String>,
}

fn object_of(
    field: &str,
    value: Option<&Json<Value>>,
    ok: fn(&Value) -> bool,
    what: &str,
) -> AppResult<Value> {
    match value.map(|v| &v.0) {
        None => Ok(json!({})),
        Some(Value::Object(map)) => {
            if let Some((key, _)) = map.iter().find(|(_, v)| !ok(v)) {
                return Err(AppError::bad_input(
                    format!("{field}.{key}"),
                    format!("must be a {what}"),
                ));
            }
            Ok(Value::Object(map.clone()))
        }
        Some(_) => Err(AppError::bad_input(
            field,
            format!("must be an object of {what}s"),
        )),
    }
}

async fn latest<C: ConnectionTrait>(
    db: &C,
    s: &Session,
    case_id: Uuid,
    mode: RiskMode,
) -> AppResult<Option<risk::Model>> {
    Ok(risk::Entity::find()
        .filter(risk::Column::WorkspaceId.eq(s.workspace()))
        .filter(risk::Column::CaseId.eq(case_id))
        .filter(risk::Column::Mode.eq(mode))
        .order_by_desc(risk::Column::CreatedAt)
        .order_by_desc(risk::Column::Id)
        .one(db)
        .await?)
}

/// Makes `current` the case's current risk (or none), with its audit event.
async fn set_current(
    db: &DatabaseTransaction,
    s: &Session,
    case: &case::Model,
    current: Option<&risk::Model>,
    automatic_enabled: bool,
    action: &str,
    created: Option<&risk::Model>,
) -> AppResult<case::Model> {
    let mut after = case.clone();
    after.risk_level = current.map_or(RiskLevel::NotDefined, |r| r.level);
    after.current_risk_id = current.map(|r| r.id);
    after.automatic_risk_enabled = automatic_enabled;
    update_row(db, case, &after).await?;
    let mut changes = case_service::api_diff(case, &after);
    if let Some(r) = created {
        changes["created"] = json!(r);
    }
    audit::record(
        db,
        s,
        Change {
            case_id: case.id,
            action,
            entity_type: "RISK",
            entity_id: created.or(current).map(|r| r.id),
            changes,
        },
    )
    .await?;
    Ok(after)
}

fn new_risk(s: &Session, case_id: Uuid, mode: RiskMode, level: RiskLevel) -> risk::Model {
    risk::Model {
        id: Uuid::new_v4(),
        workspace_id: s.workspace().to_owned(),
        case_id,
        mode,
        level,
        score: None,
        components: json!({}),
        flags: json!({}),
        comment: None,
        created_by: s.principal.subject.clone(),
        created_at: s.now(),
    }
}

/// `pushAutomaticRisk`: saved, and current unless a manual risk is. Pushing exactly the
/// latest automatic risk again saves nothing and returns that risk.
pub async fn push_automatic(
    s: &Session,
    case_id: Uuid,
    input: &AutomaticRiskInput,
    expected_version: Option<i64>,
    key: Option<&Idempotency>,
) -> AppResult<risk::Model> {
    s.principal.authorize(Permission::PushResults)?;
    let components = object_of(
        "input.components",
        input.components.as_ref(),
        Value::is_number,
        "number",
    )?;
    let flags = object_of(
        "input.flags",
        input.flags.as_ref(),
        Value::is_boolean,
        "boolean",
    )?;
    if input.score.is_some_and(|v| !v.is_finite()) {
        return Err(AppError::bad_input(
            "input.score",
            "must be a finite number",
        ));
    }
    s.write(async |txn| {
        let claimed = match key {
            Some(key) => match idempotency::claim(txn, s, key).await? {
                Claim::Replay(response) => {
                    let id = idempotency::ids_of(&response)?
                        .first()
                        .copied()
                        .ok_or(AppError::NotFound { entity: "Risk" })?;
                    return risk::Entity::find_by_id(id)
                        .filter(risk::Column::WorkspaceId.eq(s.workspace()))
                        .one(txn)
                        .await?
                        .ok_or(AppError::NotFound { entity: "Risk" });
                }
                Claim::Fresh(id) => Some(id),
            },
            None => None,
        };
        let model = push_in(txn, s, case_id, input, expected_version, components, flags).await?;
        if let Some(id) = claimed {
            idempotency::remember(txn, id, idempotency::ids_response(&[model.id])).await?;
        }
        Ok(model)
    })
    .await
}

/// The work of `pushAutomaticRisk` in the caller's transaction.
async fn push_in(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    input: &AutomaticRiskInput,
    expected_version: Option<i64>,
    components: Value,
    flags: Value,
) -> AppResult<risk::Model> {
    {
        // A savepoint: a repeat of the latest push rolls back to it, version bump included.
        let attempt = txn.begin().await?;
        let case = case_service::lock_for_change(&attempt, s, case_id, expected_version).await?;
        if let Some(last) = latest(&attempt, s, case_id, RiskMode::Automatic).await? {
            let same = last.level == input.level
                && last.score == input.score
                && last.components == components
                && last.flags == flags;
            if same {
                attempt.rollback().await?;
                return Ok(last);
            }
        }
        let mut model = new_risk(s, case_id, RiskMode::Automatic, input.level);
        model.score = input.score;
        model.components = components;
        model.flags = flags;
        risk::Entity::insert(risk::ActiveModel::from(model.clone()))
            .exec_without_returning(&attempt)
            .await?;
        if case.automatic_risk_enabled {
            set_current(
                &attempt,
                s,
                &case,
                Some(&model),
                true,
                "risk.pushed",
                Some(&model),
            )
            .await?;
        } else {
            let changes = json!({ "created": model, "current": false });
            audit::record(
                &attempt,
                s,
                Change {
                    case_id,
                    action: "risk.pushed",
                    entity_type: "RISK",
                    entity_id: Some(model.id),
                    changes,
                },
            )
            .await?;
        }
        attempt.commit().await?;
        Ok(model)
    }
}

/// `setManualRisk`: becomes current; automatic risks stay saved but not current.
pub async fn set_manual(
    s: &Session,
    case_id: Uuid,
    input: &ManualRiskInput,
    expected_version: Option<i64>,
) -> AppResult<risk::Model> {
    s.principal.authorize(Permission::Decide)?;
    let mut model = new_risk(s, case_id, RiskMode::Manual, input.level);
    model.comment = optional_text("input.comment", input.comment.as_deref(), MAX_TEXT)?;
    s.write(async |txn| {
        let case = case_service::lock_for_change(txn, s, case_id, expected_version).await?;
        risk::Entity::insert(risk::ActiveModel::from(model.clone()))
            .exec_without_returning(txn)
            .await?;
        set_current(
            txn,
            s,
            &case,
            Some(&model),
            false,
            "risk.set_manually",
            Some(&model),
        )
        .await?;
        Ok(model)
    })
    .await
}

/// `enableAutomaticRisk`: the latest automatic risk (if any) becomes current again.
pub async fn enable_automatic(
    s: &Session,
    case_id: Uuid,
    expected_version: Option<i64>,
) -> AppResult<case::Model> {
    s.principal.authorize(Permission::Decide)?;
    s.write(async |txn| {
        let case = case_service::lock_for_change(txn, s, case_id, expected_version).await?;
        let last = latest(txn, s, case_id, RiskMode::Automatic).await?;
        let after = set_current(
            txn,
            s,
            &case,
            last.as_ref(),
            true,
            "risk.automatic_enabled",
            None,
        )
        .await?;
        Ok(after)
    })
    .await
}
