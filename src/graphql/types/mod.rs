//! GraphQL object types. Each wraps an entity model (`struct Case(Node<case::Model>)`), so a
//! new column is public only once a resolver here exposes it.

pub mod alert;
pub mod audit;
pub mod case;
pub mod check;
pub mod custom_property;
pub mod document;
pub mod event;
pub mod node;
pub mod note;
pub mod page;
pub mod party;
pub mod review;
pub mod risk;
pub mod screening;
pub mod webhook;
pub mod workspace;

use async_graphql::Json;
use serde_json::Value;

/// A stored JSON value as the `JSON` scalar.
pub fn json(value: &Value) -> Json<Value> {
    Json(value.clone())
}

/// A stored JSON array of strings.
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
