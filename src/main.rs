//! The `casegraph` binary: parse the command line, start telemetry, run.

use clap::Parser;

/// mimalloc instead of glibc malloc: a nested page allocates and frees tens of thousands of
/// small values (rows, the response tree), and glibc's malloc/free were a third of the
/// server's CPU on it (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = casegraph::config::Cli::parse();
    match casegraph::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("casegraph: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
