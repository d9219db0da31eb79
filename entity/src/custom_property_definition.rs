//! `custom_property_definitions`: a workspace-defined custom property.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{PropertyTarget, PropertyType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "custom_property_definitions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// What the property applies to: case, company or individual.
    pub target: PropertyTarget,
    /// Key under which values are stored, unique per workspace and target.
    pub key: String,
    pub label: String,
    /// Value type of the property.
    pub property_type: PropertyType,
    /// Type-specific settings, e.g. allowed options (JSON).
    pub settings: Json,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
