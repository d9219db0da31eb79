//! Do two servers answer with the same data? Answers are normalised first: a connection's
//! `{ "nodes": [...] }` becomes its list, lists of objects are sorted by `id`, numbers are
//! compared as numbers (70 = 70.0) and timestamps as instants (`Z` = `+00:00`).

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Number, Value};

pub fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("nodes") => {
            normalise(&map["nodes"])
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalise(v)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(normalise).collect();
            items.sort_by_key(sort_key);
            Value::Array(items)
        }
        Value::Number(n) => n
            .as_f64()
            .and_then(Number::from_f64)
            .map_or_else(|| value.clone(), Value::Number),
        Value::String(s) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => Value::String(
                t.with_timezone(&Utc)
                    .to_rfc3339_opts(SecondsFormat::Micros, true),
            ),
            Err(_) => value.clone(),
        },
        _ => value.clone(),
    }
}

fn sort_key(v: &Value) -> String {
    match v.get("id").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => v.to_string(),
    }
}

/// Where two normalised answers first differ (a JSON path and both values), if they do.
pub fn difference(a: &Value, b: &Value) -> Option<String> {
    walk(&normalise(a), &normalise(b), "$")
}

fn walk(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let here = format!("{path}.{key}");
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = walk(u, v, &here) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{here}: {u:?} vs {v:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path}: {} items vs {}", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (u, v))| walk(u, v, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn connections_order_numbers_and_times_do_not_matter() {
        let ours = json!({ "cases": { "nodes": [
            { "id": "b", "score": 70.0, "at": "2026-01-01T10:00:00.5Z",
              "companies": [{ "id": "2" }, { "id": "1" }] },
            { "id": "a", "score": null, "at": null, "companies": [] }
        ] } });
        let theirs = json!({ "cases": { "nodes": [
            { "id": "a", "score": null, "at": null, "companies": { "nodes": [] } },
            { "id": "b", "score": 70, "at": "2026-01-01T10:00:00.500000+00:00",
              "companies": { "nodes": [{ "id": "1" }, { "id": "2" }] } }
        ] } });
        assert_eq!(difference(&ours, &theirs), None);
    }

    #[test]
    fn a_different_value_is_found_with_its_path() {
        let a = json!({ "case": { "id": "x", "checks": [{ "id": "c", "status": "OPEN" }] } });
        let b = json!({ "case": { "id": "x", "checks": { "nodes": [{ "id": "c", "status": "DRAFT" }] } } });
        assert_eq!(
            difference(&a, &b).unwrap(),
            "$.case.checks[0].status: \"OPEN\" vs \"DRAFT\""
        );
        let c = json!({ "case": { "id": "x", "checks": [] } });
        assert!(difference(&a, &c).unwrap().contains("1 items vs 0"));
    }
}
