//! The `casegraph` binary: parse the command line, start telemetry, run.

use clap::Parser;

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
