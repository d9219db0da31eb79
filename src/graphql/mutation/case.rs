//! Case writes.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::types::case::Case;
use crate::graphql::{batch, idempotency, session};
use crate::service::bulk::{self, TemplateItemInput};
use crate::service::case::{self, CreateCaseInput, UpdateCaseInput};
use crate::service::input::parse_id;

#[derive(Default)]
pub struct CaseMutation;

#[Object]
impl CaseMutation {
    /// Creates a case, optionally with companies, individuals (and their relations) and
    /// checks, in one transaction: all of it or nothing. With an `idempotencyKey`, a retry
    /// (same key, same arguments) returns the case the first call created; the same key
    /// with other arguments is `CONFLICT`.
    async fn create_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to create, with its parties and checks.")]
        input: CreateCaseInput,
        #[graphql(
            desc = "A key of the caller's choice that makes a retry safe: the same key with the same arguments, within the idempotency window, answers what the first call did without writing again; with other arguments it is `CONFLICT`."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        let key = idempotency(ctx, "createCase", idempotency_key.as_deref())?;
        Ok(Case(Node::one(
            case::create_keyed(s, &input, key.as_ref()).await?,
        )))
    }

    /// Creates up to 1,000 cases (each as `createCase` would, with its nested graph) in one
    /// transaction, all or nothing: every bad item is reported, one `BAD_USER_INPUT` error
    /// each with `extensions.index` and `field`. With an `idempotencyKey`, a retry returns
    /// the cases the first call created. Returns the cases in item order.
    async fn bulk_create_cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The cases to create (1 to 1,000), each as `createCase` takes it.")]
        items: Vec<CreateCaseInput>,
        #[graphql(
            desc = "A key of the caller's choice that makes a retry safe: the same key with the same arguments, within the idempotency window, answers what the first call did without writing again; with other arguments it is `CONFLICT`."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<Vec<Case>> {
        let s = session(ctx)?;
        let key = idempotency(ctx, "bulkCreateCases", idempotency_key.as_deref())?;
        let cases = batch(ctx, bulk::create_many(s, &items, key.as_ref()).await)?;
        Ok(Node::list(cases).into_iter().map(Case).collect())
    }

    /// Creates up to 1,000 cases from a template (see `caseTemplates`): each item's values
    /// are merged over the template's (the item wins; tags and checks add up), its `name`
    /// fills the template's name pattern. All or nothing, like `bulkCreateCases`.
    async fn create_cases_from_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `key` of the case template to start from.")] template_key: String,
        #[graphql(
            desc = "One item per case to create (1 to 1,000): its name and the values that override the template's."
        )]
        items: Vec<TemplateItemInput>,
        #[graphql(
            desc = "A key of the caller's choice that makes a retry safe: the same key with the same arguments, within the idempotency window, answers what the first call did without writing again; with other arguments it is `CONFLICT`."
        )]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<Vec<Case>> {
        let s = session(ctx)?;
        let key = idempotency(ctx, "createCasesFromTemplate", idempotency_key.as_deref())?;
        let cases = batch(
            ctx,
            bulk::create_from_template(s, &template_key, &items, key.as_ref()).await,
        )?;
        Ok(Node::list(cases).into_iter().map(Case).collect())
    }

    /// Updates a case's fields. `expectedVersion`, when given, must equal the case's
    /// current version, or the update is refused with `CONFLICT`.
    async fn update_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to update.")] id: ID,
        #[graphql(
            desc = "The fields to change; fields left out keep their value, `null` clears an optional one."
        )]
        input: UpdateCaseInput,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            case::update(s, parse_id("id", &id)?, &input, expected_version).await?,
        )))
    }

    /// Replaces a case's tags with the given set (validated as `updateCase` validates
    /// `tags`): one version bump and one `CASE_UPDATED` audit event listing the tags before
    /// and after.
    async fn set_case_tags(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to tag.")] case_id: ID,
        #[graphql(
            desc = "The case's new tags (a set: duplicates count once; `[]` clears \
                          them)."
        )]
        tags: Vec<String>,
        #[graphql(desc = "The case's current `version`; the change is refused with \
                          `CONFLICT` if the case has moved on.")]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            case::set_tags(s, parse_id("caseId", &case_id)?, &tags, expected_version).await?,
        )))
    }

    /// Deletes a case (soft: it disappears from reads and frees its external id; its audit
    /// trail stays). Returns its id.
    async fn delete_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to delete.")] id: ID,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
        expected_version: Option<i64>,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        Ok(ID(case::delete(s, parse_id("id", &id)?, expected_version)
            .await?
            .to_string()))
    }

    /// Erases the personal data of a closed or rejected case whose retention period
    /// (`retentionYears` after its decision) is over (admins): names, birth dates,
    /// addresses, identifiers, contact details and custom property values of its companies
    /// and individuals, the case's name and external id, notes' text, comments, check and
    /// hit data, screening payloads, alert payloads, documents (their bytes deleted),
    /// idempotency answers, webhook payloads and the audit events' payloads. The audit trail
    /// keeps every event with its hash, so it still verifies; the erasure is itself an event
    /// (`case.erased`, `CASE_ERASED`). Afterwards the case takes no change (`CONFLICT`).
    /// Erasing it again answers the case as it is. A case not closed or rejected is
    /// `INVALID_TRANSITION` (`to: ERASED`); one still in its retention period `CONFLICT`
    /// with `extensions.erasableAt`.
    async fn erase_case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The closed or rejected case to erase.")] case_id: ID,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        let docs = crate::graphql::mutation::document::documents(ctx)?;
        Ok(Case(Node::one(
            crate::service::retention::erase_case(s, docs, parse_id("caseId", &case_id)?).await?,
        )))
    }
}
