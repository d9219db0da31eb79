//! `case_tags`: the set of tags on each case.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "case_tags")]
pub struct Model {
    /// The tagged case.
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
