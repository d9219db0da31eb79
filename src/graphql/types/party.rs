//! A case's companies, individuals and the relations between them.

use async_graphql::{Context, Json, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::{company, individual, relation};
use serde_json::Value;

use super::{json, strings};
use crate::domain::ownership::Measure;
use crate::domain::{Gender, RelationRole, Title};
use crate::graphql::loaders::{Identified, Node, OwnershipLoader};
use crate::service::input::Date;

/// A postal address.
#[derive(SimpleObject, Default, serde::Deserialize)]
#[serde(default)]
pub struct Address {
    /// House number.
    pub line1: Option<String>,
    /// House name.
    pub line2: Option<String>,
    /// Sub-building (flat, apartment).
    pub line3: Option<String>,
    /// Street name.
    pub line4: Option<String>,
    /// Locality or district within the town.
    pub line5: Option<String>,
    /// Town or city.
    pub line6: Option<String>,
    /// County, state or region.
    pub line7: Option<String>,
    /// Postal code, as written in the country.
    pub postcode: Option<String>,
    /// ISO 3166-1 alpha-2 country.
    pub country: Option<String>,
}

/// An entity's total interest in its case's main company (one computation per case and
/// request, shared through the ownership loader).
async fn total_interest<M: Identified + Send + Sync + 'static>(
    ctx: &Context<'_>,
    node: &Node<M>,
    case_of: fn(&M) -> Option<uuid::Uuid>,
    measure: Measure,
) -> async_graphql::Result<Option<f64>> {
    let graph = node
        .lookup::<OwnershipLoader>(ctx, "ownership", case_of)
        .await?;
    Ok(graph.and_then(|g| g.total(node.id(), measure)))
}

fn address(value: &Option<Value>) -> Option<Address> {
    value
        .as_ref()
        .map(|v| serde_json::from_value(v.clone()).unwrap_or_default())
}

/// A company of a case: the main one (the customer) or an affiliated one.
pub struct Company(pub Node<company::Model>);

/// A company of a case: the main one (the customer) or an affiliated one.
#[Object(serial)]
impl Company {
    /// The company's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The case.
    async fn case_id(&self) -> ID {
        ID(self.0.case_id.to_string())
    }
    /// Legal name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Registration number.
    async fn registration_number(&self) -> Option<&str> {
        self.0.registration_number.as_deref()
    }
    /// ISO 3166-1 alpha-2 country of registration.
    async fn country(&self) -> Option<&str> {
        self.0.country.map(|c| c.as_str())
    }
    /// Legal form.
    async fn legal_form(&self) -> Option<&str> {
        self.0.legal_form.as_deref()
    }
    /// Registered address.
    async fn address(&self) -> Option<Address> {
        address(&self.0.address)
    }
    /// Whether this is the case's main company.
    async fn is_main(&self) -> bool {
        self.0.is_main
    }
    /// Total ownership of the main company held through this company, in percent, over
    /// every path (see the README). With cross-holdings a company's look-through total can
    /// exceed 100; individuals' totals never do. `null` without a main company.
    async fn total_ownership_percentage(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<f64>> {
        total_interest(ctx, &self.0, |e| Some(e.case_id), Measure::Ownership).await
    }
    /// Total voting rights in the main company held through this company, in percent.
    async fn total_voting_rights_percentage(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<f64>> {
        total_interest(ctx, &self.0, |e| Some(e.case_id), Measure::Voting).await
    }
    /// Custom property values by key.
    async fn custom_properties(&self) -> Json<Value> {
        json(&self.0.custom_properties)
    }
    /// An object of string values.
    async fn metadata(&self) -> Option<Json<Value>> {
        self.0.metadata.as_ref().map(json)
    }
    /// When the company was added to the case (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A person of a case: shareholder, director, representative, contact.
pub struct Individual(pub Node<individual::Model>);

/// A person of a case: shareholder, director, representative, contact.
#[Object(serial)]
impl Individual {
    /// The individual's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The case.
    async fn case_id(&self) -> ID {
        ID(self.0.case_id.to_string())
    }
    /// The individual's form of address (Mr, Ms, Dr…), when given.
    async fn title(&self) -> Option<Title> {
        self.0.title
    }
    /// First name.
    async fn first_name(&self) -> &str {
        &self.0.first_name
    }
    /// Last name.
    async fn last_name(&self) -> &str {
        &self.0.last_name
    }
    /// Maiden name.
    async fn maiden_name(&self) -> Option<&str> {
        self.0.maiden_name.as_deref()
    }
    /// Date of birth.
    async fn birth_date(&self) -> Option<Date> {
        self.0.birth_date.map(Date)
    }
    /// Year of birth (also when only the year is known).
    async fn birth_year(&self) -> Option<i32> {
        self.0.birth_year
    }
    /// Month of birth, when known.
    async fn birth_month(&self) -> Option<i32> {
        self.0.birth_month
    }
    /// Day of birth, when known.
    async fn birth_day(&self) -> Option<i32> {
        self.0.birth_day
    }
    /// The individual's gender, when given.
    async fn gender(&self) -> Option<Gender> {
        self.0.gender
    }
    /// ISO 3166-1 alpha-2 nationality.
    async fn nationality(&self) -> Option<&str> {
        self.0.nationality.map(|c| c.as_str())
    }
    /// Email addresses.
    async fn emails(&self) -> Vec<String> {
        strings(&self.0.emails)
    }
    /// Phone numbers (E.164).
    async fn phone_numbers(&self) -> Vec<String> {
        strings(&self.0.phone_numbers)
    }
    /// Home address.
    async fn address(&self) -> Option<Address> {
        address(&self.0.address)
    }
    /// The business's contact person.
    async fn is_business_contact(&self) -> bool {
        self.0.is_business_contact
    }
    /// Declared beneficial owner.
    async fn is_beneficial_owner(&self) -> bool {
        self.0.is_beneficial_owner
    }
    /// Total ownership of the main company, in percent, over every path: products of the
    /// direct percentages along a path, summed over paths (cycles included). `null` without
    /// a main company.
    async fn total_ownership_percentage(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<f64>> {
        total_interest(ctx, &self.0, |e| Some(e.case_id), Measure::Ownership).await
    }
    /// Total voting rights in the main company, in percent, over every path.
    async fn total_voting_rights_percentage(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<f64>> {
        total_interest(ctx, &self.0, |e| Some(e.case_id), Measure::Voting).await
    }
    /// Custom property values by key.
    async fn custom_properties(&self) -> Json<Value> {
        json(&self.0.custom_properties)
    }
    /// An object of string values.
    async fn metadata(&self) -> Option<Json<Value>> {
        self.0.metadata.as_ref().map(json)
    }
    /// When the individual was added to the case (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// An edge of the ownership and control graph: an individual or company related to a company.
pub struct Relation(pub Node<relation::Model>);

/// An edge of the ownership and control graph: an individual or company related to a company.
#[Object(serial)]
impl Relation {
    /// The relation's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The individual the relation starts from.
    async fn from_individual_id(&self) -> Option<ID> {
        self.0.from_individual_id.map(|id| ID(id.to_string()))
    }
    /// The company the relation starts from.
    async fn from_company_id(&self) -> Option<ID> {
        self.0.from_company_id.map(|id| ID(id.to_string()))
    }
    /// The company related to.
    async fn to_company_id(&self) -> ID {
        ID(self.0.to_company_id.to_string())
    }
    /// Direct ownership, percent.
    async fn ownership_percentage(&self) -> Option<f64> {
        self.0.ownership_percentage
    }
    /// Direct voting rights, percent.
    async fn voting_rights_percentage(&self) -> Option<f64> {
        self.0.voting_rights_percentage
    }
    /// What the relation means.
    async fn roles(&self) -> &[RelationRole] {
        &self.0.roles.0
    }
    /// Position held.
    async fn position(&self) -> Option<&str> {
        self.0.position.as_deref()
    }
    /// When the relation was recorded (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
