//! `GET /graphql/ws`: subscriptions over websockets, in the `graphql-transport-ws`
//! protocol of the `graphql-ws` library (and the older `graphql-ws` subprotocol of
//! subscriptions-transport-ws). The token comes in the `connection_init` payload, checked
//! with the same rules as HTTP: `{"Authorization": "Bearer …"}`, `{"authorization": …}`,
//! `{"token": "…"}`, `{"authToken": "…"}` or `{"headers": {"Authorization": …}}`. A refused
//! token closes the socket (graphql-transport-ws: close code 1002 with the reason).

use std::sync::Arc;

use async_graphql::Data;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::Value;

use super::graphql::{bearer, principal_for_token, request_id};
use crate::error::AppError;
use crate::service::Session;
use crate::startup::AppState;

/// Upgrades to a graphql-ws connection.
pub async fn subscribe(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let request_id = request_id(&headers);
    let schema = state.schema.clone();
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .max_message_size(state.limits.max_body_bytes)
        .on_upgrade(move |socket| async move {
            // Boxed: the connection's future (every subscription's execution in it) is
            // large, and a debug build would copy it across the task's stack.
            Box::pin(
                GraphQLWebSocket::new(socket, schema, protocol)
                    .on_connection_init(move |payload| {
                        Box::pin(connection_init(state, payload, request_id))
                    })
                    .serve(),
            )
            .await
        })
}

/// Authenticates the connection: its data (session and event bus) serve every
/// subscription started on it.
async fn connection_init(
    state: Arc<AppState>,
    payload: Value,
    request_id: String,
) -> async_graphql::Result<Data> {
    let token = token_of(&payload).ok_or_else(|| {
        AppError::Unauthenticated(
            "connection_init must carry the token: {\"Authorization\": \"Bearer <token>\"}".into(),
        )
    })?;
    let principal = principal_for_token(&state, token)
        .await
        .map_err(|refusal| refusal.error)?;
    let mut data = Data::default();
    data.insert(Arc::new(Session::new(
        state.db.clone(),
        principal,
        request_id,
    )));
    data.insert(state.events.clone());
    Ok(data)
}

/// The token in a `connection_init` payload, in any of the usual places.
fn token_of(payload: &Value) -> Option<&str> {
    token_in(payload).or_else(|| payload.get("headers").and_then(token_in))
}

fn token_in(object: &Value) -> Option<&str> {
    let value = [
        "Authorization",
        "authorization",
        "token",
        "authToken",
        "accessToken",
    ]
    .into_iter()
    .find_map(|key| object.get(key).and_then(Value::as_str))?;
    Some(bearer(value).unwrap_or(value.trim())).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::token_of;

    #[test]
    fn tokens_are_found_where_clients_put_them() {
        for payload in [
            json!({ "Authorization": "Bearer abc" }),
            json!({ "authorization": "Bearer  abc" }),
            json!({ "token": "abc" }),
            json!({ "authToken": "Bearer abc" }),
            json!({ "headers": { "Authorization": "Bearer abc" } }),
        ] {
            assert_eq!(token_of(&payload), Some("abc"), "{payload}");
        }
        assert_eq!(token_of(&json!({})), None);
        assert_eq!(token_of(&json!({ "Authorization": "" })), None);
    }
}
