//! HTTP routes: `/graphql` (POST: API; GET: queries, or GraphiQL for browsers),
//! `/graphql/ws` (subscriptions over graphql-ws),
//! `/graphiql/assets/…`, `/healthz`, `/readyz`, `/metrics`.

pub mod graphiql;
pub mod graphql;
pub mod rate_limit;
pub mod ws;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::startup::AppState;

/// The application's routes.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/graphql", get(graphql::get).post(graphql::execute))
        .route("/graphql/ws", get(ws::subscribe))
        .route(
            &format!("{}/{{name}}", graphiql::ASSETS_PATH),
            get(graphiql::asset),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .layer(DefaultBodyLimit::max(state.limits.max_body_bytes))
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

/// Prometheus text format.
async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let backlog = match crate::service::webhook_relay::backlog(&state.db).await {
        Ok((events, deliveries)) => format!(
            "# HELP casegraph_outbox_undispatched_events Outbox events not yet turned into webhook deliveries.\n\
             # TYPE casegraph_outbox_undispatched_events gauge\n\
             casegraph_outbox_undispatched_events {events}\n\
             # HELP casegraph_webhook_pending_deliveries Webhook deliveries not yet delivered or given up.\n\
             # TYPE casegraph_webhook_pending_deliveries gauge\n\
             casegraph_webhook_pending_deliveries {deliveries}\n"
        ),
        Err(e) => {
            tracing::warn!(error = %e.public_message(), "outbox backlog unavailable");
            String::new()
        }
    };
    let body = format!(
        "# HELP casegraph_graphql_requests_total GraphQL requests answered.\n\
         # TYPE casegraph_graphql_requests_total counter\n\
         casegraph_graphql_requests_total {}\n\
         # HELP casegraph_db_statements_total SQL statements run.\n\
         # TYPE casegraph_db_statements_total counter\n\
         casegraph_db_statements_total {}\n",
        state.metrics.requests.load(Ordering::Relaxed),
        state.statements.get(),
    ) + &backlog;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body)
}
