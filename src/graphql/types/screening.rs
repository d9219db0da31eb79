//! Screening results and what ingesting one did.

use async_graphql::{Json, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::screening_result;
use serde_json::Value;

use super::case::Case;
use super::json;
use crate::domain::{ScreeningKind, ScreeningOutcome};

/// A provider's screening result, as stored (once per `screeningId`).
pub struct ScreeningResult(pub screening_result::Model);

/// A provider's screening result, as stored (once per `screeningId`).
#[Object]
impl ScreeningResult {
    /// Id (UUID).
    pub async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The provider's id of the screening, unique in the workspace.
    async fn screening_id(&self) -> &str {
        &self.0.screening_id
    }
    /// What was screened for.
    async fn kind(&self) -> ScreeningKind {
        self.0.kind
    }
    /// Overall match confidence, 0–100.
    async fn confidence(&self) -> f64 {
        self.0.confidence
    }
    /// Risk score, 0–100.
    async fn risk_score(&self) -> f64 {
        self.0.risk_score
    }
    /// The screened subject, as received.
    async fn subject(&self) -> Json<Value> {
        json(&self.0.subject)
    }
    /// The matches, as received.
    async fn hits(&self) -> Json<Value> {
        json(&self.0.hits)
    }
    /// What its ingestion did (`CASE_CREATED`, `TRIGGER_OFF` or `BELOW_THRESHOLD`).
    async fn outcome(&self) -> ScreeningOutcome {
        self.0.outcome
    }
    /// Id of the case it opened, if any.
    async fn case_id(&self) -> Option<ID> {
        self.0.case_id.map(|id| ID(id.to_string()))
    }
    /// When it was ingested.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// What `ingestScreeningResult` did: the case it created, or why none was created.
#[derive(SimpleObject)]
pub struct ScreeningIngestion {
    /// `CASE_CREATED`, or why no case was created (`TRIGGER_OFF`, `BELOW_THRESHOLD`,
    /// `DUPLICATE_SCREENING_ID`).
    pub outcome: ScreeningOutcome,
    /// The case this call created (`null` unless `outcome` is `CASE_CREATED`).
    pub case: Option<Case>,
    /// The stored result; for `DUPLICATE_SCREENING_ID`, the first one (see its `caseId`).
    pub screening: ScreeningResult,
}
