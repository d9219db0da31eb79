//! `casegraph bench bulk`: issue 9's benchmark. Per backend, on a fresh database and a
//! freshly started release server: N cases through `createCasesFromTemplate` (calls of
//! `--batch` items, one after the other) versus N `createCase` calls (`--concurrency` in
//! flight), the same nested graph per case (2 companies, 3 individuals, 4 relations,
//! 3 checks, 2 AML hits). Prints cases/s, SQL statements per case and the ratio, and checks
//! that every case is there and that sampled audit chains verify.

use std::time::{Duration, Instant};

use futures::{stream, StreamExt, TryStreamExt};
use serde_json::{json, Value};

use crate::api::Api;
use crate::measure;
use crate::seed;
use crate::server::{self, Server};
use crate::setup::{self, Backend, SetupArgs};

/// A template with nothing of its own, so that a template item makes exactly the case the
/// same `createCase` input makes.
const TEMPLATE: &str = "bench_kyb";

const UPSERT: &str =
    "mutation($input: CaseTemplateInput!) { upsertCaseTemplate(input: $input) { key } }";
const FROM_TEMPLATE: &str = "mutation($t: String!, $items: [TemplateItemInput!]!) { \
    createCasesFromTemplate(templateKey: $t, items: $items) { id } }";
const VERIFY: &str = "query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }";

#[derive(Debug, Clone, clap::Args)]
pub struct BulkArgs {
    /// Backends to measure, one after the other.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Backend::Sqlite, Backend::Postgres])]
    pub backend: Vec<Backend>,
    /// Cases created each way.
    #[arg(long, default_value_t = 10_000)]
    pub count: usize,
    /// Items per `createCasesFromTemplate` call (at most 1,000).
    #[arg(long, default_value_t = 1_000)]
    pub batch: usize,
    /// `createCase` requests in flight (1: one after the other, like the bulk calls).
    #[arg(long, default_value_t = 1)]
    pub concurrency: usize,
    /// PostgreSQL database the bench makes anew.
    #[arg(long, default_value = "casegraph_bench_bulk")]
    pub pg_database: String,
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// One way of creating the cases, measured.
struct Timed {
    elapsed: Duration,
    statements: u64,
}

impl Timed {
    fn per_second(&self, count: usize) -> f64 {
        count as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A template item: the `createCase` input of case `i` without its type (the template's).
fn item(i: usize) -> Value {
    let mut input = seed::kyb_case(i);
    if let Some(o) = input.as_object_mut() {
        o.remove("type");
    }
    input
}

pub async fn run(args: BulkArgs) -> Result<(), String> {
    if args.batch == 0 || args.batch > 1_000 {
        return Err("--batch is 1 to 1,000".into());
    }
    let binary = server::server_binary(args.setup.server_bin.as_deref())?;
    println!("casegraph bench bulk — {}", measure::machine());
    println!(
        "{} cases each way (2 companies, 3 individuals, 4 relations, 3 checks, 2 AML hits each): \
         createCasesFromTemplate in calls of {} one after the other, versus createCase with {} in flight",
        args.count, args.batch, args.concurrency
    );
    for backend in &args.backend {
        let work = args.setup.work()?;
        let name = &args.pg_database;
        let database_url = match backend {
            Backend::Sqlite => {
                let file = work.join(format!("{name}.db"));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
                format!("sqlite://{}?mode=rwc", file.display())
            }
            Backend::Postgres => {
                setup::make_pg_database(&args.setup.pg_url, name, false).await?;
                setup::without_tls(&setup::pg_database_url(&args.setup.pg_url, name)?)
            }
        };
        let log = work.join(format!("{name}-{}.log", backend.label()));
        let server = Server::start(&binary, &database_url, &log).await?;
        let api = |workspace: &str| {
            Api::new(
                &server.base,
                Some(server::token(&binary, server::SECRET, workspace, "admin")?),
            )
        };
        let bulk_api = api("bulk-template")?;
        let single_api = api("bulk-single")?;
        bulk_api
            .gql(
                UPSERT,
                json!({ "input": { "key": TEMPLATE, "name": "Bench KYB", "type": "KYB" } }),
            )
            .await?;
        // Warm both workspaces (identity rows, connections) outside the timings.
        for a in [&bulk_api, &single_api] {
            a.gql("{ viewer { role } }", json!({})).await?;
        }

        let bulk = timed(&bulk_api, async || {
            for start in (0..args.count).step_by(args.batch) {
                let items: Vec<Value> = (start..(start + args.batch).min(args.count))
                    .map(item)
                    .collect();
                bulk_api
                    .gql(FROM_TEMPLATE, json!({ "t": TEMPLATE, "items": items }))
                    .await?;
            }
            Ok(())
        })
        .await?;
        let single = timed(&single_api, async || {
            stream::iter(0..args.count)
                .map(|i| {
                    let a = &single_api;
                    async move {
                        a.gql(seed::CREATE_CASE, json!({ "input": seed::kyb_case(i) }))
                            .await
                            .map(|_| ())
                    }
                })
                .buffer_unordered(args.concurrency.max(1))
                .try_collect::<()>()
                .await
        })
        .await?;

        for a in [&bulk_api, &single_api] {
            let n = seed::case_count(a).await?;
            if n != args.count as u64 {
                return Err(format!("expected {} cases, found {n}", args.count));
            }
        }
        verify_sample(&bulk_api).await?;

        let (b, s) = (bulk.per_second(args.count), single.per_second(args.count));
        println!();
        println!("{} ({})", backend.label(), setup::redact(&database_url));
        println!("| path | cases | seconds | cases/s | SQL statements/case |");
        println!("|---|---:|---:|---:|---:|");
        for (path, t) in [
            (
                format!(
                    "createCasesFromTemplate × {}",
                    args.count.div_ceil(args.batch)
                ),
                &bulk,
            ),
            (format!("createCase × {}", args.count), &single),
        ] {
            println!(
                "| {path} | {} | {:.2} | {:.0} | {:.2} |",
                args.count,
                t.elapsed.as_secs_f64(),
                t.per_second(args.count),
                t.statements as f64 / args.count as f64
            );
        }
        println!("bulk is {:.1}× faster per case", b / s);
        println!("server log: {}", server.log.display());
        drop(server);
    }
    Ok(())
}

/// Runs `work` and measures its wall time and the server's SQL statements.
async fn timed(api: &Api, work: impl AsyncFnOnce() -> Result<(), String>) -> Result<Timed, String> {
    let before = api.counters().await?;
    let start = Instant::now();
    work().await?;
    let elapsed = start.elapsed();
    let after = api.counters().await?;
    Ok(Timed {
        elapsed,
        // Less the two /metrics reads, which run no SQL.
        statements: after.statements.saturating_sub(before.statements),
    })
}

/// `verifyAuditTrail` on the first, a middle and the last case of the bulk workspace.
async fn verify_sample(api: &Api) -> Result<(), String> {
    let ids = seed::case_ids(api).await?;
    for id in [ids.first(), ids.get(ids.len() / 2), ids.last()]
        .into_iter()
        .flatten()
    {
        let v = api.gql(VERIFY, json!({ "id": id })).await?;
        if v["verifyAuditTrail"]["valid"] != true {
            return Err(format!("the audit chain of case {id} does not verify: {v}"));
        }
    }
    Ok(())
}
