//! Screening results from providers.

use async_graphql::{Context, Object};

use crate::graphql::loaders::Node;
use crate::graphql::types::case::Case;
use crate::graphql::types::screening::{ScreeningIngestion, ScreeningResult};
use crate::graphql::{idempotency, session};
use crate::service::screening::{self, IngestScreeningResultInput};

#[derive(Default)]
pub struct ScreeningMutation;

#[Object]
impl ScreeningMutation {
    /// Ingests a screening provider's result (analysts, integrations). The workspace's
    /// `caseTriggers` decide whether it opens a case (of the kind's type, with the subject
    /// as its company or individual and the hits on an AML check); the answer names the
    /// case created or why none was. The same `screeningId` twice creates nothing new
    /// (`DUPLICATE_SCREENING_ID`). With an `idempotencyKey`, a retry (same key, same
    /// arguments) gets the first call's answer; the same key with other arguments is
    /// `CONFLICT`.
    async fn ingest_screening_result(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The provider's result.")] input: IngestScreeningResultInput,
        #[graphql(desc = "Makes a retry return the first call's answer (1–255 characters).")]
        idempotency_key: Option<String>,
    ) -> async_graphql::Result<ScreeningIngestion> {
        let s = session(ctx)?;
        let key = idempotency(ctx, "ingestScreeningResult", idempotency_key.as_deref())?;
        let done = screening::ingest(s, &input, key.as_ref()).await?;
        Ok(ScreeningIngestion {
            outcome: done.outcome,
            case: done.case.map(|c| Case(Node::one(c))),
            screening: ScreeningResult(done.screening),
        })
    }
}
