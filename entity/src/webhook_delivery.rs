//! `webhook_deliveries`: one event to one webhook, with its retry schedule and lease.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{DeliveryStatus, EventType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    pub webhook_id: Uuid,
    /// The event (its `eventId`, the same on every attempt).
    pub event_id: Uuid,
    pub case_id: Option<Uuid>,
    /// The case's id, or `workspace`: one key's deliveries go out one at a time, in order.
    pub ordering_key: String,
    /// Position in the key's chain.
    pub seq: i64,
    pub event_type: EventType,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// Not attempted before this moment (backoff).
    pub next_attempt_at: DateTimeUtc,
    /// While in the future, one relay holds the delivery; others leave it alone.
    pub lease_until: Option<DateTimeUtc>,
    pub last_attempt_at: Option<DateTimeUtc>,
    /// The receiver's last HTTP status.
    pub response_status: Option<i32>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
