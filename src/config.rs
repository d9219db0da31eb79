//! One typed configuration, parsed once from flags with environment fallbacks.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::graphql::limits::QueryLimits;

/// CaseGraph: a GraphQL API over KYC/KYB cases.
#[derive(Debug, Parser)]
#[command(name = "casegraph", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, accepted without the subcommand too (`casegraph` serves).
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API (the default).
    Serve(Box<ServeArgs>),
    /// Mint a token signed with the configured or local development secret.
    Token(TokenArgs),
    /// Print the GraphQL schema (SDL, sorted) to stdout.
    ExportSchema,
    /// Run the alert monitor (`--once` for cron; otherwise every `--monitor-interval-secs`).
    Monitor(MonitorCommandArgs),
    /// Seed realistic case graphs and measure the nested reads and writes: runs
    /// `casegraph-bench` (a separate binary, so the server carries no load generator) with
    /// this binary as the server under test. `casegraph bench --help` lists its options.
    Bench(BenchArgs),
}

/// `casegraph monitor`.
#[derive(Debug, Clone, Args)]
pub struct MonitorCommandArgs {
    /// Run one pass and exit (for cron).
    #[arg(long)]
    pub once: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Seconds between two passes (without `--once`).
    #[arg(long = "monitor-interval-secs", env = "CASEGRAPH_MONITOR_INTERVAL_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval_secs: u64,
    /// Log format.
    #[arg(long, env = "CASEGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
}

/// The alert monitor inside `serve`.
#[derive(Debug, Clone, Args)]
pub struct MonitorArgs {
    /// Run the alert monitor in the background of `serve` (`false`: leave it to cron, or
    /// to one replica).
    #[arg(long = "monitor", env = "CASEGRAPH_MONITOR", default_value_t = true, action = clap::ArgAction::Set)]
    pub enabled: bool,
    /// Seconds between two monitor passes.
    #[arg(long = "monitor-interval-secs", env = "CASEGRAPH_MONITOR_INTERVAL_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval_secs: u64,
}

impl MonitorArgs {
    pub fn interval(&self) -> Duration {
        Duration::from_secs(self.interval_secs)
    }
}

/// Signed audit checkpoints (SPEC §3 "Audit proof and retention").
#[derive(Debug, Clone, Args)]
pub struct CheckpointArgs {
    /// Ed25519 key that signs audit checkpoints: base64 of its 32-byte seed. Without it (or
    /// `--audit-signing-key-file`) a local development key is made, like the JWT secret.
    #[arg(
        long = "audit-signing-key",
        env = "CASEGRAPH_AUDIT_SIGNING_KEY",
        hide_env_values = true
    )]
    pub signing_key: Option<Secret>,
    /// A file holding the signing key (base64 of the seed).
    #[arg(
        long = "audit-signing-key-file",
        env = "CASEGRAPH_AUDIT_SIGNING_KEY_FILE"
    )]
    pub signing_key_file: Option<PathBuf>,
    /// The key's name in signed notes (no spaces), e.g. your host name.
    #[arg(
        long = "audit-key-name",
        env = "CASEGRAPH_AUDIT_KEY_NAME",
        default_value = "casegraph"
    )]
    pub key_name: String,
    /// Sign checkpoints in the background of `serve` (`false`: only `signAuditCheckpoint`).
    #[arg(long = "audit-checkpoints", env = "CASEGRAPH_AUDIT_CHECKPOINTS", default_value_t = true, action = clap::ArgAction::Set)]
    pub scheduled: bool,
    /// Seconds between two scheduled checkpoints (workspaces whose chains did not move are
    /// skipped).
    #[arg(long = "audit-checkpoint-interval-secs", env = "CASEGRAPH_AUDIT_CHECKPOINT_INTERVAL_SECS", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub checkpoint_interval_secs: u64,
}

impl CheckpointArgs {
    pub fn interval(&self) -> Duration {
        Duration::from_secs(self.checkpoint_interval_secs)
    }
}

/// The retention job inside `serve`: erases cases whose retention period is over.
#[derive(Debug, Clone, Args)]
pub struct RetentionArgs {
    /// Run the retention job in the background of `serve` (`false`: only `eraseCase`). Safe
    /// on several replicas: each erasure claims its case first.
    #[arg(id = "retention_enabled", long = "retention", value_name = "BOOL", env = "CASEGRAPH_RETENTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub enabled: bool,
    /// Seconds between two passes of the retention job (the first runs at start).
    #[arg(id = "retention_interval_secs", long = "retention-interval-secs", value_name = "SECS", env = "CASEGRAPH_RETENTION_INTERVAL_SECS", default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval_secs: u64,
}

impl RetentionArgs {
    pub fn interval(&self) -> Duration {
        Duration::from_secs(self.interval_secs)
    }
}

/// Webhook delivery from the outbox, inside `serve`.
#[derive(Debug, Clone, Args)]
pub struct WebhookArgs {
    /// Run the webhook relay in the background of `serve` (`false`: this replica delivers
    /// nothing; others still can — deliveries are leased, so replicas never collide).
    #[arg(id = "webhooks_enabled", long = "webhooks", value_name = "BOOL", env = "CASEGRAPH_WEBHOOKS", default_value_t = true, action = clap::ArgAction::Set)]
    pub enabled: bool,
    /// Milliseconds between two relay passes (a pass delivers what is due).
    #[arg(long = "webhook-interval-ms", env = "CASEGRAPH_WEBHOOK_INTERVAL_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..))]
    pub interval_ms: u64,
    /// Seconds a receiver has to answer.
    #[arg(long = "webhook-timeout-secs", env = "CASEGRAPH_WEBHOOK_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub timeout_secs: u64,
    /// Longest wait between two attempts (the backoff doubles from 1 s up to this).
    #[arg(long = "webhook-max-backoff-secs", env = "CASEGRAPH_WEBHOOK_MAX_BACKOFF_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_backoff_secs: u64,
    /// Hours after which an undelivered event is given up (`FAILED`).
    #[arg(long = "webhook-give-up-hours", env = "CASEGRAPH_WEBHOOK_GIVE_UP_HOURS", default_value_t = 72, value_parser = clap::value_parser!(u64).range(1..))]
    pub give_up_hours: u64,
    /// Allow webhook URLs on loopback, private, link-local and other internal addresses
    /// (refused by default: SSRF). For development and tests.
    #[arg(long = "webhook-allow-private", env = "CASEGRAPH_WEBHOOK_ALLOW_PRIVATE", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_private: bool,
}

#[derive(Debug, Clone, Args)]
#[command(disable_help_flag = true)]
pub struct BenchArgs {
    /// Passed to `casegraph-bench` as they are.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<std::ffi::OsString>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "CASEGRAPH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub jwt: JwtArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub monitor: MonitorArgs,
    #[command(flatten)]
    pub checkpoints: CheckpointArgs,
    #[command(flatten)]
    pub documents: DocumentArgs,
    #[command(flatten)]
    pub webhooks: WebhookArgs,
    #[command(flatten)]
    pub retention: RetentionArgs,
    /// Serve GraphiQL on `GET /graphql`.
    #[arg(long, env = "CASEGRAPH_GRAPHIQL", default_value_t = true, action = clap::ArgAction::Set)]
    pub graphiql: bool,
    /// Origins (`https://app.example.com`, comma-separated) whose browser pages may call the
    /// API (CORS); none by default, so browsers allow same-origin pages only.
    #[arg(long, env = "CASEGRAPH_CORS_ALLOWED_ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    pub cors_allowed_origins: Vec<axum::http::HeaderValue>,
    /// Allow schema introspection.
    #[arg(long, env = "CASEGRAPH_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
    /// Seed a demo workspace (`demo`) with realistic cases at start.
    #[arg(long)]
    pub demo: bool,
    /// Log format.
    #[arg(long, env = "CASEGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
}

/// An origin as browsers send it: `scheme://host[:port]`, nothing after it.
fn parse_origin(value: &str) -> Result<axum::http::HeaderValue, String> {
    let value = value.trim();
    let url = url::Url::parse(value).map_err(|e| format!("{value:?} is not an origin: {e}"))?;
    let origin = url.origin().ascii_serialization();
    if !matches!(url.scheme(), "http" | "https") || origin != value {
        return Err(format!(
            "{value:?} is not an origin: write it as scheme://host[:port], like {origin:?}"
        ));
    }
    axum::http::HeaderValue::from_str(&origin).map_err(|e| e.to_string())
}

/// Uploaded documents: where their bytes are kept, how large they may be, and how long a
/// download URL lives.
#[derive(Debug, Clone, Args)]
pub struct DocumentArgs {
    /// Directory that keeps documents' bytes when no S3 bucket is configured.
    #[arg(
        long,
        env = "CASEGRAPH_DOCUMENTS_DIR",
        default_value = "data/documents"
    )]
    pub documents_dir: PathBuf,
    /// Largest document, in bytes (`LIMIT_EXCEEDED` above it).
    #[arg(long, env = "CASEGRAPH_DOCUMENTS_MAX_BYTES", default_value_t = 20 * 1024 * 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub documents_max_bytes: u64,
    /// S3-compatible bucket that keeps documents' bytes (instead of the directory). The
    /// credentials come from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (and the other
    /// `AWS_*` variables the `object_store` crate reads).
    #[arg(long, env = "CASEGRAPH_S3_BUCKET")]
    pub s3_bucket: Option<String>,
    /// Endpoint of an S3-compatible service (MinIO, moto, …); AWS when unset.
    #[arg(long, env = "CASEGRAPH_S3_ENDPOINT")]
    pub s3_endpoint: Option<String>,
    /// Region of the bucket.
    #[arg(long, env = "CASEGRAPH_S3_REGION", default_value = "us-east-1")]
    pub s3_region: String,
    /// Key that signs download URLs (HMAC-SHA256); replicas behind one address need the
    /// same. Without it each process makes a random one at start.
    #[arg(long, env = "CASEGRAPH_DOCUMENT_URL_KEY", hide_env_values = true)]
    pub document_url_key: Option<Secret>,
    /// Seconds a download URL stays valid.
    #[arg(long, env = "CASEGRAPH_DOCUMENT_URL_TTL_SECS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub document_url_ttl_secs: u64,
}

#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// SQLite (`sqlite://file.db?mode=rwc`) or PostgreSQL (`postgres://…`) URL.
    #[arg(
        long = "database-url",
        env = "DATABASE_URL",
        default_value = "sqlite://casegraph.db?mode=rwc"
    )]
    pub url: String,
    /// Largest number of pooled database connections.
    #[arg(long, env = "CASEGRAPH_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub max_connections: u32,
    /// PostgreSQL: longest any one statement may run (lock waits included), in seconds,
    /// set on each connection as it opens.
    #[arg(long, env = "CASEGRAPH_DB_STATEMENT_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub statement_timeout_secs: u64,
}

impl DatabaseArgs {
    pub fn statement_timeout(&self) -> Duration {
        Duration::from_secs(self.statement_timeout_secs)
    }
}

#[derive(Debug, Clone, Args)]
pub struct JwtArgs {
    /// HS256 secret. Without it a local development secret is used (see `--secret-file`).
    #[arg(
        long = "jwt-secret",
        env = "CASEGRAPH_JWT_SECRET",
        hide_env_values = true
    )]
    pub secret: Option<Secret>,
    /// Where the local development secret is kept (created on first use, mode 0600).
    #[arg(long, env = "CASEGRAPH_SECRET_FILE")]
    pub secret_file: Option<PathBuf>,
    /// Required `iss` claim, checked when set.
    #[arg(long = "jwt-issuer", env = "CASEGRAPH_JWT_ISSUER")]
    pub issuer: Option<String>,
    /// Required `aud` claim, checked when set (a token's `aud` may be an array holding it).
    #[arg(long = "jwt-audience", env = "CASEGRAPH_JWT_AUDIENCE")]
    pub audience: Option<String>,
    /// PEM public key (`-----BEGIN PUBLIC KEY-----`) that verifies tokens without `kid`
    /// whose header names `--jwt-algorithm`.
    #[arg(long = "jwt-public-key-file", env = "CASEGRAPH_JWT_PUBLIC_KEY_FILE")]
    pub public_key_file: Option<PathBuf>,
    /// Algorithm of `--jwt-public-key-file`: RS256 or ES256 (required with it).
    #[arg(
        long = "jwt-algorithm",
        env = "CASEGRAPH_JWT_ALGORITHM",
        value_enum,
        ignore_case = true
    )]
    pub algorithm: Option<JwtAlgorithm>,
    /// JWKS file (JSON) whose keys verify tokens with a `kid`; re-read when it changes.
    #[arg(long = "jwks-file", env = "CASEGRAPH_JWKS_FILE")]
    pub jwks_file: Option<PathBuf>,
}

impl JwtArgs {
    /// HS256 with `secret` only: no issuer, audience or public keys.
    pub fn with_secret(secret: Secret) -> Self {
        Self {
            secret: Some(secret),
            secret_file: None,
            issuer: None,
            audience: None,
            public_key_file: None,
            algorithm: None,
            jwks_file: None,
        }
    }
}

/// The algorithm a PEM public key verifies (one per key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256, an RSA key of at least 2048 bits.
    #[value(name = "RS256")]
    Rs256,
    /// ECDSA on P-256 with SHA-256.
    #[value(name = "ES256")]
    Es256,
}

#[derive(Debug, Clone, Args)]
pub struct LimitArgs {
    /// Deepest selection nesting allowed.
    #[arg(long, env = "CASEGRAPH_MAX_DEPTH", default_value_t = QueryLimits::DEFAULT.max_depth)]
    pub max_depth: usize,
    /// Highest query cost allowed (each field 1, list fields times their page size).
    #[arg(long, env = "CASEGRAPH_MAX_COMPLEXITY", default_value_t = 50_000)]
    pub max_complexity: usize,
    /// Most aliased fields in one document, counted where its fragments are used.
    #[arg(long, env = "CASEGRAPH_MAX_ALIASES", default_value_t = QueryLimits::DEFAULT.max_aliases)]
    pub max_aliases: usize,
    /// Most field selections in one document once its fragments are expanded.
    #[arg(long, env = "CASEGRAPH_MAX_FIELDS", default_value_t = QueryLimits::DEFAULT.max_fields)]
    pub max_fields: usize,
    /// Most fragment spreads written in one document.
    #[arg(long, env = "CASEGRAPH_MAX_FRAGMENT_SPREADS", default_value_t = QueryLimits::DEFAULT.max_fragment_spreads)]
    pub max_fragment_spreads: usize,
    /// Most directives written in one document.
    #[arg(long, env = "CASEGRAPH_MAX_DIRECTIVES", default_value_t = QueryLimits::DEFAULT.max_directives)]
    pub max_directives: usize,
    /// Longest string in an argument or variable, in characters (fields with a domain
    /// limit, such as a case name, have their own, smaller one).
    #[arg(long, env = "CASEGRAPH_MAX_STRING_CHARS", default_value_t = QueryLimits::DEFAULT.max_string_chars)]
    pub max_string_chars: usize,
    /// Largest request body, in bytes (the default fits a 1,000-item bulk call).
    #[arg(long, env = "CASEGRAPH_MAX_BODY_BYTES", default_value_t = 8_388_608)]
    pub max_body_bytes: usize,
    /// Longest query text, in bytes.
    #[arg(long, env = "CASEGRAPH_MAX_QUERY_BYTES", default_value_t = 65_536)]
    pub max_query_bytes: usize,
    /// Request timeout, in seconds; also the grace period for requests in flight at shutdown.
    #[arg(long, env = "CASEGRAPH_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Requests per second per token subject (a workspace's `sub`), in this process; 0 = off.
    #[arg(long, env = "CASEGRAPH_RATE_LIMIT_SUBJECT", default_value_t = 10_000)]
    pub rate_limit_subject: u32,
    /// Requests a token subject may send at once before its per-second rate applies.
    #[arg(
        long,
        env = "CASEGRAPH_RATE_LIMIT_SUBJECT_BURST",
        default_value_t = 20_000
    )]
    pub rate_limit_subject_burst: u32,
    /// Hours an idempotency key is remembered; a key older than this runs its request again.
    #[arg(long, env = "CASEGRAPH_IDEMPOTENCY_WINDOW_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..))]
    pub idempotency_window_hours: u64,
    /// Requests per second per workspace, all its subjects together, in this process; 0 = off.
    #[arg(long, env = "CASEGRAPH_RATE_LIMIT_WORKSPACE", default_value_t = 20_000)]
    pub rate_limit_workspace: u32,
    /// Requests a workspace may send at once before its per-second rate applies.
    #[arg(
        long,
        env = "CASEGRAPH_RATE_LIMIT_WORKSPACE_BURST",
        default_value_t = 40_000
    )]
    pub rate_limit_workspace_burst: u32,
    /// Bytes of automatic persisted queries (Apollo APQ) kept in memory, least recently used
    /// evicted first; 0 turns APQ off.
    #[arg(long, env = "CASEGRAPH_APQ_CACHE_BYTES", default_value_t = crate::graphql::DEFAULT_APQ_CACHE_BYTES)]
    pub apq_cache_bytes: usize,
}

impl LimitArgs {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// How long idempotency keys are remembered.
    pub fn idempotency_window(&self) -> Duration {
        Duration::from_secs(self.idempotency_window_hours.saturating_mul(3600))
    }

    /// The limits a document must pass before validation.
    pub fn query_limits(&self) -> QueryLimits {
        QueryLimits {
            max_depth: self.max_depth,
            max_fields: self.max_fields,
            max_aliases: self.max_aliases,
            max_fragment_spreads: self.max_fragment_spreads,
            max_directives: self.max_directives,
            max_string_chars: self.max_string_chars,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// Workspace the token is for (1–64 of `[A-Za-z0-9_-]`).
    #[arg(long)]
    pub workspace: String,
    /// Role: admin, reviewer, analyst, viewer or integration.
    #[arg(long)]
    pub role: String,
    /// Subject (user or integration id).
    #[arg(long, default_value = "local-admin")]
    pub sub: String,
    /// Lifetime in hours: 1 to 8784 (a year).
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(i64).range(1..=crate::auth::MAX_TOKEN_HOURS))]
    pub hours: i64,
    #[command(flatten)]
    pub jwt: JwtArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

/// A secret that never prints.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Self(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() < 16 {
            return Err("must be at least 16 bytes".into());
        }
        Ok(Self(s.to_owned()))
    }
}

impl ServeArgs {
    /// Settings for tests and embedding: an in-memory-free SQLite URL, port 0, a fixed secret.
    pub fn for_tests(database_url: String, secret: &str) -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: DatabaseArgs {
                url: database_url,
                max_connections: 5,
                statement_timeout_secs: 30,
            },
            jwt: JwtArgs::with_secret(Secret::new(secret.to_owned())),
            limits: LimitArgs {
                max_depth: QueryLimits::DEFAULT.max_depth,
                max_complexity: 50_000,
                max_aliases: QueryLimits::DEFAULT.max_aliases,
                max_fields: QueryLimits::DEFAULT.max_fields,
                max_fragment_spreads: QueryLimits::DEFAULT.max_fragment_spreads,
                max_directives: QueryLimits::DEFAULT.max_directives,
                max_string_chars: QueryLimits::DEFAULT.max_string_chars,
                max_body_bytes: 8_388_608,
                max_query_bytes: 65_536,
                request_timeout_secs: 30,
                rate_limit_subject: 10_000,
                rate_limit_subject_burst: 20_000,
                rate_limit_workspace: 20_000,
                rate_limit_workspace_burst: 40_000,
                apq_cache_bytes: crate::graphql::DEFAULT_APQ_CACHE_BYTES,
                idempotency_window_hours: 24,
            },
            monitor: MonitorArgs {
                enabled: false,
                interval_secs: 300,
            },
            checkpoints: CheckpointArgs {
                // A fixed test key (base64 of 32 bytes of 0x2a).
                signing_key: Some(Secret::new(
                    "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=".to_owned(),
                )),
                signing_key_file: None,
                key_name: "casegraph.test".to_owned(),
                scheduled: false,
                checkpoint_interval_secs: 3600,
            },
            documents: DocumentArgs {
                documents_dir: std::env::temp_dir()
                    .join(format!("casegraph-documents-{}", uuid::Uuid::new_v4())),
                documents_max_bytes: 20 * 1024 * 1024,
                s3_bucket: None,
                s3_endpoint: None,
                s3_region: "us-east-1".into(),
                document_url_key: None,
                document_url_ttl_secs: 300,
            },
            retention: RetentionArgs {
                enabled: false,
                interval_secs: 86_400,
            },
            webhooks: WebhookArgs {
                enabled: false,
                interval_ms: 100,
                timeout_secs: 5,
                max_backoff_secs: 1,
                give_up_hours: 72,
                allow_private: true,
            },
            graphiql: true,
            cors_allowed_origins: Vec::new(),
            introspection: true,
            demo: false,
            log_format: LogFormat::Pretty,
        }
    }
}
