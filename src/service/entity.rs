//! A case's entities: companies, individuals and the relations between them. New entities
//! are planned in memory against the case's current graph (refs resolved, rules checked),
//! then inserted in the caller's transaction, so a refusal writes nothing.

use std::collections::HashMap;

use async_graphql::{InputObject, Json, MaybeUndefined, ID};
use chrono::{DateTime, NaiveDate, Utc};
use entity::{company, individual, relation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Change};
use super::{case, custom_property, Session};
use crate::auth::Permission;
use crate::domain::custom_property::{PropertyDefinition, PropertyTarget};
use crate::domain::values::{
    metadata, optional, optional_text, required_text, BirthDate, CountryCode, Email, Parse,
    Percentage, PersonName, PhoneNumber, Postcode, RegistrationNumber, MAX_NAME,
};
use crate::domain::{Gender, RelationRole, RelationRoles, Title};
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
    /// Title.
    pub title: Option<Title>,
    /// First name (required, at most 40 characters).
    pub first_name: String,
    /// Last name (required, at most 40 characters).
    pub last_name: String,
    /// Maiden name, at most 40 characters.
    pub maiden_name: Option<String>,
    /// Date of birth (not in the future). Or give its parts:
    pub birth_date: Option<NaiveDate>,
    /// Year of birth (1900 or later), when the full date is not known.
    pub birth_year: Option<i32>,
    /// Month of birth (1–12), with `birthYear`.
    pub birth_month: Option<u32>,
    /// Day of birth, with `birthMonth`.
    pub birth_day: Option<u32>,
    /// Gender.
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

/// Parses an `ID` argument holding a UUID.
pub fn parse_id(field: &str, id: &ID) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| AppError::bad_input(field, "is not a valid id"))
}

/// A case's entity graph: what exists plus what a call adds. Checks the rules over both.
#[derive(Clone)]
pub struct Graph {
    pub case_id: Uuid,
    pub workspace_id: String,
    pub companies: Vec<company::Model>,
    pub individuals: Vec<individual::Model>,
    pub relations: Vec<relation::Model>,
    /// How many of each list already exist in the database (the rest are new).
    existing: (usize, usize, usize),
    refs: HashMap<String, (Uuid, bool)>,
    /// The workspace's custom property definitions, for values set on entities.
    pub definitions: Vec<PropertyDefinition>,
    /// The moment the entities added or changed through this graph are stamped with.
    pub stamp: DateTime<Utc>,
}

impl Graph {
    /// An empty graph for a case being created.
    pub fn empty(
        case_id: Uuid,
        workspace_id: &str,
        definitions: Vec<PropertyDefinition>,
        stamp: DateTime<Utc>,
    ) -> Self {
        Graph {
            definitions,
            stamp,
            case_id,
            workspace_id: workspace_id.to_owned(),
            companies: vec![],
            individuals: vec![],
            relations: vec![],
            existing: (0, 0, 0),
            refs: HashMap::new(),
        }
    }

    /// The graph of an existing case, for changes stamped with `stamp`.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        workspace_id: &str,
        case_id: Uuid,
        stamp: DateTime<Utc>,
    ) -> AppResult<Self> {
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
        let existing = (companies.len(), individuals.len(), relations.len());
        let definitions = super::custom_property::definitions(db, workspace_id).await?;
        Ok(Graph {
            definitions,
            stamp,
            case_id,
            workspace_id: workspace_id.to_owned(),
            companies,
            individuals,
            relations,
            existing,
            refs: HashMap::new(),
        })
    }

    /// The `ref` of a new entity, resolved to (id, is a company).
    pub fn resolve_ref(&self, field: &str, reference: &str) -> AppResult<(Uuid, bool)> {
        self.refs.get(reference).copied().ok_or_else(|| {
            AppError::bad_input(
                field,
                format!("no entity with ref \"{reference}\" in this call"),
            )
        })
    }

    fn add_ref(
        &mut self,
        field: &str,
        reference: Option<&str>,
        id: Uuid,
        is_company: bool,
    ) -> AppResult<()> {
        if let Some(r) = reference {
            let r = required_text(field, r, 64)?;
            if self.refs.insert(r, (id, is_company)).is_some() {
                return Err(AppError::bad_input(field, "is used twice in this call"));
            }
        }
        Ok(())
    }

    /// Adds a company (its relations are added by [`Graph::add_relations`] once every new
    /// entity has its ref). Returns its id.
    pub fn add_company(&mut self, at: &str, input: &CompanyInput) -> AppResult<Uuid> {
        let id = Uuid::new_v4();
        self.add_ref(&format!("{at}.ref"), input.reference.as_deref(), id, true)?;
        let stamp = self.stamp;
        let mut model = company::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            name: String::new(),
            registration_number: None,
            country: None,
            legal_form: None,
            address: None,
            is_main: false,
            custom_properties: json!({}),
            metadata: None,
            created_at: stamp,
            updated_at: stamp,
        };
        apply_company(
            at,
            &UpdateCompanyInput::from(input),
            &mut model,
            &self.definitions,
            stamp,
        )?;
        self.check_main(at, &model)?;
        self.companies.push(model);
        Ok(id)
    }

    /// Refuses a second main company.
    pub fn check_main(&self, at: &str, company: &company::Model) -> AppResult<()> {
        if company.is_main
            && self
                .companies
                .iter()
                .any(|c| c.is_main && c.id != company.id)
        {
            return Err(AppError::bad_input(
                format!("{at}.isMain"),
                "the case already has a main company",
            ));
        }
        Ok(())
    }

    /// Adds an individual. Returns its id.
    pub fn add_individual(&mut self, at: &str, input: &IndividualInput) -> AppResult<Uuid> {
        let id = Uuid::new_v4();
        self.add_ref(&format!("{at}.ref"), input.reference.as_deref(), id, false)?;
        let stamp = self.stamp;
        let mut model = individual::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            title: None,
            first_name: String::new(),
            last_name: String::new(),
            maiden_name: None,
            birth_date: None,
            birth_year: None,
            birth_month: None,
            birth_day: None,
            gender: None,
            nationality: None,
            emails: json!([]),
            phone_numbers: json!([]),
            address: None,
            is_business_contact: false,
            is_beneficial_owner: false,
            custom_properties: json!({}),
            metadata: None,
            created_at: stamp,
            updated_at: stamp,
        };
        apply_individual(
            at,
            &UpdateIndividualInput::from(input),
            &mut model,
            &self.definitions,
            stamp,
        )?;
        self.individuals.push(model);
        Ok(id)
    }

    /// Adds relations from `from` (a new or existing entity) to companies of the case.
    pub fn add_relations(
        &mut self,
        at: &str,
        from: (Uuid, bool),
        inputs: &[RelationInput],
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
                (None, Some(r)) => {
                    let (id, is_company) = self.resolve_ref(&format!("{at}.toCompanyRef"), r)?;
                    if !is_company {
                        return Err(AppError::bad_input(
                            format!("{at}.toCompanyRef"),
                            "must name a company",
                        ));
                    }
                    Some(id)
                }
                (None, None) => None,
            };
            self.add_relation(
                &at,
                from,
                to,
                r.ownership_percentage,
                r.voting_rights_percentage,
                &r.roles,
                r.position.as_deref(),
            )?;
        }
        Ok(())
    }

    /// Adds one relation after checking it: the target is a company of this case (the main
    /// one when omitted), no self-relation, percentages 0–100 and direct totals into one
    /// company at most 100.
    #[allow(clippy::too_many_arguments)]
    pub fn add_relation(
        &mut self,
        at: &str,
        (from_id, from_is_company): (Uuid, bool),
        to: Option<Uuid>,
        ownership: Option<f64>,
        voting: Option<f64>,
        roles: &[RelationRole],
        position: Option<&str>,
    ) -> AppResult<Uuid> {
        let to = match to {
            Some(id) => {
                if !self.companies.iter().any(|c| c.id == id) {
                    return Err(AppError::bad_input(
                        format!("{at}.toCompanyId"),
                        "is not a company of this case",
                    ));
                }
                id
            }
            None => self
                .companies
                .iter()
                .find(|c| c.is_main)
                .map(|c| c.id)
                .ok_or_else(|| {
                    AppError::bad_input(
                        format!("{at}.toCompanyId"),
                        "the case has no main company; name the company",
                    )
                })?,
        };
        let exists = if from_is_company {
            self.companies.iter().any(|c| c.id == from_id)
        } else {
            self.individuals.iter().any(|p| p.id == from_id)
        };
        if !exists {
            let field = if from_is_company {
                "fromCompanyId"
            } else {
                "fromIndividualId"
            };
            return Err(AppError::bad_input(
                format!("{at}.{field}"),
                "is not an entity of this case",
            ));
        }
        if from_is_company && from_id == to {
            return Err(AppError::bad_input(
                format!("{at}.toCompanyId"),
                "a company cannot relate to itself",
            ));
        }
        let ownership = ownership
            .map(|p| Percentage::new(&format!("{at}.ownershipPercentage"), p))
            .transpose()?;
        let voting = voting
            .map(|p| Percentage::new(&format!("{at}.votingRightsPercentage"), p))
            .transpose()?;
        let direct = |pick: fn(&relation::Model) -> Option<f64>| -> f64 {
            self.relations
                .iter()
                .filter(|r| r.to_company_id == to)
                .filter_map(pick)
                .sum()
        };
        if direct(|r| r.ownership_percentage) + ownership.map_or(0.0, |p| p.value()) > 100.0 + 1e-9
        {
            return Err(AppError::bad_input(
                format!("{at}.ownershipPercentage"),
                "direct ownership of the company would exceed 100%",
            ));
        }
        if direct(|r| r.voting_rights_percentage) + voting.map_or(0.0, |p| p.value()) > 100.0 + 1e-9
        {
            return Err(AppError::bad_input(
                format!("{at}.votingRightsPercentage"),
                "direct voting rights in the company would exceed 100%",
            ));
        }
        let id = Uuid::new_v4();
        let stamp = self.stamp;
        self.relations.push(relation::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            from_individual_id: (!from_is_company).then_some(from_id),
            from_company_id: from_is_company.then_some(from_id),
            to_company_id: to,
            ownership_percentage: ownership.map(|p| p.value()),
            voting_rights_percentage: voting.map(|p| p.value()),
            roles: RelationRoles(roles.to_vec()),
            position: optional_text(&format!("{at}.position"), position, 255)?,
            created_at: stamp,
            updated_at: stamp,
        });
        Ok(id)
    }

    /// Adds a whole list of new companies and individuals with their relations: entities
    /// first (so refs resolve whatever the order), then relations.
    pub fn add_all(
        &mut self,
        at: &str,
        companies: &[CompanyInput],
        individuals: &[IndividualInput],
    ) -> AppResult<()> {
        let mut company_ids = Vec::with_capacity(companies.len());
        for (i, c) in companies.iter().enumerate() {
            company_ids.push(self.add_company(&format!("{at}.companies[{i}]"), c)?);
        }
        let mut individual_ids = Vec::with_capacity(individuals.len());
        for (i, p) in individuals.iter().enumerate() {
            individual_ids.push(self.add_individual(&format!("{at}.individuals[{i}]"), p)?);
        }
        for (i, (c, id)) in companies.iter().zip(company_ids).enumerate() {
            self.add_relations(&format!("{at}.companies[{i}]"), (id, true), &c.relations)?;
        }
        for (i, (p, id)) in individuals.iter().zip(individual_ids).enumerate() {
            self.add_relations(&format!("{at}.individuals[{i}]"), (id, false), &p.relations)?;
        }
        Ok(())
    }

    /// Writes the new companies, individuals and relations (in that order, for the keys).
    pub async fn insert_new(&self, db: &DatabaseTransaction) -> AppResult<()> {
        let (c, p, r) = self.existing;
        if self.companies.len() > c {
            company::Entity::insert_many(
                self.companies[c..]
                    .iter()
                    .cloned()
                    .map(company::ActiveModel::from),
            )
            .exec_without_returning(db)
            .await?;
        }
        if self.individuals.len() > p {
            individual::Entity::insert_many(
                self.individuals[p..]
                    .iter()
                    .cloned()
                    .map(individual::ActiveModel::from),
            )
            .exec_without_returning(db)
            .await?;
        }
        if self.relations.len() > r {
            relation::Entity::insert_many(
                self.relations[r..]
                    .iter()
                    .cloned()
                    .map(relation::ActiveModel::from),
            )
            .exec_without_returning(db)
            .await?;
        }
        Ok(())
    }

    pub fn new_companies(&self) -> &[company::Model] {
        &self.companies[self.existing.0..]
    }
    pub fn new_individuals(&self) -> &[individual::Model] {
        &self.individuals[self.existing.1..]
    }
    pub fn new_relations(&self) -> &[relation::Model] {
        &self.relations[self.existing.2..]
    }
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

/// Audit snapshot of a new entity.
pub fn snapshot<T: serde::Serialize>(model: &T) -> Value {
    json!({ "created": model })
}

/// Adds a company (with its relations) to a case.
pub async fn create_company(
    s: &Session,
    case_id: Uuid,
    input: &CompanyInput,
    expected_version: Option<i64>,
) -> AppResult<company::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let mut graph = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        let id = graph.add_company("input", input)?;
        graph.add_relations("input", (id, true), &input.relations)?;
        graph.insert_new(txn).await?;
        record_new(txn, s, &graph).await?;
        graph
            .companies
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| AppError::Internal("company lost".into()))
    })
    .await
}

/// Adds an individual (with their relations) to a case.
pub async fn create_individual(
    s: &Session,
    case_id: Uuid,
    input: &IndividualInput,
    expected_version: Option<i64>,
) -> AppResult<individual::Model> {
    s.principal.authorize(Permission::EditCases)?;
    s.write(async |txn| {
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let mut graph = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        let id = graph.add_individual("input", input)?;
        graph.add_relations("input", (id, false), &input.relations)?;
        graph.insert_new(txn).await?;
        record_new(txn, s, &graph).await?;
        graph
            .individuals
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| AppError::Internal("individual lost".into()))
    })
    .await
}

/// Adds a relation between two existing entities. The case is the one of the entities.
pub async fn create_relation(
    s: &Session,
    input: &CreateRelationInput,
    expected_version: Option<i64>,
) -> AppResult<relation::Model> {
    s.principal.authorize(Permission::EditCases)?;
    let from = match (&input.from_individual_id, &input.from_company_id) {
        (Some(id), None) => (parse_id("input.fromIndividualId", id)?, false),
        (None, Some(id)) => (parse_id("input.fromCompanyId", id)?, true),
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
        let case_id = match from {
            (id, true) => case_of::<company::Entity, _>(txn, s, id).await?,
            (id, false) => case_of::<individual::Entity, _>(txn, s, id).await?,
        };
        case::lock_for_change(txn, s, case_id, expected_version).await?;
        let mut graph = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        let id = graph.add_relation(
            "input",
            from,
            to,
            input.ownership_percentage,
            input.voting_rights_percentage,
            &input.roles,
            input.position.as_deref(),
        )?;
        graph.insert_new(txn).await?;
        record_new(txn, s, &graph).await?;
        graph
            .relations
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| AppError::Internal("relation lost".into()))
    })
    .await
}

/// One audit event per new entity and relation of the graph.
pub async fn record_new(db: &DatabaseTransaction, s: &Session, graph: &Graph) -> AppResult<()> {
    audit::record_many(db, s, graph.creation_events()).await
}

impl Graph {
    /// The audit events of the entities and relations this call adds, in insertion order.
    pub fn creation_events(&self) -> Vec<Change<'static>> {
        let event = |action, entity_type, id, changes| Change {
            case_id: self.case_id,
            action,
            entity_type,
            entity_id: Some(id),
            changes,
        };
        let companies = self
            .new_companies()
            .iter()
            .map(|c| event("company.created", "COMPANY", c.id, snapshot(c)));
        let individuals = self
            .new_individuals()
            .iter()
            .map(|p| event("individual.created", "INDIVIDUAL", p.id, snapshot(p)));
        let relations = self
            .new_relations()
            .iter()
            .map(|r| event("relation.created", "RELATION", r.id, snapshot(r)));
        companies.chain(individuals).chain(relations).collect()
    }
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
    /// Title.
    pub title: MaybeUndefined<Title>,
    /// First name (at most 40 characters).
    pub first_name: Option<String>,
    /// Last name (at most 40 characters).
    pub last_name: Option<String>,
    /// Maiden name.
    pub maiden_name: MaybeUndefined<String>,
    /// Full date of birth; `null` clears the birth date and its parts.
    pub birth_date: MaybeUndefined<NaiveDate>,
    /// Year of birth; with `birthMonth`/`birthDay`, replaces the birth date.
    pub birth_year: Option<i32>,
    /// Month of birth.
    pub birth_month: Option<u32>,
    /// Day of birth.
    pub birth_day: Option<u32>,
    /// Gender.
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

fn given<T: Clone>(value: &Option<T>) -> MaybeUndefined<T> {
    value
        .clone()
        .map_or(MaybeUndefined::Undefined, MaybeUndefined::Value)
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

/// Applies a patch to an optional column: keep, clear, or set what `parse` gives.
fn patch<T, U>(
    slot: &mut Option<U>,
    change: &MaybeUndefined<T>,
    parse: impl FnOnce(&T) -> AppResult<Option<U>>,
) -> AppResult<()> {
    match change {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *slot = None,
        MaybeUndefined::Value(v) => *slot = parse(v)?,
    }
    Ok(())
}

/// Validates and applies company changes (`at` is the input path for errors) made at
/// `stamp`.
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

/// Validates and applies individual changes (`at` is the input path for errors) made at
/// `stamp`.
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
            Some(Some(BirthDate::from_date(&f("birthDate"), *d, today)?))
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

impl Graph {
    /// The main company, if any.
    pub fn main_id(&self) -> Option<Uuid> {
        self.companies.iter().find(|c| c.is_main).map(|c| c.id)
    }

    fn nodes_and_edges(&self) -> (Vec<Uuid>, Vec<crate::domain::ownership::Edge<Uuid>>) {
        let nodes = self
            .companies
            .iter()
            .map(|c| c.id)
            .chain(self.individuals.iter().map(|p| p.id))
            .collect();
        (nodes, super::ownership::edges(&self.relations))
    }

    /// Removes an entity and every relation touching it.
    fn remove_entity(&mut self, id: Uuid) {
        self.companies.retain(|c| c.id != id);
        self.individuals.retain(|p| p.id != id);
        self.relations.retain(|r| {
            r.to_company_id != id
                && r.from_company_id != Some(id)
                && r.from_individual_id != Some(id)
        });
    }
}

/// Refuses a change after which an entity that had a path to the main company has none.
fn ensure_connected(field: &str, before: &Graph, after: &Graph) -> AppResult<()> {
    let Some(main) = before.main_id() else {
        return Ok(());
    };
    let (before_nodes, before_edges) = before.nodes_and_edges();
    let (after_nodes, after_edges) = after.nodes_and_edges();
    let orphaned = crate::domain::ownership::orphaned_by_change(
        &before_nodes,
        &before_edges,
        &after_nodes,
        &after_edges,
        main,
    );
    if orphaned.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = orphaned.iter().map(Uuid::to_string).collect();
    Err(AppError::bad_input(
        field,
        format!(
            "would leave {} without a path to the main company: {}",
            if ids.len() == 1 {
                "an entity"
            } else {
                "entities"
            },
            ids.join(", ")
        ),
    ))
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
async fn case_of<E: InCase, C: ConnectionTrait>(db: &C, s: &Session, id: Uuid) -> AppResult<Uuid> {
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
        let before = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        let mut after = before.clone();
        let old = before
            .companies
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or(AppError::NotFound { entity: "Company" })?;
        let mut new = old.clone();
        apply_company("input", input, &mut new, &before.definitions, s.now())?;
        after.check_main("input", &new)?;
        if let Some(slot) = after.companies.iter_mut().find(|c| c.id == id) {
            *slot = new.clone();
        }
        ensure_connected("input.isMain", &before, &after)?;
        company::Entity::update(company::ActiveModel::from(new.clone()).reset_all())
            .exec(txn)
            .await?;
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
    })
    .await
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
        let old = individual::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(AppError::NotFound {
                entity: "Individual",
            })?;
        let definitions = super::custom_property::definitions(txn, s.workspace()).await?;
        let mut new = old.clone();
        apply_individual("input", input, &mut new, &definitions, s.now())?;
        individual::Entity::update(individual::ActiveModel::from(new.clone()).reset_all())
            .exec(txn)
            .await?;
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
    })
    .await
}

/// `deleteCompany` / `deleteIndividual`: removes the entity with its relations and the checks
/// about it, unless that leaves another entity without a path to the main company.
pub async fn delete_entity(
    s: &Session,
    id: Uuid,
    is_company: bool,
    expected_version: Option<i64>,
) -> AppResult<Uuid> {
    s.principal.authorize(Permission::EditCases)?;
    let entity_type = if is_company { "COMPANY" } else { "INDIVIDUAL" };
    s.write(async |txn| {
        let case_id = if is_company {
            case_of::<company::Entity, _>(txn, s, id).await?
        } else {
            case_of::<individual::Entity, _>(txn, s, id).await?
        };
        let case = case::lock_for_change(txn, s, case_id, expected_version).await?;
        let before = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        // A writer that waited for the lock may find the entity already deleted.
        let snapshot = if is_company {
            before
                .companies
                .iter()
                .find(|c| c.id == id)
                .map(|c| json!(c))
        } else {
            before
                .individuals
                .iter()
                .find(|p| p.id == id)
                .map(|p| json!(p))
        }
        .ok_or(AppError::NotFound {
            entity: if is_company { "Company" } else { "Individual" },
        })?;
        let mut after = before.clone();
        after.remove_entity(id);
        ensure_connected("id", &before, &after)?;
        // Relations and checks about the entity go with it (foreign keys cascade).
        if is_company {
            company::Entity::delete_by_id(id).exec(txn).await?;
        } else {
            individual::Entity::delete_by_id(id).exec(txn).await?;
        }
        let removed: Vec<Uuid> = before
            .relations
            .iter()
            .filter(|r| !after.relations.iter().any(|a| a.id == r.id))
            .map(|r| r.id)
            .collect();
        let action = if is_company {
            "company.deleted"
        } else {
            "individual.deleted"
        };
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action,
                entity_type,
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
        let before = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        let old = before
            .relations
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(AppError::NotFound { entity: "Relation" })?;
        let mut after = before.clone();
        after.relations.retain(|r| r.id != id);
        let pick = |change: &MaybeUndefined<f64>, current: Option<f64>| match change {
            MaybeUndefined::Undefined => current,
            MaybeUndefined::Null => None,
            MaybeUndefined::Value(v) => Some(*v),
        };
        let position = match &input.position {
            MaybeUndefined::Undefined => old.position.clone(),
            MaybeUndefined::Null => None,
            MaybeUndefined::Value(v) => Some(v.clone()),
        };
        let roles = match &input.roles {
            Some(r) => r.clone(),
            None => old.roles.0.clone(),
        };
        let from = old
            .from_company_id
            .map(|c| (c, true))
            .or(old.from_individual_id.map(|p| (p, false)))
            .ok_or(AppError::Internal("relation without a source".into()))?;
        after.add_relation(
            "input",
            from,
            Some(to.unwrap_or(old.to_company_id)),
            pick(&input.ownership_percentage, old.ownership_percentage),
            pick(
                &input.voting_rights_percentage,
                old.voting_rights_percentage,
            ),
            &roles,
            position.as_deref(),
        )?;
        let mut new = after
            .relations
            .pop()
            .ok_or(AppError::Internal("relation lost".into()))?;
        new.id = id;
        new.created_at = old.created_at;
        after.relations.push(new.clone());
        ensure_connected("input.toCompanyId", &before, &after)?;
        relation::Entity::update(relation::ActiveModel::from(new.clone()).reset_all())
            .exec(txn)
            .await?;
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
        let before = Graph::load(txn, s.workspace(), case_id, s.now()).await?;
        let old = before
            .relations
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(AppError::NotFound { entity: "Relation" })?;
        let mut after = before.clone();
        after.relations.retain(|r| r.id != id);
        ensure_connected("id", &before, &after)?;
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
