//! Application state, the router, and serving on a listener (tests bind port 0).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::auth::TokenKeys;
use crate::config::{LimitArgs, ServeArgs};
use crate::db::{self, StatementCounter};
use crate::graphql::gateway::Gateway;
use crate::graphql::{build_schemas, AppSchema, SchemaOptions};
use crate::http::rate_limit::RateLimits;
use crate::meters::Meters;
use crate::service::checkpoint::AuditSigner;
use crate::service::identity::IdentityCache;

/// What `/metrics` shows: the Prometheus meters, and the executions alive.
#[derive(Default)]
pub struct Metrics {
    pub meters: Arc<Meters>,
    /// GraphQL executions whose task is alive, including aborted ones that have not reached
    /// an await yet (see `http::graphql`); shutdown does not wait for those.
    pub executing: Arc<AtomicUsize>,
}

/// What every request handler shares.
pub struct AppState {
    pub db: DatabaseConnection,
    pub statements: Arc<StatementCounter>,
    /// HTTP requests run here: a schema without extensions and the rules around it.
    pub gateway: Gateway,
    /// Websocket operations run on this schema, the rules as its extensions.
    pub schema: AppSchema,
    pub keys: TokenKeys,
    pub identities: IdentityCache,
    pub limits: LimitArgs,
    /// Token buckets per subject and per workspace, in this process.
    pub rate_limits: RateLimits,
    pub graphiql: bool,
    /// The reviewer console on `/console`.
    pub console: bool,
    /// Origins allowed by CORS; empty: CORS off.
    pub cors_origins: Vec<axum::http::HeaderValue>,
    pub metrics: Metrics,
    /// Signs audit checkpoints.
    pub signer: Arc<AuditSigner>,
    /// Documents' storage and download signing.
    pub documents: Arc<crate::storage::Documents>,
    /// Whether webhook URLs may point at internal addresses.
    pub webhook_policy: crate::service::webhook::UrlPolicy,
    /// Committed domain events, for subscriptions (see [`crate::events`]).
    pub events: crate::events::Bus,
}

/// A built application, bound to its listener, ready to serve.
pub struct Application {
    listener: TcpListener,
    /// The webhook relay to run while serving, when enabled.
    relay: Option<crate::service::webhook_relay::Relay>,
    /// How often the retention job runs while serving, when enabled.
    retention: Option<std::time::Duration>,
    pub state: Arc<AppState>,
    /// True when the local development secret signs tokens.
    pub dev_secret: bool,
    /// True when the local development key signs audit checkpoints.
    pub dev_audit_key: bool,
}

impl Application {
    /// Connects and migrates the database, builds the schema and binds the listener.
    pub async fn build(args: &ServeArgs) -> Result<Self, String> {
        let (keys, dev_secret) =
            TokenKeys::from_config(&args.jwt, crate::auth::DevSecret::CreateIfMissing)?;
        let (signer, dev_audit_key) = AuditSigner::from_config(&args.checkpoints)?;
        // Phone metadata takes a moment to load; do it now rather than on a first request.
        tokio::task::spawn_blocking(crate::domain::values::PhoneNumber::preload);
        let metrics = Metrics::default();
        let (db, statements) = db::connect(&args.database, metrics.meters.clone())
            .await
            .map_err(|e| format!("database {}: {e}", redact(&args.database.url)))?;
        let (gateway, schema) = build_schemas(&SchemaOptions {
            limits: args.limits.query_limits(),
            max_complexity: args.limits.max_complexity,
            introspection: args.introspection,
            apq_cache_bytes: args.limits.apq_cache_bytes,
        })
        .await?;
        let documents = Arc::new(crate::storage::Documents::from_config(&args.documents)?);
        if args.documents.document_url_key.is_none() {
            tracing::info!(
                "no CASEGRAPH_DOCUMENT_URL_KEY: download links are valid on this process only"
            );
        }
        let events = match db::sqlite_file(&db) {
            Some(file) => crate::events::local_bus(&file),
            None => {
                let bus = crate::events::bus();
                crate::events::listen(&args.database.url, db.clone(), &bus).await?;
                bus
            }
        };
        let listener = TcpListener::bind(args.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
        let state = Arc::new(AppState {
            db,
            statements,
            gateway,
            schema,
            keys,
            identities: IdentityCache::default(),
            rate_limits: RateLimits::from_config(&args.limits),
            limits: args.limits.clone(),
            graphiql: args.graphiql,
            console: args.console,
            cors_origins: args.cors_allowed_origins.clone(),
            metrics,
            signer: Arc::new(signer),
            documents,
            webhook_policy: crate::service::webhook::UrlPolicy {
                allow_private: args.webhooks.allow_private,
            },
            events,
        });
        Ok(Application {
            listener,
            relay: args
                .webhooks
                .enabled
                .then(|| crate::service::webhook_relay::Relay::from_config(&args.webhooks)),
            retention: args.retention.enabled.then(|| args.retention.interval()),
            state,
            dev_secret,
            dev_audit_key,
        })
    }

    pub fn local_addr(&self) -> Result<SocketAddr, String> {
        self.listener.local_addr().map_err(|e| e.to_string())
    }

    /// Serves until the process gets Ctrl-C or SIGTERM, then stops accepting connections and
    /// lets the requests in flight finish — for at most the request timeout: a request still
    /// running then (CPU work that never reaches an await) does not hold the process. Last,
    /// the pool is closed, so SQLite checkpoints its WAL into the database file.
    pub async fn run_until_stopped(self) -> Result<(), String> {
        let state = self.state;
        let app = crate::http::router(state.clone());
        let grace = state.limits.request_timeout();
        let (stopping_tx, mut stopping) = tokio::sync::watch::channel(false);
        let signal = async move {
            shutdown_signal().await;
            let _ = stopping_tx.send(true);
        };
        let pruning = tokio::spawn(prune_rate_limits(Arc::downgrade(&state)));
        let relay = self
            .relay
            .map(|relay| tokio::spawn(crate::service::webhook_relay::run(state.db.clone(), relay)));
        let retention = self.retention.map(|interval| {
            tokio::spawn(crate::service::retention::run(
                state.db.clone(),
                state.documents.clone(),
                state.metrics.meters.clone(),
                interval,
            ))
        });
        let server = axum::serve(self.listener, app).with_graceful_shutdown(signal);
        let drained = tokio::select! {
            result = server => {
                result.map_err(|e| e.to_string())?;
                true
            }
            _ = async {
                let _ = stopping.wait_for(|stopping| *stopping).await;
                tokio::time::sleep(grace).await;
            } => false,
        };
        pruning.abort();
        if let Some(relay) = relay {
            relay.abort();
        }
        if let Some(retention) = retention {
            retention.abort();
        }
        if !drained {
            tracing::warn!(
                grace_secs = grace.as_secs(),
                "requests still in flight after the grace period; stopping without them"
            );
        }
        // A connection held by a request that never finished would keep `close` waiting.
        match tokio::time::timeout(CLOSE_TIMEOUT, state.db.close_by_ref()).await {
            Ok(Ok(())) => tracing::info!("database pool closed"),
            Ok(Err(e)) => tracing::warn!(error = ?e, "closing the database pool failed"),
            Err(_) => tracing::warn!("database pool still busy; exiting without closing it"),
        }
        let stuck = state.metrics.executing.load(Ordering::Acquire);
        if !drained || stuck > 0 {
            // An execution task busy in one long poll (already answered, aborted, and
            // waiting for its next await) would hold the runtime's shutdown until it ends.
            tracing::warn!(stuck, "exiting with GraphQL executions still running");
            std::process::exit(0);
        }
        Ok(())
    }
}

/// How long shutdown waits for the pool to close.
const CLOSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Every minute, drops the rate limiters' keys whose buckets are full again, so their
/// memory follows recent callers. Ends with the application.
async fn prune_rate_limits(state: std::sync::Weak<AppState>) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
    every.tick().await;
    loop {
        every.tick().await;
        match state.upgrade() {
            Some(state) => state.rate_limits.prune(),
            None => return,
        }
    }
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_owned(),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
