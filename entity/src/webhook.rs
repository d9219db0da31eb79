//! `webhooks`: a workspace's event receivers.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::EventTypes;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// Where events are POSTed (http or https).
    pub url: String,
    /// The event types sent; empty: all.
    #[sea_orm(column_type = "Json")]
    pub event_types: EventTypes,
    /// The HMAC-SHA256 key of the signatures; never returned by the API.
    #[serde(skip_serializing)]
    pub secret: String,
    /// Inactive webhooks get no new deliveries.
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
