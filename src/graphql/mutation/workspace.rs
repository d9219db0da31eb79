//! Workspace administration.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::graphql::session;
use crate::graphql::types::workspace::Workspace;
use crate::service::checkpoint::{self, AuditSigner};
use crate::service::workspace::{self, CaseTriggersInput, UpdateWorkspaceSettingsInput};

/// A signed checkpoint of the workspace's audit chains.
#[derive(SimpleObject)]
pub struct AuditCheckpoint {
    /// The checkpoint's id.
    pub id: ID,
    /// When it was signed.
    pub signed_at: DateTime<Utc>,
    /// The C2SP signed note: every case's `(seq, head hash)` and the workspace chain's,
    /// then the Ed25519 signature line (docs/audit-proof.md).
    pub note: String,
    /// The verifier key (`<name>+<key id>+<base64 public key>`) to check it with.
    pub verifier_key: String,
}

#[derive(Default)]
pub struct WorkspaceMutation;

#[Object]
impl WorkspaceMutation {
    /// Changes the workspace's settings (admins).
    async fn update_workspace_settings(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The settings to change; settings left out keep their value.")]
        input: UpdateWorkspaceSettingsInput,
    ) -> async_graphql::Result<Workspace> {
        Ok(Workspace(
            workspace::update_settings(session(ctx)?, &input).await?,
        ))
    }

    /// Signs the workspace's audit chain heads now (admins); the scheduled job does the
    /// same every `--audit-checkpoint-interval-secs`.
    async fn sign_audit_checkpoint(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<AuditCheckpoint> {
        let signer = ctx.data::<Arc<AuditSigner>>()?;
        let c = checkpoint::sign(session(ctx)?, signer).await?;
        Ok(AuditCheckpoint {
            id: ID(c.id.to_string()),
            signed_at: c.created_at,
            note: c.note,
            verifier_key: signer.verifier_key(),
        })
    }

    /// Changes which screening results open a case (admins); omitted triggers and fields
    /// stay. Thresholds are 0–100 and inclusive. Returns the workspace (see `caseTriggers`).
    async fn update_case_triggers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: CaseTriggersInput,
    ) -> async_graphql::Result<Workspace> {
        Ok(Workspace(
            workspace::update_triggers(session(ctx)?, &input).await?,
        ))
    }
}
