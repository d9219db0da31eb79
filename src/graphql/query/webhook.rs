//! Webhooks and their deliveries (admins).

use async_graphql::{Context, Object, ID};

use crate::graphql::session;
use crate::graphql::types::webhook::{Webhook, WebhookDeliveryConnection};
use crate::service::input::parse_id;
use crate::service::page::PageRequest;
use crate::service::webhook;

#[derive(Default)]
pub struct WebhookQuery;

#[Object]
impl WebhookQuery {
    /// The workspace's webhooks, oldest first (admins).
    async fn webhooks(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Webhook>> {
        let s = session(ctx)?;
        Ok(webhook::list(s).await?.into_iter().map(Webhook).collect())
    }

    /// A webhook's deliveries, newest first (admins): what was sent, how often, and what
    /// the receiver answered.
    #[graphql(
        complexity = "(first.unwrap_or(20).clamp(0, 100) as usize).saturating_mul(child_complexity).saturating_add(1)"
    )]
    async fn webhook_deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The webhook.")] webhook_id: ID,
        #[graphql(
            desc = "Page size (at most 100; default 20).",
            validator(minimum = 0, maximum = 100)
        )]
        first: Option<i32>,
        #[graphql(desc = "Cursor to read forwards from.")] after: Option<String>,
    ) -> async_graphql::Result<WebhookDeliveryConnection> {
        let s = session(ctx)?;
        let page = PageRequest::from_args(first, after.as_deref(), None, None)?;
        let id = parse_id("webhookId", &webhook_id)?;
        Ok(WebhookDeliveryConnection(
            webhook::deliveries(s, id, &page).await?,
        ))
    }
}
