//! Application state, the router, and serving on a listener (tests bind port 0).

use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::auth::TokenKeys;
use crate::config::{LimitArgs, ServeArgs};
use crate::db::{self, StatementCounter};
use crate::graphql::{build_schema, AppSchema, SchemaOptions};
use crate::service::identity::IdentityCache;

/// Process-wide counters for `/metrics`.
#[derive(Default)]
pub struct Metrics {
    pub requests: AtomicU64,
}

/// What every request handler shares.
pub struct AppState {
    pub db: DatabaseConnection,
    pub statements: Arc<StatementCounter>,
    pub schema: AppSchema,
    pub keys: TokenKeys,
    pub identities: IdentityCache,
    pub limits: LimitArgs,
    pub graphiql: bool,
    pub metrics: Metrics,
}

/// A built application, bound to its listener, ready to serve.
pub struct Application {
    listener: TcpListener,
    pub state: Arc<AppState>,
    /// True when the local development secret signs tokens.
    pub dev_secret: bool,
}

impl Application {
    /// Connects and migrates the database, builds the schema and binds the listener.
    pub async fn build(args: &ServeArgs) -> Result<Self, String> {
        let (keys, dev_secret) = TokenKeys::from_config(&args.jwt)?;
        // Phone metadata takes a moment to load; do it now rather than on a first request.
        tokio::task::spawn_blocking(crate::domain::values::PhoneNumber::preload);
        let (db, statements) = db::connect(&args.database)
            .await
            .map_err(|e| format!("database {}: {e}", redact(&args.database.url)))?;
        let schema = build_schema(&SchemaOptions {
            limits: args.limits.query_limits(),
            max_complexity: args.limits.max_complexity,
            introspection: args.introspection,
        });
        let listener = TcpListener::bind(args.bind)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.bind))?;
        let state = Arc::new(AppState {
            db,
            statements,
            schema,
            keys,
            identities: IdentityCache::default(),
            limits: args.limits.clone(),
            graphiql: args.graphiql,
            metrics: Metrics::default(),
        });
        Ok(Application {
            listener,
            state,
            dev_secret,
        })
    }

    pub fn local_addr(&self) -> Result<SocketAddr, String> {
        self.listener.local_addr().map_err(|e| e.to_string())
    }

    /// Serves until the process gets Ctrl-C or SIGTERM.
    pub async fn run_until_stopped(self) -> Result<(), String> {
        let app = crate::http::router(self.state.clone());
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .map_err(|e| e.to_string())
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
