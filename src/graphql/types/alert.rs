//! Alerts and the `alerts` connection.

use async_graphql::{Context, Json, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::alert;
use serde_json::Value;

use super::case::Case;
use super::json;
use super::page::PageInfo;
use crate::domain::{AlertStatus, AlertType};
use crate::error::AppError;
use crate::graphql::loaders::{CaseLoader, Node};
use crate::graphql::session;
use crate::service::alert::AlertFilter;
use crate::service::page::{Cursor, Page};

/// Something on a case that needs a reviewer's attention.
pub struct Alert(pub Node<alert::Model>);

/// Something on a case that needs a reviewer's attention.
#[Object]
impl Alert {
    /// Id (UUID).
    async fn id(&self) -> ID {
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

/// An alert in a page of alerts.
pub struct AlertEdge {
    cursor: Cursor,
    node: Node<alert::Model>,
}

/// An alert in a page of alerts.
#[Object]
impl AlertEdge {
    /// Where this alert is, for `after`/`before`.
    async fn cursor(&self) -> String {
        self.cursor.encode()
    }
    /// The alert.
    async fn node(&self) -> Alert {
        Alert(self.node.clone())
    }
}

/// A page of alerts (Relay connection).
pub struct AlertConnection {
    edges: Vec<AlertEdge>,
    page_info: (bool, bool),
    filter: AlertFilter,
}

impl AlertConnection {
    pub fn new(page: Page<alert::Model>, filter: AlertFilter) -> Self {
        let (cursors, models): (Vec<Cursor>, Vec<alert::Model>) = page.items.into_iter().unzip();
        let edges = cursors
            .into_iter()
            .zip(Node::list(models))
            .map(|(cursor, node)| AlertEdge { cursor, node })
            .collect();
        AlertConnection {
            edges,
            page_info: (page.has_next_page, page.has_previous_page),
            filter,
        }
    }
}

/// A page of alerts (Relay connection).
#[Object]
impl AlertConnection {
    /// The alerts with their cursors.
    async fn edges(&self) -> &[AlertEdge] {
        &self.edges
    }
    /// The alerts.
    async fn nodes(&self) -> Vec<Alert> {
        self.edges.iter().map(|e| Alert(e.node.clone())).collect()
    }
    /// Where this page is.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.page_info.0,
            has_previous_page: self.page_info.1,
            start_cursor: self.edges.first().map(|e| e.cursor.encode()),
            end_cursor: self.edges.last().map(|e| e.cursor.encode()),
        }
    }
    /// How many alerts match the filter (counted only when asked for).
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(crate::service::alert::count(session(ctx)?, &self.filter).await?)
    }
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
