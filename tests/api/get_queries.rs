//! `GET /graphql?query=…`: queries run exactly as over POST (token, limits, rate limits,
//! codes); mutations never run (405, `Allow: POST`).

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;

/// GETs `/graphql` with these parameters; status, headers and JSON body.
async fn get(
    app: &TestApp,
    token: Option<&str>,
    accept: &str,
    params: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut req = app
        .client
        .get(format!("{}/graphql", app.url))
        .query(params)
        .header("accept", accept);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.json().await.unwrap_or(Value::Null))
}

const JSON: &str = "application/json";
const GRAPHQL_JSON: &str = "application/graphql-response+json";

#[tokio::test]
async fn a_query_over_get_answers_as_over_post() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    create_case(&app, &token, kyb_case("Northwind", Some("crm-1"))).await;
    let query = "query ByRef($ref: String!) { caseByExternalId(externalId: $ref) { name mainCompany { name } } }";
    let variables = json!({ "ref": "crm-1" });
    let posted = app.ok(&token, query, variables.clone()).await;
    for accept in [JSON, GRAPHQL_JSON] {
        let (status, headers, body) = get(
            &app,
            Some(&token),
            accept,
            &[
                ("query", query),
                ("variables", &variables.to_string()),
                ("operationName", "ByRef"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with(accept));
        assert!(headers.contains_key("x-request-id"));
        assert_eq!(body, json!({ "data": posted }), "{accept}");
    }
    // Several operations: `operationName` picks the query.
    let two = "query A { viewer { role } } mutation B { deleteCase(id: \"x\") }";
    let (status, _, body) = get(
        &app,
        Some(&token),
        JSON,
        &[("query", two), ("operationName", "A")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["viewer"]["role"], "ANALYST");
}

#[tokio::test]
async fn a_mutation_over_get_is_405_and_does_not_run() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let input = json!({ "input": { "name": "Over GET", "type": "KYC" } });
    for accept in [JSON, GRAPHQL_JSON] {
        let (status, headers, body) = get(
            &app,
            Some(&token),
            accept,
            &[("query", CREATE_CASE), ("variables", &input.to_string())],
        )
        .await;
        assert_eq!(status, 405, "{body}");
        assert_eq!(headers["allow"], "POST");
        assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
        assert!(body.get("data").is_none(), "{body}");
    }
    // Named among several.
    let two = "query A { viewer { role } } mutation B { deleteCase(id: \"x\") }";
    let (status, _, body) = get(
        &app,
        Some(&token),
        JSON,
        &[("query", two), ("operationName", "B")],
    )
    .await;
    assert_eq!(status, 405, "{body}");
    let data = app
        .ok(&token, "{ cases(first: 5) { totalCount } }", json!({}))
        .await;
    assert_eq!(
        data["cases"]["totalCount"], 0,
        "nothing was created over GET"
    );
}

#[tokio::test]
async fn get_requests_pass_the_same_checks() {
    let app = spawn_with(|args| {
        args.limits.rate_limit_subject = 1;
        args.limits.rate_limit_subject_burst = 2;
    })
    .await;
    let token = app.token("acme", Role::Viewer);
    // No token.
    let (status, headers, body) = get(&app, None, JSON, &[("query", "{ viewer { role } }")]).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(headers["www-authenticate"], "Bearer");
    assert_eq!(code(&body["errors"][0]), "UNAUTHENTICATED");
    // Broken variables.
    let (status, _, body) = get(
        &app,
        Some(&token),
        JSON,
        &[("query", "{ viewer { role } }"), ("variables", "{nope")],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
    assert_eq!(body["errors"][0]["extensions"]["field"], "variables");
    // The request limits: too many aliases.
    let aliases: String = (0..40)
        .map(|i| format!("a{i}: viewer {{ role }} "))
        .collect();
    let (status, _, body) = get(
        &app,
        Some(&token),
        GRAPHQL_JSON,
        &[("query", &format!("{{ {aliases} }}"))],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED", "{body}");
    // A parse error under graphql-response+json: 400 without data, as over POST.
    let (status, _, body) = get(&app, Some(&token), GRAPHQL_JSON, &[("query", "{ viewer")]).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
    assert!(body.get("data").is_none());
    // The rate limit: the two requests above that reached authentication emptied the bucket.
    let (status, headers, body) = get(
        &app,
        Some(&token),
        JSON,
        &[("query", "{ viewer { role } }")],
    )
    .await;
    assert_eq!(status, 429, "{body}");
    assert!(headers.contains_key("retry-after"));
    assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED");
}
