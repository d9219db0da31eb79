//! `GET /reports/{caseId}?format=…&exp=…&sig=…`: a case report, for a link signed by
//! `caseReport` (with the document links' key, [`crate::storage::Documents::sign`]). The
//! signature covers the case, the format, the case's workspace and the expiry; a link that
//! is expired, altered, made for another case or format, or whose case was deleted is 403,
//! as a document link is. The report is read and rendered now, and never stored.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::documents::attachment;
use crate::service::report::{self, ReportFormat};
use crate::startup::AppState;

#[derive(Deserialize)]
pub struct Signed {
    format: Option<String>,
    exp: Option<i64>,
    sig: Option<String>,
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "this report link is invalid or expired",
    )
        .into_response()
}

fn failed(e: impl std::fmt::Debug) -> Response {
    tracing::error!(error = ?e, "making a case report");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// Renders the report when the link's signature holds.
pub async fn download(
    State(state): State<Arc<AppState>>,
    Path(case_id): Path<String>,
    Query(signed): Query<Signed>,
    headers: HeaderMap,
) -> Response {
    let (Ok(case_id), Some(format), Some(exp), Some(sig)) = (
        Uuid::parse_str(&case_id),
        signed.format.as_deref().and_then(ReportFormat::parse),
        signed.exp,
        signed.sig,
    ) else {
        return forbidden();
    };
    if exp < chrono::Utc::now().timestamp() {
        return forbidden();
    }
    let case = match report::case_for_link(&state.db, case_id).await {
        Ok(Some(case)) => case,
        // An unknown or deleted case answers as a bad signature does: a link reveals nothing.
        Ok(None) => return forbidden(),
        Err(e) => return failed(e),
    };
    if !report::verify_link(
        &state.documents,
        case_id,
        format,
        &case.workspace_id,
        exp,
        &sig,
    ) {
        return forbidden();
    }
    let request_id = headers
        .get(super::X_REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let s = report::link_session(&state.db, &case.workspace_id, request_id);
    let made = tokio::time::timeout(state.limits.request_timeout(), async {
        let content = report::gather(&s, &state.signer, case_id).await?;
        match format {
            ReportFormat::Json => report::to_json(&content),
            // Laying out and subsetting the font is CPU work: off the async workers.
            ReportFormat::Pdf => tokio::task::spawn_blocking(move || report::to_pdf(&content))
                .await
                .map_err(|e| crate::error::AppError::Internal(format!("report task: {e}")))?,
        }
    })
    .await;
    let bytes = match made {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(crate::error::AppError::NotFound { .. })) => return forbidden(),
        Ok(Err(e)) => return failed(e),
        Err(_) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "the report took longer than the request timeout",
            )
                .into_response()
        }
    };
    let name = report::file_name(&case, format, chrono::Utc::now());
    attachment(
        Body::from(bytes),
        HeaderValue::from_static(format.content_type()),
        &name,
    )
}
