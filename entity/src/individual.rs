//! `individuals`: a person within a case.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::country::CountryCode;
use crate::enums::{Gender, Title};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "individuals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    pub title: Option<Title>,
    pub first_name: String,
    pub last_name: String,
    pub maiden_name: Option<String>,
    /// Full birth date, when known.
    pub birth_date: Option<Date>,
    /// Birth year, for partially known birth dates.
    pub birth_year: Option<i32>,
    /// Birth month (1-12), for partially known birth dates.
    pub birth_month: Option<i32>,
    /// Birth day of month, for partially known birth dates.
    pub birth_day: Option<i32>,
    pub gender: Option<Gender>,
    /// ISO 3166-1 alpha-2 country code.
    pub nationality: Option<CountryCode>,
    /// Email addresses (JSON array).
    pub emails: Json,
    /// Phone numbers (JSON array).
    pub phone_numbers: Json,
    /// Postal address (JSON object).
    pub address: Option<Json>,
    /// Whether this person is the case's business contact.
    pub is_business_contact: bool,
    /// Whether this person is a beneficial owner.
    pub is_beneficial_owner: bool,
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
