//! Parsing of raw input into values the rest of the code can trust. Each function names
//! the input field at fault, so a refusal reads `BAD_USER_INPUT` with `extensions.field`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::error::{AppError, AppResult};

/// Longest case name or external id.
pub const MAX_NAME: usize = 255;
/// Longest free-text field (descriptions, notes, comments).
pub const MAX_TEXT: usize = 10_000;
/// Longest tag.
pub const MAX_TAG: usize = 64;
/// Most tags on one case.
pub const MAX_TAGS: usize = 50;
/// Most keys in one metadata object.
pub const MAX_METADATA_KEYS: usize = 100;

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    bounded(field, trimmed, max)
}

/// An optional text: trimmed; empty becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(field, v, max).map(Some),
    }
}

fn bounded(field: &str, value: &str, max: usize) -> AppResult<String> {
    let len = value.chars().count();
    if len > max {
        return Err(AppError::bad_input(
            field,
            format!("must be at most {max} characters (got {len})"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::bad_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

/// A set of tags: each trimmed, 1–64 characters; at most 50.
pub fn tags(field: &str, values: &[String]) -> AppResult<BTreeSet<String>> {
    if values.len() > MAX_TAGS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    values
        .iter()
        .enumerate()
        .map(|(i, t)| required_text(&format!("{field}[{i}]"), t, MAX_TAG))
        .collect()
}

/// Metadata: an object whose values are all strings. A write replaces the whole object.
pub fn metadata(field: &str, value: &Value) -> AppResult<Value> {
    let Value::Object(map) = value else {
        return Err(AppError::bad_input(
            field,
            "must be an object of string values",
        ));
    };
    if map.len() > MAX_METADATA_KEYS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_METADATA_KEYS} keys"),
        ));
    }
    let mut out = Map::new();
    for (key, v) in map {
        let Value::String(s) = v else {
            return Err(AppError::bad_input(
                format!("{field}.{key}"),
                "must be a string",
            ));
        };
        bounded(&format!("{field}.{key}"), key, MAX_NAME)?;
        out.insert(
            key.clone(),
            Value::String(bounded(&format!("{field}.{key}"), s, MAX_TEXT)?),
        );
    }
    Ok(Value::Object(out))
}

/// A percentage, 0–100.
pub fn percentage(field: &str, value: f64) -> AppResult<f64> {
    if !(0.0..=100.0).contains(&value) || value.is_nan() {
        return Err(AppError::bad_input(field, "must be between 0 and 100"));
    }
    Ok(value)
}

/// A workspace id as carried by tokens: 1–64 of `[A-Za-z0-9_-]`.
pub fn is_workspace_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            required_text("name", "  Acme ", 255).ok(),
            Some("Acme".into())
        );
        assert!(required_text("name", "   ", 255).is_err());
        assert!(required_text("name", &"x".repeat(255), 255).is_ok());
        assert!(required_text("name", &"x".repeat(256), 255).is_err());
        assert!(required_text("name", "a\u{0}b", 255).is_err());
    }

    #[test]
    fn metadata_takes_strings_only() {
        assert!(metadata("m", &json!({"a": "b"})).is_ok());
        let Err(AppError::BadInput { field, .. }) = metadata("m", &json!({"a": 1})) else {
            panic!("accepted a number")
        };
        assert_eq!(field, "m.a");
        assert!(metadata("m", &json!(["a"])).is_err());
    }

    #[test]
    fn workspace_ids() {
        assert!(is_workspace_id("acme_prod-1"));
        assert!(!is_workspace_id(""));
        assert!(!is_workspace_id("a b"));
        assert!(!is_workspace_id(&"a".repeat(65)));
    }
}
