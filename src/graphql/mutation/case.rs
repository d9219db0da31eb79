//! Case writes.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::case::Case;
use crate::service::case::{self, CreateCaseInput, UpdateCaseInput};
use crate::service::input::parse_id;

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// Creates a case, optionally with companies, individuals (and their relations) and
    /// checks, in one transaction: all of it or nothing.
    async fn create_case(
        &self,
        ctx: &Context<'_>,
        input: CreateCaseInput,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(case::create(s, &input).await?)))
    }

    /// Updates a case's fields. `expectedVersion`, when given, must equal the case's
    /// current version, or the update is refused with `CONFLICT`.
    async fn update_case(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateCaseInput,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            case::update(s, parse_id("id", &id)?, &input, expected_version).await?,
        )))
    }

    /// Deletes a case (soft: it disappears from reads and frees its external id; its audit
    /// trail stays). Returns its id.
    async fn delete_case(
        &self,
        ctx: &Context<'_>,
        id: ID,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        Ok(ID(case::delete(s, parse_id("id", &id)?, expected_version)
            .await?
            .to_string()))
    }
}
