//! Domain events, as subscriptions deliver them.

use std::sync::Arc;

use async_graphql::{Json, Object, ID};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::json;
use crate::domain::{ActorType, EventType};

/// Something that happened in the workspace, delivered after it committed. Every audit
/// event is also a domain event: `eventId` is the audit event's id.
pub struct DomainEvent(pub Arc<crate::events::DomainEvent>);

/// Something that happened in the workspace, delivered after it committed. Every audit
/// event is also a domain event: `eventId` is the audit event's id.
#[Object]
impl DomainEvent {
    /// The event's id (the audit event's id; webhooks send the same one on every retry).
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.to_string())
    }
    /// What happened.
    #[graphql(name = "type")]
    async fn event_type(&self) -> EventType {
        self.0.event_type
    }
    /// The case, or null for the workspace's own events (settings, definitions, templates).
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(|id| ID(id.to_string()))
    }
    /// Position in the case's (or the workspace's) audit chain: events of one case arrive
    /// in increasing `seq`.
    async fn seq(&self) -> i64 {
        self.0.seq
    }
    /// The audit action, e.g. `case.updated`.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// The kind of entity touched (`CASE`, `COMPANY`, …).
    async fn entity_type(&self) -> &str {
        &self.0.entity_type
    }
    /// The entity touched.
    async fn entity_id(&self) -> Option<ID> {
        self.0.entity_id.map(|id| ID(id.to_string()))
    }
    /// Who acted: `USER`, `API` or `SYSTEM`.
    async fn actor_type(&self) -> ActorType {
        self.0.actor.kind
    }
    /// The actor's subject.
    async fn actor_id(&self) -> &str {
        &self.0.actor.id
    }
    /// When it happened (the audit event's time).
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
    /// Changed fields `{ field: { before, after } }`, or a snapshot of what was created.
    async fn changes(&self) -> Json<Value> {
        json(&self.0.changes)
    }
}
