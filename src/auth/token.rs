//! JWT handling: HS256 with one pinned algorithm, `exp` required, `iss`/`aud` required and
//! checked when configured. Also the local development secret for `serve` and `token`.

use std::path::{Path, PathBuf};

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::config::{JwtArgs, Secret};
use crate::domain::{values::is_workspace_id, Role};
use crate::error::{AppError, AppResult};

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
    pub aud: Option<String>,
}

impl Claims {
    /// The role claim, lower case as issued (`admin`, `reviewer`, …).
    pub fn parsed_role(&self) -> Option<Role> {
        Role::parse(&self.role.to_ascii_uppercase())
            .filter(|_| self.role.chars().all(|c| c.is_ascii_lowercase()))
    }
}

/// The signing and verifying keys, with the validation rules fixed once.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: Option<String>,
    audience: Option<String>,
}

impl TokenKeys {
    /// Keys from the configured secret, or from the local development secret file (created
    /// on first use). Returns whether the development secret was used.
    pub fn from_config(jwt: &JwtArgs) -> Result<(Self, bool), String> {
        let (secret, is_dev) = match &jwt.secret {
            Some(s) => (s.clone(), false),
            None => (dev_secret(jwt.secret_file.as_deref())?, true),
        };
        Ok((
            Self::new(&secret, jwt.issuer.clone(), jwt.audience.clone()),
            is_dev,
        ))
    }

    pub fn new(secret: &Secret, issuer: Option<String>, audience: Option<String>) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        let mut required = vec!["exp", "sub"];
        validation.validate_nbf = true;
        validation.validate_aud = audience.is_some();
        if let Some(iss) = &issuer {
            validation.set_issuer(&[iss]);
            required.push("iss");
        }
        if let Some(aud) = &audience {
            validation.set_audience(&[aud]);
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        Self {
            encoding: EncodingKey::from_secret(secret.expose().as_bytes()),
            decoding: DecodingKey::from_secret(secret.expose().as_bytes()),
            validation,
            issuer,
            audience,
        }
    }

    /// Verifies a token and its claims. Every failure is `UNAUTHENTICATED`, with a reason
    /// that helps the caller but says nothing about the key.
    pub fn verify(&self, token: &str) -> AppResult<(Claims, Role)> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind::*;
            let reason = match e.kind() {
                ExpiredSignature => "token expired",
                ImmatureSignature => "token not valid yet",
                InvalidAlgorithm => "token algorithm not accepted",
                InvalidSignature => "token signature invalid",
                InvalidIssuer => "token issuer not accepted",
                InvalidAudience => "token audience not accepted",
                MissingRequiredClaim(_) => "token lacks a required claim",
                _ => "token invalid",
            };
            AppError::Unauthenticated(reason.to_owned())
        })?;
        let claims = data.claims;
        if !is_workspace_id(&claims.workspace_id) {
            return Err(AppError::Unauthenticated(
                "token workspace_id invalid".into(),
            ));
        }
        if claims.sub.is_empty() || claims.sub.len() > 255 {
            return Err(AppError::Unauthenticated("token sub invalid".into()));
        }
        let role = claims
            .parsed_role()
            .ok_or_else(|| AppError::Unauthenticated("token role invalid".into()))?;
        Ok((claims, role))
    }

    /// Mints a token for `workspace`/`role`/`sub`, valid for `hours`.
    pub fn mint(&self, workspace: &str, role: Role, sub: &str, hours: i64) -> AppResult<String> {
        if !is_workspace_id(workspace) {
            return Err(AppError::bad_input(
                "workspace",
                "must be 1–64 of [A-Za-z0-9_-]",
            ));
        }
        let claims = Claims {
            sub: sub.to_owned(),
            workspace_id: workspace.to_owned(),
            role: role.as_str().to_ascii_lowercase(),
            exp: (chrono::Utc::now() + chrono::Duration::hours(hours)).timestamp(),
            name: None,
            email: None,
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(AppError::internal)
    }
}

/// Where the development secret lives by default: the user's config directory, never the repo.
fn default_secret_path() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("casegraph").join("dev-jwt-secret")
}

/// Reads the development secret, creating it (random, 0600) on first use.
fn dev_secret(path: Option<&Path>) -> Result<Secret, String> {
    let path = path
        .map(Path::to_path_buf)
        .unwrap_or_else(default_secret_path);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            return Ok(Secret::new(existing));
        }
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
