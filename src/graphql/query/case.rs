//! Case reads: by id, by external id, and the filtered, paginated `cases` connection.

use std::sync::Arc;

use async_graphql::{Context, Json, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::domain::custom_property::PropertyTarget;
use crate::graphql::loaders::{unselected, Node};
use crate::graphql::session;
use crate::graphql::types::case::{Case, CaseConnection};
use crate::graphql::types::custom_property::CustomPropertyDefinition;
use crate::service::audit;
use crate::service::case::{self, CaseFilter, CaseOrder};
use crate::service::checkpoint::AuditSigner;
use crate::service::custom_property;
use crate::service::input::parse_id;
use crate::service::page::PageRequest;

/// The result of checking a case's audit trail.
#[derive(SimpleObject)]
pub struct AuditVerification {
    /// The chain is intact.
    pub valid: bool,
    /// Events checked (up to and including the first broken one).
    pub events_checked: u64,
    /// The first event whose content, link, position or payload does not hold.
    pub first_broken_event_id: Option<ID>,
    /// Why the trail does not verify (null when it does).
    pub reason: Option<String>,
    /// The latest signed checkpoint that lists the case, which the chain reaches (null
    /// when none lists it yet).
    pub checkpoint: Option<CheckpointCoverage>,
}

/// A signed checkpoint a case's chain was compared with.
#[derive(SimpleObject)]
pub struct CheckpointCoverage {
    /// The checkpoint's id.
    pub id: ID,
    /// When it was signed.
    pub signed_at: DateTime<Utc>,
    /// The case's last event when it was signed; the chain holds it unchanged.
    pub seq: i64,
}

#[derive(Default)]
pub struct CaseQuery;

#[Object]
impl CaseQuery {
    /// A case by id; `NOT_FOUND` when it does not exist in the caller's workspace.
    async fn case(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case's `id`.")] id: ID,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        let (_, blank) = unselected::<entity::case::Entity>(&[ctx.look_ahead()]);
        Ok(Case(Node::one(
            case::get_without(s.read(), s, parse_id("id", &id)?, &blank).await?,
        )))
    }

    /// Checks a case's hash-chained audit trail: every event in place, linked to the one
    /// before, and unaltered.
    async fn verify_audit_trail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case whose audit trail is checked.")] case_id: ID,
    ) -> async_graphql::Result<AuditVerification> {
        let s = session(ctx)?;
        let signer = ctx.data::<Arc<AuditSigner>>()?;
        let v = audit::verify(s, signer, parse_id("caseId", &case_id)?).await?;
        Ok(AuditVerification {
            valid: v.valid,
            events_checked: v.events_checked,
            first_broken_event_id: v.first_broken_event_id.map(|id| ID(id.to_string())),
            reason: v.reason,
            checkpoint: v.checkpoint.map(|c| CheckpointCoverage {
                id: ID(c.checkpoint_id.to_string()),
                signed_at: c.signed_at,
                seq: c.seq,
            }),
        })
    }

    /// A case's audit proof: a JSON bundle of its events (canonical payloads, digests,
    /// hashes), the chain head and the latest signed checkpoint that lists the case, for
    /// `tools/verify-audit-proof.py` to check offline (docs/audit-proof.md).
    async fn audit_proof(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case whose trail to prove.")] case_id: ID,
    ) -> async_graphql::Result<Json<serde_json::Value>> {
        let s = session(ctx)?;
        let signer = ctx.data::<Arc<AuditSigner>>()?;
        Ok(Json(
            audit::proof(s, signer, parse_id("caseId", &case_id)?).await?,
        ))
    }

    /// The workspace's custom property definitions, of one target or all.
    async fn custom_property_definitions(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Only the definitions for cases, companies or individuals (default: all)."
        )]
        target: Option<PropertyTarget>,
    ) -> async_graphql::Result<Vec<CustomPropertyDefinition>> {
        Ok(custom_property::list(session(ctx)?, target)
            .await?
            .into_iter()
            .map(CustomPropertyDefinition)
            .collect())
    }

    /// A live case by its external id.
    async fn case_by_external_id(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `externalId` given when the case was created.")] external_id: String,
    ) -> async_graphql::Result<Case> {
        let s = session(ctx)?;
        Ok(Case(Node::one(
            case::by_external_id(s, &external_id).await?,
        )))
    }

    /// Cases of the workspace, filtered and ordered (default: newest first). Page forwards
    /// with `first`/`after` or backwards with `last`/`before`; pages hold at most 100.
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which cases (default: all of the workspace's live cases).")]
        filter: Option<CaseFilter>,
        #[graphql(desc = "The order (default: newest first).")] order_by: Option<CaseOrder>,
        #[graphql(
            desc = "Return the first n cases after `after` (0 to 100).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "A cursor (`pageInfo.endCursor`): return cases after it.")] after: Option<
            String,
        >,
        #[graphql(
            desc = "Return the last n cases before `before` (0 to 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "A cursor (`pageInfo.startCursor`): return cases before it.")]
        before: Option<String>,
    ) -> async_graphql::Result<CaseConnection> {
        let s = session(ctx)?;
        let page = PageRequest::from_args(first, after.as_deref(), last, before.as_deref())?;
        let filter = filter.unwrap_or_default();
        let selected = ctx.look_ahead();
        let (_, blank) = unselected::<entity::case::Entity>(&[
            selected.field("nodes"),
            selected.field("edges").field("node"),
        ]);
        let order = order_by.unwrap_or_default();
        let result = case::list(s, &filter, order, &page, &blank).await?;
        Ok(CaseConnection::new(result, filter))
    }
}
