//! Alerts: raised by integrations and analysts, actioned by reviewers.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::alert::Alert;
use crate::service::alert::{self, AlertAction, RaiseAlertInput};
use crate::service::input::parse_id;

#[derive(Default)]
pub struct AlertMutation;

#[Object]
impl AlertMutation {
    /// Raises an alert on a case (analysts, integrations).
    async fn raise_alert(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alert.")] input: RaiseAlertInput,
    ) -> async_graphql::Result<Alert> {
        Ok(Alert(Node::one(alert::raise(session(ctx)?, &input).await?)))
    }

    /// Acts on an active alert (reviewers): `EXCLUDE` or `APPLY` a `CASE_DETAILS_REVIEW`,
    /// `APPLY` a `MANUAL_REVIEW` or `AML_MATCH`, `DISMISS` an `AML_MATCH` of a case still
    /// draft or open, a `DOCUMENT_*`, `REVIEW_DUE` or `SLA_BREACHED`. Any other pair is
    /// `BAD_USER_INPUT`.
    async fn action_alert(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alert.")] id: ID,
        #[graphql(desc = "What to do with it.")] action: AlertAction,
        #[graphql(desc = "Why (kept in the audit trail), at most 10,000 characters.")]
        comment: Option<String>,
    ) -> async_graphql::Result<Alert> {
        let s = session(ctx)?;
        Ok(Alert(Node::one(
            alert::action(s, parse_id("id", &id)?, action, comment.as_deref()).await?,
        )))
    }
}
