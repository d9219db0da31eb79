//! Services: one module per aggregate. They own transactions, workspace scoping and audit
//! events; resolvers call them and never touch the database themselves.

pub mod alert;
pub mod audit;
pub mod bulk;
pub mod case;
pub mod check;
pub mod checkpoint;
pub mod custom_property;
pub mod document;
pub mod events;
pub mod idempotency;
pub mod identity;
pub mod input;
pub mod load;
pub mod monitor;
pub mod node;
pub mod note;
pub mod ownership;
pub mod page;
pub mod party;
pub mod retention;
pub mod review;
pub mod risk;
pub mod screening;
pub mod template;
pub mod webhook;
pub mod webhook_relay;
pub mod workspace;

use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    Iterable, ModelTrait,
};

use crate::auth::Principal;
use crate::db;
use crate::error::AppResult;

/// What every service call needs: the database and the authenticated caller.
/// Every query a service runs is scoped to `principal.workspace_id`.
#[derive(Clone)]
pub struct Session {
    /// The pool. Private: services read through [`Session::read`] and change data through
    /// [`Session::write`], so a write cannot reach for a second connection by accident.
    db: DatabaseConnection,
    pub principal: Principal,
    pub request_id: String,
    /// The moment this session's changes are stamped with (rows and audit events alike);
    /// `None`: the wall clock. Only the demo seeder sets one, to write each case's history
    /// at the moments it happened (see [`Session::at`]).
    clock: Option<DateTime<Utc>>,
}

impl Session {
    pub fn new(db: DatabaseConnection, principal: Principal, request_id: String) -> Self {
        Self {
            db,
            principal,
            request_id,
            clock: None,
        }
    }

    /// The same caller acting at `moment`: every change it makes is stamped with that time
    /// instead of the wall clock's, in the rows and in the audit trail (whose hashes then
    /// cover the moment given). For replaying a history, as the demo seeder does.
    pub fn at(&self, moment: DateTime<Utc>) -> Self {
        Self {
            clock: Some(moment.trunc_subsecs(6)),
            ..self.clone()
        }
    }

    /// The time this session's changes are stamped with: its [`Session::at`] moment, or now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.unwrap_or_else(now)
    }

    pub fn workspace(&self) -> &str {
        &self.principal.workspace_id
    }

    /// The pool, for reads made outside any write. Asking for it while this task's write is
    /// open is a bug (a panic in debug builds): that write's work has its transaction.
    #[track_caller]
    pub fn read(&self) -> &DatabaseConnection {
        db::forbid_pool_in_write("Session::read");
        &self.db
    }

    /// Runs `work` in one transaction, committed on `Ok` and rolled back on `Err` (a
    /// refusal writes nothing). `work` receives the transaction and uses only it; SQLite
    /// writers queue for their turn first. See [`db::write`].
    pub async fn write<T>(
        &self,
        work: impl AsyncFnOnce(&DatabaseTransaction) -> AppResult<T>,
    ) -> AppResult<T> {
        db::write(&self.db, work).await
    }
}

/// The current time at the precision both databases keep (microseconds), so that a value
/// read back equals the value written and can serve as a cursor.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Writes a changed row: the columns in which `after` differs from `before`, nothing else
/// (and no statement when nothing changed). The caller diffs the same two versions for the
/// audit trail, so a new column is written and audited without a list to keep.
pub async fn update_row<M, E>(db: &DatabaseTransaction, before: &M, after: &M) -> Result<(), DbErr>
where
    M: ModelTrait<Entity = E> + IntoActiveModel<E::ActiveModel>,
    E: EntityTrait<Model = M>,
    E::ActiveModel: Send,
{
    let mut row = after.clone().into_active_model();
    for column in E::Column::iter() {
        if before.get(column) != after.get(column) {
            row.reset(column);
        }
    }
    if row.is_changed() {
        E::update(row).exec(db).await?;
    }
    Ok(())
}
