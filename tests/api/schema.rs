//! The committed `schema.graphql` is exactly what the code exports.

#[test]
fn committed_schema_matches_the_code() {
    let exported = casegraph::graphql::export_sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != exported {
        let first = committed
            .lines()
            .zip(exported.lines())
            .position(|(a, b)| a != b);
        panic!(
            "schema.graphql is out of date (first difference at line {}); run `cargo run -- export-schema > schema.graphql`",
            first.map(|l| l + 1).unwrap_or(committed.lines().count().min(exported.lines().count()) + 1)
        );
    }
}

/// Every type, field, argument, input field and enum value has a description that reads
/// like a product reference: not blank, and not a single word ("Id.", "Name.").
#[tokio::test]
async fn every_type_field_and_argument_is_documented() {
    // Introspection needs no database, so the schema can answer it directly.
    let schema = casegraph::graphql::build_schema(&Default::default());
    let q = "{ __schema { types { name kind description specifiedByURL \
             fields { name description args { name description } } \
             inputFields { name description } enumValues { name description } } } }";
    let res = schema.execute(q).await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
    let data = res.data.into_json().unwrap();
    let mut undocumented = vec![];
    let mut one_word = vec![];
    let mut check = |what: String, description: &serde_json::Value| {
        let text = description.as_str().unwrap_or_default().trim();
        if text.is_empty() {
            undocumented.push(what);
        } else if !text.contains(char::is_whitespace) {
            one_word.push(format!("{what}: {text:?}"));
        }
    };
    const BUILT_IN: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || BUILT_IN.contains(&name) {
            continue;
        }
        if !["Query", "Mutation"].contains(&name) {
            check(name.to_owned(), &t["description"]);
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for f in t[list].as_array().into_iter().flatten() {
                let field = format!("{name}.{}", f["name"].as_str().unwrap());
                check(field.clone(), &f["description"]);
                for a in f["args"].as_array().into_iter().flatten() {
                    check(
                        format!("{field}({}:)", a["name"].as_str().unwrap()),
                        &a["description"],
                    );
                }
            }
        }
    }
    assert!(
        undocumented.is_empty() && one_word.is_empty(),
        "{} undocumented: {undocumented:#?}\n{} described in one word: {one_word:#?}",
        undocumented.len(),
        one_word.len()
    );
}

/// The custom scalars name the specification of their text form.
#[tokio::test]
async fn date_scalars_name_their_specification() {
    let schema = casegraph::graphql::build_schema(&Default::default());
    let res = schema
        .execute(r#"{ date: __type(name: "Date") { specifiedByURL } dateTime: __type(name: "DateTime") { specifiedByURL } naive: __type(name: "NaiveDate") { name } }"#)
        .await;
    let data = res.data.into_json().unwrap();
    assert_eq!(
        data["date"]["specifiedByURL"],
        "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
    );
    assert_eq!(
        data["dateTime"]["specifiedByURL"],
        "https://datatracker.ietf.org/doc/html/rfc3339"
    );
    assert!(data["naive"].is_null(), "{data}");
}
