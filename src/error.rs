//! `AppError`, CaseGraph's one error type, and the one place it becomes a GraphQL error.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql turns any `Display`
//! value into an error message through a blanket `From`, which would let `?` send SQL text to
//! a client. The only way out is [`From<AppError> for async_graphql::Error`], which sets
//! `extensions.code` and hides internal causes behind a request id.

use async_graphql::ErrorExtensions;
use chrono::{DateTime, Utc};
use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// Stable error codes, the `extensions.code` of every error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Unauthenticated,
    Forbidden,
    NotFound,
    BadUserInput,
    Conflict,
    InvalidTransition,
    LimitExceeded,
    Internal,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::NotFound => "NOT_FOUND",
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::Conflict => "CONFLICT",
            Code::InvalidTransition => "INVALID_TRANSITION",
            Code::LimitExceeded => "LIMIT_EXCEEDED",
            Code::Internal => "INTERNAL",
        }
    }
}

/// Everything that can go wrong in a request, with what the client may be told.
#[derive(Debug, Clone)]
pub enum AppError {
    Unauthenticated(String),
    Forbidden(String),
    /// `entity` is the public type name, e.g. `Case`.
    NotFound {
        entity: &'static str,
    },
    /// A bad value; `field` is the input path at fault (e.g. `input.name`).
    BadInput {
        field: String,
        message: String,
    },
    /// A bad item of a batch, by its index.
    BadItem {
        index: usize,
        field: String,
        message: String,
    },
    /// Every bad item of a batch (each a `BadItem`), by index: one GraphQL error each.
    Batch(Vec<AppError>),
    /// A write that clashes with the current state (duplicate, stale version).
    Conflict {
        message: String,
        field: Option<String>,
        current_version: Option<i64>,
    },
    InvalidTransition {
        from: String,
        to: String,
    },
    /// A write to a case whose personal data was erased (`CONFLICT`, `extensions.erasedAt`).
    Erased {
        erased_at: DateTime<Utc>,
    },
    /// `eraseCase` before the retention period ended (`CONFLICT`, `extensions.erasableAt`).
    RetentionNotOver {
        erasable_at: DateTime<Utc>,
    },
    LimitExceeded(String),
    /// Never shown to clients: logged with the request id, answered as `INTERNAL`.
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_input(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::BadInput {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn internal(cause: impl std::fmt::Debug) -> Self {
        AppError::Internal(format!("{cause:?}"))
    }

    pub fn code(&self) -> Code {
        match self {
            AppError::Unauthenticated(_) => Code::Unauthenticated,
            AppError::Forbidden(_) => Code::Forbidden,
            AppError::NotFound { .. } => Code::NotFound,
            AppError::BadInput { .. } | AppError::BadItem { .. } => Code::BadUserInput,
            AppError::Batch(errors) => errors.first().map_or(Code::BadUserInput, AppError::code),
            AppError::Conflict { .. }
            | AppError::Erased { .. }
            | AppError::RetentionNotOver { .. } => Code::Conflict,
            AppError::InvalidTransition { .. } => Code::InvalidTransition,
            AppError::LimitExceeded(_) => Code::LimitExceeded,
            AppError::Internal(_) => Code::Internal,
        }
    }

    /// The message a client sees.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Unauthenticated(m) | AppError::Forbidden(m) | AppError::LimitExceeded(m) => {
                m.clone()
            }
            AppError::NotFound { entity } => format!("{entity} not found"),
            AppError::BadInput { field, message } => format!("{field}: {message}"),
            AppError::BadItem {
                index,
                field,
                message,
            } => format!("item {index}: {field}: {message}"),
            AppError::Batch(errors) => errors
                .first()
                .map_or_else(|| "bad items".to_owned(), AppError::public_message),
            AppError::Conflict { message, .. } => message.clone(),
            AppError::Erased { erased_at } => format!(
                "the case's personal data was erased at {}; it cannot change any more",
                rfc3339(erased_at)
            ),
            AppError::RetentionNotOver { erasable_at } => format!(
                "the case is kept until its retention period ends: it can be erased from {}",
                rfc3339(erasable_at)
            ),
            AppError::InvalidTransition { from, to } => {
                format!("a case cannot go from {from} to {to}")
            }
            AppError::Internal(_) => "internal error".to_owned(),
        }
    }

    /// Maps a unique-constraint violation to `CONFLICT` with the given message; any other
    /// database error stays internal. The one place constraint names meet public wording.
    pub fn on_unique(err: DbErr, field: &str, message: &str) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
                message: message.to_owned(),
                field: Some(field.to_owned()),
                current_version: None,
            },
            _ => AppError::from(err),
        }
    }
}

/// A moment as the API writes `DateTime` values (RFC 3339, UTC), so that an extension
/// compares equal to the field it names.
fn rfc3339(at: &DateTime<Utc>) -> String {
    at.to_rfc3339()
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        // Pool exhaustion and timeouts are still internal, but say what they are in the log.
        match &err {
            DbErr::ConnectionAcquire(e) => {
                AppError::Internal(format!("database connection: {e:?}"))
            }
            DbErr::Conn(RuntimeErr::SqlxError(e)) => AppError::Internal(format!("database: {e:?}")),
            _ => AppError::Internal(format!("database: {err:?}")),
        }
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        // Where only one error can go, the first bad item stands for the batch (resolvers of
        // batches report each, see `graphql::batch`).
        let err = match err {
            AppError::Batch(mut errors) if !errors.is_empty() => errors.swap_remove(0),
            other => other,
        };
        if let AppError::Internal(cause) = &err {
            // The request span carries the request id; the HTTP layer adds it to the response.
            tracing::error!(cause = %cause, "internal error");
        }
        let code = err.code();
        async_graphql::Error::new(err.public_message()).extend_with(|_, ext| {
            ext.set("code", code.as_str());
            match &err {
                AppError::BadInput { field, .. } => ext.set("field", field.as_str()),
                AppError::BadItem { index, field, .. } => {
                    ext.set("index", *index as u64);
                    ext.set("field", field.as_str());
                }
                AppError::Conflict {
                    field,
                    current_version,
                    ..
                } => {
                    if let Some(field) = field {
                        ext.set("field", field.as_str());
                    }
                    if let Some(v) = current_version {
                        ext.set("currentVersion", *v);
                    }
                }
                AppError::InvalidTransition { from, to } => {
                    ext.set("from", from.as_str());
                    ext.set("to", to.as_str());
                }
                AppError::Erased { erased_at } => ext.set("erasedAt", rfc3339(erased_at)),
                AppError::RetentionNotOver { erasable_at } => {
                    ext.set("erasableAt", rfc3339(erasable_at))
                }
                _ => {}
            }
        })
    }
}
