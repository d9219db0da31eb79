//! `casegraph-bench side-by-side`: CaseGraph on PostgreSQL, PostGraphile v5 over the very same
//! tables, and CaseGraph on SQLite (seeded alike), the same shapes against each, interleaved
//! round by round; first a check that CaseGraph-PG and PostGraphile return the same data.
//! `bench/side-by-side.sh` installs Node 22 and PostGraphile and runs it all.

use std::path::Path;

use serde_json::{json, Value};

use crate::api::Api;
use crate::bench::{self, LoadArgs, Request};
use crate::compare;
use crate::measure::{self, PgBackends, Target};
use crate::report::{self, Row};
use crate::server;
use crate::setup::{self, Backend, SetupArgs, READ_WORKSPACE};

const PGL_PAGE: &str = include_str!("../documents/postgraphile/page.graphql");
const PGL_CASE: &str = include_str!("../documents/postgraphile/case.graphql");
const PGL_LIST: &str = include_str!("../documents/postgraphile/list.graphql");

#[derive(Debug, Clone, clap::Args)]
pub struct SideBySideArgs {
    /// PostGraphile's base URL (its endpoint is `{url}/graphql`).
    #[arg(long)]
    pub postgraphile_url: String,
    /// PostGraphile's process (node), for its CPU time.
    #[arg(long)]
    pub postgraphile_pid: Option<u32>,
    /// The PostgreSQL database both servers read (seeded by `prepare`, reused here), and the
    /// SQLite file's name.
    #[arg(long, default_value = "casegraph_sbs")]
    pub database: String,
    /// Interleaved rounds.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Leave CaseGraph on SQLite out.
    #[arg(long)]
    pub no_sqlite: bool,
    /// Also write every row as JSON to this file.
    #[arg(long)]
    pub json: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub setup: SetupArgs,
    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Debug, Clone, clap::Args)]
pub struct PrepareArgs {
    /// The PostgreSQL database (and SQLite file) to make and seed.
    #[arg(long, default_value = "casegraph_sbs")]
    pub database: String,
    /// Backends to prepare.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Backend::Postgres, Backend::Sqlite])]
    pub backend: Vec<Backend>,
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// Makes and seeds the databases, then stops: PostGraphile reads the schema when it starts,
/// so the tables must exist first.
pub async fn prepare(args: PrepareArgs) -> Result<(), String> {
    let binary = server::server_binary(args.setup.server_bin.as_deref())?;
    for backend in &args.backend {
        let p = setup::prepare(&args.setup, &binary, *backend, &args.database).await?;
        println!(
            "{}: {} cases in workspace {READ_WORKSPACE} ({})",
            backend.label(),
            p.ids.len(),
            p.database
        );
    }
    Ok(())
}

/// One server's requests for the three shapes.
struct Requests {
    page: Request,
    case: Request,
    list: Request,
}

pub async fn run(mut args: SideBySideArgs) -> Result<(), String> {
    // Never drop the database PostGraphile is connected to.
    args.setup.reuse = true;
    let binary = server::server_binary(args.setup.server_bin.as_deref())?;
    let oha = crate::load::ensure_oha(args.load.oha.as_deref(), &args.setup.cache())?;
    let work = args.setup.work()?;
    println!("side by side — {}", measure::machine());

    let pg = setup::prepare(&args.setup, &binary, Backend::Postgres, &args.database).await?;
    let sqlite = if args.no_sqlite {
        None
    } else {
        Some(setup::prepare(&args.setup, &binary, Backend::Sqlite, &args.database).await?)
    };
    let postgraphile = Target {
        name: "PostGraphile".into(),
        api: Api::new(&args.postgraphile_url, None)?,
        pid: args.postgraphile_pid,
        casegraph_metrics: false,
        pg: Some(PgBackends::connect(&args.setup.pg_url, &args.database).await?),
    };
    let cg_pg = pg.target().await?;
    let cg_sqlite = match &sqlite {
        Some(s) => Some(s.target().await?),
        None => None,
    };

    same_data(&cg_pg.api, &postgraphile.api, &pg.ids).await?;
    println!("CaseGraph-PG and PostGraphile return the same data (page of 100, flat list, 5 single cases)");

    let mut servers: Vec<(&Target, Requests)> = vec![
        (
            &cg_pg,
            casegraph_requests(&work, "sbs-CaseGraph-PG", &pg.ids).await?,
        ),
        (&postgraphile, postgraphile_requests(&work, &pg.ids).await?),
    ];
    if let (Some(target), Some(s)) = (&cg_sqlite, &sqlite) {
        servers.push((
            target,
            casegraph_requests(&work, "sbs-CaseGraph-SQLite", &s.ids).await?,
        ));
    }
    for (target, requests) in &mut servers {
        for r in [&mut requests.page, &mut requests.case, &mut requests.list] {
            r.check(&target.api).await?;
        }
    }

    let shapes = [
        ("page (100 cases)", 0usize),
        ("one case", 1),
        ("flat list (20)", 2),
    ];
    println!();
    println!(
        "{} rounds; runs of {} s after {} s of warm-up",
        args.rounds, args.load.duration, args.load.warmup
    );
    println!("{}", report::header());
    let mut rows = Vec::new();
    for round in 1..=args.rounds {
        for (shape, which) in shapes {
            for c in &args.load.concurrency {
                for (target, requests) in &servers {
                    let request = match which {
                        0 => &requests.page,
                        1 => &requests.case,
                        _ => &requests.list,
                    };
                    let row = bench::measure_one(
                        &oha,
                        target,
                        shape,
                        request,
                        *c,
                        &args.load,
                        Some(round),
                    )
                    .await?;
                    println!("{}", report::line(&row));
                    rows.push(row);
                }
            }
        }
    }
    println!();
    print_ratios(&rows, &shapes.map(|(s, _)| s), &args.load.concurrency);
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

async fn casegraph_requests(work: &Path, name: &str, ids: &[String]) -> Result<Requests, String> {
    Ok(Requests {
        page: Request::fixed(
            work,
            &format!("{name}-page"),
            bench::page_body(bench::PAGE, 100),
        )
        .await?,
        case: Request::lines(
            work,
            &format!("{name}-case"),
            bench::case_lines(bench::CASE, ids),
        )
        .await?,
        list: Request::fixed(
            work,
            &format!("{name}-list"),
            json!({ "query": bench::LIST }),
        )
        .await?,
    })
}

async fn postgraphile_requests(work: &Path, ids: &[String]) -> Result<Requests, String> {
    let name = "sbs-PostGraphile";
    Ok(Requests {
        page: Request::fixed(
            work,
            &format!("{name}-page"),
            json!({ "query": PGL_PAGE, "variables": { "first": 100, "workspace": READ_WORKSPACE } }),
        )
        .await?,
        case: Request::lines(work, &format!("{name}-case"), bench::case_lines(PGL_CASE, ids))
            .await?,
        list: Request::fixed(
            work,
            &format!("{name}-list"),
            json!({ "query": PGL_LIST, "variables": { "workspace": READ_WORKSPACE } }),
        )
        .await?,
    })
}

/// The page, the flat list and five single cases, asked of both, must hold the same data.
async fn same_data(casegraph: &Api, postgraphile: &Api, ids: &[String]) -> Result<(), String> {
    let mut pairs = vec![
        (
            "page",
            bench::page_body(bench::PAGE, 100),
            json!({ "query": PGL_PAGE, "variables": { "first": 100, "workspace": READ_WORKSPACE } }),
        ),
        (
            "flat list",
            json!({ "query": bench::LIST }),
            json!({ "query": PGL_LIST, "variables": { "workspace": READ_WORKSPACE } }),
        ),
    ];
    for id in ids.iter().step_by((ids.len() / 5).max(1)).take(5) {
        pairs.push((
            "one case",
            json!({ "query": bench::CASE, "variables": { "id": id } }),
            json!({ "query": PGL_CASE, "variables": { "id": id } }),
        ));
    }
    for (what, ours, theirs) in pairs {
        let a = casegraph.post(&ours).await?;
        let b = postgraphile.post(&theirs).await?;
        if let Some(d) = compare::difference(&a["data"], &b["data"]) {
            return Err(format!(
                "{what}: CaseGraph and PostGraphile answer differently at {d}"
            ));
        }
        let empty = |v: &Value| match v {
            Value::Array(a) => a.is_empty(),
            Value::Null => true,
            _ => false,
        };
        let data = compare::normalise(&a["data"]);
        if data
            .as_object()
            .and_then(|o| o.values().next())
            .is_none_or(empty)
        {
            return Err(format!("{what}: both answers are empty (no seeded data?)"));
        }
    }
    Ok(())
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// The table: per shape and concurrency, CaseGraph's req/s over PostGraphile's in
/// the same round (min–max over rounds), then p50 and CPU per request (medians).
fn print_ratios(rows: &[Row], shapes: &[&str], concurrency: &[usize]) {
    let of = |server: &str, shape: &str, c: usize| -> Vec<&Row> {
        rows.iter()
            .filter(|r| r.server == server && r.shape == shape && r.concurrency == c)
            .collect()
    };
    let ratio = |server: &str, shape: &str, c: usize| -> String {
        let ours = of(server, shape, c);
        let theirs = of("PostGraphile", shape, c);
        let ratios: Vec<f64> = ours
            .iter()
            .filter_map(|o| {
                let t = theirs.iter().find(|t| t.round == o.round)?;
                (t.trial.load.rps > 0.0).then(|| o.trial.load.rps / t.trial.load.rps)
            })
            .collect();
        match (
            ratios.iter().copied().reduce(f64::min),
            ratios.iter().copied().reduce(f64::max),
        ) {
            (Some(lo), Some(hi)) => format!("{lo:.2}–{hi:.2}×"),
            _ => "-".into(),
        }
    };
    let stat = |server: &str, shape: &str, c: usize, f: fn(&Row) -> Option<f64>| {
        median(of(server, shape, c).into_iter().filter_map(f).collect())
    };
    let ms = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"));
    println!(
        "{:<26} {:>16} {:>20}   {:>22}   {:>30}   {:>9}",
        "query",
        "CG-PG / PGL req/s",
        "CG-SQLite / PGL req/s",
        "p50 ms: CG-PG SQLite PGL",
        "CPU ms/req: CG-PG(+pg) SQLite PGL(+pg)",
        "stmts/req"
    );
    for shape in shapes {
        for &c in concurrency {
            let p50 = |s: &str| ms(stat(s, shape, c, |r| Some(r.trial.load.p50_ms)));
            let cpu = |s: &str| ms(stat(s, shape, c, |r| r.trial.cpu_ms));
            let pg_cpu = |s: &str| ms(stat(s, shape, c, |r| r.trial.pg_cpu_ms));
            println!(
                "{:<26} {:>16} {:>20}   {:>22}   {:>30}   {:>9}",
                format!("{shape} c={c}"),
                ratio("CaseGraph-PG", shape, c),
                ratio("CaseGraph-SQLite", shape, c),
                format!(
                    "{} {} {}",
                    p50("CaseGraph-PG"),
                    p50("CaseGraph-SQLite"),
                    p50("PostGraphile")
                ),
                format!(
                    "{}(+{}) {} {}(+{})",
                    cpu("CaseGraph-PG"),
                    pg_cpu("CaseGraph-PG"),
                    cpu("CaseGraph-SQLite"),
                    cpu("PostGraphile"),
                    pg_cpu("PostGraphile")
                ),
                ms(stat("CaseGraph-PG", shape, c, |r| r.trial.statements)),
            );
        }
    }
    let loads: Vec<f64> = rows.iter().map(|r| r.trial.load_avg).collect();
    if let (Some(lo), Some(hi)) = (
        loads.iter().copied().reduce(f64::min),
        loads.iter().copied().reduce(f64::max),
    ) {
        println!("1-minute load average during the runs: {lo:.2}–{hi:.2}");
    }
}
