//! The entity graph: validated fields, relations with total interest over chains and
//! cycles, beneficial owners, the orphan rule, custom properties.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::*;
use crate::validation::refused;

const ADD_PERSON: &str = r#"mutation($id: ID!, $in: IndividualInput!) { createIndividual(caseId: $id, input: $in) { id birthDate birthYear birthMonth birthDay nationality emails phoneNumbers } }"#;
const ADD_COMPANY: &str = r#"mutation($id: ID!, $in: CompanyInput!) { createCompany(caseId: $id, input: $in) { id country registrationNumber address { line1 postcode country } } }"#;

#[tokio::test]
async fn each_field_rule_just_inside_and_just_outside() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, json!({ "name": "Fields", "type": "KYB", "companies": [{ "name": "Main", "isMain": true }] })).await;
    let person = |extra: Value| {
        let mut p = json!({ "firstName": "Ann", "lastName": "Lee" });
        p.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "id": id, "in": p })
    };
    // (field, value inside, value outside)
    let people: &[(&str, Value, Value)] = &[
        ("firstName", json!("a".repeat(40)), json!("a".repeat(41))),
        ("lastName", json!("b".repeat(40)), json!("b".repeat(41))),
        ("maidenName", json!("c".repeat(40)), json!("c".repeat(41))),
        ("nationality", json!("gb"), json!("UK")),
        ("birthDate", json!("1992-02-29"), json!("2999-01-01")),
        (
            "emails",
            json!(["ann.lee@example.com"]),
            json!(["ann.lee@"]),
        ),
        (
            "phoneNumbers",
            json!(["+33612345678"]),
            json!(["0612345678"]),
        ),
        (
            "address",
            json!({ "line1": "1234567890", "postcode": "SW1A 1AA", "country": "GB" }),
            json!({ "line1": "12345678901" }),
        ),
    ];
    for (field, inside, outside) in people {
        let d = app
            .ok(&token, ADD_PERSON, person(json!({ *field: inside })))
            .await;
        assert!(d["createIndividual"]["id"].is_string(), "{field} inside");
        let expected = match *field {
            "emails" | "phoneNumbers" => format!("input.{field}[0]"),
            "address" => "input.address.line1".to_owned(),
            f => format!("input.{f}"),
        };
        refused(
            &app,
            &token,
            ADD_PERSON,
            person(json!({ *field: outside })),
            "BAD_USER_INPUT",
            Some(&expected),
        )
        .await;
    }
    // Stored normalised: upper-case country, E.164 phone.
    let d = app
        .ok(
            &token,
            ADD_PERSON,
            person(json!({ "nationality": "fr", "phoneNumbers": ["+44 20 7946 0958"] })),
        )
        .await;
    assert_eq!(d["createIndividual"]["nationality"], "FR");
    assert_eq!(
        d["createIndividual"]["phoneNumbers"],
        json!(["+442079460958"])
    );
    // Birth dates from parts: a real date, not in the future; a day needs a month.
    let d = app
        .ok(
            &token,
            ADD_PERSON,
            person(json!({ "birthYear": 1980, "birthMonth": 7 })),
        )
        .await;
    assert_eq!(
        (
            d["createIndividual"]["birthYear"].as_i64(),
            d["createIndividual"]["birthMonth"].as_i64()
        ),
        (Some(1980), Some(7))
    );
    assert_eq!(d["createIndividual"]["birthDate"], Value::Null);
    let d = app
        .ok(
            &token,
            ADD_PERSON,
            person(json!({ "birthYear": 1992, "birthMonth": 2, "birthDay": 29 })),
        )
        .await;
    assert_eq!(d["createIndividual"]["birthDate"], "1992-02-29");
    refused(
        &app,
        &token,
        ADD_PERSON,
        person(json!({ "birthYear": 1991, "birthMonth": 2, "birthDay": 29 })),
        "BAD_USER_INPUT",
        Some("input.birthYear"),
    )
    .await;
    refused(
        &app,
        &token,
        ADD_PERSON,
        person(json!({ "birthYear": 1990, "birthDay": 3 })),
        "BAD_USER_INPUT",
        Some("input.birthYear"),
    )
    .await;
    refused(
        &app,
        &token,
        ADD_PERSON,
        person(json!({ "title": "SIR" })),
        "BAD_USER_INPUT",
        Some("input.title"),
    )
    .await;

    let company = |extra: Value| {
        let mut c = json!({ "name": "Affiliate" });
        c.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({ "id": id, "in": c })
    };
    let companies: &[(&str, Value, Value)] = &[
        ("name", json!("n".repeat(255)), json!("n".repeat(256))),
        (
            "registrationNumber",
            json!("r".repeat(20)),
            json!("r".repeat(21)),
        ),
        ("country", json!("LU"), json!("XX")),
        (
            "address",
            json!({ "postcode": "1234567890" }),
            json!({ "postcode": "12345678901" }),
        ),
    ];
    for (field, inside, outside) in companies {
        app.ok(&token, ADD_COMPANY, company(json!({ *field: inside })))
            .await;
        let expected = if *field == "address" {
            "input.address.postcode".to_owned()
        } else {
            format!("input.{field}")
        };
        refused(
            &app,
            &token,
            ADD_COMPANY,
            company(json!({ *field: outside })),
            "BAD_USER_INPUT",
            Some(&expected),
        )
        .await;
    }
    refused(
        &app,
        &token,
        ADD_COMPANY,
        company(json!({ "isMain": true })),
        "BAD_USER_INPUT",
        Some("input.isMain"),
    )
    .await;
    // Percentages: 100 inside, 100.01 outside.
    refused(
        &app,
        &token,
        ADD_COMPANY,
        company(json!({ "relations": [{ "ownershipPercentage": 100.01 }] })),
        "BAD_USER_INPUT",
        Some("input.relations[0].ownershipPercentage"),
    )
    .await;
    refused(
        &app,
        &token,
        ADD_COMPANY,
        company(json!({ "relations": [{ "votingRightsPercentage": -1 }] })),
        "BAD_USER_INPUT",
        Some("input.relations[0].votingRightsPercentage"),
    )
    .await;
}

const GRAPH: &str = r#"query($id: ID!) { case(id: $id) {
  companies { id name totalOwnershipPercentage totalVotingRightsPercentage }
  individuals { id firstName totalOwnershipPercentage totalVotingRightsPercentage }
  beneficialOwners { firstName } } }"#;

fn total(graph: &Value, list: &str, name_field: &str, name: &str, which: &str) -> f64 {
    graph["case"][list]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[name_field] == name)
        .unwrap()[which]
        .as_f64()
        .unwrap()
}

#[tokio::test]
async fn totals_through_chains_and_a_cross_holding() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    // The Dotfile example: Paula owns 50% of Affiliate, which owns 60% of Holding, which
    // owns 40% of Main; Sam owns 50% of Holding (through one hop).
    let id = create_case(
        &app,
        &token,
        json!({ "name": "Chains", "type": "KYB",
          "companies": [
            { "ref": "main", "name": "Main", "isMain": true },
            { "ref": "holding", "name": "Holding", "relations": [{ "ownershipPercentage": 40, "votingRightsPercentage": 60 }] },
            { "ref": "affiliate", "name": "Affiliate", "relations": [{ "toCompanyRef": "holding", "ownershipPercentage": 60, "votingRightsPercentage": 60 }] } ],
          "individuals": [
            { "firstName": "Paula", "lastName": "P", "relations": [{ "toCompanyRef": "affiliate", "ownershipPercentage": 50, "votingRightsPercentage": 100 }] },
            { "firstName": "Sam", "lastName": "S", "relations": [{ "toCompanyRef": "holding", "ownershipPercentage": 40 }, { "ownershipPercentage": 10 }] },
            { "firstName": "Dee", "lastName": "D", "isBeneficialOwner": true } ] }),
    )
    .await;
    let g = app.ok(&token, GRAPH, json!({ "id": id })).await;
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(
        total(
            &g,
            "individuals",
            "firstName",
            "Paula",
            "totalOwnershipPercentage"
        ),
        12.0
    ));
    assert!(close(
        total(
            &g,
            "individuals",
            "firstName",
            "Paula",
            "totalVotingRightsPercentage"
        ),
        36.0
    ));
    assert!(close(
        total(
            &g,
            "individuals",
            "firstName",
            "Sam",
            "totalOwnershipPercentage"
        ),
        0.4 * 40.0 + 10.0
    ));
    assert!(close(
        total(
            &g,
            "companies",
            "name",
            "Holding",
            "totalOwnershipPercentage"
        ),
        40.0
    ));
    // Paula (36% of votes), Sam (26% of ownership) and Dee (declared) are beneficial owners.
    let ubos: Vec<&str> = g["case"]["beneficialOwners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["firstName"].as_str().unwrap())
        .collect();
    assert_eq!(ubos, ["Paula", "Sam", "Dee"]);

    // A cross-holding: A owns 30% of B, B owns 20% of A, A owns 40% and B 50% of Main;
    // Pat owns the other 80% of A.
    let id = create_case(
        &app,
        &token,
        json!({ "name": "Cross", "type": "KYB",
          "companies": [
            { "ref": "main", "name": "Main", "isMain": true },
            { "ref": "a", "name": "A", "relations": [{ "ownershipPercentage": 40 }, { "toCompanyRef": "b", "ownershipPercentage": 30 }] },
            { "ref": "b", "name": "B", "relations": [{ "ownershipPercentage": 50 }, { "toCompanyRef": "a", "ownershipPercentage": 20 }] } ],
          "individuals": [{ "firstName": "Pat", "lastName": "P", "relations": [{ "toCompanyRef": "a", "ownershipPercentage": 80 }] }] }),
    )
    .await;
    let g = app.ok(&token, GRAPH, json!({ "id": id })).await;
    let x_a = (0.4 + 0.3 * 0.5) / (1.0 - 0.3 * 0.2) * 100.0;
    let x_b = (0.5 + 0.2 * 0.4) / (1.0 - 0.3 * 0.2) * 100.0;
    assert!(close(
        total(&g, "companies", "name", "A", "totalOwnershipPercentage"),
        x_a
    ));
    assert!(close(
        total(&g, "companies", "name", "B", "totalOwnershipPercentage"),
        x_b
    ));
    assert!(close(
        total(
            &g,
            "individuals",
            "firstName",
            "Pat",
            "totalOwnershipPercentage"
        ),
        0.8 * x_a
    ));
    // Without a main company there is no total.
    let id = create_case(&app, &token, json!({ "name": "Loose", "type": "KYC", "individuals": [{ "firstName": "Lou", "lastName": "L" }] })).await;
    let g = app.ok(&token, GRAPH, json!({ "id": id })).await;
    assert_eq!(
        g["case"]["individuals"][0]["totalOwnershipPercentage"],
        Value::Null
    );
}

#[tokio::test]
async fn nothing_may_lose_its_path_to_the_main_company() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, kyb_case("Orphans", None)).await;
    let g = app
        .ok(&token, r#"query($id: ID!) { case(id: $id) { companies { id name isMain } individuals { id firstName } relations { id fromIndividualId fromCompanyId toCompanyId } } }"#, json!({ "id": id }))
        .await;
    let rel_from = |key: &str, id: &Value| {
        g["case"]["relations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| &r[key] == id)
            .unwrap()["id"]
            .clone()
    };
    let company = |name: &str| {
        g["case"]["companies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let person = |first: &str| {
        g["case"]["individuals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["firstName"] == first)
            .unwrap()["id"]
            .clone()
    };
    let holding = company("Orphans Holding");
    let main = company("Orphans SAS");

    // The holding's only link to Main: deleting it would strand the holding and Alan behind it.
    let delete_relation = r#"mutation($id: ID!) { deleteRelation(id: $id) }"#;
    refused(
        &app,
        &token,
        delete_relation,
        json!({ "id": rel_from("fromCompanyId", &holding) }),
        "BAD_USER_INPUT",
        Some("id"),
    )
    .await;
    // Alan's only relation.
    refused(
        &app,
        &token,
        delete_relation,
        json!({ "id": rel_from("fromIndividualId", &person("Alan")) }),
        "BAD_USER_INPUT",
        Some("id"),
    )
    .await;
    // Deleting the holding strands Alan; deleting the main company strands everyone.
    let delete_company = r#"mutation($id: ID!) { deleteCompany(id: $id) }"#;
    refused(
        &app,
        &token,
        delete_company,
        json!({ "id": holding }),
        "BAD_USER_INPUT",
        Some("id"),
    )
    .await;
    refused(
        &app,
        &token,
        delete_company,
        json!({ "id": main }),
        "BAD_USER_INPUT",
        Some("id"),
    )
    .await;
    // Un-marking the main company strands everyone too: nothing would have a path to a main
    // company any more.
    refused(
        &app,
        &token,
        r#"mutation($id: ID!) { updateCompany(id: $id, input: { isMain: false }) { id } }"#,
        json!({ "id": main }),
        "BAD_USER_INPUT",
        Some("input.isMain"),
    )
    .await;
    // Re-pointing the holding's relation at itself is refused too.
    let update_relation = r#"mutation($id: ID!, $in: UpdateRelationInput!) { updateRelation(id: $id, input: $in) { id toCompanyId ownershipPercentage } }"#;
    refused(
        &app,
        &token,
        update_relation,
        json!({ "id": rel_from("fromCompanyId", &holding), "in": { "toCompanyId": holding } }),
        "BAD_USER_INPUT",
        Some("input.toCompanyId"),
    )
    .await;

    // Allowed: changing a percentage, and removing a person with their relations and checks.
    let d = app.ok(&token, update_relation, json!({ "id": rel_from("fromCompanyId", &holding), "in": { "ownershipPercentage": 75 } })).await;
    assert_eq!(d["updateRelation"]["ownershipPercentage"], 75.0);
    app.ok(
        &token,
        r#"mutation($id: ID!) { deleteIndividual(id: $id) }"#,
        json!({ "id": person("Alan") }),
    )
    .await;
    let after = app.ok(&token, r#"query($id: ID!) { case(id: $id) { individuals { firstName } checks { type } relations { id } } }"#, json!({ "id": id })).await;
    assert_eq!(
        after["case"]["individuals"],
        json!([{ "firstName": "Ada" }])
    );
    assert_eq!(
        after["case"]["relations"].as_array().unwrap().len(),
        2,
        "Alan's relation went with him"
    );
    assert_eq!(
        after["case"]["checks"].as_array().unwrap().len(),
        2,
        "the AML check on Alan went with him"
    );
    // With Alan gone the holding's relation can be moved off... still not deleted: it is the holding's only link.
    refused(
        &app,
        &token,
        delete_relation,
        json!({ "id": rel_from("fromCompanyId", &holding) }),
        "BAD_USER_INPUT",
        Some("id"),
    )
    .await;
    // Updates of entity fields, metadata replaced.
    let d = app
        .ok(&token, r#"mutation($id: ID!) { updateCompany(id: $id, input: { name: "Orphans Holding SA", country: "BE", metadata: { lei: "X" } }) { name country metadata } }"#, json!({ "id": holding }))
        .await;
    assert_eq!(
        d["updateCompany"],
        json!({ "name": "Orphans Holding SA", "country": "BE", "metadata": { "lei": "X" } })
    );
    refused(
        &app,
        &token,
        r#"mutation($id: ID!) { updateCompany(id: $id, input: { isMain: true }) { id } }"#,
        json!({ "id": holding }),
        "BAD_USER_INPUT",
        Some("input.isMain"),
    )
    .await;
    refused(
        &app,
        &token,
        r#"mutation($id: ID!) { updateIndividual(id: $id, input: { metadata: { a: 1 } }) { id } }"#,
        json!({ "id": person("Ada") }),
        "BAD_USER_INPUT",
        Some("input.metadata.a"),
    )
    .await;
    let d = app.ok(&token, r#"mutation($id: ID!) { updateIndividual(id: $id, input: { lastName: "King", birthDate: "1915-12-10" }) { lastName birthDate } }"#, json!({ "id": person("Ada") })).await;
    assert_eq!(
        d["updateIndividual"],
        json!({ "lastName": "King", "birthDate": "1915-12-10" })
    );
    refused(&app, &token, r#"mutation($id: ID!) { updateIndividual(id: $id, input: { birthDate: "1815-12-10" }) { id } }"#, json!({ "id": person("Ada") }), "BAD_USER_INPUT", Some("input.birthDate")).await;
}

#[tokio::test]
async fn dates_are_written_yyyy_mm_dd_only() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, json!({ "name": "Dates", "type": "KYC" })).await;
    let person = |birth: Value| json!({ "id": id, "in": { "firstName": "Ann", "lastName": "Lee", "birthDate": birth } });
    let d = app
        .ok(&token, ADD_PERSON, person(json!("1970-05-29")))
        .await;
    assert_eq!(d["createIndividual"]["birthDate"], "1970-05-29");
    for bad in [
        json!("1970-5-29"),
        json!("29/05/1970"),
        json!("19700529"),
        json!("+1970-05-29"),
        json!("1970-02-30"),
        json!("1970-05-29T00:00:00Z"),
        json!(19700529),
    ] {
        let before = count(&app, "SELECT COUNT(*) FROM individuals").await;
        let err = app.err(&token, ADD_PERSON, person(bad.clone())).await;
        assert_eq!(code(&err), "BAD_USER_INPUT", "{bad}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains("yyyy-MM-dd") || !bad.is_string(),
            "{bad}: {err}"
        );
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM individuals").await,
            before
        );
    }
}
