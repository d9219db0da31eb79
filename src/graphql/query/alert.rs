//! The `alerts` connection across the workspace.

use async_graphql::{Context, Object};

use crate::graphql::session;
use crate::graphql::types::alert::AlertConnection;
use crate::service::alert::{self, AlertFilter};
use crate::service::page::PageRequest;

#[derive(Default)]
pub struct AlertQuery;

#[Object]
impl AlertQuery {
    /// Alerts of the workspace's live cases, newest first, filtered (default: `ACTIVE`
    /// ones). Page forwards with `first`/`after` or backwards with `last`/`before`; pages
    /// hold at most 100.
    #[graphql(
        complexity = "(first.or(last).unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn alerts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which alerts (default: the active ones of every live case).")]
        filter: Option<AlertFilter>,
        #[graphql(
            desc = "Page size reading forwards (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
        #[graphql(
            desc = "Page size reading backwards (at most 100).",
            validator(minimum = 0, maximum = 100)
        )]
        last: Option<i32>,
        #[graphql(desc = "Cursor to read backwards from.")] before: Option<String>,
    ) -> async_graphql::Result<AlertConnection> {
        let s = session(ctx)?;
        let page = PageRequest::from_args(first, after.as_deref(), last, before.as_deref())?;
        let filter = filter.unwrap_or_default();
        let result = alert::list(s, &filter, &page).await?;
        Ok(AlertConnection::new(result, filter))
    }
}
