//! The `cases` connection: paging both ways, filters, ordering, totalCount.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;

const PAGE: &str = r#"query($first: Int, $after: String, $last: Int, $before: String, $filter: CaseFilter, $order: CaseOrder) {
  cases(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $order) {
    edges { cursor node { name } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  } }"#;

fn names(data: &Value) -> Vec<String> {
    data["cases"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn seed(app: &TestApp, token: &str) {
    for i in 0..7 {
        let input = json!({
            "name": format!("Case {i:02}"),
            "externalId": format!("ext-{i}"),
            "type": if i % 2 == 0 { "KYB" } else { "KYC" },
            "priority": if i < 3 { "HIGH" } else { "LOW" },
            "tags": if i % 3 == 0 { json!(["vip", "eu"]) } else { json!(["eu"]) },
            "checks": if i == 4 { json!([{ "type": "AML", "status": "NEED_REVIEW" }]) } else { json!([]) },
        });
        create_case(app, token, input).await;
    }
}

#[tokio::test]
async fn pages_forwards_and_backwards_by_name() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let writer = app.token("acme", Role::Analyst);
    seed(&app, &writer).await;
    let order = json!({ "field": "NAME", "direction": "ASC" });

    let p1 = app
        .ok(&token, PAGE, json!({ "first": 3, "order": order }))
        .await;
    assert_eq!(names(&p1), ["Case 00", "Case 01", "Case 02"]);
    assert_eq!(p1["cases"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(p1["cases"]["pageInfo"]["hasPreviousPage"], false);
    let p2 = app
        .ok(
            &token,
            PAGE,
            json!({ "first": 3, "after": p1["cases"]["pageInfo"]["endCursor"], "order": order }),
        )
        .await;
    assert_eq!(names(&p2), ["Case 03", "Case 04", "Case 05"]);
    let p3 = app
        .ok(
            &token,
            PAGE,
            json!({ "first": 3, "after": p2["cases"]["pageInfo"]["endCursor"], "order": order }),
        )
        .await;
    assert_eq!(names(&p3), ["Case 06"]);
    assert_eq!(p3["cases"]["pageInfo"]["hasNextPage"], false);

    // Backwards from the end, then from the start of the middle page.
    let last = app
        .ok(&token, PAGE, json!({ "last": 2, "order": order }))
        .await;
    assert_eq!(names(&last), ["Case 05", "Case 06"]);
    assert_eq!(last["cases"]["pageInfo"]["hasPreviousPage"], true);
    let back = app
        .ok(
            &token,
            PAGE,
            json!({ "last": 2, "before": p2["cases"]["pageInfo"]["startCursor"], "order": order }),
        )
        .await;
    assert_eq!(names(&back), ["Case 01", "Case 02"]);
    assert_eq!(back["cases"]["pageInfo"]["hasNextPage"], true);

    // Descending order, default page.
    let desc = app
        .ok(
            &token,
            PAGE,
            json!({ "order": { "field": "NAME", "direction": "DESC" } }),
        )
        .await;
    assert_eq!(names(&desc).first().map(String::as_str), Some("Case 06"));
    assert_eq!(names(&desc).len(), 7);
}

#[tokio::test]
async fn pages_by_creation_time_newest_first() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    seed(&app, &token).await;
    let mut seen = vec![];
    let mut after = Value::Null;
    loop {
        let page = app
            .ok(&token, PAGE, json!({ "first": 2, "after": after }))
            .await;
        seen.extend(names(&page));
        if page["cases"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["cases"]["pageInfo"]["endCursor"].clone();
    }
    let expected: Vec<String> = (0..7).rev().map(|i| format!("Case {i:02}")).collect();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn filters_combine_and_total_count_follows_them() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    seed(&app, &token).await;
    let q = r#"query($filter: CaseFilter) { cases(first: 100, filter: $filter, orderBy: { field: NAME, direction: ASC }) { totalCount edges { node { name } } } }"#;
    let run = |filter: Value| {
        let app = &app;
        let token = token.clone();
        async move { app.ok(&token, q, json!({ "filter": filter })).await }
    };
    let d = run(json!({ "type": ["KYB"] })).await;
    assert_eq!(names(&d), ["Case 00", "Case 02", "Case 04", "Case 06"]);
    assert_eq!(d["cases"]["totalCount"], 4);
    let d = run(json!({ "type": ["KYB"], "priority": ["HIGH"] })).await;
    assert_eq!(names(&d), ["Case 00", "Case 02"]);
    let d = run(json!({ "tags": ["vip", "eu"] })).await;
    assert_eq!(names(&d), ["Case 00", "Case 03", "Case 06"]);
    let d = run(json!({ "externalId": "ext-5" })).await;
    assert_eq!(names(&d), ["Case 05"]);
    let d = run(json!({ "search": "case 0" })).await;
    assert_eq!(d["cases"]["totalCount"], 7);
    let d = run(json!({ "search": "EXT-3" })).await;
    assert_eq!(names(&d), ["Case 03"]);
    let d = run(json!({ "search": "50%" })).await;
    assert_eq!(
        d["cases"]["totalCount"], 0,
        "LIKE wildcards in search are literal"
    );
    let d = run(json!({ "flags": ["FOR_REVIEW"] })).await;
    assert_eq!(names(&d), ["Case 04"]);
    let d = run(json!({ "status": ["DRAFT"] })).await;
    assert_eq!(d["cases"]["totalCount"], 0);
    let d =
        run(json!({ "riskLevel": ["NOT_DEFINED"], "createdAfter": "2000-01-01T00:00:00Z" })).await;
    assert_eq!(d["cases"]["totalCount"], 7);
    let d = run(json!({ "createdBefore": "2000-01-01T00:00:00Z" })).await;
    assert_eq!(d["cases"]["totalCount"], 0);
}

#[tokio::test]
async fn page_arguments_are_checked() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Viewer);
    let err = app
        .err(&token, "{ cases(first: 101) { totalCount } }", json!({}))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    let err = app
        .err(&token, "{ cases(first: -5) { totalCount } }", json!({}))
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    let err = app
        .err(
            &token,
            "{ cases(first: 1, last: 1) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    let err = app
        .err(
            &token,
            r#"{ cases(after: "garbage") { totalCount } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "after");
}
