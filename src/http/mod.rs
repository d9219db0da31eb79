//! HTTP routes: `/graphql` (POST: API; GET: queries, or GraphiQL for browsers),
//! `/graphql/ws` (subscriptions over graphql-ws),
//! `/graphiql/assets/…`, the reviewer console on `/console/…`, `/healthz`, `/readyz`, `/metrics`; around all of them the request
//! id (every answer has one) and, when origins are configured, CORS.

pub mod console;
pub mod documents;
pub mod embedded;
pub mod graphiql;
pub mod graphql;
pub mod rate_limit;
pub mod reports;
pub mod ws;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::startup::AppState;

/// The request id header, on every response.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The application's routes.
pub fn router(state: Arc<AppState>) -> Router {
    let router = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::execute))
        .route("/graphql/ws", get(ws::subscribe))
        .route(
            &format!("{}/{{name}}", graphiql::ASSETS_PATH),
            get(graphiql::asset),
        )
        .route(console::PATH, get(console::page))
        .route(&format!("{}/", console::PATH), get(console::page))
        .route(&format!("{}/{{*path}}", console::PATH), get(console::page))
        .route(
            &format!("{}/{{name}}", console::ASSETS_PATH),
            get(console::asset),
        )
        .route("/documents/{id}", get(documents::download))
        .route("/reports/{case_id}", get(reports::download))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(state.limits.max_body_bytes));
    let router = match cors(&state.cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(middleware::from_fn(request_id))
        .with_state(state)
}

/// Liveness: the process answers.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers.
async fn readyz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(e) => {
            tracing::warn!(error = ?e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

/// Prometheus text format (see [`crate::meters`]).
async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    match crate::service::webhook_relay::backlog(&state.db).await {
        Ok((events, deliveries)) => state.metrics.meters.outbox(events, deliveries),
        Err(e) => tracing::warn!(error = %e.public_message(), "outbox backlog unavailable"),
    }
    let executing = state.metrics.executing.load(Ordering::Relaxed);
    let body = state.metrics.meters.render(&state.db, executing);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}

/// The request id of every response, whatever the route: the caller's `x-request-id` when
/// it is sane (see [`graphql::request_id`]), otherwise a new one. It is set on the request
/// too, so the handler logs the same id the caller gets back.
async fn request_id(mut request: Request, next: Next) -> Response {
    let id = graphql::request_id(request.headers());
    let Ok(value) = HeaderValue::from_str(&id) else {
        return next.run(request).await;
    };
    request.headers_mut().insert(X_REQUEST_ID, value.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(X_REQUEST_ID, value);
    response
}

/// Cross-origin requests from the configured origins only (`--cors-allowed-origins`); none
/// when the list is empty, so browsers keep the same-origin rule.
fn cors(origins: &[HeaderValue]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                X_REQUEST_ID,
                HeaderName::from_static("apollo-require-preflight"),
                HeaderName::from_static("x-apollo-operation-name"),
            ])
            .expose_headers([X_REQUEST_ID, header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}
