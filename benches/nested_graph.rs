//! Latency and SQL-statement cost of the full nested case-graph query as the number of
//! cases grows.
//!
//! The bench starts CaseGraph in-process on port 0 against a fresh database, seeds four
//! workspaces with 5, 20, 60 and 100 realistic KYB cases through the `createCase`
//! mutation (2 companies, 2 individuals with relations, 3 checks each), and then, per
//! workspace, sends 5 warm-up requests followed by 50 timed sequential `POST /graphql`
//! requests of the whole nested graph (`cases(first: 100)` down to checks' documents, AML
//! hits and notes, plus risks, reviews, documents, notes and the audit trail). Each timed
//! request is wall-clock time on the client, HTTP round trip included, until the response
//! body has arrived; the server's SQL statement counter is read before and after it.
//!
//! It prints one row per size (statements per request, p50 / p95 / max latency, p50 per
//! case), the p50 growth from 5 to 100 cases, and the p50 of `createCase` while seeding.
//! It exits non-zero when the statements per request differ between sizes: the nested
//! graph is batched (DataLoader), so its statement count must not grow with the number of
//! parents; a difference is an N+1 regression.
//!
//! Run (release build):
//!
//! ```text
//! cargo bench --bench nested_graph
//! CASEGRAPH_TEST_BACKEND=postgres cargo bench --bench nested_graph
//! ```
//!
//! SQLite uses a temporary file, deleted at the end. PostgreSQL creates a fresh database on
//! `CASEGRAPH_TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`) and
//! drops it `WITH (FORCE)` at the end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use casegraph::auth::TokenKeys;
use casegraph::config::{Secret, ServeArgs};
use casegraph::domain::Role;
use casegraph::startup::{AppState, Application};
use serde_json::{json, Value};

const SECRET: &str = "nested-graph-bench-secret-0123456789";
/// Cases per workspace, one workspace per size.
const SIZES: [usize; 4] = [5, 20, 60, 100];
const WARMUP: usize = 5;
const RUNS: usize = 50;

/// Every nested field of a case, down to the check level (as `GRAPH` in tests/api/nesting.rs).
const GRAPH: &str = r#"{ cases(first: 100) { totalCount edges { node {
  id name tags flags assignee { id subject } risk { level } risks(first: 10) { nodes { level } } reviews(first: 10) { nodes { status } } lastReview { status }
  mainCompany { name } companies { id name } individuals { id firstName } relations { id ownershipPercentage }
  checks { id status documents { id } amlHits { id name } notes { id } }
  documents(first: 10) { nodes { id } } notes(first: 10) { nodes { id } } auditTrail(first: 20) { nodes { seq } }
} } } }"#;

const CREATE_CASE: &str =
    "mutation($input: CreateCaseInput!) { createCase(input: $input) { id version } }";

/// A case with a realistic nested graph: main company, holding, two people, three checks
/// (as `kyb_case` in tests/api/helpers.rs).
fn kyb_case(name: &str) -> Value {
    json!({
        "name": name,
        "externalId": null,
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

fn backend() -> String {
    std::env::var("CASEGRAPH_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into())
}

/// The bench's database; removed on drop (also when the bench panics).
enum BenchDb {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl BenchDb {
    fn describe(&self) -> String {
        match self {
            BenchDb::Sqlite(path) => format!("SQLite (temp file {})", path.display()),
            BenchDb::Postgres { admin_url, name } => format!(
                "PostgreSQL (database {name} on {})",
                casegraph::startup::redact(admin_url)
            ),
        }
    }
}

impl Drop for BenchDb {
    fn drop(&mut self) {
        match self {
            BenchDb::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            BenchDb::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // May run while a runtime is alive (on panic): use a thread with its own.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        use sea_orm::ConnectionTrait;
                        match sea_orm::Database::connect(&admin_url).await {
                            Ok(db) => {
                                let sql =
                                    format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                                if let Err(e) = db.execute_unprepared(&sql).await {
                                    eprintln!("warning: could not drop database {name}: {e}");
                                }
                                let _ = db.close().await;
                            }
                            Err(e) => eprintln!("warning: could not drop database {name}: {e}"),
                        }
                    });
                })
                .join();
            }
        }
    }
}

async fn bench_db() -> Result<(String, BenchDb), String> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    if backend() == "postgres" {
        use sea_orm::ConnectionTrait;
        let admin_url = std::env::var("CASEGRAPH_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("casegraph_bench_{id}");
        let admin = sea_orm::Database::connect(&admin_url).await.map_err(|e| {
            format!(
                "PostgreSQL at {}: {e}",
                casegraph::startup::redact(&admin_url)
            )
        })?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .map_err(|e| format!("create database {name}: {e}"))?;
        let _ = admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b.to_owned())
            .unwrap_or(admin_url.clone());
        Ok((
            format!("{base}/{name}"),
            BenchDb::Postgres { admin_url, name },
        ))
    } else {
        let path = std::env::temp_dir().join(format!("casegraph-bench-{id}.db"));
        Ok((
            format!("sqlite://{}?mode=rwc", path.display()),
            BenchDb::Sqlite(path),
        ))
    }
}

/// The running server and a client for it.
struct Bench {
    url: String,
    client: reqwest::Client,
    state: Arc<AppState>,
    keys: TokenKeys,
}

impl Bench {
    async fn start(database_url: String) -> Result<Self, String> {
        let app = Application::build(&ServeArgs::for_tests(database_url, SECRET)).await?;
        let addr = app.local_addr()?;
        let state = app.state.clone();
        tokio::spawn(app.run_until_stopped());
        Ok(Self {
            url: format!("http://{addr}/graphql"),
            client: reqwest::Client::new(),
            state,
            keys: TokenKeys::new(&Secret::new(SECRET.into()), None, None),
        })
    }

    fn token(&self, workspace: &str) -> Result<String, String> {
        self.keys
            .mint(workspace, Role::Analyst, "bench-analyst", 1)
            .map_err(|e| format!("mint token: {e:?}"))
    }

    /// One operation that must succeed: (client wall-clock time, SQL statements, `data`).
    /// The time stops when the whole body has arrived; JSON parsing is not timed.
    async fn run(
        &self,
        token: &str,
        query: &str,
        variables: Value,
    ) -> Result<(Duration, u64, Value), String> {
        let body = json!({ "query": query, "variables": variables });
        let before = self.state.statements.get();
        let start = Instant::now();
        let res = self
            .client
            .post(&self.url)
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .map_err(|e| format!("request: {e}"))?;
        let status = res.status().as_u16();
        let bytes = res
            .bytes()
            .await
            .map_err(|e| format!("response body: {e}"))?;
        let elapsed = start.elapsed();
        let statements = self.state.statements.get() - before;
        let value: Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("response JSON ({status}): {e}"))?;
        if status != 200 || value.get("errors").is_some() {
            return Err(format!("expected success, got {status}: {value}"));
        }
        Ok((elapsed, statements, value["data"].clone()))
    }
}

/// Nearest-rank percentile of sorted samples, in milliseconds.
fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    ms(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// "n" when every sample is n, "min–max" otherwise.
fn span(values: &[u64]) -> String {
    let (min, max) = (
        values.iter().min().copied().unwrap_or(0),
        values.iter().max().copied().unwrap_or(0),
    );
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// Checks the graph came back whole: `cases` edges, each with its nested rows.
fn check_graph(data: &Value, cases: usize) -> Result<(), String> {
    let edges = data["cases"]["edges"]
        .as_array()
        .ok_or("no cases.edges in response")?;
    if edges.len() != cases || data["cases"]["totalCount"].as_u64() != Some(cases as u64) {
        return Err(format!(
            "expected {cases} cases, got {} (totalCount {})",
            edges.len(),
            data["cases"]["totalCount"]
        ));
    }
    for e in edges {
        let node = &e["node"];
        let len = |field: &str| node[field].as_array().map_or(0, Vec::len);
        if len("companies") != 2
            || len("individuals") != 2
            || len("checks") != 3
            || node["auditTrail"]["nodes"].as_array().map_or(0, Vec::len) == 0
        {
            return Err(format!("incomplete case graph: {node}"));
        }
    }
    Ok(())
}

struct Row {
    cases: usize,
    statements: Vec<u64>,
    times: Vec<Duration>,
}

struct Outcome {
    rows: Vec<Row>,
    creates: Vec<Duration>,
    create_statements: Vec<u64>,
}

async fn measure(bench: &Bench) -> Result<Outcome, String> {
    let mut creates = Vec::new();
    let mut create_statements = Vec::new();
    let mut rows = Vec::new();
    for cases in SIZES {
        let token = bench.token(&format!("bench-{cases}"))?;
        // The first request of a workspace creates its workspace and user rows; keep that
        // out of the createCase numbers.
        bench.run(&token, "{ viewer { role } }", json!({})).await?;
        for i in 0..cases {
            let input = json!({ "input": kyb_case(&format!("Company {i}")) });
            let (t, s, _) = bench.run(&token, CREATE_CASE, input).await?;
            creates.push(t);
            create_statements.push(s);
        }
        for _ in 0..WARMUP {
            let (_, _, data) = bench.run(&token, GRAPH, json!({})).await?;
            check_graph(&data, cases)?;
        }
        let mut row = Row {
            cases,
            statements: Vec::with_capacity(RUNS),
            times: Vec::with_capacity(RUNS),
        };
        for _ in 0..RUNS {
            let (t, s, data) = bench.run(&token, GRAPH, json!({})).await?;
            check_graph(&data, cases)?;
            row.times.push(t);
            row.statements.push(s);
        }
        row.times.sort();
        eprintln!("  measured {cases} cases");
        rows.push(row);
    }
    creates.sort();
    Ok(Outcome {
        rows,
        creates,
        create_statements,
    })
}

/// Prints the report; returns whether statements per request are the same at every size.
fn report(outcome: &Outcome) -> bool {
    println!();
    println!(
        "{:>5} | {:>18} | {:>8} | {:>8} | {:>8} | {:>12}",
        "cases", "statements/request", "p50 ms", "p95 ms", "max ms", "ms per case"
    );
    println!("{}", "-".repeat(5 + 18 + 8 * 3 + 12 + 5 * 3));
    for row in &outcome.rows {
        let p50 = percentile_ms(&row.times, 50.0);
        println!(
            "{:>5} | {:>18} | {:>8.2} | {:>8.2} | {:>8.2} | {:>12.3}",
            row.cases,
            span(&row.statements),
            p50,
            percentile_ms(&row.times, 95.0),
            percentile_ms(&row.times, 100.0),
            p50 / row.cases as f64,
        );
    }
    println!();
    let p50_at = |cases: usize| {
        outcome
            .rows
            .iter()
            .find(|r| r.cases == cases)
            .map_or(f64::NAN, |r| percentile_ms(&r.times, 50.0))
    };
    let (first, last) = (SIZES[0], SIZES[SIZES.len() - 1]);
    println!(
        "p50 at {last} cases / p50 at {first} cases: {:.2}x (for {:.0}x the cases)",
        p50_at(last) / p50_at(first),
        last as f64 / first as f64
    );
    let all: Vec<u64> = outcome
        .rows
        .iter()
        .flat_map(|r| r.statements.iter().copied())
        .collect();
    let constant = !all.is_empty() && all.iter().all(|s| *s == all[0]);
    if constant {
        println!(
            "statements/request constant across sizes: yes ({} at every size)",
            all[0]
        );
    } else {
        println!(
            "statements/request constant across sizes: NO ({}) -- N+1 regression: the nested graph costs more SQL with more parents",
            outcome
                .rows
                .iter()
                .map(|r| format!("{} cases: {}", r.cases, span(&r.statements)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    println!(
        "createCase (one nested KYB case per call): p50 {:.2} ms, p95 {:.2} ms over {} calls; {} statements per call",
        percentile_ms(&outcome.creates, 50.0),
        percentile_ms(&outcome.creates, 95.0),
        outcome.creates.len(),
        span(&outcome.create_statements),
    );
    constant
}

fn main() {
    let build = if cfg!(debug_assertions) {
        "debug build (unoptimised: numbers are not representative; use `cargo bench`)"
    } else {
        "release build (cargo bench)"
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: tokio runtime: {e}");
            std::process::exit(2);
        }
    };
    let (database_url, db) = match rt.block_on(bench_db()) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    println!("CaseGraph nested case-graph bench");
    println!(
        "Measures: client wall-clock time of one POST /graphql of the full nested case graph \
         (cases(first: 100) with companies, individuals, relations, checks with documents/AML hits/notes, \
         risks, reviews, documents, notes, audit trail), and the SQL statements the server ran for it."
    );
    println!(
        "Per size: a workspace seeded via createCase with that many KYB cases (2 companies, 2 individuals \
         with relations, 3 checks each); {WARMUP} warm-up requests, then {RUNS} timed sequential requests."
    );
    println!("Backend: {}", db.describe());
    println!("Build: {build}");
    let result = rt.block_on(async {
        let bench = Bench::start(database_url).await?;
        measure(&bench).await
    });
    // Stop the server (and close its pool) before removing the database.
    drop(rt);
    let code = match result {
        Ok(outcome) => {
            if report(&outcome) {
                0
            } else {
                1
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    };
    drop(db);
    std::process::exit(code);
}
