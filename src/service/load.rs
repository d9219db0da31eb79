//! Batched reads behind the GraphQL cohorts (graphql/loaders.rs): one statement fetches a
//! relation for a whole set of parents, always within the caller's workspace.

use foldhash::HashMap;

use chrono::{DateTime, Utc};
use entity::{
    alert, aml_hit, audit_event, audit_payload, case_review, case_tag, check, company, document,
    individual, note, pending_decision, relation, risk, user,
};
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Order, Query, WindowStatement};
use sea_orm::{
    ColumnTrait, ColumnType, DbBackend, EntityTrait, IdenStatic, Iterable, ModelTrait,
    PrimaryKeyToColumn, QueryFilter, QueryOrder, QuerySelect, Select, Value,
};
use uuid::Uuid;

use super::page::{Cursor, Direction, Page, PageRequest};
use super::Session;
use crate::db::rows::{self, Positional};
use crate::error::{AppError, AppResult};

/// A one-to-many relation loaded by parent id: which table, which column points at the
/// parent, and the order children come in.
pub trait Children: Send + Sync + 'static {
    type Entity: Positional;
    fn workspace() -> <Self::Entity as EntityTrait>::Column;
    fn parent() -> <Self::Entity as EntityTrait>::Column;
    fn order() -> <Self::Entity as EntityTrait>::Column;
}

/// `column` is one of `ids`. On PostgreSQL `column = ANY($n)` with the ids as one array bind:
/// the statement's text is the same whatever the number of ids, and its plan (generic or
/// custom) stays on the `(workspace_id, column)` index. SQLite has no arrays: `IN (…)`.
pub fn one_of(s: &Session, column: impl ColumnTrait, ids: &[Uuid]) -> Expr {
    match s.read().get_database_backend() {
        DbBackend::Postgres => column.eq_any(ids.iter().copied()),
        _ => column.is_in(ids.iter().copied()),
    }
}

/// Columns of one table.
pub type ColumnOf<R> = <<R as Children>::Entity as EntityTrait>::Column;

/// All of `E`'s columns, except those in `blank`, whose values are not fetched: a constant
/// of the column's type stands in for each (NULL, or `[]` for a JSON column that cannot be
/// NULL). For JSON columns no selected field reads, which then cost neither transfer nor
/// parsing.
pub fn select_without<E: EntityTrait>(s: &Session, blank: &[E::Column]) -> Select<E> {
    if blank.is_empty() {
        return E::find();
    }
    let pg = s.read().get_database_backend() == DbBackend::Postgres;
    E::Column::iter().fold(E::find().select_only(), |q, c| {
        if !blank.iter().any(|b| b.as_str() == c.as_str()) {
            return q.column(c);
        }
        let stand_in = match (c.def().is_null(), pg) {
            (true, true) => "CAST(NULL AS jsonb)",
            (true, false) => "NULL",
            (false, true) => "CAST('[]' AS jsonb)",
            (false, false) => "'[]'",
        };
        q.column_as(Expr::cust(stand_in), c.as_str())
    })
}

/// Children of many parents in one statement, grouped by parent id; the columns in `blank`
/// are not fetched (see [`select_without`]).
pub async fn children<R: Children>(
    s: &Session,
    parents: &[Uuid],
    blank: &[ColumnOf<R>],
) -> AppResult<HashMap<Uuid, Vec<<R::Entity as EntityTrait>::Model>>> {
    let select = select_without::<R::Entity>(s, blank)
        .filter(R::workspace().eq(s.workspace()))
        .filter(one_of(s, R::parent(), parents))
        .order_by_asc(R::order());
    let rows = rows::all(s.read(), select).await?;
    let mut out: HashMap<Uuid, Vec<_>> =
        HashMap::with_capacity_and_hasher(parents.len(), Default::default());
    for row in rows {
        if let Value::Uuid(Some(parent)) = row.get(R::parent()) {
            out.entry(parent).or_default().push(row);
        }
    }
    Ok(out)
}

/// The children of one parent (every column), in their order.
pub async fn children_of<R: Children>(
    s: &Session,
    parent: Uuid,
) -> AppResult<Vec<<R::Entity as EntityTrait>::Model>> {
    Ok(children::<R>(s, &[parent], &[])
        .await?
        .remove(&parent)
        .unwrap_or_default())
}

type Column<R> = <<R as Children>::Entity as EntityTrait>::Column;
type ModelOf<R> = <<R as Children>::Entity as EntityTrait>::Model;

/// The id column of a relation's table (its primary key): the tie-breaker of every page.
fn id_column<R: Children>() -> Option<Column<R>> {
    <R::Entity as EntityTrait>::PrimaryKey::iter()
        .next()
        .map(PrimaryKeyToColumn::into_column)
}

/// A row's position in its relation's order, as a cursor.
fn cursor_of<R: Children>(row: &ModelOf<R>, id: Column<R>) -> Option<Cursor> {
    let value = match row.get(R::order()) {
        Value::ChronoDateTimeUtc(Some(t)) => t.to_rfc3339(),
        Value::BigInt(Some(n)) => n.to_string(),
        Value::Int(Some(n)) => n.to_string(),
        Value::String(Some(s)) => s,
        _ => return None,
    };
    match row.get(id) {
        Value::Uuid(Some(id)) => Some(Cursor { value, id }),
        _ => None,
    }
}

/// A cursor's sort value, typed as the relation's order column; `None` when it does not
/// parse (a cursor made for another list).
fn cursor_value<R: Children>(cursor: &Cursor) -> Option<Value> {
    match R::order().def().get_column_type() {
        ColumnType::BigInteger | ColumnType::Integer => {
            cursor.value.parse::<i64>().ok().map(Value::from)
        }
        ColumnType::String(_) | ColumnType::Text => Some(Value::from(cursor.value.clone())),
        _ => DateTime::parse_from_rfc3339(&cursor.value)
            .ok()
            .map(|t| Value::from(t.with_timezone(&Utc))),
    }
}

/// One page of children for each of many parents, in one statement: the children are
/// numbered per parent (`ROW_NUMBER() OVER (PARTITION BY parent …)`) past the cursor, and
/// the first `size + 1` of each parent kept (the extra one tells whether more follow).
pub async fn pages<R: Children>(
    s: &Session,
    parents: &[Uuid],
    page: &PageRequest,
) -> AppResult<HashMap<Uuid, Page<ModelOf<R>>>> {
    let id = id_column::<R>().ok_or_else(|| AppError::internal("a relation without an id"))?;
    let forward = page.direction == Direction::Forward;
    let order = if forward { Order::Asc } else { Order::Desc };
    let mut inner = Query::select();
    inner
        .column((R::Entity::default(), Asterisk))
        .from(R::Entity::default())
        .and_where(R::workspace().eq(s.workspace()))
        .and_where(one_of(s, R::parent(), parents));
    if let Some(cursor) = &page.cursor {
        let field = if forward { "after" } else { "before" };
        let value = cursor_value::<R>(cursor)
            .ok_or_else(|| AppError::bad_input(field, "is not a cursor from this API"))?;
        let (past_value, past_id) = if forward {
            (R::order().gt(value.clone()), id.gt(cursor.id))
        } else {
            (R::order().lt(value.clone()), id.lt(cursor.id))
        };
        inner.and_where(past_value.or(R::order().eq(value).and(past_id)));
    }
    let mut window = WindowStatement::partition_by((R::Entity::default(), R::parent()));
    window
        .order_by((R::Entity::default(), R::order()), order.clone())
        .order_by((R::Entity::default(), id), order);
    let rank = Alias::new("rank_in_parent");
    inner.expr_window_as(Expr::cust("ROW_NUMBER()"), window, rank.clone());
    let outer = Query::select()
        .column(Asterisk)
        .from_subquery(inner, Alias::new("ranked"))
        .and_where(Expr::col(rank.clone()).lte(page.size + 1))
        .order_by(rank, Order::Asc)
        .to_owned();
    let db = s.read();
    let rows = R::Entity::find()
        .from_raw_sql(db.get_database_backend().build(&outer))
        .all(db)
        .await?;
    let mut by_parent: HashMap<Uuid, Vec<ModelOf<R>>> =
        HashMap::with_capacity_and_hasher(parents.len(), Default::default());
    for row in rows {
        if let Value::Uuid(Some(parent)) = row.get(R::parent()) {
            by_parent.entry(parent).or_default().push(row);
        }
    }
    Ok(by_parent
        .into_iter()
        .map(|(parent, mut rows)| {
            let more = rows.len() as u64 > page.size;
            rows.truncate(page.size as usize);
            if !forward {
                rows.reverse();
            }
            let items = rows
                .into_iter()
                .filter_map(|row| cursor_of::<R>(&row, id).map(|c| (c, row)))
                .collect();
            let (has_next_page, has_previous_page) = if forward {
                (more, page.cursor.is_some())
            } else {
                (page.cursor.is_some(), more)
            };
            let page = Page {
                items,
                has_next_page,
                has_previous_page,
            };
            (parent, page)
        })
        .collect())
}

/// Rows of relation `R`'s table by their own ids, within the workspace.
pub async fn rows<R: Children>(s: &Session, ids: &[Uuid]) -> AppResult<HashMap<Uuid, ModelOf<R>>> {
    let id = id_column::<R>().ok_or_else(|| AppError::internal("a relation without an id"))?;
    let select = R::Entity::find()
        .filter(R::workspace().eq(s.workspace()))
        .filter(one_of(s, id, ids));
    let rows = rows::all(s.read(), select).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| match row.get(id) {
            Value::Uuid(Some(key)) => Some((key, row)),
            _ => None,
        })
        .collect())
}

/// How many children each of many parents has, in one grouped statement.
pub async fn counts<R: Children>(s: &Session, parents: &[Uuid]) -> AppResult<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = R::Entity::find()
        .select_only()
        .column(R::parent())
        .column_as(Expr::col(R::parent()).count(), "n")
        .filter(R::workspace().eq(s.workspace()))
        .filter(one_of(s, R::parent(), parents))
        .group_by(R::parent())
        .into_tuple()
        .all(s.read())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(parent, n)| (parent, u64::try_from(n).unwrap_or_default()))
        .collect())
}

macro_rules! children {
    ($(#[$m:meta])* $name:ident: $module:ident by $parent:ident ordered by $order:ident) => {
        $(#[$m])*
        pub struct $name;
        impl Children for $name {
            type Entity = $module::Entity;
            fn workspace() -> $module::Column {
                $module::Column::WorkspaceId
            }
            fn parent() -> $module::Column {
                $module::Column::$parent
            }
            fn order() -> $module::Column {
                $module::Column::$order
            }
        }
    };
}

children!(/// A case's companies.
    CaseCompanies: company by CaseId ordered by CreatedAt);
children!(/// A case's individuals.
    CaseIndividuals: individual by CaseId ordered by CreatedAt);
children!(/// A case's relations.
    CaseRelations: relation by CaseId ordered by CreatedAt);
children!(/// A case's checks.
    CaseChecks: check by CaseId ordered by CreatedAt);
children!(/// A case's documents.
    CaseDocuments: document by CaseId ordered by UploadedAt);
children!(/// A case's notes.
    CaseNotes: note by CaseId ordered by CreatedAt);
children!(/// A case's risks, oldest first.
    CaseRisks: risk by CaseId ordered by CreatedAt);
children!(/// A case's reviews, oldest first.
    CaseReviews: case_review by CaseId ordered by CreatedAt);
children!(/// A case's tags.
    CaseTags: case_tag by CaseId ordered by Tag);
children!(/// A case's audit trail, in chain order.
    CaseAuditTrail: audit_event by CaseId ordered by Seq);
children!(/// An audit event's payload (one).
    EventPayload: audit_payload by EventId ordered by EventId);
children!(/// A case's pending decision (at most one).
    CasePendingDecision: pending_decision by CaseId ordered by ProposedAt);
children!(/// A case's alerts, oldest first.
    CaseAlerts: alert by CaseId ordered by CreatedAt);
children!(/// A check's documents.
    CheckDocuments: document by CheckId ordered by UploadedAt);
children!(/// A check's AML hits.
    CheckAmlHits: aml_hit by CheckId ordered by CreatedAt);
children!(/// A check's notes.
    CheckNotes: note by CheckId ordered by CreatedAt);

/// Users by id, within the workspace.
pub async fn users(s: &Session, ids: &[Uuid]) -> AppResult<HashMap<Uuid, user::Model>> {
    let select = user::Entity::find()
        .filter(user::Column::WorkspaceId.eq(s.workspace()))
        .filter(one_of(s, user::Column::Id, ids));
    let rows = rows::all(s.read(), select).await?;
    Ok(rows.into_iter().map(|u| (u.id, u)).collect())
}
