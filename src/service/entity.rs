//! A case's entities: companies, individuals and the relations between them. New entities
//! are planned in memory against the case's current graph (refs resolved, rules checked),
//! then inserted in the caller's transaction, so a refusal writes nothing.

use std::collections::HashMap;

use async_graphql::{InputObject, Json, ID};
use chrono::NaiveDate;
use entity::{company, individual, relation};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde_json::{json, Value};
use uuid::Uuid;

use super::audit::{self, Change};
use super::{case, now, Session};
use crate::auth::Permission;
use crate::domain::input::{country, metadata, optional_text, percentage, required_text, MAX_NAME};
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
    /// Date of birth (not in the future).
    pub birth_date: Option<NaiveDate>,
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
    /// Relations from this individual to companies of the case.
    #[graphql(default)]
    pub relations: Vec<RelationInput>,
}

/// Parses an `ID` argument holding a UUID.
pub fn parse_id(field: &str, id: &ID) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| AppError::bad_input(field, "is not a valid id"))
}

/// A case's entity graph: what exists plus what a call adds. Checks the rules over both.
pub struct Graph {
    pub case_id: Uuid,
    pub workspace_id: String,
    pub companies: Vec<company::Model>,
    pub individuals: Vec<individual::Model>,
    pub relations: Vec<relation::Model>,
    /// How many of each list already exist in the database (the rest are new).
    existing: (usize, usize, usize),
    refs: HashMap<String, (Uuid, bool)>,
}

impl Graph {
    /// An empty graph for a case being created.
    pub fn empty(case_id: Uuid, workspace_id: &str) -> Self {
        Graph {
            case_id,
            workspace_id: workspace_id.to_owned(),
            companies: vec![],
            individuals: vec![],
            relations: vec![],
            existing: (0, 0, 0),
            refs: HashMap::new(),
        }
    }

    /// The graph of an existing case.
    pub async fn load<C: ConnectionTrait>(
        db: &C,
        workspace_id: &str,
        case_id: Uuid,
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
        Ok(Graph {
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
        if input.is_main && self.companies.iter().any(|c| c.is_main) {
            return Err(AppError::bad_input(
                format!("{at}.isMain"),
                "the case already has a main company",
            ));
        }
        let stamp = now();
        self.companies.push(company::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            name: required_text(&format!("{at}.name"), &input.name, MAX_NAME)?,
            registration_number: optional_text(
                &format!("{at}.registrationNumber"),
                input.registration_number.as_deref(),
                20,
            )?,
            country: input
                .country
                .as_deref()
                .map(|c| country(&format!("{at}.country"), c))
                .transpose()?,
            legal_form: optional_text(
                &format!("{at}.legalForm"),
                input.legal_form.as_deref(),
                100,
            )?,
            address: input
                .address
                .as_ref()
                .map(|a| address(&format!("{at}.address"), a))
                .transpose()?,
            is_main: input.is_main,
            custom_properties: json!({}),
            metadata: input
                .metadata
                .as_ref()
                .map(|m| metadata(&format!("{at}.metadata"), m))
                .transpose()?,
            created_at: stamp,
            updated_at: stamp,
        });
        Ok(id)
    }

    /// Adds an individual. Returns its id.
    pub fn add_individual(&mut self, at: &str, input: &IndividualInput) -> AppResult<Uuid> {
        let id = Uuid::new_v4();
        self.add_ref(&format!("{at}.ref"), input.reference.as_deref(), id, false)?;
        if let Some(d) = input.birth_date {
            if d > now().date_naive() {
                return Err(AppError::bad_input(
                    format!("{at}.birthDate"),
                    "must not be in the future",
                ));
            }
        }
        let list = |field: &str, values: &[String], max: usize| -> AppResult<Value> {
            let items = values
                .iter()
                .enumerate()
                .map(|(i, v)| required_text(&format!("{at}.{field}[{i}]"), v, max))
                .collect::<AppResult<Vec<_>>>()?;
            Ok(json!(items))
        };
        let stamp = now();
        self.individuals.push(individual::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            title: input.title.map(|t| t.as_str().to_owned()),
            first_name: required_text(&format!("{at}.firstName"), &input.first_name, 40)?,
            last_name: required_text(&format!("{at}.lastName"), &input.last_name, 40)?,
            maiden_name: optional_text(
                &format!("{at}.maidenName"),
                input.maiden_name.as_deref(),
                40,
            )?,
            birth_date: input.birth_date,
            birth_year: None,
            birth_month: None,
            birth_day: None,
            gender: input.gender.map(|g| g.as_str().to_owned()),
            nationality: input
                .nationality
                .as_deref()
                .map(|c| country(&format!("{at}.nationality"), c))
                .transpose()?,
            emails: list("emails", &input.emails, 250)?,
            phone_numbers: list("phoneNumbers", &input.phone_numbers, 20)?,
            address: input
                .address
                .as_ref()
                .map(|a| address(&format!("{at}.address"), a))
                .transpose()?,
            is_business_contact: input.is_business_contact,
            is_beneficial_owner: input.is_beneficial_owner,
            custom_properties: json!({}),
            metadata: input
                .metadata
                .as_ref()
                .map(|m| metadata(&format!("{at}.metadata"), m))
                .transpose()?,
            created_at: stamp,
            updated_at: stamp,
        });
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
            .map(|p| percentage(&format!("{at}.ownershipPercentage"), p))
            .transpose()?;
        let voting = voting
            .map(|p| percentage(&format!("{at}.votingRightsPercentage"), p))
            .transpose()?;
        let direct = |pick: fn(&relation::Model) -> Option<f64>| -> f64 {
            self.relations
                .iter()
                .filter(|r| r.to_company_id == to)
                .filter_map(pick)
                .sum()
        };
        if direct(|r| r.ownership_percentage) + ownership.unwrap_or(0.0) > 100.0 + 1e-9 {
            return Err(AppError::bad_input(
                format!("{at}.ownershipPercentage"),
                "direct ownership of the company would exceed 100%",
            ));
        }
        if direct(|r| r.voting_rights_percentage) + voting.unwrap_or(0.0) > 100.0 + 1e-9 {
            return Err(AppError::bad_input(
                format!("{at}.votingRightsPercentage"),
                "direct voting rights in the company would exceed 100%",
            ));
        }
        let id = Uuid::new_v4();
        let stamp = now();
        self.relations.push(relation::Model {
            id,
            workspace_id: self.workspace_id.clone(),
            case_id: self.case_id,
            from_individual_id: (!from_is_company).then_some(from_id),
            from_company_id: from_is_company.then_some(from_id),
            to_company_id: to,
            ownership_percentage: ownership,
            voting_rights_percentage: voting,
            roles: json!(roles.iter().map(|r| r.as_str()).collect::<Vec<_>>()),
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
    pub async fn insert_new<C: ConnectionTrait>(&self, db: &C) -> AppResult<()> {
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
        "postcode": field("postcode", &a.postcode, 10)?,
        "country": a.country.as_deref().map(|c| country(&format!("{at}.country"), c)).transpose()?,
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
    let txn = s.db.begin().await?;
    case::lock_for_change(&txn, s, case_id, expected_version).await?;
    let mut graph = Graph::load(&txn, s.workspace(), case_id).await?;
    let id = graph.add_company("input", input)?;
    graph.add_relations("input", (id, true), &input.relations)?;
    graph.insert_new(&txn).await?;
    record_new(&txn, s, &graph).await?;
    txn.commit().await?;
    graph
        .companies
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| AppError::Internal("company lost".into()))
}

/// Adds an individual (with their relations) to a case.
pub async fn create_individual(
    s: &Session,
    case_id: Uuid,
    input: &IndividualInput,
    expected_version: Option<i64>,
) -> AppResult<individual::Model> {
    s.principal.authorize(Permission::EditCases)?;
    let txn = s.db.begin().await?;
    case::lock_for_change(&txn, s, case_id, expected_version).await?;
    let mut graph = Graph::load(&txn, s.workspace(), case_id).await?;
    let id = graph.add_individual("input", input)?;
    graph.add_relations("input", (id, false), &input.relations)?;
    graph.insert_new(&txn).await?;
    record_new(&txn, s, &graph).await?;
    txn.commit().await?;
    graph
        .individuals
        .into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| AppError::Internal("individual lost".into()))
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
    let case_id = owning_case(s, from).await?;
    let txn = s.db.begin().await?;
    case::lock_for_change(&txn, s, case_id, expected_version).await?;
    let mut graph = Graph::load(&txn, s.workspace(), case_id).await?;
    let id = graph.add_relation(
        "input",
        from,
        to,
        input.ownership_percentage,
        input.voting_rights_percentage,
        &input.roles,
        input.position.as_deref(),
    )?;
    graph.insert_new(&txn).await?;
    record_new(&txn, s, &graph).await?;
    txn.commit().await?;
    graph
        .relations
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| AppError::Internal("relation lost".into()))
}

/// The case an entity belongs to, within the caller's workspace.
async fn owning_case(s: &Session, (id, is_company): (Uuid, bool)) -> AppResult<Uuid> {
    let case_id = if is_company {
        company::Entity::find_by_id(id)
            .filter(company::Column::WorkspaceId.eq(s.workspace()))
            .one(&s.db)
            .await?
            .map(|c| c.case_id)
    } else {
        individual::Entity::find_by_id(id)
            .filter(individual::Column::WorkspaceId.eq(s.workspace()))
            .one(&s.db)
            .await?
            .map(|p| p.case_id)
    };
    case_id.ok_or(AppError::NotFound {
        entity: if is_company { "Company" } else { "Individual" },
    })
}

/// One audit event per new entity and relation of the graph.
pub async fn record_new<C: ConnectionTrait>(db: &C, s: &Session, graph: &Graph) -> AppResult<()> {
    let case_id = graph.case_id;
    let companies = graph.new_companies().iter().map(|c| Change {
        case_id,
        action: "company.created",
        entity_type: "COMPANY",
        entity_id: Some(c.id),
        changes: snapshot(c),
    });
    let individuals = graph.new_individuals().iter().map(|p| Change {
        case_id,
        action: "individual.created",
        entity_type: "INDIVIDUAL",
        entity_id: Some(p.id),
        changes: snapshot(p),
    });
    let relations = graph.new_relations().iter().map(|r| Change {
        case_id,
        action: "relation.created",
        entity_type: "RELATION",
        entity_id: Some(r.id),
        changes: snapshot(r),
    });
    audit::record_many(
        db,
        s,
        companies.chain(individuals).chain(relations).collect(),
    )
    .await
}
