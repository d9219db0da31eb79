//! Templates and bulk creation: 1,000 cases in one call, all or nothing with every bad item
//! reported, idempotent retries, built-in templates, overrides and name patterns.

use std::time::Instant;

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::validation::dump;

const BULK: &str = "mutation($items: [CreateCaseInput!]!, $key: String) { \
    bulkCreateCases(items: $items, idempotencyKey: $key) { id } }";

const FROM_TEMPLATE: &str = "mutation($t: String!, $items: [TemplateItemInput!]!, $key: String) { \
    createCasesFromTemplate(templateKey: $t, items: $items, idempotencyKey: $key) { \
    id name type priority tags metadata checks { type label } } }";

const TEMPLATES: &str = "{ caseTemplates { key name type priority namePattern tags \
    checks { type label } builtIn customized } }";

fn items(n: usize, prefix: &str) -> Vec<Value> {
    (0..n)
        .map(|i| kyb_case(&format!("{prefix} {i}"), Some(&format!("{prefix}-{i}"))))
        .collect()
}

fn ids(data: &Value, field: &str) -> Vec<String> {
    data[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_thousand_cases_with_their_graphs_in_one_call() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let items = items(1000, "Bulk");
    let body = json!({ "query": BULK, "variables": { "items": items } }).to_string();
    assert!(body.len() < 4 * 1024 * 1024, "{} bytes", body.len());
    let data = app.ok(&t, BULK, json!({ "items": items })).await;
    let created = ids(&data, "bulkCreateCases");
    assert_eq!(created.len(), 1000);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 1000);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM companies").await, 2000);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM individuals").await, 2000);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM checks").await, 3000);
    // Every case has its creation events, and its chain verifies.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(DISTINCT case_id) FROM audit_events WHERE action = 'case.created'"
        )
        .await,
        1000
    );
    for id in [&created[0], &created[637], &created[999]] {
        let v = app
            .ok(&t, "query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } case(id: $id) { name externalId companies { name } } }", json!({ "id": id }))
            .await;
        assert_eq!(v["verifyAuditTrail"]["valid"], true, "{v}");
    }
    let v = app
        .ok(
            &t,
            "query($id: ID!) { case(id: $id) { name externalId } }",
            json!({ "id": created[637] }),
        )
        .await;
    assert_eq!(v["case"]["externalId"], "Bulk-637");
}

#[tokio::test]
async fn bad_items_refuse_the_batch_and_each_is_reported() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    create_case(&app, &t, kyb_case("Existing", Some("taken"))).await;
    let mut items = items(1000, "Bad");
    items[7]["name"] = json!("");
    items[637]["checks"][0]["subjectRef"] = json!("nobody");
    items[800]["externalId"] = json!("taken");
    items[900]["externalId"] = json!("Bad-3");
    let before = dump(&app).await;
    let (status, body) = app.post(Some(&t), BULK, json!({ "items": items })).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"].is_null(), "{body}");
    let errors = body["errors"].as_array().unwrap();
    let reported: Vec<(u64, &str)> = errors
        .iter()
        .map(|e| {
            assert_eq!(code(e), "BAD_USER_INPUT", "{e}");
            (
                e["extensions"]["index"].as_u64().unwrap(),
                e["extensions"]["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reported,
        vec![
            (7, "name"),
            (637, "checks[0].subjectRef"),
            (800, "externalId"),
            (900, "externalId")
        ],
        "{body}"
    );
    assert_eq!(dump(&app).await, before, "a refused batch wrote something");
}

#[tokio::test]
async fn a_retried_batch_returns_the_same_cases_and_a_changed_one_conflicts() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let vars = json!({ "items": items(20, "Retry"), "key": "batch-1" });
    let first = ids(&app.ok(&t, BULK, vars.clone()).await, "bulkCreateCases");
    let again = ids(&app.ok(&t, BULK, vars).await, "bulkCreateCases");
    assert_eq!(first, again);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 20);
    let err = app
        .err(
            &t,
            BULK,
            json!({ "items": items(21, "Retry"), "key": "batch-1" }),
        )
        .await;
    assert_eq!(code(&err), "CONFLICT", "{err}");
}

#[tokio::test]
async fn ten_concurrent_identical_batches_create_one() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let vars = json!({ "items": items(50, "Race"), "key": "race" });
    let answers =
        futures::future::join_all((0..10).map(|_| app.post(Some(&t), BULK, vars.clone()))).await;
    let mut all = vec![];
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{body}");
        all.push(ids(&body["data"], "bulkCreateCases"));
    }
    assert!(all.iter().all(|x| *x == all[0]));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM cases").await, 50);
}

#[tokio::test]
async fn too_many_or_no_items_are_refused() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let many: Vec<Value> = (0..1001)
        .map(|i| json!({ "name": format!("c{i}"), "type": "KYC" }))
        .collect();
    let err = app.err(&t, BULK, json!({ "items": many })).await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    assert_eq!(err["extensions"]["field"], "items");
    let err = app.err(&t, BULK, json!({ "items": [] })).await;
    assert_eq!(code(&err), "BAD_USER_INPUT", "{err}");
    let viewer = app.token("ws", Role::Viewer);
    let err = app
        .err(
            &viewer,
            BULK,
            json!({ "items": [{ "name": "x", "type": "KYC" }] }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN", "{err}");
}

#[tokio::test]
async fn built_in_templates_are_listed_overridden_and_restored() {
    let app = spawn_app().await;
    let admin = app.token("ws", Role::Admin);
    let analyst = app.token("ws", Role::Analyst);
    let list = app.ok(&analyst, TEMPLATES, json!({})).await;
    let keys: Vec<&str> = list["caseTemplates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "annual_review",
            "adverse_media_alert",
            "transaction_review",
            "pep_enhanced_dd"
        ]
    );
    let pep = &list["caseTemplates"][3];
    assert_eq!(pep["type"], "PEP");
    assert_eq!(pep["checks"].as_array().unwrap().len(), 3);

    let upsert = "mutation($input: CaseTemplateInput!) { upsertCaseTemplate(input: $input) { key name priority builtIn customized } }";
    let input = json!({ "key": "pep_enhanced_dd", "name": "Our PEP EDD", "type": "PEP", "priority": "CRITICAL",
                        "namePattern": "EDD {name}", "checks": [{ "type": "AML" }] });
    // Admins only.
    let err = app.err(&analyst, upsert, json!({ "input": input })).await;
    assert_eq!(code(&err), "FORBIDDEN", "{err}");
    let saved = app.ok(&admin, upsert, json!({ "input": input })).await;
    assert_eq!(saved["upsertCaseTemplate"]["customized"], true);
    assert_eq!(saved["upsertCaseTemplate"]["builtIn"], true);
    let list = app.ok(&analyst, TEMPLATES, json!({})).await;
    assert_eq!(list["caseTemplates"][3]["name"], "Our PEP EDD");
    assert_eq!(list["caseTemplates"].as_array().unwrap().len(), 4);
    // Another workspace still has the built-in.
    let other = app
        .ok(&app.token("other", Role::Viewer), TEMPLATES, json!({}))
        .await;
    assert_eq!(
        other["caseTemplates"][3]["name"],
        "PEP enhanced due diligence"
    );

    let delete =
        "mutation($key: String!) { deleteCaseTemplate(key: $key) { key name customized } }";
    let err = app
        .err(&analyst, delete, json!({ "key": "pep_enhanced_dd" }))
        .await;
    assert_eq!(code(&err), "FORBIDDEN", "{err}");
    let restored = app
        .ok(&admin, delete, json!({ "key": "pep_enhanced_dd" }))
        .await;
    assert_eq!(
        restored["deleteCaseTemplate"]["name"],
        "PEP enhanced due diligence"
    );
    let list = app.ok(&analyst, TEMPLATES, json!({})).await;
    assert_eq!(list["caseTemplates"][3]["customized"], false);
    let err = app
        .err(&admin, delete, json!({ "key": "pep_enhanced_dd" }))
        .await;
    assert_eq!(code(&err), "NOT_FOUND", "{err}");

    // A bad pattern.
    let err = app
        .err(&admin, upsert, json!({ "input": { "key": "mine", "name": "Mine", "type": "KYC", "namePattern": "{nope}" } }))
        .await;
    assert_eq!(err["extensions"]["field"], "input.namePattern", "{err}");
}

#[tokio::test]
async fn cases_from_a_template_merge_the_items_values_over_the_templates() {
    let app = spawn_app().await;
    let admin = app.token("ws", Role::Admin);
    let t = app.token("ws", Role::Integration);
    app.ok(
        &admin,
        "mutation($input: CaseTemplateInput!) { upsertCaseTemplate(input: $input) { key } }",
        json!({ "input": { "key": "onboarding", "name": "Onboarding", "type": "KYB", "priority": "LOW",
            "namePattern": "{name} / {externalId} / {date}", "tags": ["tpl"],
            "metadata": { "source": "template", "team": "ops" },
            "checks": [{ "type": "REGISTRY", "label": "Registry" }] } }),
    )
    .await;
    let items = json!([
        { "name": "Acme", "externalId": "A-1", "metadata": { "source": "item" }, "tags": ["own"],
          "checks": [{ "type": "AML" }], "priority": "HIGH" },
        { "name": "Beta" }
    ]);
    let data = app
        .ok(
            &t,
            FROM_TEMPLATE,
            json!({ "t": "onboarding", "items": items }),
        )
        .await;
    let cases = data["createCasesFromTemplate"].as_array().unwrap();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(cases[0]["name"], format!("Acme / A-1 / {today}"));
    assert_eq!(cases[0]["type"], "KYB");
    assert_eq!(cases[0]["priority"], "HIGH");
    assert_eq!(cases[1]["priority"], "LOW");
    assert_eq!(
        cases[0]["metadata"],
        json!({ "source": "item", "team": "ops" })
    );
    assert_eq!(cases[0]["tags"], json!(["own", "tpl"]));
    assert_eq!(cases[0]["checks"].as_array().unwrap().len(), 2);
    assert_eq!(cases[1]["checks"].as_array().unwrap().len(), 1);

    // A built-in, with every bad item reported.
    let data = app
        .ok(
            &t,
            FROM_TEMPLATE,
            json!({ "t": "pep_enhanced_dd", "items": [{ "name": "Jane Doe" }] }),
        )
        .await;
    assert_eq!(
        data["createCasesFromTemplate"][0]["name"],
        "PEP EDD: Jane Doe"
    );
    assert_eq!(
        data["createCasesFromTemplate"][0]["checks"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let (_, body) = app
        .post(
            Some(&t),
            FROM_TEMPLATE,
            json!({ "t": "annual_review", "items": [{ "name": "ok" }, { "name": "x", "metadata": [1] }, { "name": "y", "checks": [{ "type": "AML", "subjectRef": "zz" }] }] }),
        )
        .await;
    let idx: Vec<u64> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["extensions"]["index"].as_u64().unwrap())
        .collect();
    assert_eq!(idx, vec![1, 2], "{body}");
    let err = app
        .err(
            &t,
            FROM_TEMPLATE,
            json!({ "t": "nope", "items": [{ "name": "x" }] }),
        )
        .await;
    assert_eq!(err["extensions"]["field"], "templateKey", "{err}");
}

/// Not a timed test: prints the ratio for the issue's benchmark (debug build unless run
/// with `--release`). `cargo test --test api bulk_versus_single -- --ignored --nocapture`
#[tokio::test]
#[ignore]
async fn bulk_versus_single_creates() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Integration);
    let n = 1000;
    let started = Instant::now();
    app.ok(&t, BULK, json!({ "items": items(n, "B") })).await;
    let bulk = started.elapsed();
    let started = Instant::now();
    for item in items(n, "S") {
        create_case(&app, &t, item).await;
    }
    let single = started.elapsed();
    println!(
        "backend {}: {n} cases: bulk {:.2}s ({:.0} cases/s), createCase {:.2}s ({:.0} cases/s), ratio {:.1}x",
        backend(),
        bulk.as_secs_f64(),
        n as f64 / bulk.as_secs_f64(),
        single.as_secs_f64(),
        n as f64 / single.as_secs_f64(),
        single.as_secs_f64() / bulk.as_secs_f64()
    );
}

#[tokio::test]
async fn cases_made_from_a_template_name_it() {
    let app = spawn_app().await;
    let t = app.token("ws", Role::Analyst);
    let admin = app.token("ws", Role::Admin);
    let q = "mutation($t: String!, $items: [TemplateItemInput!]!) { \
        createCasesFromTemplate(templateKey: $t, items: $items) { \
        id templateKey templateId template { key name builtIn } } }";
    let data = app
        .ok(
            &t,
            q,
            json!({ "t": "annual_review", "items": [{ "name": "A" }, { "name": "B" }] }),
        )
        .await;
    for c in data["createCasesFromTemplate"].as_array().unwrap() {
        assert_eq!(c["templateKey"], "annual_review");
        // An unchanged built-in has no stored row.
        assert_eq!(c["templateId"], Value::Null);
        assert_eq!(c["template"]["key"], "annual_review");
        assert_eq!(c["template"]["builtIn"], true);
    }
    // An override has a row, which the case points at; reads resolve the template as the
    // workspace has it now.
    app.ok(
        &admin,
        "mutation($input: CaseTemplateInput!) { upsertCaseTemplate(input: $input) { key } }",
        json!({ "input": { "key": "annual_review", "name": "Our review", "type": "PERIODIC_REVIEW" } }),
    )
    .await;
    let data = app
        .ok(
            &t,
            q,
            json!({ "t": "annual_review", "items": [{ "name": "C" }] }),
        )
        .await;
    let c = &data["createCasesFromTemplate"][0];
    assert!(c["templateId"].is_string(), "{c}");
    assert_eq!(c["template"]["name"], "Our review");
    let before = app.statements();
    let all = app
        .ok(
            &t,
            "{ cases(first: 10) { nodes { templateKey template { name } } } }",
            json!({}),
        )
        .await;
    let used = app.statements() - before;
    let nodes = all["cases"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    assert!(nodes.iter().all(|n| n["template"]["name"] == "Our review"));
    // The page, and the templates once for all of its cases (plus identity/cohort reads).
    assert!(used <= 4, "used {used} statements");
    // A case made by createCase names no template.
    let plain = create_case(&app, &t, kyb_case("Plain", None)).await;
    let read = app
        .ok(
            &t,
            r#"query($id: ID!) { case(id: $id) { templateKey template { key } } }"#,
            json!({ "id": plain }),
        )
        .await;
    assert_eq!(
        read["case"],
        json!({ "templateKey": null, "template": null })
    );
}
