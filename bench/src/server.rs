//! The CaseGraph server under test: found (or built) as a release binary, started as its own
//! process on a free port — so that its CPU time is its own in /proc — and stopped on drop.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::api::Api;

/// The HS256 secret of the servers the bench starts (they listen on 127.0.0.1 only).
pub const SECRET: &str = "casegraph-bench-local-secret-0123456789";

/// The `casegraph` binary to measure. Given explicitly, it is used as is. Otherwise it is the
/// one beside this binary (same target directory and profile); when this binary was started by
/// `cargo run`, it is rebuilt first so that the figures are those of the current sources.
pub fn server_binary(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = explicit {
        return path
            .canonicalize()
            .map_err(|e| format!("server binary {}: {e}", path.display()));
    }
    if cfg!(debug_assertions) {
        return Err("casegraph-bench measures release builds: run it with `cargo run --release -p casegraph-bench -- …` (or give --server-bin)".into());
    }
    let me = std::env::current_exe().map_err(|e| format!("where am I: {e}"))?;
    let dir = me
        .parent()
        .ok_or("the bench binary has no directory")?
        .to_path_buf();
    let path = dir.join("casegraph");
    if let Some(cargo) = std::env::var_os("CARGO") {
        // Started by cargo: build the server with the same profile into the same directory.
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or("no workspace root")?;
        eprintln!("building the server: cargo build --release -p casegraph --bin casegraph");
        let status = Command::new(cargo)
            .args([
                "build",
                "--release",
                "-p",
                "casegraph",
                "--bin",
                "casegraph",
            ])
            .current_dir(workspace)
            .status()
            .map_err(|e| format!("cargo build: {e}"))?;
        if !status.success() {
            return Err(format!("cargo build of the server failed ({status})"));
        }
    }
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "no server binary at {}: build it with `cargo build --release -p casegraph`, or give --server-bin",
            path.display()
        ))
    }
}

/// Mints a token with `casegraph token` and `secret`: the server's own code signs it.
pub fn token(binary: &Path, secret: &str, workspace: &str, role: &str) -> Result<String, String> {
    let out = Command::new(binary)
        .args([
            "token",
            "--workspace",
            workspace,
            "--role",
            role,
            "--sub",
            "bench",
            "--hours",
            "48",
        ])
        .env("CASEGRAPH_JWT_SECRET", secret)
        .env_remove("CASEGRAPH_JWT_PUBLIC_KEY_FILE")
        .env_remove("CASEGRAPH_JWKS_FILE")
        .output()
        .map_err(|e| format!("{} token: {e}", binary.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} token: {}",
            binary.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    /// Starts `binary serve` on a free loopback port against `database_url` and waits until
    /// `/readyz` answers (migrations applied). Logs at `warn` go to `log`.
    pub async fn start(binary: &Path, database_url: &str, log: &Path) -> Result<Self, String> {
        let port = free_port()?;
        let out = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(binary)
            .arg("serve")
            .env("CASEGRAPH_BIND", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", database_url)
            .env("CASEGRAPH_JWT_SECRET", SECRET)
            .env_remove("CASEGRAPH_JWT_PUBLIC_KEY_FILE")
            .env_remove("CASEGRAPH_JWKS_FILE")
            .env_remove("CASEGRAPH_JWT_ISSUER")
            .env_remove("CASEGRAPH_JWT_AUDIENCE")
            // Request logging is not what is measured; PostGraphile logs nothing per request.
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("starting {}: {e}", binary.display()))?;
        let mut server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        let api = Api::new(&server.base, None)?;
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if api.answers("/readyz").await {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "the server stopped ({status}) before it was ready; its log: {}",
                    log.display()
                ));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "the server was not ready after 120 s; its log: {}",
                    log.display()
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("free port: {e}"))
}
