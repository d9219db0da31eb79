//! Demo data for `serve --demo`: a workspace of realistic cases.
//!
//! Everything is deterministic: names, countries, shares and outcomes are picked from fixed
//! lists by index arithmetic. Each case is first planned in memory (a [`Blueprint`], its
//! [`Cast`] of companies and people, its checks), then built through the services only, as
//! the API would have built it: created with its graph and given custom property values by
//! the seeding admin, scored by the risk engine integration, its checks and AML hits decided,
//! annotated, risk-rated, assigned and reviewed by one of three demo reviewers, so flags,
//! AML positivity, current risks and the audit trail are what real use produces. Last, the
//! case's rows are backdated along its own timeline, spread over the past eighteen months.
//! Audit events keep the time they were really written: the trail is append-only.

use async_graphql::{Json, MaybeUndefined, ID};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use entity::{aml_hit, audit_event, case_review, company, individual, relation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::case::{self, CreateCaseInput};
use super::check::{self, AmlHitDecisionInput, AmlHitInput, CheckDecision, CheckInput};
use super::custom_property::{self, DefineCustomPropertyInput};
use super::load::{self, CaseChecks, CaseCompanies, CheckAmlHits};
use super::party::{AddressInput, CompanyInput, IndividualInput, RelationInput};
use super::review::{self, CaseReviewInput};
use super::risk::{self, AutomaticRiskInput, ManualRiskInput};
use super::{identity, note, now, workspace, Session};
use crate::auth::{Claims, Principal};
use crate::domain::custom_property::{PropertyTarget, PropertyType};
use crate::domain::schedule::add_months;
use crate::domain::settings::ReviewIntervals;
use crate::domain::{
    AmlHitStatus, AmlListType, CasePriority, CaseStatus, CaseType, CheckStatus, CheckType, Gender,
    Processing, RelationRole, ReviewStatus, RiskLevel, RiskMode, Role, Title,
};
use crate::error::{AppError, AppResult};

/// The demo workspace id.
pub const WORKSPACE: &str = "demo";

/// How many cases the demo workspace holds.
const CASES: usize = 50;

/// The subject that creates the cases (an admin).
const SEEDER: (&str, &str) = ("demo-seed", "Demo data loader");

/// The scoring integration that pushes automatic risks.
const RISK_ENGINE: (&str, &str) = ("risk-engine", "Risk scoring engine");

/// The demo reviewers: subject and display name.
const REVIEWERS: [(&str, &str); 3] = [
    ("alice.reviewer", "Alice Moreau"),
    ("bruno.reviewer", "Bruno Keller"),
    ("chen.reviewer", "Chen Wei"),
];

// ---------------------------------------------------------------------------------------
// Fixed lists the demo is drawn from.
// ---------------------------------------------------------------------------------------

/// A country the demo's companies and people live in.
struct Country {
    code: &'static str,
    legal_form: &'static str,
    /// A mobile number prefix (calling code first, without the `+`) and how many digits
    /// follow it, so that generated numbers are valid for the country.
    phone: (&'static str, u32),
    town: &'static str,
    street: &'static str,
    postcode: &'static str,
    /// The region tag of cases based there.
    region: &'static str,
}

const COUNTRIES: [Country; 10] = [
    Country {
        code: "FR",
        legal_form: "SAS",
        phone: ("336", 8),
        town: "Paris",
        street: "Rue de Rivoli",
        postcode: "75001",
        region: "eu",
    },
    Country {
        code: "DE",
        legal_form: "GmbH",
        phone: ("49170", 7),
        town: "Berlin",
        street: "Friedrichstraße",
        postcode: "10117",
        region: "eu",
    },
    Country {
        code: "GB",
        legal_form: "Ltd",
        phone: ("4477", 8),
        town: "London",
        street: "Baker Street",
        postcode: "NW1 6XE",
        region: "uk",
    },
    Country {
        code: "NL",
        legal_form: "B.V.",
        phone: ("3161", 7),
        town: "Amsterdam",
        street: "Keizersgracht",
        postcode: "1015 CJ",
        region: "eu",
    },
    Country {
        code: "ES",
        legal_form: "S.L.",
        phone: ("346", 8),
        town: "Madrid",
        street: "Calle de Alcalá",
        postcode: "28014",
        region: "eu",
    },
    Country {
        code: "IT",
        legal_form: "S.r.l.",
        phone: ("3934", 8),
        town: "Milano",
        street: "Via Torino",
        postcode: "20123",
        region: "eu",
    },
    Country {
        code: "LU",
        legal_form: "S.A.",
        phone: ("352691", 6),
        town: "Luxembourg",
        street: "Boulevard Royal",
        postcode: "L-2449",
        region: "eu",
    },
    Country {
        code: "IE",
        legal_form: "Limited",
        phone: ("35387", 7),
        town: "Dublin",
        street: "Grafton Street",
        postcode: "D02 VF65",
        region: "eu",
    },
    Country {
        code: "CH",
        legal_form: "AG",
        phone: ("4179", 7),
        town: "Zürich",
        street: "Bahnhofstrasse",
        postcode: "8001",
        region: "ch",
    },
    Country {
        code: "US",
        legal_form: "Inc.",
        phone: ("12122", 6),
        town: "New York",
        street: "Madison Avenue",
        postcode: "10022",
        region: "us",
    },
];

/// Where holding companies are registered (indices into [`COUNTRIES`]): LU, NL, IE, CH.
const HOLDING_HOMES: [usize; 4] = [6, 3, 7, 8];

/// Outside investors: name (with legal form) and home (index into [`COUNTRIES`]).
const INVESTORS: [(&str, usize); 6] = [
    ("Northstar Ventures LP", 2),
    ("Alpine Growth Partners AG", 8),
    ("Rhine Capital GmbH", 1),
    ("Blue Harbor Fund SCSp", 6),
    ("Seine Partenaires SAS", 0),
    ("Atlantic Bridge Capital Inc.", 9),
];

const BRANDS: [&str; 20] = [
    "Northwind",
    "Bluefin",
    "Helios",
    "Aurora",
    "Cobalt",
    "Meridian",
    "Silverline",
    "Oakridge",
    "Quantum",
    "Lumen",
    "Harbor",
    "Verdant",
    "Atlas",
    "Pioneer",
    "Crescent",
    "Summit",
    "Falcon",
    "Granite",
    "Nimbus",
    "Orchid",
];

/// Business lines: the word in the company name and the sector tag.
const SECTORS: [(&str, &str); 12] = [
    ("Payments", "fintech"),
    ("Logistics", "logistics"),
    ("Capital", "financial-services"),
    ("Foods", "retail"),
    ("Biotech", "life-sciences"),
    ("Energy", "energy"),
    ("Software", "technology"),
    ("Textiles", "manufacturing"),
    ("Shipping", "logistics"),
    ("Trading", "commodities"),
    ("Realty", "real-estate"),
    ("Games", "gaming"),
];

const FEMALE_NAMES: [&str; 15] = [
    "Amelia", "Sofia", "Claire", "Hannah", "Isabel", "Julia", "Lena", "Maria", "Nora", "Olivia",
    "Paula", "Sara", "Elena", "Ingrid", "Chloe",
];

const MALE_NAMES: [&str; 15] = [
    "Lucas", "Daniel", "Marco", "Thomas", "Jonas", "Pierre", "Hugo", "Mateo", "Viktor", "Samuel",
    "Felix", "Oliver", "Anders", "Ravi", "Kenji",
];

const LAST_NAMES: [&str; 25] = [
    "Martin",
    "Schneider",
    "Rossi",
    "Dubois",
    "Novak",
    "Jensen",
    "Garcia",
    "Bianchi",
    "Fischer",
    "Laurent",
    "Kowalski",
    "van Dijk",
    "O'Brien",
    "Silva",
    "Moreau",
    "Weber",
    "Costa",
    "Lindqvist",
    "Petrov",
    "Nakamura",
    "Haddad",
    "Murphy",
    "Keller",
    "Romano",
    "Andersen",
];

const SOURCES: [&str; 4] = ["web-onboarding", "partner-api", "branch", "screening-feed"];

const ACCOUNT_MANAGERS: [&str; 5] = [
    "Julie Bernard",
    "Tom Walsh",
    "Greta Hoffmann",
    "Luis Ortega",
    "Priya Nair",
];

/// Final statuses, cycled over the cases: 20 open, 15 approved, 5 of each other status.
const STATUS_CYCLE: [CaseStatus; 10] = [
    CaseStatus::Open,
    CaseStatus::Open,
    CaseStatus::Approved,
    CaseStatus::Open,
    CaseStatus::Draft,
    CaseStatus::Approved,
    CaseStatus::Rejected,
    CaseStatus::Open,
    CaseStatus::Closed,
    CaseStatus::Approved,
];

/// Case types, cycled over the cases of each status (see [`Blueprint::new`]).
const KIND_CYCLE: [CaseType; 13] = [
    CaseType::Kyb,
    CaseType::Kyc,
    CaseType::Kyb,
    CaseType::Aml,
    CaseType::Kyc,
    CaseType::Pep,
    CaseType::Kyb,
    CaseType::Sanctions,
    CaseType::PeriodicReview,
    CaseType::Verification,
    CaseType::AdverseMedia,
    CaseType::Fraud,
    CaseType::TransactionReview,
];

// Points of a case's timeline, as fractions of the time from its creation to now.
const T_SCREENING: f64 = 0.02;
const T_AUTOMATIC_RISK: f64 = 0.08;
const T_HITS_DECIDED: f64 = 0.25;
const T_CHECKS_DECIDED: f64 = 0.35;
const T_MANUAL_RISK: f64 = 0.45;
const T_DECISION: f64 = 0.7;
const T_LAST_ACTIVITY: f64 = 0.9;

// ---------------------------------------------------------------------------------------
// Seeding.
// ---------------------------------------------------------------------------------------

/// How to start the demo over, for the logs.
const RESET_HINT: &str = "to seed the demo again, stop the server, delete the SQLite database \
    file (or drop the PostgreSQL database) and start it again with --demo";

/// Seeds the demo workspace, unless it has cases already. Returns its live case count.
///
/// Cases are built one after another, each completely, and the last write of each is its
/// backdating: the seed is complete once the last demo case is backdated. A workspace with
/// cases that is not complete was left by a run that failed partway (or holds other
/// cases): it is left as it is, with a warning saying how to start over.
pub async fn seed(db: &DatabaseConnection) -> AppResult<u64> {
    match seeded(db).await? {
        Seeded::Fully => {}
        Seeded::Partly => tracing::warn!(
            workspace = WORKSPACE,
            "the demo workspace is incomplete (an earlier seed stopped partway, or it holds \
             other cases) and is left as it is; {RESET_HINT}"
        ),
        Seeded::No => {
            let crew = Crew::enlist(db).await?;
            define_properties(&crew.seeder).await?;
            let stamp = now();
            for index in 0..CASES {
                if let Err(e) = build(&crew, &Blueprint::new(index, stamp)).await {
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
enum Seeded {
    No,
    Partly,
    Fully,
}

/// Not at all when the workspace never had a case; fully when the last demo case was
/// backdated (to before its first audit event, which keeps the time it was written);
/// partly otherwise.
async fn seeded(db: &DatabaseConnection) -> AppResult<Seeded> {
    use entity::case::{Column, Entity};
    let in_demo = || Entity::find().filter(Column::WorkspaceId.eq(WORKSPACE));
    if in_demo().count(db).await? == 0 {
        return Ok(Seeded::No);
    }
    let last = in_demo()
        .filter(Column::ExternalId.eq(external_id(CASES - 1)))
        .order_by_asc(Column::CreatedAt)
        .one(db)
        .await?;
    let Some(last) = last else {
        return Ok(Seeded::Partly);
    };
    let first_event = audit_event::Entity::find()
        .filter(audit_event::Column::WorkspaceId.eq(WORKSPACE))
        .filter(audit_event::Column::CaseId.eq(last.id))
        .order_by_asc(audit_event::Column::Seq)
        .one(db)
        .await?;
    // Backdating moves every demo case at least a day before the seed ran.
    let backdated = first_event.is_some_and(|e| last.created_at < e.at - Duration::hours(1));
    Ok(if backdated {
        Seeded::Fully
    } else {
        Seeded::Partly
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

    fn reviewer(&self, index: usize) -> &Session {
        &self.reviewers[index % self.reviewers.len()]
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
    Ok(Session {
        db: db.clone(),
        principal: Principal {
            workspace_id: WORKSPACE.to_owned(),
            subject: subject.to_owned(),
            user_id,
            role,
        },
        request_id: "demo-seed".to_owned(),
    })
}

/// Builds one case: created with its graph and custom property values, then decided,
/// scored, annotated, assigned, reviewed, and backdated.
async fn build(crew: &Crew, bp: &Blueprint) -> AppResult<()> {
    let cast = Cast::of(bp);
    let plans = check_plans(bp, &cast);
    let created = case::create(&crew.seeder, &case_input(bp, &cast, &plans)).await?;
    set_properties(&crew.seeder, bp, &cast, created.id).await?;
    let reviewer = crew.reviewer(bp.reviewer);
    let checks = decide_checks(reviewer, bp, created.id, &plans).await?;
    let level = set_risks(crew, bp, &cast, created.id).await?;
    let notes = write_notes(reviewer, created.id, note_plans(bp, &cast, &checks)).await?;
    if bp.is_assigned() {
        let user = ID::from(reviewer.principal.user_id.to_string());
        review::assign(&crew.seeder, created.id, Some(&user), None).await?;
    }
    decide_case(reviewer, bp, created.id, level).await?;
    backdate(&crew.seeder, bp, created.id, &notes).await
}

// ---------------------------------------------------------------------------------------
// The plan of a case.
// ---------------------------------------------------------------------------------------

/// What is decided about one case before anything is written.
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
    /// From creation to now.
    span: Duration,
}

impl Blueprint {
    /// The plan of case number `index`. Its status comes from [`STATUS_CYCLE`]; its type
    /// from [`KIND_CYCLE`], counted among the cases of the same status (from an offset per
    /// status), so that every status meets a spread of types: rejections land on screening
    /// cases, closures on the smaller case types.
    fn new(index: usize, stamp: DateTime<Utc>) -> Self {
        let cycle = STATUS_CYCLE.len();
        let status = STATUS_CYCLE[index % cycle];
        let same = |s: &&CaseStatus| **s == status;
        let rank = (index / cycle) * STATUS_CYCLE.iter().filter(same).count()
            + STATUS_CYCLE[..index % cycle].iter().filter(same).count();
        let offset = match status {
            CaseStatus::Rejected => 3,
            CaseStatus::Closed => 8,
            _ => 0,
        };
        // Drafts and open cases are recent; decided ones go back up to eighteen months.
        let age_days = match status {
            CaseStatus::Draft => 1 + (index * 3) % 20,
            CaseStatus::Open => 3 + (index * 7) % 120,
            _ => 45 + (index * 37) % 495,
        };
        let created = stamp
            - Duration::days(age_days as i64)
            - Duration::minutes(((index * 97) % 600) as i64);
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

    /// The point of the timeline at `fraction` of the way from creation to now.
    fn at(&self, fraction: f64) -> DateTime<Utc> {
        self.created + Duration::seconds((self.span.num_seconds() as f64 * fraction) as i64)
    }

    /// Open periodic reviews were approved once, then reopened.
    fn is_reopened(&self) -> bool {
        self.status == CaseStatus::Open && self.kind == CaseType::PeriodicReview
    }

    /// Months to the next periodic review after an approval: a quarter of the approvals
    /// put the customer under a three-month watch (the oldest of those are overdue now,
    /// the others due soon), the others follow the workspace's interval for the risk level.
    fn review_months(&self, intervals: &ReviewIntervals, level: RiskLevel) -> Option<u32> {
        if self.index % 4 == 1 {
            Some(3)
        } else {
            intervals.for_level(level)
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

/// A company or person of a case, as checks, hits and notes refer to it.
struct Party {
    reference: &'static str,
    name: String,
    /// How a screening list might spell it.
    alias: String,
    is_company: bool,
}

/// A case's companies and people, ready to create, and who they are.
struct Cast {
    companies: Vec<CompanyInput>,
    individuals: Vec<IndividualInput>,
    /// Most important first: the main company (or the person) leads.
    parties: Vec<Party>,
    country: &'static Country,
    /// The sector tag (businesses only).
    sector: Option<&'static str>,
    /// Whether a holding sits between the owners and the main company.
    layered: bool,
}

/// A person of the demo, derived from a global person number.
struct Person {
    first: &'static str,
    last: &'static str,
    gender: Gender,
    title: Title,
    birth: Option<NaiveDate>,
    home: &'static Country,
    number: usize,
}

impl Person {
    /// Person `number` (from 0), living in country `home` (an index into [`COUNTRIES`]).
    fn new(number: usize, home: usize) -> Self {
        // Counted from 1 inside, so that nobody gets the all-zero birth date or phone number.
        let number = number + 1;
        let female = (number + number / 4).is_multiple_of(2);
        let first = if female {
            FEMALE_NAMES[(number * 7) % FEMALE_NAMES.len()]
        } else {
            MALE_NAMES[(number * 7) % MALE_NAMES.len()]
        };
        let title = match (female, number % 3) {
            (_, 2) => Title::Dr,
            (true, 0) => Title::Ms,
            (true, _) => Title::Mrs,
            (false, _) => Title::Mr,
        };
        Person {
            first,
            last: LAST_NAMES[(number * 11) % LAST_NAMES.len()],
            gender: if female { Gender::Female } else { Gender::Male },
            title,
            birth: NaiveDate::from_ymd_opt(
                1950 + ((number * 7) % 52) as i32,
                1 + ((number * 5) % 12) as u32,
                1 + ((number * 11) % 28) as u32,
            ),
            home: &COUNTRIES[home % COUNTRIES.len()],
            number,
        }
    }

    fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    fn party(&self, reference: &'static str) -> Party {
        Party {
            reference,
            name: self.name(),
            alias: format!(
                "{}. {}",
                self.first.chars().next().unwrap_or('X'),
                self.last
            ),
            is_company: false,
        }
    }

    /// The individual to create, with its relations.
    fn input(
        &self,
        reference: &'static str,
        relations: Vec<RelationInput>,
        is_business_contact: bool,
        is_beneficial_owner: bool,
    ) -> IndividualInput {
        let email = format!("{}.{}@mail.example", slug(self.first), slug(self.last));
        IndividualInput {
            reference: Some(reference.to_owned()),
            title: Some(self.title),
            first_name: self.first.to_owned(),
            last_name: self.last.to_owned(),
            maiden_name: None,
            birth_date: self.birth,
            birth_year: None,
            birth_month: None,
            birth_day: None,
            gender: Some(self.gender),
            nationality: Some(self.home.code.to_owned()),
            emails: vec![email],
            phone_numbers: vec![{
                let (prefix, digits) = self.home.phone;
                let subscriber = (self.number * 7_919 + 1_234_567) % 10usize.pow(digits);
                format!("+{prefix}{subscriber:0width$}", width = digits as usize)
            }],
            address: Some(address(self.home, 1 + (self.number * 13) % 180)),
            is_business_contact,
            is_beneficial_owner,
            metadata: None,
            custom_properties: None,
            relations,
        }
    }
}

/// The country index of case `i`'s customer. It shifts every ten cases, so that a brand
/// (which comes back every twenty) does not always come with the same country.
fn home(i: usize) -> usize {
    i + i / 10
}

/// Lower-case ASCII letters and digits only (for e-mail addresses).
fn slug(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn address(country: &Country, number: usize) -> AddressInput {
    AddressInput {
        line1: Some(number.to_string()),
        line2: None,
        line3: None,
        line4: Some(country.street.to_owned()),
        line5: None,
        line6: Some(country.town.to_owned()),
        line7: None,
        postcode: Some(country.postcode.to_owned()),
        country: Some(country.code.to_owned()),
    }
}

/// A relation to a company of the case (`None`: the main company).
fn relation_to(
    to: Option<&str>,
    ownership: Option<f64>,
    roles: &[RelationRole],
    position: Option<&str>,
) -> RelationInput {
    RelationInput {
        to_company_id: None,
        to_company_ref: to.map(str::to_owned),
        ownership_percentage: ownership,
        voting_rights_percentage: ownership,
        roles: roles.to_vec(),
        position: position.map(str::to_owned),
    }
}

/// A company to create.
fn company_input(
    reference: &'static str,
    name: &str,
    country: &Country,
    number: usize,
    is_main: bool,
    relations: Vec<RelationInput>,
) -> CompanyInput {
    CompanyInput {
        reference: Some(reference.to_owned()),
        name: name.to_owned(),
        registration_number: Some(format!(
            "{}{:09}",
            country.code,
            (number * 7_654_321) % 1_000_000_000
        )),
        country: Some(country.code.to_owned()),
        legal_form: Some(country.legal_form.to_owned()),
        address: Some(address(country, 1 + (number * 17) % 120)),
        is_main,
        metadata: None,
        custom_properties: None,
        relations,
    }
}

fn company_party(reference: &'static str, name: &str) -> Party {
    let brand = name.split_whitespace().next().unwrap_or(name);
    Party {
        reference,
        name: name.to_owned(),
        alias: format!("{brand} Group"),
        is_company: true,
    }
}

impl Cast {
    fn of(bp: &Blueprint) -> Self {
        match (bp.is_business(), bp.kind) {
            (true, CaseType::Kyb | CaseType::PeriodicReview) => Cast::group(bp.index),
            (true, _) => Cast::owner_managed(bp.index),
            (false, _) => Cast::person(bp.index),
        }
    }

    fn main_name(i: usize, country: &Country) -> (String, &'static str, &'static str) {
        let brand = BRANDS[(i * 7) % BRANDS.len()];
        let (line, sector) = SECTORS[(i * 5) % SECTORS.len()];
        (
            format!("{brand} {line} {}", country.legal_form),
            brand,
            sector,
        )
    }

    /// A group: main company owned by a holding (itself owned by two people, one of whom
    /// also holds shares directly), sometimes an outside investor, and a managing director.
    /// Direct ownership of the main company stays at most 98%, of the holding exactly 100%.
    fn group(i: usize) -> Self {
        let country = &COUNTRIES[home(i) % COUNTRIES.len()];
        let (main, brand, sector) = Cast::main_name(i, country);
        let holding_home = &COUNTRIES[HOLDING_HOMES[(i / 3) % HOLDING_HOMES.len()]];
        let holding = format!("{brand} Holding {}", holding_home.legal_form);
        let holding_share = (51 + (i * 7) % 20) as f64;
        let ubo_share = (60 + (i * 3) % 21) as f64;
        let partner_direct = (10 + (i % 3) * 5) as f64;
        let [ubo, partner, director] = [0, 1, 2].map(|k| Person::new(i * 4 + k, home(i) + k * 3));

        let mut companies = vec![
            company_input("main", &main, country, i * 3, true, vec![]),
            company_input(
                "holding",
                &holding,
                holding_home,
                i * 3 + 1,
                false,
                vec![relation_to(
                    None,
                    Some(holding_share),
                    &[RelationRole::Shareholder],
                    None,
                )],
            ),
        ];
        let mut parties = vec![
            company_party("main", &main),
            ubo.party("ubo"),
            company_party("holding", &holding),
            director.party("director"),
            partner.party("partner"),
        ];
        if i.is_multiple_of(3) {
            let (name, home) = INVESTORS[(i / 3) % INVESTORS.len()];
            companies.push(company_input(
                "investor",
                name,
                &COUNTRIES[home],
                i * 3 + 2,
                false,
                vec![relation_to(
                    None,
                    Some(8.0),
                    &[RelationRole::Shareholder],
                    None,
                )],
            ));
            parties.push(company_party("investor", name));
        }
        let individuals = vec![
            ubo.input(
                "ubo",
                vec![relation_to(
                    Some("holding"),
                    Some(ubo_share),
                    &[RelationRole::Shareholder, RelationRole::BeneficialOwner],
                    Some("Founder"),
                )],
                false,
                true,
            ),
            partner.input(
                "partner",
                vec![
                    relation_to(
                        Some("holding"),
                        Some(100.0 - ubo_share),
                        &[RelationRole::Shareholder],
                        None,
                    ),
                    relation_to(
                        None,
                        Some(partner_direct),
                        &[RelationRole::Shareholder],
                        None,
                    ),
                ],
                false,
                false,
            ),
            director.input(
                "director",
                vec![relation_to(
                    None,
                    None,
                    &[RelationRole::Director, RelationRole::LegalRepresentative],
                    Some(if i.is_multiple_of(2) {
                        "Managing Director"
                    } else {
                        "Chief Executive Officer"
                    }),
                )],
                true,
                false,
            ),
        ];
        Cast {
            companies,
            individuals,
            parties,
            country,
            sector: Some(sector),
            layered: true,
        }
    }

    /// A company wholly owned and run by its founder.
    fn owner_managed(i: usize) -> Self {
        let country = &COUNTRIES[home(i) % COUNTRIES.len()];
        let (main, _, sector) = Cast::main_name(i, country);
        let owner = Person::new(i * 4, home(i));
        Cast {
            companies: vec![company_input("main", &main, country, i * 3, true, vec![])],
            individuals: vec![owner.input(
                "owner",
                vec![relation_to(
                    None,
                    Some(100.0),
                    &[
                        RelationRole::Shareholder,
                        RelationRole::BeneficialOwner,
                        RelationRole::Director,
                    ],
                    Some("Founder & CEO"),
                )],
                true,
                true,
            )],
            parties: vec![company_party("main", &main), owner.party("owner")],
            country,
            sector: Some(sector),
            layered: false,
        }
    }

    /// A private person.
    fn person(i: usize) -> Self {
        let subject = Person::new(i * 4, home(i));
        let country = subject.home;
        Cast {
            companies: vec![],
            individuals: vec![subject.input("subject", vec![], false, false)],
            parties: vec![subject.party("subject")],
            country,
            sector: None,
            layered: false,
        }
    }

    fn party(&self, reference: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.reference == reference)
    }

    /// Who the case is about: the main company or the person.
    fn lead(&self) -> &str {
        self.parties.first().map_or("", |p| p.name.as_str())
    }
}

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

/// The check as created: decisions start as `NEED_REVIEW` and are made by a reviewer.
fn check_input(bp: &Blueprint, plan: &CheckPlan) -> CheckInput {
    let initial = match plan.target {
        CheckStatus::Approved | CheckStatus::Rejected => CheckStatus::NeedReview,
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
        case_type: bp.kind,
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

/// The external id of case number `index`: `DEMO-0001` for the first.
fn external_id(index: usize) -> String {
    format!("DEMO-{:04}", index + 1)
}

// ---------------------------------------------------------------------------------------
// Custom properties.
// ---------------------------------------------------------------------------------------

/// The expected yearly volume of a case (an amount in euros).
const VOLUME: &str = "expected_annual_volume";

/// The countries a company operates in.
const OPERATIONS: &str = "operating_countries";

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

/// Sets custom property values as the admin: the expected volume of worked cases, and the
/// countries of operation of main companies (some operate in a second country).
async fn set_properties(s: &Session, bp: &Blueprint, cast: &Cast, case_id: Uuid) -> AppResult<()> {
    let i = bp.index;
    if bp.status != CaseStatus::Draft {
        let thousands = if cast.companies.is_empty() {
            10 + (i * 37) % 190
        } else {
            250 + (i * 131) % 4_750
        };
        let values = json!({ VOLUME: thousands * 1_000 });
        custom_property::set_values(s, PropertyTarget::Case, case_id, &values, None).await?;
    }
    let companies = load::children::<CaseCompanies>(s, &[case_id])
        .await?
        .remove(&case_id);
    if let Some(main) = companies.iter().flatten().find(|c| c.is_main) {
        let mut countries = vec![cast.country.code];
        if i % 2 == 1 {
            let other = &COUNTRIES[(home(i) + 1 + i % 4) % COUNTRIES.len()];
            countries.push(other.code);
        }
        let values = json!({ OPERATIONS: countries });
        custom_property::set_values(s, PropertyTarget::Company, main.id, &values, None).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Decisions on checks and hits.
// ---------------------------------------------------------------------------------------

/// A created check and its plan.
struct Placed<'a> {
    plan: &'a CheckPlan,
    id: Uuid,
}

/// Decides the case's hits and checks as the reviewer, and excludes the AML checks of
/// closed cases. Returns each plan with its stored check.
async fn decide_checks<'a>(
    s: &Session,
    bp: &Blueprint,
    case_id: Uuid,
    plans: &'a [CheckPlan],
) -> AppResult<Vec<Placed<'a>>> {
    let stored = load::children::<CaseChecks>(s, &[case_id])
        .await?
        .remove(&case_id);
    let mut placed = Vec::with_capacity(plans.len());
    for plan in plans {
        let id = stored
            .iter()
            .flatten()
            .find(|c| c.label == plan.label)
            .map(|c| c.id)
            .ok_or_else(|| AppError::internal(format!("demo check {:?} not stored", plan.label)))?;
        decide_hits(s, id, &plan.hits).await?;
        let decision = match plan.target {
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
        if let Some((decision, comment)) = decision {
            check::review_check(s, id, decision, Some(comment), None).await?;
        }
        if bp.status == CaseStatus::Closed && !plan.hits.is_empty() {
            check::set_excluded(s, id, true, None).await?;
        }
        placed.push(Placed { plan, id });
    }
    Ok(placed)
}

/// Records the planned decisions on a check's hits (undecided ones stay potential matches).
async fn decide_hits(s: &Session, check_id: Uuid, plans: &[HitPlan]) -> AppResult<()> {
    if plans
        .iter()
        .all(|h| h.outcome == AmlHitStatus::PotentialMatch)
    {
        return Ok(());
    }
    let stored = load::children::<CheckAmlHits>(s, &[check_id])
        .await?
        .remove(&check_id);
    let decisions: Vec<AmlHitDecisionInput> = stored
        .iter()
        .flatten()
        .filter_map(|hit| {
            let plan = plans.iter().find(|h| h.name == hit.name)?;
            (plan.outcome != AmlHitStatus::PotentialMatch).then(|| AmlHitDecisionInput {
                hit_id: ID::from(hit.id.to_string()),
                status: plan.outcome,
            })
        })
        .collect();
    if !decisions.is_empty() {
        check::review_aml_hits(s, check_id, &decisions, None).await?;
    }
    Ok(())
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

/// Records the case's risks through the risk service: the automatic score as the scoring
/// integration (current at first), then any manual override as the reviewer (current from
/// then on). Returns the current level.
async fn set_risks(
    crew: &Crew,
    bp: &Blueprint,
    cast: &Cast,
    case_id: Uuid,
) -> AppResult<RiskLevel> {
    let Some((automatic, manual)) = risk_plans(bp, cast) else {
        return Ok(RiskLevel::NotDefined);
    };
    risk::push_automatic(&crew.engine, case_id, &automatic, None).await?;
    let Some(manual) = manual else {
        return Ok(automatic.level);
    };
    risk::set_manual(crew.reviewer(bp.reviewer), case_id, &manual, None).await?;
    Ok(manual.level)
}

// ---------------------------------------------------------------------------------------
// Notes.
// ---------------------------------------------------------------------------------------

/// One note to write.
struct NotePlan {
    check_id: Option<Uuid>,
    body: String,
    at: DateTime<Utc>,
}

/// The reviewer's notes: a kick-off note, one on each check sent back, one on the screening
/// decision, and a closing recommendation on decided cases.
fn note_plans(bp: &Blueprint, cast: &Cast, checks: &[Placed<'_>]) -> Vec<NotePlan> {
    if bp.status == CaseStatus::Draft {
        return vec![];
    }
    let lead = cast.lead();
    let mut notes = vec![NotePlan {
        check_id: None,
        body: match bp.kind {
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
        },
        at: bp.at(0.15),
    }];
    for placed in checks {
        let body = match placed.plan.target {
            CheckStatus::Rejected => {
                "Rejected: the copy is cropped and the expiry date is unreadable. New copy requested."
            }
            CheckStatus::Expired => "Expired during the review; a renewed document is needed.",
            _ => continue,
        };
        notes.push(NotePlan {
            check_id: Some(placed.id),
            body: body.to_owned(),
            at: bp.at(0.4),
        });
    }
    if let Some(screened) = checks.iter().find(|c| !c.plan.hits.is_empty()) {
        let outcomes = screened.plan.hits.iter().map(|h| h.outcome);
        let body = if outcomes.clone().any(|o| o == AmlHitStatus::TruePositive) {
            Some("Confirmed match: date of birth and nationality agree with the list entry. Escalated to the MLRO.")
        } else if outcomes.clone().any(|o| o == AmlHitStatus::FalsePositive) {
            Some("Hits discounted: date of birth and nationality differ from the subject.")
        } else if bp.status == CaseStatus::Closed {
            Some("Screening superseded by the closure; check excluded from the AML status.")
        } else {
            None
        };
        notes.extend(body.map(|body| NotePlan {
            check_id: Some(screened.id),
            body: body.to_owned(),
            at: bp.at(T_HITS_DECIDED),
        }));
    }
    let closing = match bp.status {
        CaseStatus::Approved => Some("File complete; approval recommended."),
        CaseStatus::Rejected => Some("Recommend rejection; exit process to follow."),
        CaseStatus::Closed => Some("The customer withdrew the application."),
        _ => None,
    };
    notes.extend(closing.map(|body| NotePlan {
        check_id: None,
        body: body.to_owned(),
        at: bp.at(T_DECISION - 0.05),
    }));
    notes
}

/// Writes the notes through the note service, as the reviewer. Returns each note's id and
/// the moment it belongs to, for backdating.
async fn write_notes(
    s: &Session,
    case_id: Uuid,
    plans: Vec<NotePlan>,
) -> AppResult<Vec<(Uuid, DateTime<Utc>)>> {
    let mut written = Vec::with_capacity(plans.len());
    for plan in plans {
        let check_id = plan.check_id.map(|id| ID::from(id.to_string()));
        let stored = note::add(s, case_id, check_id.as_ref(), &plan.body).await?;
        written.push((stored.id, plan.at));
    }
    Ok(written)
}

// ---------------------------------------------------------------------------------------
// Case reviews.
// ---------------------------------------------------------------------------------------

/// The case reviews that lead to the final status, with when they happened. Periodic
/// reviews were approved at onboarding first (then re-approved, or reopened if open).
fn review_steps(bp: &Blueprint) -> Vec<(ReviewStatus, &'static str, f64)> {
    let onboarding = (ReviewStatus::Approved, "Approved at onboarding.", 0.3);
    match (bp.status, bp.kind) {
        (CaseStatus::Open, CaseType::PeriodicReview) => vec![onboarding],
        (CaseStatus::Approved, CaseType::PeriodicReview) => vec![
            onboarding,
            (
                ReviewStatus::Approved,
                "Periodic review completed; no material change.",
                T_LAST_ACTIVITY,
            ),
        ],
        (CaseStatus::Approved, _) => vec![(
            ReviewStatus::Approved,
            "All checks satisfied; customer accepted.",
            T_DECISION,
        )],
        (CaseStatus::Rejected, _) => vec![(
            ReviewStatus::Rejected,
            "Risk outside our appetite; relationship declined.",
            T_DECISION,
        )],
        (CaseStatus::Closed, _) => vec![(
            ReviewStatus::Closed,
            "Application withdrawn by the customer.",
            T_DECISION,
        )],
        _ => vec![],
    }
}

/// Reviews the case as the reviewer (and reopens open periodic reviews). Approvals schedule
/// the next review from the moment the review belongs to (where [`backdate`] moves it).
async fn decide_case(
    s: &Session,
    bp: &Blueprint,
    case_id: Uuid,
    level: RiskLevel,
) -> AppResult<()> {
    let steps = review_steps(bp);
    if steps.is_empty() {
        return Ok(());
    }
    let intervals: ReviewIntervals = workspace::settings(s.read(), WORKSPACE)
        .await?
        .review_intervals_months;
    for (status, comment, fraction) in steps {
        let at = bp.at(fraction);
        let next = match status {
            ReviewStatus::Approved => bp
                .review_months(&intervals, level)
                .and_then(|months| add_months(at, months)),
            _ => None,
        };
        let next_review_at = next.map_or(MaybeUndefined::Null, MaybeUndefined::Value);
        let input = CaseReviewInput {
            status,
            comment: Some(comment.to_owned()),
            next_review_at,
        };
        review::create(s, case_id, &input, None).await?;
    }
    if bp.is_reopened() {
        review::reopen(
            s,
            case_id,
            Some("Periodic review due: refreshing the file."),
            None,
        )
        .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Backdating.
// ---------------------------------------------------------------------------------------

/// `set_times!(db, table [Column, …] = at, where Column.op(arg), …)`: sets those time
/// columns of the rows of an entity module (`company`, `entity::check`) matching the filters.
macro_rules! set_times {
    ($db:expr, $($table:ident)::+ [$($column:ident),+] = $at:expr,
     where $($by:ident.$op:ident($($arg:expr)?)),+) => {{
        use $($table)::+ as table;
        table::Entity::update_many()
            $(.filter(table::Column::$by.$op($($arg)?)))+
            $(.col_expr(table::Column::$column, Expr::value($at)))+
            .exec($db)
            .await?;
    }};
}

/// Moves the case's rows onto its timeline: created at its creation time, decisions, risks,
/// notes (`notes`: id and moment) and reviews at their moment, last change near the end.
async fn backdate(
    s: &Session,
    bp: &Blueprint,
    case_id: Uuid,
    notes: &[(Uuid, DateTime<Utc>)],
) -> AppResult<()> {
    s.write(async |txn| {
        let created = bp.created;
        let last = if bp.status == CaseStatus::Draft {
            created
        } else {
            bp.at(T_LAST_ACTIVITY)
        };
        set_times!(txn, entity::case [CreatedAt] = created, where Id.eq(case_id));
        set_times!(txn, entity::case [UpdatedAt] = last, where Id.eq(case_id));
        set_times!(txn, company [CreatedAt, UpdatedAt] = created, where CaseId.eq(case_id));
        set_times!(txn, individual [CreatedAt, UpdatedAt] = created, where CaseId.eq(case_id));
        set_times!(txn, relation [CreatedAt, UpdatedAt] = created, where CaseId.eq(case_id));
        set_times!(txn, entity::check [CreatedAt, UpdatedAt] = created, where CaseId.eq(case_id));
        set_times!(txn, entity::check [ReviewedAt, UpdatedAt] = bp.at(T_CHECKS_DECIDED),
            where CaseId.eq(case_id), ReviewedAt.is_not_null());
        set_times!(txn, aml_hit [CreatedAt, UpdatedAt] = bp.at(T_SCREENING), where CaseId.eq(case_id));
        set_times!(txn, aml_hit [ReviewedAt, UpdatedAt] = bp.at(T_HITS_DECIDED),
            where CaseId.eq(case_id), ReviewedAt.is_not_null());
        set_times!(txn, entity::risk [CreatedAt] = bp.at(T_AUTOMATIC_RISK),
            where CaseId.eq(case_id), Mode.eq(RiskMode::Automatic));
        set_times!(txn, entity::risk [CreatedAt] = bp.at(T_MANUAL_RISK),
            where CaseId.eq(case_id), Mode.eq(RiskMode::Manual));
        for (id, at) in notes {
            set_times!(txn, entity::note [CreatedAt, UpdatedAt] = *at, where Id.eq(*id));
        }
        // The reviews were written in the order of their steps.
        let reviews = case_review::Entity::find()
            .filter(case_review::Column::CaseId.eq(case_id))
            .order_by_asc(case_review::Column::CreatedAt)
            .all(txn)
            .await?;
        for (review, (_, _, fraction)) in reviews.iter().zip(review_steps(bp)) {
            set_times!(txn, case_review [CreatedAt] = bp.at(fraction), where Id.eq(review.id));
        }
        Ok(())
    })
    .await
}
