//! Documents attached to a case (their metadata).

use async_graphql::{Context, Object, ID};
use chrono::{DateTime, Utc};
use entity::document;

use crate::domain::{DocumentType, VerificationStatus};
use crate::graphql::loaders::Node;

/// A document attached to a case (metadata; the bytes are in object storage).
pub struct Document(pub Node<document::Model>);

/// A document attached to a case.
#[Object(serial)]
impl Document {
    /// The document's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The check it supports, if any.
    async fn check_id(&self) -> Option<ID> {
        self.0.check_id.map(|id| ID(id.to_string()))
    }
    /// The company it is about, if any.
    async fn company_id(&self) -> Option<ID> {
        self.0.company_id.map(|id| ID(id.to_string()))
    }
    /// The individual it is about, if any.
    async fn individual_id(&self) -> Option<ID> {
        self.0.individual_id.map(|id| ID(id.to_string()))
    }
    /// Kind of document.
    #[graphql(name = "type")]
    async fn document_type(&self) -> DocumentType {
        self.0.document_type
    }
    /// File name as uploaded.
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    /// Content type, checked against the bytes.
    async fn content_type(&self) -> &str {
        &self.0.content_type
    }
    /// Size in bytes.
    async fn size(&self) -> i64 {
        self.0.size
    }
    /// SHA-256 of the bytes, hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }
    /// Verification status.
    async fn verification_status(&self) -> VerificationStatus {
        self.0.verification_status
    }
    /// When the document was uploaded (UTC).
    async fn uploaded_at(&self) -> DateTime<Utc> {
        self.0.uploaded_at
    }
    /// Expiry of the document itself (e.g. a passport).
    async fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.0.expires_at
    }
    /// A link that downloads the file, valid for a few minutes (`GET`, no token needed:
    /// the link is signed). Relative to the API's address.
    async fn download_url(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let docs = crate::graphql::mutation::document::documents(ctx)?;
        Ok(docs.download_url(
            self.0.id,
            &self.0.workspace_id,
            chrono::Utc::now().timestamp(),
        ))
    }
}
