//! Workspace administration.

use async_graphql::{Context, Object};

use crate::graphql::session;
use crate::graphql::types::workspace::Workspace;
use crate::service::workspace::{self, CaseTriggersInput, UpdateWorkspaceSettingsInput};

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
