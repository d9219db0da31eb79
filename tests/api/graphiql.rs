//! GraphiQL served by CaseGraph itself: HTML only for clients that ask for it, assets from
//! this origin with their types and long cache lives, a Content-Security-Policy that
//! allows nothing else, and an example query that runs. (CI also opens it in Chromium:
//! `.ci/graphiql-browser-check.mjs`.)

use casegraph::domain::Role;
use casegraph::http::graphiql::{CONTENT_SECURITY_POLICY, EXAMPLE_QUERY};
use serde_json::{json, Value};

use crate::helpers::*;

const CHROME_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

async fn get(app: &TestApp, path: &str, accept: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.url))
        .header("accept", accept)
        .send()
        .await
        .unwrap()
}

/// The `src` and `href` values of the page that point at our assets.
fn asset_urls(html: &str) -> Vec<String> {
    html.split(['"'])
        .filter(|part| part.starts_with("/graphiql/assets/"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn browsers_get_graphiql_from_this_origin_under_a_strict_csp() {
    let app = spawn_app().await;
    let res = get(&app, "/graphql", CHROME_ACCEPT).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-type"), "text/html; charset=utf-8");
    assert_eq!(
        header(&res, "content-security-policy"),
        CONTENT_SECURITY_POLICY
    );
    assert!(CONTENT_SECURITY_POLICY.contains("script-src 'self';"));
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe-eval"));
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    assert_eq!(header(&res, "vary"), "Accept");
    let html = res.text().await.unwrap();
    // Nothing from another origin: no CDN, no graphql.org favicon, no inline script.
    assert!(!html.contains("://"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<style"), "{html}");
    // The example query and the Authorization template, for the start-up script.
    assert!(html.contains("query CasesWithTheirGraph"), "{html}");
    assert!(
        html.contains("&quot;Authorization&quot;: &quot;Bearer &lt;token&gt;&quot;"),
        "{html}"
    );
    let urls = asset_urls(&html);
    assert_eq!(urls.len(), 7, "{urls:?}");

    for url in urls {
        let bytes = embedded_asset(&app, &url).await;
        if url.contains("/graphiql.min.js?") {
            // graphiql's UMD build, with graphql-js inside: the real thing, not a stub.
            assert!(bytes.len() > 1_000_000, "{url}: {} bytes", bytes.len());
            assert!(bytes.starts_with(b"!function(e,t){"), "{url}");
        } else {
            assert!(!bytes.is_empty(), "{url}");
        }
    }
    let res = get(&app, "/graphiql/assets/nope.js", "*/*").await;
    assert_eq!(res.status().as_u16(), 404);
    let res = get(&app, "/graphiql/assets/..%2FCargo.toml", "*/*").await;
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn graphql_clients_never_get_html() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    for accept in [
        "*/*",
        "application/json",
        "application/graphql-response+json, application/json;q=0.9",
    ] {
        // Without a query: a GraphQL request error, not a page.
        let res = get(&app, "/graphql", accept).await;
        assert_eq!(res.status().as_u16(), 400, "{accept}");
        assert!(
            header(&res, "content-type").starts_with("application/"),
            "{accept}"
        );
        let body: Value = res.json().await.unwrap();
        assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{accept}");
        // With one: its answer.
        let res = app
            .client
            .get(format!("{}/graphql", app.url))
            .query(&[("query", "{ viewer { role } }")])
            .header("accept", accept)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{accept}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body, json!({ "data": { "viewer": { "role": "VIEWER" } } }));
    }
}

#[tokio::test]
async fn graphiql_can_be_turned_off() {
    let app = spawn_with(|args| args.graphiql = false).await;
    let res = get(&app, "/graphql", CHROME_ACCEPT).await;
    assert_eq!(res.status().as_u16(), 400);
    assert!(header(&res, "content-type").starts_with("application/json"));
    let res = get(&app, "/graphiql/assets/graphiql.min.js", "*/*").await;
    assert_eq!(res.status().as_u16(), 404);
}

#[tokio::test]
async fn the_example_query_runs() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    create_case(&app, &token, kyb_case("Northwind", None)).await;
    let data = app.ok(&token, EXAMPLE_QUERY, json!({})).await;
    assert_eq!(data["cases"]["totalCount"], 1, "{data}");
    let case = &data["cases"]["nodes"][0];
    assert_eq!(case["mainCompany"]["name"], "Northwind SAS", "{data}");
    assert_eq!(case["individuals"].as_array().unwrap().len(), 2, "{data}");
    assert_eq!(case["checks"].as_array().unwrap().len(), 3, "{data}");
}
