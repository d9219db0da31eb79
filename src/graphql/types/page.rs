//! Relay pagination: page information shared by connections.

use async_graphql::SimpleObject;

/// Relay page information.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// More items after this page.
    pub has_next_page: bool,
    /// More items before this page.
    pub has_previous_page: bool,
    /// Cursor of the first item.
    pub start_cursor: Option<String>,
    /// Cursor of the last item.
    pub end_cursor: Option<String>,
}
