//! Risks.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::types::case::Case;
use crate::graphql::types::risk::Risk;
use crate::graphql::{idempotency, session};
use crate::service::input::parse_id;
use crate::service::risk::{self, AutomaticRiskInput, ManualRiskInput};

#[derive(Default)]
pub struct RiskMutation;

#[Object]
impl RiskMutation {
    /// Saves a risk computed by a scorer (analysts, integrations). It becomes current unless
    /// a manual risk is. Pushing exactly the latest automatic risk again saves nothing and
    /// returns that risk, so retries are safe; an `idempotencyKey` makes a retry return the
    /// risk the first call saved even when others were pushed since.
    async fn push_automatic_risk(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case the risk assessment is for.")] case_id: ID,
        #[graphql(desc = "The assessment from the scoring system: level, score and components.")]
        input: AutomaticRiskInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
        #[graphql(
            desc = "A key of the caller's choice that makes a retry safe: the same key with the same arguments, within the idempotency window, answers what the first call did without writing again; with other arguments it is `CONFLICT`."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<Risk> {
        let s = session(ctx)?;
        let key = idempotency(ctx, "pushAutomaticRisk", idempotency_key.as_deref())?;
        Ok(Risk(Node::one(
            risk::push_automatic(
                s,
                parse_id("caseId", &case_id)?,
                &input,
                expected_version,
                key.as_ref(),
            )
            .await?,
        )))
    }

    /// Sets a manual risk, which becomes current (reviewers).
    async fn set_manual_risk(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case whose risk level is set by hand.")] case_id: ID,
        #[graphql(desc = "The level and why it is set by hand.")] input: ManualRiskInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
        #[graphql(desc = "The case whose risk follows automatic assessments again.")] case_id: ID,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            risk::enable_automatic(s, parse_id("caseId", &case_id)?, expected_version).await?,
        )))
    }
}
