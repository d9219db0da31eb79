//! Prometheus metrics for `/metrics`, kept with the `metrics` crate and rendered by
//! `metrics-exporter-prometheus`.
//!
//! Each application has its own recorder (not the process-wide one), so the servers a test
//! process starts count apart. Label values are bounded: an operation name is one the
//! schema executed (GraphQL names only), at most [`MAX_OPERATION_NAMES`] distinct ones —
//! later ones are `other`, unnamed operations `anonymous`; an outcome is `ok` or an error
//! code of [`crate::error::Code`].

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use metrics::{Counter, Histogram, Recorder};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};
use sea_orm::{DatabaseBackend, DatabaseConnection};

/// Distinct operation names labelled; later names are counted as `other`.
pub const MAX_OPERATION_NAMES: usize = 200;

/// Request durations: 1 ms to 30 s (the default request timeout).
const REQUEST_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Statement durations: 50 µs to 10 s.
const STATEMENT_BUCKETS: &[f64] = &[
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 10.0,
];

const REQUESTS: &str = "casegraph_graphql_requests_total";
const REQUEST_SECONDS: &str = "casegraph_graphql_request_duration_seconds";
const EXECUTING: &str = "casegraph_graphql_executing";
const STATEMENTS: &str = "casegraph_db_statements_total";
const STATEMENT_ERRORS: &str = "casegraph_db_statement_errors_total";
const STATEMENT_SECONDS: &str = "casegraph_db_statement_duration_seconds";
const POOL_CONNECTIONS: &str = "casegraph_db_pool_connections";
const POOL_MAX: &str = "casegraph_db_pool_max_connections";
const RATE_LIMITED: &str = "casegraph_rate_limit_refusals_total";
const OUTBOX_UNDISPATCHED: &str = "casegraph_outbox_undispatched_events";
const WEBHOOK_PENDING: &str = "casegraph_webhook_pending_deliveries";
const CASES_ERASED: &str = "casegraph_retention_cases_erased_total";
const ERASURES_FAILED: &str = "casegraph_retention_erasures_failed_total";

/// The application's metrics.
pub struct Meters {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    operations: Mutex<HashSet<String>>,
    statements: Counter,
    statement_errors: Counter,
    statement_seconds: Histogram,
}

impl Default for Meters {
    fn default() -> Self {
        Self::new()
    }
}

impl Meters {
    pub fn new() -> Self {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), REQUEST_BUCKETS)
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full(STATEMENT_SECONDS.into()), STATEMENT_BUCKETS)
            });
        // Both bucket lists are constants and not empty, the one error `set_buckets_*` has.
        let recorder = builder.unwrap_or_default().build_recorder();
        let handle = recorder.handle();
        let (statements, statement_errors, statement_seconds) =
            metrics::with_local_recorder(&recorder, || {
                describe();
                (
                    metrics::counter!(STATEMENTS),
                    metrics::counter!(STATEMENT_ERRORS),
                    metrics::histogram!(STATEMENT_SECONDS),
                )
            });
        Self {
            recorder,
            handle,
            operations: Mutex::default(),
            statements,
            statement_errors,
            statement_seconds,
        }
    }

    fn with<T>(&self, f: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&self.recorder as &dyn Recorder, f)
    }

    /// One GraphQL request answered: its operation (`operationName`, see
    /// [`Self::operation_label`]), outcome and duration.
    pub fn request(&self, operation: &str, outcome: &str, elapsed: Duration) {
        let labels = [
            ("operation", operation.to_owned()),
            ("outcome", outcome.to_owned()),
        ];
        self.with(|| {
            metrics::counter!(REQUESTS, &labels).increment(1);
            metrics::histogram!(REQUEST_SECONDS, &labels).record(elapsed.as_secs_f64());
        });
    }

    /// The label for an operation's name: `anonymous` without one; the name when the schema
    /// executed it (so it is an operation of a valid document) and fewer than
    /// [`MAX_OPERATION_NAMES`] names are known, or when it is already known; else `other`.
    pub fn operation_label(&self, name: Option<&str>, executed: bool) -> String {
        let Some(name) = name.filter(|n| !n.is_empty()) else {
            return "anonymous".into();
        };
        let mut known = self
            .operations
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if known.contains(name) {
            return name.to_owned();
        }
        if executed && known.len() < MAX_OPERATION_NAMES && is_graphql_name(name) {
            known.insert(name.to_owned());
            return name.to_owned();
        }
        "other".into()
    }

    /// One SQL statement run (the database's metric callback).
    pub fn statement(&self, elapsed: Duration, failed: bool) {
        self.statements.increment(1);
        if failed {
            self.statement_errors.increment(1);
        }
        self.statement_seconds.record(elapsed.as_secs_f64());
    }

    /// A request refused by a rate limit (`subject` or `workspace`).
    pub fn rate_limited(&self, scope: &'static str) {
        self.with(|| metrics::counter!(RATE_LIMITED, "scope" => scope).increment(1));
    }

    /// The outbox backlog: events not yet turned into webhook deliveries, and deliveries
    /// not yet delivered or given up (read from the database before each render).
    pub fn outbox(&self, undispatched: u64, pending: u64) {
        self.with(|| {
            metrics::gauge!(OUTBOX_UNDISPATCHED).set(undispatched as f64);
            metrics::gauge!(WEBHOOK_PENDING).set(pending as f64);
        });
    }

    /// A pass of the retention job: cases it erased, and due cases whose erasure failed.
    pub fn retention(&self, erased: u64, failed: u64) {
        self.with(|| {
            metrics::counter!(CASES_ERASED).increment(erased);
            metrics::counter!(ERASURES_FAILED).increment(failed);
        });
    }

    /// The Prometheus text exposition, with the gauges read now: the pool's connections
    /// (idle, in use) and its maximum, and the GraphQL executions running.
    pub fn render(&self, db: &DatabaseConnection, executing: usize) -> String {
        let (size, idle, max) = pool_usage(db);
        self.with(|| {
            metrics::gauge!(POOL_CONNECTIONS, "state" => "idle").set(idle as f64);
            metrics::gauge!(POOL_CONNECTIONS, "state" => "in_use")
                .set(size.saturating_sub(idle) as f64);
            metrics::gauge!(POOL_MAX).set(max as f64);
            metrics::gauge!(EXECUTING).set(executing as f64);
        });
        self.handle.render()
    }
}

/// The pool's open connections, idle ones, and its maximum.
fn pool_usage(db: &DatabaseConnection) -> (usize, usize, u32) {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size() as usize,
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size() as usize,
                pool.num_idle(),
                pool.options().get_max_connections(),
            )
        }
        _ => (0, 0, 0),
    }
}

/// `[_A-Za-z][_0-9A-Za-z]*`, at most 100 characters.
fn is_graphql_name(name: &str) -> bool {
    name.len() <= 100
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn describe() {
    use metrics::Unit;
    metrics::describe_counter!(
        REQUESTS,
        "GraphQL requests answered, by operation name and outcome (ok or the error code)."
    );
    metrics::describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to answer a GraphQL request, by operation name and outcome."
    );
    metrics::describe_gauge!(
        EXECUTING,
        "GraphQL executions running now (aborted ones until they reach an await)."
    );
    metrics::describe_counter!(STATEMENTS, "SQL statements run.");
    metrics::describe_counter!(STATEMENT_ERRORS, "SQL statements that failed.");
    metrics::describe_histogram!(
        STATEMENT_SECONDS,
        Unit::Seconds,
        "Time to run one SQL statement."
    );
    metrics::describe_gauge!(
        POOL_CONNECTIONS,
        "Database pool connections open, idle or in use."
    );
    metrics::describe_gauge!(POOL_MAX, "Most connections the database pool opens.");
    metrics::describe_gauge!(
        OUTBOX_UNDISPATCHED,
        "Outbox events not yet turned into webhook deliveries."
    );
    metrics::describe_gauge!(
        WEBHOOK_PENDING,
        "Webhook deliveries not yet delivered or given up."
    );
    metrics::describe_counter!(
        CASES_ERASED,
        "Cases whose personal data the retention job erased (eraseCase calls not included)."
    );
    metrics::describe_counter!(
        ERASURES_FAILED,
        "Due cases the retention job failed to erase (retried by its next pass)."
    );
    metrics::describe_counter!(
        RATE_LIMITED,
        "Requests refused by a rate limit, by scope (subject or workspace)."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_are_bounded() {
        let meters = Meters::new();
        assert_eq!(meters.operation_label(None, true), "anonymous");
        assert_eq!(meters.operation_label(Some(""), true), "anonymous");
        assert_eq!(meters.operation_label(Some("Cases"), false), "other");
        assert_eq!(meters.operation_label(Some("Cases"), true), "Cases");
        // Known now: labelled even when a later request does not execute.
        assert_eq!(meters.operation_label(Some("Cases"), false), "Cases");
        assert_eq!(meters.operation_label(Some("no spaces"), true), "other");
        for i in 0..MAX_OPERATION_NAMES {
            meters.operation_label(Some(&format!("Op{i}")), true);
        }
        assert_eq!(meters.operation_label(Some("OneTooMany"), true), "other");
    }
}
