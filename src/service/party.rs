//! A case's parties (companies and individuals) and the relations between them: their
//! inputs, the parsing of those inputs into rows, and the writes. The rules of the graph
//! (refs, one main company, direct holdings, orphans) are [`crate::domain::entity_graph`]:
//! each write loads the case's graph, lets the rules accept the change in memory, then
//! writes it and its audit events in one transaction, so a refusal writes nothing.

use async_graphql::{InputObject, Json, MaybeUndefined, ID};
use chrono::{DateTime, Utc};
use entity::{company, individual, relation};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, snapshot, Change};
use super::input::{given, parse_id, patch, Date};
use super::{case, custom_property, update_row, Session};
use crate::auth::Permission;
use crate::domain::custom_property::{PropertyDefinition, PropertyTarget};
use crate::domain::entity_graph::{EntityGraph, Party, RelationTerms};
use crate::domain::values::{
    metadata, optional, optional_text, required_text, BirthDate, CountryCode, Email, Parse,
    PersonName, PhoneNumber, Postcode, RegistrationNumber, MAX_NAME,
};
use crate::domain::{Gender, RelationRole, Title};
use crate::error::{AppError, AppResult};

/// A postal address (eyeDP's layout).
#[derive(Debug, Clone, InputObject)]
pub struct AddressInput {
    /// House number, at most 10 characters.
    pub line1: Option<String>,
    /// House name, at most 40 characters.
    pub line2: Option<String>,
    /// Sub-building (flat, apartment), at most 50 characters.
    pub line3: Option<String>,
    /// Street, at most 50 characters.
    pub line4: Option<String>,
    /// Locality, at most 40 characters.
    pub line5: Option<String>,
    /// Town, at most 40 characters.
    pub line6: Option<String>,
    /// County, at most 40 characters.
    pub line7: Option<String>,
    /// Postcode, at most 10 characters.
    pub postcode: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
}

/// A relation from the entity being created to a company of the case.
#[derive(Debug, Clone, InputObject)]
pub struct RelationInput {
    /// The company related to. Omit both this and `toCompanyRef` for the main company.
    pub to_company_id: Option<ID>,
    /// The `ref` of a company created in the same call.
    pub to_company_ref: Option<String>,
    /// Direct ownership, 0–100.
    pub ownership_percentage: Option<f64>,
    /// Direct voting rights, 0–100.
    pub voting_rights_percentage: Option<f64>,
    /// What the relation means.
    #[graphql(default)]
    pub roles: Vec<RelationRole>,
    /// Position held (e.g. "CFO").
    pub position: Option<String>,
}

/// A relation between two existing entities of a case.
#[derive(Debug, Clone, InputObject)]
pub struct CreateRelationInput {
    /// The individual the relation starts from (or give `fromCompanyId`).
    pub from_individual_id: Option<ID>,
    /// The company the relation starts from (or give `fromIndividualId`).
    pub from_company_id: Option<ID>,
    /// The company related to; omitted: the case's main company.
    pub to_company_id: Option<ID>,
    /// Direct ownership, 0–100.
    pub ownership_percentage: Option<f64>,
    /// Direct voting rights, 0–100.
    pub voting_rights_percentage: Option<f64>,
    /// What the relation means.
    #[graphql(default)]
    pub roles: Vec<RelationRole>,
    /// Position held.
    pub position: Option<String>,
}

/// A company to add to a case.
#[derive(Debug, Clone, InputObject)]
pub struct CompanyInput {
    /// A name for this company within the call, so that other new entities can relate to it.
    #[graphql(name = "ref")]
    pub reference: Option<String>,
    /// Legal name (required, at most 255 characters).
    pub name: String,
    /// Registration number, at most 20 characters.
    pub registration_number: Option<String>,
    /// ISO 3166-1 alpha-2 country of registration.
    pub country: Option<String>,
    /// Legal form (e.g. "SAS", "GmbH").
    pub legal_form: Option<String>,
    /// Registered address.
    pub address: Option<AddressInput>,
    /// Whether this is the case's main company (at most one per case).
    #[graphql(default)]
    pub is_main: bool,
    /// An object of string values.
    pub metadata: Option<Json<Value>>,
    /// Custom property values by key (see `customPropertyDefinitions`).
    pub custom_properties: Option<Json<Value>>,
    /// Relations from this company to others of the case.
    #[graphql(default)]
    pub relations: Vec<RelationInput>,
}

/// A person to add to a case.
#[derive(Debug, Clone, InputObject)]
pub struct IndividualInput {
    /// A name for this individual within the call, so that new checks can refer to it.
    #[graphql(name = "ref")]
    pub reference: Option<String>,
    /// The individual's form of address (Mr, Ms, Dr…).
    pub title: Option<Title>,
    /// First name (required, at most 40 characters).
    pub first_name: String,
    /// Last name (required, at most 40 characters).
    pub last_name: String,
    /// Maiden name, at most 40 characters.
    pub maiden_name: Option<String>,
    /// Date of birth (not in the future). Or give its parts:
    pub birth_date: Option<Date>,
    /// Year of birth (1900 or later), when the full date is not known.
    pub birth_year: Option<i32>,
    /// Month of birth (1–12), with `birthYear`.
    pub birth_month: Option<u32>,
    /// Day of birth, with `birthMonth`.
    pub birth_day: Option<u32>,
    /// The individual's gender.
    pub gender: Option<Gender>,
    /// ISO 3166-1 alpha-2 nationality.
    pub nationality: Option<String>,
    /// Email addresses.
    #[graphql(default)]
    pub emails: Vec<String>,
    /// Phone numbers in E.164 form (`+33612345678`).
    #[graphql(default)]
    pub phone_numbers: Vec<String>,
    /// Home address.
    pub address: Option<AddressInput>,
    /// Whether this person is the business's contact.
    #[graphql(default)]
    pub is_business_contact: bool,
    /// Declared beneficial owner, whatever their share.
    #[graphql(default)]
    pub is_beneficial_owner: bool,
    /// An object of string values.
    pub metadata: Option<Json<Value>>,
    /// Custom property values by key (see `customPropertyDefinitions`).
    pub custom_properties: Option<Json<Value>>,
    /// Relations from this individual to companies of the case.
    #[graphql(default)]
    pub relations: Vec<RelationInput>,
}

/// Changes to a company. Omitted fields stay; `null` clears a clearable field.
#[derive(Debug, Clone, Default, InputObject)]
pub struct UpdateCompanyInput {
    /// Legal name.
    pub name: Option<String>,
    /// Registration number, at most 20 characters.
    pub registration_number: MaybeUndefined<String>,
    /// ISO 3166-1 alpha-2 country of registration.
    pub country: MaybeUndefined<String>,
    /// Legal form.
    pub legal_form: MaybeUndefined<String>,
    /// Registered address (replaced whole).
    pub address: MaybeUndefined<AddressInput>,
    /// Make this the main company (the case must not have another), or not.
    pub is_main: Option<bool>,
    /// Replaces the whole metadata object; `null` clears it.
    pub metadata: MaybeUndefined<Json<Value>>,
    /// Custom property values to merge, by key; `null` resets a key.
    pub custom_properties: Option<Json<Value>>,
}

/// Changes to an individual. Omitted fields stay; `null` clears a clearable field.
#[derive(Debug, Clone, Default, InputObject)]
pub struct UpdateIndividualInput {
    /// The individual's form of address; `null` clears it.
    pub title: MaybeUndefined<Title>,
    /// First name (at most 40 characters).
    pub first_name: Option<String>,
    /// Last name (at most 40 characters).
    pub last_name: Option<String>,
    /// Maiden name.
    pub maiden_name: MaybeUndefined<String>,
    /// Full date of birth; `null` clears the birth date and its parts.
    pub birth_date: MaybeUndefined<Date>,
    /// Year of birth; with `birthMonth`/`birthDay`, replaces the birth date.
    pub birth_year: Option<i32>,
    /// Month of birth.
    pub birth_month: Option<u32>,
    /// Day of birth.
    pub birth_day: Option<u32>,
    /// The individual's gender; `null` clears it.
    pub gender: MaybeUndefined<Gender>,
    /// ISO 3166-1 alpha-2 nationality.
    pub nationality: MaybeUndefined<String>,
    /// Replaces the email addresses.
    pub emails: Option<Vec<String>>,
    /// Replaces the phone numbers (E.164).
    pub phone_numbers: Option<Vec<String>>,
    /// Home address (replaced whole).
    pub address: MaybeUndefined<AddressInput>,
    /// The business's contact person.
    pub is_business_contact: Option<bool>,
    /// Declared beneficial owner.
    pub is_beneficial_owner: Option<bool>,
    /// Replaces the whole metadata object; `null` clears it.
    pub metadata: MaybeUndefined<Json<Value>>,
    /// Custom property values to merge, by key; `null` resets a key.
    pub custom_properties: Option<Json<Value>>,
}

/// Changes to a relation. Omitted fields stay; `null` clears a percentage or the position.
#[derive(Debug, Clone, Default, InputObject)]
pub struct UpdateRelationInput {
    /// Point the relation at another company of the case.
    pub to_company_id: Option<ID>,
    /// Direct ownership, 0–100.
    pub ownership_percentage: MaybeUndefined<f64>,
    /// Direct voting rights, 0–100.
    pub voting_rights_percentage: MaybeUndefined<f64>,
    /// Replaces the roles.
    pub roles: Option<Vec<RelationRole>>,
    /// Position held.
    pub position: MaybeUndefined<String>,
}

impl From<&CompanyInput> for UpdateCompanyInput {
    fn from(c: &CompanyInput) -> Self {
        UpdateCompanyInput {
            name: Some(c.name.clone()),
            registration_number: given(&c.registration_number),
            country: given(&c.country),
            legal_form: given(&c.legal_form),
            address: given(&c.address),
            is_main: Some(c.is_main),
            metadata: given(&c.metadata),
            custom_properties: c.custom_properties.clone(),
        }
    }
}

impl From<&IndividualInput> for UpdateIndividualInput {
    fn from(p: &IndividualInput) -> Self {
        UpdateIndividualInput {
            title: given(&p.title),
            first_name: Some(p.first_name.clone()),
            last_name: Some(p.last_name.clone()),
            maiden_name: given(&p.maiden_name),
            birth_date: given(&p.birth_date),
            birth_year: p.birth_year,
            birth_month: p.birth_month,
            birth_day: p.birth_day,
            gender: given(&p.gender),
            nationality: given(&p.nationality),
            emails: Some(p.emails.clone()),
            phone_numbers: Some(p.phone_numbers.clone()),
            address: given(&p.address),
            is_business_contact: Some(p.is_business_contact),
            is_beneficial_owner: Some(p.is_beneficial_owner),
            metadata: given(&p.metadata),
            custom_properties: p.custom_properties.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inputs into rows: pure, before any write.
// ---------------------------------------------------------------------------------------

/// What a relation input says, for the graph's rules to check.
fn terms(
    ownership: Option<f64>,
    voting: Option<f64>,
    roles: &[RelationRole],
    position: &Option<String>,
) -> RelationTerms {
    RelationTerms {
        ownership,
        voting,
        roles: roles.to_vec(),
        position: position.clone(),
    }
}

/// Adds new companies and individuals with their relations to `graph`: entities first (so
/// refs resolve whatever the order), then relations. `at` is the input path of the lists.
pub fn plan_entities(
    graph: &mut EntityGraph,
    at: &str,
    companies: &[CompanyInput],
    individuals: &[IndividualInput],
    definitions: &[PropertyDefinition],
    stamp: DateTime<Utc>,
) -> AppResult<()> {
    let mut company_ids = Vec::with_capacity(companies.len());
    for (i, c) in companies.iter().enumerate() {
        let at = format!("{at}.companies[{i}]");
        company_ids.push(plan_company(graph, &at, c, definitions, stamp)?);
    }
    let mut individual_ids = Vec::with_capacity(individuals.len());
    for (i, p) in individuals.iter().enumerate() {
        let at = format!("{at}.individuals[{i}]");
        individual_ids.push(plan_individual(graph, &at, p, definitions, stamp)?);
    }
    for (i, (c, id)) in companies.iter().zip(company_ids).enumerate() {
        plan_relations(
            graph,
            &format!("{at}.companies[{i}]"),
            id,
            &c.relations,
            stamp,
        )?;
    }
    for (i, (p, id)) in individuals.iter().zip(individual_ids).enumerate() {
        plan_relations(
            graph,
            &format!("{at}.individuals[{i}]"),
            id,
            &p.relations,
            stamp,
        )?;
    }
    Ok(())
}

/// Adds a new company (its relations come once every new entity has its ref).
fn plan_company(
    graph: &mut EntityGraph,
    at: &str,
    input: &CompanyInput,
    definitions: &[PropertyDefinition],
    stamp: DateTime<Utc>,
) -> AppResult<Party> {
    let id = Uuid::new_v4();
    let party = Party::Company(id);
    graph.claim_ref(&format!("{at}.ref"), input.reference.as_deref(), party)?;
    let mut model = graph.blank_company(id, stamp);
    apply_company(
        at,
        &UpdateCompanyInput::from(input),
        &mut model,
        definitions,
        stamp,
    )?;
    graph.add_company(at, model)?;
    Ok(party)
}

/// Adds a new individual (their relations come once every new entity has its ref).
fn plan_individual(
    graph: &mut EntityGraph,
    at: &str,
    input: &IndividualInput,
    definitions: &[PropertyDefinition],
    stamp: DateTime<Utc>,
) -> AppResult<Party> {
    let id = Uuid::new_v4();
    let party = Party::Individual(id);
    graph.claim_ref(&format!("{at}.ref"), input.reference.as_deref(), party)?;
    let mut model = graph.blank_individual(id, stamp);
    apply_individual(
        at,
        &UpdateIndividualInput::from(input),
        &mut model,
        definitions,
        stamp,
    )?;
    graph.add_individual(model);
    Ok(party)
}

/// Adds the relations of an entity's input, from `from` to companies of the case.
fn plan_relations(
    graph: &mut EntityGraph,
    at: &str,
    from: Party,
    inputs: &[RelationInput],
    stamp: DateTime<Utc>,
) -> AppResult<()> {
    for (i, r) in inputs.iter().enumerate() {
        let at = format!("{at}.relations[{i}]");
        let to = match (&r.to_company_id, &r.to_company_ref) {
            (Some(_), Some(_)) => {
                return Err(AppError::bad_input(
                    format!("{at}.toCompanyRef"),
                    "give toCompanyId or toCompanyRef, not both",
                ))
            }
            (Some(id), None) => Some(parse_id(&format!("{at}.toCompanyId"), id)?),
            (None, Some(r)) => match graph.resolve_ref(&format!("{at}.toCompanyRef"), r)? {
                Party::Company(id) => Some(id),
                Party::Individual(_) => {
                    return Err(AppError::bad_input(
                        format!("{at}.toCompanyRef"),
                        "must name a company",
                    ))
                }
            },
            (None, None) => None,
        };
        let terms = terms(
            r.ownership_percentage,
            r.voting_rights_percentage,
            &r.roles,
            &r.position,
        );
        graph.add_relation(&at, from, to, &terms, stamp)?;
    }
    Ok(())
}

fn address(at: &str, a: &AddressInput) -> AppResult<Value> {
    let field = |name: &str, value: &Option<String>, max: usize| {
        optional_text(&format!("{at}.{name}"), value.as_deref(), max)
    };
    Ok(json!({
        "line1": field("line1", &a.line1, 10)?,
        "line2": field("line2", &a.line2, 40)?,
        "line3": field("line3", &a.line3, 50)?,
        "line4": field("line4", &a.line4, 50)?,
        "line5": field("line5", &a.line5, 40)?,
        "line6": field("line6", &a.line6, 40)?,
        "line7": field("line7", &a.line7, 40)?,
        "postcode": optional(&format!("{at}.postcode"), a.postcode.as_deref(), Postcode::parse)?,
        "country": optional(&format!("{at}.country"), a.country.as_deref(), CountryCode::parse)?,
    }))
}

/// Validates and applies company changes (`at` is the input path for errors).
pub fn apply_company(
    at: &str,
    input: &UpdateCompanyInput,
    c: &mut company::Model,
    definitions: &[PropertyDefinition],
    stamp: DateTime<Utc>,
) -> AppResult<()> {
    let f = |name: &str| format!("{at}.{name}");
    if let Some(values) = &input.custom_properties {
        c.custom_properties = custom_property::apply(
            &f("customProperties"),
            &c.custom_properties,
            values,
            definitions,
            PropertyTarget::Company,
        )?;
    }
    if let Some(name) = &input.name {
        c.name = required_text(&f("name"), name, MAX_NAME)?;
    }
    patch(
        &mut c.registration_number,
        &input.registration_number,
        |v| {
            let number = optional(&f("registrationNumber"), Some(v), RegistrationNumber::parse)?;
            Ok(number.map(RegistrationNumber::into_string))
        },
    )?;
    patch(&mut c.country, &input.country, |v| {
        optional(&f("country"), Some(v), CountryCode::parse)
    })?;
    patch(&mut c.legal_form, &input.legal_form, |v| {
        optional_text(&f("legalForm"), Some(v), 100)
    })?;
    patch(&mut c.address, &input.address, |v| {
        address(&f("address"), v).map(Some)
    })?;
    patch(&mut c.metadata, &input.metadata, |v| {
        metadata(&f("metadata"), v).map(Some)
    })?;
    if let Some(main) = input.is_main {
        c.is_main = main;
    }
    c.updated_at = stamp;
    Ok(())
}

/// Validates and applies individual changes (`at` is the input path for errors).
pub fn apply_individual(
    at: &str,
    input: &UpdateIndividualInput,
    p: &mut individual::Model,
    definitions: &[PropertyDefinition],
    stamp: DateTime<Utc>,
) -> AppResult<()> {
    let f = |name: &str| format!("{at}.{name}");
    if let Some(values) = &input.custom_properties {
        p.custom_properties = custom_property::apply(
            &f("customProperties"),
            &p.custom_properties,
            values,
            definitions,
            PropertyTarget::Individual,
        )?;
    }
    let today = stamp.date_naive();
    if let Some(v) = &input.first_name {
        p.first_name = PersonName::parse(&f("firstName"), v)?.into_string();
    }
    if let Some(v) = &input.last_name {
        p.last_name = PersonName::parse(&f("lastName"), v)?.into_string();
    }
    patch(&mut p.title, &input.title, |t| Ok(Some(*t)))?;
    patch(&mut p.maiden_name, &input.maiden_name, |v| {
        Ok(optional(&f("maidenName"), Some(v), PersonName::parse)?.map(PersonName::into_string))
    })?;
    patch(&mut p.gender, &input.gender, |g| Ok(Some(*g)))?;
    patch(&mut p.nationality, &input.nationality, |v| {
        optional(&f("nationality"), Some(v), CountryCode::parse)
    })?;
    patch(&mut p.address, &input.address, |v| {
        address(&f("address"), v).map(Some)
    })?;
    patch(&mut p.metadata, &input.metadata, |v| {
        metadata(&f("metadata"), v).map(Some)
    })?;
    let parts =
        input.birth_year.is_some() || input.birth_month.is_some() || input.birth_day.is_some();
    let birth = match (&input.birth_date, parts) {
        (MaybeUndefined::Value(_), true) => {
            return Err(AppError::bad_input(
                f("birthDate"),
                "give the date or its parts, not both",
            ))
        }
        (MaybeUndefined::Value(d), false) => {
            Some(Some(BirthDate::from_date(&f("birthDate"), d.0, today)?))
        }
        (MaybeUndefined::Null, _) => Some(None),
        (MaybeUndefined::Undefined, true) => Some(Some(BirthDate::from_parts(
            &f("birthYear"),
            input.birth_year,
            input.birth_month,
            input.birth_day,
            today,
        )?)),
        (MaybeUndefined::Undefined, false) => None,
    };
    if let Some(birth) = birth {
        p.birth_date = birth.and_then(|b| b.full_date());
        p.birth_year = birth.map(|b| b.year());
        p.birth_month = birth.and_then(|b| b.month()).map(|m| m as i32);
        p.birth_day = birth.and_then(|b| b.day()).map(|d| d as i32);
    }
    if let Some(emails) = &input.emails {
        let parsed = emails
            .iter()
            .enumerate()
            .map(|(i, e)| Email::parse(&format!("{at}.emails[{i}]"), e))
            .collect::<AppResult<Vec<_>>>()?;
        p.emails = json!(parsed);
    }
    if let Some(phones) = &input.phone_numbers {
        let parsed = phones
            .iter()
            .enumerate()
            .map(|(i, e)| PhoneNumber::parse(&format!("{at}.phoneNumbers[{i}]"), e))
            .collect::<AppResult<Vec<_>>>()?;
        p.phone_numbers = json!(parsed);
    }
    if let Some(v) = input.is_business_contact {
        p.is_business_contact = v;
    }
    if let Some(v) = input.is_beneficial_owner {
        p.is_beneficial_owner = v;
    }
    p.updated_at = stamp;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Storage.
// ---------------------------------------------------------------------------------------

/// The entity graph of a case of the workspace, as stored.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    workspace_id: &str,
    case_id: Uuid,
) -> AppResult<EntityGraph> {
    let companies = company::Entity::find()
        .filter(company::Column::WorkspaceId.eq(workspace_id))
        .filter(company::Column::CaseId.eq(case_id))
        .all(db)
        .await?;
    let individuals = individual::Entity::find()
        .filter(individual::Column::WorkspaceId.eq(workspace_id))
        .filter(individual::Column::CaseId.eq(case_id))
        .all(db)
        .await?;
    let relations = relation::Entity::find()
        .filter(relation::Column::WorkspaceId.eq(workspace_id))
        .filter(relation::Column::CaseId.eq(case_id))
        .all(db)
        .await?;
    Ok(EntityGraph::new(
        case_id,
        workspace_id,
        companies,
        individuals,
        relations,
    ))
}

/// Writes the graph's new companies, individuals and relations (in that order, for the keys).
pub async fn insert_new(db: &DatabaseTransaction, graph: &EntityGraph) -> AppResult<()> {
    if !graph.new_companies().is_empty() {
        company::Entity::insert_many(
            graph
                .new_companies()
                .iter()
                .cloned()
                .map(company::ActiveModel::from),
        )
        .exec_without_returning(db)
        .await?;
    }
    if !graph.new_individuals().is_empty() {
        individual::Entity::insert_many(
            graph
                .new_individuals()
                .iter()
                .cloned()
                .map(individual::ActiveModel::from),
        )
        .exec_without_returning(db)
        .await?;
    }
    if !graph.new_relations().is_empty() {
        relation::Entity::insert_many(
            graph
                .new_relations()
                .iter()
                .cloned()
                .map(relation::ActiveModel::from),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// The audit events of the graph's new entities and relations, in insertion order.
pub fn creation_events(graph: &EntityGraph) -> Vec<Change<'static>> {
    let event = |action, entity_type, id, changes| Change {
        case_id: graph.case_id(),
        action,
        entity_type,
        entity_id: Some(id),
        changes,
    };
    let companies = graph
        .new_companies()
        .iter()
        .map(|c| event("company.created", "COMPANY", c.id, snapshot(c)));
    let individuals = graph
        .new_individuals()
        .iter()
        .map(|p| event("individual.created", "INDIVIDUAL", p.id, snapshot(p)));
    let relations = graph
        .new_relations()
        .iter()
        .map(|r| event("relation.created", "RELATION", r.id, snapshot(r)));
    companies.chain(individuals).chain(relations).collect()
}

/// A table whose rows belong to a case: companies, individuals, relations.
pub trait InCase: EntityTrait {
    /// The public type name, for `NOT_FOUND`.
    const NAME: &'static str;
    /// The id, workspace and case columns.
    fn columns() -> [Self::Column; 3];
}

macro_rules! in_case {
    ($($module:ident => $name:literal),+) => {
        $(impl InCase for $module::Entity {
            const NAME: &'static str = $name;
            fn columns() -> [$module::Column; 3] {
                [$module::Column::Id, $module::Column::WorkspaceId, $module::Column::CaseId]
            }
        })+
    };
}
in_case!(company => "Company", individual => "Individual", relation => "Relation");

/// Where an entity or relation lives: its case, found in the caller's workspace.
pub async fn case_of<E: InCase, C: ConnectionTrait>(
    db: &C,
    s: &Session,
    id: Uuid,
) -> AppResult<Uuid> {
    use sea_orm::ModelTrait;
    let [id_col, workspace, case] = E::columns();
    let row = E::find()
        .filter(id_col.eq(id))
        .filter(workspace.eq(s.workspace()))
        .one(db)
        .await?;
    match row.map(|r| r.get(case)) {
        Some(sea_orm::Value::Uuid(Some(case_id))) => Ok(case_id),
        _ => Err(AppError::NotFound { entity: E::NAME }),
    }
}

/// The case of a company or individual of the caller's workspace.
pub async fn case_of_party<C: ConnectionTrait>(
    db: &C,
    s: &Session,
    party: Party,
) -> AppResult<Uuid> {
    match party {
        Party::Company(id) => case_of::<company::Entity, _>(db, s, id).await,
        Party::Individual(id) => case_of::<individual::Entity, _>(db, s, id).await,
    }
}

// ---------------------------------------------------------------------------------------
// Writes: each in one transaction, with its audit events.
// ---------------------------------------------------------------------------------------

/// Adds what `plan` adds to a case's graph, with its audit events. Returns the new party's
/// row, found by `pick`.
async fn add_to_case<T>(
    s: &Session,
    case_id: Uuid,
    expected_version: Option<i64>,
    plan: impl FnOnce(&mut EntityGraph, &[PropertyDefinition], DateTime<Utc>) -> AppResult<Party>,
    pick: impl FnOnce(&EntityGraph, Uuid) -> Option<T>,
) -> AppResult<T> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let mut graph = load(txn, s.workspace(), case_id).await?;
        let definitions = custom_property::definitions(txn, s.workspace()).await?;
        let party = plan(&mut graph, &definitions, s.now())?;
        insert_new(txn, &graph).await?;
        audit::record_many(txn, s, creation_events(&graph)).await?;
        pick(&graph, party.id()).ok_or_else(|| AppError::Internal("new party lost".into()))
    })
    .await
}

/// `createCompany`: a company (with its relations) added to a case.
pub async fn create_company(
    s: &Session,
    case_id: Uuid,
    input: &CompanyInput,
    expected_version: Option<i64>,
) -> AppResult<company::Model> {
    let plan = |graph: &mut EntityGraph, definitions: &[PropertyDefinition], stamp| {
        let party = plan_company(graph, "input", input, definitions, stamp)?;
        plan_relations(graph, "input", party, &input.relations, stamp)?;
        Ok(party)
    };
    let pick = |graph: &EntityGraph, id| graph.company(id).cloned();
    add_to_case(s, case_id, expected_version, plan, pick).await
}

/// `createIndividual`: an individual (with their relations) added to a case.
pub async fn create_individual(
    s: &Session,
    case_id: Uuid,
    input: &IndividualInput,
    expected_version: Option<i64>,
) -> AppResult<individual::Model> {
    let plan = |graph: &mut EntityGraph, definitions: &[PropertyDefinition], stamp| {
        let party = plan_individual(graph, "input", input, definitions, stamp)?;
        plan_relations(graph, "input", party, &input.relations, stamp)?;
        Ok(party)
    };
    let pick = |graph: &EntityGraph, id| graph.individual(id).cloned();
    add_to_case(s, case_id, expected_version, plan, pick).await
}

/// `createRelation` between two existing entities. The case is the one of the entities.
pub async fn create_relation(
    s: &Session,
    input: &CreateRelationInput,
    expected_version: Option<i64>,
) -> AppResult<relation::Model> {
    s.principal.authorize(Permission::EditCases)?;
    let from = match (&input.from_individual_id, &input.from_company_id) {
        (Some(id), None) => Party::Individual(parse_id("input.fromIndividualId", id)?),
        (None, Some(id)) => Party::Company(parse_id("input.fromCompanyId", id)?),
        _ => {
            return Err(AppError::bad_input(
                "input.fromIndividualId",
                "give exactly one of fromIndividualId and fromCompanyId",
            ))
        }
    };
    let to = input
        .to_company_id
        .as_ref()
        .map(|id| parse_id("input.toCompanyId", id))
        .transpose()?;
    s.write(async |txn| {
        let case_id = case_of_party(txn, s, from).await?;
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let mut graph = load(txn, s.workspace(), case_id).await?;
        let terms = terms(
            input.ownership_percentage,
            input.voting_rights_percentage,
            &input.roles,
            &input.position,
        );
        let id = graph.add_relation("input", from, to, &terms, s.now())?;
        insert_new(txn, &graph).await?;
        audit::record_many(txn, s, creation_events(&graph)).await?;
        graph
            .relation(id)
            .cloned()
            .ok_or_else(|| AppError::Internal("relation lost".into()))
    })
    .await
}

/// `updateCompany`.
pub async fn update_company(
    s: &Session,
    id: Uuid,
    input: &UpdateCompanyInput,
    expected_version: Option<i64>,
) -> AppResult<company::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let case_id = case_of::<company::Entity, _>(txn, s, id).await?;
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        update_company_locked(txn, s, case_id, id, "input", input).await
    })
    .await
}

/// The work of `updateCompany` on company `id` of case `case_id`, which the caller's
/// transaction has already locked; refusals name fields under `at`. Also used to apply a
/// `CASE_DETAILS_REVIEW` alert.
pub async fn update_company_locked(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    id: Uuid,
    at: &str,
    input: &UpdateCompanyInput,
) -> AppResult<company::Model> {
    {
        let before = load(txn, s.workspace(), case_id).await?;
        let definitions = custom_property::definitions(txn, s.workspace()).await?;
        let old = before
            .company(id)
            .cloned()
            .ok_or(AppError::NotFound { entity: "Company" })?;
        let mut new = old.clone();
        apply_company(at, input, &mut new, &definitions, s.now())?;
        let mut after = before.clone();
        after.replace_company(at, new.clone())?;
        after.ensure_connected(&format!("{at}.isMain"), &before)?;
        update_row(txn, &old, &new).await?;
        audit::record_model_change(
            txn,
            s,
            case_id,
            "company.updated",
            "COMPANY",
            id,
            &old,
            &new,
        )
        .await?;
        Ok(new)
    }
}

/// `updateIndividual`.
pub async fn update_individual(
    s: &Session,
    id: Uuid,
    input: &UpdateIndividualInput,
    expected_version: Option<i64>,
) -> AppResult<individual::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let case_id = case_of::<individual::Entity, _>(txn, s, id).await?;
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        update_individual_locked(txn, s, case_id, id, "input", input).await
    })
    .await
}

/// The work of `updateIndividual` on individual `id` of case `case_id`, which the caller's
/// transaction has already locked; refusals name fields under `at`. Also used to apply a
/// `CASE_DETAILS_REVIEW` alert.
pub async fn update_individual_locked(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    id: Uuid,
    at: &str,
    input: &UpdateIndividualInput,
) -> AppResult<individual::Model> {
    {
        let old = individual::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound {
                entity: "Individual",
            })?;
        let definitions = custom_property::definitions(txn, s.workspace()).await?;
        let mut new = old.clone();
        apply_individual(at, input, &mut new, &definitions, s.now())?;
        update_row(txn, &old, &new).await?;
        audit::record_model_change(
            txn,
            s,
            case_id,
            "individual.updated",
            "INDIVIDUAL",
            id,
            &old,
            &new,
        )
        .await?;
        Ok(new)
    }
}

/// `deleteCompany` / `deleteIndividual`: removes the party with its relations and the checks
/// about it, unless that leaves another entity without a path to the main company.
pub async fn delete_party(
    s: &Session,
    party: Party,
    expected_version: Option<i64>,
) -> AppResult<Uuid> {
    s.principal.authorize(Permission::EditCases)?;
    let id = party.id();
    s.write(async |txn| {
        let case_id = case_of_party(txn, s, party).await?;
        let case = case::lock_for_change(txn, s, case_id, expected_version).await?;
        let before = load(txn, s.workspace(), case_id).await?;
        // A writer that waited for the lock may find the party already deleted.
        let snapshot = match party {
            Party::Company(id) => before.company(id).map(|c| json!(c)),
            Party::Individual(id) => before.individual(id).map(|p| json!(p)),
        }
        .ok_or(AppError::NotFound {
            entity: party.type_name(),
        })?;
        let mut after = before.clone();
        let removed: Vec<Uuid> = after.remove(party).iter().map(|r| r.id).collect();
        after.ensure_connected("id", &before)?;
        // Relations and checks about the party go with it (foreign keys cascade).
        let action = match party {
            Party::Company(id) => {
                company::Entity::delete_by_id(id).exec(txn).await?;
                "company.deleted"
            }
            Party::Individual(id) => {
                individual::Entity::delete_by_id(id).exec(txn).await?;
                "individual.deleted"
            }
        };
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action,
                entity_type: party.entity_type(),
                entity_id: Some(id),
                changes: json!({ "deleted": snapshot, "relationsRemoved": removed }),
            },
        )
        .await?;
        super::check::refresh_derived(txn, s, &case).await?;
        Ok(id)
    })
    .await
}

/// `updateRelation`: the same rules as a new relation, and no entity may lose its path to
/// the main company.
pub async fn update_relation(
    s: &Session,
    id: Uuid,
    input: &UpdateRelationInput,
    expected_version: Option<i64>,
) -> AppResult<relation::Model> {
    s.principal.authorize(Permission::EditCases)?;
    let to = input
        .to_company_id
        .as_ref()
        .map(|t| parse_id("input.toCompanyId", t))
        .transpose()?;
    s.write(async |txn| {
        let case_id = case_of::<relation::Entity, _>(txn, s, id).await?;
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let before = load(txn, s.workspace(), case_id).await?;
        let old = before
            .relation(id)
            .cloned()
            .ok_or(AppError::NotFound { entity: "Relation" })?;
        let mut terms = RelationTerms {
            ownership: old.ownership_percentage,
            voting: old.voting_rights_percentage,
            roles: input.roles.clone().unwrap_or_else(|| old.roles.0.clone()),
            position: old.position.clone(),
        };
        let keep = |v: &f64| Ok(Some(*v));
        patch(&mut terms.ownership, &input.ownership_percentage, keep)?;
        patch(&mut terms.voting, &input.voting_rights_percentage, keep)?;
        patch(&mut terms.position, &input.position, |v| {
            Ok(Some(v.clone()))
        })?;
        let mut after = before.clone();
        let to = to.unwrap_or(old.to_company_id);
        let new = after.change_relation("input", id, to, &terms, s.now())?;
        after.ensure_connected("input.toCompanyId", &before)?;
        update_row(txn, &old, &new).await?;
        audit::record_model_change(
            txn,
            s,
            case_id,
            "relation.updated",
            "RELATION",
            id,
            &old,
            &new,
        )
        .await?;
        Ok(new)
    })
    .await
}

/// `deleteRelation`, unless an entity would lose its path to the main company.
pub async fn delete_relation(
    s: &Session,
    id: Uuid,
    expected_version: Option<i64>,
) -> AppResult<Uuid> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        let case_id = case_of::<relation::Entity, _>(txn, s, id).await?;
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let before = load(txn, s.workspace(), case_id).await?;
        let mut after = before.clone();
        let old = after
            .remove_relation(id)
            .ok_or(AppError::NotFound { entity: "Relation" })?;
        after.ensure_connected("id", &before)?;
        relation::Entity::delete_by_id(id).exec(txn).await?;
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action: "relation.deleted",
                entity_type: "RELATION",
                entity_id: Some(id),
                changes: json!({ "deleted": old }),
            },
        )
        .await?;
        Ok(id)
    })
    .await
}
