//! The caller's workspace and its users.

use entity::{user, workspace};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::Session;
use crate::error::{AppError, AppResult};

/// The caller's workspace.
pub async fn current(s: &Session) -> AppResult<workspace::Model> {
    workspace::Entity::find_by_id(s.workspace().to_owned())
        .one(&s.db)
        .await?
        .ok_or(AppError::NotFound {
            entity: "Workspace",
        })
}

/// The caller's own user row.
pub async fn me(s: &Session) -> AppResult<user::Model> {
    user::Entity::find_by_id(s.principal.user_id)
        .filter(user::Column::WorkspaceId.eq(s.workspace()))
        .one(&s.db)
        .await?
        .ok_or(AppError::NotFound { entity: "User" })
}
