//! Risk assessments of a case.

use async_graphql::{Json, Object, ID};
use chrono::{DateTime, Utc};
use entity::risk;
use serde_json::Value;

use super::json;
use crate::domain::{RiskLevel, RiskMode};
use crate::graphql::loaders::Node;

/// A risk assessment of a case.
pub struct Risk(pub Node<risk::Model>);

/// A risk assessment of a case.
#[Object(serial)]
impl Risk {
    /// The assessment's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Pushed by an integration or set by a reviewer.
    async fn mode(&self) -> RiskMode {
        self.0.mode
    }
    /// The assessed risk level.
    async fn level(&self) -> RiskLevel {
        self.0.level
    }
    /// Score, as given by the scorer.
    async fn score(&self) -> Option<f64> {
        self.0.score
    }
    /// Score components: an object of numbers.
    async fn components(&self) -> Json<Value> {
        json(&self.0.components)
    }
    /// Risk flags: an object of booleans.
    async fn flags(&self) -> Json<Value> {
        json(&self.0.flags)
    }
    /// Why (manual risks).
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// Who set it.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When the risk was assessed (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
