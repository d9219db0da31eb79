//! `companies`: a company within a case.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    pub name: String,
    pub registration_number: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<CountryCode>,
    pub legal_form: Option<String>,
    /// Postal address (JSON object).
    pub address: Option<Json>,
    /// Whether this is the case's main company (at most one per case).
    pub is_main: bool,
    /// Custom property values keyed by definition key (JSON object).
    pub custom_properties: Json,
    /// Free-form caller metadata.
    pub metadata: Option<Json>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
