//! Who is calling: a Bearer JWT becomes a [`Principal`] (workspace, user, role), and
//! [`Principal::authorize`] is the one role check every mutation goes through. `token`
//! decides which key verifies a token; `keys` reads PEM and JWK public keys; `jwks` keeps
//! a JWKS file's keys current.

mod jwks;
mod keys;
mod token;
pub(crate) use token::{dev_file, dev_secret};

pub use token::{
    dev_secret_path, Audience, Claims, DevSecret, TokenKeys, LEEWAY_SECS, MAX_TOKEN_HOURS,
};

use uuid::Uuid;

use crate::domain::{ActorType, Role};
use crate::error::{AppError, AppResult};

/// The authenticated caller of one request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub workspace_id: String,
    /// The token's `sub`.
    pub subject: String,
    /// The `users` row of `subject` in the workspace.
    pub user_id: Uuid,
    pub role: Role,
}

/// Something a caller may be allowed to do (SPEC §2's table, one entry per kind of right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Read anything in the workspace.
    Read,
    /// Create and update cases, their entities, relations, checks and documents.
    EditCases,
    /// Notes, tags, assignment: the analyst's work on a case.
    WorkCases,
    /// Push automatic risks and screening results.
    PushResults,
    /// Decisions: reviews, reopen, check and hit decisions, manual risk, review dates.
    Decide,
    /// Workspace settings, definitions, templates.
    Administer,
}

/// The rights of a role (SPEC §2's table). A trait because [`Role`] is a stored
/// enumeration of the entity crate; this table is auth's.
pub trait Rights {
    /// Whether this role holds `permission`.
    fn allows(self, permission: Permission) -> bool;
}

impl Rights for Role {
    fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Viewer => permission == Read,
            Role::Analyst => matches!(permission, Read | EditCases | WorkCases | PushResults),
            Role::Reviewer => !matches!(permission, Administer),
            Role::Admin => true,
            Role::Integration => matches!(permission, Read | EditCases | PushResults),
        }
    }
}

impl Principal {
    /// Refuses with `FORBIDDEN` unless the caller's role holds `permission`.
    pub fn authorize(&self, permission: Permission) -> AppResult<()> {
        if self.role.allows(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "the {} role may not do this",
                self.role.as_str().to_ascii_lowercase()
            )))
        }
    }

    /// How this caller appears in the audit trail.
    pub fn actor_type(&self) -> ActorType {
        if self.role == Role::Integration {
            ActorType::Api
        } else {
            ActorType::User
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_table() {
        use Permission::*;
        let table = [
            (Role::Viewer, [true, false, false, false, false, false]),
            (Role::Analyst, [true, true, true, true, false, false]),
            (Role::Reviewer, [true, true, true, true, true, false]),
            (Role::Admin, [true, true, true, true, true, true]),
            (Role::Integration, [true, true, false, true, false, false]),
        ];
        for (role, expected) in table {
            for (p, want) in [Read, EditCases, WorkCases, PushResults, Decide, Administer]
                .into_iter()
                .zip(expected)
            {
                assert_eq!(role.allows(p), want, "{role:?} {p:?}");
            }
        }
    }
}
