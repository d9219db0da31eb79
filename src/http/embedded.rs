//! Files embedded in the binary and served with a year's cache life: GraphiQL's assets and
//! the reviewer console's. Their URLs carry a digest of their content (`?v=`), so a new
//! build's pages name new URLs.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One embedded file.
pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

impl Asset {
    /// The first six bytes of the content's SHA-256, in hex: the `v` of the asset's URL.
    pub fn digest(&self) -> String {
        hex::encode(&Sha256::digest(self.bytes)[..6])
    }
}

/// The asset `name` of `assets`, cached for a year; 404 when `enabled` is false or the name
/// is unknown.
pub fn serve(assets: &[Asset], name: &str, enabled: bool) -> Response {
    let Some(asset) = assets.iter().find(|a| a.name == name).filter(|_| enabled) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mut response = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        asset.bytes,
    )
        .into_response();
    if asset.content_type.starts_with("image/svg") {
        // An SVG opened on its own is a document: no scripts in it.
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
        );
    }
    response
}
