//! The reviewer console (issue 13), served by CaseGraph itself: its page on `GET /console`
//! and every path below it (the console routes on the client, so a reloaded or shared
//! `/console/cases/<id>` gets the same page), and its assets under `/console/assets/`,
//! embedded in the binary.
//!
//! The sources are in `console/` (TypeScript, React, Cytoscape.js; typed operations generated
//! from `schema.graphql`); `npm run build` there writes `assets/console/`, committed, so
//! building the server needs no Node. The build has fixed file names; the page served here
//! is the built `index.html` with a digest of each asset appended to its URL, so assets are
//! cached for a year and a new build's page names new URLs. Nothing comes from a CDN: the
//! page's Content-Security-Policy allows this origin only.

use std::sync::{Arc, OnceLock};

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::embedded::Asset;
use crate::startup::AppState;

/// Where the console is served.
pub const PATH: &str = "/console";

/// Where its assets are served (the build's `base` + `assets/`).
pub const ASSETS_PATH: &str = "/console/assets";

/// The page's policy: everything from this origin (the API over HTTP and its websocket),
/// nothing inline but styles. `style-src 'unsafe-inline'`: React and Cytoscape set element
/// styles; styles cannot run code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
     connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: [Asset; 3] = [
    Asset {
        name: "console.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/console/assets/console.js"),
    },
    Asset {
        name: "console.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/console/assets/console.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../assets/console/assets/favicon.svg"),
    },
];

/// The built page, naming the assets by `/console/assets/<name>`.
const INDEX_HTML: &str = include_str!("../../assets/console/index.html");

/// The page, with `?v=<digest>` after each asset's URL (computed once).
fn index() -> &'static str {
    static PAGE: OnceLock<String> = OnceLock::new();
    PAGE.get_or_init(|| {
        ASSETS.iter().fold(INDEX_HTML.to_owned(), |html, asset| {
            let url = format!("{ASSETS_PATH}/{}", asset.name);
            let versioned = format!("\"{url}?v={}\"", asset.digest());
            html.replace(&format!("\"{url}\""), &versioned)
        })
    })
}

/// `GET /console` and `GET /console/{*path}`: the console's page (404 when disabled).
pub async fn page(State(state): State<Arc<AppState>>) -> Response {
    if !state.console {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        index(),
    )
        .into_response()
}

/// `GET /console/assets/{name}`: an embedded asset, cached for a year (its URL changes with
/// its content); 404 when the console is disabled or the name is unknown.
pub async fn asset(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    super::embedded::serve(&ASSETS, &name, state.console)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_every_asset_with_its_digest() {
        let page = index();
        for asset in &ASSETS {
            let url = format!("\"{ASSETS_PATH}/{}?v=", asset.name);
            assert!(page.contains(&url), "{url} not in the page:\n{page}");
        }
        assert!(!page.contains("/src/"), "the page is the built one");
    }
}
