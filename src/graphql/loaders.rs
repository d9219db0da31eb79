//! Per-request DataLoaders and the cohorts that drive them.
//!
//! async-graphql's DataLoader collects keys for a short window, so under load one nesting
//! level can split into several statements. CaseGraph does not rely on that window: the
//! objects one statement returned form a [`Cohort`], and the first time a nested field is
//! asked of any member, the relation is loaded for every member with one `load_many`. The
//! other members await the same result. One statement per nesting level, whatever the timing.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::ops::{Deref, Range};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Request};
use entity::user;
use sea_orm::EntityTrait;
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::error::AppError;
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

/// A cohort's slot: the loader's type, and a name for lookups that share a loader (or, for
/// pages, the page asked for).
type SlotKey = (TypeId, String);

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
            slots: Mutex::new(HashMap::new()),
        })
    }

    /// The slot where relation `K` (named `name`, for lookups that share a loader) of this
    /// cohort is (or will be) kept.
    fn slot<K: 'static, T: Send + Sync + 'static>(&self, name: &str) -> Arc<Slot<T>> {
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let any = slots
            .entry((TypeId::of::<K>(), name.to_owned()))
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
    /// The children of this node through relation `R`, loaded for the whole cohort at once.
    pub async fn children<R>(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<Node<ModelOf<R>>>>
    where
        R: Children,
        ModelOf<R>: Clone + Send + Sync + 'static,
    {
        let slot = self.cohort.slot::<R, Loaded<ModelOf<R>>>("children");
        let loaded = slot
            .get_or_try_init(|| async {
                let loader = ctx.data::<DataLoader<ChildLoader<R>>>()?;
                let mut ids: Vec<Uuid> = self.cohort.members.iter().map(Identified::id).collect();
                ids.dedup();
                let mut by_parent = loader
                    .load_many(ids.iter().copied())
                    .await
                    .map_err(async_graphql::Error::from)?;
                let mut members = Vec::new();
                let mut ranges = HashMap::with_capacity(ids.len());
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
            .slot::<R, Paged<ModelOf<R>>>(&format!("page {request:?}"));
        let loaded = slot
            .get_or_try_init(|| async {
                let s = crate::graphql::session(ctx)?;
                let mut ids: Vec<Uuid> = self.cohort.members.iter().map(Identified::id).collect();
                ids.sort_unstable();
                ids.dedup();
                let by_parent = load::pages::<R>(s, &ids, request).await?;
                let mut members = Vec::new();
                let mut pages = HashMap::with_capacity(by_parent.len());
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
        let slot = self.cohort.slot::<R, HashMap<Uuid, u64>>("count");
        let counts = slot
            .get_or_try_init(|| async {
                let s = crate::graphql::session(ctx)?;
                let ids: Vec<Uuid> = self.cohort.members.iter().map(Identified::id).collect();
                Ok::<_, async_graphql::Error>(Arc::new(load::counts::<R>(s, &ids).await?))
            })
            .await?;
        Ok(counts.get(&self.id()).copied().unwrap_or_default())
    }

    /// A value referenced by this node through `key` (e.g. the assignee's user row), looked
    /// up with loader `L` for the whole cohort at once. `name` tells apart lookups that use
    /// the same loader with different keys.
    pub async fn lookup<L>(
        &self,
        ctx: &Context<'_>,
        name: &'static str,
        key: fn(&M) -> Option<Uuid>,
    ) -> async_graphql::Result<Option<L::Value>>
    where
        L: Loader<Uuid, Error = AppError>,
        L::Value: Clone + Send + Sync + 'static,
    {
        let Some(wanted) = key(self) else {
            return Ok(None);
        };
        let slot = self.cohort.slot::<L, HashMap<Uuid, L::Value>>(name);
        let found = slot
            .get_or_try_init(|| async {
                let loader = ctx.data::<DataLoader<L>>()?;
                let ids: Vec<Uuid> = self.cohort.members.iter().filter_map(key).collect();
                let found = loader
                    .load_many(ids)
                    .await
                    .map_err(async_graphql::Error::from)?;
                Ok::<_, async_graphql::Error>(Arc::new(found))
            })
            .await?;
        Ok(found.get(&wanted).cloned())
    }
}

impl<M: Send + Sync + 'static> Node<M> {
    /// The row this node points at through `key` (e.g. an alert's case), looked up with
    /// loader `L` for the whole cohort at once; the rows found form the next cohort, so their
    /// own nested fields load together too. `None` when the row is not there (deleted).
    pub async fn referenced<L>(
        &self,
        ctx: &Context<'_>,
        name: &'static str,
        key: fn(&M) -> Uuid,
    ) -> async_graphql::Result<Option<Node<L::Value>>>
    where
        L: Loader<Uuid, Error = AppError>,
        L::Value: Send + Sync + 'static,
    {
        let slot = self.cohort.slot::<L, Referenced<L::Value>>(name);
        let found = slot
            .get_or_try_init(|| async {
                let loader = ctx.data::<DataLoader<L>>()?;
                let mut ids: Vec<Uuid> = self.cohort.members.iter().map(key).collect();
                ids.sort_unstable();
                ids.dedup();
                let found = loader
                    .load_many(ids)
                    .await
                    .map_err(async_graphql::Error::from)?;
                let (keys, members): (Vec<Uuid>, Vec<L::Value>) = found.into_iter().unzip();
                let index = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
                Ok::<_, async_graphql::Error>(Arc::new(Referenced {
                    cohort: Cohort::new(members),
                    index,
                }))
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

/// Loads relation `R` for many parents in one statement.
pub struct ChildLoader<R> {
    session: Arc<Session>,
    _relation: PhantomData<R>,
}

impl<R: Children> Loader<Uuid> for ChildLoader<R>
where
    ModelOf<R>: Clone + Send + Sync + 'static,
{
    type Value = Vec<ModelOf<R>>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        load::children::<R>(&self.session, keys).await
    }
}

/// Loads rows of relation `R`'s table by their own id (e.g. a case's current risk).
pub struct RowLoader<R> {
    session: Arc<Session>,
    _relation: PhantomData<R>,
}

impl<R: Children> Loader<Uuid> for RowLoader<R>
where
    ModelOf<R>: Clone + Send + Sync + 'static,
{
    type Value = ModelOf<R>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, Self::Error> {
        load::rows::<R>(&self.session, keys).await
    }
}

/// Loads users by id.
pub struct UserLoader(Arc<Session>);

impl Loader<Uuid> for UserLoader {
    type Value = user::Model;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, user::Model>, AppError> {
        load::users(&self.session(), keys).await
    }
}

impl UserLoader {
    fn session(&self) -> Arc<Session> {
        self.0.clone()
    }
}

/// Loads live cases by id (an alert's case).
pub struct CaseLoader(Arc<Session>);

impl Loader<Uuid> for CaseLoader {
    type Value = entity::case::Model;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, AppError> {
        Ok(crate::service::case::by_ids(&self.0, keys)
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
    pub async fn get(&self, key: &str) -> Result<Option<CaseTemplate>, AppError> {
        let all = self
            .all
            .get_or_try_init(|| template::list(self.session.read(), self.session.as_ref()))
            .await?;
        Ok(all.iter().find(|t| t.key == key).cloned())
    }
}

/// Computes the ownership graph of many cases at once.
pub struct OwnershipLoader(Arc<Session>);

impl Loader<Uuid> for OwnershipLoader {
    type Value = Arc<ownership::CaseOwnership>;
    type Error = AppError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Self::Value>, AppError> {
        ownership::of_cases(&self.0, keys).await
    }
}

/// Cohorts already batch a level into one `load_many`; the loader needs no waiting window.
const DELAY: Duration = Duration::ZERO;

fn loader<T: Loader<Uuid>>(inner: T) -> DataLoader<T> {
    DataLoader::new(inner, tokio::spawn)
        .delay(DELAY)
        .max_batch_size(10_000)
}

fn child<R: Children>(session: &Arc<Session>) -> DataLoader<ChildLoader<R>>
where
    ModelOf<R>: Clone + Send + Sync + 'static,
{
    loader(ChildLoader {
        session: session.clone(),
        _relation: PhantomData,
    })
}

/// Puts this request's loaders (and its session) into the request data.
pub fn install(request: Request, session: Arc<Session>) -> Request {
    use load::*;
    request
        .data(child::<CaseCompanies>(&session))
        .data(child::<CaseIndividuals>(&session))
        .data(child::<CaseRelations>(&session))
        .data(child::<CaseChecks>(&session))
        .data(child::<CaseDocuments>(&session))
        .data(child::<CaseNotes>(&session))
        .data(child::<CaseAlerts>(&session))
        .data(loader(RowLoader::<CaseRisks> {
            session: session.clone(),
            _relation: PhantomData,
        }))
        .data(child::<CaseTags>(&session))
        .data(child::<CaseAuditTrail>(&session))
        .data(child::<CheckDocuments>(&session))
        .data(child::<CheckAmlHits>(&session))
        .data(child::<CheckNotes>(&session))
        .data(loader(UserLoader(session.clone())))
        .data(loader(CaseLoader(session.clone())))
        .data(Templates {
            session: session.clone(),
            all: OnceCell::new(),
        })
        .data(loader(OwnershipLoader(session.clone())))
        .data(session)
}
