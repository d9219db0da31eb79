//! GraphQL-over-HTTP (status codes and media types), the request timeout, and — against the
//! real binary — request ids on log lines and a bounded shutdown.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// POSTs `body` with `accept`; returns status, content type and JSON body.
async fn post_accept(
    app: &TestApp,
    token: &str,
    accept: Option<&str>,
    body: Value,
) -> (u16, String, Value) {
    let mut req = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(token)
        .json(&body);
    if let Some(accept) = accept {
        req = req.header("accept", accept);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        status,
        content_type,
        res.json().await.unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn request_errors_are_400_without_data_under_graphql_response_json() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let cases = [
        ("parse", json!({ "query": "{" })),
        ("validation", json!({ "query": "{ noSuchField }" })),
        ("no query", json!({ "qeury": "{ viewer { role } }" })),
        (
            "unknown operation",
            json!({ "query": "query A { viewer { role } }", "operationName": "B" }),
        ),
    ];
    for (what, body) in cases {
        let (status, content_type, body) =
            post_accept(&app, &token, Some(GRAPHQL_RESPONSE), body.clone()).await;
        assert_eq!(status, 400, "{what}: {body}");
        assert!(
            content_type.starts_with(GRAPHQL_RESPONSE),
            "{what}: {content_type}"
        );
        assert!(body.get("data").is_none(), "{what}: {body}");
        assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{what}: {body}");
    }
    // One of our own limits, refused before execution, is a request error too.
    let aliases: String = (0..31)
        .map(|i| format!("a{i}: viewer {{ role }} "))
        .collect();
    let (status, _, body) = post_accept(
        &app,
        &token,
        Some(GRAPHQL_RESPONSE),
        json!({ "query": format!("{{ {aliases} }}") }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.get("data").is_none(), "{body}");
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED", "{body}");
}

#[tokio::test]
async fn request_errors_stay_200_under_application_json() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    for accept in [Some("application/json"), Some("*/*"), None] {
        for body in [
            json!({ "query": "{" }),
            json!({ "query": "{ noSuchField }" }),
        ] {
            let (status, content_type, body) = post_accept(&app, &token, accept, body).await;
            assert_eq!(status, 200, "{accept:?}: {body}");
            assert!(
                content_type.starts_with("application/json"),
                "{accept:?}: {content_type}"
            );
            assert!(body.get("data").is_none(), "{accept:?}: {body}");
            assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
        }
    }
}

#[tokio::test]
async fn the_response_media_type_follows_accept() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let query = json!({ "query": "{ viewer { role } }" });
    for (accept, expected) in [
        (Some(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE),
        (Some("application/json"), "application/json"),
        (Some("*/*"), "application/json"),
        (None, "application/json"),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            GRAPHQL_RESPONSE,
        ),
        (
            Some("application/graphql-response+json;q=0.5, application/json"),
            "application/json",
        ),
        (Some("text/html, */*;q=0.8"), "application/json"),
    ] {
        let (status, content_type, body) = post_accept(&app, &token, accept, query.clone()).await;
        assert_eq!(status, 200, "{accept:?}: {body}");
        assert!(
            content_type.starts_with(expected),
            "{accept:?}: got {content_type}, expected {expected}"
        );
        assert_eq!(body["data"]["viewer"]["role"], "VIEWER");
    }
    // Neither type acceptable.
    let (status, _, body) = post_accept(&app, &token, Some("text/html"), query).await;
    assert_eq!(status, 406, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
}

#[tokio::test]
async fn a_failed_non_null_root_field_makes_data_null() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let unknown = uuid::Uuid::new_v4();
    let query = format!(r#"{{ viewer {{ role }} case(id: "{unknown}") {{ id }} }}"#);
    for accept in [GRAPHQL_RESPONSE, "application/json"] {
        let (status, _, body) =
            post_accept(&app, &token, Some(accept), json!({ "query": query })).await;
        // Execution started: 200, and `data` is there — null, since `case` is `Case!`.
        assert_eq!(status, 200, "{accept}: {body}");
        assert!(body.get("data").is_some(), "{accept}: {body}");
        assert!(body["data"].is_null(), "{accept}: {body}");
        assert_eq!(code(&body["errors"][0]), "NOT_FOUND");
        assert_eq!(body["errors"][0]["path"], json!(["case"]));
    }
    // Alone, the same failure leaves `data: null` too (the key is not dropped).
    let (_, _, body) = post_accept(
        &app,
        &token,
        Some(GRAPHQL_RESPONSE),
        json!({ "query": format!(r#"{{ case(id: "{unknown}") {{ id }} }}"#) }),
    )
    .await;
    assert!(body.get("data").is_some_and(Value::is_null), "{body}");
}

/// A query whose parsing, validation and execution are CPU work with no await between:
/// `n` aliased `__typename` fields, with the limits raised so that it is accepted.
fn cpu_heavy_query(n: usize) -> String {
    let fields: String = (0..n).map(|i| format!("a{i}: __typename ")).collect();
    format!("{{ {fields} }}")
}

fn raise_limits_for(args: &mut casegraph::config::ServeArgs) {
    args.limits.request_timeout_secs = 1;
    args.limits.max_aliases = usize::MAX;
    args.limits.max_fields = usize::MAX;
    args.limits.max_complexity = usize::MAX;
    args.limits.max_body_bytes = 64 << 20;
    args.limits.max_query_bytes = 64 << 20;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_timeout_answers_cpu_bound_work_and_health_keeps_answering() {
    let app = spawn_with(raise_limits_for).await;
    let token = app.token("acme", Role::Viewer);
    let body = json!({ "query": cpu_heavy_query(200_000) });
    let url = format!("{}/graphql", app.url);
    let slow = {
        let client = app.client.clone();
        let token = token.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .timeout(Duration::from_secs(60))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (
                status,
                res.json::<Value>().await.unwrap(),
                started.elapsed(),
            )
        })
    };
    // Meanwhile the server answers its health check.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let health = app
        .client
        .get(format!("{}/healthz", app.url))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let (status, body, elapsed) = slow.await.unwrap();
    // Without a separate task the timeout could not fire inside the long poll: the query
    // ran to its end and answered 200 with 200,000 fields.
    assert_eq!(status, 503, "{body}");
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED", "{body}");
    assert!(body.get("data").is_none());
    assert!(
        elapsed < Duration::from_secs(30),
        "answered after {elapsed:?}"
    );
    // And it is still serving.
    app.ok(&token, "{ viewer { role } }", json!({})).await;
}

/// The `casegraph` binary, serving on a free port against its own SQLite file.
pub struct Binary {
    child: Child,
    pub url: String,
    db: std::path::PathBuf,
    /// What it printed (stdout and stderr), line by line.
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Binary {
    pub fn start(env: &[(&str, &str)]) -> Binary {
        Self::start_without(env, &[])
    }

    /// Starts it with `env` set and the variables of `unset` removed.
    pub fn start_without(env: &[(&str, &str)], unset: &[&str]) -> Binary {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let db = std::env::temp_dir().join(format!("casegraph-bin-{}.db", uuid::Uuid::new_v4()));
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_casegraph"));
        cmd.arg("serve")
            .env_remove("RUST_LOG")
            .env("CASEGRAPH_BIND", format!("127.0.0.1:{port}"))
            .env(
                "DATABASE_URL",
                format!("sqlite://{}?mode=rwc", db.display()),
            )
            .env("CASEGRAPH_JWT_SECRET", SECRET)
            // A fixed audit key, so that no development key is written to $HOME.
            .env(
                "CASEGRAPH_AUDIT_SIGNING_KEY",
                "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=",
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        for k in unset {
            cmd.env_remove(k);
        }
        let mut child = cmd.spawn().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        for pipe in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        Binary {
            child,
            url: format!("http://127.0.0.1:{port}"),
            db,
            lines,
        }
    }

    pub async fn ready(&self, client: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(res) = client.get(format!("{}/readyz", self.url)).send().await {
                if res.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("casegraph did not start: {:?}", self.lines.lock().unwrap());
    }

    pub fn token(&self, workspace: &str, role: Role) -> String {
        casegraph::auth::TokenKeys::new(&casegraph::config::Secret::new(SECRET.into()), None, None)
            .mint(workspace, role, "bin-user", 1)
            .unwrap()
    }

    fn sigterm(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits up to `limit` for the process to exit; how long it took, or `None`.
    async fn exited_within(&mut self, limit: Duration) -> Option<Duration> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.child.try_wait().unwrap().is_some() {
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db.display()));
        }
    }
}

#[tokio::test]
async fn every_log_line_of_a_request_carries_its_id_at_warn() {
    let server = Binary::start(&[("RUST_LOG", "warn")]);
    let client = reqwest::Client::new();
    server.ready(&client).await;
    let token = server.token("acme", Role::Viewer);
    // Break the database under the server, so that a read fails internally.
    {
        use sea_orm::ConnectionTrait;
        let db = sea_orm::Database::connect(format!("sqlite://{}", server.db.display()))
            .await
            .unwrap();
        db.execute_unprepared("ALTER TABLE cases RENAME TO cases_gone")
            .await
            .unwrap();
        db.close().await.unwrap();
    }
    let res = client
        .post(format!("{}/graphql", server.url))
        .bearer_auth(&token)
        .header("x-request-id", "log-line-test-1")
        .json(&json!({ "query": "{ cases(first: 1) { totalCount } }" }))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(code(&body["errors"][0]), "INTERNAL", "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["requestId"],
        "log-line-test-1"
    );

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines = server.lines.lock().unwrap().clone();
        let errors: Vec<&String> = lines.iter().filter(|l| l.contains("ERROR")).collect();
        if !errors.is_empty() {
            for line in &errors {
                assert!(
                    line.contains("request_id=log-line-test-1"),
                    "an ERROR line without the request id: {line}"
                );
                assert!(
                    !line.contains('\u{1b}'),
                    "colour codes in a log file: {line}"
                );
            }
            // Nothing below warn is printed.
            assert!(lines.iter().all(|l| !l.contains(" INFO ")), "{lines:?}");
            break;
        }
        assert!(Instant::now() < deadline, "no ERROR line logged: {lines:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn shutdown_is_bounded_by_the_grace_period_and_closes_the_pool() {
    let mut server = Binary::start(&[
        ("CASEGRAPH_REQUEST_TIMEOUT_SECS", "1"),
        ("CASEGRAPH_MAX_ALIASES", "100000000"),
        ("CASEGRAPH_MAX_FIELDS", "100000000"),
        ("CASEGRAPH_MAX_COMPLEXITY", "100000000"),
        ("CASEGRAPH_MAX_BODY_BYTES", "100000000"),
        ("CASEGRAPH_MAX_QUERY_BYTES", "100000000"),
    ]);
    let client = reqwest::Client::new();
    server.ready(&client).await;
    // A write first: it sits in SQLite's WAL until the pool is closed.
    let res = client
        .post(format!("{}/graphql", server.url))
        .bearer_auth(server.token("acme", Role::Analyst))
        .json(&json!({ "query": CREATE_CASE, "variables": { "input": kyb_case("Wal", None) } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let wal = std::path::PathBuf::from(format!("{}-wal", server.db.display()));
    assert!(wal.exists(), "the write went to the WAL");

    let token = server.token("acme", Role::Viewer);
    let body = json!({ "query": cpu_heavy_query(600_000) });
    let url = format!("{}/graphql", server.url);
    let slow = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .timeout(Duration::from_secs(60))
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.sigterm();
    // The grace period is the request timeout (1 s); the query alone needs far longer.
    let took = server.exited_within(Duration::from_secs(8)).await;
    assert!(
        took.is_some(),
        "still running 8 s after SIGTERM: {:?}",
        server.lines.lock().unwrap()
    );
    let _ = slow.await;
    // The pool was closed on the way out: the last connection checkpointed the WAL into the
    // database and removed it.
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_len, 0, "WAL left behind");
}
