//! The case: its fields, its nested graph and the `cases` connection.

use async_graphql::{Context, Json, MergedObject, Object, ID};
use chrono::{DateTime, Utc};
use entity::case;
use sea_orm::EntityTrait;
use serde_json::Value;

use super::alert::{Alert, AlertConnection};
use super::audit::AuditEvent;
use super::check::Check;
use super::document::Document;
use super::note::Note;
use super::page::{
    AuditEventConnection, CaseReviewConnection, ChildCount, Connection, DocumentConnection, Item,
    NoteConnection, RiskConnection,
};
use super::party::{Company, Individual, Relation};
use super::review::CaseReview;
use super::risk::Risk;
use super::workspace::User;
use super::{json, strings};
use crate::domain::flags::Flags;
use crate::domain::{CaseFlag, CasePriority, CaseStatus, CaseType, Processing, RiskLevel};
use crate::graphql::loaders::{
    Identified, Node, OwnershipLoader, RowLoader, Templates, UserLoader,
};
use crate::service::case::CaseFilter;
use crate::service::load::{
    CaseAlerts, CaseAuditTrail, CaseChecks, CaseCompanies, CaseDocuments, CaseIndividuals,
    CaseNotes, CasePendingDecision, CaseRelations, CaseReviews, CaseRisks, CaseTags, Children,
};
use crate::service::page::{Direction, Page, PageRequest};
use crate::service::template::CaseTemplate;

/// A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions.
pub struct Case(pub Node<case::Model>);

/// A KYC/KYB case: one customer under review, with its entities, checks, risk and decisions.
#[Object]
impl Case {
    /// Id (UUID).
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Your system's id for the case.
    async fn external_id(&self) -> Option<&str> {
        self.0.external_id.as_deref()
    }
    /// The case's display name, as shown to analysts.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Free text.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// What the case is about.
    #[graphql(name = "type")]
    async fn case_type(&self) -> CaseType {
        self.0.case_type
    }
    /// How urgently the case should be worked on.
    async fn priority(&self) -> CasePriority {
        self.0.priority
    }
    /// Where the case is in its lifecycle.
    async fn status(&self) -> CaseStatus {
        self.0.status
    }
    /// Due diligence processing.
    async fn processing(&self) -> Processing {
        self.0.processing
    }
    /// Tags, sorted.
    #[graphql(complexity = 2)]
    async fn tags(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        Ok(self
            .0
            .children::<CaseTags>(ctx)
            .await?
            .iter()
            .map(|t| t.tag.clone())
            .collect())
    }
    /// An object of string values.
    async fn metadata(&self) -> Option<Json<Value>> {
        self.0.metadata.as_ref().map(json)
    }
    /// Custom property values by key.
    async fn custom_properties(&self) -> Json<Value> {
        json(&self.0.custom_properties)
    }
    /// The user the case is assigned to.
    async fn assignee(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<User>> {
        Ok(self
            .0
            .lookup::<UserLoader>(ctx, "assignee", |c| c.assignee_id)
            .await?
            .map(|u| User(Node::one(u))))
    }
    /// Derived flags, in order: `ALL_CHECKS_APPROVED`, `FOR_REVIEW`, `FOR_FIRST_COLLECT`,
    /// `FOR_RECOLLECTION`, `FIRST_COLLECT_COMPLETED`.
    async fn flags(&self) -> Vec<CaseFlag> {
        self.stored_flags().list()
    }
    /// Some active check waits on a reviewer.
    async fn reviewer_has_actions(&self) -> bool {
        self.0.reviewer_has_actions
    }
    /// Some active check waits on the contact (in progress, rejected or expired).
    async fn contact_has_actions(&self) -> bool {
        self.0.contact_has_actions
    }
    /// The current risk level (`NOT_DEFINED` until a risk is set).
    async fn risk_level(&self) -> RiskLevel {
        self.0.risk_level
    }
    /// The current risk.
    async fn risk(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Risk>> {
        Ok(self
            .0
            .lookup::<RowLoader<CaseRisks>>(ctx, "current risk", |c| c.current_risk_id)
            .await?
            .map(|r| Risk(Node::one(r))))
    }
    /// Every risk set on the case, oldest first (a connection).
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn risks(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<RiskConnection> {
        self.connection::<CaseRisks, Risk>(ctx, first, after, last, before)
            .await
            .map(RiskConnection)
    }
    /// Every case review, oldest first (a connection).
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn reviews(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<CaseReviewConnection> {
        self.connection::<CaseReviews, CaseReview>(ctx, first, after, last, before)
            .await
            .map(CaseReviewConnection)
    }
    /// The latest case review.
    async fn last_review(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CaseReview>> {
        // The last of a one-review page read backwards: one windowed statement for the cohort.
        let latest = PageRequest {
            direction: Direction::Backward,
            size: 1,
            cursor: None,
        };
        Ok(self
            .0
            .page::<CaseReviews>(ctx, &latest)
            .await?
            .items
            .pop()
            .map(|(_, review)| CaseReview(review)))
    }
    /// An approval waiting for a second person (four-eyes), or null.
    async fn pending_decision(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<PendingDecision>> {
        Ok(self
            .0
            .children::<CasePendingDecision>(ctx)
            .await?
            .into_iter()
            .next()
            .map(|p| PendingDecision {
                status: p.status,
                comment: p.comment.clone(),
                proposer_type: p.proposer_type,
                proposer_id: p.proposer_id.clone(),
                proposed_at: p.proposed_at,
                next_review_at: p.next_review_at,
            }))
    }
    /// When the case is due for periodic review.
    async fn next_review_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_review_at
    }
    /// When the case is due (SLA): creation + its priority's `slaHours`; `null` once the
    /// case is decided.
    async fn due_at(&self) -> Option<DateTime<Utc>> {
        self.0.due_at
    }
    /// Id of the stored template the case was made from (a workspace's own template or an
    /// override of a built-in); `null` for an unchanged built-in, which has no row — see
    /// `templateKey`.
    async fn template_id(&self) -> Option<ID> {
        self.0.template_id.map(|id| ID(id.to_string()))
    }
    /// Key of the template the case was made from (`createCasesFromTemplate`).
    async fn template_key(&self) -> Option<&str> {
        self.0.template_key.as_deref()
    }
    /// The template the case was made from, as the workspace has it now; `null` when the
    /// case was not made from a template or the workspace's own template was deleted since.
    async fn template(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CaseTemplate>> {
        let Some(key) = self.0.template_key.as_deref() else {
            return Ok(None);
        };
        Ok(ctx.data::<Templates>()?.get(key).await?)
    }
    /// Ids of the cases this one relates to (set by `createCase` and `updateCase`).
    async fn related_case_ids(&self) -> Vec<ID> {
        strings(&self.0.related_case_ids)
            .into_iter()
            .map(ID)
            .collect()
    }
    /// The screening that raised the case.
    async fn related_screening_id(&self) -> Option<&str> {
        self.0.related_screening_id.as_deref()
    }
    /// The screening hits that raised the case.
    async fn related_hit_ids(&self) -> Vec<String> {
        strings(&self.0.related_hit_ids)
    }
    /// A short summary (set by `createCase` and `updateCase`).
    async fn summary(&self) -> Option<&str> {
        self.0.summary.as_deref()
    }
    /// Bumped by every change to the case or its children; pass it as `expectedVersion`.
    async fn version(&self) -> i64 {
        self.0.version
    }
    /// Whether any hit on a non-excluded AML check is a potential or true match.
    async fn is_aml_positive(&self) -> bool {
        self.0.is_aml_positive
    }
    /// When the case was created (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// When the case's personal data was erased under retention (`eraseCase`, the retention
    /// job); null while it holds it. An erased case keeps its structure, statuses and audit
    /// trail, with blanks where personal data was, and takes no change.
    async fn erased_at(&self) -> Option<DateTime<Utc>> {
        self.0.erased_at
    }
    /// Who created it (token subject).
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// Companies: the main one and affiliated ones.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn companies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Company>> {
        Ok(self
            .0
            .children::<CaseCompanies>(ctx)
            .await?
            .into_iter()
            .map(Company)
            .collect())
    }
    /// The main company (the customer, for KYB).
    async fn main_company(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Company>> {
        Ok(self
            .0
            .children::<CaseCompanies>(ctx)
            .await?
            .into_iter()
            .find(|c| c.is_main)
            .map(Company))
    }
    /// The individuals (people) of the case, oldest first.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn individuals(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Individual>> {
        Ok(self
            .0
            .children::<CaseIndividuals>(ctx)
            .await?
            .into_iter()
            .map(Individual)
            .collect())
    }
    /// Individuals whose total ownership or voting interest in the main company reaches the
    /// workspace's `uboThreshold` (default 25%), plus those declared beneficial owners.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn beneficial_owners(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Individual>> {
        let Some(graph) = self
            .0
            .lookup::<OwnershipLoader>(ctx, "ownership", |c| Some(c.id))
            .await?
        else {
            return Ok(vec![]);
        };
        let people = self.0.children::<CaseIndividuals>(ctx).await?;
        Ok(people
            .into_iter()
            .filter(|p| graph.beneficial_owners.contains(&p.id))
            .map(Individual)
            .collect())
    }
    /// The ownership and control graph.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn relations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Relation>> {
        Ok(self
            .0
            .children::<CaseRelations>(ctx)
            .await?
            .into_iter()
            .map(Relation)
            .collect())
    }
    /// The case's checks, oldest first.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn checks(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Check>> {
        Ok(self
            .0
            .children::<CaseChecks>(ctx)
            .await?
            .into_iter()
            .map(Check)
            .collect())
    }
    /// The documents attached to the case, oldest first (a connection).
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<DocumentConnection> {
        self.connection::<CaseDocuments, Document>(ctx, first, after, last, before)
            .await
            .map(DocumentConnection)
    }
    /// The case's alerts, oldest first, whatever their status (a connection;
    /// `countsByType` counts this case's alerts).
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<AlertConnection> {
        let page = self
            .connection::<CaseAlerts, Alert>(ctx, first, after, last, before)
            .await?;
        Ok(AlertConnection::of_case(page, &self.0))
    }
    /// Notes on the case and its checks, oldest first (a connection).
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn notes(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<NoteConnection> {
        self.connection::<CaseNotes, Note>(ctx, first, after, last, before)
            .await
            .map(NoteConnection)
    }
    /// The audit trail, in chain order (a connection: `last: 10` reads the latest ten).
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn audit_trail(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<AuditEventConnection> {
        self.connection::<CaseAuditTrail, AuditEvent>(ctx, first, after, last, before)
            .await
            .map(AuditEventConnection)
    }
}

impl Case {
    /// A page of the case's children through relation `R`, loaded for every case of the
    /// cohort in one statement; its `totalCount` is one grouped count for the cohort.
    async fn connection<R, T>(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> async_graphql::Result<Connection<T>>
    where
        R: Children,
        T: Item<Model = <R::Entity as EntityTrait>::Model>,
        <R::Entity as EntityTrait>::Model: Identified + Clone + Send + Sync,
    {
        let request = PageRequest::from_args(first, after.as_deref(), last, before.as_deref())?;
        let page = self.0.page::<R>(ctx, &request).await?;
        Ok(Connection::of_nodes(page, ChildCount::<R>::of(&self.0)))
    }

    fn stored_flags(&self) -> Flags {
        let c = self.0.model();
        Flags {
            reviewer_has_actions: c.reviewer_has_actions,
            contact_has_actions: c.contact_has_actions,
            first_collect_completed: c.first_collect_completed,
            all_checks_approved: c.all_checks_approved,
            for_review: c.for_review,
            for_first_collect: c.for_first_collect,
            for_recollection: c.for_recollection,
        }
    }
}

/// A page of cases (Relay connection): `totalCount` counts the cases matching the filter.
#[derive(MergedObject)]
pub struct CaseConnection(Connection<Case>);

impl CaseConnection {
    /// A page of the `cases` query.
    pub fn new(page: Page<case::Model>, filter: CaseFilter) -> Self {
        CaseConnection(Connection::new(page, filter))
    }
}

/// An approval waiting for a second person (SPEC §3 "Four-eyes decisions"): a different
/// reviewer or admin confirms it (`confirmDecision`) or declines it (`declineDecision`).
#[derive(async_graphql::SimpleObject)]
pub struct PendingDecision {
    /// The proposed review status.
    pub status: crate::domain::ReviewStatus,
    /// The proposer's comment.
    pub comment: Option<String>,
    /// Who proposed it: `USER`, or `SYSTEM` for auto-approve.
    pub proposer_type: crate::domain::ActorType,
    /// The proposer's subject.
    pub proposer_id: String,
    /// When it was proposed.
    pub proposed_at: DateTime<Utc>,
    /// The next review date the proposer gave; null: computed at confirmation (or none).
    pub next_review_at: Option<DateTime<Utc>>,
}
