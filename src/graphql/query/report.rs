//! `caseReport`: a signed link to a case's report (PDF or JSON), made when downloaded.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::graphql::mutation::document::documents;
use crate::graphql::session;
use crate::service::input::parse_id;
use crate::service::report::{self, ReportFormat};

/// Where to download a case report. The report is not stored: it is read and rendered
/// when the link is followed, so it shows the case as it is then.
#[derive(SimpleObject)]
pub struct CaseReport {
    /// The case reported on.
    pub case_id: ID,
    /// The file's format.
    pub format: ReportFormat,
    /// The file's media type (`application/pdf` or `application/json`).
    pub content_type: String,
    /// The name the download is saved under.
    pub file_name: String,
    /// A link that downloads the report (`GET`, no token needed: the link is signed),
    /// relative to the API's address.
    pub url: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
}

#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// A case's report — the case, its companies, individuals and ownership with the
    /// beneficial owners, checks and AML hits, the documents' list, risks, reviews, notes,
    /// and the audit trail with its verification — as a short-lived download link. Any role
    /// that may read the case; `NOT_FOUND` for a case outside the caller's workspace.
    async fn case_report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The case to report on.")] case_id: ID,
        #[graphql(desc = "`PDF` for people, `JSON` (`casegraph-case-report/v1`) for programs.")]
        format: ReportFormat,
    ) -> async_graphql::Result<CaseReport> {
        let s = session(ctx)?;
        let link = report::link(s, documents(ctx)?, parse_id("caseId", &case_id)?, format).await?;
        Ok(CaseReport {
            case_id: ID(link.case_id.to_string()),
            format: link.format,
            content_type: link.format.content_type().to_owned(),
            file_name: link.file_name,
            url: link.url,
            expires_at: link.expires_at,
        })
    }
}
