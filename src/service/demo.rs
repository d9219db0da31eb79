//! Demo data for `serve --demo`: a workspace of realistic cases.

use sea_orm::DatabaseConnection;

use crate::error::AppResult;

/// The demo workspace id.
pub const WORKSPACE: &str = "demo";

/// Seeds the demo workspace (once; a second run finds it seeded). Returns the case count.
pub async fn seed(_db: &DatabaseConnection) -> AppResult<u64> {
    Ok(0)
}
