//! The case report (`caseReport`, SPEC §4; README "Case report"): everything an auditor
//! asks of one case — the case, its companies, people and ownership with the beneficial
//! owners, checks and AML hits, the documents' list, risks, reviews, notes, and the audit
//! trail with its verification — as one JSON document or a PDF of the same content.
//!
//! Nothing is stored: `caseReport` answers a signed link (the document links' signer,
//! [`crate::storage::Documents::sign`]), and the report is read and rendered when the link
//! is followed (`GET /reports/{caseId}`, `http/reports.rs`). Erasing a case therefore has no
//! report to chase, and a report always shows the case as it is when downloaded.

use std::collections::HashMap;

use async_graphql::Enum;
use chrono::{DateTime, Utc};
use entity::{aml_hit, audit_event, case, check, company, individual};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::audit::{self, Verification};
use super::checkpoint::AuditSigner;
use super::load::{
    self, CaseChecks, CaseCompanies, CaseDocuments, CaseIndividuals, CaseNotes, CaseRelations,
    CaseReviews, CaseRisks, CaseTags, CheckAmlHits,
};
use super::{ownership, Session};
use crate::auth::Permission;
use crate::domain::ownership::Measure;
use crate::error::AppResult;
use crate::storage::Documents;

/// The name and version of the JSON report's shape (README "Case report").
pub const REPORT_FORMAT: &str = "casegraph-case-report/v1";

/// A case report's file format.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// A PDF document (A4) for people.
    Pdf,
    /// One JSON document (`casegraph-case-report/v1`) for programs.
    Json,
}

impl ReportFormat {
    /// The name in a link (`format=pdf`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Json => "json",
        }
    }

    /// The format a link names.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pdf" => Some(ReportFormat::Pdf),
            "json" => Some(ReportFormat::Json),
            _ => None,
        }
    }

    /// The media type of the file.
    pub fn content_type(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Json => "application/json",
        }
    }
}

/// The signed resource of a report link (see [`Documents::sign`]): never a document's id.
fn resource(case_id: Uuid, format: ReportFormat) -> String {
    format!("report/{case_id}.{}", format.as_str())
}

/// A signed link to a case's report, as `caseReport` answers it.
#[derive(Debug, Clone)]
pub struct ReportLink {
    pub case_id: Uuid,
    pub format: ReportFormat,
    pub file_name: String,
    /// Relative to the API's address: `/reports/{caseId}?format=…&exp=…&sig=…`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// `caseReport`: a link to the report of a live case of the caller's workspace (any role
/// that may read the case). Nothing is read but the case; the report is made on download.
pub async fn link(
    s: &Session,
    docs: &Documents,
    case_id: Uuid,
    format: ReportFormat,
) -> AppResult<ReportLink> {
    s.principal.authorize(Permission::Read)?;
    let case = super::case::get(s.read(), s, case_id).await?;
    let now = Utc::now();
    let (url, exp) = signed_url(docs, case_id, format, s.workspace(), now.timestamp());
    Ok(ReportLink {
        case_id,
        format,
        file_name: file_name(&case, format, now),
        url,
        expires_at: DateTime::from_timestamp(exp, 0).unwrap_or(now),
    })
}

/// The signed URL of a case's report in `format`, valid for the configured time from `now`
/// (Unix seconds), and its expiry.
pub fn signed_url(
    docs: &Documents,
    case_id: Uuid,
    format: ReportFormat,
    workspace: &str,
    now: i64,
) -> (String, i64) {
    let (exp, sig) = docs.sign(&resource(case_id, format), workspace, now);
    let url = format!(
        "/reports/{case_id}?format={}&exp={exp}&sig={sig}",
        format.as_str()
    );
    (url, exp)
}

/// Whether a followed link was signed for this case, format and workspace and is not past.
pub fn verify_link(
    docs: &Documents,
    case_id: Uuid,
    format: ReportFormat,
    workspace: &str,
    exp: i64,
    sig: &str,
) -> bool {
    docs.verify_signed(
        &resource(case_id, format),
        workspace,
        exp,
        sig,
        Utc::now().timestamp(),
    )
}

/// `<case name> report <date>.pdf`, safe to send in `Content-Disposition`.
pub fn file_name(case: &case::Model, format: ReportFormat, at: DateTime<Utc>) -> String {
    super::document::safe_file_name(&format!(
        "{} report {}.{}",
        case.name,
        at.format("%Y-%m-%d"),
        format.as_str()
    ))
}

/// The workspace a case belongs to, whatever the caller (for a followed link, whose
/// signature names the workspace); `None` for an unknown or deleted case.
pub async fn case_for_link(
    db: &sea_orm::DatabaseConnection,
    case_id: Uuid,
) -> AppResult<Option<case::Model>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(case::Entity::find_by_id(case_id)
        .filter(case::Column::DeletedAt.is_null())
        .one(db)
        .await?)
}

/// The session a followed link reads with: the link's workspace, read rights only (the
/// link was signed for someone who may read the case).
pub fn link_session(
    db: &sea_orm::DatabaseConnection,
    workspace: &str,
    request_id: &str,
) -> Session {
    Session::new(
        db.clone(),
        crate::auth::Principal {
            workspace_id: workspace.to_owned(),
            subject: "report-link".to_owned(),
            user_id: Uuid::nil(),
            role: crate::domain::Role::Viewer,
        },
        request_id.to_owned(),
    )
}

// ---------------------------------------------------------------------------------------
// The report's content: the JSON document as documented, and what the PDF prints.
// ---------------------------------------------------------------------------------------

/// A case report (`casegraph-case-report/v1`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub format: &'static str,
    pub generated_at: DateTime<Utc>,
    pub workspace_id: String,
    pub case: CaseSection,
    pub companies: Vec<CompanyEntry>,
    pub individuals: Vec<IndividualEntry>,
    pub relations: Vec<RelationEntry>,
    pub beneficial_owners: Vec<OwnerEntry>,
    pub checks: Vec<CheckEntry>,
    pub documents: Vec<DocumentEntry>,
    pub risks: Vec<RiskEntry>,
    pub reviews: Vec<ReviewEntry>,
    pub notes: Vec<NoteEntry>,
    pub audit_trail: AuditSection,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseSection {
    pub id: Uuid,
    pub external_id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub case_type: &'static str,
    pub status: &'static str,
    pub priority: &'static str,
    pub risk_level: &'static str,
    pub tags: Vec<String>,
    pub flags: Vec<String>,
    pub is_aml_positive: bool,
    pub assignee_id: Option<Uuid>,
    pub next_review_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyEntry {
    pub id: Uuid,
    pub name: String,
    pub is_main: bool,
    pub registration_number: Option<String>,
    pub country: Option<&'static str>,
    pub legal_form: Option<String>,
    pub total_ownership_percentage: Option<f64>,
    pub total_voting_rights_percentage: Option<f64>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndividualEntry {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<chrono::NaiveDate>,
    pub nationality: Option<&'static str>,
    pub is_beneficial_owner: bool,
    pub total_ownership_percentage: Option<f64>,
    pub total_voting_rights_percentage: Option<f64>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationEntry {
    pub id: Uuid,
    pub from_individual_id: Option<Uuid>,
    pub from_company_id: Option<Uuid>,
    pub to_company_id: Uuid,
    pub ownership_percentage: Option<f64>,
    pub voting_rights_percentage: Option<f64>,
    pub roles: Vec<&'static str>,
    pub position: Option<String>,
}

/// A beneficial owner: at or above the workspace's threshold, or declared.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerEntry {
    pub individual_id: Uuid,
    pub name: String,
    pub total_ownership_percentage: Option<f64>,
    pub total_voting_rights_percentage: Option<f64>,
    /// Marked as beneficial owner on the individual (`isBeneficialOwner`).
    pub declared: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckEntry {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub check_type: &'static str,
    pub label: String,
    pub status: &'static str,
    /// The company's or individual's name (null for the case itself).
    pub subject: Option<String>,
    pub is_deactivated: bool,
    pub is_excluded: bool,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub aml_hits: Vec<HitEntry>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HitEntry {
    pub id: Uuid,
    pub name: String,
    pub list_types: Vec<&'static str>,
    pub score: Option<f64>,
    pub status: &'static str,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentEntry {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub document_type: &'static str,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub verification_status: &'static str,
    pub check_id: Option<Uuid>,
    pub uploaded_at: DateTime<Utc>,
    pub uploaded_by: String,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskEntry {
    pub id: Uuid,
    pub level: &'static str,
    pub mode: &'static str,
    pub score: Option<f64>,
    pub comment: Option<String>,
    pub is_current: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewEntry {
    pub id: Uuid,
    pub status: &'static str,
    pub comment: Option<String>,
    pub reviewer_type: &'static str,
    pub reviewer_id: Option<String>,
    pub next_review_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoteEntry {
    pub id: Uuid,
    pub body: String,
    pub check_id: Option<Uuid>,
    pub author_id: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditSection {
    pub verification: VerificationEntry,
    pub events: Vec<EventEntry>,
}

/// `verifyAuditTrail`'s answer for the events listed, and its one-line summary (printed as
/// such in the PDF).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationEntry {
    pub valid: bool,
    pub events_checked: u64,
    pub first_broken_event_id: Option<Uuid>,
    pub reason: Option<String>,
    pub checkpoint: Option<CheckpointEntry>,
    pub summary: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckpointEntry {
    pub id: Uuid,
    pub signed_at: DateTime<Utc>,
    pub seq: i64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventEntry {
    pub id: Uuid,
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_type: &'static str,
    pub actor_id: String,
    pub entity_type: String,
    pub entity_id: Option<Uuid>,
    /// The fields before/after; null once erased.
    pub changes: Option<Value>,
    pub erased: bool,
    pub hash: String,
}

/// The verification as one line: what the PDF prints and the JSON's `summary`.
pub fn summary(v: &Verification) -> String {
    if !v.valid {
        return format!(
            "Audit trail verification: INVALID after {} events: {}",
            v.events_checked,
            v.reason.as_deref().unwrap_or("the chain does not hold")
        );
    }
    let checkpoint = match &v.checkpoint {
        Some(c) => format!(
            "; matches signed checkpoint {} of {} (event {})",
            c.checkpoint_id,
            c.signed_at.format("%Y-%m-%d %H:%M:%S UTC"),
            c.seq
        ),
        None => "; no signed checkpoint lists the case yet".to_owned(),
    };
    format!(
        "Audit trail verification: VALID, {} events, hash chain intact{checkpoint}",
        v.events_checked
    )
}

fn person(p: &individual::Model) -> String {
    format!("{} {}", p.first_name, p.last_name)
        .trim()
        .to_owned()
}

/// Reads everything the report shows, for a live case of the session's workspace.
pub async fn gather(s: &Session, signer: &AuditSigner, case_id: Uuid) -> AppResult<Report> {
    s.principal.authorize(Permission::Read)?;
    let case = super::case::get(s.read(), s, case_id).await?;
    let companies: Vec<company::Model> = load::children_of::<CaseCompanies>(s, case_id).await?;
    let people: Vec<individual::Model> = load::children_of::<CaseIndividuals>(s, case_id).await?;
    let relations = load::children_of::<CaseRelations>(s, case_id).await?;
    let checks: Vec<check::Model> = load::children_of::<CaseChecks>(s, case_id).await?;
    let check_ids: Vec<Uuid> = checks.iter().map(|c| c.id).collect();
    let mut hits = load::children::<CheckAmlHits>(s, &check_ids, &[]).await?;
    let documents = load::children_of::<CaseDocuments>(s, case_id).await?;
    let risks = load::children_of::<CaseRisks>(s, case_id).await?;
    let reviews = load::children_of::<CaseReviews>(s, case_id).await?;
    let notes = load::children_of::<CaseNotes>(s, case_id).await?;
    let tags = load::children_of::<CaseTags>(s, case_id).await?;
    let graph = ownership::of_cases(s, &[case_id]).await?.remove(&case_id);
    let (events, payloads) = audit::case_events(s.read(), s.workspace(), case_id).await?;
    let verification = audit::verify_loaded(s, signer, case_id, &events, &payloads).await?;

    let total = |id: Uuid, m: Measure| graph.as_ref().and_then(|g| g.total(id, m));
    let names: HashMap<Uuid, String> = companies
        .iter()
        .map(|c| (c.id, c.name.clone()))
        .chain(people.iter().map(|p| (p.id, person(p))))
        .collect();
    let owners = graph
        .as_ref()
        .map(|g| g.beneficial_owners.clone())
        .unwrap_or_default();
    let flags = crate::domain::flags::Flags::stored(&case);

    Ok(Report {
        format: REPORT_FORMAT,
        generated_at: super::now(),
        workspace_id: s.workspace().to_owned(),
        case: CaseSection {
            id: case.id,
            external_id: case.external_id.clone(),
            name: case.name.clone(),
            description: case.description.clone(),
            case_type: case.case_type.as_str(),
            status: case.status.as_str(),
            priority: case.priority.as_str(),
            risk_level: case.risk_level.as_str(),
            tags: tags.into_iter().map(|t| t.tag).collect(),
            flags: flags
                .list()
                .into_iter()
                .map(|f| async_graphql::resolver_utils::enum_value(f).to_string())
                .collect(),
            is_aml_positive: case.is_aml_positive,
            assignee_id: case.assignee_id,
            next_review_at: case.next_review_at,
            due_at: case.due_at,
            version: case.version,
            created_by: case.created_by.clone(),
            created_at: case.created_at,
            updated_at: case.updated_at,
        },
        beneficial_owners: people
            .iter()
            .filter(|p| owners.contains(&p.id))
            .map(|p| OwnerEntry {
                individual_id: p.id,
                name: person(p),
                total_ownership_percentage: total(p.id, Measure::Ownership),
                total_voting_rights_percentage: total(p.id, Measure::Voting),
                declared: p.is_beneficial_owner,
            })
            .collect(),
        companies: companies
            .iter()
            .map(|c| CompanyEntry {
                id: c.id,
                name: c.name.clone(),
                is_main: c.is_main,
                registration_number: c.registration_number.clone(),
                country: c.country.as_ref().map(|c| c.as_str()),
                legal_form: c.legal_form.clone(),
                total_ownership_percentage: total(c.id, Measure::Ownership),
                total_voting_rights_percentage: total(c.id, Measure::Voting),
            })
            .collect(),
        individuals: people
            .iter()
            .map(|p| IndividualEntry {
                id: p.id,
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                birth_date: p.birth_date,
                nationality: p.nationality.as_ref().map(|c| c.as_str()),
                is_beneficial_owner: owners.contains(&p.id),
                total_ownership_percentage: total(p.id, Measure::Ownership),
                total_voting_rights_percentage: total(p.id, Measure::Voting),
            })
            .collect(),
        relations: relations
            .into_iter()
            .map(|r| RelationEntry {
                id: r.id,
                from_individual_id: r.from_individual_id,
                from_company_id: r.from_company_id,
                to_company_id: r.to_company_id,
                ownership_percentage: r.ownership_percentage,
                voting_rights_percentage: r.voting_rights_percentage,
                roles: r.roles.0.iter().map(|role| role.as_str()).collect(),
                position: r.position,
            })
            .collect(),
        checks: checks
            .into_iter()
            .map(|c| {
                let subject = c
                    .subject_company_id
                    .or(c.subject_individual_id)
                    .and_then(|id| names.get(&id).cloned());
                let aml_hits = hits
                    .remove(&c.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(hit_entry)
                    .collect();
                CheckEntry {
                    id: c.id,
                    check_type: c.check_type.as_str(),
                    label: c.label,
                    status: c.status.as_str(),
                    subject,
                    is_deactivated: c.is_deactivated,
                    is_excluded: c.is_excluded,
                    reviewed_by: c.reviewed_by,
                    reviewed_at: c.reviewed_at,
                    review_comment: c.review_comment,
                    expires_at: c.expires_at,
                    aml_hits,
                }
            })
            .collect(),
        documents: documents
            .into_iter()
            .map(|d| DocumentEntry {
                id: d.id,
                document_type: d.document_type.as_str(),
                file_name: d.file_name,
                content_type: d.content_type,
                size: d.size,
                sha256: d.sha256,
                verification_status: d.verification_status.as_str(),
                check_id: d.check_id,
                uploaded_at: d.uploaded_at,
                uploaded_by: d.uploaded_by,
                expires_at: d.expires_at,
            })
            .collect(),
        risks: risks
            .into_iter()
            .map(|r| RiskEntry {
                is_current: case.current_risk_id == Some(r.id),
                id: r.id,
                level: r.level.as_str(),
                mode: r.mode.as_str(),
                score: r.score,
                comment: r.comment,
                created_by: r.created_by,
                created_at: r.created_at,
            })
            .collect(),
        reviews: reviews
            .into_iter()
            .map(|r| ReviewEntry {
                id: r.id,
                status: r.status.as_str(),
                comment: r.comment,
                reviewer_type: r.reviewer_type.as_str(),
                reviewer_id: r.reviewer_id,
                next_review_at: r.next_review_at,
                created_at: r.created_at,
            })
            .collect(),
        notes: notes
            .into_iter()
            .map(|n| NoteEntry {
                id: n.id,
                body: n.body,
                check_id: n.check_id,
                author_id: n.author_id,
                created_at: n.created_at,
            })
            .collect(),
        audit_trail: AuditSection {
            verification: VerificationEntry {
                valid: verification.valid,
                events_checked: verification.events_checked,
                first_broken_event_id: verification.first_broken_event_id,
                reason: verification.reason.clone(),
                checkpoint: verification.checkpoint.as_ref().map(|c| CheckpointEntry {
                    id: c.checkpoint_id,
                    signed_at: c.signed_at,
                    seq: c.seq,
                }),
                summary: summary(&verification),
            },
            events: events
                .into_iter()
                .map(|e| event_entry(e, &payloads))
                .collect(),
        },
    })
}

fn hit_entry(h: aml_hit::Model) -> HitEntry {
    HitEntry {
        id: h.id,
        name: h.name,
        list_types: h.list_types.0.iter().map(|t| t.as_str()).collect(),
        score: h.score,
        status: h.status.as_str(),
        reviewed_by: h.reviewed_by,
        reviewed_at: h.reviewed_at,
    }
}

fn event_entry(e: audit_event::Model, payloads: &HashMap<Uuid, Option<Value>>) -> EventEntry {
    let changes = payloads.get(&e.id).cloned().flatten();
    EventEntry {
        erased: changes.is_none(),
        changes,
        id: e.id,
        seq: e.seq,
        at: e.at,
        action: e.action,
        actor_type: e.actor_type.as_str(),
        actor_id: e.actor_id,
        entity_type: e.entity_type,
        entity_id: e.entity_id,
        hash: e.hash,
    }
}

/// The JSON report, pretty-printed.
pub fn to_json(report: &Report) -> AppResult<Vec<u8>> {
    serde_json::to_vec_pretty(report)
        .map_err(|e| crate::error::AppError::Internal(format!("writing a report: {e}")))
}

fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_owned(), |p| format!("{p:.2} %"))
}

/// The PDF report: the same content as the JSON, for people.
pub fn to_pdf(report: &Report) -> AppResult<Vec<u8>> {
    use crate::pdf::{Column, Writer};
    let c = &report.case;
    let col = |header, share| Column { header, share };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let list = |items: &[&str]| or_dash((!items.is_empty()).then(|| items.join(", ")));
    let mut w = Writer::new(
        &format!("Case report: {}", c.name),
        &format!(
            "CaseGraph case report · {} · {} · generated {}",
            c.name,
            c.id,
            time(report.generated_at)
        ),
    );
    w.title(&format!("Case report: {}", c.name), 17.0);
    w.remark(&format!(
        "Generated {} from workspace {} (case version {}). Rendered on download; not stored.",
        time(report.generated_at),
        report.workspace_id,
        c.version
    ));
    w.gap(6.0);
    w.paragraph(&report.audit_trail.verification.summary, true);

    w.heading("Case");
    let tags: Vec<&str> = c.tags.iter().map(String::as_str).collect();
    let flags: Vec<&str> = c.flags.iter().map(String::as_str).collect();
    w.fields(&[
        ("Id", c.id.to_string()),
        ("External id", or_dash(c.external_id.as_ref())),
        ("Name", c.name.clone()),
        ("Description", or_dash(c.description.as_ref())),
        ("Type", c.case_type.to_owned()),
        ("Status", c.status.to_owned()),
        ("Priority", c.priority.to_owned()),
        ("Risk level", c.risk_level.to_owned()),
        ("AML positive", yes_no(c.is_aml_positive)),
        ("Flags", list(&flags)),
        ("Tags", list(&tags)),
        ("Assignee", or_dash(c.assignee_id)),
        ("Next review", or_dash(c.next_review_at.map(time))),
        ("Due", or_dash(c.due_at.map(time))),
        (
            "Created",
            format!("{} by {}", time(c.created_at), c.created_by),
        ),
        ("Last changed", time(c.updated_at)),
    ]);

    let names: HashMap<Uuid, String> = report
        .companies
        .iter()
        .map(|x| (x.id, x.name.clone()))
        .chain(
            report
                .individuals
                .iter()
                .map(|p| (p.id, format!("{} {}", p.first_name, p.last_name))),
        )
        .collect();
    let name = |id: Option<Uuid>| or_dash(id.and_then(|id| names.get(&id).cloned()));

    w.section(
        "Beneficial owners",
        &report.beneficial_owners,
        &[
            col("Name", 4.0),
            col("Total ownership", 2.0),
            col("Total voting rights", 2.0),
            col("Declared", 1.0),
        ],
        |o| {
            vec![
                o.name.clone(),
                percent(o.total_ownership_percentage),
                percent(o.total_voting_rights_percentage),
                yes_no(o.declared),
            ]
        },
    );
    w.section(
        "Companies",
        &report.companies,
        &[
            col("Name", 4.0),
            col("Registration", 2.5),
            col("Country", 1.0),
            col("Legal form", 1.5),
            col("Owned (total)", 1.5),
        ],
        |x| {
            vec![
                format!("{}{}", x.name, if x.is_main { " (main)" } else { "" }),
                or_dash(x.registration_number.as_ref()),
                or_dash(x.country),
                or_dash(x.legal_form.as_ref()),
                percent(x.total_ownership_percentage),
            ]
        },
    );
    w.section(
        "Individuals",
        &report.individuals,
        &[
            col("Name", 4.0),
            col("Born", 1.5),
            col("Nationality", 1.2),
            col("Ownership", 1.4),
            col("Voting", 1.4),
            col("UBO", 0.8),
        ],
        |p| {
            vec![
                format!("{} {}", p.first_name, p.last_name),
                or_dash(p.birth_date),
                or_dash(p.nationality),
                percent(p.total_ownership_percentage),
                percent(p.total_voting_rights_percentage),
                yes_no(p.is_beneficial_owner),
            ]
        },
    );
    w.section(
        "Ownership and control",
        &report.relations,
        &[
            col("From", 3.0),
            col("To", 3.0),
            col("Ownership", 1.3),
            col("Voting", 1.3),
            col("Roles", 2.5),
        ],
        |r| {
            vec![
                name(r.from_individual_id.or(r.from_company_id)),
                name(Some(r.to_company_id)),
                percent(r.ownership_percentage),
                percent(r.voting_rights_percentage),
                list(&r.roles),
            ]
        },
    );
    w.section(
        "Checks",
        &report.checks,
        &[
            col("Check", 3.0),
            col("Subject", 2.5),
            col("Status", 1.8),
            col("Reviewed", 2.2),
            col("AML hits", 3.5),
        ],
        |k| {
            let mut state = k.status.to_owned();
            if k.is_deactivated {
                state.push_str(", deactivated");
            }
            if k.is_excluded {
                state.push_str(", excluded");
            }
            let hits: Vec<String> = k
                .aml_hits
                .iter()
                .map(|h| {
                    format!(
                        "{} [{}] {}{}",
                        h.name,
                        h.list_types.join(", "),
                        h.status,
                        h.score.map(|s| format!(" ({s})")).unwrap_or_default()
                    )
                })
                .collect();
            vec![
                if k.label == k.check_type {
                    k.label.clone()
                } else {
                    format!("{} · {}", k.check_type, k.label)
                },
                k.subject.clone().unwrap_or_else(|| "the case".to_owned()),
                state,
                match (&k.reviewed_by, k.reviewed_at) {
                    (Some(by), Some(at)) => format!("{by}, {}", time(at)),
                    (Some(by), None) => by.clone(),
                    _ => "—".to_owned(),
                },
                or_dash((!hits.is_empty()).then(|| hits.join("; "))),
            ]
        },
    );
    w.section(
        "Documents",
        &report.documents,
        &[
            col("Type", 2.0),
            col("File", 2.5),
            col("Content", 2.0),
            col("Verification", 1.5),
            col("Uploaded", 1.7),
            col("SHA-256", 3.0),
        ],
        |d| {
            vec![
                d.document_type.to_owned(),
                d.file_name.clone(),
                format!("{}, {} bytes", d.content_type, d.size),
                d.verification_status.to_owned(),
                time(d.uploaded_at),
                d.sha256.clone(),
            ]
        },
    );
    w.section(
        "Risks",
        &report.risks,
        &[
            col("Level", 2.0),
            col("Mode", 1.3),
            col("Score", 1.0),
            col("Comment", 4.0),
            col("Set by", 2.5),
        ],
        |r| {
            vec![
                format!(
                    "{}{}",
                    r.level,
                    if r.is_current { " (current)" } else { "" }
                ),
                r.mode.to_owned(),
                or_dash(r.score),
                or_dash(r.comment.as_ref()),
                format!("{}, {}", r.created_by, time(r.created_at)),
            ]
        },
    );
    w.section(
        "Reviews",
        &report.reviews,
        &[
            col("Decision", 1.5),
            col("By", 2.0),
            col("Comment", 4.5),
            col("Next review", 1.8),
            col("At", 1.8),
        ],
        |r| {
            vec![
                r.status.to_owned(),
                format!("{} {}", r.reviewer_type, or_dash(r.reviewer_id.as_ref())),
                or_dash(r.comment.as_ref()),
                or_dash(r.next_review_at.map(time)),
                time(r.created_at),
            ]
        },
    );
    w.section(
        "Notes",
        &report.notes,
        &[col("By", 1.0), col("Note", 3.5)],
        |n| {
            vec![
                format!("{}, {}", n.author_id, time(n.created_at)),
                n.body.clone(),
            ]
        },
    );

    // The trail last: its verification line again, then every event.
    w.heading(&format!(
        "Audit trail ({} events)",
        report.audit_trail.events.len()
    ));
    w.paragraph(&report.audit_trail.verification.summary, true);
    w.gap(4.0);
    let rows: Vec<Vec<String>> = report
        .audit_trail
        .events
        .iter()
        .map(|e| {
            let changed = match &e.changes {
                Some(Value::Object(map)) if !map.is_empty() => {
                    map.keys().cloned().collect::<Vec<_>>().join(", ")
                }
                Some(_) => "—".to_owned(),
                None => "(erased)".to_owned(),
            };
            vec![
                e.seq.to_string(),
                e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                e.action.clone(),
                format!("{} {}", e.actor_type, e.actor_id),
                changed,
                e.hash.chars().take(16).collect(),
            ]
        })
        .collect();
    w.table(
        &[
            col("#", 0.6),
            col("At (UTC)", 2.2),
            col("Action", 2.2),
            col("Actor", 2.0),
            col("Changed", 2.8),
            col("Hash (first 16)", 2.0),
        ],
        &rows,
    );
    w.finish()
        .map_err(|e| crate::error::AppError::Internal(format!("rendering a report: {e}")))
}
