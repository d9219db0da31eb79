//! `casegraph bench`: per backend, a seeded server, then every shape at every concurrency
//! for a fixed time, one table row per run.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};

use crate::api::Api;
use crate::load::Body;
use crate::measure::{self, Target};
use crate::report::{self, Row};
use crate::seed;
use crate::server;
use crate::setup::{self, Backend, Prepared, SetupArgs};

pub const PAGE: &str = include_str!("../documents/casegraph/page.graphql");
pub const CASE: &str = include_str!("../documents/casegraph/case.graphql");
pub const LIST: &str = include_str!("../documents/casegraph/list.graphql");

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// `cases(first: 100)` → companies, individuals, checks → AML hits.
    Page,
    /// One case (a random one per request) with the same nesting.
    Case,
    /// A filtered flat list of 20 cases.
    List,
    /// updateCase, addNote, createCheck and createCase, in their own workspace.
    Mutations,
    /// The page at 10, 50 and 100 cases (c=1): how cost grows with the page.
    Sizes,
}

/// Run length and concurrency.
#[derive(Debug, Clone, clap::Args)]
pub struct LoadArgs {
    /// Seconds each measured run lasts.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// Seconds of load before each measured run (not measured).
    #[arg(long, default_value_t = 2.0)]
    pub warmup: f64,
    /// Concurrent connections (closed loop), one run each.
    #[arg(long, value_delimiter = ',', default_values_t = [16, 1])]
    pub concurrency: Vec<usize>,
    /// The oha binary (default: installed into the cache on first use).
    #[arg(long)]
    pub oha: Option<PathBuf>,
}

impl LoadArgs {
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.duration.max(0.1))
    }
    pub fn warmup(&self) -> Duration {
        Duration::from_secs_f64(self.warmup.max(0.0))
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Backends to measure, one after the other.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Backend::Sqlite, Backend::Postgres])]
    pub backend: Vec<Backend>,
    /// Shapes to run.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Shape::Page, Shape::Case, Shape::List, Shape::Mutations, Shape::Sizes])]
    pub shapes: Vec<Shape>,
    /// Page sizes of the `sizes` shape.
    #[arg(long, value_delimiter = ',', default_values_t = [10, 50, 100])]
    pub page_sizes: Vec<usize>,
    /// PostgreSQL database the bench makes (dropped and made anew unless --reuse).
    #[arg(long, default_value = "casegraph_bench")]
    pub pg_database: String,
    /// Also write every row as JSON to this file.
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Measure a CaseGraph that is already running at this base URL (e.g.
    /// `http://127.0.0.1:8080`) instead of starting one; `--backend` names its one backend.
    #[arg(long, requires = "jwt_secret")]
    pub url: Option<String>,
    /// The running server's HS256 secret (`--url`), to mint the bench's tokens.
    #[arg(long, env = "CASEGRAPH_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// The running server's process id (`--url`), for its CPU time per request.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// The running server's PostgreSQL database (`--url`), for ANALYZE and backend CPU.
    #[arg(long)]
    pub database_url: Option<String>,
    #[command(flatten)]
    pub setup: SetupArgs,
    #[command(flatten)]
    pub load: LoadArgs,
}

pub async fn run(args: RunArgs) -> Result<(), String> {
    let binary = server::server_binary(args.setup.server_bin.as_deref())?;
    let oha = crate::load::ensure_oha(args.load.oha.as_deref(), &args.setup.cache())?;
    println!("casegraph bench — {}", measure::machine());
    println!(
        "{} cases (2 companies, 3 individuals, 4 relations, 3 checks, 2 AML hits each); runs of {} s after {} s of warm-up; oha {}",
        args.setup.cases,
        args.load.duration,
        args.load.warmup,
        crate::load::OHA_VERSION
    );
    let external = match (&args.url, &args.jwt_secret) {
        (Some(url), Some(secret)) => {
            if args.backend.len() != 1 {
                return Err("with --url, name the server's one backend: --backend sqlite or --backend postgres".into());
            }
            Some(setup::External {
                url: url.trim_end_matches('/').to_owned(),
                secret: secret.clone(),
                pid: args.server_pid,
                database_url: args.database_url.clone(),
            })
        }
        _ => None,
    };
    let mut rows = Vec::new();
    for backend in &args.backend {
        let prepared = match &external {
            Some(e) => setup::attach(&args.setup, &binary, *backend, e).await?,
            None => setup::prepare(&args.setup, &binary, *backend, &args.pg_database).await?,
        };
        println!();
        println!("{} ({})", backend.label(), prepared.database);
        println!("{}", report::header());
        rows.extend(measure_backend(&args, &oha, &prepared).await?);
    }
    if let Some(path) = &args.json {
        let all: Vec<Value> = rows.iter().map(report::to_json).collect();
        let text =
            serde_json::to_string_pretty(&json!({ "machine": measure::machine(), "rows": all }))
                .map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let warned = rows.iter().filter(|r| !r.warnings.is_empty()).count();
    if warned > 0 {
        return Err(format!(
            "{warned} run(s) had warnings (see notes): their figures are not to be trusted"
        ));
    }
    Ok(())
}

async fn measure_backend(
    args: &RunArgs,
    oha: &Path,
    prepared: &Prepared,
) -> Result<Vec<Row>, String> {
    let work = args.setup.work()?;
    let label = prepared.backend.label();
    let target = prepared.target().await?;
    let mut rows = Vec::new();
    for shape in &args.shapes {
        let runs: Vec<(String, Request, &Target, Vec<usize>)> = match shape {
            Shape::Page => vec![(
                "page (100 cases)".into(),
                Request::fixed(&work, &format!("{label}-page-100"), page_body(PAGE, 100)).await?,
                &target,
                args.load.concurrency.clone(),
            )],
            Shape::Case => vec![(
                "one case".into(),
                Request::lines(
                    &work,
                    &format!("{label}-case"),
                    case_lines(CASE, &prepared.ids),
                )
                .await?,
                &target,
                args.load.concurrency.clone(),
            )],
            Shape::List => vec![(
                "flat list (20)".into(),
                Request::fixed(&work, &format!("{label}-list"), json!({ "query": LIST })).await?,
                &target,
                args.load.concurrency.clone(),
            )],
            Shape::Mutations => Vec::new(),
            Shape::Sizes => {
                let mut v = Vec::new();
                for n in &args.page_sizes {
                    v.push((
                        format!("page ({n} cases)"),
                        Request::fixed(&work, &format!("{label}-page-{n}"), page_body(PAGE, *n))
                            .await?,
                        &target,
                        vec![1],
                    ));
                }
                v
            }
        };
        for (name, mut request, target, concurrencies) in runs {
            request.check(&target.api).await?;
            for c in concurrencies {
                let row = measure_one(oha, target, &name, &request, c, &args.load, None).await?;
                println!("{}", report::line(&row));
                rows.push(row);
            }
        }
        if *shape == Shape::Mutations {
            let mix_ids = seed::case_ids(&prepared.mix).await?;
            let mut request = Request::lines(
                &work,
                &format!("{label}-mutations"),
                seed::mutation_lines(&mix_ids, 1000),
            )
            .await?;
            let mix = prepared.target_of(prepared.mix.clone()).await?;
            request.check(&mix.api).await?;
            for c in &args.load.concurrency {
                let row =
                    measure_one(oha, &mix, "mutation mix", &request, *c, &args.load, None).await?;
                println!("{}", report::line(&row));
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

/// Measures one shape at one concurrency and checks the figures can be trusted.
pub async fn measure_one(
    oha: &Path,
    target: &Target,
    shape: &str,
    request: &Request,
    concurrency: usize,
    load: &LoadArgs,
    round: Option<usize>,
) -> Result<Row, String> {
    let trial = measure::trial(
        oha,
        target,
        request.body(),
        concurrency,
        load.warmup(),
        load.duration(),
    )
    .await?;
    let warnings = report::warnings(&trial, request.expected_size);
    Ok(Row {
        server: target.name.clone(),
        shape: shape.to_owned(),
        concurrency,
        round,
        trial,
        warnings,
    })
}

/// `{"query": document, "variables": {"first": n}}`.
pub fn page_body(document: &str, first: usize) -> Value {
    json!({ "query": document, "variables": { "first": first } })
}

/// One request line per case id.
pub fn case_lines(document: &str, ids: &[String]) -> Vec<Value> {
    ids.iter()
        .map(|id| json!({ "query": document, "variables": { "id": id } }))
        .collect()
}

/// A request body on disk for oha: fixed, or one of many lines.
pub struct Request {
    path: PathBuf,
    lines: Vec<Value>,
    fixed: bool,
    /// A fixed body's answer size, once checked.
    pub expected_size: Option<usize>,
}

impl Request {
    pub async fn fixed(dir: &Path, name: &str, body: Value) -> Result<Self, String> {
        let path = dir.join(format!("{name}.json"));
        std::fs::write(&path, body.to_string()).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self {
            path,
            lines: vec![body],
            fixed: true,
            expected_size: None,
        })
    }

    pub async fn lines(dir: &Path, name: &str, lines: Vec<Value>) -> Result<Self, String> {
        if lines.is_empty() {
            return Err(format!("{name}: no request lines (no cases?)"));
        }
        let path = dir.join(format!("{name}.jsonl"));
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Self {
            path,
            lines,
            fixed: false,
            expected_size: None,
        })
    }

    pub fn body(&self) -> Body<'_> {
        if self.fixed {
            Body::File(&self.path)
        } else {
            Body::Lines(&self.path)
        }
    }

    /// Sends the fixed body, or one line of each operation, once: an error stops the bench
    /// (oha sees only HTTP statuses, and GraphQL errors come with 200).
    pub async fn check(&mut self, api: &Api) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for line in &self.lines {
            let kind = line["operationName"].as_str().unwrap_or("").to_owned();
            if !seen.insert(kind) {
                continue;
            }
            let (_, size) = api
                .post_sized(line)
                .await
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
            if self.fixed {
                self.expected_size = Some(size);
            }
        }
        Ok(())
    }
}
