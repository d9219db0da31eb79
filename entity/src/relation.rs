//! `relations`: an ownership or role link from an individual or company to a company.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::RelationRoles;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "relations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// Source individual, when the link starts at a person.
    pub from_individual_id: Option<Uuid>,
    /// Source company, when the link starts at a company.
    pub from_company_id: Option<Uuid>,
    /// Target company.
    pub to_company_id: Uuid,
    /// Share of capital held, in percent.
    pub ownership_percentage: Option<f64>,
    /// Share of voting rights held, in percent.
    pub voting_rights_percentage: Option<f64>,
    /// Roles held in the target company (JSON array).
    pub roles: RelationRoles,
    /// Job title or position in the target company.
    pub position: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
