//! Custom properties: every type valid and invalid, `null` reset, unknown keys.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::validation::refused;

const DEFINE: &str = r#"mutation($in: DefineCustomPropertyInput!) { defineCustomProperty(input: $in) { id key type target settings } }"#;
const SET: &str = r#"mutation($t: CustomPropertyTarget!, $id: ID!, $v: JSON!) { setCustomProperties(target: $t, entityId: $id, values: $v) }"#;

#[tokio::test]
async fn every_type_valid_and_invalid() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    let analyst = app.token("acme", Role::Analyst);
    let definitions = [
        (
            "segment",
            "CHOICES",
            json!({ "options": [{ "key": "retail", "label": "Retail" }, { "key": "corporate", "label": "Corporate" }] }),
        ),
        ("markets", "COUNTRIES", json!({ "allowMultiple": true })),
        ("onboarded", "DATE", json!(null)),
        ("contact", "EMAIL", json!(null)),
        (
            "turnover",
            "NUMERIC",
            json!({ "format": "CURRENCY", "currency": "EUR", "min": 0, "max": 1000000 }),
        ),
        ("hotline", "PHONE_NUMBER", json!(null)),
        ("summary", "TEXT", json!(null)),
        ("story", "TEXT", json!({ "multiline": true })),
        ("website", "URL", json!(null)),
        ("regulated", "YES_NO", json!(null)),
    ];
    for (key, ty, settings) in &definitions {
        let d = app.ok(&admin, DEFINE, json!({ "in": { "target": "CASE", "key": key, "label": key.to_uppercase(), "type": ty, "settings": settings } })).await;
        assert_eq!(d["defineCustomProperty"]["type"], *ty);
    }
    // Definitions are admin-only and unique per target and key; settings are checked.
    let err = app
        .err(
            &analyst,
            DEFINE,
            json!({ "in": { "target": "CASE", "key": "x", "label": "X", "type": "TEXT" } }),
        )
        .await;
    assert_eq!(code(&err), "FORBIDDEN");
    let err = app.err(&admin, DEFINE, json!({ "in": { "target": "CASE", "key": "segment", "label": "Again", "type": "TEXT" } })).await;
    assert_eq!(
        (code(&err), err["extensions"]["field"].as_str()),
        ("CONFLICT", Some("input.key"))
    );
    let err = app.err(&admin, DEFINE, json!({ "in": { "target": "CASE", "key": "bad", "label": "Bad", "type": "CHOICES", "settings": { "options": [] } } })).await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    let listed = app
        .ok(
            &analyst,
            "{ customPropertyDefinitions(target: CASE) { key } }",
            json!({}),
        )
        .await;
    assert_eq!(
        listed["customPropertyDefinitions"]
            .as_array()
            .unwrap()
            .len(),
        definitions.len()
    );

    let id = create_case(
        &app,
        &analyst,
        json!({ "name": "Props", "type": "KYB", "customProperties": { "segment": ["retail"] } }),
    )
    .await;
    let valid = json!({
        "segment": ["corporate"],
        "markets": ["FR", "de"],
        "onboarded": "2024-02-29",
        "contact": "compliance@example.com",
        "turnover": "250000",
        "hotline": "+33612345678",
        "summary": "s".repeat(250),
        "story": "line one\nline two ".repeat(80).chars().take(1500).collect::<String>(),
        "website": "https://example.com/about",
        "regulated": true,
    });
    let d = app
        .ok(&analyst, SET, json!({ "t": "CASE", "id": id, "v": valid }))
        .await;
    let stored = &d["setCustomProperties"];
    assert_eq!(
        stored["turnover"].as_f64(),
        Some(250000.0),
        "numeric strings are stored as numbers"
    );
    assert_eq!(stored["markets"], json!(["FR", "DE"]));
    assert_eq!(stored["regulated"], json!(true));

    let invalid: &[(&str, Value)] = &[
        ("segment", json!(["wholesale"])),
        ("segment", json!(["retail", "corporate"])),
        ("markets", json!(["XX"])),
        ("onboarded", json!("2023-02-29")),
        ("onboarded", json!("29/02/2024")),
        ("contact", json!(format!("{}@example.com", "a".repeat(240)))),
        ("contact", json!("not an email")),
        ("turnover", json!(1000000.5)),
        ("turnover", json!("a lot")),
        ("hotline", json!("12345")),
        ("summary", json!("s".repeat(251))),
        ("summary", json!("two\nlines")),
        ("story", json!("s".repeat(1501))),
        ("website", json!("not a url")),
        ("regulated", json!("yes")),
        ("unknown", json!("x")),
    ];
    for (key, value) in invalid {
        let field = format!("values.{key}");
        refused(
            &app,
            &analyst,
            SET,
            json!({ "t": "CASE", "id": id, "v": { *key: value } }),
            "BAD_USER_INPUT",
            Some(&field),
        )
        .await;
    }
    // A batch with one bad key changes nothing, not even the good keys.
    refused(
        &app,
        &analyst,
        SET,
        json!({ "t": "CASE", "id": id, "v": { "summary": "new", "regulated": "no" } }),
        "BAD_USER_INPUT",
        Some("values.regulated"),
    )
    .await;

    // null resets one key; the others stay.
    let d = app
        .ok(
            &analyst,
            SET,
            json!({ "t": "CASE", "id": id, "v": { "website": null } }),
        )
        .await;
    assert!(d["setCustomProperties"].get("website").is_none());
    assert_eq!(d["setCustomProperties"]["regulated"], true);
    let c = app
        .ok(
            &analyst,
            r#"query($id: ID!) { case(id: $id) { customProperties } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(c["case"]["customProperties"], d["setCustomProperties"]);

    // On create and update too, with the field path of the input.
    let err = app.err(&analyst, CREATE_CASE, json!({ "input": { "name": "P", "type": "KYB", "customProperties": { "regulated": 1 } } })).await;
    assert_eq!(
        (code(&err), err["extensions"]["field"].as_str()),
        ("BAD_USER_INPUT", Some("input.customProperties.regulated"))
    );
    let d = app.ok(&analyst, r#"mutation($id: ID!) { updateCase(id: $id, input: { customProperties: { summary: "updated" } }) { customProperties } }"#, json!({ "id": id })).await;
    assert_eq!(d["updateCase"]["customProperties"]["summary"], "updated");
    assert_eq!(
        d["updateCase"]["customProperties"]["regulated"], true,
        "update merges per key"
    );
}

#[tokio::test]
async fn company_and_individual_properties_are_their_own() {
    let app = spawn_app().await;
    let admin = app.token("acme", Role::Admin);
    app.ok(
        &admin,
        DEFINE,
        json!({ "in": { "target": "COMPANY", "key": "lei", "label": "LEI", "type": "TEXT" } }),
    )
    .await;
    app.ok(
        &admin,
        DEFINE,
        json!({ "in": { "target": "INDIVIDUAL", "key": "pep", "label": "PEP", "type": "YES_NO" } }),
    )
    .await;
    let id = create_case(
        &app,
        &admin,
        json!({ "name": "Typed", "type": "KYB", "companies": [{ "name": "Main", "isMain": true, "customProperties": { "lei": "5493001KJTIIGC8Y1R12" } }],
                "individuals": [{ "firstName": "Pia", "lastName": "P", "customProperties": { "pep": true } }] }),
    )
    .await;
    let c = app.ok(&admin, r#"query($id: ID!) { case(id: $id) { companies { id customProperties } individuals { id customProperties } } }"#, json!({ "id": id })).await;
    assert_eq!(
        c["case"]["companies"][0]["customProperties"],
        json!({ "lei": "5493001KJTIIGC8Y1R12" })
    );
    assert_eq!(
        c["case"]["individuals"][0]["customProperties"],
        json!({ "pep": true })
    );
    // A company property is unknown on an individual, and on the case.
    let person = c["case"]["individuals"][0]["id"].clone();
    refused(
        &app,
        &admin,
        SET,
        json!({ "t": "INDIVIDUAL", "id": person, "v": { "lei": "x" } }),
        "BAD_USER_INPUT",
        Some("values.lei"),
    )
    .await;
    refused(
        &app,
        &admin,
        SET,
        json!({ "t": "CASE", "id": id, "v": { "pep": true } }),
        "BAD_USER_INPUT",
        Some("values.pep"),
    )
    .await;
    let err = app.err(&admin, CREATE_CASE, json!({ "input": { "name": "X", "type": "KYB", "individuals": [{ "firstName": "A", "lastName": "B", "customProperties": { "pep": "yes" } }] } })).await;
    assert_eq!(
        err["extensions"]["field"],
        "input.individuals[0].customProperties.pep"
    );
}
