//! `audit_events`: append-only audit trail, hash-chained per case. What changed is in
//! [`crate::audit_payload`], covered by the event's `payload_digest`.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::ActorType;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// Case the event is about; no foreign key, the trail outlives the case.
    pub case_id: Option<Uuid>,
    /// Position in the case's chain; unique with `case_id`.
    pub seq: i64,
    /// What happened.
    pub action: String,
    /// Whether the actor was a user, an API client or the system.
    pub actor_type: ActorType,
    pub actor_id: String,
    /// When the event happened.
    pub at: DateTimeUtc,
    /// Kind of the changed entity.
    pub entity_type: String,
    /// Id of the changed entity.
    pub entity_id: Option<Uuid>,
    /// SHA-256 (hex) of the canonical JSON of the event's payload, which lives in
    /// `audit_payloads` so that erasure can blank it while this row stays as written.
    pub payload_digest: String,
    /// Id of the request that caused the event.
    pub request_id: Option<String>,
    /// Hash of the previous event in the chain.
    pub prev_hash: String,
    /// Hash of this event, chained from `prev_hash`.
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
