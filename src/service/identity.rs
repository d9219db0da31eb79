//! First sight of a token: the workspace and user rows it names are created the first time,
//! then remembered in memory so that later requests cost no statement.

use std::collections::HashMap;
use std::sync::RwLock;

use entity::{user, workspace};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use super::now;
use crate::auth::{Claims, Principal};
use crate::domain::settings::WorkspaceSettings;
use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// (workspace id, subject) → user id, for callers already seen by this process.
#[derive(Default)]
pub struct IdentityCache(RwLock<HashMap<(String, String), Uuid>>);

/// Resolves a verified token to a principal, creating its workspace and user on first sight.
pub async fn principal(
    db: &DatabaseConnection,
    cache: &IdentityCache,
    claims: &Claims,
    role: Role,
) -> AppResult<Principal> {
    let key = (claims.workspace_id.clone(), claims.sub.clone());
    let cached = cache.0.read().ok().and_then(|m| m.get(&key).copied());
    let user_id = match cached {
        Some(id) => id,
        None => {
            let id = ensure_rows(db, claims, role).await?;
            if let Ok(mut m) = cache.0.write() {
                m.insert(key, id);
            }
            id
        }
    };
    Ok(Principal {
        workspace_id: claims.workspace_id.clone(),
        subject: claims.sub.clone(),
        user_id,
        role,
    })
}

/// Creates the workspace and user rows if missing (safe under concurrent first requests),
/// in one write: on SQLite it waits its turn among the writers.
pub async fn ensure_rows(db: &DatabaseConnection, claims: &Claims, role: Role) -> AppResult<Uuid> {
    crate::db::write(db, async |txn| {
        let at = now();
        workspace::Entity::insert(workspace::ActiveModel {
            id: Set(claims.workspace_id.clone()),
            name: Set(claims.workspace_id.clone()),
            settings: Set(WorkspaceSettings::default().to_json()),
            created_at: Set(at),
            updated_at: Set(at),
        })
        .on_conflict(
            OnConflict::column(workspace::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        user::Entity::insert(user::ActiveModel {
            id: Set(Uuid::new_v4()),
            workspace_id: Set(claims.workspace_id.clone()),
            subject: Set(claims.sub.clone()),
            name: Set(claims.name.clone()),
            email: Set(claims.email.clone()),
            role: Set(role),
            last_seen_at: Set(at),
            created_at: Set(at),
            updated_at: Set(at),
        })
        .on_conflict(
            OnConflict::columns([user::Column::WorkspaceId, user::Column::Subject])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        let row = user::Entity::find()
            .filter(user::Column::WorkspaceId.eq(&claims.workspace_id))
            .filter(user::Column::Subject.eq(&claims.sub))
            .one(txn)
            .await?
            .ok_or_else(|| AppError::Internal("user row missing after insert".into()))?;
        Ok(row.id)
    })
    .await
}
