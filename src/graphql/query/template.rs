//! Case templates.

use async_graphql::{Context, Object};

use crate::graphql::session;
use crate::service::template::{self, CaseTemplate};

#[derive(Default)]
pub struct TemplateQuery;

#[Object]
impl TemplateQuery {
    /// The workspace's case templates: the built-ins (or the workspace's overrides of
    /// them) first, then its own, by key.
    async fn case_templates(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CaseTemplate>> {
        let s = session(ctx)?;
        Ok(template::list(s.read(), s).await?)
    }
}
