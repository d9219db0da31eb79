//! Tables: one row per measured run, printed as it completes, and the JSON record.

use serde_json::{json, Value};

use crate::measure::Trial;

/// One measured run.
#[derive(Debug, Clone)]
pub struct Row {
    pub server: String,
    pub shape: String,
    pub concurrency: usize,
    pub round: Option<usize>,
    pub trial: Trial,
    /// Why the figures may not be trusted (errors, answer sizes, request counts).
    pub warnings: Vec<String>,
}

pub fn header() -> String {
    format!(
        "{:<17} {:<22} {:>3} {:>9} {:>8} {:>8} {:>9} {:>8} {:>7} {:>5}  notes",
        "server",
        "shape",
        "c",
        "req/s",
        "p50 ms",
        "p99 ms",
        "cpu ms/r",
        "pg ms/r",
        "stmt/r",
        "load"
    )
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.decimals$}"))
}

pub fn line(row: &Row) -> String {
    let t = &row.trial;
    let shape = match row.round {
        Some(r) => format!("{} #{r}", row.shape),
        None => row.shape.clone(),
    };
    format!(
        "{:<17} {:<22} {:>3} {:>9.1} {:>8.2} {:>8.2} {:>9} {:>8} {:>7} {:>5.2}  {}",
        row.server,
        shape,
        row.concurrency,
        t.load.rps,
        t.load.p50_ms,
        t.load.p99_ms,
        opt(t.cpu_ms, 2),
        opt(t.pg_cpu_ms, 2),
        opt(t.statements, 2),
        t.load_avg,
        row.warnings.join("; ")
    )
}

pub fn to_json(row: &Row) -> Value {
    let t = &row.trial;
    json!({
        "server": row.server,
        "shape": row.shape,
        "concurrency": row.concurrency,
        "round": row.round,
        "requests": t.load.requests,
        "requests_per_sec": t.load.rps,
        "p50_ms": t.load.p50_ms,
        "p99_ms": t.load.p99_ms,
        "server_cpu_ms_per_request": t.cpu_ms,
        "postgres_cpu_ms_per_request": t.pg_cpu_ms,
        "statements_per_request": t.statements,
        "load_average_1m": t.load_avg,
        "warnings": row.warnings,
    })
}

/// Checks a trial's figures can be trusted: every answer 200, the same size as the checked
/// answer (fixed documents), and as many requests counted by the server as oha sent.
pub fn warnings(trial: &Trial, expected_size: Option<usize>) -> Vec<String> {
    let mut w = trial.load.failures.clone();
    if let (Some(expected), Some(size)) = (expected_size, trial.load.size_per_request) {
        if size as usize != expected {
            w.push(format!(
                "answers average {size} bytes, the checked answer has {expected}: some were errors?"
            ));
        }
    }
    if let Some(counted) = trial.server_requests {
        if counted != trial.load.requests {
            w.push(format!(
                "server counted {counted} requests, oha {}",
                trial.load.requests
            ));
        }
    }
    w
}
