//! Documents: uploads (GraphQL multipart request spec) and deletion.

use std::sync::Arc;

use async_graphql::{Context, Object, Upload, ID};

use crate::error::AppError;
use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::graphql::types::document::Document;
use crate::service::document::{self, UploadDocumentInput, UploadedFile};
use crate::service::input::parse_id;
use crate::storage::Documents;

#[derive(Default)]
pub struct DocumentMutation;

/// The documents' storage, put on every request by the HTTP handler.
pub fn documents<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Documents>> {
    ctx.data::<Arc<Documents>>()
        .map_err(|_| AppError::Internal("document storage missing from the request".into()).into())
}

#[Object]
impl DocumentMutation {
    /// Uploads a document to a case (a multipart request, with an
    /// `apollo-require-preflight` or `x-apollo-operation-name` header). The type is read from
    /// the bytes (PDF, JPEG, PNG, TIFF, HEIF, WebP); a declared type that differs is refused.
    /// The same bytes uploaded to the case again answer the document already there.
    async fn upload_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case the document belongs to.")] case_id: ID,
        #[graphql(desc = "Its type and what in the case it is about.")] input: UploadDocumentInput,
        #[graphql(desc = "The file: a part of the multipart request.")] file: Upload,
    ) -> async_graphql::Result<Document> {
        let s = session(ctx)?;
        let docs = documents(ctx)?;
        let case_id = parse_id("caseId", &case_id)?;
        let value = file
            .value(ctx)
            .map_err(|e| AppError::bad_input("file", format!("could not be read: {e}")))?;
        let file = UploadedFile {
            file_name: value.filename,
            declared_type: value.content_type,
            content: value.content,
        };
        Ok(Document(Node::one(
            document::upload(s, docs, case_id, input, file).await?,
        )))
    }

    /// Deletes a document and its file. Returns its id.
    async fn delete_document(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The document to delete.")] id: ID,
    ) -> async_graphql::Result<ID> {
        let s = session(ctx)?;
        let docs = documents(ctx)?;
        let id = document::delete(s, docs, parse_id("id", &id)?).await?;
        Ok(ID(id.to_string()))
    }
}
