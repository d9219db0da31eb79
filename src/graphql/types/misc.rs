//! Small types: users, the workspace, the viewer, notes, risks, reviews, audit events,
//! documents and page info.

use async_graphql::{Json, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::{audit_event, case_review, document, note, risk, user, workspace};
use serde_json::Value;

use super::json;
use crate::domain::settings::WorkspaceSettings;
use crate::domain::{
    ActorType, DocumentType, ReviewStatus, RiskLevel, RiskMode, Role, VerificationStatus,
};
use crate::graphql::loaders::Node;

/// A person or integration of the workspace, as first seen in a token.
pub struct User(pub Node<user::Model>);

/// A person or integration of the workspace.
#[Object]
impl User {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The token subject (`sub`).
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Display name, from the token's `name` claim.
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    /// Email, from the token's `email` claim.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Role when first seen.
    async fn role(&self) -> Role {
        self.0.role
    }
    /// When first seen.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Review intervals in months per risk level; `null`: no periodic review.
#[derive(SimpleObject)]
pub struct ReviewIntervals {
    /// For `NOT_DEFINED`.
    pub not_defined: Option<u32>,
    /// For `LOW`.
    pub low: Option<u32>,
    /// For `MEDIUM`.
    pub medium: Option<u32>,
    /// For `HIGH`.
    pub high: Option<u32>,
    /// For `CRITICAL`.
    pub critical: Option<u32>,
    /// For `PROHIBITED`.
    pub prohibited: Option<u32>,
}

/// A workspace's settings.
#[derive(SimpleObject)]
pub struct WorkspaceSettingsView {
    /// Case reviews need a comment.
    pub review_comment_required: bool,
    /// An open case whose checks all become approved is approved by a system review.
    pub auto_approve: bool,
    /// Total interest (percent) from which an individual is a beneficial owner.
    pub ubo_threshold: f64,
    /// Periodic review intervals.
    pub review_intervals_months: ReviewIntervals,
    /// Days before a document's expiry that an alert is raised.
    pub document_expiry_window_days: u32,
}

/// The tenant: every case and user belongs to one workspace.
pub struct Workspace(pub workspace::Model);

/// The tenant: every case and user belongs to one workspace.
#[Object]
impl Workspace {
    /// The workspace id (the tokens' `workspace_id`).
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// Name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Settings.
    #[graphql(name = "settings")]
    async fn settings(&self) -> WorkspaceSettingsView {
        let s = WorkspaceSettings::from_json(&self.0.settings);
        let r = s.review_intervals_months;
        WorkspaceSettingsView {
            review_comment_required: s.review_comment_required,
            auto_approve: s.auto_approve,
            ubo_threshold: s.ubo_threshold,
            review_intervals_months: ReviewIntervals {
                not_defined: r.not_defined,
                low: r.low,
                medium: r.medium,
                high: r.high,
                critical: r.critical,
                prohibited: r.prohibited,
            },
            document_expiry_window_days: s.document_expiry_window_days,
        }
    }
    /// Created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A free-text note on a case or one of its checks.
pub struct Note(pub Node<note::Model>);

/// A free-text note on a case or one of its checks.
#[Object]
impl Note {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The check it is about, if any.
    async fn check_id(&self) -> Option<ID> {
        self.0.check_id.map(|id| ID(id.to_string()))
    }
    /// Text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The author's subject.
    async fn author_id(&self) -> &str {
        &self.0.author_id
    }
    /// Written.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A risk assessment of a case.
pub struct Risk(pub Node<risk::Model>);

/// A risk assessment of a case.
#[Object]
impl Risk {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Pushed by an integration or set by a reviewer.
    async fn mode(&self) -> RiskMode {
        self.0.mode
    }
    /// Level.
    async fn level(&self) -> RiskLevel {
        self.0.level
    }
    /// Score, as given by the scorer.
    async fn score(&self) -> Option<f64> {
        self.0.score
    }
    /// Score components: an object of numbers.
    async fn components(&self) -> Json<Value> {
        json(&self.0.components)
    }
    /// Risk flags: an object of booleans.
    async fn flags(&self) -> Json<Value> {
        json(&self.0.flags)
    }
    /// Why (manual risks).
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// Who set it.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A decision on a case: who approved, rejected or closed it, when and why.
pub struct CaseReview(pub Node<case_review::Model>);

/// A decision on a case: who approved, rejected or closed it, when and why.
#[Object]
impl CaseReview {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The decision.
    async fn status(&self) -> ReviewStatus {
        self.0.status
    }
    /// Why.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// When the case is to be reviewed again.
    async fn next_review_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_review_at
    }
    /// Who decided: `USER`, `API` or `SYSTEM`.
    async fn reviewer_type(&self) -> ActorType {
        self.0.reviewer_type
    }
    /// The deciding user's subject (none for the system).
    async fn reviewer_id(&self) -> Option<&str> {
        self.0.reviewer_id.as_deref()
    }
    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One entry of a case's append-only, hash-chained audit trail.
pub struct AuditEvent(pub Node<audit_event::Model>);

/// One entry of a case's append-only, hash-chained audit trail.
#[Object]
impl AuditEvent {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Position in the case's chain, from 1.
    async fn seq(&self) -> i64 {
        self.0.seq
    }
    /// What happened, e.g. `case.created`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// Who acted: `USER`, `API` or `SYSTEM`.
    async fn actor_type(&self) -> ActorType {
        self.0.actor_type
    }
    /// The actor's subject.
    async fn actor_id(&self) -> &str {
        &self.0.actor_id
    }
    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// The kind of entity touched (`CASE`, `COMPANY`, …).
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    /// The entity touched.
    async fn entity_id(&self) -> Option<ID> {
        self.0.entity_id.map(|id| ID(id.to_string()))
    }
    /// Changed fields `{ field: { before, after } }`, or a snapshot of what was created.
    async fn changes(&self) -> Json<Value> {
        json(&self.0.changes)
    }
    /// The request that made the change.
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
    /// Hash of the previous event of the case.
    async fn prev_hash(&self) -> &str {
        &self.0.prev_hash
    }
    /// This event's hash.
    async fn hash(&self) -> &str {
        &self.0.hash
    }
}

/// A document attached to a case (metadata; the bytes are in object storage).
pub struct Document(pub Node<document::Model>);

/// A document attached to a case.
#[Object]
impl Document {
    /// Id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The check it supports, if any.
    async fn check_id(&self) -> Option<ID> {
        self.0.check_id.map(|id| ID(id.to_string()))
    }
    /// The company it is about, if any.
    async fn company_id(&self) -> Option<ID> {
        self.0.company_id.map(|id| ID(id.to_string()))
    }
    /// The individual it is about, if any.
    async fn individual_id(&self) -> Option<ID> {
        self.0.individual_id.map(|id| ID(id.to_string()))
    }
    /// Kind of document.
    #[graphql(name = "type")]
    async fn document_type(&self) -> DocumentType {
        self.0.document_type
    }
    /// File name as uploaded.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// Content type, checked against the bytes.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// Size in bytes.
    async fn size(&self) -> i64 {
        self.0.size
    }
    /// SHA-256 of the bytes, hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// Verification status.
    async fn verification_status(&self) -> VerificationStatus {
        self.0.verification_status
    }
    /// Uploaded.
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Expiry of the document itself (e.g. a passport).
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
}

/// Relay page information.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// More items after this page.
    pub has_next_page: bool,
    /// More items before this page.
    pub has_previous_page: bool,
    /// Cursor of the first item.
    pub start_cursor: Option<String>,
    /// Cursor of the last item.
    pub end_cursor: Option<String>,
}
