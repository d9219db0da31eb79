//! `GET /documents/{id}?exp=…&sig=…`: a document's bytes, for a link signed by
//! `Document.downloadUrl` (see [`crate::storage::Documents::verify`]). The signature covers
//! the id, the document's workspace and the expiry; a link that is expired, altered or made
//! for another document is 403. The bytes are streamed from storage.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use uuid::Uuid;

use crate::service::document;
use crate::startup::AppState;

#[derive(Deserialize)]
pub struct Signed {
    exp: Option<i64>,
    sig: Option<String>,
}

fn forbidden() -> Response {
    (
        StatusCode::FORBIDDEN,
        "this download link is invalid or expired",
    )
        .into_response()
}

/// `Content-Disposition` for `name`: an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ._-()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Serves the document when the link's signature holds.
pub async fn download(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(signed): Query<Signed>,
) -> Response {
    let (Ok(id), Some(exp), Some(sig)) = (Uuid::parse_str(&id), signed.exp, signed.sig) else {
        return forbidden();
    };
    let now = chrono::Utc::now().timestamp();
    if exp < now {
        return forbidden();
    }
    let doc = match document::for_download(&state.db, id).await {
        Ok(Some(doc)) => doc,
        // An unknown id answers as a bad signature does: a link reveals nothing.
        Ok(None) => return forbidden(),
        Err(e) => {
            tracing::error!(error = ?e, "reading a document for download");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if !state
        .documents
        .verify(doc.id, &doc.workspace_id, exp, &sig, now)
    {
        return forbidden();
    }
    let stream = match state.documents.get(&doc.storage_key).await {
        Ok(stream) => stream,
        Err(e) => {
            tracing::error!(error = %e, document = %doc.id, "reading a document's bytes");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let content_type = HeaderValue::from_str(&doc.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut response = attachment(Body::from_stream(stream), content_type, &doc.file_name);
    if let Ok(value) = HeaderValue::from_str(&doc.size.to_string()) {
        response.headers_mut().insert(header::CONTENT_LENGTH, value);
    }
    response
}

/// A download's answer: `body` as an attachment named `file_name`, of `content_type`, not
/// sniffed and not cached (documents and case reports alike).
pub fn attachment(body: Body, content_type: HeaderValue, file_name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&content_disposition(file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
