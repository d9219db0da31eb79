//! Realistic case graphs, written through the public API, and the request lines of the
//! single-case and mutation-mix runs.
//!
//! The shape is issue 11's: each KYB case has 2 companies (main + holding), 3 individuals,
//! 4 relations, 3 checks and 2 AML hits (on the AML check). Values vary with the case's
//! number (priority, status, countries, check statuses) so filters select real subsets, and
//! they are deterministic, so two databases seeded alike hold the same content.

use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{json, Value};

use crate::api::Api;

const PRIORITIES: [&str; 4] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
const COUNTRIES: [&str; 6] = ["FR", "DE", "LU", "NL", "BE", "IE"];
const FIRST: [&str; 8] = [
    "Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John",
];
const LAST: [&str; 8] = [
    "Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus",
];
const CHECK_STATUSES: [&str; 4] = ["IN_PROGRESS", "NEED_REVIEW", "APPROVED", "REJECTED"];

pub const CREATE_CASE: &str =
    "mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }";

/// The `createCase` input of case number `i`.
pub fn kyb_case(i: usize) -> Value {
    let name = format!("Bench {i:05}");
    let pick = |list: &[&'static str], k: usize| list[(i + k) % list.len()];
    json!({
        "name": name,
        "externalId": format!("bench-{i:05}"),
        "type": "KYB",
        "priority": pick(&PRIORITIES, 0),
        "status": if i % 10 == 9 { "DRAFT" } else { "OPEN" },
        "tags": ["onboarding", pick(&["eu", "uk", "us"], 0)],
        "metadata": { "crm": "hubspot", "segment": pick(&["sme", "corporate"], 0) },
        "companies": [
            { "ref": "main", "name": format!("{name} SAS"), "isMain": true,
              "country": pick(&COUNTRIES, 0), "registrationNumber": format!("RCS{i:08}"),
              "legalForm": "SAS" },
            { "ref": "holding", "name": format!("{name} Holding"), "country": pick(&COUNTRIES, 1),
              "registrationNumber": format!("HLD{i:08}"),
              "relations": [{ "ownershipPercentage": 60, "votingRightsPercentage": 60, "roles": ["SHAREHOLDER"] }] }
        ],
        "individuals": [
            { "ref": "ceo", "firstName": pick(&FIRST, 0), "lastName": pick(&LAST, 1),
              "nationality": pick(&COUNTRIES, 2), "isBusinessContact": true,
              "relations": [{ "roles": ["LEGAL_REPRESENTATIVE", "DIRECTOR"], "position": "CEO" }] },
            { "ref": "ubo", "firstName": pick(&FIRST, 3), "lastName": pick(&LAST, 4),
              "nationality": pick(&COUNTRIES, 3),
              "relations": [{ "toCompanyRef": "holding", "ownershipPercentage": 50, "roles": ["SHAREHOLDER"] }] },
            { "ref": "minor", "firstName": pick(&FIRST, 5), "lastName": pick(&LAST, 6),
              "nationality": pick(&COUNTRIES, 4),
              "relations": [{ "ownershipPercentage": 25, "roles": ["SHAREHOLDER"] }] }
        ],
        "checks": [
            { "type": "REGISTRY", "subjectRef": "main", "status": pick(&CHECK_STATUSES, 0) },
            { "type": "AML", "subjectRef": "ubo", "status": "NEED_REVIEW",
              "amlHits": [
                  { "name": format!("{} {}", pick(&FIRST, 3), pick(&LAST, 4)), "listTypes": ["PEP"],
                    "score": 70 + (i % 30) as i64, "providerRef": format!("hit-{i}-1") },
                  { "name": format!("{} {}", pick(&FIRST, 3), pick(&LAST, 5)), "listTypes": ["SANCTION", "ADVERSE_MEDIA"],
                    "score": 40 + (i % 50) as i64, "providerRef": format!("hit-{i}-2"),
                    "status": if i.is_multiple_of(3) { "FALSE_POSITIVE" } else { "POTENTIAL_MATCH" } }
              ] },
            { "type": "ID_DOCUMENT", "subjectRef": "ceo", "status": pick(&CHECK_STATUSES, 2) }
        ]
    })
}

/// Seeds `count` cases (numbers `0..count`) through the public API, `concurrency` requests
/// at a time. The one seeding path: when `bulkCreateCases` exists, it changes here (batches
/// of up to 1,000 items) and nowhere else.
pub async fn seed(api: &Api, count: usize, concurrency: usize) -> Result<(), String> {
    stream::iter(0..count)
        .map(|i| async move {
            api.gql(CREATE_CASE, json!({ "input": kyb_case(i) }))
                .await
                .map(|_| ())
        })
        .buffer_unordered(concurrency.max(1))
        .try_collect::<()>()
        .await
}

/// The ids of every live case of the token's workspace (newest first), in pages of 100.
pub async fn case_ids(api: &Api) -> Result<Vec<String>, String> {
    let mut ids = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = api
            .gql(
                "query($after: String) { cases(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }",
                json!({ "after": after }),
            )
            .await?;
        let page = &data["cases"];
        for node in page["nodes"].as_array().into_iter().flatten() {
            if let Some(id) = node["id"].as_str() {
                ids.push(id.to_owned());
            }
        }
        if page["pageInfo"]["hasNextPage"].as_bool() != Some(true) {
            return Ok(ids);
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

/// Number of live cases in the token's workspace.
pub async fn case_count(api: &Api) -> Result<u64, String> {
    let data = api
        .gql("{ cases(first: 1) { totalCount } }", json!({}))
        .await?;
    data["cases"]["totalCount"]
        .as_u64()
        .ok_or_else(|| "cases.totalCount missing".to_owned())
}

/// Request bodies of the mutation mix over `ids` (cases of a workspace of their own, so the
/// read shapes never change): 35% updateCase, 25% addNote, 20% createCheck, 20% createCase.
/// oha sends a random line per request.
pub fn mutation_lines(ids: &[String], lines: usize) -> Vec<Value> {
    let document = include_str!("../documents/casegraph/mutations.graphql");
    (0..lines)
        .map(|n| {
            let id = &ids[(n * 7919) % ids.len()];
            let (operation, variables) = match n % 20 {
                0..=6 => (
                    "UpdateCase",
                    json!({ "id": id, "input": {
                        "description": format!("Reviewed in batch {n}"),
                        "priority": PRIORITIES[n % 4] } }),
                ),
                7..=11 => (
                    "AddNote",
                    json!({ "caseId": id, "body": format!("Called the client back ({n}).") }),
                ),
                12..=15 => (
                    "CreateCheck",
                    json!({ "caseId": id, "input": {
                        "type": "DOCUMENT", "label": format!("Proof of address {n}") } }),
                ),
                _ => (
                    "CreateCase",
                    json!({ "input": {
                        "name": format!("Walk-in {n}"), "type": "KYC",
                        "individuals": [{ "ref": "me", "firstName": FIRST[n % 8], "lastName": LAST[(n + 3) % 8],
                                          "nationality": COUNTRIES[n % 6] }],
                        "checks": [{ "type": "ID_DOCUMENT", "subjectRef": "me" }] } }),
                ),
            };
            json!({ "query": document, "operationName": operation, "variables": variables })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_case_has_the_issue_shape() {
        let c = kyb_case(7);
        assert_eq!(c["companies"].as_array().unwrap().len(), 2);
        assert_eq!(c["individuals"].as_array().unwrap().len(), 3);
        let relations: usize = ["companies", "individuals"]
            .iter()
            .flat_map(|k| c[k].as_array().unwrap())
            .map(|e| e["relations"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(relations, 4);
        let checks = c["checks"].as_array().unwrap();
        assert_eq!(checks.len(), 3);
        let hits: usize = checks
            .iter()
            .map(|k| k["amlHits"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(hits, 2);
        assert_eq!(kyb_case(7), c, "deterministic");
    }

    #[test]
    fn the_mutation_mix_has_its_proportions() {
        let ids: Vec<String> = (0..10).map(|i| format!("id-{i}")).collect();
        let lines = mutation_lines(&ids, 1000);
        let count = |op: &str| lines.iter().filter(|l| l["operationName"] == op).count();
        assert_eq!(count("UpdateCase"), 350);
        assert_eq!(count("AddNote"), 250);
        assert_eq!(count("CreateCheck"), 200);
        assert_eq!(count("CreateCase"), 200);
    }
}
