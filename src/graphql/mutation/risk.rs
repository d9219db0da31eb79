//! Risks.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::case::Case;
use crate::graphql::types::risk::Risk;
use crate::service::input::parse_id;
use crate::service::risk::{self, AutomaticRiskInput, ManualRiskInput};

#[derive(Default)]
pub struct RiskMutation;

#[Object]
impl RiskMutation {
    /// Saves a risk computed by a scorer (analysts, integrations). It becomes current unless
    /// a manual risk is. Pushing exactly the latest automatic risk again saves nothing and
    /// returns that risk, so retries are safe.
    async fn push_automatic_risk(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        input: AutomaticRiskInput,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Risk> {
        let s = session(ctx)?;
        Ok(Risk(Node::one(
            risk::push_automatic(s, parse_id("caseId", &case_id)?, &input, expected_version)
                .await?,
        )))
    }

    /// Sets a manual risk, which becomes current (reviewers).
    async fn set_manual_risk(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        input: ManualRiskInput,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Risk> {
        let s = session(ctx)?;
        Ok(Risk(Node::one(
            risk::set_manual(s, parse_id("caseId", &case_id)?, &input, expected_version).await?,
        )))
    }

    /// Makes the latest automatic risk current again, ending a manual override (reviewers).
    async fn enable_automatic_risk(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            risk::enable_automatic(s, parse_id("caseId", &case_id)?, expected_version).await?,
        )))
    }
}
