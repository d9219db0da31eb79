//! `alerts`: something on a case that needs attention.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{AlertStatus, AlertType};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "alerts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// Kind of alert.
    pub alert_type: AlertType,
    /// Open or actioned.
    pub status: AlertStatus,
    /// Alert-specific details (JSON).
    pub payload: Json,
    /// Who or what raised the alert.
    pub raised_by: String,
    /// Subject of whoever actioned the alert.
    pub actioned_by: Option<String>,
    pub actioned_at: Option<DateTimeUtc>,
    /// What the alert is about, unique per workspace, for alerts raised at most once
    /// (the monitor's); `None` for alerts raised by integrations.
    pub dedup_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
