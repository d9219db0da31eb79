//! `/metrics`: Prometheus text that a Prometheus parser reads, and values that move with
//! the requests served.

use casegraph::domain::Role;
use prometheus_parse::{Sample, Scrape, Value as Metric};
use serde_json::json;

use crate::helpers::*;

async fn scrape(app: &TestApp) -> Scrape {
    let res = app
        .client
        .get(format!("{}/metrics", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = res.text().await.unwrap();
    // Every line is a comment or `name{labels} value`: nothing the parser would skip.
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let value = line.rsplit(' ').next().unwrap();
        assert!(value.parse::<f64>().is_ok(), "not a sample: {line:?}");
    }
    Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).unwrap()
}

fn find<'a>(scrape: &'a Scrape, metric: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    scrape
        .samples
        .iter()
        .find(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
}

/// A counter's or gauge's value (0 when absent).
fn value(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    match find(scrape, metric, labels).map(|s| &s.value) {
        Some(Metric::Counter(v) | Metric::Gauge(v) | Metric::Untyped(v)) => *v,
        None => 0.0,
        Some(other) => panic!("{metric} is not a single value: {other:?}"),
    }
}

/// A histogram's count of observations, from its `+Inf` bucket (0 when absent).
fn observations(scrape: &Scrape, metric: &str, labels: &[(&str, &str)]) -> f64 {
    match find(scrape, metric, labels).map(|s| &s.value) {
        Some(Metric::Histogram(buckets)) => buckets
            .iter()
            .find(|b| b.less_than.is_infinite())
            .map(|b| b.count)
            .unwrap(),
        None => 0.0,
        Some(other) => panic!("{metric} is not a histogram: {other:?}"),
    }
}

const REQUEST_SECONDS: &str = "casegraph_graphql_request_duration_seconds";

#[tokio::test]
async fn requests_are_counted_by_operation_and_outcome() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Admin);
    let before = scrape(&app).await;
    let statements_before = value(&before, "casegraph_db_statements_total", &[]);

    app.ok(&token, "query Viewer { viewer { role } }", json!({}))
        .await;
    app.ok(&token, "query Viewer { viewer { role } }", json!({}))
        .await;
    app.ok(&token, "{ viewer { role } }", json!({})).await;
    // An error: its code is the outcome.
    let err = app
        .err(
            &token,
            "query Missing($id: ID!) { case(id: $id) { id } }",
            json!({ "id": uuid::Uuid::new_v4() }),
        )
        .await;
    assert_eq!(code(&err), "NOT_FOUND");
    // Refused before execution (no token): the document was never read, and the request
    // named no operation.
    let (status, _) = app
        .post(None, "query Viewer { viewer { role } }", json!({}))
        .await;
    assert_eq!(status, 401);

    let after = scrape(&app).await;
    // Named by the document (the requests gave no `operationName`).
    let ok = [("operation", "Viewer"), ("outcome", "ok")];
    assert_eq!(observations(&after, REQUEST_SECONDS, &ok), 2.0);
    assert_eq!(value(&after, "casegraph_graphql_requests_total", &ok), 2.0);
    let anonymous = [("operation", "anonymous"), ("outcome", "ok")];
    assert_eq!(observations(&after, REQUEST_SECONDS, &anonymous), 1.0);
    let missing = [("operation", "Missing"), ("outcome", "NOT_FOUND")];
    assert_eq!(observations(&after, REQUEST_SECONDS, &missing), 1.0);
    let refused = [("operation", "anonymous"), ("outcome", "UNAUTHENTICATED")];
    assert_eq!(observations(&after, REQUEST_SECONDS, &refused), 1.0);
    // The histogram has buckets that add up, and a duration.
    let sample = find(&after, REQUEST_SECONDS, &ok).unwrap();
    let Metric::Histogram(buckets) = &sample.value else {
        panic!("{sample:?}")
    };
    assert!(buckets.len() > 5, "{buckets:?}");
    assert!(buckets.windows(2).all(|w| w[0].count <= w[1].count));

    // Statements: counted, with their durations.
    let statements = value(&after, "casegraph_db_statements_total", &[]);
    assert!(statements > statements_before, "{statements}");
    assert_eq!(statements as u64, app.statements());
    assert_eq!(
        observations(&after, "casegraph_db_statement_duration_seconds", &[]),
        statements
    );
    // Pool usage.
    let max = value(&after, "casegraph_db_pool_max_connections", &[]);
    assert!(max >= 1.0, "{max}");
    let open = value(
        &after,
        "casegraph_db_pool_connections",
        &[("state", "idle")],
    ) + value(
        &after,
        "casegraph_db_pool_connections",
        &[("state", "in_use")],
    );
    assert!(open >= 1.0 && open <= max, "{open} of {max}");
    assert!(after.docs.contains_key(REQUEST_SECONDS));
}

#[tokio::test]
async fn operation_names_never_run_are_not_labels() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Admin);
    // A name that matches no operation of the document: a request error, not executed.
    let body: serde_json::Value = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(&token)
        .json(
            &json!({ "query": "query Viewer { viewer { role } }", "operationName": "Invented123" }),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
    let after = scrape(&app).await;
    assert!(find(&after, REQUEST_SECONDS, &[("operation", "Invented123")]).is_none());
    assert_eq!(
        observations(
            &after,
            REQUEST_SECONDS,
            &[("operation", "other"), ("outcome", "BAD_USER_INPUT")]
        ),
        1.0
    );
}

#[tokio::test]
async fn rate_limit_refusals_are_counted() {
    let app = spawn_with(|args| {
        args.limits.rate_limit_subject = 1;
        args.limits.rate_limit_subject_burst = 1;
    })
    .await;
    let token = app.token("acme", Role::Viewer);
    for _ in 0..3 {
        app.post(Some(&token), "{ viewer { role } }", json!({}))
            .await;
    }
    let after = scrape(&app).await;
    let refused = value(
        &after,
        "casegraph_rate_limit_refusals_total",
        &[("scope", "subject")],
    );
    assert!(refused >= 1.0, "{refused}");
    assert_eq!(
        observations(
            &after,
            REQUEST_SECONDS,
            &[("operation", "anonymous"), ("outcome", "LIMIT_EXCEEDED")]
        ),
        refused
    );
}
