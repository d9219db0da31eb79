//! Webhooks and their deliveries.

use async_graphql::{Object, ID};
use chrono::{DateTime, Utc};
use entity::{webhook, webhook_delivery};

use super::page::PageInfo;
use crate::domain::{DeliveryStatus, EventType};
use crate::service::page::{Cursor, Page};

/// A receiver of the workspace's events (admins). Its secret is never returned.
pub struct Webhook(pub webhook::Model);

/// A receiver of the workspace's events (admins). Its secret is never returned.
#[Object]
impl Webhook {
    /// The webhook's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Where events are POSTed.
    async fn url(&self) -> &str {
        &self.0.url
    }
    /// The event types sent (empty: all).
    async fn event_types(&self) -> &[EventType] {
        &self.0.event_types.0
    }
    /// Whether events are sent.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// One event sent (or to send) to one webhook.
pub struct WebhookDelivery(pub webhook_delivery::Model);

/// One event sent (or to send) to one webhook.
#[Object]
impl WebhookDelivery {
    /// Id of the delivery.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The event's id: the body's `eventId`, the same on every attempt.
    async fn event_id(&self) -> ID {
        ID(self.0.event_id.to_string())
    }
    /// The event's type.
    async fn event_type(&self) -> EventType {
        self.0.event_type
    }
    /// The case the event is about.
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(|id| ID(id.to_string()))
    }
    /// `PENDING`, `DELIVERED` or `FAILED`.
    async fn status(&self) -> DeliveryStatus {
        self.0.status
    }
    /// Attempts made so far.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }
    /// The receiver's HTTP status at the last attempt.
    async fn response_status(&self) -> Option<i32> {
        self.0.response_status
    }
    /// Why the last attempt failed.
    async fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }
    /// When the last attempt was made.
    async fn last_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_attempt_at
    }
    /// When the next attempt is due (pending deliveries).
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        (self.0.status == DeliveryStatus::Pending).then_some(self.0.next_attempt_at)
    }
    /// When the receiver accepted it.
    async fn delivered_at(&self) -> Option<DateTime<Utc>> {
        self.0.delivered_at
    }
    /// When the delivery was made from the outbox.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A delivery in a page of deliveries.
pub struct WebhookDeliveryEdge {
    cursor: Cursor,
    node: webhook_delivery::Model,
}

/// A delivery in a page of deliveries.
#[Object]
impl WebhookDeliveryEdge {
    /// Where this delivery is, for `after`.
    async fn cursor(&self) -> String {
        self.cursor.encode()
    }
    /// The delivery.
    async fn node(&self) -> WebhookDelivery {
        WebhookDelivery(self.node.clone())
    }
}

/// A page of a webhook's deliveries, newest first (Relay connection).
pub struct WebhookDeliveryConnection(pub Page<webhook_delivery::Model>);

/// A page of a webhook's deliveries, newest first (Relay connection).
#[Object]
impl WebhookDeliveryConnection {
    /// The deliveries with their cursors.
    async fn edges(&self) -> Vec<WebhookDeliveryEdge> {
        self.0
            .items
            .iter()
            .map(|(cursor, node)| WebhookDeliveryEdge {
                cursor: cursor.clone(),
                node: node.clone(),
            })
            .collect()
    }
    /// The deliveries.
    async fn nodes(&self) -> Vec<WebhookDelivery> {
        self.0
            .items
            .iter()
            .map(|(_, d)| WebhookDelivery(d.clone()))
            .collect()
    }
    /// Where this page is.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.0.has_next_page,
            has_previous_page: self.0.has_previous_page,
            start_cursor: self.0.items.first().map(|(c, _)| c.encode()),
            end_cursor: self.0.items.last().map(|(c, _)| c.encode()),
        }
    }
}
