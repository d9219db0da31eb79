//! Retention and erasure (SPEC §3 "Audit proof and retention"): a case closed or rejected
//! more than the workspace's `retentionYears` ago may have its personal data erased, by
//! `eraseCase` (admins) or by the retention job of `serve`.
//!
//! Erasure is one transaction: the case row is claimed first by a conditional update (only a
//! closed or rejected case not yet erased), so two replicas never erase one case twice, and a
//! refusal or failure leaves everything as it was. It blanks every place the case's personal
//! data was stored — see [`erase_rows`] — and appends a `case.erased` event without personal
//! data. The audit chain still verifies: events hash a digest of their payload, and erased
//! payloads are blanked in `audit_payloads`, never in `audit_events`. The documents' bytes are
//! deleted from storage after the commit; a file that cannot be deleted keeps its
//! `storage_key` and is retried by the next pass of the job (the database is never left
//! half-erased, only a file may outlive it for a while, and no link serves it).

use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::{
    aml_hit, audit_event, audit_payload, case, case_review, check, company, document,
    idempotency_key, individual, note, outbox_event, pending_decision, relation, risk,
    screening_result,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Actor, Change};
use super::{workspace, Session};
use crate::auth::Permission;
use crate::domain::settings::erasable_at;
use crate::domain::CaseStatus;
use crate::error::{AppError, AppResult};
use crate::storage::Documents;

/// A document whose bytes are to be deleted once the erasure committed.
struct StoredFile {
    id: Uuid,
    key: String,
}

/// What an erasure did.
enum Outcome {
    /// Erased now; these files are to be removed from storage.
    Erased(case::Model, Vec<StoredFile>),
    /// Erased before: nothing written.
    Already(case::Model),
}

/// `eraseCase` (admins): erases the personal data of a closed or rejected case whose
/// retention period is over. Erasing an erased case again answers the case as it is, and
/// writes nothing. An open case is `INVALID_TRANSITION` (to `ERASED`); a case still within
/// its retention period is `CONFLICT` with `extensions.erasableAt`.
pub async fn erase_case(s: &Session, docs: &Documents, case_id: Uuid) -> AppResult<case::Model> {
    s.principal.authorize(Permission::Administer)?;
    Ok(erase(s, docs, case_id, Actor::of(&s.principal)).await?.0)
}

/// Erases a case as `actor`; `true` when this call erased it (`false`: erased before).
async fn erase(
    s: &Session,
    docs: &Documents,
    case_id: Uuid,
    actor: Actor,
) -> AppResult<(case::Model, bool)> {
    let outcome = s
        .write(async |txn| erase_in(txn, s, case_id, actor).await)
        .await?;
    match outcome {
        Outcome::Already(case) => Ok((case, false)),
        Outcome::Erased(case, files) => {
            remove_files(s, docs, files).await;
            Ok((case, true))
        }
    }
}

/// The moment a case was decided: its latest review (a case only becomes closed or
/// rejected through one). `None` for a case never reviewed.
async fn decided_at(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
) -> AppResult<Option<DateTime<Utc>>> {
    Ok(case_review::Entity::find()
        .select_only()
        .column_as(
            Expr::col(case_review::Column::CreatedAt).max(),
            "decided_at",
        )
        .filter(case_review::Column::WorkspaceId.eq(s.workspace()))
        .filter(case_review::Column::CaseId.eq(case_id))
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(txn)
        .await?
        .flatten())
}

fn decided(status: CaseStatus) -> bool {
    matches!(status, CaseStatus::Closed | CaseStatus::Rejected)
}

async fn erase_in(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    actor: Actor,
) -> AppResult<Outcome> {
    let found = super::case::get(txn, s, case_id).await?;
    if found.erased_at.is_some() {
        return Ok(Outcome::Already(found));
    }
    if !decided(found.status) {
        return Err(AppError::InvalidTransition {
            from: found.status.as_str().to_owned(),
            to: "ERASED".to_owned(),
        });
    }
    let years = workspace::settings(txn, s.workspace())
        .await?
        .retention_years;
    let decided_at = decided_at(txn, s, case_id)
        .await?
        .unwrap_or(found.updated_at);
    let erasable = erasable_at(decided_at, years);
    let now = s.now();
    if now < erasable {
        return Err(AppError::RetentionNotOver {
            erasable_at: erasable,
        });
    }
    // The claim: only a closed or rejected case not erased yet. A concurrent erasure (another
    // replica's job) waits on the row and then finds it erased; a concurrent reopening
    // makes this match nothing.
    let claimed = case::Entity::update_many()
        .col_expr(case::Column::ErasedAt, Expr::value(now))
        .col_expr(
            case::Column::Version,
            Expr::col(case::Column::Version).add(1),
        )
        .col_expr(case::Column::UpdatedAt, Expr::value(now))
        .col_expr(case::Column::Name, Expr::value(""))
        .col_expr(case::Column::ExternalId, Expr::cust("NULL"))
        .col_expr(case::Column::Description, Expr::cust("NULL"))
        .col_expr(case::Column::Summary, Expr::cust("NULL"))
        .col_expr(case::Column::Metadata, Expr::cust("NULL"))
        .col_expr(case::Column::CustomProperties, Expr::value(json!({})))
        // The provider's references of the hits, erased on the hits too.
        .col_expr(case::Column::RelatedHitIds, Expr::value(json!([])))
        .col_expr(case::Column::NextReviewAt, Expr::cust("NULL"))
        .col_expr(case::Column::DueAt, Expr::cust("NULL"))
        .filter(super::case::live(s.workspace()))
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::ErasedAt.is_null())
        .filter(case::Column::Status.is_in([CaseStatus::Closed, CaseStatus::Rejected]))
        .exec(txn)
        .await?
        .rows_affected;
    if claimed == 0 {
        let current = super::case::get(txn, s, case_id).await?;
        return match current.erased_at {
            Some(_) => Ok(Outcome::Already(current)),
            None => Err(AppError::InvalidTransition {
                from: current.status.as_str().to_owned(),
                to: "ERASED".to_owned(),
            }),
        };
    }
    let files = erase_rows(txn, s, case_id, now).await?;
    audit::record_many_as(
        txn,
        s,
        actor,
        vec![Change {
            case_id,
            action: "case.erased",
            entity_type: "CASE",
            entity_id: Some(case_id),
            changes: json!({
                "erased": {
                    "retentionYears": years,
                    "decidedAt": decided_at,
                    "erasableAt": erasable,
                    "documents": files.len(),
                }
            }),
        }],
    )
    .await?;
    let case = super::case::get(txn, s, case_id).await?;
    Ok(Outcome::Erased(case, files))
}

/// Blanks every row of the case that holds personal data (the case row itself is blanked
/// by the claim). Returns the documents whose bytes are to be deleted.
///
/// Kept: ids, links, statuses, types, scores, percentages and roles, timestamps, actors
/// (staff subjects, not the case's people), tags, company countries and legal forms, and
/// the screening ids (a result ingested again must still find its case, not open a new one).
async fn erase_rows(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<Vec<StoredFile>> {
    let ws = s.workspace();
    let null = || Expr::cust("NULL");
    individual::Entity::update_many()
        .col_expr(individual::Column::FirstName, Expr::value(""))
        .col_expr(individual::Column::LastName, Expr::value(""))
        .col_expr(individual::Column::MaidenName, null())
        .col_expr(individual::Column::Title, null())
        .col_expr(individual::Column::BirthDate, null())
        .col_expr(individual::Column::BirthYear, null())
        .col_expr(individual::Column::BirthMonth, null())
        .col_expr(individual::Column::BirthDay, null())
        .col_expr(individual::Column::Gender, null())
        .col_expr(individual::Column::Nationality, null())
        .col_expr(individual::Column::Emails, Expr::value(json!([])))
        .col_expr(individual::Column::PhoneNumbers, Expr::value(json!([])))
        .col_expr(individual::Column::Address, null())
        .col_expr(individual::Column::CustomProperties, Expr::value(json!({})))
        .col_expr(individual::Column::Metadata, null())
        .col_expr(individual::Column::UpdatedAt, Expr::value(now))
        .filter(individual::Column::WorkspaceId.eq(ws))
        .filter(individual::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    company::Entity::update_many()
        .col_expr(company::Column::Name, Expr::value(""))
        .col_expr(company::Column::RegistrationNumber, null())
        .col_expr(company::Column::Address, null())
        .col_expr(company::Column::CustomProperties, Expr::value(json!({})))
        .col_expr(company::Column::Metadata, null())
        .col_expr(company::Column::UpdatedAt, Expr::value(now))
        .filter(company::Column::WorkspaceId.eq(ws))
        .filter(company::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    relation::Entity::update_many()
        .col_expr(relation::Column::Position, null())
        .filter(relation::Column::WorkspaceId.eq(ws))
        .filter(relation::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    // A label is free text (it may name the person checked): back to the type's name.
    check::Entity::update_many()
        .col_expr(check::Column::Label, Expr::col(check::Column::CheckType))
        .col_expr(check::Column::Data, null())
        .col_expr(check::Column::ReviewComment, null())
        .col_expr(check::Column::ExpiresAt, null())
        .filter(check::Column::WorkspaceId.eq(ws))
        .filter(check::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    aml_hit::Entity::update_many()
        .col_expr(aml_hit::Column::Name, Expr::value(""))
        .col_expr(aml_hit::Column::Data, null())
        .col_expr(aml_hit::Column::ProviderRef, null())
        .filter(aml_hit::Column::WorkspaceId.eq(ws))
        .filter(aml_hit::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    let screenings: Vec<Uuid> = screening_result::Entity::find()
        .select_only()
        .column(screening_result::Column::Id)
        .filter(screening_result::Column::WorkspaceId.eq(ws))
        .filter(screening_result::Column::CaseId.eq(case_id))
        .into_tuple()
        .all(txn)
        .await?;
    screening_result::Entity::update_many()
        .col_expr(screening_result::Column::Subject, Expr::value(json!({})))
        .col_expr(screening_result::Column::Hits, Expr::value(json!([])))
        .filter(screening_result::Column::WorkspaceId.eq(ws))
        .filter(screening_result::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    note::Entity::update_many()
        .col_expr(note::Column::Body, Expr::value(""))
        .filter(note::Column::WorkspaceId.eq(ws))
        .filter(note::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    let files: Vec<StoredFile> = document::Entity::find()
        .select_only()
        .column(document::Column::Id)
        .column(document::Column::StorageKey)
        .filter(document::Column::WorkspaceId.eq(ws))
        .filter(document::Column::CaseId.eq(case_id))
        .filter(document::Column::StorageKey.ne(""))
        .into_tuple::<(Uuid, String)>()
        .all(txn)
        .await?
        .into_iter()
        .map(|(id, key)| StoredFile { id, key })
        .collect();
    document::Entity::update_many()
        .col_expr(document::Column::FileName, Expr::value(""))
        .col_expr(document::Column::Sha256, Expr::value(""))
        .col_expr(document::Column::ExpiresAt, null())
        .col_expr(document::Column::UpdatedAt, Expr::value(now))
        .filter(document::Column::WorkspaceId.eq(ws))
        .filter(document::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    case_review::Entity::update_many()
        .col_expr(case_review::Column::Comment, null())
        .filter(case_review::Column::WorkspaceId.eq(ws))
        .filter(case_review::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    pending_decision::Entity::update_many()
        .col_expr(pending_decision::Column::Comment, null())
        .filter(pending_decision::Column::WorkspaceId.eq(ws))
        .filter(pending_decision::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    risk::Entity::update_many()
        .col_expr(risk::Column::Comment, null())
        .filter(risk::Column::WorkspaceId.eq(ws))
        .filter(risk::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    let alerts: Vec<Uuid> = entity::alert::Entity::find()
        .select_only()
        .column(entity::alert::Column::Id)
        .filter(entity::alert::Column::WorkspaceId.eq(ws))
        .filter(entity::alert::Column::CaseId.eq(case_id))
        .into_tuple()
        .all(txn)
        .await?;
    entity::alert::Entity::update_many()
        .col_expr(entity::alert::Column::Payload, Expr::value(json!({})))
        .filter(entity::alert::Column::WorkspaceId.eq(ws))
        .filter(entity::alert::Column::CaseId.eq(case_id))
        .exec(txn)
        .await?;
    // Idempotency keys store the ids a call made (and the client's key): those of this
    // case, its alerts and its screening results go (their retry window ended long ago).
    let mut answered = Condition::any();
    for id in std::iter::once(case_id).chain(alerts).chain(screenings) {
        answered = answered.add(Expr::cust("CAST(response AS TEXT)").like(format!("%{id}%")));
    }
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::WorkspaceId.eq(ws))
        .filter(answered)
        .exec(txn)
        .await?;
    // The outbox keeps each event's envelope (type, ids, seq, actor, time) for deliveries
    // still to make; what the event changed goes.
    let outbox: Vec<(Uuid, Value)> = outbox_event::Entity::find()
        .select_only()
        .column(outbox_event::Column::Id)
        .column(outbox_event::Column::Payload)
        .filter(outbox_event::Column::WorkspaceId.eq(ws))
        .filter(outbox_event::Column::CaseId.eq(case_id))
        .into_tuple()
        .all(txn)
        .await?;
    for (id, mut payload) in outbox {
        if let Value::Object(fields) = &mut payload {
            fields.insert("changes".into(), Value::Null);
            fields.insert("erased".into(), Value::Bool(true));
        }
        outbox_event::Entity::update_many()
            .col_expr(outbox_event::Column::Payload, Expr::value(payload))
            .filter(outbox_event::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    // The audit payloads: blanked (the only change their guard allows); the events keep
    // the payloads' digests, so the chain still verifies.
    audit_payload::Entity::update_many()
        .col_expr(audit_payload::Column::Payload, null())
        .col_expr(audit_payload::Column::ErasedAt, Expr::value(now))
        .filter(audit_payload::Column::WorkspaceId.eq(ws))
        .filter(audit_payload::Column::Payload.is_not_null())
        .filter(
            audit_payload::Column::EventId.in_subquery(
                Query::select()
                    .column(audit_event::Column::Id)
                    .from(audit_event::Entity)
                    .and_where(audit_event::Column::WorkspaceId.eq(ws))
                    .and_where(audit_event::Column::CaseId.eq(case_id))
                    .to_owned(),
            ),
        )
        .exec(txn)
        .await?;
    Ok(files)
}

/// Attempts per file before leaving it to the next pass of the job.
const FILE_ATTEMPTS: u32 = 3;

/// Deletes erased documents' bytes, a few attempts each; the rows of those deleted lose
/// their `storage_key`. A file still there is logged and retried by the job's next pass.
async fn remove_files(s: &Session, docs: &Documents, files: Vec<StoredFile>) -> FileReport {
    let mut report = FileReport::default();
    let mut removed = Vec::with_capacity(files.len());
    for file in files {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match docs.remove(&file.key).await {
                Ok(()) => {
                    removed.push(file.id);
                    break;
                }
                Err(error) if attempt >= FILE_ATTEMPTS => {
                    tracing::warn!(
                        document_id = %file.id,
                        %error,
                        "erasure: a document's bytes could not be deleted; the retention job retries"
                    );
                    report.failed += 1;
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await,
            }
        }
    }
    report.removed = removed.len() as u64;
    if !removed.is_empty() {
        let cleared = s
            .write(async |txn| {
                document::Entity::update_many()
                    .col_expr(document::Column::StorageKey, Expr::value(""))
                    .filter(document::Column::WorkspaceId.eq(s.workspace()))
                    .filter(document::Column::Id.is_in(removed.clone()))
                    .exec(txn)
                    .await?;
                Ok(())
            })
            .await;
        if let Err(e) = cleared {
            // The bytes are gone; the next pass finds the keys again and deletes nothing.
            tracing::warn!(error = %e.public_message(), "erasure: clearing storage keys failed");
        }
    }
    report
}

/// Files handled by a pass.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct FileReport {
    removed: u64,
    failed: u64,
}

/// What a pass of the retention job did, over every workspace.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    /// Cases erased.
    pub erased: u64,
    /// Cases due whose erasure failed (logged; retried by the next pass).
    pub failed: u64,
    /// Documents' bytes left from earlier erasures, deleted now.
    pub files_removed: u64,
    /// Documents' bytes that still could not be deleted.
    pub files_failed: u64,
}

/// The cases of the session's workspace due for erasure at `now`: closed or rejected, not
/// erased, and decided (their latest review) before `now - retentionYears`.
async fn due(s: &Session, now: DateTime<Utc>) -> AppResult<Vec<Uuid>> {
    let years = workspace::settings(s.read(), s.workspace())
        .await?
        .retention_years;
    let Some(cutoff) = now.checked_sub_months(chrono::Months::new(years.saturating_mul(12))) else {
        return Ok(Vec::new());
    };
    let decided_cases = Query::select()
        .column(case::Column::Id)
        .from(case::Entity)
        .cond_where(super::case::live(s.workspace()))
        .and_where(case::Column::ErasedAt.is_null())
        .and_where(case::Column::Status.is_in([CaseStatus::Closed, CaseStatus::Rejected]))
        .to_owned();
    Ok(case_review::Entity::find()
        .select_only()
        .column(case_review::Column::CaseId)
        .filter(case_review::Column::WorkspaceId.eq(s.workspace()))
        .filter(case_review::Column::CaseId.in_subquery(decided_cases))
        .group_by(case_review::Column::CaseId)
        .having(Expr::col(case_review::Column::CreatedAt).max().lte(cutoff))
        .into_tuple()
        .all(s.read())
        .await?)
}

/// Bytes of documents of erased cases still in storage (a delete that failed before).
async fn leftover_files(s: &Session) -> AppResult<Vec<StoredFile>> {
    let erased = Query::select()
        .column(case::Column::Id)
        .from(case::Entity)
        .and_where(case::Column::WorkspaceId.eq(s.workspace()))
        .and_where(case::Column::ErasedAt.is_not_null())
        .to_owned();
    Ok(document::Entity::find()
        .select_only()
        .column(document::Column::Id)
        .column(document::Column::StorageKey)
        .filter(document::Column::WorkspaceId.eq(s.workspace()))
        .filter(document::Column::StorageKey.ne(""))
        .filter(document::Column::CaseId.in_subquery(erased))
        .into_tuple::<(Uuid, String)>()
        .all(s.read())
        .await?
        .into_iter()
        .map(|(id, key)| StoredFile { id, key })
        .collect())
}

/// One pass of the retention job: in every workspace, erases each case due at `now` (as the
/// system; a failure is logged and counted, the others go on) and retries the deletion of
/// documents' bytes left by earlier erasures. Safe with several replicas: each erasure
/// claims its case row first, so a case is erased once.
pub async fn run_once(
    db: &DatabaseConnection,
    docs: &Documents,
    now: DateTime<Utc>,
) -> AppResult<Report> {
    let mut report = Report::default();
    for id in workspace::all_ids(db).await? {
        let s = super::monitor::system_session(db, &id, "retention");
        let leftovers = leftover_files(&s).await?;
        if !leftovers.is_empty() {
            let files = remove_files(&s, docs, leftovers).await;
            report.files_removed += files.removed;
            report.files_failed += files.failed;
        }
        for case_id in due(&s, now).await? {
            match erase(&s, docs, case_id, Actor::system()).await {
                Ok((_, true)) => report.erased += 1,
                // Erased meanwhile by a person or another replica.
                Ok((_, false)) => {}
                Err(e) => {
                    report.failed += 1;
                    tracing::warn!(
                        workspace = %id,
                        case_id = %case_id,
                        error = %e.public_message(),
                        "retention: erasing a due case failed; the next pass retries"
                    );
                }
            }
        }
    }
    Ok(report)
}

/// Runs the retention job every `interval` until the process ends; progress is logged and
/// counted in the metrics (`casegraph_retention_cases_erased_total`, `…_failed_total`).
pub async fn run(
    db: DatabaseConnection,
    docs: std::sync::Arc<Documents>,
    meters: std::sync::Arc<crate::meters::Meters>,
    interval: Duration,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match run_once(&db, &docs, super::now()).await {
            Ok(report) => {
                meters.retention(report.erased, report.failed);
                if report != Report::default() {
                    tracing::info!(
                        erased = report.erased,
                        failed = report.failed,
                        files_removed = report.files_removed,
                        files_failed = report.files_failed,
                        "retention pass done"
                    );
                }
            }
            Err(e) => tracing::warn!(error = %e.public_message(), "retention pass failed"),
        }
    }
}
