//! `viewer` and `workspace`.

use async_graphql::{Context, Object, SimpleObject};

use crate::domain::Role;
use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::workspace::{User, Workspace};
use crate::service::workspace;

/// The caller.
#[derive(SimpleObject)]
pub struct Viewer {
    /// The caller's user.
    pub user: User,
    /// The caller's role, from the token.
    pub role: Role,
    /// The caller's workspace.
    pub workspace: Workspace,
}

#[derive(Default)]
pub struct ViewerQuery;

#[Object]
impl ViewerQuery {
    /// The caller: user, role and workspace.
    async fn viewer(&self, ctx: &Context<'_>) -> async_graphql::Result<Viewer> {
        let s = session(ctx)?;
        Ok(Viewer {
            user: User(Node::one(workspace::me(s).await?)),
            role: s.principal.role,
            workspace: Workspace(workspace::current(s).await?),
        })
    }

    /// The caller's workspace and its settings.
    async fn workspace(&self, ctx: &Context<'_>) -> async_graphql::Result<Workspace> {
        Ok(Workspace(workspace::current(session(ctx)?).await?))
    }
}
