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

#[tokio::test]
async fn every_type_and_field_is_documented() {
    // Introspection needs no database, so the schema can answer it directly.
    let schema = casegraph::graphql::build_schema(&Default::default());
    let q = "{ __schema { types { name kind description fields { name description } inputFields { name description } enumValues { name description } } } }";
    let res = schema.execute(q).await;
    assert!(res.errors.is_empty(), "{:?}", res.errors);
    let data = res.data.into_json().unwrap();
    let mut undocumented = vec![];
    let blank = |v: &serde_json::Value| v.as_str().is_none_or(|s| s.trim().is_empty());
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || t["kind"] == "SCALAR" {
            continue;
        }
        let is_root = ["Query", "Mutation"].contains(&name);
        if blank(&t["description"]) && !is_root {
            undocumented.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for f in t[list].as_array().into_iter().flatten() {
                if blank(&f["description"]) {
                    undocumented.push(format!("{name}.{}", f["name"].as_str().unwrap()));
                }
            }
        }
    }
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
}
