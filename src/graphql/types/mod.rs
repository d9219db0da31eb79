//! GraphQL object types. Each wraps an entity model (`struct Case(Node<case::Model>)`), so a
//! new column is public only once a resolver here exposes it.

pub mod case;
pub mod check;
pub mod custom_property;
pub mod entity;
pub mod misc;

use async_graphql::Json;
use serde_json::Value;

use crate::domain::enums::StoredEnum;
use crate::error::AppError;

/// Reads a stored enumeration; a value the code does not know is an internal error.
pub fn stored<E: StoredEnum>(text: &str) -> async_graphql::Result<E> {
    E::from_stored(text)
        .ok_or_else(|| AppError::Internal(format!("unknown stored value {text:?}")).into())
}

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
