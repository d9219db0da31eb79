//! `spawn_app()`: a CaseGraph server on port 0 with its own database, and a small client.

use std::sync::Arc;

use casegraph::auth::TokenKeys;
use casegraph::config::{Secret, ServeArgs};
use casegraph::domain::Role;
use casegraph::startup::{AppState, Application};
use serde_json::{json, Value};

pub const SECRET: &str = "integration-test-secret-0123456789";

/// A running server and what a test needs to talk to it.
pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub state: Arc<AppState>,
    keys: TokenKeys,
    /// The database URL, for replicas on the same database.
    pub db_url: String,
    _db: Arc<TestDb>,
}

/// The test's database; removed when the test ends.
pub enum TestDb {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            TestDb::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime; use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        use sea_orm::ConnectionTrait;
                        if let Ok(db) = sea_orm::Database::connect(&admin_url).await {
                            let _ = db
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

/// Which database the suite runs on.
pub fn backend() -> String {
    std::env::var("CASEGRAPH_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into())
}

pub async fn test_db() -> (String, TestDb) {
    let id = uuid::Uuid::new_v4().simple().to_string();
    if backend() == "postgres" {
        use sea_orm::ConnectionTrait;
        let admin_url = std::env::var("CASEGRAPH_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("casegraph_test_{id}");
        let admin = sea_orm::Database::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url}: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("create database: {e}"));
        let _ = admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_owned())
            .unwrap_or(admin_url.clone());
        (
            format!("{base}/{name}"),
            TestDb::Postgres { admin_url, name },
        )
    } else {
        let path = std::env::temp_dir().join(format!("casegraph-test-{id}.db"));
        (
            format!("sqlite://{}?mode=rwc", path.display()),
            TestDb::Sqlite(path),
        )
    }
}

/// Starts a server with default settings.
pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// Starts a server after `tweak` adjusts its settings.
pub async fn spawn_with(tweak: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let (url, db) = test_db().await;
    start(url, Arc::new(db), tweak).await
}

impl TestApp {
    /// Another server on this one's database (a second replica).
    pub async fn replica(&self, tweak: impl FnOnce(&mut ServeArgs)) -> TestApp {
        start(self.db_url.clone(), self._db.clone(), tweak).await
    }
}

async fn start(url: String, db: Arc<TestDb>, tweak: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let mut args = ServeArgs::for_tests(url.clone(), SECRET);
    tweak(&mut args);
    let app = Application::build(&args)
        .await
        .unwrap_or_else(|e| panic!("build: {e}"));
    let addr = app.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        url: format!("http://{addr}"),
        client: reqwest::Client::new(),
        state,
        keys: TokenKeys::new(&Secret::new(SECRET.into()), None, None),
        db_url: url,
        _db: db,
    }
}

impl TestApp {
    /// A valid token for `workspace` with `role`.
    pub fn token(&self, workspace: &str, role: Role) -> String {
        self.keys
            .mint(
                workspace,
                role,
                &format!("{}-user", role.as_str().to_lowercase()),
                1,
            )
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// A valid token for `workspace` with `role`, for subject `sub`.
    pub fn token_as(&self, workspace: &str, role: Role, sub: &str) -> String {
        self.keys
            .mint(workspace, role, sub, 1)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// POSTs a GraphQL operation with a token; returns the HTTP status and JSON body.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.url))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap_or_else(|e| panic!("request: {e}"));
        let status = res.status().as_u16();
        let body = res.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    /// Runs an operation that must succeed; returns `data`.
    pub async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(Some(token), query, variables).await;
        assert!(
            status == 200 && body.get("errors").is_none(),
            "expected success, got {status}: {body}"
        );
        body["data"].clone()
    }

    /// Runs an operation that must fail; returns its first error.
    pub async fn err(&self, token: &str, query: &str, variables: Value) -> Value {
        let (_, body) = self.post(Some(token), query, variables).await;
        body["errors"][0].clone()
    }

    /// SQL statements run so far by this server.
    pub fn statements(&self) -> u64 {
        self.state.statements.get()
    }
}

/// The `extensions.code` of an error.
pub fn code(err: &Value) -> &str {
    err["extensions"]["code"].as_str().unwrap_or("<none>")
}

/// A case with a realistic nested graph: main company, holding, two people, three checks.
pub fn kyb_case(name: &str, external_id: Option<&str>) -> Value {
    json!({
        "name": name,
        "externalId": external_id,
        "type": "KYB",
        "tags": ["onboarding", "eu"],
        "metadata": { "crm": "hubspot" },
        "companies": [
            { "ref": "main", "name": format!("{name} SAS"), "isMain": true, "country": "FR", "registrationNumber": "RCS123" },
            { "ref": "holding", "name": format!("{name} Holding"), "country": "LU", "relations": [{ "ownershipPercentage": 60, "roles": ["SHAREHOLDER"] }] }
        ],
        "individuals": [
            { "ref": "ceo", "firstName": "Ada", "lastName": "Lovelace", "relations": [{ "roles": ["LEGAL_REPRESENTATIVE"], "position": "CEO" }] },
            { "ref": "ubo", "firstName": "Alan", "lastName": "Turing", "relations": [{ "toCompanyRef": "holding", "ownershipPercentage": 50, "roles": ["SHAREHOLDER"] }] }
        ],
        "checks": [
            { "type": "REGISTRY", "subjectRef": "main" },
            { "type": "AML", "subjectRef": "ubo", "status": "NEED_REVIEW" },
            { "type": "ID_DOCUMENT", "subjectRef": "ceo", "status": "APPROVED" }
        ]
    })
}

pub const CREATE_CASE: &str =
    "mutation($input: CreateCaseInput!) { createCase(input: $input) { id version } }";

/// Creates a case and returns its id.
pub async fn create_case(app: &TestApp, token: &str, input: Value) -> String {
    let data = app.ok(token, CREATE_CASE, json!({ "input": input })).await;
    data["createCase"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The first column of the first row of a `SELECT COUNT(*) …`, straight from the database.
pub async fn count(app: &TestApp, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let db = &app.state.db;
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// A response header as text ("" when absent).
pub fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_default()
}

/// GETs an embedded asset's URL (`/…/name.ext?v=digest`) and checks what every one has: 200,
/// the content type of its extension, a year's cache life, `nosniff`. Returns its bytes.
pub async fn embedded_asset(app: &TestApp, url: &str) -> Vec<u8> {
    let res = app
        .client
        .get(format!("{}{url}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200, "{url}");
    let path = url.split('?').next().unwrap();
    let expected = match path.rsplit('.').next().unwrap() {
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        other => panic!("unexpected asset type {other}"),
    };
    assert_eq!(header(&res, "content-type"), expected, "{url}");
    assert_eq!(
        header(&res, "cache-control"),
        "public, max-age=31536000, immutable",
        "{url}"
    );
    assert_eq!(header(&res, "x-content-type-options"), "nosniff", "{url}");
    res.bytes().await.unwrap().to_vec()
}

/// A signed download link (`…exp=…&sig=…`) altered two ways: one character of its
/// signature changed, and its expiry moved an hour later.
pub fn altered_links(url: &str) -> (String, String) {
    let sig_at = url.find("sig=").unwrap() + 4;
    let mut tampered = url.to_owned();
    let flipped = if &url[sig_at..sig_at + 1] == "0" {
        "1"
    } else {
        "0"
    };
    tampered.replace_range(sig_at..sig_at + 1, flipped);
    let exp: i64 = url
        .split("exp=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let longer = url.replace(&format!("exp={exp}"), &format!("exp={}", exp + 3600));
    (tampered, longer)
}
