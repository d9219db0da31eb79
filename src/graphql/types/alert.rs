//! Alerts and the `alerts` connection.

use async_graphql::{Context, Json, MergedObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::alert;
use serde_json::Value;
use uuid::Uuid;

use super::case::Case;
use super::json;
use super::page::Connection;
use crate::domain::{AlertStatus, AlertType};
use crate::error::AppError;
use crate::graphql::loaders::{CaseLoader, Node};
use crate::graphql::session;
use crate::service::alert::AlertFilter;
use crate::service::page::Page;

/// Something on a case that needs a reviewer's attention.
pub struct Alert(pub Node<alert::Model>);

/// Something on a case that needs a reviewer's attention.
#[Object]
impl Alert {
    /// Id (UUID).
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What the alert is about.
    #[graphql(name = "type")]
    async fn alert_type(&self) -> AlertType {
        self.0.alert_type
    }
    /// Where the alert stands.
    async fn status(&self) -> AlertStatus {
        self.0.status
    }
    /// The proposed changes or details.
    async fn payload(&self) -> Json<Value> {
        json(&self.0.payload)
    }
    /// Id of the case the alert is about.
    async fn case_id(&self) -> ID {
        ID(self.0.case_id.to_string())
    }
    /// The case the alert is about.
    async fn case(&self, ctx: &Context<'_>) -> async_graphql::Result<Case> {
        let case = self
            .0
            .referenced::<CaseLoader>(ctx, "case", |a| a.case_id)
            .await?
            .ok_or(AppError::NotFound { entity: "Case" })?;
        Ok(Case(case))
    }
    /// Who raised it (a token subject, or `system` for the monitor).
    async fn raised_by(&self) -> &str {
        &self.0.raised_by
    }
    /// Who actioned it.
    async fn actioned_by(&self) -> Option<&str> {
        self.0.actioned_by.as_deref()
    }
    /// When it was actioned.
    async fn actioned_at(&self) -> Option<DateTime<Utc>> {
        self.0.actioned_at
    }
    /// When it was raised.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// How many alerts of one type match a filter.
#[derive(SimpleObject)]
pub struct AlertTypeCount {
    /// The alert type.
    #[graphql(name = "type")]
    pub alert_type: AlertType,
    /// How many.
    pub count: u64,
}

/// Alert counts by type, for the `alerts` connection.
pub struct AlertCounts {
    filter: AlertFilter,
}

/// Alert counts by type, for the `alerts` connection.
#[Object]
impl AlertCounts {
    /// How many alerts of each type match the filter without its `type` condition (every
    /// type listed, 0 included).
    async fn counts_by_type(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<AlertTypeCount>> {
        Ok(
            crate::service::alert::counts_by_type(session(ctx)?, &self.filter)
                .await?
                .into_iter()
                .map(|(alert_type, count)| AlertTypeCount { alert_type, count })
                .collect(),
        )
    }
}

/// A page of alerts (Relay connection): `totalCount` counts the alerts matching the
/// filter, `countsByType` splits them by type.
#[derive(MergedObject)]
pub struct AlertConnection(Connection<Alert>, AlertCounts);

impl AlertConnection {
    /// A page of the `alerts` query.
    pub fn new(page: Page<alert::Model>, filter: AlertFilter) -> Self {
        AlertConnection(
            Connection::new(page, filter.clone()),
            AlertCounts { filter },
        )
    }

    /// A page of a case's alerts (any status).
    pub fn of_case(page: Connection<Alert>, case_id: Uuid) -> Self {
        let filter = AlertFilter {
            case_id: Some(ID(case_id.to_string())),
            status: Some(AlertStatus::ALL.to_vec()),
            ..AlertFilter::default()
        };
        AlertConnection(page, AlertCounts { filter })
    }
}
