//! Relay refetch: any object of the workspace by its id.

use async_graphql::{Context, Object, ID};

use crate::error::AppError;
use crate::graphql::session;
use crate::graphql::types::node::AnyNode;
use crate::service::input::parse_id;
use crate::service::node::{self, MAX_IDS};

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object of your workspace by its id, whatever its kind (Relay refetch): a case,
    /// company, individual, relation, check, AML hit, document, note, risk, case review,
    /// alert, audit event, user or custom property definition. `null` when no object of
    /// your workspace has this id (another workspace's objects are never found).
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The object's `id` (a UUID).")] id: ID,
    ) -> async_graphql::Result<Option<AnyNode>> {
        let s = session(ctx)?;
        let id = parse_id("id", &id)?;
        Ok(node::find(s, id).await?.map(AnyNode::from))
    }

    /// Several objects by id, as `node` finds each one, in the order given (`null` for an
    /// id not found). At most 100 ids.
    #[graphql(complexity = "ids.len().saturating_mul(child_complexity).saturating_add(1)")]
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The objects' ids (UUIDs), at most 100.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<AnyNode>>> {
        let s = session(ctx)?;
        if ids.len() > MAX_IDS {
            return Err(AppError::bad_input("ids", format!("at most {MAX_IDS} ids")).into());
        }
        let ids = ids
            .iter()
            .enumerate()
            .map(|(i, id)| parse_id(&format!("ids[{i}]"), id))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(node::find(s, id).await?.map(AnyNode::from));
        }
        Ok(out)
    }
}
