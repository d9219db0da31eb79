//! Case templates (admins).

use async_graphql::{Context, Object};

use crate::graphql::session;
use crate::service::template::{self, CaseTemplate, CaseTemplateInput};

#[derive(Default)]
pub struct TemplateMutation;

#[Object]
impl TemplateMutation {
    /// Creates or replaces a case template (admins). Using a built-in's key overrides the
    /// built-in for this workspace.
    async fn upsert_case_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The template; one with the same `key` is replaced.")]
        input: CaseTemplateInput,
    ) -> async_graphql::Result<CaseTemplate> {
        Ok(template::upsert(session(ctx)?, &input).await?)
    }

    /// Deletes a template of the workspace (admins); deleting the override of a built-in
    /// restores the built-in, which is returned (otherwise `null`).
    async fn delete_case_template(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `key` of the template to delete.")] key: String,
    ) -> async_graphql::Result<Option<CaseTemplate>> {
        Ok(template::delete(session(ctx)?, &key).await?)
    }
}
