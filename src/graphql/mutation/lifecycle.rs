//! Decisions and work on a case: reviews, reopening, review dates, assignment, notes.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::case::Case;
use crate::graphql::types::note::Note;
use crate::service::input::parse_id;
use crate::service::note;
use crate::service::review::{self, CaseReviewInput, ReviewScheduleInput};

#[derive(Default)]
pub struct LifecycleMutation;

#[Object]
impl LifecycleMutation {
    /// Confirms a case's pending decision (four-eyes): the proposed review is recorded and
    /// the case moves (`nextReviewAt` computed now). A reviewer or admin other than the
    /// proposer, and a person (`FORBIDDEN` otherwise); `NOT_FOUND` without a pending decision.
    async fn confirm_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case whose pending decision to confirm.")] case_id: ID,
        #[graphql(desc = "The checker's reason, kept in the audit trail.")] comment: Option<String>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            review::settle(s, parse_id("caseId", &case_id)?, true, comment.as_deref()).await?,
        )))
    }

    /// Declines a case's pending decision (four-eyes): the proposal is closed, the case
    /// stays. Same rules as `confirmDecision`.
    async fn decline_decision(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case whose pending decision to decline.")] case_id: ID,
        #[graphql(desc = "The checker's reason, kept in the audit trail.")] comment: Option<String>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            review::settle(s, parse_id("caseId", &case_id)?, false, comment.as_deref()).await?,
        )))
    }

    /// Approves, rejects or closes a case (reviewers). Allowed from `DRAFT`, `OPEN`,
    /// `APPROVED` (re-approval confirms a periodic review) and `REJECTED`; otherwise
    /// `INVALID_TRANSITION`. Returns the case; the review is its `lastReview`. Under the
    /// workspace's `fourEyes` setting an approval becomes the case's `pendingDecision`.
    async fn create_case_review(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case under review.")] case_id: ID,
        #[graphql(desc = "The review's decision and comment.")] input: CaseReviewInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            review::create(s, parse_id("caseId", &case_id)?, &input, expected_version).await?,
        )))
    }

    /// Takes an approved, rejected or closed case back to `OPEN` (reviewers).
    async fn reopen_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The closed case to reopen.")] case_id: ID,
        #[graphql(
            desc = "Why it is reopened, kept in the audit trail (at most 10,000 characters)."
        )]
        comment: Option<String>,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            review::reopen(
                s,
                parse_id("caseId", &case_id)?,
                comment.as_deref(),
                expected_version,
            )
            .await?,
        )))
    }

    /// Sets when the case is next reviewed: a date or a preset (reviewers).
    async fn set_case_review_date(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case whose next review is scheduled.")] case_id: ID,
        #[graphql(desc = "When the next review is due: a date, or a period from today.")]
        schedule: ReviewScheduleInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            review::set_review_date(
                s,
                parse_id("caseId", &case_id)?,
                &schedule,
                expected_version,
            )
            .await?,
        )))
    }

    /// Assigns the case to a user of the workspace, or to nobody with `userId: null`.
    async fn assign_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to assign.")] case_id: ID,
        #[graphql(
            desc = "The user who takes the case (a member of the workspace); `null` unassigns it."
        )]
        user_id: Option<ID>,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            review::assign(
                s,
                parse_id("caseId", &case_id)?,
                user_id.as_ref(),
                expected_version,
            )
            .await?,
        )))
    }

    /// Adds a note to a case, or to one of its checks.
    async fn add_note(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case the note is on.")] case_id: ID,
        #[graphql(desc = "One of the case's checks, when the note is about that check.")]
        check_id: Option<ID>,
        #[graphql(desc = "The note's text (at most 10,000 characters).")] body: String,
    ) -> async_graphql::Result<Note> {
        let s = session(ctx)?;
        Ok(Note(Node::one(
            note::add(s, parse_id("caseId", &case_id)?, check_id.as_ref(), &body).await?,
        )))
    }

    /// Deletes a note (its author or an admin). Returns its id.
    async fn delete_note(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The note to delete.")] note_id: ID,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        Ok(ID(note::delete(s, parse_id("noteId", &note_id)?)
            .await?
            .to_string()))
    }
}
