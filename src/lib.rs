//! CaseGraph: a GraphQL API gateway over the KYC/KYB case domain.
//!
//! Data flows one way: HTTP → GraphQL resolver → service → domain rules + database.

pub mod auth;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod events;
pub mod graphql;
pub mod http;
pub mod meters;
pub mod pdf;
pub mod service;
pub mod startup;
pub mod storage;
pub mod telemetry;

use config::{Cli, Command};

/// Runs one command of the CLI.
pub async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(*args).await,
        Some(Command::Token(args)) => {
            // The keys `serve` uses, from the same function; the development secret is only
            // read here, never made (a new one would sign tokens the server refuses).
            let (keys, dev) = auth::TokenKeys::from_config(&args.jwt, auth::DevSecret::MustExist)?;
            keys.ensure_can_mint()?;
            if dev {
                eprintln!(
                    "casegraph token: signed with the development secret in {} (the one `serve` \
                     uses without CASEGRAPH_JWT_SECRET and with this CASEGRAPH_SECRET_FILE)",
                    auth::dev_secret_path(&args.jwt).display()
                );
            }
            let role = domain::Role::parse(&args.role.to_ascii_uppercase()).ok_or_else(|| {
                format!(
                    "unknown role {:?}: use admin, reviewer, analyst, viewer or integration",
                    args.role
                )
            })?;
            let token = keys
                .mint(&args.workspace, role, &args.sub, args.hours)
                .map_err(|e| e.public_message())?;
            println!("{token}");
            Ok(())
        }
        Some(Command::ExportSchema) => {
            print!("{}", graphql::export_sdl());
            Ok(())
        }
        Some(Command::Monitor(args)) => monitor_command(args).await,
        Some(Command::Bench(args)) => bench(args),
    }
}

/// `casegraph monitor [--once]`.
async fn monitor_command(args: config::MonitorCommandArgs) -> Result<(), String> {
    telemetry::init(args.log_format);
    let (db, _) = db::connect(&args.database, Default::default())
        .await
        .map_err(|e| format!("database {}: {e}", startup::redact(&args.database.url)))?;
    if args.once {
        let report = service::monitor::run_once(&db, service::now())
            .await
            .map_err(|e| format!("monitor failed: {}", e.public_message()))?;
        tracing::info!(?report, "monitor pass done");
        let _ = db.close().await;
        return Ok(());
    }
    monitor_loop(db, std::time::Duration::from_secs(args.interval_secs)).await;
    Ok(())
}

/// Runs the monitor every `interval`, forever; a failed pass is logged and retried at the
/// next tick.
async fn monitor_loop(db: sea_orm::DatabaseConnection, interval: std::time::Duration) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match service::monitor::run_once(&db, service::now()).await {
            Ok(report) if report.total() > 0 => tracing::info!(?report, "monitor raised alerts"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e.public_message(), "monitor pass failed"),
        }
    }
}

/// Signs audit checkpoints every `interval`, forever (workspaces whose chains did not move
/// are skipped); a failed pass is logged and retried at the next tick.
async fn checkpoint_loop(
    db: sea_orm::DatabaseConnection,
    signer: std::sync::Arc<service::checkpoint::AuditSigner>,
    interval: std::time::Duration,
) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match service::checkpoint::run_once(&db, &signer, service::now()).await {
            Ok(0) => {}
            Ok(signed) => tracing::info!(signed, "audit checkpoints signed"),
            Err(e) => tracing::warn!(error = %e.public_message(), "audit checkpoint pass failed"),
        }
    }
}

/// `casegraph bench`: hands over to `casegraph-bench` beside this binary (built by
/// `cargo build --release -p casegraph-bench`), naming this binary as the server to measure.
fn bench(args: config::BenchArgs) -> Result<(), String> {
    let me = std::env::current_exe().map_err(|e| format!("where is this binary: {e}"))?;
    let bench = me.with_file_name("casegraph-bench");
    if !bench.is_file() {
        return Err(format!(
            "`casegraph bench` runs {}, which is not built: `cargo build --release -p casegraph-bench` \
             (or run `cargo run --release -p casegraph-bench -- …`)",
            bench.display()
        ));
    }
    let status = std::process::Command::new(&bench)
        .args(&args.args)
        .env("CASEGRAPH_BENCH_SERVER_BIN", &me)
        .status()
        .map_err(|e| format!("{}: {e}", bench.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("casegraph-bench: {status}"))
    }
}

async fn serve(args: config::ServeArgs) -> Result<(), String> {
    telemetry::init(args.log_format);
    let app = startup::Application::build(&args).await?;
    let addr = app.local_addr()?;
    if args.demo {
        let cases = demo::seed(&app.state.db, &app.state.documents)
            .await
            .map_err(|e| format!("demo seed failed: {}", e.public_message()))?;
        tracing::info!(cases, workspace = demo::WORKSPACE, "demo workspace ready");
    }
    if args.monitor.enabled {
        tokio::spawn(monitor_loop(app.state.db.clone(), args.monitor.interval()));
    }
    if args.checkpoints.scheduled {
        tokio::spawn(checkpoint_loop(
            app.state.db.clone(),
            app.state.signer.clone(),
            args.checkpoints.interval(),
        ));
    }
    if app.dev_audit_key {
        tracing::warn!("audit checkpoints are signed with a local development key; configure --audit-signing-key-file in production");
    }
    tracing::info!(%addr, database = %startup::redact(&args.database.url), "CaseGraph listening");
    if app.dev_secret {
        let workspace = if args.demo { demo::WORKSPACE } else { "local" };
        let token = app
            .state
            .keys
            .mint(workspace, domain::Role::Admin, "local-admin", 24 * 30)
            .map_err(|e| e.public_message())?;
        println!();
        println!(
            "CaseGraph is serving GraphQL at http://{addr}/graphql{}",
            if args.graphiql {
                " (GraphiQL: open it in a browser)"
            } else {
                ""
            }
        );
        if args.console {
            println!(
                "The reviewer console is at http://{addr}/console (sign in with the token below)."
            );
        }
        println!("No CASEGRAPH_JWT_SECRET is set, so a local development secret signs tokens.");
        println!("Admin token for workspace \"{workspace}\" (valid 30 days):");
        println!();
        println!("  {token}");
        println!();
        println!(
            "Send it as the header  Authorization: Bearer <token>  (in GraphiQL: the Headers tab)."
        );
        println!();
    }
    app.run_until_stopped().await
}
