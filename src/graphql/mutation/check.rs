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
        #[graphql(desc = "The case the check belongs to.")] case_id: ID,
        #[graphql(desc = "The check to add: its type, subject and starting status.")]
        input: CheckInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
        #[graphql(desc = "The check to decide.")] check_id: ID,
        #[graphql(desc = "The decision: approved or rejected.")] status: CheckDecision,
        #[graphql(desc = "Why, kept in the audit trail (at most 10,000 characters).")]
        comment: Option<String>,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
        #[graphql(desc = "The check to update.")] check_id: ID,
        #[graphql(desc = "The fields to change; fields left out keep their value.")]
        input: UpdateCheckInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
        #[graphql(desc = "The check to deactivate or bring back.")] check_id: ID,
        #[graphql(
            desc = "`true` deactivates the check (it no longer counts towards the case's status); `false` brings it back."
        )]
        deactivated: bool,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
        #[graphql(desc = "The AML check to exclude or bring back.")] check_id: ID,
        #[graphql(
            default = true,
            desc = "`true` leaves the check out of the case's AML positivity; `false` counts it again."
        )]
        excluded: bool,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
        #[graphql(desc = "The AML check whose hits are decided.")] check_id: ID,
        #[graphql(
            desc = "One decision per hit: the hit's `id` and whether it is a true or a false positive."
        )]
        decisions: Vec<AmlHitDecisionInput>,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
