//! The load generator: oha (a maintained HTTP load generator from crates.io), installed on
//! first use with `cargo install --locked` into the bench cache, run closed-loop at a fixed
//! concurrency for a fixed time, its JSON summary read back.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

pub const OHA_VERSION: &str = "1.16.0";

/// oha from `explicit`, else from the cache, else installed into the cache.
pub fn ensure_oha(explicit: Option<&Path>, cache: &Path) -> Result<PathBuf, String> {
    if let Some(path) = explicit {
        return Ok(path.to_path_buf());
    }
    let root = cache.join(format!("oha-{OHA_VERSION}"));
    let binary = root.join("bin").join("oha");
    if binary.is_file() {
        return Ok(binary);
    }
    eprintln!(
        "installing oha {OHA_VERSION} into {} (once; cargo install --locked)",
        root.display()
    );
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "install",
            "--locked",
            "oha",
            "--version",
            OHA_VERSION,
            "--root",
        ])
        .arg(&root)
        // Its own target directory: the workspace's CARGO_TARGET_DIR is not for it.
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| format!("cargo install oha: {e}"))?;
    if status.success() && binary.is_file() {
        Ok(binary)
    } else {
        Err(format!("cargo install oha failed ({status})"))
    }
}

/// What oha sends: one body every time, or a random line of a file per request.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    File(&'a Path),
    Lines(&'a Path),
}

/// What oha measured.
#[derive(Debug, Clone, Default)]
pub struct LoadResult {
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Bytes per answer (average): a fixed document's answers all have the same size, so a
    /// different size means some answers were errors.
    pub size_per_request: Option<u64>,
    /// Non-200 statuses and transport errors, if any.
    pub failures: Vec<String>,
}

/// Runs oha against `endpoint` for `duration` at `concurrency`.
pub async fn run(
    oha: &Path,
    endpoint: &str,
    token: Option<&str>,
    body: Body<'_>,
    concurrency: usize,
    duration: Duration,
) -> Result<LoadResult, String> {
    let mut cmd = Command::new(oha);
    cmd.arg(endpoint)
        .args(["-m", "POST", "-T", "application/json"])
        .args(["-c", &concurrency.to_string()])
        .args(["-z", &format!("{}ms", duration.as_millis())])
        // Requests still running at the deadline are waited for, not counted as errors.
        .arg("-w")
        .args(["--no-tui", "--output-format", "json"]);
    if let Some(token) = token {
        cmd.args(["-H", &format!("Authorization: Bearer {token}")]);
    }
    match body {
        Body::File(path) => cmd.arg("-D").arg(path),
        Body::Lines(path) => cmd.arg("-Z").arg(path),
    };
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .map_err(|e| format!("oha: {e}"))?
        .map_err(|e| format!("oha: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "oha failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let json: Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "oha's JSON: {e}: {}",
            crate::api::truncate(&String::from_utf8_lossy(&out.stdout), 300)
        )
    })?;
    parse(&json)
}

/// Reads oha's `--output-format json` summary.
pub fn parse(json: &Value) -> Result<LoadResult, String> {
    let metrics = &json["metrics"];
    let number = |v: &Value, what: &str| v.as_f64().ok_or_else(|| format!("oha JSON: no {what}"));
    let mut failures = Vec::new();
    let mut requests = 0;
    if let Some(codes) = json["statusCodeDistribution"].as_object() {
        for (code, n) in codes {
            let n = n.as_u64().unwrap_or(0);
            requests += n;
            if code != "200" {
                failures.push(format!("{n}× HTTP {code}"));
            }
        }
    }
    if let Some(errors) = json["errorDistribution"].as_object() {
        for (error, n) in errors {
            failures.push(format!("{}× {error}", n.as_u64().unwrap_or(0)));
        }
    }
    Ok(LoadResult {
        requests,
        rps: number(&metrics["requests_per_sec"], "requests_per_sec")?,
        p50_ms: number(&metrics["latency_ms"]["p50"], "p50")?,
        p99_ms: number(&metrics["latency_ms"]["p99"], "p99")?,
        size_per_request: json["summary"]["sizePerRequest"].as_u64(),
        failures,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_ohas_summary() {
        let json = json!({
            "summary": { "sizePerRequest": 1234 },
            "metrics": { "requests_per_sec": 250.5, "latency_ms": { "p50": 3.5, "p99": 9.0 } },
            "statusCodeDistribution": { "200": 2500, "500": 5 },
            "errorDistribution": { "connection closed": 1 }
        });
        let r = parse(&json).unwrap();
        assert_eq!(r.requests, 2505);
        assert_eq!((r.rps, r.p50_ms, r.p99_ms), (250.5, 3.5, 9.0));
        assert_eq!(r.size_per_request, Some(1234));
        assert_eq!(r.failures, vec!["5× HTTP 500", "1× connection closed"]);
    }
}
