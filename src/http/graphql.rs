//! `POST /graphql` and `GET /graphql`.
//!
//! The handler is CaseGraph's own rather than async-graphql-axum's: it accepts one JSON
//! operation per request (no batches), only as `application/json` (so a browser cannot forge
//! a request with a simple form post), checks the body and query size, authenticates the
//! caller, applies the rate limits, runs the operation in its own task under a timeout, and
//! gives every error an `extensions.code`. `GET` takes the request from the URL's parameters
//! and runs it the same way, queries only (a mutation is 405, so a link or an image cannot
//! write); a client that asks for HTML gets GraphiQL instead (see [`super::graphiql`]).
//! Automatic persisted queries work over both (see [`crate::graphql::transport`]).
//!
//! Responses follow GraphQL-over-HTTP: the media type is negotiated from `Accept`
//! (`application/graphql-response+json` or `application/json`); under the former a request
//! error (parse, validation, limits) is HTTP 400 without `data`; once execution started the
//! response always has `data`, `null` when a non-null root field failed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use async_graphql::{ErrorExtensionValues, Response as GqlResponse, ServerError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use tracing::Instrument;

use crate::error::{AppError, Code};
use crate::graphql::loaders;
use crate::graphql::transport::{Refused, RequestTransport};
use crate::service::idempotency::IdempotencyWindow;
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

/// The response media types of GraphQL-over-HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/graphql-response+json`: status codes tell request errors apart.
    GraphqlResponse,
    /// `application/json`, the legacy type: 200 for anything GraphQL answered.
    Json,
}

impl MediaType {
    fn content_type(self) -> &'static str {
        match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        }
    }
}

/// The ranges of `Accept`, split and trimmed.
fn accept_ranges(headers: &HeaderMap) -> Vec<&str> {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// How much `Accept` wants the media type `wanted`: (q in thousandths, specificity: 2 named,
/// 1 `type/*`, 0 `*/*`), from the most specific range that matches (RFC 9110 §12.5.1);
/// `None` when no range matches or its q is 0. Without `wildcards` only a range naming
/// `wanted` counts.
pub fn accept_rank(headers: &HeaderMap, wanted: &str, wildcards: bool) -> Option<(u16, u8)> {
    rank(&accept_ranges(headers), wanted, wildcards)
}

fn rank(accept: &[&str], wanted: &str, wildcards: bool) -> Option<(u16, u8)> {
    let family = wanted.split('/').next().unwrap_or_default();
    let mut best: Option<(u8, u16)> = None;
    for range in accept {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let specificity = if media == wanted {
            2
        } else if wildcards && media.strip_suffix("/*") == Some(family) {
            1
        } else if wildcards && media == "*/*" {
            0
        } else {
            continue;
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0).round() as u16);
        // The most specific range that matches decides the type's q.
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, q));
        }
    }
    best.filter(|(_, q)| *q > 0).map(|(s, q)| (q, s))
}

/// Picks the response media type from `Accept`: the highest `q` wins; at equal `q` a named
/// type beats a wildcard, and between two named types the newer
/// `application/graphql-response+json` wins. No `Accept`, or one that only has wildcards,
/// gets `application/json` as GraphQL-over-HTTP asks; `None` when neither type is acceptable.
pub fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let accept = accept_ranges(headers);
    if accept.is_empty() {
        return Some(MediaType::Json);
    }
    match (
        rank(&accept, "application/graphql-response+json", true),
        rank(&accept, "application/json", true),
    ) {
        (None, None) => None,
        (Some(_), None) => Some(MediaType::GraphqlResponse),
        (None, Some(_)) => Some(MediaType::Json),
        (Some((gq, gs)), Some((jq, js))) => {
            let graphql = (gq, gs) > (jq, js) || ((gq, gs) == (jq, js) && gs == 2);
            Some(if graphql {
                MediaType::GraphqlResponse
            } else {
                MediaType::Json
            })
        }
    }
}

/// A refusal before or instead of execution: an HTTP status and one coded error, no `data`.
pub struct Refusal {
    status: StatusCode,
    pub error: AppError,
    /// Seconds to wait before retrying (rate limits).
    retry_after: Option<u64>,
}

impl Refusal {
    fn new(status: StatusCode, error: AppError) -> Self {
        Self {
            status,
            error,
            retry_after: None,
        }
    }

    fn into_answer(self, media: MediaType, request_id: &str) -> Answer {
        let code = self.error.code();
        let mut extensions = json!({ "code": code.as_str() });
        if let AppError::BadInput { field, .. } = &self.error {
            extensions["field"] = json!(field);
        }
        if let Some(secs) = self.retry_after {
            extensions["retryAfter"] = json!(secs);
        }
        if code == Code::Internal {
            extensions["requestId"] = json!(request_id);
        }
        let body = json!({ "errors": [{ "message": self.error.public_message(), "extensions": extensions }] });
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, media.content_type())],
            body.to_string(),
        )
            .into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        Answer {
            response,
            outcome: code.as_str().to_owned(),
            executed: None,
        }
    }
}

/// Aborts the execution task when the request ends first (timeout, client gone).
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Counts an execution task as alive until the task's future is dropped (done or aborted).
struct Executing(Arc<AtomicUsize>);

impl Executing {
    fn enter(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::AcqRel);
        Self(counter.clone())
    }
}

impl Drop for Executing {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// `GET /graphql`: GraphiQL for a client that asks for HTML (when enabled); otherwise a
/// GraphQL request in the URL's parameters, run as `POST` runs it but for queries only.
pub async fn get(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(params): RawQuery,
) -> Response {
    let params = params.unwrap_or_default();
    let has_query = url::form_urlencoded::parse(params.as_bytes()).any(|(k, _)| k == "query");
    if state.graphiql && super::graphiql::wants_html(&headers, has_query) {
        return super::graphiql::page("/graphql");
    }
    let mut response = serve(&state, &headers, RequestTransport::get(), async {
        read_get_params(&params)
    })
    .await;
    // The same URL answers HTML or JSON, by `Accept`.
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// `POST /graphql`: a JSON request, or a multipart one carrying a file upload (the GraphQL
/// multipart request spec), the latter only with a preflight header.
pub async fn execute(
    State(state): State<Arc<AppState>>,
    request: axum::extract::Request,
) -> Response {
    let headers = request.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let multipart = content_type
        .split(';')
        .next()
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("multipart/form-data"));
    if multipart {
        let body = request.into_body();
        return serve(&state, &headers, RequestTransport::post(), async {
            read_multipart(&state, &headers, &content_type, body).await
        })
        .await;
    }
    let body = <Bytes as axum::extract::FromRequest<()>>::from_request(request, &()).await;
    serve(&state, &headers, RequestTransport::post(), async {
        read_post_body(&state, &headers, body)
    })
    .await
}

/// The headers that prove a multipart request was not sent by a plain HTML form: a browser
/// sends them cross-origin only after a CORS preflight.
const PREFLIGHT_HEADERS: [&str; 2] = ["apollo-require-preflight", "x-apollo-operation-name"];

/// Bytes of a multipart body besides its file: the operations and the map.
fn multipart_overhead(state: &AppState) -> u64 {
    u64::try_from(state.limits.max_body_bytes).unwrap_or(u64::MAX)
}

/// A multipart upload request: refused without a preflight header; the file goes to a
/// temporary file as it arrives (never whole in memory), within the documents' size limit.
async fn read_multipart(
    state: &AppState,
    headers: &HeaderMap,
    content_type: &str,
    body: axum::body::Body,
) -> Result<async_graphql::Request, Refusal> {
    use futures_util::TryStreamExt;
    let preflighted = PREFLIGHT_HEADERS.iter().any(|name| {
        headers
            .get(*name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| !v.trim().is_empty())
    });
    if !preflighted {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            AppError::bad_input(
                "apollo-require-preflight",
                "multipart requests need an `apollo-require-preflight: true` (or \
                 `x-apollo-operation-name`) header, so that a browser form cannot send one",
            ),
        ));
    }
    // A file is not read for a caller without a valid token (checked again, with the rate
    // limits and the database, when the operation runs).
    header_token(headers)
        .and_then(|token| state.keys.verify(token))
        .map_err(unauthenticated)?;
    let max_file = state.documents.max_bytes;
    let max_total = max_file.saturating_add(multipart_overhead(state));
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            crate::service::document::too_large(max_file),
        )
    };
    let overflow = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = overflow.clone();
    let mut seen = 0u64;
    let stream = body
        .into_data_stream()
        .map_err(std::io::Error::other)
        .and_then(move |chunk| {
            seen = seen.saturating_add(chunk.len() as u64);
            let result = if seen > max_total {
                flag.store(true, Ordering::Relaxed);
                Err(std::io::Error::other("request body too large"))
            } else {
                Ok(chunk)
            };
            std::future::ready(result)
        });
    let per_part = usize::try_from(max_file.max(multipart_overhead(state)).saturating_add(1))
        .unwrap_or(usize::MAX);
    let options = async_graphql::http::MultipartOptions::default().max_file_size(per_part);
    match async_graphql::http::receive_body(Some(content_type), stream.into_async_read(), options)
        .await
    {
        Ok(request) => Ok(request),
        Err(async_graphql::ParseRequestError::PayloadTooLarge) => Err(too_large()),
        Err(_) if overflow.load(Ordering::Relaxed) => Err(too_large()),
        Err(e) => Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            AppError::bad_input("body", format!("is not a GraphQL multipart request: {e}")),
        )),
    }
}

/// Both methods: negotiates the response type, reads the request with `read`, runs it, logs
/// and counts it (by operation name and outcome, see [`crate::meters`]).
async fn serve(
    state: &AppState,
    headers: &HeaderMap,
    transport: RequestTransport,
    read: impl std::future::Future<Output = Result<async_graphql::Request, Refusal>>,
) -> Response {
    // Set on the request by the request-id layer (`http::request_id`), which answers with it.
    let request_id = request_id(headers);
    // Every log line of the request is inside this span, so it carries the request id; the
    // telemetry filter keeps the span at any log level (see `telemetry::init`).
    let span = tracing::info_span!("graphql", request_id = %request_id);
    let started = Instant::now();
    let mut operation_name = None;
    let answer = match negotiate(headers) {
        Some(media) => {
            let outcome = match read.await {
                Ok(request) => {
                    operation_name = request.operation_name.clone();
                    run(state, headers, request, transport, &request_id, media)
                        .instrument(span.clone())
                        .await
                }
                Err(refusal) => Err(refusal),
            };
            outcome.unwrap_or_else(|refusal| refusal.into_answer(media, &request_id))
        }
        None => Refusal::new(
            StatusCode::NOT_ACCEPTABLE,
            AppError::bad_input(
                "Accept",
                "accept application/graphql-response+json or application/json",
            ),
        )
        .into_answer(MediaType::Json, &request_id),
    };
    let elapsed = started.elapsed();
    let response = answer.response;
    tracing::info!(parent: &span, status = response.status().as_u16(), outcome = %answer.outcome, elapsed_ms = elapsed.as_secs_f64() * 1000.0, "graphql request");
    let meters = &state.metrics.meters;
    let operation = match answer.executed {
        Some(name) => meters.operation_label(name.as_deref(), true),
        None => meters.operation_label(operation_name.as_deref(), false),
    };
    meters.request(&operation, &answer.outcome, elapsed);
    response
}

/// A response and what `/metrics` counts of it.
struct Answer {
    response: Response,
    /// `ok`, or the code of the first error.
    outcome: String,
    /// The name of the operation executed (a valid document's operation), if it ran.
    executed: Option<Option<String>>,
}

/// The body of a GraphQL response; `data` is left out only for request errors.
#[derive(Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

/// A `POST` body: one JSON request (no batch), sent as `application/json`.
fn read_post_body(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<async_graphql::Request, Refusal> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::bad_input("Content-Type", "send GraphQL requests as application/json"),
        ));
    }
    let body = match body {
        Ok(b) => b,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(Refusal::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                AppError::LimitExceeded(format!(
                    "request body larger than {} bytes",
                    state.limits.max_body_bytes
                )),
            ))
        }
        Err(_) => {
            return Err(Refusal::new(
                StatusCode::BAD_REQUEST,
                AppError::bad_input("body", "could not be read"),
            ))
        }
    };
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            AppError::LimitExceeded(
                "batched requests are not accepted; send one operation per request".into(),
            ),
        ));
    }
    serde_json::from_slice(&body).map_err(|e| {
        let what = if e.is_syntax() || e.is_eof() {
            "is not valid JSON"
        } else {
            "is not a GraphQL request (needs a \"query\" string)"
        };
        Refusal::new(StatusCode::BAD_REQUEST, AppError::bad_input("body", what))
    })
}

/// `GET` parameters (GraphQL-over-HTTP): `query`, `operationName`, and `variables` and
/// `extensions` as JSON; each at most once.
fn read_get_params(params: &str) -> Result<async_graphql::Request, Refusal> {
    let bad = |field: &str, message: &str| {
        Refusal::new(StatusCode::BAD_REQUEST, AppError::bad_input(field, message))
    };
    let mut request = serde_json::Map::new();
    for (key, value) in url::form_urlencoded::parse(params.as_bytes()) {
        let key = match key.as_ref() {
            "query" | "operationName" | "variables" | "extensions" => key.into_owned(),
            _ => continue,
        };
        let value = match key.as_str() {
            "variables" | "extensions" => match serde_json::from_str::<serde_json::Value>(&value) {
                Ok(v @ (serde_json::Value::Object(_) | serde_json::Value::Null)) => v,
                _ => return Err(bad(&key, "must be a JSON object")),
            },
            _ => serde_json::Value::String(value.into_owned()),
        };
        if request.insert(key.clone(), value).is_some() {
            return Err(bad(&key, "given more than once"));
        }
    }
    serde_json::from_value(serde_json::Value::Object(request))
        .map_err(|_| bad("query", "is not a GraphQL request"))
}

async fn run(
    state: &AppState,
    headers: &HeaderMap,
    request: async_graphql::Request,
    transport: RequestTransport,
    request_id: &str,
    media: MediaType,
) -> Result<Answer, Refusal> {
    // async-graphql reads a request without `query` as an empty document; say what is wrong.
    // (An automatic persisted query may leave it out: its hash is in `extensions`.)
    if request.query.is_empty() && !request.extensions.contains_key("persistedQuery") {
        return Err(Refusal::new(
            StatusCode::BAD_REQUEST,
            AppError::bad_input("query", "missing: send the GraphQL document as \"query\""),
        ));
    }
    if request.query.len() > state.limits.max_query_bytes {
        return Err(Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            AppError::LimitExceeded(format!(
                "query longer than {} bytes",
                state.limits.max_query_bytes
            )),
        ));
    }

    let principal = authenticate(state, headers).await?;
    let session = Arc::new(Session::new(
        state.db.clone(),
        principal,
        request_id.to_owned(),
    ));
    let request = loaders::install(
        request
            .data(transport.clone())
            .data(IdempotencyWindow(state.limits.idempotency_window()))
            .data(state.signer.clone())
            .data(state.documents.clone())
            .data(state.webhook_policy),
        session,
    );

    // The operation runs in its own task so that the timeout answers on time even when one
    // poll of the execution is long (CPU work between awaits): this future only waits. On
    // timeout, or when the client goes away and this future is dropped, the task is aborted
    // at its next await, releasing its database connection and transaction.
    let gateway = state.gateway.clone();
    let executing = Executing::enter(&state.metrics.executing);
    let task = tokio::spawn(
        async move {
            let _executing = executing;
            gateway.execute(request).await
        }
        .in_current_span(),
    );
    let _abort = AbortOnDrop(task.abort_handle());
    let executed = match tokio::time::timeout(state.limits.request_timeout(), task).await {
        Ok(Ok(executed)) => executed,
        Ok(Err(join_error)) => {
            tracing::error!(cause = %join_error, "GraphQL execution panicked");
            return Err(Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                AppError::Internal(join_error.to_string()),
            ));
        }
        Err(_) => {
            return Err(Refusal::new(
                StatusCode::SERVICE_UNAVAILABLE,
                AppError::LimitExceeded(format!(
                    "request took longer than {} s",
                    state.limits.request_timeout_secs
                )),
            ))
        }
    };
    let response = with_codes(executed.response, request_id);
    let outcome = response
        .errors
        .first()
        .map_or_else(|| "ok".to_owned(), error_code);
    let operation = executed.operation;
    let executed = operation.is_some();
    let refused = transport.refused();
    let status = match refused {
        Some(Refused::NotAQuery) => StatusCode::METHOD_NOT_ALLOWED,
        // A step of APQ, not an error of the client: 200, as Apollo Server answers.
        Some(Refused::PersistedQueryMiss) => StatusCode::OK,
        None if executed || media == MediaType::Json => StatusCode::OK,
        // A request error: the document never ran.
        None => StatusCode::BAD_REQUEST,
    };
    let body = Body {
        errors: &response.errors,
        data: executed.then_some(&response.data),
        extensions: &response.extensions,
    };
    let body = serde_json::to_string(&body).unwrap_or_else(|_| {
        r#"{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}"#.into()
    });
    let mut response =
        (status, [(header::CONTENT_TYPE, media.content_type())], body).into_response();
    match refused {
        Some(Refused::NotAQuery) => {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
        }
        Some(Refused::PersistedQueryMiss) => {
            // The same GET will be answered once the query is registered.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache, must-revalidate"),
            );
        }
        None => {}
    }
    Ok(Answer {
        response,
        outcome,
        executed: operation,
    })
}

/// An error's `extensions.code` (every error has one after [`with_codes`]).
fn error_code(error: &ServerError) -> String {
    match error.extensions.as_ref().and_then(|e| e.get("code")) {
        Some(async_graphql::Value::String(code)) => code.clone(),
        _ => Code::Internal.as_str().to_owned(),
    }
}

/// Bearer token → principal (creating the workspace and user rows on first sight), after
/// the caller's rate limits: a verified token names its subject and workspace, and a
/// refused caller costs no database work.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<crate::auth::Principal, Refusal> {
    let token = header_token(headers).map_err(unauthenticated)?;
    principal_for_token(state, token).await
}

/// A refused authentication: 401, or 500 (logged) when the keys failed.
fn unauthenticated(e: AppError) -> Refusal {
    if let AppError::Internal(cause) = &e {
        tracing::error!(cause = %cause, "authentication failed internally");
        Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, e)
    } else {
        Refusal::new(StatusCode::UNAUTHORIZED, e)
    }
}

/// The Bearer token of the `Authorization` header.
fn header_token(headers: &HeaderMap) -> Result<&str, AppError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| AppError::Unauthenticated("missing Authorization: Bearer token".into()))?
        .to_str()
        .map_err(|_| AppError::Unauthenticated("malformed Authorization header".into()))?;
    bearer(value)
        .ok_or_else(|| AppError::Unauthenticated("Authorization must be: Bearer <token>".into()))
}

/// The token of an `Authorization` value: `Bearer <token>` (RFC 6750: one or more spaces).
pub fn bearer(value: &str) -> Option<&str> {
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A bearer token → principal, after the caller's rate limits (HTTP requests and
/// websocket `connection_init` alike).
pub async fn principal_for_token(
    state: &AppState,
    token: &str,
) -> Result<crate::auth::Principal, Refusal> {
    let (claims, role) = state.keys.verify(token).map_err(unauthenticated)?;
    if let Err(refused) = state.rate_limits.check(&claims.workspace_id, &claims.sub) {
        state.metrics.meters.rate_limited(refused.scope.label());
        let secs = refused.retry_after_secs();
        return Err(Refusal {
            status: StatusCode::TOO_MANY_REQUESTS,
            error: AppError::LimitExceeded(format!(
                "rate limit of this {} reached; retry in {secs} s",
                refused.scope.as_str()
            )),
            retry_after: Some(secs),
        });
    }
    identity::principal(&state.db, &state.identities, &claims, role)
        .await
        .map_err(unauthenticated)
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
