//! Checks: creation, progress and decisions, AML hit decisions.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::check::Check;
use crate::service::check::{
    self, AmlHitDecisionInput, CheckDecision, CheckInput, UpdateCheckInput,
};
use crate::service::input::parse_id;

#[derive(Default)]
pub struct CheckMutation;

#[Object]
impl CheckMutation {
    /// Adds a check to a case; the case's flags are recomputed.
    async fn create_check(
        &self,
        ctx: &Context<'_>,
        case_id: ID,
        input: CheckInput,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Check> {
        let s = session(ctx)?;
        Ok(Check(Node::one(
            check::create_check(s, parse_id("caseId", &case_id)?, &input, expected_version).await?,
        )))
    }

    /// Approves or rejects a check (reviewers). The case's flags follow; with the
    /// workspace's `autoApprove` on, approving the last check approves an `OPEN` case.
    async fn review_check(
        &self,
        ctx: &Context<'_>,
        check_id: ID,
        status: CheckDecision,
        comment: Option<String>,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Check> {
        let s = session(ctx)?;
        Ok(Check(Node::one(
            check::review_check(
                s,
                parse_id("checkId", &check_id)?,
                status,
                comment.as_deref(),
                expected_version,
            )
            .await?,
        )))
    }

    /// Reports progress on a check (`IN_PROGRESS`, `PROCESSING`, `NEED_REVIEW`, `EXPIRED`),
    /// its payload, expiry, and new AML hits.
    async fn update_check(
        &self,
        ctx: &Context<'_>,
        check_id: ID,
        input: UpdateCheckInput,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Check> {
        let s = session(ctx)?;
        Ok(Check(Node::one(
            check::update_check(s, parse_id("checkId", &check_id)?, &input, expected_version)
                .await?,
        )))
    }

    /// Deactivates (simplified due diligence) or reactivates a check; deactivated checks
    /// are ignored by flags.
    async fn set_check_deactivated(
        &self,
        ctx: &Context<'_>,
        check_id: ID,
        deactivated: bool,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Check> {
        let s = session(ctx)?;
        Ok(Check(Node::one(
            check::set_deactivated(
                s,
                parse_id("checkId", &check_id)?,
                deactivated,
                expected_version,
            )
            .await?,
        )))
    }

    /// Excludes an AML check from the case's AML positivity (reviewers); `excluded: false`
    /// brings it back.
    async fn exclude_check(
        &self,
        ctx: &Context<'_>,
        check_id: ID,
        #[graphql(default = true)] excluded: bool,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Check> {
        let s = session(ctx)?;
        Ok(Check(Node::one(
            check::set_excluded(
                s,
                parse_id("checkId", &check_id)?,
                excluded,
                expected_version,
            )
            .await?,
        )))
    }

    /// Decides up to 100 AML hits of one check, all or nothing: one unknown hit refuses the
    /// batch, with its index (reviewers).
    async fn review_aml_hits(
        &self,
        ctx: &Context<'_>,
        check_id: ID,
        decisions: Vec<AmlHitDecisionInput>,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Check> {
        let s = session(ctx)?;
        Ok(Check(Node::one(
            check::review_aml_hits(
                s,
                parse_id("checkId", &check_id)?,
                &decisions,
                expected_version,
            )
            .await?,
        )))
    }
}
