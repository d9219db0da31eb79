//! The database: connect (SQLite or PostgreSQL from one URL), count statements, migrate.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

use crate::config::DatabaseArgs;

/// Counts the SQL statements a connection has run; read by `/metrics` and by the tests
/// that check a nested query's statement count does not grow with its parents.
#[derive(Debug, Default)]
pub struct StatementCounter(AtomicU64);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Connects, turns on statement counting and applies pending migrations.
pub async fn connect(
    args: &DatabaseArgs,
) -> Result<(DatabaseConnection, Arc<StatementCounter>), DbErr> {
    let mut options = ConnectOptions::new(args.url.clone());
    options
        .max_connections(args.max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if args.url.starts_with("sqlite:") {
        // SQLite allows one writer; a pool wider than a few connections only adds lock waits.
        options
            .max_connections(args.max_connections.min(5))
            .map_sqlx_sqlite_opts(|o| {
                o.busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
            });
    }
    let mut db = Database::connect(options).await?;
    let counter = Arc::new(StatementCounter::default());
    let c = counter.clone();
    db.set_metric_callback(move |info| {
        c.0.fetch_add(1, Ordering::Relaxed);
        tracing::trace!(target: "casegraph::sql", elapsed_us = info.elapsed.as_micros() as u64, failed = info.failed, sql = %info.statement);
    });
    Migrator::up(&db, None).await?;
    Ok((db, counter))
}
