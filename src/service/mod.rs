//! Services: one module per aggregate. They own transactions, workspace scoping and audit
//! events; resolvers call them and never touch the database themselves.

pub mod audit;
pub mod case;
pub mod check;
pub mod custom_property;
pub mod demo;
pub mod entity;
pub mod identity;
pub mod load;
pub mod note;
pub mod ownership;
pub mod page;
pub mod review;
pub mod risk;
pub mod workspace;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::Principal;

/// What every service call needs: the database and the authenticated caller.
/// Every query a service runs is scoped to `principal.workspace_id`.
#[derive(Clone)]
pub struct Session {
    pub db: DatabaseConnection,
    pub principal: Principal,
    pub request_id: String,
}

impl Session {
    pub fn workspace(&self) -> &str {
        &self.principal.workspace_id
    }
}

/// The current time at the precision both databases keep (microseconds), so that a value
/// read back equals the value written and can serve as a cursor.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
