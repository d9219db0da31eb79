//! GraphiQL, served by CaseGraph itself: the page on `GET /graphql` (for clients that ask
//! for HTML) and its assets under `/graphiql/assets/`, embedded in the binary.
//!
//! The assets are graphiql's and React's npm builds, vendored unmodified by
//! `assets/graphiql/vendor.sh` (versions, checksums and licenses beside them), plus our
//! start-up script. Nothing comes from a CDN, so GraphiQL works offline and under the page's
//! Content-Security-Policy, which allows scripts, styles and requests to this origin only.

use std::sync::OnceLock;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use super::embedded::Asset;

use crate::startup::AppState;

/// The query GraphiQL opens with: a page of cases with a nested graph.
pub const EXAMPLE_QUERY: &str = "\
# Welcome to CaseGraph. Put a token in the Headers tab below
# (`casegraph token --workspace demo --role admin`, or the one `serve` printed),
# then run this query with the ▶ button or Ctrl-Enter.
query CasesWithTheirGraph($first: Int = 10) {
  cases(first: $first) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      name
      type
      status
      mainCompany {
        name
        country
      }
      individuals {
        firstName
        lastName
        isBeneficialOwner
      }
      checks {
        type
        status
      }
    }
  }
}
";

/// The Headers tab of a fresh GraphiQL: the bearer token CaseGraph needs.
pub const HEADERS_TEMPLATE: &str = "{\n  \"Authorization\": \"Bearer <token>\"\n}";

/// The page's policy: everything from this origin, nothing inline but styles.
///
/// `style-src 'unsafe-inline'`: GraphiQL's dialogs (settings, short keys) insert `<style>`
/// elements whose content varies (react-remove-scroll's scroll lock), so no hash can name
/// them; styles cannot run code. Fonts and a few icons are `data:` URLs inside graphiql's
/// CSS. No `'unsafe-eval'` and no inline script: the builds need neither (the browser check
/// in CI fails on any violation).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
     connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Where the assets are served.
pub const ASSETS_PATH: &str = "/graphiql/assets";

const ASSETS: [Asset; 7] = [
    Asset {
        name: "react.production.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "graphiql.min.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.js"),
    },
    Asset {
        name: "graphiql.min.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.css"),
    },
    Asset {
        name: "casegraph-graphiql.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/casegraph-graphiql.js"),
    },
    Asset {
        name: "casegraph-graphiql.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/graphiql/casegraph-graphiql.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../assets/graphiql/favicon.svg"),
    },
];

/// An asset's URL, with a digest of its content: the asset is cached for a year, and a new
/// build's page names new URLs.
fn asset_url(name: &str) -> String {
    static DIGESTS: OnceLock<Vec<String>> = OnceLock::new();
    let digests = DIGESTS.get_or_init(|| ASSETS.iter().map(Asset::digest).collect());
    let digest = ASSETS
        .iter()
        .position(|a| a.name == name)
        .and_then(|i| digests.get(i))
        .map_or("", String::as_str);
    format!("{ASSETS_PATH}/{name}?v={digest}")
}

/// True when the client asks for HTML before JSON: a browser does (`text/html` first, JSON
/// only through `*/*`), GraphQL clients do not. At equal preference, a request that carries
/// a `query` gets JSON.
pub fn wants_html(headers: &HeaderMap, has_query: bool) -> bool {
    let html = super::graphql::accept_rank(headers, "text/html", false);
    let json = super::graphql::accept_rank(headers, "application/json", true).max(
        super::graphql::accept_rank(headers, "application/graphql-response+json", true),
    );
    match (html, json) {
        (Some(_), None) => true,
        (Some(h), Some(j)) => h > j || (h == j && !has_query),
        _ => false,
    }
}

/// Escapes text for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The GraphiQL page.
pub fn page(endpoint: &str) -> Response {
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="robots" content="noindex">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>CaseGraph · GraphiQL</title>
    <link rel="icon" type="image/svg+xml" href="{favicon}">
    <link rel="stylesheet" href="{css}">
    <link rel="stylesheet" href="{page_css}">
  </head>
  <body>
    <div id="graphiql" data-endpoint="{endpoint}" data-query="{query}" data-headers="{headers}">Loading GraphiQL…</div>
    <script src="{react}"></script>
    <script src="{react_dom}"></script>
    <script src="{graphiql}"></script>
    <script src="{start}"></script>
  </body>
</html>
"#,
        favicon = asset_url("favicon.svg"),
        css = asset_url("graphiql.min.css"),
        react = asset_url("react.production.min.js"),
        react_dom = asset_url("react-dom.production.min.js"),
        graphiql = asset_url("graphiql.min.js"),
        start = asset_url("casegraph-graphiql.js"),
        page_css = asset_url("casegraph-graphiql.css"),
        endpoint = attribute(endpoint),
        query = attribute(EXAMPLE_QUERY),
        headers = attribute(HEADERS_TEMPLATE),
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::VARY, "Accept"),
        ],
        html,
    )
        .into_response()
}

/// `GET /graphiql/assets/{name}`: an embedded asset, cached for a year (its URL changes with
/// its content); 404 when GraphiQL is disabled or the name is unknown.
pub async fn asset(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Response {
    super::embedded::serve(&ASSETS, &name, state.graphiql)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn browsers_get_html_graphql_clients_get_json() {
        let chrome =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
        assert!(wants_html(&accept(chrome), false));
        assert!(wants_html(&accept(chrome), true));
        assert!(wants_html(&accept("text/html"), true));
        for client in [
            "*/*",
            "application/json",
            "application/graphql-response+json, application/json;q=0.9",
            "application/json, text/html;q=0.5",
        ] {
            assert!(!wants_html(&accept(client), false), "{client}");
        }
        assert!(!wants_html(&HeaderMap::new(), false));
        // Equal preference: a query decides.
        assert!(wants_html(&accept("text/html, application/json"), false));
        assert!(!wants_html(&accept("text/html, application/json"), true));
        assert!(!wants_html(&accept("text/html;q=0"), false));
    }

    #[test]
    fn every_asset_has_a_versioned_url_in_the_page() {
        let response = page("/graphql");
        assert_eq!(
            response.headers()[header::CONTENT_SECURITY_POLICY],
            CONTENT_SECURITY_POLICY
        );
        for asset in &ASSETS {
            let url = asset_url(asset.name);
            assert!(url.starts_with(&format!("{ASSETS_PATH}/{}?v=", asset.name)));
            assert_eq!(url.len(), ASSETS_PATH.len() + asset.name.len() + 4 + 12);
        }
        assert_eq!(
            attribute(r#"<a href="x">&</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
