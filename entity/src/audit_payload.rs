//! `audit_payloads`: what an audit event changed, one row per event. Kept apart from the
//! append-only `audit_events` so that erasure (retention) can blank a payload while the
//! event, which holds the payload's digest, and the chain over it stay intact.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_payloads")]
pub struct Model {
    /// The event (`audit_events.id`) this payload belongs to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// `{ field: { before, after } }` or a snapshot; `None` once erased.
    pub payload: Option<Json>,
    /// When the payload was erased.
    pub erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
