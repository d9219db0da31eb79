//! A seeded CaseGraph server on one backend: its database made (or reused), the release
//! server started on it, the workspaces seeded through the API, `ANALYZE` run on PostgreSQL.

use std::path::{Path, PathBuf};
use std::time::Instant;

use sea_orm::{ConnectionTrait, Database};

use crate::api::Api;
use crate::measure::{PgBackends, Target};
use crate::seed;
use crate::server::{self, Server};

/// The workspace the read shapes run in, and the one the mutation mix writes to (its own,
/// so the read shapes' data never changes).
pub const READ_WORKSPACE: &str = "bench";
pub const MIX_WORKSPACE: &str = "bench-mix";
/// Cases in the mutation mix's workspace.
pub const MIX_CASES: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn label(self) -> &'static str {
        match self {
            Backend::Sqlite => "CaseGraph-SQLite",
            Backend::Postgres => "CaseGraph-PG",
        }
    }
}

/// Where the databases live and how the servers are seeded.
#[derive(Debug, Clone, clap::Args)]
pub struct SetupArgs {
    /// PostgreSQL URL of a database from which the bench may create and drop databases.
    #[arg(
        long,
        env = "CASEGRAPH_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    pub pg_url: String,
    /// Cases seeded in the read workspace (each: 2 companies, 3 individuals, 4 relations,
    /// 3 checks, 2 AML hits).
    #[arg(long, default_value_t = 1000)]
    pub cases: usize,
    /// createCase requests in flight while seeding.
    #[arg(long, default_value_t = 8)]
    pub seed_concurrency: usize,
    /// Keep a database that already holds the seeded workspaces (else it is made anew).
    #[arg(long)]
    pub reuse: bool,
    /// The `casegraph` binary (default: the release build beside this binary, rebuilt first
    /// when run through `cargo run`; `casegraph bench` names itself).
    #[arg(long, env = "CASEGRAPH_BENCH_SERVER_BIN")]
    pub server_bin: Option<PathBuf>,
    /// Cache for oha, Node and PostGraphile, SQLite files, request bodies and server logs.
    #[arg(long, env = "CASEGRAPH_BENCH_CACHE")]
    pub cache_dir: Option<PathBuf>,
}

impl SetupArgs {
    pub fn cache(&self) -> PathBuf {
        self.cache_dir.clone().unwrap_or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
                .unwrap_or_else(std::env::temp_dir)
                .join("casegraph-bench")
        })
    }

    pub fn work(&self) -> Result<PathBuf, String> {
        let dir = self.cache().join("work");
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(dir)
    }
}

/// A running, seeded CaseGraph.
pub struct Prepared {
    pub backend: Backend,
    pub server: Server,
    pub database_url: String,
    /// PostgreSQL: the database's name (for ANALYZE and backend CPU).
    pub pg_database: Option<String>,
    /// Token of the read workspace (analyst) and of the mutation mix's workspace.
    pub read: Api,
    pub mix: Api,
    /// Case ids of the read workspace, newest first.
    pub ids: Vec<String>,
}

impl Prepared {
    /// The read workspace as a measured target.
    pub async fn target(&self, admin_pg_url: &str) -> Result<Target, String> {
        self.target_of(self.read.clone(), admin_pg_url).await
    }

    pub async fn target_of(&self, api: Api, admin_pg_url: &str) -> Result<Target, String> {
        let pg = match &self.pg_database {
            Some(db) => Some(PgBackends::connect(admin_pg_url, db).await?),
            None => None,
        };
        Ok(Target {
            name: self.backend.label().to_owned(),
            api,
            pid: Some(self.server.pid()),
            casegraph_metrics: true,
            pg,
        })
    }
}

/// Makes (or reuses) the backend's database named `name`, starts the server on it and
/// seeds it.
pub async fn prepare(
    args: &SetupArgs,
    binary: &Path,
    backend: Backend,
    name: &str,
) -> Result<Prepared, String> {
    let work = args.work()?;
    let (database_url, pg_database) = match backend {
        Backend::Sqlite => {
            let file = work.join(format!("{name}.db"));
            if !args.reuse {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
            (format!("sqlite://{}?mode=rwc", file.display()), None)
        }
        Backend::Postgres => {
            make_pg_database(&args.pg_url, name, args.reuse).await?;
            (pg_database_url(&args.pg_url, name)?, Some(name.to_owned()))
        }
    };
    let log = work.join(format!("{name}-{}.log", backend.label()));
    let server = Server::start(binary, &database_url, &log).await?;
    let read = Api::new(
        &server.base,
        Some(server::token(binary, READ_WORKSPACE, "analyst")?),
    )?;
    let mix = Api::new(
        &server.base,
        Some(server::token(binary, MIX_WORKSPACE, "analyst")?),
    )?;
    seed_workspace(&read, backend, args.cases, args.seed_concurrency).await?;
    seed_workspace(&mix, backend, MIX_CASES, args.seed_concurrency).await?;
    if let Some(db) = &pg_database {
        let conn = Database::connect(pg_database_url(&args.pg_url, db)?)
            .await
            .map_err(|e| format!("connecting to {db}: {e}"))?;
        conn.execute_unprepared("ANALYZE")
            .await
            .map_err(|e| format!("ANALYZE: {e}"))?;
    }
    let ids = seed::case_ids(&read).await?;
    Ok(Prepared {
        backend,
        server,
        database_url,
        pg_database,
        read,
        mix,
        ids,
    })
}

/// Seeds `count` cases into the token's workspace unless it holds them already.
async fn seed_workspace(
    api: &Api,
    backend: Backend,
    count: usize,
    concurrency: usize,
) -> Result<(), String> {
    let have = seed::case_count(api).await?;
    if have == count as u64 {
        eprintln!(
            "{}: workspace already holds {have} cases, reused",
            backend.label()
        );
        return Ok(());
    }
    if have != 0 {
        return Err(format!(
            "{}: the workspace holds {have} cases, not {count}: run without --reuse to start afresh",
            backend.label()
        ));
    }
    let started = Instant::now();
    seed::seed(api, count, concurrency).await?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{}: seeded {count} cases through createCase in {secs:.1} s ({:.0} cases/s, {concurrency} in flight)",
        backend.label(),
        count as f64 / secs
    );
    Ok(())
}

/// Creates database `name` (dropping an old one unless `reuse` and it exists).
async fn make_pg_database(admin_url: &str, name: &str, reuse: bool) -> Result<(), String> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "database name {name:?}: letters, digits and _ only"
        ));
    }
    let admin = Database::connect(admin_url)
        .await
        .map_err(|e| format!("connecting to {admin_url}: {e}"))?;
    let exists = !admin
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [name.into()],
        ))
        .await
        .map_err(|e| format!("pg_database: {e}"))?
        .is_empty();
    if exists && reuse {
        return Ok(());
    }
    if exists {
        admin
            .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .await
            .map_err(|e| format!("DROP DATABASE {name}: {e}"))?;
    }
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .map_err(|e| format!("CREATE DATABASE {name}: {e}"))?;
    Ok(())
}

/// `admin_url` with its database replaced by `name` (query string kept).
pub fn pg_database_url(admin_url: &str, name: &str) -> Result<String, String> {
    let (scheme, rest) = admin_url
        .split_once("://")
        .ok_or_else(|| format!("not a URL: {admin_url}"))?;
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let host = rest.split_once('/').map_or(rest, |(h, _)| h);
    Ok(match query {
        Some(q) => format!("{scheme}://{host}/{name}?{q}"),
        None => format!("{scheme}://{host}/{name}"),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn swaps_the_database_in_a_url() {
        assert_eq!(
            pg_database_url("postgres://postgres@127.0.0.1:5432/postgres", "b").unwrap(),
            "postgres://postgres@127.0.0.1:5432/b"
        );
        assert_eq!(
            pg_database_url("postgres://u:p@h/x?sslmode=disable", "b").unwrap(),
            "postgres://u:p@h/b?sslmode=disable"
        );
        assert_eq!(
            pg_database_url("postgres://h:5432", "b").unwrap(),
            "postgres://h:5432/b"
        );
    }
}
