//! The nested case graph costs a fixed number of SQL statements, however many parents.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;

/// Every nested field of a case, down to the check level.
pub const GRAPH: &str = r#"{ cases(first: 60) { totalCount edges { node {
  id name tags flags assignee { id subject } risk { level } risks { totalCount nodes { level } } reviews { totalCount nodes { status } } lastReview { status }
  mainCompany { name } companies { id name } individuals { id firstName } relations { id ownershipPercentage }
  checks { id status documents { id } amlHits { id name } notes { id } }
  documents { totalCount nodes { id } } notes { totalCount nodes { id } } alerts { totalCount nodes { id } }
  auditTrail(first: 20) { totalCount nodes { seq } }
} } } }"#;

async fn statements_for_graph(app: &TestApp, token: &str, cases: usize) -> (u64, usize) {
    for i in 0..cases {
        create_case(app, token, kyb_case(&format!("Co {i}"), None)).await;
    }
    // Warm the identity cache so the count covers the query alone.
    app.ok(token, "{ viewer { role } }", json!({})).await;
    let before = app.statements();
    let data = app.ok(token, GRAPH, json!({})).await;
    let after = app.statements();
    let edges = data["cases"]["edges"].as_array().unwrap();
    for e in edges {
        assert_eq!(e["node"]["companies"].as_array().unwrap().len(), 2);
        assert_eq!(e["node"]["checks"].as_array().unwrap().len(), 3);
        assert_eq!(
            e["node"]["auditTrail"]["nodes"].as_array().unwrap().len(),
            11
        );
        assert_eq!(e["node"]["auditTrail"]["totalCount"], 11);
        assert_eq!(e["node"]["notes"]["totalCount"], 0);
    }
    (after - before, edges.len())
}

#[tokio::test]
async fn nested_query_statement_count_does_not_grow_with_parents() {
    let app = spawn_app().await;
    let small = statements_for_graph(&app, &app.token("small", Role::Analyst), 5).await;
    let large = statements_for_graph(&app, &app.token("large", Role::Analyst), 60).await;
    assert_eq!(small.1, 5);
    assert_eq!(large.1, 60);
    println!(
        "nested case graph: {} statements for 5 cases, {} for 60 cases",
        small.0, large.0
    );
    assert_eq!(small.0, large.0, "statements for 5 cases vs 60 cases");
    // cases + totalCount + one per nested list (tags, companies, individuals, relations,
    // checks, check documents, AML hits, check notes, and every risk and review for
    // `risk`/`lastReview`) + two per nested connection (the page, then one grouped count
    // for `totalCount`: risks, reviews, documents, notes, alerts, audit trail); the
    // assignee lookup costs nothing when no case is assigned.
    assert!(small.0 <= 23, "nested query took {} statements", small.0);
}

#[tokio::test]
async fn the_same_graph_through_case_by_id_and_aliases_stays_batched() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let a = create_case(&app, &token, kyb_case("A", None)).await;
    let b = create_case(&app, &token, kyb_case("B", None)).await;
    app.ok(&token, "{ viewer { role } }", json!({})).await;
    let q = r#"query($a: ID!, $b: ID!) {
      a: case(id: $a) { companies { name } checks { amlHits { id } } }
      b: case(id: $b) { companies { name } checks { amlHits { id } } } }"#;
    let before = app.statements();
    let data = app.ok(&token, q, json!({ "a": a, "b": b })).await;
    let used = app.statements() - before;
    assert_eq!(data["a"]["companies"][0]["name"], "A SAS");
    assert_eq!(data["b"]["companies"][0]["name"], "B SAS");
    // Two root lookups, then each level at most once per root.
    assert!(used <= 2 + 2 * 3, "used {used} statements");
}

const NOTES_PAGE: &str = r#"query($first: Int, $after: String, $last: Int, $before: String) {
  cases(first: 10, orderBy: { field: NAME, direction: ASC }) { nodes { name
    notes(first: $first, after: $after, last: $last, before: $before) {
      totalCount nodes { body } edges { cursor node { body } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }"#;

fn bodies(case: &serde_json::Value) -> Vec<String> {
    case["notes"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_case_list_pages_through_each_cases_notes_with_one_statement_per_level() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let add = "mutation($c: ID!, $b: String!) { addNote(caseId: $c, body: $b) { id } }";
    let a = create_case(&app, &token, kyb_case("A", None)).await;
    let b = create_case(&app, &token, kyb_case("B", None)).await;
    create_case(&app, &token, kyb_case("C (no notes)", None)).await;
    for i in 1..=5 {
        app.ok(&token, add, json!({ "c": a, "b": format!("a{i}") }))
            .await;
    }
    for i in 1..=3 {
        app.ok(&token, add, json!({ "c": b, "b": format!("b{i}") }))
            .await;
    }
    // Another workspace's notes never show up, nor count.
    let other = app.token("other", Role::Analyst);
    let x = create_case(&app, &other, kyb_case("A", None)).await;
    app.ok(&other, add, json!({ "c": x, "b": "secret" })).await;

    let before = app.statements();
    let first = app.ok(&token, NOTES_PAGE, json!({ "first": 2 })).await;
    // cases, then one windowed statement for every case's first page, then one grouped count.
    assert_eq!(app.statements() - before, 3);
    let cases = first["cases"]["nodes"].as_array().unwrap();
    assert_eq!(bodies(&cases[0]), ["a1", "a2"]);
    assert_eq!(bodies(&cases[1]), ["b1", "b2"]);
    assert_eq!(bodies(&cases[2]), Vec::<String>::new());
    assert_eq!(cases[0]["notes"]["totalCount"], 5);
    assert_eq!(cases[1]["notes"]["totalCount"], 3);
    assert_eq!(cases[2]["notes"]["totalCount"], 0);
    assert_eq!(
        cases[0]["notes"]["pageInfo"]["hasNextPage"], true,
        "{}",
        cases[0]
    );
    assert_eq!(cases[0]["notes"]["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(cases[2]["notes"]["pageInfo"]["hasNextPage"], false);
    assert_eq!(
        cases[0]["notes"]["edges"][1]["cursor"],
        cases[0]["notes"]["pageInfo"]["endCursor"]
    );

    // Walk case A's notes page by page with its cursors.
    let mut seen = bodies(&cases[0]);
    let mut after = cases[0]["notes"]["pageInfo"]["endCursor"].clone();
    loop {
        let page = app
            .ok(&token, NOTES_PAGE, json!({ "first": 2, "after": after }))
            .await;
        let a = page["cases"]["nodes"][0].clone();
        assert_eq!(a["name"], "A");
        assert_eq!(a["notes"]["pageInfo"]["hasPreviousPage"], true);
        seen.extend(bodies(&a));
        if a["notes"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = a["notes"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen, ["a1", "a2", "a3", "a4", "a5"]);

    // Backwards: the latest two, still oldest first within the page.
    let last = app.ok(&token, NOTES_PAGE, json!({ "last": 2 })).await;
    let a = &last["cases"]["nodes"][0];
    assert_eq!(bodies(a), ["a4", "a5"]);
    assert_eq!(a["notes"]["pageInfo"]["hasPreviousPage"], true);
    assert_eq!(a["notes"]["pageInfo"]["hasNextPage"], false);
    let before_cursor = a["notes"]["pageInfo"]["startCursor"].clone();
    let earlier = app
        .ok(
            &token,
            NOTES_PAGE,
            json!({ "last": 2, "before": before_cursor }),
        )
        .await;
    assert_eq!(bodies(&earlier["cases"]["nodes"][0]), ["a2", "a3"]);

    // Bad page arguments are refused with the argument named.
    for (vars, field) in [
        (json!({ "first": 1, "last": 1 }), "last"),
        (json!({ "first": 1, "after": "garbage" }), "after"),
    ] {
        let err = app.err(&token, NOTES_PAGE, vars).await;
        assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
        assert_eq!(err["extensions"]["field"], field, "{err}");
    }
    let err = app.err(&token, NOTES_PAGE, json!({ "first": 101 })).await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
}

#[tokio::test]
async fn aliases_with_different_pages_of_one_list_each_get_their_own_page() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, kyb_case("A", None)).await;
    let q = r#"query($id: ID!) { case(id: $id) {
      oldest: auditTrail(first: 1) { nodes { seq } }
      latest: auditTrail(last: 1) { nodes { seq } totalCount } } }"#;
    let d = app.ok(&token, q, json!({ "id": id })).await;
    assert_eq!(d["case"]["oldest"]["nodes"], json!([{ "seq": 1 }]));
    assert_eq!(d["case"]["latest"]["nodes"], json!([{ "seq": 11 }]));
    assert_eq!(d["case"]["latest"]["totalCount"], 11);
}
