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
    /// The server the bench started (None: a running server given by URL).
    pub server: Option<Server>,
    /// The server's process, for its CPU time.
    pub pid: Option<u32>,
    /// Where its data is, for the record (password hidden).
    pub database: String,
    /// PostgreSQL: a URL to reach it and the database's name (for backend CPU).
    pub pg: Option<(String, String)>,
    /// Token of the read workspace (analyst) and of the mutation mix's workspace.
    pub read: Api,
    pub mix: Api,
    /// Case ids of the read workspace, newest first.
    pub ids: Vec<String>,
}

impl Prepared {
    /// The read workspace as a measured target.
    pub async fn target(&self) -> Result<Target, String> {
        self.target_of(self.read.clone()).await
    }

    pub async fn target_of(&self, api: Api) -> Result<Target, String> {
        let pg = match &self.pg {
            Some((url, db)) => Some(PgBackends::connect(url, db).await?),
            None => None,
        };
        Ok(Target {
            name: self.backend.label().to_owned(),
            api,
            pid: self.pid,
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
    let (database_url, pg) = match backend {
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
            let url = pg_database_url(&args.pg_url, name)?;
            (without_tls(&url), Some((url, name.to_owned())))
        }
    };
    let log = work.join(format!("{name}-{}.log", backend.label()));
    let server = Server::start(binary, &database_url, &log).await?;
    let mut prepared = seeded(
        args,
        binary,
        backend,
        &server.base,
        server::SECRET,
        pg,
        redact(&database_url),
    )
    .await?;
    prepared.database = format!(
        "{}; server pid {}, log {}",
        prepared.database,
        server.pid(),
        server.log.display()
    );
    prepared.pid = Some(server.pid());
    prepared.server = Some(server);
    Ok(prepared)
}

/// A CaseGraph that is already running.
#[derive(Debug, Clone)]
pub struct External {
    pub url: String,
    /// Its HS256 secret, to mint the bench's tokens (with `casegraph token`).
    pub secret: String,
    pub pid: Option<u32>,
    /// Its PostgreSQL database, for ANALYZE and the backends' CPU time.
    pub database_url: Option<String>,
}

/// Seeds (or reuses) the workspaces of a running server.
pub async fn attach(
    args: &SetupArgs,
    binary: &Path,
    backend: Backend,
    external: &External,
) -> Result<Prepared, String> {
    let pg = match &external.database_url {
        Some(url) => {
            let name = url
                .split('?')
                .next()
                .and_then(|u| u.rsplit('/').next())
                .filter(|n| !n.is_empty())
                .ok_or_else(|| format!("no database name in {}", redact(url)))?;
            Some((url.clone(), name.to_owned()))
        }
        None => None,
    };
    let label = format!("running server {}", external.url);
    let mut prepared = seeded(
        args,
        binary,
        backend,
        &external.url,
        &external.secret,
        pg,
        label,
    )
    .await?;
    prepared.pid = external.pid;
    Ok(prepared)
}

/// Tokens, seeded workspaces, ANALYZE on PostgreSQL, the read workspace's case ids.
async fn seeded(
    args: &SetupArgs,
    binary: &Path,
    backend: Backend,
    base: &str,
    secret: &str,
    pg: Option<(String, String)>,
    database: String,
) -> Result<Prepared, String> {
    let read = Api::new(
        base,
        Some(server::token(binary, secret, READ_WORKSPACE, "analyst")?),
    )?;
    let mix = Api::new(
        base,
        Some(server::token(binary, secret, MIX_WORKSPACE, "analyst")?),
    )?;
    seed_workspace(&read, backend, args.cases, false, args.seed_concurrency).await?;
    seed_workspace(&mix, backend, MIX_CASES, true, args.seed_concurrency).await?;
    if let Some((url, db)) = &pg {
        let conn = Database::connect(url.as_str())
            .await
            .map_err(|e| format!("connecting to {db}: {e}"))?;
        conn.execute_unprepared("ANALYZE")
            .await
            .map_err(|e| format!("ANALYZE: {e}"))?;
    }
    let ids = seed::case_ids(&read).await?;
    Ok(Prepared {
        backend,
        server: None,
        pid: None,
        database,
        pg,
        read,
        mix,
        ids,
    })
}

/// The server's URL: without TLS unless the URL asks for it, as PostGraphile's `pg` client
/// connects by default (sqlx would negotiate TLS with a local PostgreSQL that offers it, and
/// both sides would pay for encryption the other server does not do).
pub fn without_tls(url: &str) -> String {
    if url.contains("sslmode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&sslmode=disable")
    } else {
        format!("{url}?sslmode=disable")
    }
}

/// A database URL without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Seeds `count` cases into the token's workspace unless it holds them already (or more,
/// when it `grows`: the mutation mix creates cases).
async fn seed_workspace(
    api: &Api,
    backend: Backend,
    count: usize,
    grows: bool,
    concurrency: usize,
) -> Result<(), String> {
    let have = seed::case_count(api).await?;
    if have == count as u64 || (grows && have > count as u64) {
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
pub async fn make_pg_database(admin_url: &str, name: &str, reuse: bool) -> Result<(), String> {
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
    fn no_tls_unless_asked() {
        assert_eq!(
            without_tls("postgres://h/d"),
            "postgres://h/d?sslmode=disable"
        );
        assert_eq!(
            without_tls("postgres://h/d?a=b"),
            "postgres://h/d?a=b&sslmode=disable"
        );
        assert_eq!(
            without_tls("postgres://h/d?sslmode=require"),
            "postgres://h/d?sslmode=require"
        );
    }

    #[test]
    fn hides_a_password() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite:///tmp/x.db?mode=rwc"),
            "sqlite:///tmp/x.db?mode=rwc"
        );
    }

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
