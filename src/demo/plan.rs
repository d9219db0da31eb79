//! What happens to a demo case, and when: its [`Blueprint`] (type, final status, age), its
//! checks and hits, risks, notes and decisions, laid out as a timeline of [`Event`]s from
//! the case's creation to the moment of the seed. Pure: nothing is written here; the runner
//! in `super` replays the timeline through the services, each event at its moment.

use async_graphql::{Json, MaybeUndefined};
use chrono::{DateTime, Datelike, Duration, Utc};
use serde_json::{json, Value};

use super::cast::{home, Cast, Party};
use super::data::{ACCOUNT_MANAGERS, COUNTRIES, KIND_CYCLE, REVIEWERS, SOURCES, STATUS_CYCLE};
use crate::domain::schedule::add_months;
use crate::domain::settings::WorkspaceSettings;
use crate::domain::{
    AmlHitStatus, AmlListType, CasePriority, CaseStatus, CaseType, CheckStatus, CheckType,
    DocumentType, Processing, ReviewStatus, RiskLevel,
};
use crate::service::case::CreateCaseInput;
use crate::service::check::{AmlHitInput, CheckDecision, CheckInput};
use crate::service::review::CaseReviewInput;
use crate::service::risk::{AutomaticRiskInput, ManualRiskInput};

/// How many cases the demo workspace holds.
pub const CASES: usize = 50;

// Points of a case's timeline, as fractions of the time from its creation to the seed.
// Events at the same point happen in the order they are planned.
const T_PROPERTIES: f64 = 0.005;
const T_ASSIGNED: f64 = 0.01;
const T_AUTOMATIC_RISK: f64 = 0.02;
/// Periodic reviews: the customer's onboarding approval, then the review coming due.
const T_ONBOARDED: f64 = 0.04;
const T_REVIEW_DUE: f64 = 0.1;
const T_KICK_OFF: f64 = 0.15;
const T_HITS_DECIDED: f64 = 0.25;
const T_CHECKS_DECIDED: f64 = 0.35;
const T_CHECK_NOTES: f64 = 0.4;
const T_MANUAL_RISK: f64 = 0.45;
const T_RECOMMENDATION: f64 = 0.65;
const T_EXCLUDED: f64 = 0.68;
const T_DECISION: f64 = 0.7;

/// Who acts in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The admin that creates and assigns cases.
    Seeder,
    /// The scoring integration.
    Engine,
    /// The case's reviewer.
    Reviewer,
}

/// One thing done to a case. Checks are named by their label (unique in a case), hits by
/// their name; the runner finds their ids.
pub enum Step {
    /// The case is created with its companies, people and checks (and their hits).
    Create(Box<CreateCaseInput>),
    /// Custom property values: the case's expected volume, the main company's countries.
    Properties {
        volume: Option<u64>,
        operations: Vec<&'static str>,
    },
    /// The reviewer is made the assignee.
    Assign,
    AutomaticRisk(AutomaticRiskInput),
    ManualRisk(ManualRiskInput),
    DecideHits {
        check: String,
        decisions: Vec<(String, AmlHitStatus)>,
    },
    DecideCheck {
        check: String,
        decision: CheckDecision,
        comment: &'static str,
    },
    /// The identity document of an ID check, uploaded before the check is approved (a
    /// generated specimen PDF naming the check's subject).
    UploadDocument {
        check: String,
        document_type: DocumentType,
    },
    /// The check's document expired during the review.
    Expire {
        check: String,
    },
    /// The AML check no longer counts for the case's AML status.
    Exclude {
        check: String,
    },
    Note {
        check: Option<String>,
        body: String,
    },
    Review(CaseReviewInput),
    Reopen(&'static str),
}

/// A step at its moment, by its actor.
pub struct Event {
    pub at: DateTime<Utc>,
    pub by: By,
    pub step: Step,
}

/// A case's whole history, in time order (the first event creates it).
pub struct CasePlan {
    pub external_id: String,
    /// Which demo reviewer works the case (an index into [`REVIEWERS`]).
    pub reviewer: usize,
    pub events: Vec<Event>,
}

/// The external id of case number `index`: `DEMO-0001` for the first.
pub fn external_id(index: usize) -> String {
    format!("DEMO-{:04}", index + 1)
}

/// The history of case number `index`, for a seed run at `stamp` in a workspace with
/// `settings` (its beneficial-owner threshold and review intervals).
pub fn case(index: usize, stamp: DateTime<Utc>, settings: &WorkspaceSettings) -> CasePlan {
    let bp = Blueprint::new(index, stamp);
    let cast = Cast::of(index, bp.kind, bp.is_business(), settings.ubo_threshold);
    let checks = check_plans(&bp, &cast);
    let mut t = Timeline {
        bp: &bp,
        events: vec![],
    };
    t.push(
        0.0,
        By::Seeder,
        Step::Create(Box::new(case_input(&bp, &cast, &checks))),
    );
    t.push(T_PROPERTIES, By::Seeder, properties(&bp, &cast));
    if bp.is_assigned() {
        t.push(T_ASSIGNED, By::Seeder, Step::Assign);
    }
    let mut level = RiskLevel::NotDefined;
    if let Some((automatic, manual)) = risk_plans(&bp, &cast) {
        level = automatic.level;
        t.push(T_AUTOMATIC_RISK, By::Engine, Step::AutomaticRisk(automatic));
        if let Some(manual) = manual {
            level = manual.level;
            t.push(T_MANUAL_RISK, By::Reviewer, Step::ManualRisk(manual));
        }
    }
    if bp.is_periodic_review() {
        t.push(
            T_ONBOARDED,
            By::Reviewer,
            review(
                ReviewStatus::Approved,
                "Approved at onboarding.",
                Some(bp.at(T_REVIEW_DUE)),
            ),
        );
        t.push(
            T_REVIEW_DUE,
            By::Reviewer,
            Step::Reopen("Periodic review due: refreshing the file."),
        );
    }
    if bp.status != CaseStatus::Draft {
        t.push(T_KICK_OFF, By::Reviewer, kick_off(&bp, &cast));
    }
    for (pos, check) in checks.iter().enumerate() {
        t.check(pos, check, &bp);
    }
    if let Some(body) = recommendation(&bp) {
        t.push(T_RECOMMENDATION, By::Reviewer, note(None, body));
    }
    if let Some((status, comment)) = decision(&bp) {
        let next = match status {
            ReviewStatus::Approved => bp
                .review_months(settings, level)
                .and_then(|months| add_months(bp.at(T_DECISION), months)),
            _ => None,
        };
        t.push(T_DECISION, By::Reviewer, review(status, comment, next));
    }
    let mut events = t.events;
    // Stable: events at one moment keep their planned order.
    events.sort_by_key(|e| e.at);
    CasePlan {
        external_id: external_id(index),
        reviewer: bp.reviewer,
        events,
    }
}

/// The moment a seed ran, from the creation time of its case number `index`.
pub fn stamp_of(index: usize, created: DateTime<Utc>) -> DateTime<Utc> {
    created + Blueprint::age(index)
}

/// Events being laid out on a case's timeline.
struct Timeline<'a> {
    bp: &'a Blueprint,
    events: Vec<Event>,
}

impl Timeline<'_> {
    fn push(&mut self, fraction: f64, by: By, step: Step) {
        self.push_after(fraction, 0, by, step);
    }

    /// At `minutes` past the point at `fraction`: one sitting's work takes a while.
    fn push_after(&mut self, fraction: f64, minutes: usize, by: By, step: Step) {
        self.events.push(Event {
            at: self.bp.at(fraction) + Duration::minutes(minutes as i64),
            by,
            step,
        });
    }

    /// What happens to the check at `pos`: its hits decided, then the check itself, with
    /// the reviewer's notes. The reviewer goes through the checks one after another, a few
    /// minutes each.
    fn check(&mut self, pos: usize, plan: &CheckPlan, bp: &Blueprint) {
        let label = || plan.label.clone();
        let minutes = pos * 7 + (bp.index + pos) % 5;
        let decisions: Vec<(String, AmlHitStatus)> = plan
            .hits
            .iter()
            .filter(|h| h.outcome != AmlHitStatus::PotentialMatch)
            .map(|h| (h.name.clone(), h.outcome))
            .collect();
        if !decisions.is_empty() {
            self.push(
                T_HITS_DECIDED,
                By::Reviewer,
                Step::DecideHits {
                    check: label(),
                    decisions,
                },
            );
        }
        if let Some(body) = screening_note(plan, bp.status) {
            self.push_after(T_HITS_DECIDED, 12, By::Reviewer, note(Some(label()), body));
        }
        let decided = match plan.target {
            CheckStatus::Approved => Some((
                CheckDecision::Approved,
                "Verified; consistent with the file.",
            )),
            CheckStatus::Rejected => Some((
                CheckDecision::Rejected,
                "Does not meet our requirements; the contact must provide it again.",
            )),
            _ => None,
        };
        if plan.target == CheckStatus::Approved && plan.check_type == CheckType::IdDocument {
            let document_type = if (bp.index + pos).is_multiple_of(2) {
                DocumentType::Passport
            } else {
                DocumentType::IdCard
            };
            let step = Step::UploadDocument {
                check: label(),
                document_type,
            };
            // Just before the decision (events at one moment keep their planned order).
            self.push_after(T_CHECKS_DECIDED, minutes, By::Seeder, step);
        }
        if let Some((decision, comment)) = decided {
            let step = Step::DecideCheck {
                check: label(),
                decision,
                comment,
            };
            self.push_after(T_CHECKS_DECIDED, minutes, By::Reviewer, step);
        }
        if plan.target == CheckStatus::Expired {
            let step = Step::Expire { check: label() };
            self.push_after(T_CHECKS_DECIDED, minutes, By::Reviewer, step);
        }
        let sent_back = match plan.target {
            CheckStatus::Rejected => Some(
                "Rejected: the copy is cropped and the expiry date is unreadable. New copy requested.",
            ),
            CheckStatus::Expired => Some("Expired during the review; a renewed document is needed."),
            _ => None,
        };
        if let Some(body) = sent_back {
            self.push_after(
                T_CHECK_NOTES,
                minutes,
                By::Reviewer,
                note(Some(label()), body),
            );
        }
        if bp.status == CaseStatus::Closed && !plan.hits.is_empty() {
            self.push(T_EXCLUDED, By::Reviewer, Step::Exclude { check: label() });
        }
    }
}

fn note(check: Option<String>, body: &str) -> Step {
    Step::Note {
        check,
        body: body.to_owned(),
    }
}

fn review(status: ReviewStatus, comment: &str, next: Option<DateTime<Utc>>) -> Step {
    Step::Review(CaseReviewInput {
        status,
        comment: Some(comment.to_owned()),
        next_review_at: next.map_or(MaybeUndefined::Null, MaybeUndefined::Value),
    })
}

// ---------------------------------------------------------------------------------------
// The blueprint.
// ---------------------------------------------------------------------------------------

/// What is decided about one case before anything else.
struct Blueprint {
    index: usize,
    kind: CaseType,
    /// The status the case ends in.
    status: CaseStatus,
    /// For open cases, where the checks stand (0–3, see [`check_outcome`]).
    scenario: usize,
    /// Which demo reviewer works the case.
    reviewer: usize,
    created: DateTime<Utc>,
    /// From creation to the seed.
    span: Duration,
}

impl Blueprint {
    /// The plan of case number `index`. Its status comes from [`STATUS_CYCLE`]; its type
    /// from [`KIND_CYCLE`], counted among the cases of the same status (from an offset per
    /// status), so that every status meets a spread of types: rejections land on screening
    /// cases, closures on the smaller case types.
    fn new(index: usize, stamp: DateTime<Utc>) -> Self {
        let status = Self::status(index);
        let cycle = STATUS_CYCLE.len();
        let same = |s: &&CaseStatus| **s == status;
        let rank = (index / cycle) * STATUS_CYCLE.iter().filter(same).count()
            + STATUS_CYCLE[..index % cycle].iter().filter(same).count();
        let offset = match status {
            CaseStatus::Rejected => 3,
            CaseStatus::Closed => 8,
            _ => 0,
        };
        let created = stamp - Self::age(index);
        Blueprint {
            index,
            kind: KIND_CYCLE[(rank + offset) % KIND_CYCLE.len()],
            status,
            scenario: rank % 4,
            reviewer: index % REVIEWERS.len(),
            created,
            span: stamp - created,
        }
    }

    fn status(index: usize) -> CaseStatus {
        STATUS_CYCLE[index % STATUS_CYCLE.len()]
    }

    /// How long before the seed case `index` was created: drafts and open cases are
    /// recent; decided ones go back up to eighteen months.
    fn age(index: usize) -> Duration {
        let days = match Self::status(index) {
            CaseStatus::Draft => 1 + (index * 3) % 20,
            CaseStatus::Open => 3 + (index * 7) % 120,
            _ => 45 + (index * 37) % 495,
        };
        Duration::days(days as i64) + Duration::minutes(((index * 97) % 600) as i64)
    }

    /// The point of the timeline at `fraction` of the way from creation to the seed.
    fn at(&self, fraction: f64) -> DateTime<Utc> {
        self.created + Duration::seconds((self.span.num_seconds() as f64 * fraction) as i64)
    }

    /// Periodic reviews of customers approved at onboarding (open ones are under way).
    fn is_periodic_review(&self) -> bool {
        self.kind == CaseType::PeriodicReview
            && matches!(self.status, CaseStatus::Open | CaseStatus::Approved)
    }

    /// Months to the next periodic review after an approval: a quarter of the approvals
    /// put the customer under a three-month watch (the oldest of those are overdue now,
    /// the others due soon), the others follow the workspace's interval for the risk level.
    fn review_months(&self, settings: &WorkspaceSettings, level: RiskLevel) -> Option<u32> {
        if self.index % 4 == 1 {
            Some(3)
        } else {
            settings.review_intervals_months.for_level(level)
        }
    }

    /// Most worked cases have an assignee; drafts only sometimes.
    fn is_assigned(&self) -> bool {
        match self.status {
            CaseStatus::Draft => self.index % 20 == 4,
            _ => self.index % 5 != 4,
        }
    }

    /// Half of the drafts have no checks yet.
    fn has_checks(&self) -> bool {
        !(self.status == CaseStatus::Draft && (self.index / 10) % 2 == 1)
    }

    fn is_business(&self) -> bool {
        match self.kind {
            CaseType::Kyb | CaseType::PeriodicReview | CaseType::TransactionReview => true,
            CaseType::Aml | CaseType::Sanctions | CaseType::AdverseMedia => {
                self.index.is_multiple_of(2)
            }
            _ => false,
        }
    }

    /// Whether hits are the point of the case (screening cases) rather than incidental.
    fn is_screening(&self) -> bool {
        matches!(
            self.kind,
            CaseType::Aml | CaseType::Sanctions | CaseType::Pep | CaseType::AdverseMedia
        )
    }
}

// ---------------------------------------------------------------------------------------
// Checks and hits.
// ---------------------------------------------------------------------------------------

/// One check to create and the status it ends in.
struct CheckPlan {
    check_type: CheckType,
    label: String,
    /// The `ref` of the subject (`None`: the case itself).
    subject: Option<&'static str>,
    target: CheckStatus,
    deactivated: bool,
    hits: Vec<HitPlan>,
}

/// One AML hit to create and the decision it ends with.
struct HitPlan {
    name: String,
    lists: Vec<AmlListType>,
    score: f64,
    outcome: AmlHitStatus,
}

/// The checks of a case, by type: (type, label, subject ref).
fn check_specs(bp: &Blueprint) -> Vec<(CheckType, &'static str, Option<&'static str>)> {
    use CheckType::*;
    let top = if bp.is_business() { "main" } else { "subject" };
    match bp.kind {
        CaseType::Kyb => vec![
            (Registry, "Company registry extract", Some("main")),
            (Document, "Certificate of incorporation", Some("main")),
            (Document, "Shareholder register", Some("holding")),
            (IdDocument, "Identity document", Some("ubo")),
            (IdDocument, "Identity document", Some("director")),
            (Aml, "AML screening", Some("main")),
            (Aml, "AML screening", Some("ubo")),
        ],
        CaseType::PeriodicReview => vec![
            (Registry, "Registry refresh", Some("main")),
            (Document, "Updated shareholder register", Some("holding")),
            (IdDocument, "Identity document renewal", Some("ubo")),
            (Aml, "AML rescreening", Some("main")),
            (Aml, "AML rescreening", Some("ubo")),
        ],
        CaseType::TransactionReview => vec![
            (Document, "Source of funds evidence", Some("main")),
            (Custom, "Transaction rationale", None),
            (Aml, "Counterparty screening", Some("main")),
        ],
        CaseType::Kyc => vec![
            (IdDocument, "Identity document", Some("subject")),
            (IdVerification, "Selfie and liveness", Some("subject")),
            (Ekyc, "eKYC database match", Some("subject")),
            (Aml, "AML screening", Some("subject")),
        ],
        CaseType::Verification => vec![
            (IdVerification, "Selfie and liveness", Some("subject")),
            (IdDocument, "Identity document", Some("subject")),
            (Document, "Proof of address", Some("subject")),
        ],
        CaseType::Fraud => vec![
            (FraudDatabase, "Fraud consortium lookup", Some("subject")),
            (IdVerification, "Selfie and liveness", Some("subject")),
            (OnlineReputation, "Online footprint", Some("subject")),
        ],
        CaseType::Pep => vec![
            (Aml, "PEP screening", Some("subject")),
            (Document, "Source of wealth declaration", Some("subject")),
            (Document, "Source of funds evidence", Some("subject")),
        ],
        CaseType::Sanctions => vec![
            (Aml, "Sanctions screening", Some(top)),
            if bp.is_business() {
                (Registry, "Company registry extract", Some("main"))
            } else {
                (IdDocument, "Identity document", Some("subject"))
            },
        ],
        CaseType::Aml => vec![
            (Aml, "AML screening", Some(top)),
            if bp.is_business() {
                (Aml, "AML screening", Some("owner"))
            } else {
                (OnlineReputation, "Online footprint", Some("subject"))
            },
        ],
        CaseType::AdverseMedia => vec![
            (Aml, "Adverse media screening", Some(top)),
            (OnlineReputation, "Online reputation", Some(top)),
        ],
    }
}

/// The checks of a case with their outcomes; the first AML check carries the hits.
fn check_plans(bp: &Blueprint, cast: &Cast) -> Vec<CheckPlan> {
    if !bp.has_checks() {
        return vec![];
    }
    let mut plans: Vec<CheckPlan> = check_specs(bp)
        .into_iter()
        .enumerate()
        .map(|(pos, (check_type, label, subject))| {
            // Simplified due diligence: approved people skip the eKYC match half the time.
            let deactivated = check_type == CheckType::Ekyc
                && bp.status == CaseStatus::Approved
                && bp.index % 2 == 1;
            let label = match subject.and_then(|r| cast.party(r)) {
                Some(party) => format!("{label} — {}", party.name),
                None => label.to_owned(),
            };
            CheckPlan {
                check_type,
                label,
                subject,
                target: if deactivated {
                    CheckStatus::InProgress
                } else {
                    check_outcome(bp.status, bp.scenario, pos)
                },
                deactivated,
                hits: vec![],
            }
        })
        .collect();
    if let Some(aml) = plans.iter_mut().find(|p| p.check_type == CheckType::Aml) {
        if let Some(party) = aml.subject.and_then(|r| cast.party(r)) {
            aml.hits = hit_plans(bp, party);
        }
    }
    plans
}

/// Where the check at `pos` ends, given the case's final status. Open cases show four
/// situations: first collect under way, waiting on the reviewer, recollection needed, and
/// automated work in progress.
fn check_outcome(status: CaseStatus, scenario: usize, pos: usize) -> CheckStatus {
    use CheckStatus::*;
    match status {
        CaseStatus::Draft => InProgress,
        CaseStatus::Open => match scenario {
            0 => [InProgress, Processing, NeedReview][pos % 3],
            1 => [NeedReview, Approved][pos % 2],
            2 => match pos {
                0 => Rejected,
                1 => Expired,
                _ => Approved,
            },
            _ => [Processing, Approved, NeedReview][pos % 3],
        },
        CaseStatus::Approved => Approved,
        CaseStatus::Rejected if pos == 0 => Rejected,
        CaseStatus::Rejected => Approved,
        CaseStatus::Closed if pos == 0 => Expired,
        CaseStatus::Closed => InProgress,
    }
}

/// The hits a screening of `party` finds: strong ones for screening cases, now and then a
/// weak PEP name match for the others.
fn hit_plans(bp: &Blueprint, party: &Party) -> Vec<HitPlan> {
    use AmlListType::*;
    let i = bp.index;
    let exact = if party.is_company {
        party.name.to_uppercase()
    } else {
        match party.name.split_once(' ') {
            Some((first, last)) => format!("{}, {first}", last.to_uppercase()),
            None => party.name.to_uppercase(),
        }
    };
    let found: Vec<(String, Vec<AmlListType>, usize)> = match bp.kind {
        CaseType::Sanctions => vec![
            (exact, vec![Sanction], 86 + i % 12),
            (party.alias.clone(), vec![Sanction, Warning], 61 + i % 9),
        ],
        CaseType::Pep => vec![
            (exact, vec![Pep], 90 + i % 8),
            (party.alias.clone(), vec![Pep, AdverseMedia], 55 + i % 10),
        ],
        CaseType::Aml => vec![
            (exact, vec![Warning], 70 + i % 15),
            (party.alias.clone(), vec![AdverseMedia], 48 + i % 12),
        ],
        CaseType::AdverseMedia => vec![(exact, vec![AdverseMedia], 75 + i % 20)],
        _ if i % 3 == 1 => vec![(party.alias.clone(), vec![Pep], 38 + i % 10)],
        _ => vec![],
    };
    found
        .into_iter()
        .enumerate()
        .map(|(pos, (name, lists, score))| HitPlan {
            name,
            lists,
            score: score as f64,
            outcome: hit_outcome(bp, pos),
        })
        .collect()
}

/// The decision on the hit at `pos`. Approved PEPs are known PEPs (a true positive accepted
/// after enhanced due diligence); rejected screening cases are confirmed matches; closed
/// cases leave their hits undecided on an excluded check.
fn hit_outcome(bp: &Blueprint, pos: usize) -> AmlHitStatus {
    use AmlHitStatus::*;
    match bp.status {
        CaseStatus::Draft | CaseStatus::Closed => PotentialMatch,
        CaseStatus::Open if pos == 0 => PotentialMatch,
        CaseStatus::Open => FalsePositive,
        CaseStatus::Approved if pos == 0 && bp.kind == CaseType::Pep => TruePositive,
        CaseStatus::Approved if pos == 0 => FalsePositive,
        CaseStatus::Approved => NoMatch,
        CaseStatus::Rejected if pos == 0 && bp.is_screening() => TruePositive,
        CaseStatus::Rejected => FalsePositive,
    }
}

fn provider(check_type: CheckType) -> &'static str {
    match check_type {
        CheckType::IdVerification | CheckType::IdDocument => "VeriDoc",
        CheckType::Aml => "ComplyWatch",
        CheckType::Registry => "OpenRegistry",
        CheckType::Ekyc => "DataMatch",
        CheckType::FraudDatabase => "FraudNet",
        CheckType::OnlineReputation => "MediaScan",
        CheckType::Document | CheckType::Custom => "Portal upload",
    }
}

/// The check as created: decisions start as `NEED_REVIEW` and are made by a reviewer, and
/// documents that expire do so during the review.
fn check_input(bp: &Blueprint, plan: &CheckPlan) -> CheckInput {
    let initial = match plan.target {
        CheckStatus::Approved | CheckStatus::Rejected | CheckStatus::Expired => {
            CheckStatus::NeedReview
        }
        other => other,
    };
    let expires_at = match plan.target {
        CheckStatus::Expired => Some(bp.at(T_CHECKS_DECIDED)),
        _ if plan.check_type == CheckType::IdDocument => {
            Some(bp.created + Duration::days(365 * (3 + (bp.index % 5) as i64)))
        }
        _ => None,
    };
    CheckInput {
        check_type: plan.check_type,
        label: Some(plan.label.clone()),
        status: Some(initial),
        subject_company_id: None,
        subject_individual_id: None,
        subject_ref: plan.subject.map(str::to_owned),
        is_deactivated: plan.deactivated,
        data: Some(Json(json!({ "provider": provider(plan.check_type) }))),
        expires_at,
        aml_hits: plan
            .hits
            .iter()
            .enumerate()
            .map(|(k, h)| AmlHitInput {
                name: h.name.clone(),
                list_types: h.lists.clone(),
                score: Some(h.score),
                status: None,
                provider_ref: Some(format!("CW-{:06}", 100_000 + bp.index * 1_000 + k)),
                data: Some(Json(
                    json!({ "matchedOn": "name", "source": "ComplyWatch" }),
                )),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// The case as created.
// ---------------------------------------------------------------------------------------

fn case_name(bp: &Blueprint, cast: &Cast) -> String {
    let lead = cast.lead();
    match bp.kind {
        CaseType::Kyb => format!("{lead} — onboarding"),
        CaseType::Kyc => format!("{lead} — account opening"),
        CaseType::Aml => format!("AML alert — {lead}"),
        CaseType::Sanctions => format!("Sanctions match — {lead}"),
        CaseType::Pep => format!("PEP review — {lead}"),
        CaseType::Fraud => format!("Fraud signal — {lead}"),
        CaseType::Verification => format!("Identity verification — {lead}"),
        CaseType::AdverseMedia => format!("Adverse media — {lead}"),
        CaseType::PeriodicReview => format!("Periodic review {} — {lead}", bp.created.year()),
        CaseType::TransactionReview => format!("Transaction review — {lead}"),
    }
}

fn description(kind: CaseType) -> &'static str {
    match kind {
        CaseType::Kyb => {
            "Onboarding of a new business customer: registry, ownership and screening."
        }
        CaseType::Kyc => "Account opening for a private customer.",
        CaseType::Aml => "Alert raised by ongoing AML screening.",
        CaseType::Sanctions => "Possible sanctions list match raised by the screening provider.",
        CaseType::Pep => "Enhanced due diligence on a politically exposed person.",
        CaseType::Fraud => "Fraud signals raised during onboarding.",
        CaseType::Verification => {
            "Identity verification failed automatically; manual check needed."
        }
        CaseType::AdverseMedia => "Negative news found by media monitoring.",
        CaseType::PeriodicReview => "Scheduled refresh of an existing customer's file.",
        CaseType::TransactionReview => "Review of an unusual incoming wire transfer.",
    }
}

fn priority(bp: &Blueprint) -> CasePriority {
    use CasePriority::*;
    match bp.kind {
        CaseType::Sanctions => Critical,
        CaseType::Pep | CaseType::Fraud => High,
        CaseType::Aml | CaseType::AdverseMedia | CaseType::TransactionReview => {
            [High, Medium][bp.index % 2]
        }
        CaseType::PeriodicReview => Low,
        _ => [Low, Medium, Medium, High][bp.index % 4],
    }
}

fn tags(bp: &Blueprint, cast: &Cast) -> Vec<String> {
    let process = match bp.kind {
        CaseType::Kyb | CaseType::Kyc => "onboarding",
        CaseType::Aml | CaseType::Sanctions | CaseType::Pep | CaseType::AdverseMedia => "screening",
        CaseType::PeriodicReview => "periodic-review",
        CaseType::Fraud => "fraud",
        CaseType::TransactionReview => "transaction-monitoring",
        CaseType::Verification => "identity",
    };
    let mut tags = vec![process, cast.country.region];
    tags.extend(cast.sector);
    if matches!(bp.kind, CaseType::Pep | CaseType::Sanctions) || bp.status == CaseStatus::Rejected {
        tags.push("edd");
    }
    if bp.index.is_multiple_of(9) {
        tags.push("vip");
    }
    tags.into_iter().map(str::to_owned).collect()
}

fn metadata(bp: &Blueprint, cast: &Cast) -> Value {
    let i = bp.index;
    let segment = match (cast.companies.is_empty(), cast.layered) {
        (true, _) => "Retail",
        (false, true) => "Corporate",
        (false, false) => "SME",
    };
    let mut meta = json!({
        "source": SOURCES[i % SOURCES.len()],
        "segment": segment,
        "accountManager": ACCOUNT_MANAGERS[i % ACCOUNT_MANAGERS.len()],
        "crmId": format!("CRM-{:06}", 104_000 + i * 173),
    });
    if bp.kind == CaseType::TransactionReview {
        meta["transactionId"] = json!(format!("TX-{:08}", 20_000_000 + i * 4_421));
        meta["amount"] = json!(format!("EUR {},000", 120 + (i * 37) % 800));
    }
    meta
}

fn case_input(bp: &Blueprint, cast: &Cast, plans: &[CheckPlan]) -> CreateCaseInput {
    CreateCaseInput {
        name: case_name(bp, cast),
        external_id: Some(external_id(bp.index)),
        description: Some(description(bp.kind).to_owned()),
        case_type: Some(bp.kind),
        priority: Some(priority(bp)),
        status: Some(if bp.status == CaseStatus::Draft {
            CaseStatus::Draft
        } else {
            CaseStatus::Open
        }),
        processing: Some(if bp.kind == CaseType::Aml {
            Processing::AmlOnly
        } else {
            Processing::Full
        }),
        tags: tags(bp, cast),
        metadata: Some(Json(metadata(bp, cast))),
        custom_properties: None,
        summary: None,
        related_case_ids: vec![],
        companies: cast.companies.clone(),
        individuals: cast.individuals.clone(),
        checks: plans.iter().map(|p| check_input(bp, p)).collect(),
    }
}

/// Custom property values: the expected yearly volume of worked cases, and the countries
/// of operation of main companies (some operate in a second country).
fn properties(bp: &Blueprint, cast: &Cast) -> Step {
    let i = bp.index;
    let volume = (bp.status != CaseStatus::Draft).then(|| {
        let thousands = if cast.companies.is_empty() {
            10 + (i * 37) % 190
        } else {
            250 + (i * 131) % 4_750
        };
        thousands as u64 * 1_000
    });
    let mut operations = vec![];
    if cast.companies.iter().any(|c| c.is_main) {
        operations.push(cast.country.code);
        if i % 2 == 1 {
            operations.push(COUNTRIES[(home(i) + 1 + i % 4) % COUNTRIES.len()].code);
        }
    }
    Step::Properties { volume, operations }
}

// ---------------------------------------------------------------------------------------
// Risks.
// ---------------------------------------------------------------------------------------

/// The level a score falls in.
fn level_of(score: f64) -> RiskLevel {
    match score {
        s if s < 25.0 => RiskLevel::Low,
        s if s < 50.0 => RiskLevel::Medium,
        s if s < 70.0 => RiskLevel::High,
        s if s < 85.0 => RiskLevel::Critical,
        _ => RiskLevel::Prohibited,
    }
}

/// One level up or down, between `LOW` and `PROHIBITED`.
fn step(level: RiskLevel, up: bool) -> RiskLevel {
    use RiskLevel::*;
    const SCALE: [RiskLevel; 5] = [Low, Medium, High, Critical, Prohibited];
    let pos = SCALE.iter().position(|l| *l == level).unwrap_or(0);
    let next = if up {
        (pos + 1).min(SCALE.len() - 1)
    } else {
        pos.saturating_sub(1)
    };
    SCALE[next]
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The case's risks: an automatic score once the case is worked, and for a third of them
/// a reviewer's manual override (down after due diligence on accepted customers, up
/// otherwise).
fn risk_plans(
    bp: &Blueprint,
    cast: &Cast,
) -> Option<(AutomaticRiskInput, Option<ManualRiskInput>)> {
    if bp.status == CaseStatus::Draft || (bp.status == CaseStatus::Open && bp.scenario == 0) {
        return None;
    }
    let base = match bp.kind {
        CaseType::Kyc => 20.0,
        CaseType::Verification => 25.0,
        CaseType::Kyb | CaseType::PeriodicReview => 30.0,
        CaseType::TransactionReview => 45.0,
        CaseType::Aml => 50.0,
        CaseType::AdverseMedia => 55.0,
        CaseType::Fraud => 65.0,
        CaseType::Pep => 70.0,
        CaseType::Sanctions => 80.0,
    };
    let jitter = (bp.index % 10) as f64;
    let score = round1(
        match bp.status {
            CaseStatus::Approved | CaseStatus::Closed => base * 0.6,
            CaseStatus::Rejected => base + 25.0,
            _ => base * 0.9,
        } + jitter,
    )
    .min(100.0);
    let automatic = AutomaticRiskInput {
        level: level_of(score),
        score: Some(score),
        components: Some(Json(json!({
            "geography": round1(score * 0.3),
            "industry": round1(score * 0.25),
            "screening": round1(score * 0.3),
            "channel": round1(score * 0.15),
        }))),
        flags: Some(Json(json!({
            "pep": bp.kind == CaseType::Pep,
            "sanctions": bp.kind == CaseType::Sanctions,
            "adverseMedia": bp.kind == CaseType::AdverseMedia,
            "complexOwnership": cast.layered,
            "remoteOnboarding": bp.index.is_multiple_of(2),
        }))),
    };
    if !bp.index.is_multiple_of(3) {
        return Some((automatic, None));
    }
    let accepted = matches!(bp.status, CaseStatus::Approved | CaseStatus::Closed);
    let manual = ManualRiskInput {
        level: step(automatic.level, !accepted),
        comment: Some(
            if accepted {
                "Lowered after enhanced due diligence: ownership and source of funds verified."
            } else {
                "Raised by the reviewer pending clarification of the screening results."
            }
            .to_owned(),
        ),
    };
    Some((automatic, Some(manual)))
}

// ---------------------------------------------------------------------------------------
// Notes and decisions.
// ---------------------------------------------------------------------------------------

/// The reviewer's first note, once the case is picked up.
fn kick_off(bp: &Blueprint, cast: &Cast) -> Step {
    let lead = cast.lead();
    let body = match bp.kind {
        CaseType::Kyb | CaseType::PeriodicReview => format!(
            "Kick-off call held with {}; documents requested through the portal.",
            cast.party("director")
                .or(cast.party("ubo"))
                .map_or(lead, |p| p.name.as_str())
        ),
        CaseType::TransactionReview => format!(
            "Wire flagged by transaction monitoring; asked {lead} for the underlying invoice."
        ),
        _ if bp.is_screening() => {
            format!("Screening alert on {lead} picked up; reviewing the list entries.")
        }
        _ => format!("Contacted {lead} to complete the remaining steps."),
    };
    Step::Note { check: None, body }
}

/// The note on a screening once its hits are decided (or left, on a closed case).
fn screening_note(plan: &CheckPlan, status: CaseStatus) -> Option<&'static str> {
    if plan.hits.is_empty() {
        return None;
    }
    let outcomes = || plan.hits.iter().map(|h| h.outcome);
    if outcomes().any(|o| o == AmlHitStatus::TruePositive) {
        Some("Confirmed match: date of birth and nationality agree with the list entry. Escalated to the MLRO.")
    } else if outcomes().any(|o| o == AmlHitStatus::FalsePositive) {
        Some("Hits discounted: date of birth and nationality differ from the subject.")
    } else if status == CaseStatus::Closed {
        Some("Screening superseded by the closure; check excluded from the AML status.")
    } else {
        None
    }
}

/// The reviewer's recommendation before the decision.
fn recommendation(bp: &Blueprint) -> Option<&'static str> {
    match (bp.status, bp.kind) {
        (CaseStatus::Approved, _) => Some("File complete; approval recommended."),
        (CaseStatus::Rejected, _) => Some("Recommend rejection; exit process to follow."),
        (CaseStatus::Closed, CaseType::PeriodicReview) => {
            Some("The customer is closing the account; no need to finish the review.")
        }
        (CaseStatus::Closed, _) => Some("The customer withdrew the application."),
        _ => None,
    }
}

/// The review that gives a decided case its final status.
fn decision(bp: &Blueprint) -> Option<(ReviewStatus, &'static str)> {
    match (bp.status, bp.kind) {
        (CaseStatus::Approved, CaseType::PeriodicReview) => Some((
            ReviewStatus::Approved,
            "Periodic review completed; no material change.",
        )),
        (CaseStatus::Approved, _) => Some((
            ReviewStatus::Approved,
            "All checks satisfied; customer accepted.",
        )),
        (CaseStatus::Rejected, _) => Some((
            ReviewStatus::Rejected,
            "Risk outside our appetite; relationship declined.",
        )),
        (CaseStatus::Closed, CaseType::PeriodicReview) => Some((
            ReviewStatus::Closed,
            "Relationship ended by the customer during the review.",
        )),
        (CaseStatus::Closed, _) => Some((
            ReviewStatus::Closed,
            "Application withdrawn by the customer.",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::now;

    fn plans() -> Vec<CasePlan> {
        let stamp = now();
        let settings = WorkspaceSettings::default();
        (0..CASES).map(|i| case(i, stamp, &settings)).collect()
    }

    #[test]
    fn every_case_is_created_first_and_lives_in_the_past() {
        let stamp = now();
        for (i, plan) in plans().iter().enumerate() {
            assert!(matches!(plan.events[0].step, Step::Create(_)), "case {i}");
            assert!(
                plan.events.windows(2).all(|w| w[0].at <= w[1].at),
                "case {i}"
            );
            assert!(plan.events.iter().all(|e| e.at < stamp), "case {i}");
        }
    }

    #[test]
    fn decided_cases_take_weeks_and_end_with_their_decision() {
        for plan in plans() {
            let (first, last) = (&plan.events[0], &plan.events[plan.events.len() - 1]);
            if let Step::Review(review) = &last.step {
                assert!(
                    last.at - first.at >= Duration::days(30),
                    "{}",
                    plan.external_id
                );
                assert!(review.comment.is_some());
            }
        }
        let decided = plans()
            .iter()
            .filter(|p| matches!(p.events.last().map(|e| &e.step), Some(Step::Review(_))))
            .count();
        // 15 approved, 5 rejected, 5 closed.
        assert_eq!(decided, 25);
    }

    #[test]
    fn the_seed_moment_is_found_again_from_a_creation_time() {
        let stamp = now();
        for i in 0..CASES {
            let created = Blueprint::new(i, stamp).created;
            assert_eq!(stamp_of(i, created), stamp);
        }
    }

    #[test]
    fn periodic_reviews_come_due_when_scheduled() {
        for plan in plans() {
            let reviews: Vec<&Event> = plan
                .events
                .iter()
                .filter(|e| matches!(e.step, Step::Review(_) | Step::Reopen(_)))
                .collect();
            if let Some(Event {
                step: Step::Review(first),
                ..
            }) = reviews.first()
            {
                if let (MaybeUndefined::Value(due), Some(reopen)) =
                    (&first.next_review_at, reviews.get(1))
                {
                    if matches!(reopen.step, Step::Reopen(_)) {
                        assert_eq!(*due, reopen.at, "{}", plan.external_id);
                    }
                }
            }
        }
    }
}
