//! Documents (SPEC §3): uploaded files attached to a case, and optionally to one of its
//! checks, companies or individuals. The bytes go to object storage (see
//! [`crate::storage`]) before the row is written; a refused or failed write removes them, so
//! a failed upload leaves neither a row nor a file.

use async_graphql::{InputObject, ID};
use chrono::{DateTime, Utc};
use entity::{check, company, document, individual};
use futures_util::StreamExt;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde_json::json;
use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;
use uuid::Uuid;

use super::audit::{self, snapshot, Change};
use super::input::parse_id;
use super::{case, Session};
use crate::auth::Permission;
use crate::domain::{DocumentType, VerificationStatus};
use crate::error::{AppError, AppResult};
use crate::storage::Documents;

/// The content types a document may have, as `infer` names them from the bytes.
pub const ALLOWED_TYPES: [&str; 6] = [
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/heif",
    "image/webp",
];

/// Bytes read from the upload at a time (and sniffed for the type from the first).
const CHUNK: usize = 64 * 1024;

/// `uploadDocument`'s input (the file is its own argument).
#[derive(Debug, InputObject)]
pub struct UploadDocumentInput {
    /// Kind of document.
    #[graphql(name = "type")]
    pub document_type: DocumentType,
    /// A check of the case the document supports.
    pub check_id: Option<ID>,
    /// An individual of the case the document is about.
    pub individual_id: Option<ID>,
    /// A company of the case the document is about.
    pub company_id: Option<ID>,
    /// When the document itself (e.g. a passport) expires.
    pub expires_at: Option<DateTime<Utc>>,
}

/// An uploaded file as the transport hands it over: on disk, not in memory.
pub struct UploadedFile {
    pub file_name: String,
    /// The content type the client declared, if any.
    pub declared_type: Option<String>,
    pub content: std::fs::File,
}

/// A file name safe to store and to send back: its last path segment, without control
/// characters, at most 255 characters; `document` when nothing is left.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(255).collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() {
        "document".into()
    } else {
        clean
    }
}

/// The declared type in its plain form (`image/jpg` is `image/jpeg`); `None` when the client
/// declared nothing specific.
fn declared(content_type: Option<&str>) -> Option<String> {
    let plain = content_type?
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match plain.as_str() {
        "" | "application/octet-stream" => None,
        "image/jpg" | "image/pjpeg" => Some("image/jpeg".into()),
        "image/heic" => Some("image/heif".into()),
        _ => Some(plain),
    }
}

/// `uploadDocument`: stores the file and its row; the same bytes already on the case →
/// that document, nothing stored.
pub async fn upload(
    s: &Session,
    docs: &Documents,
    case_id: Uuid,
    input: UploadDocumentInput,
    file: UploadedFile,
) -> AppResult<document::Model> {
    s.principal.authorize(Permission::EditCases)?;
    let check_id = input
        .check_id
        .as_ref()
        .map(|id| parse_id("input.checkId", id))
        .transpose()?;
    let individual_id = input
        .individual_id
        .as_ref()
        .map(|id| parse_id("input.individualId", id))
        .transpose()?;
    let company_id = input
        .company_id
        .as_ref()
        .map(|id| parse_id("input.companyId", id))
        .transpose()?;
    let size = file
        .content
        .metadata()
        .map_err(|e| AppError::Internal(format!("upload metadata: {e}")))?
        .len();
    if size > docs.max_bytes {
        return Err(too_large(docs.max_bytes));
    }
    if size == 0 {
        return Err(AppError::bad_input("file", "is empty"));
    }
    let mut content = tokio::fs::File::from_std(file.content);
    let mut first = vec![0; CHUNK];
    let read = read_full(&mut content, &mut first).await?;
    first.truncate(read);
    let detected = infer::get(&first)
        .map(|kind| kind.mime_type())
        .filter(|mime| ALLOWED_TYPES.contains(mime))
        .ok_or_else(|| {
            AppError::bad_input(
                "file",
                format!(
                    "is not an accepted type (accepted: {})",
                    ALLOWED_TYPES.join(", ")
                ),
            )
        })?;
    if let Some(declared) = declared(file.declared_type.as_deref()) {
        if declared != detected {
            return Err(AppError::bad_input(
                "file",
                format!("is declared as {declared} but its bytes are {detected}"),
            ));
        }
    }

    // Stream to storage while hashing: the first chunk, then the rest of the file.
    let id = Uuid::new_v4();
    let key = Documents::key(s.workspace(), case_id, id);
    let hasher = std::sync::Arc::new(std::sync::Mutex::new(Sha256::new()));
    let hashing = hasher.clone();
    let rest = tokio_util::io::ReaderStream::with_capacity(content, CHUNK);
    let chunks = futures_util::stream::once(async move { Ok(bytes::Bytes::from(first)) })
        .chain(rest)
        .map(move |chunk: std::io::Result<bytes::Bytes>| {
            if let (Ok(bytes), Ok(mut h)) = (&chunk, hashing.lock()) {
                h.update(bytes);
            }
            chunk
        });
    docs.put(&key, Box::pin(chunks))
        .await
        .map_err(|e| AppError::Internal(format!("storing a document: {e}")))?;
    let digest = hasher
        .lock()
        .ok()
        .map(|h| hex::encode(h.clone().finalize()));
    let Some(sha256) = digest else {
        docs.delete(&key).await;
        return Err(AppError::Internal("document hasher poisoned".into()));
    };

    let file_name = safe_file_name(&file.file_name);
    let written = s
        .write(async |txn| {
            case::lock_for_change(txn, s, case_id, None).await?;
            check_parties(txn, s, case_id, check_id, individual_id, company_id).await?;
            let existing = document::Entity::find()
                .filter(document::Column::WorkspaceId.eq(s.workspace()))
                .filter(document::Column::CaseId.eq(case_id))
                .filter(document::Column::Sha256.eq(&sha256))
                .one(txn)
                .await?;
            if let Some(existing) = existing {
                return Ok((existing, false));
            }
            let at = s.now();
            let model = document::Model {
                id,
                workspace_id: s.workspace().to_owned(),
                case_id,
                check_id,
                company_id,
                individual_id,
                document_type: input.document_type,
                file_name,
                content_type: detected.to_owned(),
                size: i64::try_from(size).unwrap_or(i64::MAX),
                sha256: sha256.clone(),
                storage_key: key.clone(),
                verification_status: VerificationStatus::Pending,
                uploaded_at: at,
                expires_at: input.expires_at,
                uploaded_by: s.principal.subject.clone(),
                created_at: at,
                updated_at: at,
            };
            document::Entity::insert(document::ActiveModel::from(model.clone()))
                .exec_without_returning(txn)
                .await?;
            audit::record(
                txn,
                s,
                Change {
                    case_id,
                    action: "document.uploaded",
                    entity_type: "DOCUMENT",
                    entity_id: Some(id),
                    changes: snapshot(&model),
                },
            )
            .await?;
            Ok((model, true))
        })
        .await;
    match written {
        Ok((model, true)) => Ok(model),
        Ok((existing, false)) => {
            docs.delete(&key).await;
            Ok(existing)
        }
        Err(e) => {
            docs.delete(&key).await;
            Err(e)
        }
    }
}

/// Reads until `buf` is full or the file ends; the number of bytes read.
async fn read_full(file: &mut tokio::fs::File, buf: &mut [u8]) -> AppResult<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = file
            .read(&mut buf[filled..])
            .await
            .map_err(|e| AppError::Internal(format!("reading an upload: {e}")))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// The refusal of a file above the limit.
pub fn too_large(max_bytes: u64) -> AppError {
    AppError::LimitExceeded(format!(
        "file larger than the limit of {max_bytes} bytes (CASEGRAPH_DOCUMENTS_MAX_BYTES)"
    ))
}

/// The check, individual and company named belong to the case.
async fn check_parties(
    txn: &DatabaseTransaction,
    s: &Session,
    case_id: Uuid,
    check_id: Option<Uuid>,
    individual_id: Option<Uuid>,
    company_id: Option<Uuid>,
) -> AppResult<()> {
    if let Some(id) = check_id {
        let found = check::Entity::find_by_id(id)
            .filter(check::Column::WorkspaceId.eq(s.workspace()))
            .filter(check::Column::CaseId.eq(case_id))
            .one(txn)
            .await?;
        if found.is_none() {
            return Err(AppError::bad_input(
                "input.checkId",
                "is not a check of this case",
            ));
        }
    }
    if let Some(id) = individual_id {
        let found = individual::Entity::find_by_id(id)
            .filter(individual::Column::WorkspaceId.eq(s.workspace()))
            .filter(individual::Column::CaseId.eq(case_id))
            .one(txn)
            .await?;
        if found.is_none() {
            return Err(AppError::bad_input(
                "input.individualId",
                "is not an individual of this case",
            ));
        }
    }
    if let Some(id) = company_id {
        let found = company::Entity::find_by_id(id)
            .filter(company::Column::WorkspaceId.eq(s.workspace()))
            .filter(company::Column::CaseId.eq(case_id))
            .one(txn)
            .await?;
        if found.is_none() {
            return Err(AppError::bad_input(
                "input.companyId",
                "is not a company of this case",
            ));
        }
    }
    Ok(())
}

/// `deleteDocument`: the row (with an audit event), then its bytes. Returns the id.
pub async fn delete(s: &Session, docs: &Documents, id: Uuid) -> AppResult<Uuid> {
    s.principal.authorize(Permission::EditCases)?;
    let found = s
        .write(async |txn| {
            let found = document::Entity::find_by_id(id)
                .filter(document::Column::WorkspaceId.eq(s.workspace()))
                .one(txn)
                .await?
                .ok_or(AppError::NotFound { entity: "Document" })?;
            case::lock_for_change(txn, s, found.case_id, None).await?;
            // A writer that waited for the lock may find the document already deleted.
            let deleted = document::Entity::delete_by_id(id).exec(txn).await?;
            if deleted.rows_affected == 0 {
                return Err(AppError::NotFound { entity: "Document" });
            }
            audit::record(
                txn,
                s,
                Change {
                    case_id: found.case_id,
                    action: "document.deleted",
                    entity_type: "DOCUMENT",
                    entity_id: Some(id),
                    changes: json!({ "deleted": { "fileName": found.file_name, "sha256": found.sha256 } }),
                },
            )
            .await?;
            Ok(found)
        })
        .await?;
    docs.delete(&found.storage_key).await;
    Ok(id)
}

/// The document a signed download URL names (the signature is checked by the caller with
/// the row's workspace). No principal: the signature is the authority. A document of an
/// erased case is not served (its bytes are deleted, or about to be).
pub async fn for_download(
    db: &sea_orm::DatabaseConnection,
    id: Uuid,
) -> AppResult<Option<document::Model>> {
    let Some(doc) = document::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let erased = entity::case::Entity::find_by_id(doc.case_id)
        .one(db)
        .await?
        .is_none_or(|c| c.erased_at.is_some());
    Ok((!erased).then_some(doc))
}
