//! Alerts: raised by integrations and analysts, actioned by reviewers.

use async_graphql::{Context, Object, ID};

use crate::graphql::loaders::Node;
use crate::graphql::types::alert::Alert;
use crate::graphql::{idempotency, session};
use crate::service::alert::{self, AlertAction, RaiseAlertInput};
use crate::service::input::parse_id;

#[derive(Default)]
pub struct AlertMutation;

#[Object]
impl AlertMutation {
    /// Raises an alert on a case (analysts, integrations). With an `idempotencyKey`, a
    /// retry (same key, same arguments) returns the alert the first call raised; the same
    /// key with other arguments is `CONFLICT`.
    async fn raise_alert(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alert.")] input: RaiseAlertInput,
        #[graphql(desc = "Makes a retry return the first call's alert (1–255 characters).")]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<Alert> {
        let s = session(ctx)?;
        let key = idempotency(ctx, "raiseAlert", idempotency_key.as_deref())?;
        Ok(Alert(Node::one(
            alert::raise(s, &input, key.as_ref()).await?,
        )))
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
