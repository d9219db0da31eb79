//! The reviewer console served by CaseGraph itself (issue 13): its page on `/console` and on
//! every client route below it, its assets from this origin with their types and long cache
//! lives, a Content-Security-Policy that allows nothing else, and nothing at all when it is
//! turned off. (CI also drives it in Chromium against a demo server:
//! `.ci/console-browser-check.mjs`.)

use casegraph::http::console::CONTENT_SECURITY_POLICY;

use crate::helpers::*;

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.url))
        .header("accept", "text/html,*/*;q=0.8")
        .send()
        .await
        .unwrap()
}

/// The `src` and `href` values of the page that point at the console's assets.
fn asset_urls(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|part| part.starts_with("/console/assets/"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_console_and_its_assets_are_served_from_this_origin_with_their_types() {
    let app = spawn_app().await;
    let res = get(&app, "/console").await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&res, "cache-control"), "no-cache");
    assert_eq!(
        header(&res, "content-security-policy"),
        CONTENT_SECURITY_POLICY
    );
    assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
    assert!(CONTENT_SECURITY_POLICY.contains("connect-src 'self';"));
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-eval"));
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    let html = res.text().await.unwrap();
    // The built page: no CDN, no inline script, not the development entry point.
    assert!(!html.contains("://"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("/src/main.tsx"), "{html}");
    assert!(html.contains(r#"<div id="root">"#), "{html}");

    // Client routes (a reloaded or shared case link) get the same page.
    for path in [
        "/console/",
        "/console/cases/0b5e8c0e-6d0f-4a53-9a43-2f0c1c4a1f00",
        "/console/cases/x?status=OPEN",
    ] {
        let res = get(&app, path).await;
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
        assert_eq!(res.text().await.unwrap(), html, "{path}");
    }

    let urls = asset_urls(&html);
    assert_eq!(urls.len(), 3, "{urls:?}");
    for url in urls {
        assert!(url.contains("?v="), "{url}: no digest");
        let body = embedded_asset(&app, &url).await;
        if url.contains("/console.js?") {
            // The real build: React, Cytoscape and the console's own operations inside.
            let text = String::from_utf8_lossy(&body);
            assert!(body.len() > 300_000, "{url}: {} bytes", body.len());
            assert!(text.contains("query ConsoleCases"), "{url}");
            assert!(text.contains("/graphql/ws"), "{url}");
        } else {
            assert!(!body.is_empty(), "{url}");
        }
    }
    // Unknown assets are 404, never the page.
    for path in [
        "/console/assets/nope.js",
        "/console/assets/..%2F..%2FCargo.toml",
    ] {
        let res = get(&app, path).await;
        assert_eq!(res.status().as_u16(), 404, "{path}");
        assert!(
            !header(&res, "content-type").starts_with("text/html"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_server_started_without_the_console_serves_none_of_it() {
    let app = spawn_with(|args| args.console = false).await;
    for path in ["/console", "/console/cases/x", "/console/assets/console.js"] {
        let res = get(&app, path).await;
        assert_eq!(res.status().as_u16(), 404, "{path}");
    }
    // The API is still there.
    let res = get(&app, "/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
}
