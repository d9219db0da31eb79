//! Custom property definitions.

use async_graphql::{Json, Object, ID};
use chrono::{DateTime, Utc};
use entity::custom_property_definition as definition;
use serde_json::Value;

use super::json;
use crate::domain::custom_property::{PropertyTarget, PropertyType};

/// A workspace-defined field on cases, companies or individuals.
pub struct CustomPropertyDefinition(pub definition::Model);

/// A workspace-defined field on cases, companies or individuals.
#[Object]
impl CustomPropertyDefinition {
    /// The definition's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// What it is set on.
    async fn target(&self) -> PropertyTarget {
        self.0.target
    }
    /// The key values are stored under (in `customProperties`).
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// What people read.
    async fn label(&self) -> &str {
        &self.0.label
    }
    /// The value's type.
    #[graphql(name = "type")]
    async fn property_type(&self) -> PropertyType {
        self.0.property_type
    }
    /// The type's settings (`options`, `allowMultiple`, `format`, `currency`, `min`, `max`, `multiline`).
    async fn settings(&self) -> Json<Value> {
        json(&self.0.settings)
    }
    /// When the property was defined (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
