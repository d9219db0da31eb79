//! `outbox_events`: the transactional outbox. One row per audit event, written in the same
//! transaction; the webhook relay fans each out to the matching webhooks (`dispatched_at`).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::EventType;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outbox_events")]
pub struct Model {
    /// The audit event's id: the public `eventId`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// Case the event is about; none for the workspace's own events.
    pub case_id: Option<Uuid>,
    /// Position in the case's (or the workspace's) chain: the delivery order.
    pub seq: i64,
    pub event_type: EventType,
    /// The event as subscribers and receivers get it (JSON).
    pub payload: Json,
    pub created_at: DateTimeUtc,
    /// When the relay made its webhook deliveries; none while pending.
    pub dispatched_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
