//! The `casegraph` binary's commands: `token` signs with the secret `serve` uses (or says
//! why it cannot), refuses a lifetime that would be born expired; logs carry no colour
//! codes when they are not written to a terminal.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;
use crate::http_protocol::Binary;

/// `casegraph token …` with `env`, without any secret configured by the environment.
fn token(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_casegraph"));
    cmd.arg("token")
        .args(["--workspace", "acme", "--role", "viewer"])
        .args(args)
        .env_remove("CASEGRAPH_JWT_SECRET")
        .env_remove("CASEGRAPH_SECRET_FILE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn scratch() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("casegraph-cli-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn token_signs_with_the_development_secret_serve_made() {
    let dir = scratch();
    let secret_file = dir.join("dev-secret");
    let secret_path = secret_file.to_str().unwrap();
    let server = Binary::start_without(
        &[("CASEGRAPH_SECRET_FILE", secret_path)],
        &["CASEGRAPH_JWT_SECRET"],
    );
    let client = reqwest::Client::new();
    server.ready(&client).await;
    assert!(secret_file.exists(), "serve made the development secret");

    // With the server's CASEGRAPH_SECRET_FILE: a token the server accepts.
    let out = token(&[], &[("CASEGRAPH_SECRET_FILE", secret_path)]);
    assert!(out.status.success(), "{out:?}");
    let minted = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(secret_path), "says which secret: {stderr}");
    let res = client
        .post(format!("{}/graphql", server.url))
        .bearer_auth(&minted)
        .json(&json!({ "query": "{ viewer { role } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{:?}", res.text().await);

    // Without it (another secret file location that does not exist): an explicit failure,
    // and no new secret made whose tokens the server would refuse.
    let elsewhere = dir.join("home");
    let out = token(
        &[],
        &[
            ("HOME", elsewhere.to_str().unwrap()),
            ("XDG_CONFIG_HOME", elsewhere.to_str().unwrap()),
        ],
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no development secret at") && stderr.contains("CASEGRAPH_SECRET_FILE"),
        "{stderr}"
    );
    assert!(!elsewhere.exists(), "token made a secret");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn token_uses_the_configured_secret() {
    let out = token(&[], &[("CASEGRAPH_JWT_SECRET", SECRET)]);
    assert!(out.status.success(), "{out:?}");
    let minted = String::from_utf8(out.stdout).unwrap();
    let keys =
        casegraph::auth::TokenKeys::new(&casegraph::config::Secret::new(SECRET.into()), None, None);
    let (claims, role) = keys.verify(minted.trim()).unwrap();
    assert_eq!((claims.workspace_id.as_str(), role), ("acme", Role::Viewer));
    // Valid for the default 24 hours.
    let left = claims.exp - chrono::Utc::now().timestamp();
    assert!((24 * 3600 - 60..=24 * 3600).contains(&left), "{left}");
}

#[test]
fn token_refuses_a_lifetime_that_is_born_expired() {
    for hours in ["0", "-5"] {
        let out = token(
            &[&format!("--hours={hours}")],
            &[("CASEGRAPH_JWT_SECRET", SECRET)],
        );
        assert!(!out.status.success(), "--hours {hours} minted a token");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains("--hours") && stderr.contains("1..=8784"),
            "{stderr}"
        );
    }
    let out = token(&["--hours", "1"], &[("CASEGRAPH_JWT_SECRET", SECRET)]);
    assert!(out.status.success(), "{out:?}");
}

#[tokio::test]
async fn logs_have_no_colour_codes_when_not_on_a_terminal() {
    // Output goes to pipes, as to a log collector: plain text at every level.
    let server = Binary::start(&[("RUST_LOG", "info")]);
    let client = reqwest::Client::new();
    server.ready(&client).await;
    let token = server.token("acme", Role::Viewer);
    client
        .post(format!("{}/graphql", server.url))
        .bearer_auth(&token)
        .json(&json!({ "query": "{ viewer { role } }" }))
        .send()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines = server.lines.lock().unwrap().clone();
        if lines.iter().any(|l| l.contains("graphql request")) {
            // Levels, span names and fields are what a terminal would colour.
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(" INFO graphql{request_id=")),
                "{lines:?}"
            );
            let coloured: Vec<_> = lines.iter().filter(|l| l.contains('\u{1b}')).collect();
            assert!(coloured.is_empty(), "colour codes: {coloured:?}");
            break;
        }
        assert!(Instant::now() < deadline, "no request logged: {lines:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
