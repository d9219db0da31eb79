//! Creating a case with its nested graph and reading it back; updates and soft delete.

use casegraph::domain::Role;
use serde_json::json;

use crate::helpers::*;

const READ_BACK: &str = r#"query($id: ID!) { case(id: $id) {
  id name externalId type status priority processing tags metadata version flags createdBy
  mainCompany { name isMain country registrationNumber }
  companies { id name isMain }
  individuals { id firstName lastName }
  relations { fromIndividualId fromCompanyId toCompanyId ownershipPercentage roles position }
  checks { type status subjectType subjectId documents { id } amlHits { id } notes { id } }
  auditTrail(first: 100) { nodes { seq action actorType actorId entityType prevHash hash } }
} }"#;

#[tokio::test]
async fn create_with_nested_graph_then_read_it_back_in_one_query() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, kyb_case("Globex", Some("crm-1"))).await;

    let c = app.ok(&token, READ_BACK, json!({ "id": id })).await["case"].clone();
    assert_eq!(c["name"], "Globex");
    assert_eq!(c["externalId"], "crm-1");
    assert_eq!(c["status"], "OPEN");
    assert_eq!(c["priority"], "MEDIUM");
    assert_eq!(c["tags"], json!(["eu", "onboarding"]));
    assert_eq!(c["metadata"], json!({ "crm": "hubspot" }));
    assert_eq!(c["version"], 1);
    assert_eq!(c["createdBy"], "analyst-user");
    assert_eq!(c["mainCompany"]["name"], "Globex SAS");
    assert_eq!(c["mainCompany"]["country"], "FR");
    assert_eq!(c["companies"].as_array().unwrap().len(), 2);
    assert_eq!(c["individuals"].as_array().unwrap().len(), 2);

    // Refs resolved: the holding points at the main company, the UBO at the holding,
    // the CEO (no target) at the main company.
    let company_id = |name: &str| {
        c["companies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let person_id = |first: &str| {
        c["individuals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["firstName"] == first)
            .unwrap()["id"]
            .clone()
    };
    let rels = c["relations"].as_array().unwrap();
    assert_eq!(rels.len(), 3);
    let rel_from =
        |key: &str, id: &serde_json::Value| rels.iter().find(|r| &r[key] == id).unwrap().clone();
    assert_eq!(
        rel_from("fromCompanyId", &company_id("Globex Holding"))["toCompanyId"],
        company_id("Globex SAS")
    );
    assert_eq!(
        rel_from("fromIndividualId", &person_id("Alan"))["toCompanyId"],
        company_id("Globex Holding")
    );
    assert_eq!(
        rel_from("fromIndividualId", &person_id("Alan"))["ownershipPercentage"],
        50.0
    );
    assert_eq!(
        rel_from("fromIndividualId", &person_id("Ada"))["toCompanyId"],
        company_id("Globex SAS")
    );
    assert_eq!(
        rel_from("fromIndividualId", &person_id("Ada"))["position"],
        "CEO"
    );

    let checks = c["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 3);
    let aml = checks.iter().find(|x| x["type"] == "AML").unwrap();
    assert_eq!(aml["status"], "NEED_REVIEW");
    assert_eq!(aml["subjectType"], "INDIVIDUAL");
    assert_eq!(aml["subjectId"], person_id("Alan"));
    // One check waits on the contact (IN_PROGRESS), so the first collect is not complete.
    assert_eq!(c["flags"], json!(["FOR_FIRST_COLLECT"]));

    // Every created thing is in the audit trail, chained.
    let trail = c["auditTrail"]["nodes"].as_array().unwrap();
    assert_eq!(trail.len(), 1 + 2 + 2 + 3 + 3);
    assert_eq!(trail[0]["action"], "case.created");
    assert_eq!(trail[0]["actorType"], "USER");
    assert_eq!(trail[0]["actorId"], "analyst-user");
    for pair in trail.windows(2) {
        assert_eq!(pair[1]["prevHash"], pair[0]["hash"]);
    }
}

#[tokio::test]
async fn update_changes_fields_bumps_version_and_audits() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(
        &app,
        &token,
        json!({ "name": "Initech", "type": "KYC", "tags": ["a"], "metadata": { "k": "v" } }),
    )
    .await;
    let update = r#"mutation($id: ID!, $input: UpdateCaseInput!, $v: Int) { updateCase(id: $id, input: $input, expectedVersion: $v) { name status priority tags metadata description version } }"#;
    let data = app
        .ok(&token, update, json!({ "id": id, "v": 1, "input": { "name": "Initech Ltd", "status": "DRAFT", "priority": "HIGH", "tags": ["b", "c"], "metadata": { "x": "y" }, "description": "d" } }))
        .await;
    let c = &data["updateCase"];
    assert_eq!(c["name"], "Initech Ltd");
    assert_eq!(c["status"], "DRAFT");
    assert_eq!(c["priority"], "HIGH");
    assert_eq!(
        c["metadata"],
        json!({ "x": "y" }),
        "metadata is replaced, not merged"
    );
    assert_eq!(c["version"], 2);

    // Null clears metadata and description; omitted fields stay.
    let data = app.ok(&token, update, json!({ "id": id, "input": { "metadata": null, "description": null, "status": "OPEN" } })).await;
    assert_eq!(data["updateCase"]["metadata"], json!(null));
    assert_eq!(data["updateCase"]["description"], json!(null));
    assert_eq!(data["updateCase"]["name"], "Initech Ltd");
    assert_eq!(data["updateCase"]["status"], "OPEN");

    let read = app
        .ok(
            &token,
            r#"query($id: ID!) { case(id: $id) { tags version auditTrail(first: 100) { nodes { action changes } } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["case"]["tags"], json!(["b", "c"]));
    assert_eq!(read["case"]["version"], 3);
    let trail = read["case"]["auditTrail"]["nodes"].as_array().unwrap();
    assert_eq!(trail[1]["action"], "case.updated");
    assert_eq!(
        trail[1]["changes"]["name"],
        json!({ "before": "Initech", "after": "Initech Ltd" })
    );
    assert_eq!(
        trail[1]["changes"]["tags"],
        json!({ "before": ["a"], "after": ["b", "c"] })
    );

    // A stale version is a conflict that names the current one, and changes nothing.
    let err = app
        .err(
            &token,
            update,
            json!({ "id": id, "v": 1, "input": { "name": "Stale" } }),
        )
        .await;
    assert_eq!(code(&err), "CONFLICT");
    assert_eq!(err["extensions"]["currentVersion"], 3);
    let read = app
        .ok(
            &token,
            r#"query($id: ID!) { case(id: $id) { name version } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(read["case"], json!({ "name": "Initech Ltd", "version": 3 }));
}

#[tokio::test]
async fn decisions_are_not_made_by_update() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Admin);
    let id = create_case(&app, &token, json!({ "name": "Umbrella", "type": "KYB" })).await;
    let err = app
        .err(
            &token,
            r#"mutation($id: ID!) { updateCase(id: $id, input: { status: APPROVED }) { id } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code(&err), "INVALID_TRANSITION");
    assert_eq!(err["extensions"]["from"], "OPEN");
    assert_eq!(err["extensions"]["to"], "APPROVED");
    let err = app
        .err(
            &token,
            CREATE_CASE,
            json!({ "input": { "name": "X", "type": "KYB", "status": "APPROVED" } }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "input.status");
}

#[tokio::test]
async fn delete_hides_the_case_and_frees_its_external_id() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(
        &app,
        &token,
        json!({ "name": "Hooli", "type": "KYB", "externalId": "ext-9" }),
    )
    .await;
    app.ok(
        &token,
        r#"mutation($id: ID!) { deleteCase(id: $id) }"#,
        json!({ "id": id }),
    )
    .await;
    let err = app
        .err(
            &token,
            r#"query($id: ID!) { case(id: $id) { id } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(code(&err), "NOT_FOUND");
    let err = app
        .err(
            &token,
            r#"{ caseByExternalId(externalId: "ext-9") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&err), "NOT_FOUND");
    let list = app.ok(&token, "{ cases { totalCount } }", json!({})).await;
    assert_eq!(list["cases"]["totalCount"], 0);
    // The external id can be used again.
    let again = create_case(
        &app,
        &token,
        json!({ "name": "Hooli 2", "type": "KYB", "externalId": "ext-9" }),
    )
    .await;
    let found = app
        .ok(
            &token,
            r#"{ caseByExternalId(externalId: "ext-9") { id name } }"#,
            json!({}),
        )
        .await;
    assert_eq!(found["caseByExternalId"]["id"], again.as_str());
}

#[tokio::test]
async fn entities_relations_and_checks_added_later() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Integration);
    let id = create_case(&app, &token, json!({ "name": "Stark", "type": "KYB", "companies": [{ "name": "Stark Industries", "isMain": true }] })).await;
    let company = app
        .ok(&token, r#"mutation($id: ID!) { createCompany(caseId: $id, input: { name: "Stark Holding", relations: [{ ownershipPercentage: 100 }] }) { id isMain } }"#, json!({ "id": id }))
        .await["createCompany"]
        .clone();
    assert_eq!(company["isMain"], false);
    let person = app
        .ok(&token, r#"mutation($id: ID!) { createIndividual(caseId: $id, input: { firstName: "Tony", lastName: "Stark", birthDate: "1970-05-29" }) { id birthDate } }"#, json!({ "id": id }))
        .await["createIndividual"]
        .clone();
    assert_eq!(person["birthDate"], "1970-05-29");
    let rel = app
        .ok(
            &token,
            r#"mutation($p: ID!, $c: ID!) { createRelation(input: { fromIndividualId: $p, toCompanyId: $c, ownershipPercentage: 100, roles: [SHAREHOLDER] }) { toCompanyId } }"#,
            json!({ "p": person["id"], "c": company["id"] }),
        )
        .await;
    assert_eq!(rel["createRelation"]["toCompanyId"], company["id"]);
    // The holding is fully owned already.
    let err = app
        .err(
            &token,
            r#"mutation($p: ID!, $c: ID!) { createRelation(input: { fromIndividualId: $p, toCompanyId: $c, ownershipPercentage: 1 }) { id } }"#,
            json!({ "p": person["id"], "c": company["id"] }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "input.ownershipPercentage");

    let check = app
        .ok(&token, r#"mutation($id: ID!, $p: ID!) { createCheck(caseId: $id, input: { type: ID_DOCUMENT, subjectIndividualId: $p, status: NEED_REVIEW }) { status subjectType } }"#, json!({ "id": id, "p": person["id"] }))
        .await;
    assert_eq!(
        check["createCheck"],
        json!({ "status": "NEED_REVIEW", "subjectType": "INDIVIDUAL" })
    );
    let c = app.ok(&token, r#"query($id: ID!) { case(id: $id) { version flags reviewerHasActions relations { id } } }"#, json!({ "id": id })).await;
    assert_eq!(
        c["case"]["flags"],
        json!(["FOR_REVIEW", "FIRST_COLLECT_COMPLETED"])
    );
    assert_eq!(c["case"]["reviewerHasActions"], true);
    assert_eq!(c["case"]["version"], 5);
    assert_eq!(c["case"]["relations"].as_array().unwrap().len(), 2);
}

const SUMMARY_AND_RELATED: &str = r#"query($id: ID!) { case(id: $id) { summary relatedCaseIds auditTrail(first: 100) { nodes { action changes } } } }"#;

#[tokio::test]
async fn summary_and_related_cases_are_set_on_create_and_update() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let first = create_case(&app, &token, json!({ "name": "First", "type": "KYC" })).await;
    let second = create_case(&app, &token, json!({ "name": "Second", "type": "KYC" })).await;
    let id = create_case(
        &app,
        &token,
        json!({ "name": "Third", "type": "KYC", "summary": "  Same UBO as First  ", "relatedCaseIds": [first, second, first] }),
    )
    .await;
    let c = app
        .ok(&token, SUMMARY_AND_RELATED, json!({ "id": id }))
        .await["case"]
        .clone();
    assert_eq!(c["summary"], "Same UBO as First");
    assert_eq!(
        c["relatedCaseIds"],
        json!([first, second]),
        "a set, in the order given"
    );
    let created = &c["auditTrail"]["nodes"][0]["changes"]["created"];
    assert_eq!(created["summary"], "Same UBO as First");
    assert_eq!(created["related_case_ids"], json!([first, second]));

    let update = r#"mutation($id: ID!, $input: UpdateCaseInput!) { updateCase(id: $id, input: $input) { summary relatedCaseIds version } }"#;
    let data = app
        .ok(
            &token,
            update,
            json!({ "id": id, "input": { "summary": "Cleared", "relatedCaseIds": [second] } }),
        )
        .await;
    assert_eq!(data["updateCase"]["summary"], "Cleared");
    assert_eq!(data["updateCase"]["relatedCaseIds"], json!([second]));

    // Omitted: kept. `null` and `[]`: cleared.
    let data = app
        .ok(
            &token,
            update,
            json!({ "id": id, "input": { "name": "Third case" } }),
        )
        .await;
    assert_eq!(data["updateCase"]["summary"], "Cleared");
    assert_eq!(data["updateCase"]["relatedCaseIds"], json!([second]));
    let data = app
        .ok(
            &token,
            update,
            json!({ "id": id, "input": { "summary": null, "relatedCaseIds": [] } }),
        )
        .await;
    assert_eq!(data["updateCase"]["summary"], json!(null));
    assert_eq!(data["updateCase"]["relatedCaseIds"], json!([]));

    let c = app
        .ok(&token, SUMMARY_AND_RELATED, json!({ "id": id }))
        .await["case"]
        .clone();
    let trail = c["auditTrail"]["nodes"].as_array().unwrap();
    assert_eq!(trail[1]["action"], "case.updated");
    assert_eq!(
        trail[1]["changes"],
        json!({
            "summary": { "before": "Same UBO as First", "after": "Cleared" },
            "relatedCaseIds": { "before": [first, second], "after": [second] }
        })
    );
    assert_eq!(
        trail[3]["changes"],
        json!({
            "summary": { "before": "Cleared", "after": null },
            "relatedCaseIds": { "before": [second], "after": [] }
        })
    );
}

#[tokio::test]
async fn related_cases_must_be_live_cases_of_the_workspace() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let other = app.token("globex", Role::Analyst);
    let live = create_case(&app, &token, json!({ "name": "Live", "type": "KYC" })).await;
    let foreign = create_case(&app, &other, json!({ "name": "Foreign", "type": "KYC" })).await;
    let deleted = create_case(&app, &token, json!({ "name": "Deleted", "type": "KYC" })).await;
    app.ok(
        &token,
        r#"mutation($id: ID!) { deleteCase(id: $id) }"#,
        json!({ "id": deleted }),
    )
    .await;
    let unknown = uuid::Uuid::new_v4().to_string();

    for (ids, index) in [
        (json!([live, unknown]), 1),
        (json!([foreign]), 0),
        (json!([live, live, deleted]), 2),
        (json!(["not-an-id"]), 0),
    ] {
        let err = app
            .err(
                &token,
                CREATE_CASE,
                json!({ "input": { "name": "New", "type": "KYC", "relatedCaseIds": ids } }),
            )
            .await;
        assert_eq!(code(&err), "BAD_USER_INPUT", "{ids}: {err}");
        assert_eq!(err["extensions"]["index"], index, "{ids}: {err}");
        assert_eq!(err["extensions"]["field"], "input.relatedCaseIds");
    }
    // Nothing was half-written.
    let count = app
        .ok(&token, r#"{ cases { totalCount } }"#, json!({}))
        .await;
    assert_eq!(count["cases"]["totalCount"], 1);

    // On update as well, and a case cannot relate to itself.
    let update = r#"mutation($id: ID!, $input: UpdateCaseInput!) { updateCase(id: $id, input: $input) { version } }"#;
    let sibling = create_case(&app, &token, json!({ "name": "Sibling", "type": "KYC" })).await;
    for (ids, index) in [
        (json!([foreign]), 0),
        (json!([sibling, unknown]), 1),
        (json!([sibling, live]), 1),
    ] {
        let err = app
            .err(
                &token,
                update,
                json!({ "id": live, "input": { "relatedCaseIds": ids } }),
            )
            .await;
        assert_eq!(code(&err), "BAD_USER_INPUT", "{ids}: {err}");
        assert_eq!(err["extensions"]["index"], index, "{ids}: {err}");
    }
    let too_many: Vec<String> = (0..101).map(|_| live.clone()).collect();
    let err = app
        .err(
            &token,
            update,
            json!({ "id": live, "input": { "relatedCaseIds": too_many } }),
        )
        .await;
    assert_eq!(code(&err), "BAD_USER_INPUT");
    assert_eq!(err["extensions"]["field"], "input.relatedCaseIds");
    let long = app
        .err(
            &token,
            update,
            json!({ "id": live, "input": { "summary": "s".repeat(10_001) } }),
        )
        .await;
    assert_eq!(long["extensions"]["field"], "input.summary");
    let version = app
        .ok(
            &token,
            r#"query($id: ID!) { case(id: $id) { version relatedCaseIds summary } }"#,
            json!({ "id": live }),
        )
        .await;
    assert_eq!(
        version["case"],
        json!({ "version": 1, "relatedCaseIds": [], "summary": null })
    );
}

#[tokio::test]
async fn case_type_defaults_to_kyb_with_companies_else_kyc() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let q = "mutation($input: CreateCaseInput!) { createCase(input: $input) { type } }";
    let person = app
        .ok(&token, q, json!({ "input": { "name": "Only a name" } }))
        .await;
    assert_eq!(person["createCase"]["type"], "KYC");
    let business = app
        .ok(
            &token,
            q,
            json!({ "input": { "name": "Initech", "companies": [{ "name": "Initech Ltd", "isMain": true }] } }),
        )
        .await;
    assert_eq!(business["createCase"]["type"], "KYB");
    let given = app
        .ok(
            &token,
            q,
            json!({ "input": { "name": "Screening", "type": "AML" } }),
        )
        .await;
    assert_eq!(given["createCase"]["type"], "AML");
    let bulk = app
        .ok(
            &token,
            "mutation($items: [CreateCaseInput!]!) { bulkCreateCases(items: $items) { type } }",
            json!({ "items": [
                { "name": "A" },
                { "name": "B", "companies": [{ "name": "B Ltd", "isMain": true }] }
            ] }),
        )
        .await;
    assert_eq!(
        bulk["bulkCreateCases"],
        json!([{ "type": "KYC" }, { "type": "KYB" }])
    );
}

const SET_TAGS: &str = "mutation($id: ID!, $tags: [String!]!, $v: Int) {
  setCaseTags(caseId: $id, tags: $tags, expectedVersion: $v) { tags version }
}";

#[tokio::test]
async fn set_case_tags_replaces_the_set_bumps_the_version_and_audits() {
    let app = spawn_app().await;
    let token = app.token("acme", Role::Analyst);
    let id = create_case(&app, &token, kyb_case("Tagged", None)).await;

    let out = app
        .ok(
            &token,
            SET_TAGS,
            json!({ "id": id, "tags": ["vip", "eu", "vip"], "v": 1 }),
        )
        .await;
    assert_eq!(
        out["setCaseTags"],
        json!({ "tags": ["eu", "vip"], "version": 2 })
    );

    let trail = app
        .ok(
            &token,
            "query($id: ID!) { case(id: $id) { auditTrail(last: 1) { nodes { action changes } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        trail["case"]["auditTrail"]["nodes"][0],
        json!({ "action": "case.updated", "changes": { "tags": {
            "before": ["eu", "onboarding"], "after": ["eu", "vip"] } } })
    );

    // A stale version and a bad tag are refused, naming the argument; nothing is written.
    crate::validation::refused(
        &app,
        &token,
        SET_TAGS,
        json!({ "id": id, "tags": ["x"], "v": 1 }),
        "CONFLICT",
        Some("expectedVersion"),
    )
    .await;
    crate::validation::refused(
        &app,
        &token,
        SET_TAGS,
        json!({ "id": id, "tags": ["x".repeat(1000)] }),
        "BAD_USER_INPUT",
        Some("tags[0]"),
    )
    .await;
    let viewer = app.token("acme", Role::Viewer);
    // Seen once first: a first request records the user, which is no write of setCaseTags.
    app.ok(&viewer, "{ viewer { role } }", json!({})).await;
    crate::validation::refused(
        &app,
        &viewer,
        SET_TAGS,
        json!({ "id": id, "tags": [] }),
        "FORBIDDEN",
        None,
    )
    .await;
    let cleared = app
        .ok(&token, SET_TAGS, json!({ "id": id, "tags": [] }))
        .await;
    assert_eq!(cleared["setCaseTags"], json!({ "tags": [], "version": 3 }));
}
