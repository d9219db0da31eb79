//! Tells the HTTP layer whether a request reached execution, and puts back the `null`s of
//! failed root fields.
//!
//! GraphQL-over-HTTP answers a request error (the document does not parse, fails validation
//! or one of our limits, names an unknown operation) with HTTP 400 and no `data` under
//! `application/graphql-response+json`, while a response whose execution started always has
//! `data`, even `null`. async-graphql's `Response` looks alike in both cases (`data` null,
//! some errors), and the schema has no extension to see the `execute` hook with (one
//! extension sends every field through async-graphql's slow path, see [`super::gateway`]).
//! So [`executed`] tells them apart by what only execution produces: request errors come
//! without `data` and without a `path`, while every error of a field carries its path.
//!
//! async-graphql 7 also leaves a failed root field out of `data`: it drops the field's key,
//! where the GraphQL spec (§6.4.4, errors and non-null) makes a failed nullable field `null`
//! and lets a failed non-null field null its parent — for a root field, `data` itself.
//! [`fill_failed_roots`] puts that back.

use async_graphql::parser::types::OperationType;
use async_graphql::{Name, Response, ServerError, Value};

/// async-graphql's answer to a subscription sent over HTTP: an execution error, without path.
const SUBSCRIPTION_OVER_HTTP: &str = "Subscriptions are not supported on this transport.";

/// Whether async-graphql executed the operation (of type `ty`, selected from the document)
/// that gave `response`: it passed validation. A request error comes alone: `data` null, and
/// errors without a path.
pub fn executed(ty: OperationType, response: &Response) -> bool {
    !matches!(response.data, Value::Null)
        || response.errors.is_empty()
        || response.errors.iter().any(|e| !e.path.is_empty())
        || (ty == OperationType::Subscription
            && response
                .errors
                .iter()
                .all(|e| e.message == SUBSCRIPTION_OVER_HTTP))
}

/// `data` with the root fields that failed (absent from `data`, an error on their path) put
/// back as `null`, or `null` itself when one of them is non-null. `roots` are the
/// operation's root response keys, each with whether its field is non-null.
pub fn fill_failed_roots(data: Value, roots: &[(&str, bool)], errors: &[ServerError]) -> Value {
    let present = |key: &str| matches!(&data, Value::Object(map) if map.contains_key(key));
    let failed = |key: &str| {
        errors.iter().any(
            |e| matches!(e.path.first(), Some(async_graphql::PathSegment::Field(f)) if f == key),
        )
    };
    let mut nulls = Vec::new();
    for &(key, non_null) in roots {
        if present(key) || !failed(key) {
            continue;
        }
        if non_null {
            return Value::Null;
        }
        nulls.push(key);
    }
    if nulls.is_empty() {
        return data;
    }
    let mut map = match data {
        Value::Object(map) => map,
        _ => Default::default(),
    };
    for key in nulls {
        map.entry(Name::new(key)).or_insert(Value::Null);
    }
    Value::Object(map)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn error(path: &[&str]) -> ServerError {
        let mut e = ServerError::new("failed", None);
        e.path = path
            .iter()
            .map(|p| async_graphql::PathSegment::Field((*p).to_owned()))
            .collect();
        e
    }

    #[test]
    fn failed_root_fields_are_null_or_null_the_data() {
        let data = Value::from_json(serde_json::json!({ "viewer": { "role": "ADMIN" } })).unwrap();
        let roots = [("viewer", true), ("maybe", false), ("case", true)];
        // A nullable root field failed: its key comes back as null.
        let filled = fill_failed_roots(data.clone(), &roots, &[error(&["maybe"])]);
        assert_eq!(
            filled.into_json().unwrap(),
            serde_json::json!({ "viewer": { "role": "ADMIN" }, "maybe": null })
        );
        // A non-null one: `data` is null.
        assert_eq!(
            fill_failed_roots(data.clone(), &roots, &[error(&["case", "id"])]),
            Value::Null
        );
        // An error under a root field that is present changes nothing; nor does a key
        // absent without an error (skipped).
        let nested = fill_failed_roots(data.clone(), &roots, &[error(&["viewer", "role"])]);
        assert_eq!(nested, data);
    }

    #[test]
    fn request_errors_are_told_from_execution() {
        let request_error = Response::from_errors(vec![ServerError::new("unknown field", None)]);
        assert!(!executed(OperationType::Query, &request_error));
        let field_error = Response::from_errors(vec![error(&["case"])]);
        assert!(executed(OperationType::Query, &field_error));
        // Every root field skipped: no data, no error.
        assert!(executed(OperationType::Query, &Response::new(Value::Null)));
        let subscription =
            Response::from_errors(vec![ServerError::new(SUBSCRIPTION_OVER_HTTP, None)]);
        assert!(executed(OperationType::Subscription, &subscription));
        assert!(!executed(OperationType::Query, &subscription));
    }
}
