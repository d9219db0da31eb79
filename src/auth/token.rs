//! JWT handling: which key verifies a token, with which one algorithm, and the claims rules
//! (`exp` and `sub` required, `nbf` checked, `iss`/`aud` required and checked when
//! configured, 30 s of clock leeway). Also the local development secret for `serve` and
//! `token`.
//!
//! Keys (SPEC §2): a token with a `kid` is verified by the JWKS key of that `kid` — an
//! unknown `kid` is refused, even when only a secret is configured. A token without `kid`
//! is verified by the configured key whose algorithm its header names: HS256 → the secret,
//! RS256/ES256 → the PEM public key of that algorithm. Every key verifies one algorithm
//! only, so a header can choose a key but never how a key is used (no HS256 with a public
//! key, never `none`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jsonwebtoken::{
    decode, decode_header, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use serde::{Deserialize, Serialize};

use super::jwks::JwksFile;
use super::keys::{self, VerifyingKey};
use crate::config::{JwtAlgorithm, JwtArgs, Secret};
use crate::domain::{values::is_workspace_id, Role};
use crate::error::{AppError, AppResult};

/// Clock skew forgiven on `exp` and `nbf` (SPEC §2: 30 s at most; jsonwebtoken's default is 60).
pub const LEEWAY_SECS: u64 = 30;

/// The claims CaseGraph reads from a token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub workspace_id: String,
    pub role: String,
    pub exp: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<Audience>,
}

/// The `aud` claim: one audience or several (RFC 7519 §4.1.3). Whether it holds the
/// configured audience is checked by the validation, before the claims are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Claims {
    /// The role claim, lower case as issued (`admin`, `reviewer`, …).
    pub fn parsed_role(&self) -> Option<Role> {
        Role::parse(&self.role.to_ascii_uppercase())
            .filter(|_| self.role.chars().all(|c| c.is_ascii_lowercase()))
    }
}

/// Longest lifetime of a minted token, in hours (one year).
pub const MAX_TOKEN_HOURS: i64 = 24 * 366;

/// The keys that verify tokens (and the secret that mints them), with the validation rules
/// fixed once. Cheap to clone: clones share the keys, and a JWKS file's reloads.
#[derive(Clone)]
pub struct TokenKeys {
    inner: Arc<Keys>,
}

struct Keys {
    /// HS256: mints development tokens and verifies tokens without `kid` that say HS256.
    secret: Option<(EncodingKey, Arc<VerifyingKey>)>,
    /// RS256 or ES256 from a PEM file: verifies tokens without `kid` that say its algorithm.
    public_key: Option<Arc<VerifyingKey>>,
    /// Verifies tokens with a `kid`.
    jwks: Option<JwksFile>,
    /// One validation per algorithm, each accepting that algorithm only.
    validations: Vec<(Algorithm, Validation)>,
    issuer: Option<String>,
    audience: Option<String>,
}

/// Whether the local development secret may be created: `serve` makes it on its first
/// start; `casegraph token` only reads the one `serve` made, since a new secret would sign
/// tokens the server refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevSecret {
    CreateIfMissing,
    MustExist,
}

impl TokenKeys {
    /// Keys from the configuration — the one function `serve` and `casegraph token` get
    /// their keys from. With neither a secret nor a public key (PEM or JWKS), the local
    /// development secret file is used (created on first use when `dev` allows); with public
    /// keys and no secret, no secret exists and nothing can be minted. Returns whether the
    /// development secret was used. An unreadable or invalid key file, a PEM without its
    /// algorithm, or a development secret that must exist and does not, is an error that
    /// says which.
    pub fn from_config(jwt: &JwtArgs, dev: DevSecret) -> Result<(Self, bool), String> {
        let public_key = match (&jwt.public_key_file, jwt.algorithm) {
            (Some(path), Some(algorithm)) => Some(pem_file(path, algorithm)?),
            (Some(_), None) => {
                return Err(
                    "CASEGRAPH_JWT_PUBLIC_KEY_FILE needs CASEGRAPH_JWT_ALGORITHM \
                            (RS256 or ES256): the one algorithm its key verifies"
                        .into(),
                )
            }
            (None, Some(_)) => {
                return Err("CASEGRAPH_JWT_ALGORITHM is the algorithm of \
                            CASEGRAPH_JWT_PUBLIC_KEY_FILE, which is not set"
                    .into())
            }
            (None, None) => None,
        };
        let jwks = jwt.jwks_file.as_deref().map(JwksFile::open).transpose()?;
        let has_public_keys = public_key.is_some() || jwks.is_some();
        let (secret, is_dev) = match &jwt.secret {
            Some(s) => (Some(s.clone()), false),
            None if has_public_keys => (None, false),
            None => (Some(dev_secret(jwt.secret_file.as_deref(), dev)?), true),
        };
        let keys = Keys::new(
            secret.as_ref(),
            public_key,
            jwks,
            jwt.issuer.clone(),
            jwt.audience.clone(),
        );
        Ok((
            Self {
                inner: Arc::new(keys),
            },
            is_dev,
        ))
    }

    /// HS256 keys from `secret` alone.
    pub fn new(secret: &Secret, issuer: Option<String>, audience: Option<String>) -> Self {
        Self {
            inner: Arc::new(Keys::new(Some(secret), None, None, issuer, audience)),
        }
    }

    /// Verifies a token and its claims. Every failure is `UNAUTHENTICATED`, with a reason
    /// that helps the caller but says nothing about the keys.
    pub fn verify(&self, token: &str) -> AppResult<(Claims, Role)> {
        let header = decode_header(token).map_err(|e| refused(&e))?;
        let key = self.inner.key_for(&header)?;
        let validation = self
            .inner
            .validations
            .iter()
            .find(|(alg, _)| *alg == key.algorithm && *alg == header.alg)
            .map(|(_, v)| v)
            .ok_or_else(|| unauthenticated("token algorithm not accepted"))?;
        let data = decode::<Claims>(token, &key.key, validation).map_err(|e| refused(&e))?;
        let claims = data.claims;
        if !is_workspace_id(&claims.workspace_id) {
            return Err(unauthenticated("token workspace_id invalid"));
        }
        if claims.sub.is_empty() || claims.sub.len() > 255 {
            return Err(unauthenticated("token sub invalid"));
        }
        let role = claims
            .parsed_role()
            .ok_or_else(|| unauthenticated("token role invalid"))?;
        Ok((claims, role))
    }

    /// Why nothing can be minted, when tokens are verified with public keys only.
    pub fn ensure_can_mint(&self) -> Result<(), String> {
        if self.inner.secret.is_some() {
            Ok(())
        } else {
            Err("cannot mint a token: tokens are verified with public keys \
                 (CASEGRAPH_JWT_PUBLIC_KEY_FILE / CASEGRAPH_JWKS_FILE) and no CASEGRAPH_JWT_SECRET \
                 is set, so there is no key to sign with. Get tokens from the identity provider \
                 that holds the private keys, or set CASEGRAPH_JWT_SECRET to mint HS256 tokens."
                .into())
        }
    }

    /// Mints an HS256 token (no `kid`) for `workspace`/`role`/`sub`, valid for `hours`.
    pub fn mint(&self, workspace: &str, role: Role, sub: &str, hours: i64) -> AppResult<String> {
        let Some((encoding, _)) = &self.inner.secret else {
            return Err(AppError::Internal("no HS256 secret to mint with".into()));
        };
        if !is_workspace_id(workspace) {
            return Err(AppError::bad_input(
                "workspace",
                "must be 1–64 of [A-Za-z0-9_-]",
            ));
        }
        if !(1..=MAX_TOKEN_HOURS).contains(&hours) {
            return Err(AppError::bad_input(
                "hours",
                format!("must be 1–{MAX_TOKEN_HOURS}: a token must not be born expired"),
            ));
        }
        let claims = Claims {
            sub: sub.to_owned(),
            workspace_id: workspace.to_owned(),
            role: role.as_str().to_ascii_lowercase(),
            exp: (chrono::Utc::now() + chrono::Duration::hours(hours)).timestamp(),
            name: None,
            email: None,
            iss: self.inner.issuer.clone(),
            aud: self.inner.audience.clone().map(Audience::One),
        };
        encode(&Header::new(Algorithm::HS256), &claims, encoding).map_err(AppError::internal)
    }
}

impl Keys {
    fn new(
        secret: Option<&Secret>,
        public_key: Option<VerifyingKey>,
        jwks: Option<JwksFile>,
        issuer: Option<String>,
        audience: Option<String>,
    ) -> Self {
        let validations = [Algorithm::HS256, Algorithm::RS256, Algorithm::ES256]
            .into_iter()
            .map(|alg| (alg, validation(alg, issuer.as_deref(), audience.as_deref())))
            .collect();
        Self {
            secret: secret.map(|s| {
                let bytes = s.expose().as_bytes();
                let verifying = VerifyingKey {
                    algorithm: Algorithm::HS256,
                    key: DecodingKey::from_secret(bytes),
                };
                (EncodingKey::from_secret(bytes), Arc::new(verifying))
            }),
            public_key: public_key.map(Arc::new),
            jwks,
            validations,
            issuer,
            audience,
        }
    }

    /// The one key that may verify a token with this header.
    fn key_for(&self, header: &Header) -> AppResult<Arc<VerifyingKey>> {
        match &header.kid {
            Some(kid) => self
                .jwks
                .as_ref()
                .and_then(|jwks| jwks.find(kid))
                .ok_or_else(|| unauthenticated("token kid not accepted")),
            None => self
                .secret
                .iter()
                .map(|(_, key)| key)
                .chain(&self.public_key)
                .find(|key| key.algorithm == header.alg)
                .cloned()
                .ok_or_else(|| unauthenticated("token algorithm not accepted")),
        }
    }
}

/// The rules every token meets, for tokens of `algorithm` only.
fn validation(algorithm: Algorithm, issuer: Option<&str>, audience: Option<&str>) -> Validation {
    let mut validation = Validation::new(algorithm);
    validation.leeway = LEEWAY_SECS;
    validation.validate_nbf = true;
    validation.validate_aud = audience.is_some();
    // Only set_required_spec_claims makes a claim required: set_issuer/set_audience alone
    // check a claim when present but let a token without it through.
    let mut required = vec!["exp", "sub"];
    if let Some(iss) = issuer {
        validation.set_issuer(&[iss]);
        required.push("iss");
    }
    if let Some(aud) = audience {
        validation.set_audience(&[aud]);
        required.push("aud");
    }
    validation.set_required_spec_claims(&required);
    validation
}

fn pem_file(path: &Path, algorithm: JwtAlgorithm) -> Result<VerifyingKey, String> {
    let algorithm = match algorithm {
        JwtAlgorithm::Rs256 => Algorithm::RS256,
        JwtAlgorithm::Es256 => Algorithm::ES256,
    };
    let fail = |e: String| format!("public key file {}: {e}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
    keys::from_pem(&text, algorithm).map_err(fail)
}

fn unauthenticated(reason: &str) -> AppError {
    AppError::Unauthenticated(reason.to_owned())
}

/// A jsonwebtoken error as a reason for the caller.
fn refused(e: &jsonwebtoken::errors::Error) -> AppError {
    use jsonwebtoken::errors::ErrorKind::*;
    unauthenticated(match e.kind() {
        ExpiredSignature => "token expired",
        ImmatureSignature => "token not valid yet",
        InvalidAlgorithm | InvalidAlgorithmName | MissingAlgorithm => {
            "token algorithm not accepted"
        }
        InvalidSignature => "token signature invalid",
        InvalidIssuer => "token issuer not accepted",
        InvalidAudience => "token audience not accepted",
        MissingRequiredClaim(_) => "token lacks a required claim",
        _ => "token invalid",
    })
}

/// A development secret's file `name` in the user's config directory, never the repo.
pub(crate) fn dev_file(name: &str) -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("casegraph").join(name)
}

/// Where the development JWT secret lives by default.
fn default_secret_path() -> PathBuf {
    dev_file("dev-jwt-secret")
}

/// The development secret's file: `--secret-file` / `CASEGRAPH_SECRET_FILE`, or the default.
pub fn dev_secret_path(jwt: &JwtArgs) -> PathBuf {
    jwt.secret_file.clone().unwrap_or_else(default_secret_path)
}

/// Reads a development secret (32 random bytes, base64url) from `path` (by default the
/// JWT secret's), creating it (0600) on first use when `dev` allows.
pub(crate) fn dev_secret(path: Option<&Path>, dev: DevSecret) -> Result<Secret, String> {
    let path = path
        .map(Path::to_path_buf)
        .unwrap_or_else(default_secret_path);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok(Secret::new(existing));
        }
    }
    if dev == DevSecret::MustExist {
        return Err(format!(
            "no development secret at {}: the server would refuse a token signed with a new \
             one. Give the server's CASEGRAPH_JWT_SECRET, or the CASEGRAPH_SECRET_FILE \
             (--secret-file) it runs with (`casegraph serve` creates that file on its first \
             start without CASEGRAPH_JWT_SECRET).",
            path.display()
        ));
    }
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    write_private(&path, &secret).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Secret::new(secret))
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys() -> TokenKeys {
        TokenKeys::new(
            &Secret::new("a-test-secret-of-enough-length".into()),
            None,
            None,
        )
    }

    #[test]
    fn minted_tokens_verify() {
        let k = keys();
        let t = k
            .mint("acme", Role::Reviewer, "ann", 1)
            .ok()
            .unwrap_or_default();
        let (claims, role) = k
            .verify(&t)
            .ok()
            .unwrap_or_else(|| panic!("did not verify"));
        assert_eq!(
            (claims.workspace_id.as_str(), role),
            ("acme", Role::Reviewer)
        );
    }

    const SECRET: &str = "a-test-secret-of-enough-length";

    fn signed(header: Header, claims: serde_json::Value) -> String {
        encode(
            &header,
            &claims,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn claims(exp_offset: i64, extra: serde_json::Value) -> serde_json::Value {
        let mut c = serde_json::json!({
            "sub": "ann", "workspace_id": "acme", "role": "admin",
            "exp": chrono::Utc::now().timestamp() + exp_offset,
        });
        if let (Some(c), Some(extra)) = (c.as_object_mut(), extra.as_object()) {
            c.extend(extra.clone());
        }
        c
    }

    fn reason(keys: &TokenKeys, token: &str) -> String {
        match keys.verify(token) {
            Ok(_) => "accepted".into(),
            Err(e) => e.public_message(),
        }
    }

    #[test]
    fn leeway_is_thirty_seconds() {
        let k = keys();
        let hs = || Header::new(Algorithm::HS256);
        assert_eq!(
            reason(&k, &signed(hs(), claims(-20, json!({})))),
            "accepted"
        );
        assert_eq!(
            reason(&k, &signed(hs(), claims(-29, json!({})))),
            "accepted"
        );
        assert_eq!(
            reason(&k, &signed(hs(), claims(-45, json!({})))),
            "token expired"
        );
        let nbf = chrono::Utc::now().timestamp();
        assert_eq!(
            reason(&k, &signed(hs(), claims(60, json!({ "nbf": nbf + 20 })))),
            "accepted"
        );
        assert_eq!(
            reason(&k, &signed(hs(), claims(600, json!({ "nbf": nbf + 45 })))),
            "token not valid yet"
        );
    }

    #[test]
    fn audience_may_be_an_array_that_holds_ours() {
        let k = TokenKeys::new(
            &Secret::new(SECRET.into()),
            Some("idp".into()),
            Some("casegraph".into()),
        );
        let token = |aud: serde_json::Value| {
            signed(
                Header::new(Algorithm::HS256),
                claims(60, json!({ "iss": "idp", "aud": aud })),
            )
        };
        assert_eq!(reason(&k, &token(json!("casegraph"))), "accepted");
        assert_eq!(
            reason(&k, &token(json!(["billing", "casegraph"]))),
            "accepted"
        );
        assert_eq!(
            reason(&k, &token(json!(["billing", "crm"]))),
            "token audience not accepted"
        );
        assert_eq!(
            reason(&k, &token(json!("crm"))),
            "token audience not accepted"
        );
        assert_eq!(reason(&k, &token(json!([]))), "token audience not accepted");
        let no_aud = signed(
            Header::new(Algorithm::HS256),
            claims(60, json!({ "iss": "idp" })),
        );
        assert_eq!(reason(&k, &no_aud), "token lacks a required claim");
        let minted = k.mint("acme", Role::Viewer, "v", 1).unwrap_or_default();
        assert_eq!(reason(&k, &minted), "accepted");
    }

    #[test]
    fn a_kid_needs_a_jwks_key_even_beside_a_secret() {
        let k = keys();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("k1".into());
        assert_eq!(
            reason(&k, &signed(header, claims(60, json!({})))),
            "token kid not accepted"
        );
        assert_eq!(
            reason(
                &k,
                &signed(Header::new(Algorithm::HS384), claims(60, json!({})))
            ),
            "token algorithm not accepted"
        );
    }

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/jwt")
            .join(format!("test-only-{name}"))
    }

    fn config(tweak: impl FnOnce(&mut JwtArgs)) -> Result<(TokenKeys, bool), String> {
        let mut args = JwtArgs::with_secret(Secret::new(SECRET.into()));
        args.secret = None;
        tweak(&mut args);
        TokenKeys::from_config(&args, DevSecret::CreateIfMissing)
    }

    #[test]
    fn public_keys_without_a_secret_make_no_development_secret() {
        // Were a development secret made, it would be here.
        let dev_file = std::env::temp_dir().join(format!("casegraph-{}", uuid::Uuid::new_v4()));
        let (k, is_dev) = config(|a| {
            a.public_key_file = Some(fixture("rsa-a.pub.pem"));
            a.algorithm = Some(JwtAlgorithm::Rs256);
            a.secret_file = Some(dev_file.clone());
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!is_dev && !dev_file.exists());
        let why = k.ensure_can_mint().err().unwrap_or_default();
        assert!(why.contains("cannot mint"), "{why}");
        assert!(k.mint("acme", Role::Admin, "a", 1).is_err());
        // With no secret, an HS256 token has no key, whatever it is signed with.
        assert_eq!(
            reason(
                &k,
                &signed(Header::new(Algorithm::HS256), claims(60, json!({})))
            ),
            "token algorithm not accepted"
        );
    }

    #[test]
    fn bad_key_settings_stop_the_start_with_a_reason() {
        let fails = |tweak: &dyn Fn(&mut JwtArgs), says: &str| {
            let err = config(tweak).err().unwrap_or_default();
            assert!(err.contains(says), "expected {says:?} in {err:?}");
        };
        fails(
            &|a| a.public_key_file = Some(fixture("rsa-a.pub.pem")),
            "needs CASEGRAPH_JWT_ALGORITHM",
        );
        fails(
            &|a| a.algorithm = Some(JwtAlgorithm::Es256),
            "which is not set",
        );
        fails(
            &|a| {
                a.public_key_file = Some(fixture("missing.pem"));
                a.algorithm = Some(JwtAlgorithm::Rs256);
            },
            "test-only-missing.pem",
        );
        fails(
            &|a| {
                a.public_key_file = Some(fixture("ec-a.pub.pem"));
                a.algorithm = Some(JwtAlgorithm::Rs256);
            },
            "not an RSA public key",
        );
        fails(
            &|a| a.jwks_file = Some(fixture("missing.json")),
            "JWKS file",
        );
        fails(
            &|a| a.jwks_file = Some(fixture("rsa-a.pub.pem")),
            "not a JWKS document",
        );
        let empty = std::env::temp_dir().join(format!("casegraph-{}.json", uuid::Uuid::new_v4()));
        std::fs::write(
            &empty,
            r#"{"keys":[{"kty":"oct","kid":"s","k":"c2VjcmV0"}]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let err = config(|a| a.jwks_file = Some(empty.clone()))
            .err()
            .unwrap_or_default();
        let _ = std::fs::remove_file(&empty);
        assert!(
            err.contains("no key that can verify") && err.contains("symmetric"),
            "{err}"
        );
    }

    #[test]
    fn upper_case_roles_are_refused() {
        let claims = Claims {
            sub: "x".into(),
            workspace_id: "w".into(),
            role: "ADMIN".into(),
            exp: 0,
            name: None,
            email: None,
            iss: None,
            aud: None,
        };
        assert_eq!(claims.parsed_role(), None);
    }
}
