//! Documents: multipart uploads (with the preflight header only), limits, type checks
//! against the bytes, duplicates, signed downloads and workspace scoping.

use casegraph::domain::Role;
use serde_json::{json, Value};

use crate::helpers::{code, count, create_case, kyb_case, spawn_with, TestApp};

const UPLOAD: &str = "mutation($caseId: ID!, $input: UploadDocumentInput!, $file: Upload!) { uploadDocument(caseId: $caseId, input: $input, file: $file) { id fileName contentType size sha256 type downloadUrl } }";

/// A PDF small enough to read: the header and a trailer are what the type check sees.
pub(crate) fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

/// PNG signature and an IHDR chunk start: enough for a type sniffer, not for a viewer.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00".to_vec();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

/// A server whose documents live in a directory the test can look into.
async fn app_with_dir(max_bytes: Option<u64>) -> (TestApp, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("casegraph-docs-test-{}", uuid::Uuid::new_v4()));
    let d = dir.clone();
    let app = spawn_with(move |args| {
        args.documents.documents_dir = d;
        if let Some(max) = max_bytes {
            args.documents.documents_max_bytes = max;
        }
    })
    .await;
    (app, dir)
}

/// Files under `dir`, recursively.
pub(crate) fn files_in(dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                files_in(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// Sends a multipart upload (GraphQL multipart request spec); `preflight` adds the header.
pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    case_id: &str,
    input: Value,
    bytes: Vec<u8>,
    file_name: &str,
    declared: &str,
    preflight: bool,
) -> (u16, Value) {
    let operations = json!({ "query": UPLOAD, "variables": { "caseId": case_id, "input": input, "file": null } });
    let form = reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(file_name.to_owned())
                .mime_str(declared)
                .unwrap(),
        );
    let mut req = app
        .client
        .post(format!("{}/graphql", app.url))
        .bearer_auth(token)
        .multipart(form);
    if preflight {
        req = req.header("apollo-require-preflight", "true");
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn upload_then_download_the_same_bytes_with_headers() {
    let (app, dir) = app_with_dir(None).await;
    let token = app.token("ws-docs", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Docs", None)).await;
    let bytes = pdf("passport scan");
    let (status, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "PASSPORT", "expiresAt": "2030-01-01T00:00:00Z" }),
        bytes.clone(),
        "../../etc/pass\"port.pdf",
        "application/pdf",
        true,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let doc = &body["data"]["uploadDocument"];
    assert_eq!(doc["contentType"], "application/pdf", "{body}");
    assert_eq!(doc["fileName"], "pass\"port.pdf");
    assert_eq!(doc["size"], bytes.len());
    assert_eq!(doc["sha256"], sha256_hex(&bytes));
    assert_eq!(doc["type"], "PASSPORT");
    assert_eq!(files_in(&dir), 1);

    // The case lists it, and the audit trail has the upload.
    let data = app
        .ok(
            &token,
            "query($id: ID!) { case(id: $id) { documents { nodes { id } } } }",
            json!({ "id": case_id }),
        )
        .await;
    assert_eq!(data["case"]["documents"]["nodes"][0]["id"], doc["id"]);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'document.uploaded'"
        )
        .await,
        1
    );

    let url = format!("{}{}", app.url, doc["downloadUrl"].as_str().unwrap());
    let res = reqwest::get(&url).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"pass_port.pdf\""),
        "{disposition}"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // Tampered signature, tampered expiry, expired link, unknown id: 403.
    let sig_at = url.find("sig=").unwrap() + 4;
    let mut tampered = url.clone();
    let flipped = if &url[sig_at..sig_at + 1] == "0" {
        "1"
    } else {
        "0"
    };
    tampered.replace_range(sig_at..sig_at + 1, flipped);
    let exp: i64 = url
        .split("exp=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let longer = url.replace(&format!("exp={exp}"), &format!("exp={}", exp + 3600));
    let other_id = format!(
        "{}/documents/{}?{}",
        app.url,
        uuid::Uuid::new_v4(),
        url.split('?').nth(1).unwrap()
    );
    let id = doc["id"].as_str().unwrap();
    let expired = app.state.documents.download_url(
        id.parse().unwrap(),
        "ws-docs",
        chrono::Utc::now().timestamp() - 3600,
    );
    let unsigned = format!("{}/documents/{id}", app.url);
    for bad in [
        tampered,
        longer,
        other_id,
        format!("{}{expired}", app.url),
        unsigned,
    ] {
        let res = reqwest::get(&bad).await.unwrap();
        assert_eq!(res.status(), 403, "{bad}");
    }

    // A link made with another workspace's name does not open it either.
    let foreign = app.state.documents.download_url(
        id.parse().unwrap(),
        "ws-other",
        chrono::Utc::now().timestamp(),
    );
    assert_eq!(
        reqwest::get(format!("{}{foreign}", app.url))
            .await
            .unwrap()
            .status(),
        403
    );

    // Another workspace cannot delete it; deleting it here removes the row and the file.
    let other = app.token("ws-other", Role::Admin);
    let del = "mutation($id: ID!) { deleteDocument(id: $id) }";
    let err = app.err(&other, del, json!({ "id": id })).await;
    assert_eq!(code(&err), "NOT_FOUND", "{err}");
    assert_eq!(files_in(&dir), 1);
    let data = app.ok(&token, del, json!({ "id": id })).await;
    assert_eq!(data["deleteDocument"], id);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM documents").await, 0);
    assert_eq!(files_in(&dir), 0);
    assert_eq!(reqwest::get(&url).await.unwrap().status(), 403);
}

#[tokio::test]
async fn duplicate_upload_returns_the_existing_document() {
    let (app, dir) = app_with_dir(None).await;
    let token = app.token("ws-docs", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Dup", None)).await;
    let first = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "a.png",
        "image/png",
        true,
    )
    .await;
    let second = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "b.png",
        "application/octet-stream",
        true,
    )
    .await;
    assert_eq!(first.0, 200, "{}", first.1);
    assert_eq!(second.0, 200, "{}", second.1);
    assert_eq!(
        first.1["data"]["uploadDocument"]["id"],
        second.1["data"]["uploadDocument"]["id"]
    );
    assert_eq!(second.1["data"]["uploadDocument"]["fileName"], "a.png");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(files_in(&dir), 1);
}

#[tokio::test]
async fn refused_uploads_leave_no_row_and_no_file() {
    let (app, dir) = app_with_dir(Some(1000)).await;
    let token = app.token("ws-docs", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Refused", None)).await;

    // No preflight header: a browser form could have sent it.
    let (status, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "a.png",
        "image/png",
        false,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT");
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("apollo-require-preflight"));

    // No token (or a bad one): 401 before the file is read.
    let (status, body) = upload(
        &app,
        "not-a-token",
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "a.png",
        "image/png",
        true,
    )
    .await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(code(&body["errors"][0]), "UNAUTHENTICATED", "{body}");

    // A PNG declared as a PDF.
    let (status, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "a.pdf",
        "application/pdf",
        true,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(code(&body["errors"][0]), "BAD_USER_INPUT", "{body}");
    assert_eq!(body["errors"][0]["extensions"]["field"], "file");

    // Bytes of no accepted type.
    let (_, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER" }),
        b"just text".to_vec(),
        "a.txt",
        "text/plain",
        true,
    )
    .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "file", "{body}");

    // Above the limit, just above and far above: LIMIT_EXCEEDED naming the limit.
    for size in [1001, 50_000] {
        let mut big = pdf("big");
        big.resize(size, b' ');
        let (_, body) = upload(
            &app,
            &token,
            &case_id,
            json!({ "type": "OTHER" }),
            big,
            "big.pdf",
            "application/pdf",
            true,
        )
        .await;
        assert_eq!(code(&body["errors"][0]), "LIMIT_EXCEEDED", "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("1000 bytes"),
            "{body}"
        );
    }

    // A check that is not the case's.
    let (_, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER", "checkId": uuid::Uuid::new_v4() }),
        png(),
        "a.png",
        "image/png",
        true,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["field"], "input.checkId",
        "{body}"
    );

    // A viewer may not upload.
    let viewer = app.token("ws-docs", Role::Viewer);
    let (_, body) = upload(
        &app,
        &viewer,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "a.png",
        "image/png",
        true,
    )
    .await;
    assert_eq!(code(&body["errors"][0]), "FORBIDDEN", "{body}");

    assert_eq!(count(&app, "SELECT COUNT(*) FROM documents").await, 0);
    assert_eq!(files_in(&dir), 0);

    // Another workspace's case is not found, and nothing is stored for it.
    let other = app.token("ws-other", Role::Admin);
    let (_, body) = upload(
        &app,
        &other,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "a.png",
        "image/png",
        true,
    )
    .await;
    assert_eq!(code(&body["errors"][0]), "NOT_FOUND", "{body}");
    assert_eq!(files_in(&dir), 0);
}

/// A moto S3 server (`pip install "moto[server]==5.2.1"`) on a free port; stopped on drop.
struct Moto {
    child: std::process::Child,
    url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_moto() -> Option<Moto> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = std::process::Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let moto = Moto {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..100 {
        if reqwest::get(&moto.url).await.is_ok() {
            return Some(moto);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

#[tokio::test]
async fn documents_in_an_s3_bucket() {
    let Some(moto) = start_moto().await else {
        println!("SKIPPED documents_in_an_s3_bucket: moto_server not found (pip install \"moto[server]==5.2.1\")");
        return;
    };
    // moto accepts any credentials; object_store reads them from the environment.
    std::env::set_var("AWS_ACCESS_KEY_ID", "test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
    let client = reqwest::Client::new();
    let created = client
        .put(format!("{}/casegraph-docs", moto.url))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    let endpoint = moto.url.clone();
    let app = spawn_with(move |args| {
        args.documents.s3_bucket = Some("casegraph-docs".into());
        args.documents.s3_endpoint = Some(endpoint);
    })
    .await;
    let token = app.token("ws-s3", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("S3", None)).await;
    let bytes = pdf("in a bucket");
    let (status, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "BANK_STATEMENT" }),
        bytes.clone(),
        "statement.pdf",
        "application/pdf",
        true,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let doc = &body["data"]["uploadDocument"];
    assert_eq!(doc["sha256"], sha256_hex(&bytes), "{body}");
    let id = doc["id"].as_str().unwrap().to_owned();
    let object = format!("{}/casegraph-docs/ws-s3/{case_id}/{id}", moto.url);
    assert_eq!(client.get(&object).send().await.unwrap().status(), 200);

    let url = format!("{}{}", app.url, doc["downloadUrl"].as_str().unwrap());
    let res = reqwest::get(&url).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // A refused upload leaves nothing in the bucket; a deleted document's object is gone.
    let (_, body) = upload(
        &app,
        &token,
        &case_id,
        json!({ "type": "OTHER" }),
        png(),
        "x.pdf",
        "application/pdf",
        true,
    )
    .await;
    assert_eq!(body["errors"][0]["extensions"]["field"], "file", "{body}");
    let listing = client
        .get(format!("{}/casegraph-docs?list-type=2", moto.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(listing.matches("<Key>").count(), 1, "{listing}");
    app.ok(
        &token,
        "mutation($id: ID!) { deleteDocument(id: $id) }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(client.get(&object).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn parallel_uploads_of_the_same_bytes_make_one_document() {
    let (app, dir) = app_with_dir(None).await;
    let token = app.token("ws-docs", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Parallel", None)).await;
    let answers = futures::future::join_all((0..10).map(|i| {
        upload(
            &app,
            &token,
            &case_id,
            json!({ "type": "OTHER" }),
            pdf("same"),
            if i % 2 == 0 { "a.pdf" } else { "b.pdf" },
            "application/pdf",
            true,
        )
    }))
    .await;
    let mut ids = std::collections::HashSet::new();
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{body}");
        ids.insert(
            body["data"]["uploadDocument"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM documents").await, 1);
    assert_eq!(files_in(&dir), 1);
}

/// Twenty different files into one case at once (more writers than the pool holds): twenty
/// documents, twenty files, each downloadable with its own bytes, the case chain intact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_parallel_uploads_of_different_files_all_land() {
    let (app, dir) = app_with_dir(None).await;
    let token = app.token("ws-docs", Role::Analyst);
    let case_id = create_case(&app, &token, kyb_case("Parallel", None)).await;
    let names: Vec<String> = (0..20).map(|i| format!("f{i}.pdf")).collect();
    let answers = futures::future::join_all((0..20).map(|i| {
        upload(
            &app,
            &token,
            &case_id,
            json!({ "type": "OTHER" }),
            pdf(&format!("file {i}")),
            &names[i],
            "application/pdf",
            true,
        )
    }))
    .await;
    for (i, (status, body)) in answers.iter().enumerate() {
        assert_eq!(*status, 200, "{body}");
        assert!(body.get("errors").is_none(), "{body}");
        let doc = &body["data"]["uploadDocument"];
        assert_eq!(doc["sha256"], sha256_hex(&pdf(&format!("file {i}"))));
        let url = format!("{}{}", app.url, doc["downloadUrl"].as_str().unwrap());
        let got = app.client.get(url).send().await.unwrap();
        assert_eq!(got.status(), 200);
        assert_eq!(
            got.bytes().await.unwrap().to_vec(),
            pdf(&format!("file {i}"))
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM documents").await, 20);
    assert_eq!(files_in(&dir), 20);
    let admin = app.token("ws-docs", Role::Admin);
    let v = app
        .ok(
            &admin,
            "query($id: ID!) { verifyAuditTrail(caseId: $id) { valid } }",
            json!({ "id": case_id }),
        )
        .await;
    assert_eq!(v["verifyAuditTrail"]["valid"], true);
}
