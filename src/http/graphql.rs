//! `POST /graphql` and `GET /graphql`.
//!
//! The handler is CaseGraph's own rather than async-graphql-axum's: it accepts one JSON
//! operation per request (no batches), only as `application/json` (so a browser cannot forge
//! a request with a simple form post), checks the body and query size, authenticates the
//! caller, runs the operation under a timeout, and gives every error an `extensions.code`.
//! `GET` only ever serves GraphiQL, so no mutation can run over GET.

use std::sync::Arc;
use std::time::Instant;

use async_graphql::http::GraphiQLSource;
use async_graphql::{ErrorExtensionValues, Response as GqlResponse, ServerError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde_json::json;
use tracing::Instrument;

use crate::error::{AppError, Code};
use crate::graphql::loaders;
use crate::service::{identity, Session};
use crate::startup::AppState;

/// The request id: the caller's `x-request-id` when it is sane, otherwise a new one.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=64).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// A response holding GraphQL errors only, for refusals before execution.
fn refusal(status: StatusCode, request_id: &str, err: AppError) -> Response {
    let code = err.code();
    let mut extensions = json!({ "code": code.as_str() });
    if let AppError::BadInput { field, .. } = &err {
        extensions["field"] = json!(field);
    }
    if code == Code::Internal {
        extensions["requestId"] = json!(request_id);
    }
    let body = json!({ "errors": [{ "message": err.public_message(), "extensions": extensions }] });
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    with_request_id(response, request_id)
}

fn with_request_id(mut response: Response, request_id: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}

/// `GET /graphql`: GraphiQL when enabled.
pub async fn graphiql(State(state): State<Arc<AppState>>) -> Response {
    if state.graphiql {
        Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .title("CaseGraph")
                .finish(),
        )
        .into_response()
    } else {
        (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "GraphiQL is disabled; POST GraphQL requests as application/json",
        )
            .into_response()
    }
}

/// `POST /graphql`.
pub async fn execute(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request_id = request_id(&headers);
    let span = tracing::info_span!("graphql", request_id = %request_id);
    let started = Instant::now();
    let response = execute_inner(&state, &headers, body, &request_id)
        .instrument(span.clone())
        .await;
    tracing::info!(parent: &span, status = response.status().as_u16(), elapsed_ms = started.elapsed().as_secs_f64() * 1000.0, "graphql request");
    state
        .metrics
        .requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    response
}

async fn execute_inner(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
    request_id: &str,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            request_id,
            AppError::bad_input("Content-Type", "send GraphQL requests as application/json"),
        );
    }
    let body = match body {
        Ok(b) => b,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refusal(
                StatusCode::PAYLOAD_TOO_LARGE,
                request_id,
                AppError::LimitExceeded(format!(
                    "request body larger than {} bytes",
                    state.limits.max_body_bytes
                )),
            )
        }
        Err(_) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                request_id,
                AppError::bad_input("body", "could not be read"),
            )
        }
    };
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return refusal(
            StatusCode::BAD_REQUEST,
            request_id,
            AppError::LimitExceeded(
                "batched requests are not accepted; send one operation per request".into(),
            ),
        );
    }
    let request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            let what = if e.is_syntax() || e.is_eof() {
                "is not valid JSON"
            } else {
                "is not a GraphQL request (needs a \"query\" string)"
            };
            return refusal(
                StatusCode::BAD_REQUEST,
                request_id,
                AppError::bad_input("body", what),
            );
        }
    };
    if request.query.len() > state.limits.max_query_bytes {
        return refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            request_id,
            AppError::LimitExceeded(format!(
                "query longer than {} bytes",
                state.limits.max_query_bytes
            )),
        );
    }

    let principal = match authenticate(state, headers).await {
        Ok(p) => p,
        Err(err) => {
            let status = if err.code() == Code::Internal {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::UNAUTHORIZED
            };
            if let AppError::Internal(cause) = &err {
                tracing::error!(request_id, cause = %cause, "authentication failed internally");
            }
            return refusal(status, request_id, err);
        }
    };
    let session = Arc::new(Session {
        db: state.db.clone(),
        principal,
        request_id: request_id.to_owned(),
    });
    let request = loaders::install(request, session);
    let response = match tokio::time::timeout(
        state.limits.request_timeout(),
        state.schema.execute(request),
    )
    .await
    {
        Ok(r) => r,
        Err(_) => {
            return refusal(
                StatusCode::SERVICE_UNAVAILABLE,
                request_id,
                AppError::LimitExceeded(format!(
                    "request took longer than {} s",
                    state.limits.request_timeout_secs
                )),
            )
        }
    };
    let response = with_codes(response, request_id);
    let accept_graphql = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.contains("application/graphql-response+json") && !v.contains("application/json")
        });
    let content_type = if accept_graphql {
        "application/graphql-response+json"
    } else {
        "application/json"
    };
    let body = serde_json::to_string(&response).unwrap_or_else(|_| {
        r#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#.into()
    });
    with_request_id(
        ([(header::CONTENT_TYPE, content_type)], body).into_response(),
        request_id,
    )
}

/// Bearer token → principal (creating the workspace and user rows on first sight).
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<crate::auth::Principal, AppError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthenticated("missing Authorization: Bearer token".into()))?
        .to_str()
        .map_err(|_| AppError::Unauthenticated("malformed Authorization header".into()))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AppError::Unauthenticated("Authorization must be: Bearer <token>".into()))?;
    let (claims, role) = state.keys.verify(token)?;
    identity::principal(&state.db, &state.identities, &claims, role).await
}

/// Gives async-graphql's own errors (parse, validation, limits, argument coercion) a code,
/// and INTERNAL errors the request id that the server log carries.
fn with_codes(mut response: GqlResponse, request_id: &str) -> GqlResponse {
    for err in &mut response.errors {
        let code = err.extensions.as_ref().and_then(|e| e.get("code")).cloned();
        match code {
            Some(code) if code == async_graphql::Value::from(Code::Internal.as_str()) => {
                err.extensions
                    .get_or_insert_with(ErrorExtensionValues::default)
                    .set("requestId", request_id);
            }
            Some(_) => {}
            None => classify(err),
        }
    }
    response
}

fn classify(err: &mut ServerError) {
    let m = err.message.to_ascii_lowercase();
    let limit = [
        "nested too deep",
        "too complex",
        "too many directives",
        "recursive depth",
        "too many aliases",
    ];
    let code = if limit.iter().any(|l| m.contains(l)) {
        Code::LimitExceeded
    } else {
        Code::BadUserInput
    };
    let ext = err
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    ext.set("code", code.as_str());
    // "Invalid value for argument \"input.type\", …" → field `input.type`.
    if let Some(rest) = err.message.split("argument \"").nth(1) {
        if let Some(field) = rest.split('"').next() {
            ext.set("field", field);
        }
    }
}
