//! The subscription root (SPEC §4), served over graphql-ws at `/graphql/ws`: the token
//! comes in `connection_init` (see `http::ws`), the same limits apply as to queries.

use async_graphql::{Context, Subscription, ID};
use futures_util::{Stream, StreamExt};

use crate::domain::EventType;
use crate::events::Bus;
use crate::graphql::session;
use crate::graphql::types::event::DomainEvent;
use crate::service::events;
use crate::service::input::parse_id;

/// Live events.
#[derive(Default)]
pub struct Subscription;

/// Live events over graphql-ws at `/graphql/ws` (token in `connection_init`): what
/// committed in the caller's workspace, in order.
#[Subscription]
impl Subscription {
    /// The events of one case, in order, from now on (after each change committed).
    async fn case_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to follow.")] case_id: ID,
        #[graphql(desc = "Only these event types (default: all).")] types: Option<Vec<EventType>>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<DomainEvent>>> {
        let s = session(ctx)?;
        let bus = ctx.data::<Bus>()?;
        let id = parse_id("caseId", &case_id)?;
        let stream = Box::pin(events::subscribe(s, bus, Some(id), types)).await?;
        Ok(stream.map(|e| e.map(DomainEvent).map_err(Into::into)))
    }

    /// The events of the whole workspace, in commit order (a reviewer console's live queue).
    async fn workspace_events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these event types (default: all).")] types: Option<Vec<EventType>>,
    ) -> async_graphql::Result<impl Stream<Item = async_graphql::Result<DomainEvent>>> {
        let s = session(ctx)?;
        let bus = ctx.data::<Bus>()?;
        let stream = Box::pin(events::subscribe(s, bus, None, types)).await?;
        Ok(stream.map(|e| e.map(DomainEvent).map_err(Into::into)))
    }
}
