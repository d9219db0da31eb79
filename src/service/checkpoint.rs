//! Signed checkpoints of the audit chains (SPEC §3 "Audit proof and retention").
//!
//! A checkpoint is a C2SP signed note (<https://c2sp.org/signed-note>) over one workspace's
//! chain heads: every case's `(seq, hash)` and the workspace chain's. The body is
//!
//! ```text
//! casegraph-audit/v1 <workspace id>
//! <signed at, RFC 3339 UTC with microseconds>
//! workspace <seq> <head hash>
//! <case id> <seq> <head hash>      (one line per case, by case id)
//! ```
//!
//! followed by a blank line and `— <key name> <base64(key id ‖ Ed25519 signature)>`, where
//! the key id is the first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key). Someone
//! who can write to the database but does not hold the key cannot make a checkpoint that
//! matches a shortened or rewritten chain, so [`covers`] catches both.

use std::collections::HashMap;

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use entity::{audit_checkpoint, audit_event};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::audit::GENESIS;
use super::Session;
use crate::auth::{dev_file, dev_secret, DevSecret, Permission};
use crate::config::CheckpointArgs;
use crate::error::AppResult;

/// The first line of a checkpoint's body, before the workspace id.
pub const ORIGIN: &str = "casegraph-audit/v1";

/// The key that signs checkpoints, and its name in signed notes.
pub struct AuditSigner {
    key: SigningKey,
    name: String,
}

impl AuditSigner {
    /// A signer from a 32-byte Ed25519 seed.
    pub fn new(seed: [u8; 32], name: &str) -> Result<Self, String> {
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+') {
            return Err("audit key name: non-empty, no spaces or '+'".into());
        }
        Ok(Self {
            key: SigningKey::from_bytes(&seed),
            name: name.to_owned(),
        })
    }

    /// The configured key (`--audit-signing-key`, or the file `--audit-signing-key-file`),
    /// or else a local development key, made on first use (mode 0600). `true` when the
    /// development key is used.
    pub fn from_config(args: &CheckpointArgs) -> Result<(Self, bool), String> {
        let (text, dev) = match (&args.signing_key, &args.signing_key_file) {
            (Some(key), _) => (key.expose().to_owned(), false),
            (None, Some(path)) => (
                std::fs::read_to_string(path)
                    .map_err(|e| format!("audit signing key {}: {e}", path.display()))?,
                false,
            ),
            (None, None) => {
                let path = dev_file("dev-audit-signing-key");
                let key = dev_secret(Some(&path), DevSecret::CreateIfMissing)?;
                (key.expose().to_owned(), true)
            }
        };
        let text = text.trim();
        let seed: [u8; 32] = B64
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text))
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or("audit signing key: base64 of a 32-byte Ed25519 seed")?;
        Ok((Self::new(seed, &args.key_name)?, dev))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn public_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The C2SP key id: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
    pub fn key_id(&self) -> [u8; 4] {
        let mut h = Sha256::new();
        h.update(self.name.as_bytes());
        h.update(b"\n\x01");
        h.update(self.public_key().as_bytes());
        let d = h.finalize();
        [d[0], d[1], d[2], d[3]]
    }

    /// The verifier key in C2SP form: `<name>+<key id hex>+<base64(0x01 ‖ public key)>`.
    pub fn verifier_key(&self) -> String {
        let mut bytes = vec![1u8];
        bytes.extend_from_slice(self.public_key().as_bytes());
        format!(
            "{}+{}+{}",
            self.name,
            hex::encode(self.key_id()),
            B64.encode(bytes)
        )
    }

    /// A signed note over `body` (which ends with a newline).
    pub fn sign(&self, body: &str) -> String {
        let signature = self.key.sign(body.as_bytes());
        let mut blob = self.key_id().to_vec();
        blob.extend_from_slice(&signature.to_bytes());
        format!("{body}\n\u{2014} {} {}\n", self.name, B64.encode(blob))
    }

    /// The body of a note this key signed; `Err` with the reason otherwise.
    pub fn open<'a>(&self, note: &'a str) -> Result<&'a str, String> {
        let split = note
            .rfind("\n\n")
            .ok_or("checkpoint is not a signed note")?;
        let (body, signatures) = (&note[..=split], &note[split + 2..]);
        for line in signatures.lines() {
            let Some(rest) = line.strip_prefix("\u{2014} ") else {
                return Err("checkpoint has a malformed signature line".into());
            };
            let Some((name, blob)) = rest.split_once(' ') else {
                return Err("checkpoint has a malformed signature line".into());
            };
            let blob = B64.decode(blob).map_err(|_| "signature is not base64")?;
            if name != self.name || blob.len() != 68 || blob[..4] != self.key_id() {
                continue;
            }
            let signature = Signature::from_slice(&blob[4..]).map_err(|e| e.to_string())?;
            return self
                .public_key()
                .verify(body.as_bytes(), &signature)
                .map(|()| body)
                .map_err(|_| "checkpoint signature does not verify".into());
        }
        Err(format!("checkpoint is not signed by key {}", self.name))
    }
}

/// A chain head: the last event's position and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// What a checkpoint says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub workspace_id: String,
    pub signed_at: String,
    pub workspace: Head,
    pub cases: HashMap<Uuid, Head>,
}

/// The body of a checkpoint over `heads` (case heads in any order).
pub fn body(
    workspace_id: &str,
    at: DateTime<Utc>,
    workspace: &Head,
    cases: &[(Uuid, Head)],
) -> String {
    let mut cases: Vec<&(Uuid, Head)> = cases.iter().collect();
    cases.sort_by_key(|(id, _)| *id);
    let mut out = format!(
        "{ORIGIN} {workspace_id}\n{}\nworkspace {} {}\n",
        at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        workspace.seq,
        workspace.hash
    );
    for (id, head) in cases {
        out.push_str(&format!("{id} {} {}\n", head.seq, head.hash));
    }
    out
}

fn parse_head(seq: Option<&str>, hash: Option<&str>) -> Result<Head, String> {
    match (seq.and_then(|s| s.parse().ok()), hash) {
        (Some(seq), Some(hash)) => Ok(Head {
            seq,
            hash: hash.to_owned(),
        }),
        _ => Err("checkpoint has a malformed line".into()),
    }
}

/// Reads a checkpoint body.
pub fn parse_body(text: &str) -> Result<Body, String> {
    let mut lines = text.lines();
    let workspace_id = lines
        .next()
        .and_then(|l| l.strip_prefix(ORIGIN))
        .and_then(|l| l.strip_prefix(' '))
        .ok_or("checkpoint has an unknown origin")?
        .to_owned();
    let signed_at = lines.next().ok_or("checkpoint has no time")?.to_owned();
    let mut ws = lines.next().unwrap_or_default().split(' ');
    if ws.next() != Some("workspace") {
        return Err("checkpoint has no workspace head".into());
    }
    let workspace = parse_head(ws.next(), ws.next())?;
    let mut cases = HashMap::new();
    for line in lines {
        let mut parts = line.split(' ');
        let id = parts
            .next()
            .and_then(|id| Uuid::parse_str(id).ok())
            .ok_or("checkpoint has a malformed line")?;
        cases.insert(id, parse_head(parts.next(), parts.next())?);
    }
    Ok(Body {
        workspace_id,
        signed_at,
        workspace,
        cases,
    })
}

/// The chain heads of a workspace: its own chain's, and every case's (two statements).
pub async fn heads(
    db: &impl ConnectionTrait,
    workspace_id: &str,
) -> AppResult<(Head, Vec<(Uuid, Head)>)> {
    let own = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Seq)
        .column(audit_event::Column::Hash)
        .filter(audit_event::Column::WorkspaceId.eq(workspace_id))
        .filter(audit_event::Column::CaseId.is_null())
        .order_by_desc(audit_event::Column::Seq)
        .limit(1)
        .into_tuple::<(i64, String)>()
        .one(db)
        .await?
        .map(|(seq, hash)| Head { seq, hash })
        .unwrap_or(Head {
            seq: 0,
            hash: GENESIS.to_owned(),
        });
    // Each case's last event: the row whose seq is its case's largest.
    let last = Query::select()
        .column(audit_event::Column::CaseId)
        .expr_as(Expr::col(audit_event::Column::Seq).max(), Alias::new("seq"))
        .from(audit_event::Entity)
        .and_where(audit_event::Column::WorkspaceId.eq(workspace_id))
        .and_where(audit_event::Column::CaseId.is_not_null())
        .group_by_col(audit_event::Column::CaseId)
        .to_owned();
    let cases = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::CaseId)
        .column(audit_event::Column::Seq)
        .column(audit_event::Column::Hash)
        .filter(audit_event::Column::WorkspaceId.eq(workspace_id))
        .filter(
            Expr::tuple([
                Expr::col(audit_event::Column::CaseId),
                Expr::col(audit_event::Column::Seq),
            ])
            .in_subquery(last),
        )
        .into_tuple::<(Uuid, i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, seq, hash)| (id, Head { seq, hash }))
        .collect();
    Ok((own, cases))
}

/// The latest checkpoint of a workspace.
pub async fn latest(
    db: &impl ConnectionTrait,
    workspace_id: &str,
) -> AppResult<Option<audit_checkpoint::Model>> {
    Ok(audit_checkpoint::Entity::find()
        .filter(audit_checkpoint::Column::WorkspaceId.eq(workspace_id))
        .order_by_desc(audit_checkpoint::Column::CreatedAt)
        .order_by_desc(audit_checkpoint::Column::Id)
        .one(db)
        .await?)
}

/// Signs the workspace's chain heads now, unless they are those of its latest checkpoint
/// (`force`: sign anyway). Returns the checkpoint made, or the latest one.
async fn sign_workspace(
    txn: &DatabaseTransaction,
    signer: &AuditSigner,
    workspace_id: &str,
    at: DateTime<Utc>,
    force: bool,
) -> AppResult<audit_checkpoint::Model> {
    let workspace_id = workspace_id.to_owned();
    let (own, cases) = heads(txn, &workspace_id).await?;
    let previous = latest(txn, &workspace_id).await?;
    if let (false, Some(previous)) = (force, &previous) {
        let unchanged = signer
            .open(&previous.note)
            .ok()
            .and_then(|b| parse_body(b).ok())
            .is_some_and(|b| b.workspace == own && b.cases == cases.iter().cloned().collect());
        if unchanged {
            return Ok(previous.clone());
        }
    }
    // Strictly after the previous checkpoint, so that "latest" is well defined.
    let at = match &previous {
        Some(p) if p.created_at >= at => p.created_at + chrono::Duration::microseconds(1),
        _ => at,
    };
    let row = audit_checkpoint::Model {
        id: Uuid::new_v4(),
        workspace_id: workspace_id.clone(),
        created_at: at,
        note: signer.sign(&body(&workspace_id, at, &own, &cases)),
    };
    audit_checkpoint::Entity::insert(audit_checkpoint::ActiveModel::from(row.clone()))
        .exec_without_returning(txn)
        .await?;
    Ok(row)
}

/// `signAuditCheckpoint`: signs the caller's workspace's chain heads now (admin).
pub async fn sign(s: &Session, signer: &AuditSigner) -> AppResult<audit_checkpoint::Model> {
    s.principal.authorize(Permission::Administer)?;
    s.write(async |txn| sign_workspace(txn, signer, s.workspace(), s.now(), true).await)
        .await
}

/// The scheduled pass: a checkpoint for every workspace whose heads moved since its last.
/// Returns how many were signed.
pub async fn run_once(
    db: &DatabaseConnection,
    signer: &AuditSigner,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let workspaces = super::workspace::all_ids(db).await?;
    let mut signed = 0;
    for id in workspaces {
        let before = latest(db, &id).await?.map(|c| c.id);
        let after = crate::db::write(db, async |txn| {
            sign_workspace(txn, signer, &id, now, false).await
        })
        .await?;
        if before != Some(after.id) {
            signed += 1;
        }
    }
    Ok(signed)
}

/// Where a case's chain stands against a checkpoint that covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    pub checkpoint_id: Uuid,
    pub signed_at: DateTime<Utc>,
    /// The case's head seq the checkpoint signed.
    pub seq: i64,
}

/// Compares a case's chain (verified on its own, in `seq` order) with a checkpoint: the
/// checkpoint's signature must hold, and the chain must reach the head it signed for the
/// case (it may have grown since). `Ok(None)`: the checkpoint predates the case.
pub fn covers(
    signer: &AuditSigner,
    checkpoint: &audit_checkpoint::Model,
    case_id: Uuid,
    events: &[audit_event::Model],
) -> Result<Option<Covered>, String> {
    let body = parse_body(signer.open(&checkpoint.note)?)?;
    if body.workspace_id != checkpoint.workspace_id {
        return Err("checkpoint belongs to another workspace".into());
    }
    let Some(head) = body.cases.get(&case_id) else {
        return Ok(None);
    };
    let len = events.len() as i64;
    match usize::try_from(head.seq - 1)
        .ok()
        .and_then(|i| events.get(i))
    {
        Some(e) if e.hash == head.hash => Ok(Some(Covered {
            checkpoint_id: checkpoint.id,
            signed_at: checkpoint.created_at,
            seq: head.seq,
        })),
        Some(e) => Err(format!(
            "event {} differs from the one checkpoint {} signed: the chain was rewritten",
            e.seq, body.signed_at
        )),
        None => Err(format!(
            "the chain ends at event {len} but checkpoint {} signed event {}: events were removed",
            body.signed_at, head.seq
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer() -> AuditSigner {
        AuditSigner::new([7u8; 32], "casegraph.test").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn notes_round_trip_and_refuse_changes() {
        let s = signer();
        let head = Head {
            seq: 3,
            hash: "ab".repeat(32),
        };
        let id = Uuid::nil();
        let text = body("acme", Utc::now(), &head, &[(id, head.clone())]);
        let note = s.sign(&text);
        assert_eq!(s.open(&note), Ok(text.as_str()));
        let parsed = parse_body(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed.cases.get(&id), Some(&head));
        let forged = note.replace(" 3 ", " 2 ");
        assert!(s.open(&forged).is_err());
        let other = AuditSigner::new([8u8; 32], "casegraph.test").unwrap_or_else(|e| panic!("{e}"));
        assert!(other.open(&note).is_err());
    }
}
