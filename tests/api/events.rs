//! Domain events: graphql-ws subscriptions at `/graphql/ws` (a real websocket client), the
//! transactional outbox, and webhooks delivered from it to a receiver run by the test.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode};
use casegraph::domain::Role;
use futures::{SinkExt, StreamExt};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{code, spawn_app, spawn_with, TestApp};

const CREATE: &str =
    r#"mutation($n: String!) { createCase(input: { name: $n, type: KYC, status: DRAFT }) { id } }"#;
const OPEN: &str =
    r#"mutation($id: ID!) { updateCase(id: $id, input: { status: OPEN }) { status } }"#;
const NOTE: &str = r#"mutation($id: ID!) { addNote(caseId: $id, body: "hello") { id } }"#;
const WORKSPACE_EVENTS: &str = r#"subscription($t: [EventType!]) { workspaceEvents(types: $t) { eventId type caseId seq action actorType } }"#;
const CASE_EVENTS: &str = r#"subscription($id: ID!, $t: [EventType!]) { caseEvents(caseId: $id, types: $t) { eventId type caseId seq } }"#;

/// A graphql-ws (`graphql-transport-ws`) client.
struct Ws(WebSocketStream<MaybeTlsStream<TcpStream>>);

impl Ws {
    /// Connects and sends `connection_init` with `payload`: the connection, or the close
    /// reason when the server refuses it.
    async fn connect(app: &TestApp, payload: Value) -> Result<Ws, String> {
        let url = format!("{}/graphql/ws", app.url.replace("http://", "ws://"));
        let mut request = url.into_client_request().map_err(|e| e.to_string())?;
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            HeaderValue::from_static("graphql-transport-ws"),
        );
        let (stream, _) = tokio_tungstenite::connect_async(request)
            .await
            .map_err(|e| e.to_string())?;
        let mut ws = Ws(stream);
        ws.send(json!({ "type": "connection_init", "payload": payload }))
            .await;
        match tokio::time::timeout(Duration::from_secs(10), ws.0.next()).await {
            Ok(Some(Ok(Message::Text(t)))) => {
                let v: Value = serde_json::from_str(&t).unwrap_or(Value::Null);
                if v["type"] == "connection_ack" {
                    Ok(ws)
                } else {
                    Err(format!("unexpected {v}"))
                }
            }
            Ok(Some(Ok(Message::Close(frame)))) => Err(frame
                .map(|f| format!("{}: {}", u16::from(f.code), f.reason))
                .unwrap_or_default()),
            other => Err(format!("no answer to connection_init: {other:?}")),
        }
    }

    async fn authed(app: &TestApp, token: &str) -> Ws {
        Box::pin(Ws::connect(
            app,
            json!({ "Authorization": format!("Bearer {token}") }),
        ))
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"))
    }

    async fn send(&mut self, v: Value) {
        self.0
            .send(Message::Text(v.to_string().into()))
            .await
            .unwrap_or_else(|e| panic!("send: {e}"));
    }

    /// Starts a subscription and gives the server a moment to register it.
    async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        self.send(json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }))
            .await;
        tokio::time::sleep(Duration::from_millis(700)).await;
    }

    /// The next `next`/`error`/`complete` message, or `None` after `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.0.next())
                .await
                .ok()??;
            match msg {
                Ok(Message::Text(t)) => {
                    let v: Value = serde_json::from_str(&t).unwrap_or(Value::Null);
                    match v["type"].as_str() {
                        Some("ping") => self.send(json!({ "type": "pong" })).await,
                        Some("next" | "error" | "complete") => return Some(v),
                        _ => {}
                    }
                }
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    /// The next event delivered (panics on anything else).
    async fn event(&mut self) -> Value {
        let v = self
            .next(Duration::from_secs(10))
            .await
            .unwrap_or_else(|| panic!("no event arrived"));
        assert_eq!(v["type"], "next", "{v}");
        assert!(v["payload"].get("errors").is_none(), "{v}");
        let data = &v["payload"]["data"];
        data.get("workspaceEvents")
            .or_else(|| data.get("caseEvents"))
            .cloned()
            .unwrap_or(Value::Null)
    }
}

async fn create_case(app: &TestApp, token: &str, name: &str) -> String {
    app.ok(token, CREATE, json!({ "n": name })).await["createCase"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn subscribers_get_their_workspace_events_in_order_and_filtered() {
    // Boxed: three connections and their futures make a state machine too large for the
    // test thread's stack in a debug build.
    Box::pin(workspace_flow()).await
}

async fn workspace_flow() {
    let app = spawn_app().await;
    let analyst = app.token("ev-one", Role::Analyst);
    let viewer = app.token("ev-one", Role::Viewer);
    let other = app.token("ev-two", Role::Analyst);

    let mut lifecycle = Ws::authed(&app, &viewer).await;
    lifecycle
        .subscribe(
            "1",
            WORKSPACE_EVENTS,
            json!({ "t": ["CASE_CREATED", "CASE_STATUS_CHANGED"] }),
        )
        .await;
    let mut outsider = Ws::authed(&app, &other).await;
    outsider
        .subscribe("1", WORKSPACE_EVENTS, json!({ "t": null }))
        .await;

    let id = create_case(&app, &analyst, "Live one").await;
    let mut one_case = Ws::authed(&app, &viewer).await;
    one_case
        .subscribe("7", CASE_EVENTS, json!({ "id": id, "t": null }))
        .await;
    app.ok(&analyst, OPEN, json!({ "id": id })).await;
    app.ok(&analyst, NOTE, json!({ "id": id })).await;

    let created = lifecycle.event().await;
    assert_eq!(created["type"], "CASE_CREATED");
    assert_eq!(created["caseId"], id.as_str());
    assert_eq!(created["action"], "case.created");
    assert_eq!(created["actorType"], "USER");
    let opened = lifecycle.event().await;
    assert_eq!(opened["type"], "CASE_STATUS_CHANGED");
    assert!(opened["seq"].as_i64() > created["seq"].as_i64());
    // The note is filtered out by type.
    assert_eq!(lifecycle.next(Duration::from_millis(500)).await, None);

    // The case's own subscription: everything after it started, in order.
    let status = Box::pin(one_case.event()).await;
    let note = one_case.event().await;
    assert_eq!(
        (status["type"].as_str(), note["type"].as_str()),
        (Some("CASE_STATUS_CHANGED"), Some("NOTE_ADDED"))
    );
    assert!(note["seq"].as_i64() > status["seq"].as_i64());

    // Another workspace heard none of it, but hears its own.
    let theirs = create_case(&app, &other, "Theirs").await;
    let heard = outsider.event().await;
    assert_eq!(heard["caseId"], theirs.as_str());
    assert_eq!(outsider.next(Duration::from_millis(300)).await, None);
    assert_eq!(lifecycle.next(Duration::from_millis(300)).await, None);
}

#[tokio::test]
async fn another_workspaces_case_cannot_be_followed() {
    let app = spawn_app().await;
    let id = create_case(&app, &app.token("ev-mine", Role::Analyst), "Mine").await;
    let other = app.token("ev-snoop", Role::Viewer);
    // Another workspace's case is not found.
    let mut snoop = Ws::authed(&app, &other).await;
    snoop
        .send(json!({ "id": "9", "type": "subscribe", "payload": { "query": CASE_EVENTS, "variables": { "id": id } } }))
        .await;
    let refused = snoop
        .next(Duration::from_secs(5))
        .await
        .unwrap_or_else(|| panic!("no answer"));
    let error = &refused["payload"][0];
    assert!(
        refused["type"] == "error" || code(&refused["payload"]["errors"][0]) == "NOT_FOUND",
        "{refused}"
    );
    if refused["type"] == "error" {
        assert_eq!(code(error), "NOT_FOUND", "{refused}");
    }
}

#[tokio::test]
async fn connection_init_needs_a_valid_token_in_any_usual_form() {
    let app = spawn_app().await;
    let token = app.token("ev-auth", Role::Reviewer);
    for payload in [
        json!({}),
        json!({ "Authorization": "Bearer not-a-token" }),
        json!({ "token": app.token("ev-auth", Role::Viewer).replace('.', "x") }),
    ] {
        let refused = Ws::connect(&app, payload.clone()).await;
        assert!(refused.is_err(), "{payload} was accepted");
    }
    for payload in [
        json!({ "Authorization": format!("Bearer {token}") }),
        json!({ "authorization": format!("Bearer {token}") }),
        json!({ "token": token }),
        json!({ "headers": { "Authorization": format!("Bearer {token}") } }),
    ] {
        assert!(
            Ws::connect(&app, payload.clone()).await.is_ok(),
            "{payload} was refused"
        );
    }
}

#[tokio::test]
async fn subscriptions_obey_the_query_limits() {
    let app = spawn_app().await;
    let token = app.token("ev-limits", Role::Viewer);
    let mut ws = Ws::authed(&app, &token).await;
    let aliases: String = (0..200)
        .map(|i| format!("a{i}: eventId "))
        .collect::<Vec<_>>()
        .join("");
    ws.send(json!({ "id": "1", "type": "subscribe", "payload": { "query": format!("subscription {{ workspaceEvents {{ {aliases} }} }}") } }))
        .await;
    let answer = ws
        .next(Duration::from_secs(5))
        .await
        .unwrap_or_else(|| panic!("no answer"));
    // Refused before it runs: a `next` carrying only the error, as for HTTP.
    assert_eq!(answer["payload"]["data"], Value::Null, "{answer}");
    assert_eq!(
        code(&answer["payload"]["errors"][0]),
        "LIMIT_EXCEEDED",
        "{answer}"
    );
    let done = ws.next(Duration::from_secs(5)).await;
    assert_eq!(done.map(|d| d["type"].clone()), Some(json!("complete")));
    // The connection stays usable.
    ws.subscribe("2", WORKSPACE_EVENTS, json!({ "t": null }))
        .await;
    let admin = app.token("ev-limits", Role::Admin);
    app.ok(
        &admin,
        r#"mutation { updateWorkspaceSettings(input: { autoApprove: true }) { id } }"#,
        json!({}),
    )
    .await;
    assert_eq!(ws.event().await["type"], "WORKSPACE_UPDATED");
}

#[tokio::test]
async fn a_rolled_back_write_publishes_nothing() {
    use casegraph::error::AppError;
    use casegraph::service::{audit, Session};

    let app = spawn_app().await;
    let token = app.token("ev-rollback", Role::Admin);
    let mut ws = Ws::authed(&app, &token).await;
    ws.subscribe("1", WORKSPACE_EVENTS, json!({ "t": null }))
        .await;
    // The workspace row exists once a token was seen over HTTP.
    app.ok(&token, "{ viewer { workspace { id } } }", json!({}))
        .await;
    let principal = casegraph::auth::Principal {
        workspace_id: "ev-rollback".into(),
        subject: "admin-user".into(),
        user_id: uuid::Uuid::nil(),
        role: Role::Admin,
    };
    let s = Session::new(app.state.db.clone(), principal, "test".into());
    let outcome: Result<(), AppError> = s
        .write(async |txn| {
            audit::record_workspace(
                txn,
                &s,
                "workspace.settings_updated",
                "WORKSPACE",
                None,
                json!({}),
            )
            .await?;
            Err(AppError::bad_input("input", "changed my mind"))
        })
        .await;
    assert!(outcome.is_err());
    assert_eq!(ws.next(Duration::from_millis(700)).await, None);
    assert_eq!(outbox_rows(&app).await, 0);

    s.write(async |txn| {
        audit::record_workspace(
            txn,
            &s,
            "workspace.settings_updated",
            "WORKSPACE",
            None,
            json!({}),
        )
        .await
    })
    .await
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(ws.event().await["type"], "WORKSPACE_UPDATED");
    assert_eq!(outbox_rows(&app).await, 1);
}

async fn outbox_rows(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    entity::outbox_event::Entity::find()
        .count(&app.state.db)
        .await
        .unwrap_or(u64::MAX)
}

#[tokio::test]
async fn an_event_written_through_one_replica_reaches_a_subscriber_on_another() {
    let one = spawn_app().await;
    let two = one.replica(|_| {}).await;
    let token = one.token("ev-replicas", Role::Analyst);
    let mut ws = Ws::authed(&two, &token).await;
    ws.subscribe("1", WORKSPACE_EVENTS, json!({ "t": ["CASE_CREATED"] }))
        .await;
    let id = create_case(&one, &token, "Across replicas").await;
    let heard = ws.event().await;
    assert_eq!(heard["caseId"], id.as_str());
    assert_eq!(heard["type"], "CASE_CREATED");
}

/// A webhook receiver: records every request; answers 500 to the first `failures`.
#[derive(Default)]
struct Receiver {
    requests: Mutex<Vec<(HeaderMap, String, u16)>>,
    failures: AtomicUsize,
    delay: Mutex<Duration>,
}

impl Receiver {
    async fn start(failures: usize, delay: Duration) -> (Arc<Receiver>, String) {
        let receiver = Arc::new(Receiver {
            failures: AtomicUsize::new(failures),
            delay: Mutex::new(delay),
            ..Receiver::default()
        });
        let state = receiver.clone();
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let state = state.clone();
                async move {
                    let delay = *state.delay.lock().unwrap_or_else(|e| e.into_inner());
                    tokio::time::sleep(delay).await;
                    let fail = state
                        .failures
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    let status = if fail { 500 } else { 200 };
                    state
                        .requests
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((headers, body, status));
                    StatusCode::from_u16(status).unwrap_or(StatusCode::OK)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        (receiver, format!("http://{addr}/hook"))
    }

    fn requests(&self) -> Vec<(HeaderMap, Value, u16)> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(h, b, s)| {
                (
                    h.clone(),
                    serde_json::from_str(b).unwrap_or(Value::Null),
                    *s,
                )
            })
            .collect()
    }

    fn raw(&self) -> Vec<(HeaderMap, String, u16)> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The bodies answered 200, in arrival order, once `n` arrived.
    async fn delivered(&self, n: usize) -> Vec<Value> {
        for _ in 0..300 {
            let ok: Vec<Value> = self
                .requests()
                .into_iter()
                .filter(|(_, _, s)| *s == 200)
                .map(|(_, b, _)| b)
                .collect();
            if ok.len() >= n {
                return ok;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("only {:?} arrived", self.requests());
    }
}

/// The receiver's side of the signature: `t=…,v1=…`, HMAC-SHA256 over `"{t}.{body}"`.
fn verify(secret: &str, header: &str, body: &str) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", v)) => t = Some(v),
            Some(("v1", v)) => v1 = Some(v),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    let Ok(sig) = hex::decode(v1) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(format!("{t}.{body}").as_bytes());
    mac.verify_slice(&sig).is_ok()
}

const CREATE_WEBHOOK: &str = r#"mutation($u: String!, $t: [EventType!]!, $s: String!) { createWebhook(input: { url: $u, eventTypes: $t, secret: $s }) { id url eventTypes active } }"#;
const SECRET: &str = "whsec-test-0123456789abcdef";

fn relay_on(args: &mut casegraph::config::ServeArgs) {
    args.webhooks.enabled = true;
}

#[tokio::test]
async fn webhooks_are_signed_retried_in_order_with_the_same_event_ids() {
    let app = spawn_with(relay_on).await;
    let admin = app.token("ev-hooks", Role::Admin);
    let analyst = app.token("ev-hooks", Role::Analyst);
    // Down for its first four requests.
    let (receiver, url) = Receiver::start(4, Duration::ZERO).await;
    let hook = app
        .ok(
            &admin,
            CREATE_WEBHOOK,
            json!({ "u": url, "t": ["CASE_CREATED", "CASE_STATUS_CHANGED", "NOTE_ADDED"], "s": SECRET }),
        )
        .await["createWebhook"]
        .clone();
    assert_eq!(hook["active"], true);
    let id = create_case(&app, &analyst, "Hooked").await;
    app.ok(&analyst, OPEN, json!({ "id": id })).await;
    app.ok(&analyst, NOTE, json!({ "id": id })).await;

    let delivered = receiver.delivered(3).await;
    let types: Vec<&str> = delivered
        .iter()
        .filter_map(|b| b["type"].as_str())
        .collect();
    assert_eq!(types, ["CASE_CREATED", "CASE_STATUS_CHANGED", "NOTE_ADDED"]);
    assert!(delivered.iter().all(|b| b["caseId"] == id.as_str()));
    let seqs: Vec<i64> = delivered.iter().filter_map(|b| b["seq"].as_i64()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");

    // Every request is signed, with the event's id in the body and the header.
    let raw = receiver.raw();
    for (headers, body, _) in &raw {
        let sig = headers
            .get("x-casegraph-signature")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(verify(SECRET, sig, body), "bad signature {sig}");
        assert!(!verify("another-secret-0123456", sig, body));
        assert!(!verify(SECRET, sig, &body.replace("hello", "hullo")) || !body.contains("hello"));
        let parsed: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        assert_eq!(
            headers
                .get("x-casegraph-event-id")
                .and_then(|v| v.to_str().ok()),
            parsed["eventId"].as_str()
        );
    }
    // The failed attempts were the first event's, retried with the same eventId; nothing
    // of the case went out before it.
    let first_id = delivered[0]["eventId"].clone();
    let failed: Vec<Value> = receiver
        .requests()
        .into_iter()
        .filter(|(_, _, s)| *s == 500)
        .map(|(_, b, _)| b["eventId"].clone())
        .collect();
    assert_eq!(failed, vec![first_id.clone(); 4]);

    // The relay records the last answer just after the receiver gave it.
    let mut nodes = vec![];
    for _ in 0..100 {
        let deliveries = app
            .ok(
                &admin,
                r#"query($w: ID!) { webhookDeliveries(webhookId: $w, first: 10) { nodes { eventId eventType status attempts responseStatus } } }"#,
                json!({ "w": hook["id"] }),
            )
            .await;
        nodes = deliveries["webhookDeliveries"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if nodes.iter().all(|n| n["status"] == "DELIVERED") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(nodes.len(), 3);
    assert!(
        nodes
            .iter()
            .all(|n| n["status"] == "DELIVERED" && n["responseStatus"] == 200),
        "{nodes:?}"
    );
    let first = nodes.iter().find(|n| n["eventId"] == first_id);
    assert_eq!(first.map(|n| n["attempts"].clone()), Some(json!(5)));

    // Webhooks are an admin's.
    let refused = app
        .err(
            &analyst,
            CREATE_WEBHOOK,
            json!({ "u": url, "t": [], "s": SECRET }),
        )
        .await;
    assert_eq!(code(&refused), "FORBIDDEN");
}

#[tokio::test]
async fn events_committed_while_no_relay_ran_are_delivered_once_one_starts() {
    // Server one has no relay (as if it were killed before delivering).
    let one = spawn_app().await;
    let admin = one.token("ev-restart", Role::Admin);
    let (receiver, url) = Receiver::start(0, Duration::from_millis(100)).await;
    one.ok(
        &admin,
        CREATE_WEBHOOK,
        json!({ "u": url, "t": ["CASE_CREATED"], "s": SECRET }),
    )
    .await;
    let mut ids = vec![];
    for i in 0..6 {
        ids.push(create_case(&one, &admin, &format!("Waiting {i}")).await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.requests().is_empty());
    // Six cases and the webhook's own creation wait in the outbox.
    assert_eq!(
        metric(&one, "casegraph_outbox_undispatched_events").await,
        Some(7)
    );
    // Two replicas with relays come up; each event is delivered exactly once.
    let _two = one.replica(relay_on).await;
    let _three = one.replica(relay_on).await;
    let delivered = receiver.delivered(6).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut got: Vec<String> = receiver
        .requests()
        .into_iter()
        .filter_map(|(_, b, _)| b["caseId"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(got.len(), 6, "{delivered:?}");
    let mut pending = None;
    for _ in 0..50 {
        pending = metric(&one, "casegraph_webhook_pending_deliveries").await;
        if pending == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(pending, Some(0));
    assert_eq!(
        metric(&one, "casegraph_outbox_undispatched_events").await,
        Some(0)
    );
    // Old dispatched rows go (here: everything dispatched before tomorrow).
    let tomorrow = chrono::Utc::now() + chrono::Duration::days(1);
    let removed = casegraph::service::webhook_relay::prune(&one.state.db, tomorrow).await;
    assert_eq!(removed.ok(), Some(7));
    assert_eq!(outbox_rows(&one).await, 0);
    got.sort();
    ids.sort();
    assert_eq!(got, ids);
}

#[tokio::test]
async fn webhook_urls_must_be_http_and_public_unless_allowed() {
    let app = spawn_with(|args| args.webhooks.allow_private = false).await;
    let admin = app.token("ev-ssrf", Role::Admin);
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/hook",
        "http://[::1]/hook",
        "http://[::ffff:192.168.0.1]/hook",
        "ftp://example.com/hook",
        "not a url",
        "https://user:pass@example.com/hook",
    ] {
        let err = app
            .err(
                &admin,
                CREATE_WEBHOOK,
                json!({ "u": url, "t": [], "s": SECRET }),
            )
            .await;
        assert_eq!(code(&err), "BAD_USER_INPUT", "{url}: {err}");
        assert_eq!(err["extensions"]["field"], "input.url", "{url}");
    }
    let short = app
        .err(
            &admin,
            CREATE_WEBHOOK,
            json!({ "u": "https://93.184.216.34/hook", "t": [], "s": "short" }),
        )
        .await;
    assert_eq!(short["extensions"]["field"], "input.secret");
    let listed = app.ok(&admin, "{ webhooks { id } }", json!({})).await;
    assert_eq!(listed["webhooks"], json!([]));
    // A public address literal is accepted (no request is made when saving).
    let made = app
        .ok(
            &admin,
            CREATE_WEBHOOK,
            json!({ "u": "https://93.184.216.34/hook", "t": ["CASE_CREATED", "CASE_CREATED"], "s": SECRET }),
        )
        .await;
    assert_eq!(made["createWebhook"]["eventTypes"], json!(["CASE_CREATED"]));
    let id = made["createWebhook"]["id"].clone();
    let updated = app
        .ok(
            &admin,
            r#"mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { active } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(updated["updateWebhook"]["active"], false);
    let err = app
        .err(
            &admin,
            r#"mutation($id: ID!) { updateWebhook(id: $id, input: { url: "http://192.168.1.1/" }) { active } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(err["extensions"]["field"], "input.url");
    app.ok(
        &admin,
        r#"mutation($id: ID!) { deleteWebhook(id: $id) }"#,
        json!({ "id": id }),
    )
    .await;
    let listed = app.ok(&admin, "{ webhooks { id } }", json!({})).await;
    assert_eq!(listed["webhooks"], json!([]));
}

#[tokio::test]
async fn latency_from_commit_to_subscriber_and_receiver() {
    let app = spawn_with(relay_on).await;
    let admin = app.token("ev-latency", Role::Admin);
    let (receiver, url) = Receiver::start(0, Duration::ZERO).await;
    app.ok(
        &admin,
        CREATE_WEBHOOK,
        json!({ "u": url, "t": ["CASE_CREATED"], "s": SECRET }),
    )
    .await;
    let mut ws = Ws::authed(&app, &admin).await;
    ws.subscribe("1", WORKSPACE_EVENTS, json!({ "t": ["CASE_CREATED"] }))
        .await;
    let (mut live, mut hooked) = (vec![], vec![]);
    for i in 0..10 {
        let committed = std::time::Instant::now();
        create_case(&app, &admin, &format!("Timed {i}")).await;
        Box::pin(ws.event()).await;
        live.push(committed.elapsed());
        receiver.delivered(i + 1).await;
        hooked.push(committed.elapsed());
    }
    live.sort();
    hooked.sort();
    // The time includes the mutation's own round trip; the relay polls every 100 ms here.
    eprintln!(
        "commit → subscriber: median {:?}, max {:?}; commit → webhook receiver: median {:?}, max {:?}",
        live[5], live[9], hooked[5], hooked[9]
    );
    assert!(hooked[9] < Duration::from_secs(5));
}

/// A gauge or counter of `/metrics` (without labels).
pub(crate) async fn metric(app: &TestApp, name: &str) -> Option<u64> {
    let text = app
        .client
        .get(format!("{}/metrics", app.url))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
}
