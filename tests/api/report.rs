//! The case report (`caseReport`): a signed link, rendered on download as a PDF (parsed back
//! with lopdf) or a JSON document; who may ask for one; links that must not open.

use casegraph::domain::Role;
use casegraph::service::report::{signed_url, ReportFormat};
use serde_json::{json, Value};

use crate::helpers::{altered_links, code, count, create_case, kyb_case, TestApp};

const REPORT: &str = "query($id: ID!, $format: ReportFormat!) { caseReport(caseId: $id, format: $format) { caseId format contentType fileName url expiresAt } }";

const VERIFY: &str = "query($id: ID!) { verifyAuditTrail(caseId: $id) { valid eventsChecked reason checkpoint { id seq } } }";

/// A KYB case whose beneficial owner and name are not plain ASCII.
fn case_input() -> Value {
    let mut input = kyb_case("Żółć Müller", Some("report-1"));
    input["individuals"][1]["firstName"] = json!("Zoë");
    input["individuals"][1]["lastName"] = json!("Müller-Żółć");
    input
}

/// `caseReport`'s answer.
async fn report_link(app: &TestApp, token: &str, case_id: &str, format: &str) -> Value {
    let data = app
        .ok(token, REPORT, json!({ "id": case_id, "format": format }))
        .await;
    data["caseReport"].clone()
}

async fn get(app: &TestApp, url: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{url}", app.url))
        .send()
        .await
        .unwrap()
}

/// The text of every page of a PDF, whitespace collapsed, and the page count.
fn pdf_text(bytes: &[u8]) -> (String, usize) {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    (
        text.split_whitespace().collect::<Vec<_>>().join(" "),
        pages.len(),
    )
}

#[tokio::test]
async fn the_pdf_report_parses_back_with_the_case_its_owner_and_the_verification() {
    let app = crate::helpers::spawn_app().await;
    let token = app.token("ws-report", Role::Analyst);
    let case_id = create_case(&app, &token, case_input()).await;
    // A trail long enough to run over several pages.
    for i in 0..90 {
        app.ok(
            &token,
            "mutation($id: ID!, $body: String!) { addNote(caseId: $id, body: $body) { id } }",
            json!({ "id": case_id, "body": format!("Note {i} über die Prüfung") }),
        )
        .await;
    }
    let admin = app.token("ws-report", Role::Admin);
    app.ok(
        &admin,
        "mutation { signAuditCheckpoint { signedAt } }",
        json!({}),
    )
    .await;

    let link = report_link(&app, &token, &case_id, "PDF").await;
    assert_eq!(link["caseId"], case_id.as_str());
    assert_eq!(link["format"], "PDF");
    assert_eq!(link["contentType"], "application/pdf");
    let file_name = link["fileName"].as_str().unwrap();
    assert!(
        file_name.starts_with("Żółć Müller report ") && file_name.ends_with(".pdf"),
        "{file_name}"
    );
    let expires = chrono::DateTime::parse_from_rfc3339(link["expiresAt"].as_str().unwrap())
        .unwrap()
        .timestamp();
    let now = chrono::Utc::now().timestamp();
    assert!(expires > now && expires <= now + 300, "{link}");

    let res = get(&app, link["url"].as_str().unwrap()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let disposition = res.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment; "), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let (text, pages) = pdf_text(&bytes);
    assert!(pages >= 3, "{pages} pages");
    assert!(text.contains("Case report: Żółć Müller"), "{text}");
    assert!(text.contains("Zoë Müller-Żółć"), "{text}");
    // The beneficial owner's computed share: 50 % of the holding's 60 %.
    assert!(text.contains("30.00 %"), "{text}");
    let verified = app.ok(&token, VERIFY, json!({ "id": case_id })).await;
    let events = verified["verifyAuditTrail"]["eventsChecked"]
        .as_u64()
        .unwrap();
    assert!(events > 90);
    let checkpoint = verified["verifyAuditTrail"]["checkpoint"]["id"]
        .as_str()
        .unwrap();
    let line = format!(
        "Audit trail verification: VALID, {events} events, hash chain intact; matches signed checkpoint {checkpoint}"
    );
    assert!(text.contains(&line), "{line} not in {text}");
    // The last event is on the last page, and every page says which it is.
    assert!(text.contains(&format!("page {pages} of {pages}")), "{text}");
    assert!(text.contains("Note 89 über die Prüfung"), "{text}");
    // Nothing was written: a report is read, not stored.
    let after = app.ok(&token, VERIFY, json!({ "id": case_id })).await;
    assert_eq!(after["verifyAuditTrail"]["eventsChecked"], events);
}

#[tokio::test]
async fn the_json_report_matches_the_case() {
    let app = crate::helpers::spawn_app().await;
    let token = app.token("ws-report-json", Role::Reviewer);
    let case_id = create_case(&app, &token, case_input()).await;
    app.ok(
        &token,
        "mutation($id: ID!) { addNote(caseId: $id, body: \"Checked the register.\") { id } }",
        json!({ "id": case_id }),
    )
    .await;
    let data = app
        .ok(
            &token,
            "query($id: ID!) { case(id: $id) { name version individuals { id } companies { id } relations { id }
               beneficialOwners { id firstName totalOwnershipPercentage } checks { id status }
               documents { totalCount } notes { totalCount } risks { totalCount } reviews { totalCount }
               auditTrail(first: 100) { totalCount nodes { id seq hash } } } }",
            json!({ "id": case_id }),
        )
        .await;
    let case = &data["case"];
    let verified = app.ok(&token, VERIFY, json!({ "id": case_id })).await;

    let link = report_link(&app, &token, &case_id, "JSON").await;
    assert_eq!(link["contentType"], "application/json");
    assert!(link["fileName"].as_str().unwrap().ends_with(".json"));
    let res = get(&app, link["url"].as_str().unwrap()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/json");
    let report: Value = res.json().await.unwrap();

    assert_eq!(report["format"], "casegraph-case-report/v1");
    assert_eq!(report["workspaceId"], "ws-report-json");
    assert_eq!(report["case"]["id"], case_id.as_str());
    assert_eq!(report["case"]["name"], case["name"]);
    assert_eq!(report["case"]["version"], case["version"]);
    assert_eq!(report["case"]["type"], "KYB");
    let ids = |v: &Value| -> Vec<Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].clone())
            .collect()
    };
    assert_eq!(ids(&report["individuals"]), ids(&case["individuals"]));
    assert_eq!(ids(&report["companies"]), ids(&case["companies"]));
    assert_eq!(ids(&report["relations"]), ids(&case["relations"]));
    assert_eq!(ids(&report["checks"]), ids(&case["checks"]));
    let owners = report["beneficialOwners"].as_array().unwrap();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0]["individualId"], case["beneficialOwners"][0]["id"]);
    assert_eq!(owners[0]["name"], "Zoë Müller-Żółć");
    assert_eq!(
        owners[0]["totalOwnershipPercentage"],
        case["beneficialOwners"][0]["totalOwnershipPercentage"]
    );
    for (section, connection) in [
        ("documents", "documents"),
        ("notes", "notes"),
        ("risks", "risks"),
        ("reviews", "reviews"),
    ] {
        assert_eq!(
            report[section].as_array().unwrap().len() as u64,
            case[connection]["totalCount"].as_u64().unwrap(),
            "{section}"
        );
    }
    let trail = &report["auditTrail"];
    let events = trail["events"].as_array().unwrap();
    assert_eq!(
        events.len() as u64,
        case["auditTrail"]["totalCount"].as_u64().unwrap()
    );
    for (event, node) in events
        .iter()
        .zip(case["auditTrail"]["nodes"].as_array().unwrap())
    {
        assert_eq!(event["id"], node["id"]);
        assert_eq!(event["seq"], node["seq"]);
        assert_eq!(event["hash"], node["hash"]);
        assert_eq!(event["erased"], false);
    }
    let v = &verified["verifyAuditTrail"];
    assert_eq!(trail["verification"]["valid"], v["valid"]);
    assert_eq!(trail["verification"]["valid"], true);
    assert_eq!(trail["verification"]["eventsChecked"], v["eventsChecked"]);
    assert_eq!(trail["verification"]["reason"], Value::Null);
    assert!(trail["verification"]["summary"]
        .as_str()
        .unwrap()
        .starts_with("Audit trail verification: VALID"));
}

#[tokio::test]
async fn every_role_may_ask_and_other_workspaces_get_not_found() {
    let app = crate::helpers::spawn_app().await;
    let analyst = app.token("ws-report-roles", Role::Analyst);
    let case_id = create_case(&app, &analyst, case_input()).await;
    // SPEC §2: every role reads the case, so every role may have its report.
    for role in [
        Role::Viewer,
        Role::Analyst,
        Role::Reviewer,
        Role::Admin,
        Role::Integration,
    ] {
        let token = app.token("ws-report-roles", role);
        let link = report_link(&app, &token, &case_id, "JSON").await;
        let res = get(&app, link["url"].as_str().unwrap()).await;
        assert_eq!(res.status(), 200, "{role:?}");
    }

    let before = count(&app, "SELECT COUNT(*) FROM audit_events").await;
    let other = app.token("ws-report-other", Role::Admin);
    let unknown = uuid::Uuid::new_v4().to_string();
    for id in [case_id.as_str(), unknown.as_str()] {
        let err = app
            .err(&other, REPORT, json!({ "id": id, "format": "PDF" }))
            .await;
        assert_eq!(code(&err), "NOT_FOUND", "{err}");
    }
    let err = app
        .err(
            &other,
            REPORT,
            json!({ "id": "not-a-uuid", "format": "PDF" }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    assert_eq!(err["extensions"]["field"], "caseId", "{err}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM audit_events").await,
        before
    );

    // A deleted case has no report, and a link made before the deletion stops working.
    let link = report_link(&app, &analyst, &case_id, "PDF").await;
    app.ok(
        &analyst,
        "mutation($id: ID!) { deleteCase(id: $id) }",
        json!({ "id": case_id }),
    )
    .await;
    let err = app
        .err(&analyst, REPORT, json!({ "id": case_id, "format": "PDF" }))
        .await;
    assert_eq!(code(&err), "NOT_FOUND", "{err}");
    assert_eq!(get(&app, link["url"].as_str().unwrap()).await.status(), 403);
}

#[tokio::test]
async fn altered_expired_and_foreign_links_are_refused() {
    let app = crate::helpers::spawn_app().await;
    let token = app.token("ws-report-links", Role::Viewer);
    let analyst = app.token("ws-report-links", Role::Analyst);
    let case_id = create_case(&app, &analyst, case_input()).await;
    let other_case = create_case(&app, &analyst, kyb_case("Other", None)).await;
    let url = report_link(&app, &token, &case_id, "PDF").await["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(get(&app, &url).await.status(), 200);

    let (tampered, longer) = altered_links(&url);
    let id: uuid::Uuid = case_id.parse().unwrap();
    let now = chrono::Utc::now().timestamp();
    let (expired, _) = signed_url(
        &app.state.documents,
        id,
        ReportFormat::Pdf,
        "ws-report-links",
        now - 3600,
    );
    let (foreign, _) = signed_url(
        &app.state.documents,
        id,
        ReportFormat::Pdf,
        "ws-report-elsewhere",
        now,
    );
    let bad = [
        tampered,
        longer,
        // The PDF link's signature does not open the JSON report, nor another case's.
        url.replace("format=pdf", "format=json"),
        url.replace(&case_id, &other_case),
        url.replace(&case_id, &uuid::Uuid::new_v4().to_string()),
        expired,
        foreign,
        format!("/reports/{case_id}"),
        url.replace("format=pdf", "format=xml"),
    ];
    for bad in bad {
        assert_eq!(get(&app, &bad).await.status(), 403, "{bad}");
    }
    // A report's signature is not a document link's either.
    let as_document = url
        .replace("/reports/", "/documents/")
        .replace("format=pdf&", "");
    assert_eq!(get(&app, &as_document).await.status(), 403);
}
