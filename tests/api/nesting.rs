//! The nested case graph costs a fixed number of SQL statements, however many parents.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;

/// Every nested field of a case, down to the check level.
pub const GRAPH: &str = r#"{ cases(first: 100) { totalCount edges { node {
  id name tags flags assignee { id subject } risk { level } risks { level } reviews { status } lastReview { status }
  mainCompany { name } companies { id name } individuals { id firstName } relations { id ownershipPercentage }
  checks { id status documents { id } amlHits { id name } notes { id } }
  documents { id } notes { id } auditTrail { seq }
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
        assert_eq!(e["node"]["auditTrail"].as_array().unwrap().len(), 11);
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
    // cases + totalCount + one per nested relation (tags, risks, reviews, companies,
    // individuals, relations, checks, check documents, AML hits, check notes, documents,
    // notes, audit trail); the assignee lookup costs nothing when no case is assigned.
    assert!(small.0 <= 16, "nested query took {} statements", small.0);
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

/// Nested lists fetch their JSON columns (addresses, metadata, e-mails, phone numbers, check
/// and hit payloads, list types) only when a selected field reads them. The same parents
/// asked with and without those fields in one request (aliases) answer both right.
#[tokio::test]
async fn nested_json_fields_answer_whether_or_not_a_sibling_selection_asks_for_them() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let input = json!({
        "name": "Lazy", "type": "KYB",
        "companies": [{ "ref": "main", "name": "Lazy SAS", "isMain": true, "country": "FR",
            "address": { "line1": "1 Paix", "country": "FR" },
            "metadata": { "crm": "c-7" } }],
        "individuals": [{ "ref": "ceo", "firstName": "Ada", "lastName": "Lovelace",
            "emails": ["ada@example.com"], "phoneNumbers": ["+33612345678"],
            "address": { "line1": "2 Foch", "country": "FR" },
            "metadata": { "crm": "p-9" },
            "relations": [{ "roles": ["LEGAL_REPRESENTATIVE"], "position": "CEO" }] }],
        "checks": [{ "type": "AML", "subjectRef": "ceo", "data": { "provider": "acme-screening" },
            "amlHits": [{ "name": "Ada L.", "listTypes": ["PEP"], "score": 0.9,
                "data": { "match": "name" } }] }]
    });
    create_case(&app, &token, input).await;
    let q = r#"{ cases(first: 10) { nodes {
      companies { name }
      mainCompany { name address { line1 } metadata }
      lean: individuals { firstName }
      full: individuals { firstName emails phoneNumbers address { line1 } metadata }
      checks { type amlHits { name } }
      payloads: checks { data amlHits { name listTypes data } }
    } } }"#;
    let data = app.ok(&token, q, json!({})).await;
    let case = &data["cases"]["nodes"][0];
    assert_eq!(case["companies"], json!([{ "name": "Lazy SAS" }]));
    assert_eq!(
        case["mainCompany"],
        json!({ "name": "Lazy SAS", "address": { "line1": "1 Paix" }, "metadata": { "crm": "c-7" } })
    );
    assert_eq!(case["lean"], json!([{ "firstName": "Ada" }]));
    assert_eq!(
        case["full"],
        json!([{ "firstName": "Ada", "emails": ["ada@example.com"], "phoneNumbers": ["+33612345678"],
            "address": { "line1": "2 Foch" }, "metadata": { "crm": "p-9" } }])
    );
    assert_eq!(
        case["checks"],
        json!([{ "type": "AML", "amlHits": [{ "name": "Ada L." }] }])
    );
    assert_eq!(
        case["payloads"],
        json!([{ "data": { "provider": "acme-screening" },
            "amlHits": [{ "name": "Ada L.", "listTypes": ["PEP"], "data": { "match": "name" } }] }])
    );
}
