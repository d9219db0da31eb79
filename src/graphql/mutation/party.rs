//! Writes on a case's parties (companies, individuals) and the relations between them.

use async_graphql::{Context, Object, ID};

use crate::domain::entity_graph::Party;
use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::party::{Company, Individual, Relation};
use crate::service::input::parse_id;
use crate::service::party::{
    self, CompanyInput, CreateRelationInput, IndividualInput, UpdateCompanyInput,
    UpdateIndividualInput, UpdateRelationInput,
};

#[derive(Default)]
pub struct PartyMutation;

#[Object]
impl PartyMutation {
    /// Adds a company (with its relations) to a case.
    async fn create_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case the company joins.")] case_id: ID,
        #[graphql(
            desc = "The company: its name, registration details and relations to the case's other parties."
        )]
        input: CompanyInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Company> {
        let s = session(ctx)?;
        Ok(Company(Node::one(
            party::create_company(s, parse_id("caseId", &case_id)?, &input, expected_version)
                .await?,
        )))
    }

    /// Adds an individual (with their relations) to a case.
    async fn create_individual(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case the individual joins.")] case_id: ID,
        #[graphql(
            desc = "The individual: identity, contact details and relations to the case's companies."
        )]
        input: IndividualInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Individual> {
        let s = session(ctx)?;
        Ok(Individual(Node::one(
            party::create_individual(s, parse_id("caseId", &case_id)?, &input, expected_version)
                .await?,
        )))
    }

    /// Relates an individual or company to a company of the same case (the main company
    /// when `toCompanyId` is omitted).
    async fn create_relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The relation: who is related to which company, with roles and ownership."
        )]
        input: CreateRelationInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Relation> {
        let s = session(ctx)?;
        Ok(Relation(Node::one(
            party::create_relation(s, &input, expected_version).await?,
        )))
    }

    /// Changes a company. Refused if it would leave an entity without a path to the main
    /// company (e.g. un-marking the main company that others relate to).
    async fn update_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company to update.")] id: ID,
        #[graphql(
            desc = "The fields to change; fields left out keep their value, `null` clears an optional one."
        )]
        input: UpdateCompanyInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Company> {
        let s = session(ctx)?;
        Ok(Company(Node::one(
            party::update_company(s, parse_id("id", &id)?, &input, expected_version).await?,
        )))
    }

    /// Deletes a company with its relations and the checks about it. Refused if another
    /// entity would lose its path to the main company. Returns its id.
    async fn delete_company(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The company to remove from its case, with its relations.")] id: ID,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        let party = Party::Company(parse_id("id", &id)?);
        Ok(ID(party::delete_party(s, party, expected_version)
            .await?
            .to_string()))
    }

    /// Changes an individual.
    async fn update_individual(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The individual to update.")] id: ID,
        #[graphql(
            desc = "The fields to change; fields left out keep their value, `null` clears an optional one."
        )]
        input: UpdateIndividualInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Individual> {
        let s = session(ctx)?;
        Ok(Individual(Node::one(
            party::update_individual(s, parse_id("id", &id)?, &input, expected_version).await?,
        )))
    }

    /// Deletes an individual with their relations and the checks about them. Returns the id.
    async fn delete_individual(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The individual to remove from their case, with their relations.")] id: ID,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        let party = Party::Individual(parse_id("id", &id)?);
        Ok(ID(party::delete_party(s, party, expected_version)
            .await?
            .to_string()))
    }

    /// Changes a relation (same rules as a new one); refused if an entity would lose its
    /// path to the main company.
    async fn update_relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The relation to update.")] id: ID,
        #[graphql(desc = "The fields to change; fields left out keep their value.")]
        input: UpdateRelationInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Relation> {
        let s = session(ctx)?;
        Ok(Relation(Node::one(
            party::update_relation(s, parse_id("id", &id)?, &input, expected_version).await?,
        )))
    }

    /// Deletes a relation, unless an entity would lose its path to the main company.
    /// Returns its id.
    async fn delete_relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The relation to delete.")] id: ID,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        Ok(ID(party::delete_relation(
            s,
            parse_id("id", &id)?,
            expected_version,
        )
        .await?
        .to_string()))
    }
}
