//! Case reviews: the decisions on a case.

use async_graphql::{Object, ID};
use chrono::{DateTime, Utc};
use entity::case_review;

use crate::domain::{ActorType, ReviewStatus};
use crate::graphql::loaders::Node;

/// A decision on a case: who approved, rejected or closed it, when and why.
pub struct CaseReview(pub Node<case_review::Model>);

/// A decision on a case: who approved, rejected or closed it, when and why.
#[Object(serial)]
impl CaseReview {
    /// The review's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The decision.
    async fn status(&self) -> ReviewStatus {
        self.0.status
    }
    /// Why the reviewer decided as they did.
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    /// When the case is to be reviewed again.
    async fn next_review_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_review_at
    }
    /// Who decided: `USER`, `API` or `SYSTEM`.
    async fn reviewer_type(&self) -> ActorType {
        self.0.reviewer_type
    }
    /// The deciding user's subject (none for the system).
    async fn reviewer_id(&self) -> Option<&str> {
        self.0.reviewer_id.as_deref()
    }
    /// When the review was made (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
