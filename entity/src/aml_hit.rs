//! `aml_hits`: a potential match found by an AML screening check.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{AmlHitStatus, AmlListTypes};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "aml_hits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// The screening check that produced the hit.
    pub check_id: Uuid,
    /// Name of the matched entry.
    pub name: String,
    /// Lists the entry appears on, e.g. sanctions or PEP (JSON array).
    pub list_types: AmlListTypes,
    /// Match score from the provider.
    pub score: Option<f64>,
    /// Review status (e.g. pending, true or false positive).
    pub status: AmlHitStatus,
    /// The provider's reference for the hit.
    pub provider_ref: Option<String>,
    /// Provider payload (JSON).
    pub data: Option<Json>,
    /// Subject of the reviewer.
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
