//! Relay connections: one generic page type for every list that grows (`cases`, `alerts`,
//! a case's audit trail, notes, documents, risks, reviews and alerts).

use std::future::Future;
use std::pin::Pin;

use async_graphql::{Context, MergedObject, Object, OutputType, SimpleObject};
use entity::case;

use super::alert::Alert;
use super::audit::AuditEvent;
use super::case::Case;
use super::document::Document;
use super::note::Note;
use super::review::CaseReview;
use super::risk::Risk;
use crate::graphql::loaders::Node;
use crate::graphql::session;
use crate::service::alert::AlertFilter;
use crate::service::case::CaseFilter;
use crate::service::load::Children;
use crate::service::page::{Cursor, Page};

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

/// A GraphQL object that wraps one kind of row, and so can be listed in a connection.
pub trait Item: OutputType + Send + Sync + 'static {
    type Model: Send + Sync + 'static;
    fn of(node: Node<Self::Model>) -> Self;
}

macro_rules! items {
    ($($item:ident: $model:ty),+ $(,)?) => {
        $(impl Item for $item {
            type Model = $model;
            fn of(node: Node<$model>) -> Self {
                $item(node)
            }
        })+
    };
}
items!(
    Case: case::Model,
    Alert: entity::alert::Model,
    AuditEvent: entity::audit_event::Model,
    Note: entity::note::Model,
    Risk: entity::risk::Model,
    CaseReview: entity::case_review::Model,
    Document: entity::document::Model,
);

/// What `totalCount` resolves to.
type CountFuture<'a> = Pin<Box<dyn Future<Output = async_graphql::Result<u64>> + Send + 'a>>;

/// How a connection counts all its items, when `totalCount` is asked for.
pub trait Counter: Send + Sync {
    fn count<'a>(&'a self, ctx: &'a Context<'_>) -> CountFuture<'a>;
}

impl Counter for CaseFilter {
    fn count<'a>(&'a self, ctx: &'a Context<'_>) -> CountFuture<'a> {
        Box::pin(async move { Ok(crate::service::case::count(session(ctx)?, self).await?) })
    }
}

impl Counter for AlertFilter {
    fn count<'a>(&'a self, ctx: &'a Context<'_>) -> CountFuture<'a> {
        Box::pin(async move { Ok(crate::service::alert::count(session(ctx)?, self).await?) })
    }
}

/// Counts a case's children through relation `R`: one grouped statement for every case
/// of the parent's cohort.
pub struct ChildCount<R> {
    parent: Node<case::Model>,
    _relation: std::marker::PhantomData<fn() -> R>,
}

impl<R: Children> Counter for ChildCount<R> {
    fn count<'a>(&'a self, ctx: &'a Context<'_>) -> CountFuture<'a> {
        Box::pin(async move { self.parent.count::<R>(ctx).await })
    }
}

impl<R> ChildCount<R> {
    pub fn of(parent: &Node<case::Model>) -> Self {
        ChildCount {
            parent: parent.clone(),
            _relation: std::marker::PhantomData,
        }
    }
}

/// An item in a page, with its cursor.
pub struct Edge<T: Item> {
    cursor: Cursor,
    node: Node<T::Model>,
}

/// An item in a page, with its cursor.
#[Object(
    concrete(name = "CaseEdge", params(Case)),
    concrete(name = "AlertEdge", params(Alert)),
    concrete(name = "AuditEventEdge", params(AuditEvent)),
    concrete(name = "NoteEdge", params(Note)),
    concrete(name = "RiskEdge", params(Risk)),
    concrete(name = "CaseReviewEdge", params(CaseReview)),
    concrete(name = "DocumentEdge", params(Document))
)]
impl<T: Item> Edge<T> {
    /// Where this item is: pass it as `after` (or `before`) to read on from here.
    async fn cursor(&self) -> String {
        self.cursor.encode()
    }
    /// The item.
    async fn node(&self) -> T {
        T::of(self.node.clone())
    }
}

/// A page of a list (Relay connection): its items, with and without cursors, where the page
/// is, and how many items the whole list has. The schema shows it under each list's own
/// name (`NoteConnection`, …: the `connection!` macro below); its own names (`NotePage`, …) are
/// never exposed.
pub struct Connection<T: Item> {
    edges: Vec<(Cursor, Node<T::Model>)>,
    has_next_page: bool,
    has_previous_page: bool,
    total: Box<dyn Counter>,
}

impl<T: Item> Connection<T> {
    /// A page whose rows came from one statement (they form a cohort).
    pub fn new(page: Page<T::Model>, total: impl Counter + 'static) -> Self {
        let (cursors, models): (Vec<Cursor>, Vec<T::Model>) = page.items.into_iter().unzip();
        Connection {
            edges: cursors.into_iter().zip(Node::list(models)).collect(),
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            total: Box::new(total),
        }
    }

    /// A page whose rows are already nodes of a cohort (a nested page).
    pub fn of_nodes(page: Page<Node<T::Model>>, total: impl Counter + 'static) -> Self {
        Connection {
            edges: page.items,
            has_next_page: page.has_next_page,
            has_previous_page: page.has_previous_page,
            total: Box::new(total),
        }
    }
}

/// A page of a list (Relay connection): its items, with and without cursors, where the page
/// is, and how many items the whole list has.
#[Object(
    concrete(name = "CasePage", params(Case)),
    concrete(name = "AlertPage", params(Alert)),
    concrete(name = "AuditEventPage", params(AuditEvent)),
    concrete(name = "NotePage", params(Note)),
    concrete(name = "RiskPage", params(Risk)),
    concrete(name = "CaseReviewPage", params(CaseReview)),
    concrete(name = "DocumentPage", params(Document))
)]
impl<T: Item> Connection<T>
where
    Edge<T>: OutputType,
{
    /// The page's items with their cursors.
    async fn edges(&self) -> Vec<Edge<T>> {
        self.edges
            .iter()
            .map(|(cursor, node)| Edge {
                cursor: cursor.clone(),
                node: node.clone(),
            })
            .collect()
    }
    /// The page's items.
    async fn nodes(&self) -> Vec<T> {
        self.edges.iter().map(|(_, n)| T::of(n.clone())).collect()
    }
    /// Where this page is.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_next_page: self.has_next_page,
            has_previous_page: self.has_previous_page,
            start_cursor: self.edges.first().map(|(c, _)| c.encode()),
            end_cursor: self.edges.last().map(|(c, _)| c.encode()),
        }
    }
    /// How many items the whole list has, all pages together (counted only when asked for).
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        self.total.count(ctx).await
    }
}

/// A connection under its public name and description (a merged object of one).
macro_rules! connection {
    ($(#[doc = $doc:literal])+ $name:ident of $item:ident) => {
        $(#[doc = $doc])+
        #[derive(MergedObject)]
        pub struct $name(pub Connection<$item>);
    };
}

connection!(
    /// A page of a case's audit trail, in chain order (Relay connection).
    AuditEventConnection of AuditEvent
);
connection!(
    /// A page of a case's notes, oldest first (Relay connection).
    NoteConnection of Note
);
connection!(
    /// A page of a case's risks, oldest first (Relay connection).
    RiskConnection of Risk
);
connection!(
    /// A page of a case's reviews, oldest first (Relay connection).
    CaseReviewConnection of CaseReview
);
connection!(
    /// A page of a case's documents, in upload order (Relay connection).
    DocumentConnection of Document
);
