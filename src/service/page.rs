//! Keyset pagination for Relay connections: a page request (`first`/`after` or
//! `last`/`before`), opaque cursors, and the page that comes back.

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// Largest page.
pub const MAX_PAGE: u64 = 100;
/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: u64 = 20;

/// Which way a page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// A validated page request.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub direction: Direction,
    pub size: u64,
    pub cursor: Option<Cursor>,
}

/// The position of a row in an ordering: its sort value (as text) and its id.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Cursor {
    #[serde(rename = "v")]
    pub value: String,
    #[serde(rename = "i")]
    pub id: uuid::Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    pub fn decode(field: &str, text: &str) -> AppResult<Self> {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| AppError::bad_input(field, "is not a cursor from this API"))
    }
}

impl PageRequest {
    /// Reads Relay arguments: `first` with `after`, or `last` with `before`; not both.
    pub fn from_args(
        first: Option<i32>,
        after: Option<&str>,
        last: Option<i32>,
        before: Option<&str>,
    ) -> AppResult<Self> {
        let size = |field: &str, n: i32| -> AppResult<u64> {
            if n < 0 || n as u64 > MAX_PAGE {
                return Err(AppError::bad_input(
                    field,
                    format!("must be between 0 and {MAX_PAGE}"),
                ));
            }
            Ok(n as u64)
        };
        match (first, last) {
            (Some(_), Some(_)) => Err(AppError::bad_input(
                "last",
                "give either first or last, not both",
            )),
            (_, Some(n)) => {
                if after.is_some() {
                    return Err(AppError::bad_input("after", "goes with first, not last"));
                }
                Ok(PageRequest {
                    direction: Direction::Backward,
                    size: size("last", n)?,
                    cursor: before.map(|c| Cursor::decode("before", c)).transpose()?,
                })
            }
            (first, None) => {
                if before.is_some() {
                    return Err(AppError::bad_input("before", "goes with last, not first"));
                }
                Ok(PageRequest {
                    direction: Direction::Forward,
                    size: first
                        .map(|n| size("first", n))
                        .transpose()?
                        .unwrap_or(DEFAULT_PAGE),
                    cursor: after.map(|c| Cursor::decode("after", c)).transpose()?,
                })
            }
        }
    }
}

/// One page of rows, in display order.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_next_page: bool,
    pub has_previous_page: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_garbage() {
        let c = Cursor {
            value: "2026-01-01".into(),
            id: uuid::Uuid::new_v4(),
        };
        assert_eq!(Cursor::decode("after", &c.encode()).ok(), Some(c));
        assert!(Cursor::decode("after", "not-a-cursor").is_err());
    }

    #[test]
    fn page_arguments() {
        assert!(PageRequest::from_args(Some(101), None, None, None).is_err());
        assert!(PageRequest::from_args(Some(-1), None, None, None).is_err());
        assert!(PageRequest::from_args(Some(1), None, Some(1), None).is_err());
        let p = PageRequest::from_args(None, None, Some(5), None).ok();
        assert_eq!(
            p.map(|p| (p.direction, p.size)),
            Some((Direction::Backward, 5))
        );
        assert_eq!(
            PageRequest::from_args(None, None, None, None)
                .ok()
                .map(|p| p.size),
            Some(DEFAULT_PAGE)
        );
    }
}
