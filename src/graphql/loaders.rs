//! Per-request batching: the cohorts that load nested fields.
//!
//! The objects one statement returned form a [`Cohort`], and the first time a nested field
//! is asked of any member, the relation is loaded for every member with one statement. The
//! other members await the same result, so there is one statement per nesting level,
//! whatever the timing and whatever the page size. Loaded rows are moved into the next
//! cohort, never cloned; maps keyed by UUID hash with foldhash (the keys are random, and
//! SipHash's flooding resistance buys nothing for ids the server itself read).

use std::any::{Any, TypeId};
use std::future::Future;
use std::ops::{Deref, Range};
use std::sync::{Arc, Mutex};

use async_graphql::{Context, Lookahead, Request};
use entity::user;
use foldhash::HashMap;
use sea_orm::EntityTrait;
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::service::load::{self, Children};
use crate::service::ownership;
use crate::service::page::{Cursor, Direction, Page, PageRequest};
use crate::service::template::{self, CaseTemplate};
use crate::service::Session;

/// Models with a UUID primary key.
pub trait Identified {
    fn id(&self) -> Uuid;
}

macro_rules! identified {
    ($($module:ident),+) => {
        $(impl Identified for entity::$module::Model {
            fn id(&self) -> Uuid {
                self.id
            }
        })+
    };
}
identified!(
    alert,
    case,
    company,
    individual,
    relation,
    check,
    aml_hit,
    document,
    note,
    risk,
    case_review,
    audit_event,
    user
);

/// A cohort's slot: the loader's type, a name for lookups that share a loader (or, for
/// pages, the page asked for), and which lazy columns were left out (a selection that reads
/// them loads its own copy).
type SlotKey = (TypeId, String, u64);

/// JSON columns of a nested type, each with the GraphQL field that reads it: a nested list
/// fetches such a column only when its field is selected (look-ahead), so payloads nobody
/// asked for are neither transferred nor parsed. Only the field named here may read the
/// column.
pub trait Lazy: EntityTrait {
    const FIELDS: &'static [(&'static str, Self::Column)] = &[];
}

macro_rules! lazy {
    ($($module:ident: [$($field:literal => $column:ident),*]),+ $(,)?) => {
        $(impl Lazy for entity::$module::Entity {
            const FIELDS: &'static [(&'static str, Self::Column)] =
                &[$(($field, entity::$module::Column::$column)),*];
        })+
    };
}
lazy!(
    case: [
        "metadata" => Metadata,
        "customProperties" => CustomProperties,
        "relatedCaseIds" => RelatedCaseIds,
        "relatedHitIds" => RelatedHitIds
    ],
    company: [
        "address" => Address,
        "customProperties" => CustomProperties,
        "metadata" => Metadata
    ],
    individual: [
        "emails" => Emails,
        "phoneNumbers" => PhoneNumbers,
        "address" => Address,
        "customProperties" => CustomProperties,
        "metadata" => Metadata
    ],
    check: ["data" => Data],
    aml_hit: ["listTypes" => ListTypes, "data" => Data],
    relation: [],
    document: [],
    note: [],
    risk: [],
    case_review: [],
    case_tag: [],
    audit_event: [],
    alert: [],
    audit_payload: [],
    pending_decision: [],
);

/// The lazy columns of `E` that none of `selections` (the selection sets of `E`'s objects)
/// reads, as a bit set (bit `i`: `FIELDS[i]`) and as columns.
pub fn unselected<E: Lazy>(selections: &[Lookahead<'_>]) -> (u64, Vec<E::Column>) {
    let mut left_out = 0u64;
    let mut blank = Vec::new();
    for (i, (field, column)) in E::FIELDS.iter().enumerate() {
        if !selections.iter().any(|s| s.field(field).exists()) {
            left_out |= 1 << i;
            blank.push(*column);
        }
    }
    (left_out, blank)
}

/// The objects one statement returned, which load their nested fields together.
pub struct Cohort<M> {
    members: Vec<M>,
    slots: Mutex<HashMap<SlotKey, Arc<dyn Any + Send + Sync>>>,
}

/// One member of a cohort: derefs to its model.
pub struct Node<M> {
    cohort: Arc<Cohort<M>>,
    idx: usize,
}

impl<M> Clone for Node<M> {
    fn clone(&self) -> Self {
        Node {
            cohort: self.cohort.clone(),
            idx: self.idx,
        }
    }
}

impl<M> Deref for Node<M> {
    type Target = M;
    fn deref(&self) -> &M {
        &self.cohort.members[self.idx]
    }
}

/// A relation loaded for a whole cohort: the children form the next cohort, and each parent
/// owns a contiguous range of it.
struct Loaded<C> {
    cohort: Arc<Cohort<C>>,
    ranges: HashMap<Uuid, Range<usize>>,
}

/// A page of a relation loaded for a whole cohort: each parent's children (a range of
/// the next cohort), their cursors, and whether more follow or precede.
struct Paged<C> {
    cohort: Arc<Cohort<C>>,
    pages: HashMap<Uuid, (Range<usize>, Vec<Cursor>, bool, bool)>,
}

type Slot<T> = OnceCell<Arc<T>>;

impl<M: Send + Sync + 'static> Cohort<M> {
    fn new(members: Vec<M>) -> Arc<Self> {
        Arc::new(Cohort {
            members,
            slots: Mutex::new(HashMap::default()),
        })
    }

    /// The slot where relation `K` (named `name`, for lookups that share a loader) of this
    /// cohort is (or will be) kept.
    fn slot<K: 'static, T: Send + Sync + 'static>(
        &self,
        name: &str,
        left_out: u64,
    ) -> Arc<Slot<T>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let any = slots
            .entry((TypeId::of::<K>(), name.to_owned(), left_out))
            .or_insert_with(|| Arc::new(Slot::<T>::new()))
            .clone();
        any.downcast::<Slot<T>>()
            .unwrap_or_else(|_| Arc::new(Slot::new()))
    }
}

impl<M: Send + Sync + 'static> Node<M> {
    /// Wraps the rows of one statement.
    pub fn list(models: Vec<M>) -> Vec<Node<M>> {
        let cohort = Cohort::new(models);
        (0..cohort.members.len())
            .map(|idx| Node {
                cohort: cohort.clone(),
                idx,
            })
            .collect()
    }

    /// Wraps a single row.
    pub fn one(model: M) -> Node<M> {
        Node {
            cohort: Cohort::new(vec![model]),
            idx: 0,
        }
    }

    /// The model, for code that needs it by reference.
    pub fn model(&self) -> &M {
        self
    }
}

type ModelOf<R> = <<R as Children>::Entity as EntityTrait>::Model;

impl<M: Identified + Send + Sync + 'static> Node<M> {
    /// The children of this node through relation `R`, loaded for the whole cohort at once,
    /// without the [`Lazy`] columns the field being resolved does not select.
    pub async fn children<R>(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Node<ModelOf<R>>>>
    where
        R: Children,
        R::Entity: Lazy,
        ModelOf<R>: Send + Sync + 'static,
    {
        let (left_out, blank) = unselected::<R::Entity>(&[ctx.look_ahead()]);
        let slot = self
            .cohort
            .slot::<R, Loaded<ModelOf<R>>>("children", left_out);
        let loaded = slot
            .get_or_try_init(|| {
                Box::pin(async {
                    let session = ctx.data::<Arc<Session>>()?;
                    let mut ids: Vec<Uuid> =
                        self.cohort.members.iter().map(Identified::id).collect();
                    ids.dedup();
                    let mut by_parent = load::children::<R>(session, &ids, &blank).await?;
                    let mut members = Vec::with_capacity(by_parent.values().map(Vec::len).sum());
                    let mut ranges =
                        HashMap::with_capacity_and_hasher(ids.len(), Default::default());
                    for id in ids {
                        if ranges.contains_key(&id) {
                            continue;
                        }
                        let start = members.len();
                        members.extend(by_parent.remove(&id).unwrap_or_default());
                        ranges.insert(id, start..members.len());
                    }
                    Ok::<_, async_graphql::Error>(Arc::new(Loaded {
                        cohort: Cohort::new(members),
                        ranges,
                    }))
                })
            })
            .await?;
        let range = loaded.ranges.get(&self.id()).cloned().unwrap_or(0..0);
        Ok(range
            .map(|idx| Node {
                cohort: loaded.cohort.clone(),
                idx,
            })
            .collect())
    }

    /// A page of this node's children through relation `R`, loaded for the whole cohort
    /// with one statement (the same page of each member: a field's arguments are the same
    /// for every member of a cohort, and different arguments get their own slot).
    pub async fn page<R>(
        &self,
        ctx: &Context<'_>,
        request: &PageRequest,
    ) -> async_graphql::Result<Page<Node<ModelOf<R>>>>
    where
        R: Children,
        ModelOf<R>: Clone + Send + Sync + 'static,
    {
        let slot = self
            .cohort
            .slot::<R, Paged<ModelOf<R>>>(&format!("page {request:?}"), 0);
        let loaded = slot
            .get_or_try_init(|| {
                Box::pin(async {
                    let s = crate::graphql::session(ctx)?;
                    let mut ids: Vec<Uuid> =
                        self.cohort.members.iter().map(Identified::id).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let by_parent = load::pages::<R>(s, &ids, request).await?;
                    let mut members = Vec::new();
                    let mut pages =
                        HashMap::with_capacity_and_hasher(by_parent.len(), Default::default());
                    for (parent, page) in by_parent {
                        let start = members.len();
                        let mut cursors = Vec::with_capacity(page.items.len());
                        for (cursor, model) in page.items {
                            cursors.push(cursor);
                            members.push(model);
                        }
                        let range = start..members.len();
                        pages.insert(
                            parent,
                            (range, cursors, page.has_next_page, page.has_previous_page),
                        );
                    }
                    Ok::<_, async_graphql::Error>(Arc::new(Paged {
                        cohort: Cohort::new(members),
                        pages,
                    }))
                })
            })
            .await?;
        let Some((range, cursors, has_next_page, has_previous_page)) =
            loaded.pages.get(&self.id()).cloned()
        else {
            // No children past the cursor: as the pager answers an empty page.
            let given = request.cursor.is_some();
            let forward = request.direction == Direction::Forward;
            return Ok(Page {
                items: vec![],
                has_next_page: given && !forward,
                has_previous_page: given && forward,
            });
        };
        Ok(Page {
            items: cursors
                .into_iter()
                .zip(range.map(|idx| Node {
                    cohort: loaded.cohort.clone(),
                    idx,
                }))
                .collect(),
            has_next_page,
            has_previous_page,
        })
    }

    /// How many children this node has through relation `R`, counted for the whole cohort
    /// with one grouped statement.
    pub async fn count<R: Children>(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let slot = self.cohort.slot::<R, HashMap<Uuid, u64>>("count", 0);
        let counts = slot
            .get_or_try_init(|| {
                Box::pin(async {
                    let s = crate::graphql::session(ctx)?;
                    let ids: Vec<Uuid> = self.cohort.members.iter().map(Identified::id).collect();
                    Ok::<_, async_graphql::Error>(Arc::new(load::counts::<R>(s, &ids).await?))
                })
            })
            .await?;
        Ok(counts.get(&self.id()).copied().unwrap_or_default())
    }

    /// A value computed per member for the whole cohort at once by `load` (one call, so one
    /// statement, for every member), kept in the cohort's slot `name`.
    pub async fn per_member<T, F>(
        &self,
        ctx: &Context<'_>,
        name: &'static str,
        load: impl FnOnce(Arc<Session>, Vec<Uuid>) -> F,
    ) -> async_graphql::Result<Option<T>>
    where
        T: Clone + Send + Sync + 'static,
        F: std::future::Future<Output = Result<std::collections::HashMap<Uuid, T>, AppError>>,
    {
        let slot = self
            .cohort
            .slot::<T, std::collections::HashMap<Uuid, T>>(name, 0);
        let values = slot
            .get_or_try_init(|| {
                Box::pin(async {
                    let s = crate::graphql::session(ctx)?.clone();
                    let ids: Vec<Uuid> = self.cohort.members.iter().map(Identified::id).collect();
                    Ok::<_, async_graphql::Error>(Arc::new(load(s, ids).await?))
                })
            })
            .await?;
        Ok(values.get(&self.id()).cloned())
    }

    /// A value referenced by this node through `key` (e.g. the assignee's user row), looked
    /// up with `L` for the whole cohort at once. `name` tells apart lookups that use
    /// the same loader with different keys.
    pub async fn lookup<L>(
        &self,
        ctx: &Context<'_>,
        name: &'static str,
        key: fn(&M) -> Option<Uuid>,
    ) -> async_graphql::Result<Option<L::Value>>
    where
        L: Lookup,
    {
        let Some(wanted) = key(self) else {
            return Ok(None);
        };
        let slot = self.cohort.slot::<L, HashMap<Uuid, L::Value>>(name, 0);
        let found = slot
            .get_or_try_init(|| {
                Box::pin(async {
                    let session = ctx.data::<Arc<Session>>()?;
                    let mut ids: Vec<Uuid> = self.cohort.members.iter().filter_map(key).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let found = L::load(session, &ids).await?;
                    Ok::<_, async_graphql::Error>(Arc::new(found))
                })
            })
            .await?;
        Ok(found.get(&wanted).cloned())
    }
}

impl<M: Send + Sync + 'static> Node<M> {
    /// The row this node points at through `key` (e.g. an alert's case), looked up with
    /// `L` for the whole cohort at once; the rows found form the next cohort, so their own
    /// nested fields load together too. `None` when the row is not there (deleted).
    pub async fn referenced<L: Lookup>(
        &self,
        ctx: &Context<'_>,
        name: &'static str,
        key: fn(&M) -> Uuid,
    ) -> async_graphql::Result<Option<Node<L::Value>>> {
        let slot = self.cohort.slot::<L, Referenced<L::Value>>(name, 0);
        let found = slot
            .get_or_try_init(|| {
                Box::pin(async {
                    let session = ctx.data::<Arc<Session>>()?;
                    let mut ids: Vec<Uuid> = self.cohort.members.iter().map(key).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    let found = L::load(session, &ids).await?;
                    let (keys, members): (Vec<Uuid>, Vec<L::Value>) = found.into_iter().unzip();
                    let index = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
                    Ok::<_, async_graphql::Error>(Arc::new(Referenced {
                        cohort: Cohort::new(members),
                        index,
                    }))
                })
            })
            .await?;
        Ok(found.index.get(&key(self)).map(|&idx| Node {
            cohort: found.cohort.clone(),
            idx,
        }))
    }
}

/// Rows a cohort points at, loaded once: they form a cohort of their own.
struct Referenced<T> {
    cohort: Arc<Cohort<T>>,
    index: HashMap<Uuid, usize>,
}

/// Values looked up by id for a whole cohort at once (see [`Node::lookup`]).
pub trait Lookup: Send + Sync + 'static {
    type Value: Clone + Send + Sync + 'static;
    fn load(
        session: &Session,
        keys: &[Uuid],
    ) -> impl Future<Output = AppResult<HashMap<Uuid, Self::Value>>> + Send;
}

/// Users by id.
pub struct UserLoader;

impl Lookup for UserLoader {
    type Value = user::Model;

    async fn load(session: &Session, keys: &[Uuid]) -> AppResult<HashMap<Uuid, user::Model>> {
        load::users(session, keys).await
    }
}

/// The ownership graph of many cases at once.
pub struct OwnershipLoader;

impl Lookup for OwnershipLoader {
    type Value = Arc<ownership::CaseOwnership>;

    async fn load(session: &Session, keys: &[Uuid]) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(ownership::of_cases(session, keys)
            .await?
            .into_iter()
            .collect())
    }
}

/// Puts this request's session into the request data, for the cohorts' statements.
pub fn install(request: Request, session: Arc<Session>) -> Request {
    request
        .data(Templates {
            session: session.clone(),
            all: OnceCell::new(),
        })
        .data(session)
}

/// Rows of relation `R`'s table by their own id (e.g. a case's current risk).
pub struct RowLoader<R>(std::marker::PhantomData<R>);

impl<R: Children> Lookup for RowLoader<R>
where
    ModelOf<R>: Clone + Send + Sync + 'static,
{
    type Value = ModelOf<R>;

    async fn load(session: &Session, keys: &[Uuid]) -> AppResult<HashMap<Uuid, Self::Value>> {
        load::rows::<R>(session, keys).await
    }
}

/// Live cases by id (an alert's case).
pub struct CaseLoader;

impl Lookup for CaseLoader {
    type Value = entity::case::Model;

    async fn load(session: &Session, keys: &[Uuid]) -> AppResult<HashMap<Uuid, Self::Value>> {
        Ok(crate::service::case::by_ids(session, keys)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect())
    }
}

/// The workspace's case templates, read at most once per request (a case's `template`).
pub struct Templates {
    session: Arc<Session>,
    all: OnceCell<Vec<CaseTemplate>>,
}

impl Templates {
    /// The template with `key`, if the workspace still has one.
    pub async fn get(&self, key: &str) -> AppResult<Option<CaseTemplate>> {
        let all = self
            .all
            .get_or_try_init(|| {
                Box::pin(template::list(self.session.read(), self.session.as_ref()))
            })
            .await?;
        Ok(all.iter().find(|t| t.key == key).cloned())
    }
}
