//! Demo data for `serve --demo`: a workspace of realistic cases, written through the
//! services as the API would have written them.
//!
//! Everything is deterministic: names, countries, shares and outcomes are picked from fixed
//! lists ([`data`]) by index arithmetic. Each case is first planned in memory ([`plan`]): who
//! it is about ([`cast`]: companies with registration numbers in their country's format,
//! people, ownership, and the beneficial owners that ownership makes), then its history as a
//! timeline, spread over up to eighteen months before the seed. This module replays each
//! timeline through the services only, event by event, with the acting user's session set
//! to the event's moment ([`Session::at`]): the case is created with its graph by the seeding
//! admin, scored by the risk engine integration, its hits and checks decided, annotated,
//! risk-rated, assigned and reviewed by one of three demo reviewers. So flags, AML
//! positivity, current risks, row times and the audit trail are what real use would have
//! produced at those moments, and every case's audit chain verifies.
//!
//! Approved identity-document checks carry their document: a small specimen PDF naming the
//! check's subject, generated here and uploaded through `uploadDocument`'s service (the same
//! storage, type check and audit event), so it downloads like any other.

mod cast;
mod data;
mod plan;

use std::collections::HashMap;

use async_graphql::{Json, ID};
use entity::audit_event;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use self::data::{REVIEWERS, RISK_ENGINE, SEEDER};
use self::plan::{By, CasePlan, Step, CASES};
use crate::auth::{Claims, Principal};
use crate::domain::custom_property::{PropertyTarget, PropertyType};
use crate::domain::{AmlHitStatus, CheckStatus, DocumentType, Role};
use crate::error::{AppError, AppResult};
use crate::service::case;
use crate::service::check::{self, AmlHitDecisionInput, UpdateCheckInput};
use crate::service::custom_property::{self, DefineCustomPropertyInput};
use crate::service::document::{self, UploadDocumentInput, UploadedFile};
use crate::service::load::{self, CaseChecks, CaseCompanies, CaseIndividuals, CheckAmlHits};
use crate::service::{identity, note, now, review, risk, workspace, Session};
use crate::storage::Documents;

/// The demo workspace id.
pub const WORKSPACE: &str = "demo";

/// How to start the demo over, for the logs.
const RESET_HINT: &str = "to seed the demo again, stop the server, delete the SQLite database \
    file (or drop the PostgreSQL database) and start it again with --demo";

/// The expected yearly volume of a case (an amount in euros).
const VOLUME: &str = "expected_annual_volume";

/// The countries a company operates in.
const OPERATIONS: &str = "operating_countries";

/// Seeds the demo workspace, unless it has cases already. Returns its live case count.
///
/// Cases are built one after another, each completely, in the order of their numbers: the
/// seed is complete once the last event of the last case is written. A workspace with cases
/// that is not complete was left by a run that failed partway (or holds other cases): it is
/// left as it is, with a warning saying how to start over.
pub async fn seed(db: &DatabaseConnection, docs: &Documents) -> AppResult<u64> {
    match seeded(db).await? {
        Seeded::Fully => {}
        Seeded::Partly => tracing::warn!(
            workspace = WORKSPACE,
            "the demo workspace is incomplete (an earlier seed stopped partway, or it holds \
             other cases) and is left as it is; {RESET_HINT}"
        ),
        Seeded::No => {
            let crew = Crew::enlist(db).await?;
            let settings = workspace::settings(db, WORKSPACE).await?;
            let stamp = now();
            let plans: Vec<CasePlan> = (0..CASES)
                .map(|index| plan::case(index, stamp, &settings))
                .collect();
            // The workspace's definitions come before its oldest case.
            let first = plans
                .iter()
                .filter_map(|p| p.events.first())
                .map(|e| e.at)
                .min();
            define_properties(&crew.seeder.at(first.unwrap_or(stamp))).await?;
            for (index, plan) in plans.iter().enumerate() {
                if let Err(e) = run(&crew, docs, plan).await {
                    tracing::error!(case = index, error = ?e, "demo seed failed; {RESET_HINT}");
                    return Err(e);
                }
            }
        }
    }
    use entity::case::Column;
    Ok(entity::case::Entity::find()
        .filter(Column::WorkspaceId.eq(WORKSPACE))
        .filter(Column::DeletedAt.is_null())
        .count(db)
        .await?)
}

/// How far the demo workspace is seeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seeded {
    /// The workspace never had a case.
    No,
    /// It has cases, but not the demo's last case with its whole history.
    Partly,
    /// The demo's last case was written to its last event.
    Fully,
}

/// How far the demo workspace is seeded. The last case's plan is found again from its
/// creation time (which gives the moment the seed ran): the seed is complete when that
/// case's trail reaches the plan's last event.
pub async fn seeded(db: &DatabaseConnection) -> AppResult<Seeded> {
    use entity::case::{Column, Entity};
    let in_demo = || Entity::find().filter(Column::WorkspaceId.eq(WORKSPACE));
    if in_demo().count(db).await? == 0 {
        return Ok(Seeded::No);
    }
    let index = CASES - 1;
    let last = in_demo()
        .filter(Column::ExternalId.eq(plan::external_id(index)))
        .one(db)
        .await?;
    let Some(last) = last else {
        return Ok(Seeded::Partly);
    };
    let stamp = plan::stamp_of(index, last.created_at);
    let settings = workspace::settings(db, WORKSPACE).await?;
    let planned_end = plan::case(index, stamp, &settings)
        .events
        .last()
        .map(|e| e.at);
    let written_end = audit_event::Entity::find()
        .filter(audit_event::Column::WorkspaceId.eq(WORKSPACE))
        .filter(audit_event::Column::CaseId.eq(last.id))
        .order_by_desc(audit_event::Column::Seq)
        .one(db)
        .await?
        .map(|e| e.at);
    Ok(match (written_end, planned_end) {
        (Some(written), Some(planned)) if written >= planned => Seeded::Fully,
        _ => Seeded::Partly,
    })
}

/// The people (and the integration) the demo is written by, each with a session.
struct Crew {
    /// The admin that creates cases and assigns them.
    seeder: Session,
    /// The integration that pushes automatic risks.
    engine: Session,
    /// The reviewers that decide.
    reviewers: [Session; 3],
}

impl Crew {
    /// Creates the workspace and its users (if missing) and opens their sessions.
    async fn enlist(db: &DatabaseConnection) -> AppResult<Self> {
        let [a, b, c] = REVIEWERS;
        Ok(Crew {
            seeder: member(db, SEEDER, Role::Admin).await?,
            engine: member(db, RISK_ENGINE, Role::Integration).await?,
            reviewers: [
                member(db, a, Role::Reviewer).await?,
                member(db, b, Role::Reviewer).await?,
                member(db, c, Role::Reviewer).await?,
            ],
        })
    }

    /// The session of who acts in an event of a case worked by reviewer `reviewer`.
    fn session(&self, by: By, reviewer: usize) -> &Session {
        match by {
            By::Seeder => &self.seeder,
            By::Engine => &self.engine,
            By::Reviewer => &self.reviewers[reviewer % self.reviewers.len()],
        }
    }
}

/// A session for a user of the demo workspace (its rows created on first sight).
async fn member(
    db: &DatabaseConnection,
    (subject, name): (&str, &str),
    role: Role,
) -> AppResult<Session> {
    let claims = Claims {
        sub: subject.to_owned(),
        workspace_id: WORKSPACE.to_owned(),
        role: role.as_str().to_ascii_lowercase(),
        exp: 0,
        name: Some(name.to_owned()),
        email: Some(format!("{subject}@demo.casegraph.example")),
        iss: None,
        aud: None,
    };
    let user_id = identity::ensure_rows(db, &claims, role).await?;
    let principal = Principal {
        workspace_id: WORKSPACE.to_owned(),
        subject: subject.to_owned(),
        user_id,
        role,
    };
    Ok(Session::new(db.clone(), principal, "demo-seed".to_owned()))
}

/// Defines the demo's custom properties as the admin (those already there are kept).
async fn define_properties(s: &Session) -> AppResult<()> {
    let definitions = [
        DefineCustomPropertyInput {
            target: PropertyTarget::Case,
            key: VOLUME.to_owned(),
            label: "Expected annual volume".to_owned(),
            property_type: PropertyType::Numeric,
            settings: Some(Json(
                json!({ "format": "CURRENCY", "currency": "EUR", "min": 0 }),
            )),
        },
        DefineCustomPropertyInput {
            target: PropertyTarget::Company,
            key: OPERATIONS.to_owned(),
            label: "Countries of operation".to_owned(),
            property_type: PropertyType::Countries,
            settings: Some(Json(json!({ "allowMultiple": true }))),
        },
    ];
    let existing = custom_property::list(s, None).await?;
    for input in definitions {
        if !existing.iter().any(|d| d.key == input.key) {
            custom_property::define(s, &input).await?;
        }
    }
    Ok(())
}

/// Replays one case's history through the services, each event as its actor at its moment.
async fn run(crew: &Crew, docs: &Documents, plan: &CasePlan) -> AppResult<()> {
    let mut case_id = None;
    // The case's checks by label, once it is created.
    let mut checks: HashMap<String, Uuid> = HashMap::new();
    for event in &plan.events {
        let s = crew.session(event.by, plan.reviewer).at(event.at);
        if let Step::Create(input) = &event.step {
            let created = case::create(&s, input).await?;
            let stored = load::children::<CaseChecks>(&s, &[created.id], &[])
                .await?
                .remove(&created.id);
            checks = stored
                .into_iter()
                .flatten()
                .map(|c| (c.label.clone(), c.id))
                .collect();
            case_id = Some(created.id);
            continue;
        }
        let id = case_id.ok_or_else(|| {
            AppError::internal(format!(
                "demo case {} is not created first",
                plan.external_id
            ))
        })?;
        let check = |label: &str| {
            checks
                .get(label)
                .copied()
                .ok_or_else(|| AppError::internal(format!("demo check {label:?} not stored")))
        };
        match &event.step {
            Step::Create(_) => {}
            Step::Properties { volume, operations } => {
                set_properties(&s, id, *volume, operations).await?;
            }
            Step::Assign => {
                let reviewer = crew.session(By::Reviewer, plan.reviewer);
                let user = ID::from(reviewer.principal.user_id.to_string());
                review::assign(&s, id, Some(&user), None).await?;
            }
            Step::AutomaticRisk(input) => {
                risk::push_automatic(&s, id, input, None, None).await?;
            }
            Step::ManualRisk(input) => {
                risk::set_manual(&s, id, input, None).await?;
            }
            Step::DecideHits {
                check: label,
                decisions,
            } => {
                decide_hits(&s, check(label)?, decisions).await?;
            }
            Step::DecideCheck {
                check: label,
                decision,
                comment,
            } => {
                check::review_check(&s, check(label)?, *decision, Some(comment), None).await?;
            }
            Step::UploadDocument {
                check: label,
                document_type,
            } => {
                upload_specimen(&s, docs, id, check(label)?, *document_type).await?;
            }
            Step::Expire { check: label } => {
                let input = UpdateCheckInput {
                    status: Some(CheckStatus::Expired),
                    label: None,
                    data: Default::default(),
                    expires_at: Default::default(),
                    aml_hits: vec![],
                };
                check::update_check(&s, check(label)?, &input, None).await?;
            }
            Step::Exclude { check: label } => {
                check::set_excluded(&s, check(label)?, true, None).await?;
            }
            Step::Note { check: label, body } => {
                let on = label
                    .as_deref()
                    .map(|l| check(l).map(|id| ID::from(id.to_string())))
                    .transpose()?;
                note::add(&s, id, on.as_ref(), body).await?;
            }
            Step::Review(input) => {
                review::create(&s, id, input, None).await?;
            }
            Step::Reopen(comment) => {
                review::reopen(&s, id, Some(comment), None).await?;
            }
        }
    }
    Ok(())
}

/// Sets the case's expected volume and its main company's countries of operation.
async fn set_properties(
    s: &Session,
    case_id: Uuid,
    volume: Option<u64>,
    operations: &[&str],
) -> AppResult<()> {
    if let Some(volume) = volume {
        let values = json!({ VOLUME: volume });
        custom_property::set_values(s, PropertyTarget::Case, case_id, &values, None).await?;
    }
    if operations.is_empty() {
        return Ok(());
    }
    let companies = load::children::<CaseCompanies>(s, &[case_id], &[])
        .await?
        .remove(&case_id);
    if let Some(main) = companies.iter().flatten().find(|c| c.is_main) {
        let values = json!({ OPERATIONS: operations });
        custom_property::set_values(s, PropertyTarget::Company, main.id, &values, None).await?;
    }
    Ok(())
}

/// Records decisions on a check's hits, found by name.
async fn decide_hits(
    s: &Session,
    check_id: Uuid,
    decisions: &[(String, AmlHitStatus)],
) -> AppResult<()> {
    let stored = load::children::<CheckAmlHits>(s, &[check_id], &[])
        .await?
        .remove(&check_id);
    let inputs: Vec<AmlHitDecisionInput> = stored
        .iter()
        .flatten()
        .filter_map(|hit| {
            let (_, status) = decisions.iter().find(|(name, _)| *name == hit.name)?;
            Some(AmlHitDecisionInput {
                hit_id: ID::from(hit.id.to_string()),
                status: *status,
            })
        })
        .collect();
    if !inputs.is_empty() {
        check::review_aml_hits(s, check_id, &inputs, None).await?;
    }
    Ok(())
}

/// Uploads a specimen identity document for an ID check: a one-page PDF naming the check's
/// subject, marked as a demo specimen, through `uploadDocument`'s service.
async fn upload_specimen(
    s: &Session,
    docs: &Documents,
    case_id: Uuid,
    check_id: Uuid,
    document_type: DocumentType,
) -> AppResult<()> {
    let check = load::rows::<CaseChecks>(s, &[check_id])
        .await?
        .remove(&check_id)
        .ok_or_else(|| AppError::internal("demo check not stored"))?;
    let holder = match check.subject_individual_id {
        Some(person) => load::rows::<CaseIndividuals>(s, &[person])
            .await?
            .remove(&person),
        None => None,
    };
    let (given, family) = holder
        .as_ref()
        .map(|p| (p.first_name.as_str(), p.last_name.as_str()))
        .unwrap_or(("", ""));
    let kind = match document_type {
        DocumentType::Passport => "Passport",
        _ => "Identity card",
    };
    let number = format!(
        "{}{}",
        &document_type.as_str()[..2],
        check_id.simple().to_string()[..8].to_ascii_uppercase()
    );
    let mut w = crate::pdf::Writer::new(
        &format!("{kind} (specimen)"),
        "CaseGraph demo data: a generated specimen, not an identity document",
    );
    w.title(&format!("{kind} — SPECIMEN"), 17.0);
    w.gap(6.0);
    w.fields(&[
        ("Surname", family.to_owned()),
        ("Given names", given.to_owned()),
        (
            "Nationality",
            holder
                .as_ref()
                .and_then(|p| p.nationality.as_ref())
                .map_or("—".to_owned(), |c| c.as_str().to_owned()),
        ),
        (
            "Date of birth",
            holder
                .as_ref()
                .and_then(|p| p.birth_date)
                .map_or("—".to_owned(), |d| d.to_string()),
        ),
        ("Document number", number),
        ("Issued", s.now().format("%Y-%m-%d").to_string()),
    ]);
    w.gap(6.0);
    w.remark("Generated for the CaseGraph demo workspace. Not a real identity document.");
    let bytes = w.finish().map_err(AppError::Internal)?;

    // The upload service reads a file, as the multipart transport hands it over.
    let path = std::env::temp_dir().join(format!("casegraph-demo-{}.pdf", Uuid::new_v4()));
    std::fs::write(&path, &bytes)
        .map_err(|e| AppError::Internal(format!("demo document {}: {e}", path.display())))?;
    let opened = std::fs::File::open(&path)
        .map_err(|e| AppError::Internal(format!("demo document {}: {e}", path.display())));
    let uploaded = match opened {
        Ok(content) => {
            let input = UploadDocumentInput {
                document_type,
                check_id: Some(ID::from(check_id.to_string())),
                individual_id: check.subject_individual_id.map(|p| ID::from(p.to_string())),
                company_id: None,
                expires_at: None,
            };
            let file = UploadedFile {
                file_name: format!(
                    "{}-{}.pdf",
                    kind.to_ascii_lowercase().replace(' ', "-"),
                    family.to_lowercase()
                ),
                declared_type: Some("application/pdf".to_owned()),
                content,
            };
            document::upload(s, docs, case_id, input, file)
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&path);
    uploaded
}
