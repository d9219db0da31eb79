//! The database: connect (SQLite or PostgreSQL from one URL), count statements, migrate, and
//! the one way to change it: [`write`], a transaction that holds one connection and asks the
//! pool for nothing else while it is open.
//!
//! Why: a write that holds a transaction's connection and asks the pool for a second one
//! deadlocks the pool as soon as more such writers run at once than it has connections —
//! each holds one and waits for another until the acquire timeout (issue 7). So a write's
//! work receives only its transaction, and a task whose write is open that asks the pool
//! anyway is a bug: it panics in debug builds (the test suite is the tripwire) and is logged
//! in release.

pub mod rows;

use std::collections::HashMap;
use std::future::Future;
use std::panic::Location;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError, Weak};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::DatabaseArgs;
use crate::meters::Meters;

/// Counts the SQL statements a connection has run; read by `/metrics` and by the tests
/// that check a nested query's statement count does not grow with its parents.
#[derive(Debug, Default)]
pub struct StatementCounter(AtomicU64);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Connects, turns on statement counting (and `meters`' statement metrics) and applies
/// pending migrations.
pub async fn connect(
    args: &DatabaseArgs,
    meters: Arc<Meters>,
) -> Result<(DatabaseConnection, Arc<StatementCounter>), DbErr> {
    let mut options = ConnectOptions::new(args.url.clone());
    options
        .max_connections(args.max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if args.url.starts_with("sqlite:") {
        // SQLite allows one writer: writers queue in-process (see `write`), so the busy
        // timeout only covers other processes writing the same file.
        options
            .max_connections(args.max_connections.min(5))
            .map_sqlx_sqlite_opts(|o| {
                o.busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
            })
            .map_sqlx_sqlite_before_acquire(|_, _| pool_asked(true))
            .map_sqlx_sqlite_pool_opts(|o| o.after_connect(|_, _| pool_asked(())));
    } else {
        // A startup parameter of each connection: no statement per request.
        options
            .statement_timeout(args.statement_timeout())
            .map_sqlx_postgres_before_acquire(|_, _| pool_asked(true))
            .map_sqlx_postgres_pool_opts(|o| o.after_connect(|_, _| pool_asked(())));
    }
    let mut db = Database::connect(options).await?;
    let counter = Arc::new(StatementCounter::default());
    let c = counter.clone();
    db.set_metric_callback(move |info| {
        c.0.fetch_add(1, Ordering::Relaxed);
        meters.statement(info.elapsed, info.failed);
        tracing::trace!(target: "casegraph::sql", elapsed_us = info.elapsed.as_micros() as u64, failed = info.failed, sql = %info.statement);
    });
    Migrator::up(&db, None).await?;
    Ok((db, counter))
}

/// The pool's hooks when it hands out an idle connection or opens one: they run in the
/// asking task, so they see whether that task's write is open.
fn pool_asked<T: Send + 'static>(
    accept: T,
) -> Pin<Box<dyn Future<Output = Result<T, sea_orm::sqlx::Error>> + Send + 'static>> {
    if writing() {
        report("a connection", None);
    }
    Box::pin(async move { Ok(accept) })
}

tokio::task_local! {
    /// Set while a write's work runs in this task.
    static WRITING: ();
}

/// Whether the current task is running a write's work (and holds its connection).
pub fn writing() -> bool {
    WRITING.try_with(|_| ()).is_ok()
}

/// Reports `what` being asked of the pool while the current task's write is open: a panic
/// in debug builds, an error in the log in release builds.
#[track_caller]
pub fn forbid_pool_in_write(what: &str) {
    if writing() {
        report(what, Some(Location::caller()));
    }
}

fn report(what: &str, at: Option<&Location<'_>>) {
    let at = at.map_or_else(
        || "RUST_BACKTRACE=1 shows where".to_owned(),
        |at| format!("at {at}"),
    );
    let message = format!(
        "{what} was asked of the pool while this task's write transaction is open ({at}): \
         a write must use its transaction only, or concurrent writers exhaust the pool"
    );
    if cfg!(debug_assertions) {
        panic!("{message}");
    }
    tracing::error!("{message}");
}

/// The queue a SQLite database's writers wait in, by file, while any writer holds or waits
/// for it: SQLite allows one writer at a time, and an in-process queue is first come, first
/// served, where the busy timeout is a lottery that ends in "database is locked".
static SQLITE_WRITERS: LazyLock<Mutex<HashMap<PathBuf, Weak<tokio::sync::Mutex<()>>>>> =
    LazyLock::new(Mutex::default);

/// The file of a SQLite database; `None` on PostgreSQL.
pub fn sqlite_file(db: &DatabaseConnection) -> Option<PathBuf> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return None;
    }
    Some(
        db.get_sqlite_connection_pool()
            .connect_options()
            .get_filename()
            .to_owned(),
    )
}

fn sqlite_writers(db: &DatabaseConnection) -> Option<Arc<tokio::sync::Mutex<()>>> {
    let file = sqlite_file(db)?;
    let mut queues = SQLITE_WRITERS
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(queue) = queues.get(&file).and_then(Weak::upgrade) {
        return Some(queue);
    }
    queues.retain(|_, q| q.strong_count() > 0);
    let queue = Arc::new(tokio::sync::Mutex::new(()));
    queues.insert(file, Arc::downgrade(&queue));
    Some(queue)
}

/// Runs `work` in one transaction: committed when it returns `Ok`, rolled back when it
/// returns `Err`. `work` gets the transaction and must use nothing else; asking the pool
/// from inside it is reported (see [`forbid_pool_in_write`]). On SQLite the writer first
/// waits its turn in this process's queue, then begins `IMMEDIATE`, so it never waits for
/// the database lock holding a connection, and a read before its first write cannot make it
/// fail. On PostgreSQL writers to the same rows wait for each other's row locks. Domain
/// events the work staged are announced after the commit (see [`crate::events`]).
pub async fn write<T, E>(
    db: &DatabaseConnection,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<DbErr>,
{
    if writing() {
        // Its own task holds the connection (and on SQLite the queue) this would wait for.
        report("a write inside a write", None);
        return Err(DbErr::Custom("a write was started inside a write".into()).into());
    }
    let queue = sqlite_writers(db);
    let _turn = match &queue {
        Some(queue) => Some(queue.lock().await),
        None => None,
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    // Boxed: a write's work is a large future, and each wrapper around it would otherwise
    // hold another copy on the stack of a debug build.
    let work = Box::pin(work(&txn));
    let (outcome, staged) = crate::events::staging(WRITING.scope((), work)).await;
    match outcome {
        Ok(value) => {
            txn.commit().await?;
            // Only now may anyone hear of the events this write recorded.
            crate::events::after_commit(sqlite_file(db).as_deref(), &staged);
            Ok(value)
        }
        Err(err) => {
            // Rolled back before the turn passes on, so the next writer finds the lock free.
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rollback after a refused write failed");
            }
            Err(err)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use sea_orm::{ConnectionTrait, Statement};

    use super::*;

    /// A migrated SQLite database in a temporary file, removed on drop.
    struct Scratch(PathBuf, DatabaseConnection);

    impl Drop for Scratch {
        fn drop(&mut self) {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
            }
        }
    }

    async fn scratch() -> Scratch {
        let path = std::env::temp_dir().join(format!("casegraph-db-{}.db", uuid::Uuid::new_v4()));
        let args = DatabaseArgs {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            max_connections: 2,
            statement_timeout_secs: 30,
        };
        let (db, _) = connect(&args, Default::default()).await.unwrap();
        Scratch(path, db)
    }

    fn sql(db: &DatabaseConnection, text: &str) -> Statement {
        Statement::from_string(db.get_database_backend(), text.to_owned())
    }

    async fn workspaces(db: &DatabaseConnection) -> usize {
        db.query_all_raw(sql(db, "SELECT id FROM workspaces"))
            .await
            .unwrap()
            .len()
    }

    const INSERT: &str = "INSERT INTO workspaces (id, name, settings, created_at, updated_at) \
                          VALUES ('w', 'w', '{}', '2026-01-01', '2026-01-01')";

    #[tokio::test]
    async fn a_write_commits_on_ok_and_rolls_back_on_err() {
        let Scratch(_, db) = &scratch().await;
        let refused: Result<(), DbErr> = write(db, async |txn| {
            txn.execute_raw(sql(db, INSERT)).await?;
            Err(DbErr::Custom("refused".into()))
        })
        .await;
        assert!(refused.is_err());
        assert_eq!(workspaces(db).await, 0);
        write::<_, DbErr>(db, async |txn| {
            txn.execute_raw(sql(db, INSERT)).await?;
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(workspaces(db).await, 1);
    }

    #[tokio::test]
    #[should_panic(expected = "was asked of the pool while this task's write transaction is open")]
    async fn a_write_that_asks_the_pool_is_caught() {
        let Scratch(_, db) = &scratch().await;
        let _ = write::<_, DbErr>(db, async |_txn| {
            db.query_all_raw(sql(db, "SELECT 1")).await?;
            Ok(())
        })
        .await;
    }

    #[tokio::test]
    #[should_panic(expected = "a write inside a write")]
    async fn a_write_inside_a_write_is_caught() {
        let Scratch(_, db) = &scratch().await;
        let _ = write::<_, DbErr>(db, async |_txn| {
            write::<_, DbErr>(db, async |_| Ok(())).await
        })
        .await;
    }

    #[tokio::test]
    async fn sqlite_writers_of_one_file_share_one_queue() {
        let first = scratch().await;
        let other = scratch().await;
        let again = Database::connect(format!("sqlite://{}", first.0.display()))
            .await
            .unwrap();
        let queue = sqlite_writers(&first.1).unwrap();
        assert!(Arc::ptr_eq(&queue, &sqlite_writers(&again).unwrap()));
        assert!(!Arc::ptr_eq(&queue, &sqlite_writers(&other.1).unwrap()));
    }
}
