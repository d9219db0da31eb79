//! One measured run: oha's figures plus what it cost the server — its CPU time from
//! /proc/<pid>/stat (utime + stime, all threads), PostgreSQL's backend CPU for the database
//! (its backends' /proc entries, found in pg_stat_activity), and CaseGraph's SQL statements
//! from `/metrics` — each read before and after and divided by the requests answered.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

use crate::api::Api;
use crate::load::{self, Body, LoadResult};

/// A server being measured.
pub struct Target {
    /// Shown in tables: `CaseGraph-PG`, `CaseGraph-SQLite`, `PostGraphile`.
    pub name: String,
    pub api: Api,
    /// The server's process, for its CPU time.
    pub pid: Option<u32>,
    /// CaseGraph: read `/metrics` for statements per request.
    pub casegraph_metrics: bool,
    /// The PostgreSQL database it reads, for the backends' CPU time.
    pub pg: Option<PgBackends>,
}

/// A run's figures.
#[derive(Debug, Clone, Default)]
pub struct Trial {
    pub load: LoadResult,
    /// Server process CPU per request (ms).
    pub cpu_ms: Option<f64>,
    /// PostgreSQL backend CPU per request (ms).
    pub pg_cpu_ms: Option<f64>,
    /// SQL statements per request (CaseGraph only).
    pub statements: Option<f64>,
    /// Requests the server counted (CaseGraph only): should equal oha's.
    pub server_requests: Option<u64>,
    /// 1-minute load average when the run ended.
    pub load_avg: f64,
}

/// Warms `target` up for `warmup`, then measures `duration` at `concurrency`.
pub async fn trial(
    oha: &Path,
    target: &Target,
    body: Body<'_>,
    concurrency: usize,
    warmup: Duration,
    duration: Duration,
) -> Result<Trial, String> {
    let endpoint = target.api.endpoint();
    let token = target.api.token.as_deref();
    if !warmup.is_zero() {
        load::run(oha, &endpoint, token, body, concurrency, warmup).await?;
    }
    let cpu_before = target.pid.and_then(process_ticks);
    let pg_before = match &target.pg {
        Some(pg) => pg.ticks().await,
        None => None,
    };
    let counters_before = if target.casegraph_metrics {
        Some(target.api.counters().await?)
    } else {
        None
    };
    let load = load::run(oha, &endpoint, token, body, concurrency, duration).await?;
    let counters_after = if target.casegraph_metrics {
        Some(target.api.counters().await?)
    } else {
        None
    };
    let pg_after = match &target.pg {
        Some(pg) => pg.ticks().await,
        None => None,
    };
    let cpu_after = target.pid.and_then(process_ticks);
    let requests = load.requests.max(1) as f64;
    let per_request_ms = |ticks: u64| ticks as f64 * 1000.0 / clock_ticks() / requests;
    let (statements, server_requests) = match (counters_before, counters_after) {
        (Some(b), Some(a)) => {
            let answered = a.requests.saturating_sub(b.requests);
            (
                Some(a.statements.saturating_sub(b.statements) as f64 / answered.max(1) as f64),
                Some(answered),
            )
        }
        _ => (None, None),
    };
    Ok(Trial {
        cpu_ms: cpu_before
            .zip(cpu_after)
            .map(|(b, a)| per_request_ms(a.saturating_sub(b))),
        pg_cpu_ms: pg_before
            .zip(pg_after)
            .map(|(b, a)| per_request_ms(backend_delta(&b, &a))),
        statements,
        server_requests,
        load_avg: load_average().first().copied().unwrap_or(0.0),
        load,
    })
}

/// utime + stime of a process (every thread), in clock ticks.
pub fn process_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat_ticks(&stat)
}

/// Fields 14 and 15 of /proc/<pid>/stat; the command name (field 2) may hold spaces and
/// parentheses, so fields are counted after its last `)`.
pub fn parse_stat_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): utime is field 14, stime field 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Clock ticks per second (USER_HZ), from `getconf CLK_TCK`; 100 on Linux when unknown.
pub fn clock_ticks() -> f64 {
    static TCK: OnceLock<f64> = OnceLock::new();
    *TCK.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// /proc/loadavg's 1, 5 and 15 minute averages.
pub fn load_average() -> Vec<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .filter_map(|v| v.parse().ok())
        .collect()
}

/// The machine, for the record: cores, CPU model, load now.
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name")?.split(':').nth(1))
        .unwrap_or("unknown CPU")
        .trim()
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = load_average();
    format!(
        "{cores} cores ({model}); load average {}",
        load.iter()
            .map(|l| format!("{l:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// The PostgreSQL backends serving one database: their CPU time from /proc (PostgreSQL on
/// this machine). Other databases' backends (other users of the server) are left out.
pub struct PgBackends {
    conn: DatabaseConnection,
    database: String,
}

impl PgBackends {
    pub async fn connect(url: &str, database: &str) -> Result<Self, String> {
        let conn = Database::connect(url)
            .await
            .map_err(|e| format!("connecting to {url}: {e}"))?;
        Ok(Self {
            conn,
            database: database.to_owned(),
        })
    }

    /// CPU ticks of each backend of the database now (our own monitoring backend excluded).
    /// None when PostgreSQL's processes are not visible here.
    pub async fn ticks(&self) -> Option<HashMap<u32, u64>> {
        let rows = self
            .conn
            .query_all_raw(Statement::from_sql_and_values(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                [self.database.clone().into()],
            ))
            .await
            .ok()?;
        let ticks: HashMap<u32, u64> = rows
            .iter()
            .filter_map(|r| r.try_get::<i32>("", "pid").ok())
            .filter_map(|pid| Some((pid as u32, process_ticks(pid as u32)?)))
            .collect();
        (!ticks.is_empty() || rows.is_empty()).then_some(ticks)
    }
}

/// CPU ticks the backends used between two readings (a backend that started in between
/// counts from zero).
pub fn backend_delta(before: &HashMap<u32, u64>, after: &HashMap<u32, u64>) -> u64 {
    after
        .iter()
        .map(|(pid, a)| a.saturating_sub(before.get(pid).copied().unwrap_or(0)))
        .sum()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_utime_and_stime_after_the_command_name() {
        let stat = "4242 (tokio (rt) x) S 1 4242 4242 0 -1 4194304 900 0 0 0 1500 250 0 0 20 0 3 0 100 0 0";
        assert_eq!(parse_stat_ticks(stat), Some(1750));
        assert_eq!(parse_stat_ticks("garbage"), None);
    }

    #[test]
    fn our_own_process_has_a_cpu_time() {
        assert!(process_ticks(std::process::id()).is_some());
    }

    #[test]
    fn backends_that_appear_count_from_zero() {
        let before = HashMap::from([(1, 10), (2, 5)]);
        let after = HashMap::from([(1, 15), (3, 4)]);
        assert_eq!(backend_delta(&before, &after), 9);
    }
}
