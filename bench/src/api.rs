//! A GraphQL client for one server (CaseGraph or PostGraphile) and CaseGraph's `/metrics`.

use std::time::Duration;

use serde_json::{json, Value};

/// One GraphQL endpoint, with the bearer token its requests carry (none for PostGraphile).
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    /// Base URL, e.g. `http://127.0.0.1:8080` (the endpoint is `{base}/graphql`).
    pub base: String,
    pub token: Option<String>,
}

/// CaseGraph's counters on `GET /metrics`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counters {
    pub requests: u64,
    pub statements: u64,
}

impl Api {
    pub fn new(base: &str, token: Option<String>) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(120))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            token,
        })
    }

    pub fn endpoint(&self) -> String {
        format!("{}/graphql", self.base)
    }

    /// Sends one request body as is and returns the whole answer; a GraphQL error or a
    /// non-2xx status is an error (with the answer's text).
    pub async fn post(&self, body: &Value) -> Result<Value, String> {
        self.post_sized(body).await.map(|(value, _)| value)
    }

    /// As [`Api::post`], with the answer's size in bytes.
    pub async fn post_sized(&self, body: &Value) -> Result<(Value, usize), String> {
        let mut request = self.http.post(self.endpoint()).json(body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("POST {}: {e}", self.endpoint()))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| format!("POST {}: reading the answer: {e}", self.endpoint()))?;
        let value: Value = serde_json::from_str(&text).map_err(|_| {
            format!(
                "POST {}: HTTP {status}, not JSON: {text:.300}",
                self.endpoint()
            )
        })?;
        if !status.is_success() || value.get("errors").is_some() {
            return Err(format!(
                "POST {}: HTTP {status}: {}",
                self.endpoint(),
                truncate(&value.to_string(), 600)
            ));
        }
        Ok((value, text.len()))
    }

    /// `query` with `variables`; returns `data`.
    pub async fn gql(&self, query: &str, variables: Value) -> Result<Value, String> {
        let mut answer = self
            .post(&json!({ "query": query, "variables": variables }))
            .await?;
        Ok(answer
            .get_mut("data")
            .map(Value::take)
            .unwrap_or(Value::Null))
    }

    /// CaseGraph's request and SQL statement counters.
    pub async fn counters(&self) -> Result<Counters, String> {
        let url = format!("{}/metrics", self.base);
        let text = self
            .http
            .get(&url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| format!("GET {url}: {e}"))?
            .text()
            .await
            .map_err(|e| format!("GET {url}: {e}"))?;
        parse_counters(&text).ok_or_else(|| {
            format!(
                "GET {url}: no casegraph_graphql_requests_total / casegraph_db_statements_total"
            )
        })
    }

    /// Whether `GET {base}{path}` answers 2xx.
    pub async fn answers(&self, path: &str) -> bool {
        self.http
            .get(format!("{}{path}", self.base))
            .timeout(Duration::from_secs(2))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    }
}

/// Reads the two counters from Prometheus text, summed over their label sets (requests are
/// labelled by operation and outcome).
pub fn parse_counters(text: &str) -> Option<Counters> {
    let value = |name: &str| {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let rest = l.strip_prefix(name)?;
                let rest = match rest.strip_prefix('{') {
                    Some(labelled) => &labelled[labelled.find('}')? + 1..],
                    None => rest,
                };
                rest.strip_prefix(' ')?.trim().parse::<f64>().ok()
            })
            .reduce(|a, b| a + b)
    };
    Some(Counters {
        requests: value("casegraph_graphql_requests_total")? as u64,
        statements: value("casegraph_db_statements_total")? as u64,
    })
}

pub fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_the_counters_from_prometheus_text() {
        let text = "# HELP casegraph_graphql_requests_total x\n\
                    casegraph_graphql_requests_total 12\n\
                    # TYPE casegraph_db_statements_total counter\n\
                    casegraph_db_statements_total 60\n";
        let c = parse_counters(text).unwrap();
        assert_eq!((c.requests, c.statements), (12, 60));
        let labelled = "casegraph_graphql_requests_total{operation=\"page\",outcome=\"ok\"} 7\n\
                        casegraph_graphql_requests_total{operation=\"one\",outcome=\"ok\"} 5\n\
                        casegraph_graphql_requests_total_other 100\n\
                        casegraph_db_statements_total 60\n";
        let c = parse_counters(labelled).unwrap();
        assert_eq!((c.requests, c.statements), (12, 60));
        assert!(parse_counters("casegraph_graphql_requests_total 1\n").is_none());
    }
}
