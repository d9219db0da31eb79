//! Structured logs (tracing): human-readable or JSON, filtered by `RUST_LOG`.
//!
//! Every line logged while a request is handled carries its request id, at any level: the
//! request's span (`graphql{request_id=…}`) is an info span, which `RUST_LOG=warn` would
//! disable — and a disabled span adds nothing to the lines inside it. So the filter keeps
//! CaseGraph's request spans whatever `RUST_LOG` says; events are filtered as usual.

use std::io::IsTerminal;

use tracing::level_filters::LevelFilter;
use tracing::Metadata;
use tracing_subscriber::filter::{filter_fn, FilterExt};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

use crate::config::LogFormat;

/// The name of the span that carries a request's id (see `http::graphql::execute`).
pub const REQUEST_SPAN: &str = "graphql";

/// Whether `meta` is a request span: kept enabled at every log level.
fn is_request_span(meta: &Metadata<'_>) -> bool {
    meta.is_span() && meta.name() == REQUEST_SPAN && meta.target().starts_with("casegraph")
}

/// `RUST_LOG`, or CaseGraph's default filter.
fn env_filter() -> EnvFilter {
    EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"))
}

/// Installs the global subscriber once; later calls are no-ops.
pub fn init(format: LogFormat) {
    // The hint tells tracing that request spans are info spans; without it every debug and
    // trace call site would be asked about each time.
    let filter = env_filter().or(filter_fn(is_request_span).with_max_level_hint(LevelFilter::INFO));
    // Colours only on a terminal: a log file or collector gets plain text.
    let layer = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal());
    let layer = match format {
        LogFormat::Json => layer.json().with_filter(filter).boxed(),
        LogFormat::Pretty => layer.with_filter(filter).boxed(),
    };
    let _ = tracing_subscriber::registry().with(layer).try_init();
}
