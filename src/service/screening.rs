//! Screening results (`ingestScreeningResult`): a provider's result is stored once per
//! `screeningId`, and the workspace's case triggers (`domain::settings::CaseTriggers`) decide
//! whether it opens a case.
//!
//! The case is planned by `createCase`'s own plan ([`NewCase`]): the subject becomes the
//! case's company or individual, the hits go on an AML check about it, and the case carries
//! `relatedScreeningId` and `relatedHitIds`. The result row is inserted first, with the
//! unique index on `(workspace_id, screening_id)` deciding: a second ingest of the same id
//! (even a concurrent one, which waits for the first's transaction) inserts nothing and
//! creates nothing.

use async_graphql::{InputObject, InputType};
use entity::{case, screening_result};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use super::case::{CreateCaseInput, NewCase};
use super::check::{AmlHitInput, CheckInput, MAX_HITS};
use super::idempotency::{self, Idempotency};
use super::party::{CompanyInput, IndividualInput};
use super::{audit, custom_property, Session};
use crate::auth::Permission;
use crate::domain::settings::NoCase;
use crate::domain::values::{required_text, Percentage, MAX_NAME};
use crate::domain::{CaseType, CheckType, ScreeningKind, ScreeningOutcome};
use crate::error::{AppError, AppResult};

/// Who or what was screened: exactly one of the two.
#[derive(Debug, Clone, InputObject)]
pub struct ScreeningSubjectInput {
    /// The screened person (becomes the case's individual).
    pub individual: Option<IndividualInput>,
    /// The screened company (becomes the case's company).
    pub company: Option<CompanyInput>,
}

/// A screening provider's result.
#[derive(Debug, Clone, InputObject)]
pub struct IngestScreeningResultInput {
    /// The provider's id of the screening, at most 255 characters; a second result with the
    /// same id creates nothing (`DUPLICATE_SCREENING_ID`).
    pub screening_id: String,
    /// What was screened for.
    pub kind: ScreeningKind,
    /// Overall match confidence, 0–100.
    pub confidence: f64,
    /// Risk score, 0–100 (default 0).
    #[graphql(default)]
    pub risk_score: f64,
    /// Who or what was screened.
    pub subject: ScreeningSubjectInput,
    /// The matches found, at most 100 (they go on the case's AML check).
    #[graphql(default)]
    pub hits: Vec<AmlHitInput>,
}

/// What an ingest did: the stored result, its outcome, and the case it created.
pub struct Ingested {
    pub outcome: ScreeningOutcome,
    /// The stored result (for a duplicate, the first one, with that one's case).
    pub screening: screening_result::Model,
    /// The case this call created.
    pub case: Option<case::Model>,
}

/// The answer kept under an idempotency key: enough to answer a retry the same way.
#[derive(Serialize, Deserialize)]
struct Answer {
    outcome: ScreeningOutcome,
    screening: Uuid,
    case: Option<Uuid>,
}

/// The `ref` the subject gets in the planned case, for its AML check.
const SUBJECT: &str = "subject";

fn case_type(kind: ScreeningKind) -> CaseType {
    match kind {
        ScreeningKind::Sanctions => CaseType::Sanctions,
        ScreeningKind::Pep => CaseType::Pep,
        ScreeningKind::AdverseMedia => CaseType::AdverseMedia,
        ScreeningKind::Fraud => CaseType::Fraud,
        ScreeningKind::VerificationFailure => CaseType::Verification,
    }
}

fn label(kind: ScreeningKind) -> &'static str {
    match kind {
        ScreeningKind::Sanctions => "Sanctions screening",
        ScreeningKind::Pep => "PEP screening",
        ScreeningKind::AdverseMedia => "Adverse media screening",
        ScreeningKind::Fraud => "Fraud screening",
        ScreeningKind::VerificationFailure => "Verification screening",
    }
}

/// `createCase`'s refusal, named by the screening input's fields.
fn as_screening_field(err: AppError) -> AppError {
    let rename = |field: String| {
        for (from, to) in [
            ("input.companies[0]", "input.subject.company"),
            ("input.individuals[0]", "input.subject.individual"),
            ("input.checks[0].amlHits", "input.hits"),
        ] {
            if let Some(rest) = field.strip_prefix(from) {
                return format!("{to}{rest}");
            }
        }
        field
    };
    match err {
        AppError::BadInput { field, message } => AppError::BadInput {
            field: rename(field),
            message,
        },
        AppError::BadItem {
            index,
            field,
            message,
        } => AppError::BadItem {
            index,
            field: rename(field),
            message,
        },
        other => other,
    }
}

/// The case a result would open, planned whole (so a bad subject or hit is refused whether
/// or not a trigger fires).
fn plan(
    s: &Session,
    input: &IngestScreeningResultInput,
    screening_id: &str,
    priority: crate::domain::CasePriority,
    definitions: &[crate::domain::custom_property::PropertyDefinition],
    sla: &crate::domain::settings::SlaHours,
) -> AppResult<NewCase> {
    let subject = &input.subject;
    let (companies, individuals, name) = match (&subject.company, &subject.individual) {
        (Some(c), None) => {
            let mut c = c.clone();
            c.reference = Some(SUBJECT.into());
            let name = c.name.clone();
            (vec![c], vec![], name)
        }
        (None, Some(i)) => {
            let mut i = i.clone();
            i.reference = Some(SUBJECT.into());
            let name = format!("{} {}", i.first_name.trim(), i.last_name.trim());
            (vec![], vec![i], name)
        }
        _ => {
            return Err(AppError::bad_input(
                "input.subject",
                "give exactly one of individual and company",
            ))
        }
    };
    let kind = input.kind;
    let create = CreateCaseInput {
        name: format!("{}: {}", label(kind), name.trim()),
        external_id: None,
        description: None,
        case_type: Some(case_type(kind)),
        priority: Some(priority),
        status: None,
        processing: None,
        tags: vec![],
        metadata: None,
        custom_properties: None,
        summary: Some(format!(
            "Opened by screening {screening_id}: confidence {}, risk score {}, {} hit(s).",
            input.confidence,
            input.risk_score,
            input.hits.len()
        )),
        related_case_ids: vec![],
        companies,
        individuals,
        checks: vec![CheckInput {
            check_type: CheckType::Aml,
            label: Some(label(kind).into()),
            status: None,
            subject_company_id: None,
            subject_individual_id: None,
            subject_ref: Some(SUBJECT.into()),
            is_deactivated: false,
            data: None,
            expires_at: None,
            aml_hits: input.hits.clone(),
        }],
    };
    let mut new = NewCase::parse(s, &create, definitions, sla).map_err(as_screening_field)?;
    let hit_ids: Vec<&str> = new
        .hits
        .iter()
        .filter_map(|h| h.provider_ref.as_deref())
        .collect();
    new.case.related_hit_ids = json!(hit_ids);
    new.case.related_screening_id = Some(screening_id.to_owned());
    Ok(new)
}

/// `ingestScreeningResult` (analysts, integrations): stores the result once per
/// `screeningId` and opens a case when the workspace's trigger says so. Under an
/// idempotency key, a retry gets the first call's answer.
pub async fn ingest(
    s: &Session,
    input: &IngestScreeningResultInput,
    key: Option<&Idempotency>,
) -> AppResult<Ingested> {
    s.principal.authorize(Permission::PushResults)?;
    let screening_id = required_text("input.screeningId", &input.screening_id, MAX_NAME)?;
    let confidence = Percentage::new("input.confidence", input.confidence)?.value();
    let risk_score = Percentage::new("input.riskScore", input.risk_score)?.value();
    if input.hits.len() > MAX_HITS {
        return Err(AppError::bad_input(
            "input.hits",
            format!("at most {MAX_HITS} hits"),
        ));
    }
    let settings = super::workspace::settings(s.read(), s.workspace()).await?;
    let decision = settings
        .case_triggers
        .decide(input.kind, confidence, risk_score);
    let priority = decision.map_or(crate::domain::CasePriority::Medium, |(_, p)| p);
    let definitions = custom_property::definitions(s.read(), s.workspace()).await?;
    let new = plan(
        s,
        input,
        &screening_id,
        priority,
        &definitions,
        &settings.sla_hours,
    )?;
    let outcome = match decision {
        Ok(_) => ScreeningOutcome::CaseCreated,
        Err(NoCase::TriggerOff) => ScreeningOutcome::TriggerOff,
        Err(NoCase::BelowThreshold) => ScreeningOutcome::BelowThreshold,
    };
    let row = screening_result::Model {
        id: Uuid::new_v4(),
        workspace_id: s.workspace().to_owned(),
        screening_id: screening_id.clone(),
        kind: input.kind,
        confidence,
        risk_score,
        subject: input.subject.to_value().into_json().unwrap_or(Value::Null),
        hits: input.hits.to_value().into_json().unwrap_or(Value::Null),
        case_id: None,
        outcome,
        created_at: s.now(),
    };
    let (answer, replayed) = idempotency::run(s, key, async |txn| {
        let inserted =
            screening_result::Entity::insert(screening_result::ActiveModel::from(row.clone()))
                .on_conflict(
                    OnConflict::columns([
                        screening_result::Column::WorkspaceId,
                        screening_result::Column::ScreeningId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
        if inserted == 0 {
            let first = by_screening_id(txn, s, &screening_id).await?;
            return Ok(Answer {
                outcome: ScreeningOutcome::DuplicateScreeningId,
                screening: first.id,
                case: None,
            });
        }
        let case = if outcome == ScreeningOutcome::CaseCreated {
            new.write(txn, s).await?;
            screening_result::Entity::update_many()
                .col_expr(
                    screening_result::Column::CaseId,
                    sea_orm::sea_query::Expr::value(new.case.id),
                )
                .filter(screening_result::Column::Id.eq(row.id))
                .exec(txn)
                .await?;
            Some(new.case.id)
        } else {
            None
        };
        audit::record_workspace(
            txn,
            s,
            "screening.ingested",
            "SCREENING_RESULT",
            Some(row.id),
            json!({ "created": { "screeningId": screening_id, "kind": input.kind,
                "confidence": confidence, "riskScore": risk_score, "outcome": outcome,
                "caseId": case } }),
        )
        .await?;
        Ok(Answer {
            outcome,
            screening: row.id,
            case,
        })
    })
    .await?;
    if !replayed && answer.outcome != ScreeningOutcome::DuplicateScreeningId {
        let created = answer.case.is_some();
        let mut screening = row;
        screening.case_id = answer.case;
        return Ok(Ingested {
            outcome: answer.outcome,
            screening,
            case: created.then_some(new.case),
        });
    }
    let screening = screening_result::Entity::find_by_id(answer.screening)
        .filter(screening_result::Column::WorkspaceId.eq(s.workspace()))
        .one(s.read())
        .await?
        .ok_or(AppError::NotFound {
            entity: "ScreeningResult",
        })?;
    let case = match answer.case {
        Some(id) => super::case::by_ids(s, &[id]).await?.into_iter().next(),
        None => None,
    };
    Ok(Ingested {
        outcome: answer.outcome,
        screening,
        case,
    })
}

async fn by_screening_id(
    txn: &sea_orm::DatabaseTransaction,
    s: &Session,
    screening_id: &str,
) -> AppResult<screening_result::Model> {
    screening_result::Entity::find()
        .filter(screening_result::Column::WorkspaceId.eq(s.workspace()))
        .filter(screening_result::Column::ScreeningId.eq(screening_id))
        .one(txn)
        .await?
        .ok_or_else(|| AppError::Internal("screening result vanished after a conflict".into()))
}
