//! `documents`: metadata of an uploaded file; the bytes live in object storage.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::{DocumentType, VerificationStatus};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Owning workspace (tenant).
    pub workspace_id: String,
    /// The case this row belongs to.
    pub case_id: Uuid,
    /// Check the document supports, if any.
    pub check_id: Option<Uuid>,
    /// Company the document is about, if any.
    pub company_id: Option<Uuid>,
    /// Individual the document is about, if any.
    pub individual_id: Option<Uuid>,
    /// Kind of document (e.g. passport).
    pub document_type: DocumentType,
    pub file_name: String,
    /// MIME type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Object-storage key of the content.
    pub storage_key: String,
    pub verification_status: VerificationStatus,
    pub uploaded_at: DateTimeUtc,
    /// When the document (e.g. an ID card) expires.
    pub expires_at: Option<DateTimeUtc>,
    /// Subject of the uploader.
    pub uploaded_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
