//! `idempotency_keys`: remembered responses so that a retried call returns the first one.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// Operation the key was used with.
    pub operation: String,
    /// The caller's idempotency key.
    pub key: String,
    /// Hash of the request, to reject a reused key with a different request.
    pub request_hash: String,
    /// The first response (JSON).
    pub response: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
