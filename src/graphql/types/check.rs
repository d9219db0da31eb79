//! Checks and their AML hits.

use async_graphql::{Context, Json, Object, ID};
use chrono::{DateTime, Utc};
use entity::{aml_hit, check};
use serde_json::Value;

use super::document::Document;
use super::json;
use super::note::Note;
use crate::domain::{AmlHitStatus, AmlListType, CheckStatus, CheckSubjectType, CheckType};
use crate::graphql::loaders::Node;
use crate::service::load::{CheckAmlHits, CheckDocuments, CheckNotes};

/// A step of a case: something verified about the case, a company or an individual.
pub struct Check(pub Node<check::Model>);

/// A step of a case: something verified about the case, a company or an individual.
#[Object(serial)]
impl Check {
    /// The check's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The case.
    async fn case_id(&self) -> ID {
        ID(self.0.case_id.to_string())
    }
    /// What it verifies.
    #[graphql(name = "type")]
    async fn check_type(&self) -> CheckType {
        self.0.check_type
    }
    /// A short label shown for the check, such as the provider's name.
    async fn label(&self) -> &str {
        &self.0.label
    }
    /// What it is about: the case, a company or an individual.
    async fn subject_type(&self) -> CheckSubjectType {
        self.0.subject_type
    }
    /// The company or individual it is about (none for the case itself).
    async fn subject_id(&self) -> Option<ID> {
        self.0
            .subject_company_id
            .or(self.0.subject_individual_id)
            .map(|id| ID(id.to_string()))
    }
    /// Where it stands.
    async fn status(&self) -> CheckStatus {
        self.0.status
    }
    /// Deactivated checks are ignored by flags.
    async fn is_deactivated(&self) -> bool {
        self.0.is_deactivated
    }
    /// Excluded AML checks do not make the case AML positive.
    async fn is_excluded(&self) -> bool {
        self.0.is_excluded
    }
    /// The provider's payload.
    async fn data(&self) -> Option<Json<Value>> {
        self.0.data.as_ref().map(json)
    }
    /// Who approved or rejected it.
    async fn reviewed_by(&self) -> Option<&str> {
        self.0.reviewed_by.as_deref()
    }
    /// When it was approved or rejected.
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
    /// When the result stops being valid.
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    /// When the check was added to the case (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Documents supporting the check.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn documents(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Document>> {
        Ok(self
            .0
            .children::<CheckDocuments>(ctx)
            .await?
            .into_iter()
            .map(Document)
            .collect())
    }
    /// AML hits (AML checks).
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn aml_hits(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AmlHit>> {
        Ok(self
            .0
            .children::<CheckAmlHits>(ctx)
            .await?
            .into_iter()
            .map(AmlHit)
            .collect())
    }
    /// Notes on the check.
    #[graphql(complexity = "5 * child_complexity + 1")]
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Note>> {
        Ok(self
            .0
            .children::<CheckNotes>(ctx)
            .await?
            .into_iter()
            .map(Note)
            .collect())
    }
}

/// A possible match on a screening list.
pub struct AmlHit(pub Node<aml_hit::Model>);

/// A possible match on a screening list.
#[Object(serial)]
impl AmlHit {
    /// The hit's unique identifier, for `reviewAmlHits`.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The AML check.
    async fn check_id(&self) -> ID {
        ID(self.0.check_id.to_string())
    }
    /// Matched name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Lists matched.
    async fn list_types(&self) -> &[AmlListType] {
        &self.0.list_types.0
    }
    /// Match score.
    async fn score(&self) -> Option<f64> {
        self.0.score
    }
    /// The reviewer's decision on this hit, if any.
    async fn status(&self) -> AmlHitStatus {
        self.0.status
    }
    /// The provider's reference.
    async fn provider_ref(&self) -> Option<&str> {
        self.0.provider_ref.as_deref()
    }
    /// The provider's payload.
    async fn data(&self) -> Option<Json<Value>> {
        self.0.data.as_ref().map(json)
    }
    /// Who decided.
    async fn reviewed_by(&self) -> Option<&str> {
        self.0.reviewed_by.as_deref()
    }
    /// When decided.
    async fn reviewed_at(&self) -> Option<DateTime<Utc>> {
        self.0.reviewed_at
    }
}
