//! Notes: free text on a case or one of its checks.

use async_graphql::{Object, ID};
use chrono::{DateTime, Utc};
use entity::note;

use crate::graphql::loaders::Node;

/// A free-text note on a case or one of its checks.
pub struct Note(pub Node<note::Model>);

/// A free-text note on a case or one of its checks.
#[Object(serial)]
impl Note {
    /// The note's unique identifier.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The check it is about, if any.
    async fn check_id(&self) -> Option<ID> {
        self.0.check_id.map(|id| ID(id.to_string()))
    }
    /// The note's text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The author's subject.
    async fn author_id(&self) -> &str {
        &self.0.author_id
    }
    /// When the note was written (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
