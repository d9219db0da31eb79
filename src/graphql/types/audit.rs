//! The audit trail: hash-chained events.

use async_graphql::{Context, Json, Object, ID};
use chrono::{DateTime, Utc};
use entity::audit_event;
use serde_json::Value;

use super::json;
use crate::domain::ActorType;
use crate::graphql::loaders::Node;
use crate::service::load::EventPayload;

/// One entry of a case's append-only, hash-chained audit trail.
pub struct AuditEvent(pub Node<audit_event::Model>);

impl AuditEvent {
    /// The event's payload, loaded for the whole trail at once; `None` once erased.
    async fn payload(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Value>> {
        Ok(self
            .0
            .children::<EventPayload>(ctx)
            .await?
            .into_iter()
            .next()
            .and_then(|p| p.payload.clone()))
    }
}

/// One entry of a case's append-only, hash-chained audit trail.
#[Object(serial)]
impl AuditEvent {
    /// The event's unique identifier.
    pub(crate) async fn id(&self) -> ID {
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
    /// When the change was made (UTC).
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
    /// Changed fields `{ field: { before, after } }`, or a snapshot of what was created;
    /// null once erased (retention).
    async fn changes(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Json<Value>>> {
        Ok(self.payload(ctx).await?.map(|p| json(&p)))
    }
    /// Whether the payload (`changes`) was erased; the event and its hash stay.
    async fn erased(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.payload(ctx).await?.is_none())
    }
    /// SHA-256 (hex) of the canonical JSON of `changes`, which the event's hash covers.
    async fn payload_digest(&self) -> &str {
        &self.0.payload_digest
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
