//! Webhooks (admins).

use async_graphql::{Context, Object, ID};

use crate::graphql::session;
use crate::graphql::types::webhook::Webhook;
use crate::service::input::parse_id;
use crate::service::webhook::{self, CreateWebhookInput, UpdateWebhookInput, UrlPolicy};

#[derive(Default)]
pub struct WebhookMutation;

fn policy(ctx: &Context<'_>) -> UrlPolicy {
    ctx.data_opt::<UrlPolicy>().copied().unwrap_or_default()
}

#[Object]
impl WebhookMutation {
    /// Registers a receiver of the workspace's events (admins). Deliveries are signed with
    /// `secret`: see the README's "Webhooks" section.
    async fn create_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "URL, event types and secret.")] input: CreateWebhookInput,
    ) -> async_graphql::Result<Webhook> {
        let s = session(ctx)?;
        Ok(Webhook(webhook::create(s, &input, policy(ctx)).await?))
    }

    /// Changes a webhook (admins).
    async fn update_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
        #[graphql(desc = "The fields to change.")] input: UpdateWebhookInput,
    ) -> async_graphql::Result<Webhook> {
        let s = session(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(Webhook(webhook::update(s, id, &input, policy(ctx)).await?))
    }

    /// Deletes a webhook and its deliveries (admins); returns its id.
    async fn delete_webhook(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] id: ID,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(ID(webhook::delete(s, id).await?.to_string()))
    }
}
