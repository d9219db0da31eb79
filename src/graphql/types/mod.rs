//! GraphQL object types. Each wraps an entity model (`struct Case(Node<case::Model>)`), so a
//! new column is public only once a resolver here exposes it.
//!
//! The types a case's lists hold (checks, AML hits, companies, individuals, relations,
//! documents, notes, reviews, risks, audit events) are `#[Object(serial)]`: async-graphql
//! then awaits their fields one after the other, instead of putting every field of every
//! object into a `FuturesUnordered` (a task, a waker and a reordering per field). Their
//! fields are plain reads of the loaded row, or one cohort load each, which a list's
//! objects still start together (a list resolves its items concurrently), so batching is
//! unchanged; a nested page of 100 cases holds ~1,000 such objects (docs/performance.md).

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
