//! Notes: free text on a case or one of its checks. Deletable by their author or an admin.

use async_graphql::ID;
use entity::{check, note};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, snapshot, Change};
use super::input::parse_id;
use super::{case, Session};
use crate::auth::Permission;
use crate::domain::values::{required_text, MAX_TEXT};
use crate::domain::Role;
use crate::error::{AppError, AppResult};

/// `addNote`: a note on a case, or on one of its checks.
pub async fn add(
    s: &Session,
    case_id: Uuid,
    check_id: Option<&ID>,
    body: &str,
) -> AppResult<note::Model> {
    s.principal.authorize(Permission::WorkCases)?;
    let body = required_text("body", body, MAX_TEXT)?;
    let check_id = check_id.map(|id| parse_id("checkId", id)).transpose()?;
    s.write(async |txn| {
        case::lock_for_change(txn, s, case_id, None).await?;
        if let Some(id) = check_id {
            let on_case = check::Entity::find_by_id(id)
                .filter(check::Column::WorkspaceId.eq(s.workspace()))
                .filter(check::Column::CaseId.eq(case_id))
                .one(txn)
                .await?;
            if on_case.is_none() {
                return Err(AppError::bad_input(
                    "checkId",
                    "is not a check of this case",
                ));
            }
        }
        let at = s.now();
        let model = note::Model {
            id: Uuid::new_v4(),
            workspace_id: s.workspace().to_owned(),
            case_id,
            check_id,
            body,
            author_id: s.principal.subject.clone(),
            created_at: at,
            updated_at: at,
        };
        note::Entity::insert(note::ActiveModel::from(model.clone()))
            .exec_without_returning(txn)
            .await?;
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action: "note.added",
                entity_type: "NOTE",
                entity_id: Some(model.id),
                changes: snapshot(&model),
            },
        )
        .await?;
        Ok(model)
    })
    .await
}

/// `deleteNote`: by its author or an admin. Returns the note's id.
pub async fn delete(s: &Session, note_id: Uuid) -> AppResult<Uuid> {
    s.principal.authorize(Permission::WorkCases)?;
    s.write(async |txn| {
        let found = note::Entity::find_by_id(note_id)
            .filter(note::Column::WorkspaceId.eq(s.workspace()))
            .one(txn)
            .await?
            .ok_or(AppError::NotFound { entity: "Note" })?;
        if found.author_id != s.principal.subject && s.principal.role != Role::Admin {
            return Err(AppError::Forbidden(
                "only the note's author or an admin may delete it".into(),
            ));
        }
        case::lock_for_change(txn, s, found.case_id, None).await?;
        // A writer that waited for the lock may find the note already deleted.
        let deleted = note::Entity::delete_by_id(note_id).exec(txn).await?;
        if deleted.rows_affected == 0 {
            return Err(AppError::NotFound { entity: "Note" });
        }
        audit::record(
            txn,
            s,
            Change {
                case_id: found.case_id,
                action: "note.deleted",
                entity_type: "NOTE",
                entity_id: Some(note_id),
                changes: json!({ "deleted": { "body": found.body, "authorId": found.author_id } }),
            },
        )
        .await?;
        Ok(note_id)
    })
    .await
}
