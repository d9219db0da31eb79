//! The demo workspace (`serve --demo`): seeded into a test server's database as `serve`
//! does, then read over the API as an analyst would see it.

use std::collections::{HashMap, HashSet};

use casegraph::demo::{self, Seeded};
use casegraph::domain::Role;
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::helpers::{create_case, kyb_case, spawn_app, TestApp};

const CASES: &str = "query($after: String) {
  cases(first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id externalId status createdAt
      companies { country registrationNumber }
      individuals { id isBeneficialOwner }
      beneficialOwners { id }
      checks { type status documents { type contentType size sha256 downloadUrl } }
      auditTrail(first: 100) { nodes { seq at } }
    }
  }
}";

/// Every case of the workspace, page by page.
async fn all_cases(app: &TestApp, token: &str) -> Vec<Value> {
    let mut cases = vec![];
    let mut after = Value::Null;
    loop {
        let data = app.ok(token, CASES, json!({ "after": after })).await;
        let page = &data["cases"];
        cases.extend(page["nodes"].as_array().cloned().unwrap_or_default());
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            return cases;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

fn time(value: &Value) -> DateTime<Utc> {
    value
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| panic!("not a time: {value}"))
}

/// The shape of a registration number: digits as `9`, letters as `A`, the rest as is.
fn shape(number: &str) -> String {
    number
        .chars()
        .map(|c| match c {
            '0'..='9' => '9',
            c if c.is_ascii_alphabetic() => 'A',
            c => c,
        })
        .collect()
}

#[tokio::test]
async fn the_demo_tells_a_consistent_story() {
    let app = spawn_app().await;
    let seeded = demo::seed(&app.state.db, &app.state.documents)
        .await
        .unwrap_or_else(|e| panic!("seed: {e:?}"));
    assert_eq!(seeded, 50);
    assert_eq!(demo::seeded(&app.state.db).await.ok(), Some(Seeded::Fully));
    let token = app.token(demo::WORKSPACE, Role::Viewer);
    let cases = all_cases(&app, &token).await;
    assert_eq!(cases.len(), 50);

    let now = Utc::now();
    let mut all_times = HashSet::new();
    let mut formats: HashMap<String, HashSet<String>> = HashMap::new();
    let mut owners = 0;
    for case in &cases {
        let name = &case["externalId"];

        // The trail verifies, and tells the case's history in order, in the past.
        let verified = app
            .ok(
                &token,
                "query($id: ID!) { verifyAuditTrail(caseId: $id) { valid eventsChecked } }",
                json!({ "id": case["id"] }),
            )
            .await;
        assert_eq!(verified["verifyAuditTrail"]["valid"], json!(true), "{name}");
        let mut events = case["auditTrail"]["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        events.sort_by_key(|e| e["seq"].as_i64());
        let times: Vec<DateTime<Utc>> = events.iter().map(|e| time(&e["at"])).collect();
        assert!(!times.is_empty(), "{name}");
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{name}: {times:?}");
        assert!(times.iter().all(|t| *t < now), "{name}");
        // The case row was created when its first event says.
        assert_eq!(time(&case["createdAt"]), times[0], "{name}");
        if matches!(
            case["status"].as_str(),
            Some("APPROVED" | "REJECTED" | "CLOSED")
        ) {
            let took = times[times.len() - 1] - times[0];
            assert!(took >= Duration::days(7), "{name} decided in {took}");
        }
        all_times.extend(times);

        // The flag on each person agrees with the computed beneficial owners.
        let computed: HashSet<&str> = case["beneficialOwners"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["id"].as_str())
            .collect();
        for person in case["individuals"].as_array().into_iter().flatten() {
            let id = person["id"].as_str().unwrap_or_default();
            assert_eq!(
                person["isBeneficialOwner"],
                json!(computed.contains(id)),
                "{name}: individual {id}"
            );
        }
        owners += computed.len();

        for company in case["companies"].as_array().into_iter().flatten() {
            let (Some(country), Some(number)) = (
                company["country"].as_str(),
                company["registrationNumber"].as_str(),
            ) else {
                panic!("{name}: company without country or number: {company}");
            };
            assert!(number.chars().count() <= 20, "{number}");
            formats
                .entry(country.to_owned())
                .or_default()
                .insert(shape(number));
        }
    }
    // Approved identity-document checks carry their document (a generated PDF, uploaded
    // through uploadDocument's service), which downloads with the bytes its sha256 names;
    // no other check has one.
    let mut documents = 0;
    for case in &cases {
        for check in case["checks"].as_array().into_iter().flatten() {
            let docs = check["documents"].as_array().cloned().unwrap_or_default();
            if check["type"] == "ID_DOCUMENT" && check["status"] == "APPROVED" {
                assert_eq!(docs.len(), 1, "{}: {check}", case["externalId"]);
            } else {
                assert!(docs.is_empty(), "{}: {check}", case["externalId"]);
            }
            for doc in docs {
                assert!(matches!(doc["type"].as_str(), Some("PASSPORT" | "ID_CARD")));
                assert_eq!(doc["contentType"], "application/pdf");
                let url = format!("{}{}", app.url, doc["downloadUrl"].as_str().unwrap_or(""));
                let res = app.client.get(&url).send().await.unwrap();
                assert_eq!(res.status(), 200, "{url}");
                assert_eq!(res.headers()["content-type"], "application/pdf");
                let bytes = res.bytes().await.unwrap();
                assert!(bytes.starts_with(b"%PDF-"));
                assert_eq!(json!(bytes.len()), doc["size"]);
                use sha2::Digest;
                assert_eq!(
                    json!(hex::encode(sha2::Sha256::digest(&bytes))),
                    doc["sha256"]
                );
                documents += 1;
            }
        }
    }
    assert!(documents >= 10, "only {documents} demo documents");

    assert!(all_times.len() > 100, "audit times barely differ");
    assert!(owners > 10, "only {owners} beneficial owners");

    // Each country's register has its own format.
    assert!(formats.len() >= 8, "{formats:?}");
    for (country, shapes) in &formats {
        for (other, other_shapes) in &formats {
            if country != other {
                assert!(
                    shapes.is_disjoint(other_shapes),
                    "{country} and {other} share a format: {shapes:?} {other_shapes:?}"
                );
            }
        }
    }

    // A second run finds the demo complete and writes nothing.
    let again = demo::seed(&app.state.db, &app.state.documents)
        .await
        .unwrap_or_else(|e| panic!("second seed: {e:?}"));
    assert_eq!(again, 50);
    let data = app
        .ok(&token, "{ cases(first: 1) { totalCount } }", json!({}))
        .await;
    assert_eq!(data["cases"]["totalCount"], json!(50));
}

#[tokio::test]
async fn a_demo_workspace_with_other_cases_is_left_alone() {
    let app = spawn_app().await;
    let token = app.token(demo::WORKSPACE, Role::Admin);
    create_case(&app, &token, kyb_case("Acme", Some("ACME-1"))).await;
    assert_eq!(demo::seeded(&app.state.db).await.ok(), Some(Seeded::Partly));
    let count = demo::seed(&app.state.db, &app.state.documents)
        .await
        .unwrap_or_else(|e| panic!("seed: {e:?}"));
    assert_eq!(count, 1);
}
