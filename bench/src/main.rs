//! `casegraph bench` (SPEC §7): seeds a workspace with realistic case graphs through the
//! public API, starts the release server on SQLite and on PostgreSQL, and measures the nested
//! reads and a mutation mix at fixed concurrency for a fixed time with oha — req/s, p50/p99,
//! the server's CPU per request, PostgreSQL's backend CPU per request and SQL statements per
//! request. `side-by-side` runs the same shapes against PostGraphile v5 over the same tables
//! (bench/side-by-side.sh). See docs/performance.md.

mod api;
mod bench;
mod bulk;
mod compare;
mod load;
mod measure;
mod report;
mod seed;
mod server;
mod setup;
mod side_by_side;

use clap::{Parser, Subcommand};

/// Measures CaseGraph: seeded case graphs, fixed documents, fixed concurrency, fixed time.
#[derive(Debug, Parser)]
#[command(
    name = "casegraph-bench",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Options of `run`, accepted without the subcommand too.
    #[command(flatten)]
    run: bench::RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Seed, start the server, measure every shape on each backend (the default).
    Run(bench::RunArgs),
    /// Make and seed the side-by-side databases, then stop (PostGraphile starts after).
    Prepare(side_by_side::PrepareArgs),
    /// CaseGraph (PostgreSQL, SQLite) and a running PostGraphile, interleaved rounds.
    SideBySide(side_by_side::SideBySideArgs),
    /// Issue 9's benchmark: cases via createCasesFromTemplate (calls of 1,000) versus
    /// createCase calls, per backend: cases/s and the ratio.
    Bulk(bulk::BulkArgs),
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => bench::run(cli.run).await,
        Some(Command::Run(args)) => bench::run(args).await,
        Some(Command::Prepare(args)) => side_by_side::prepare(args).await,
        Some(Command::SideBySide(args)) => side_by_side::run(args).await,
        Some(Command::Bulk(args)) => bulk::run(args).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("casegraph-bench: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
