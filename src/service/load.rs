//! Batched reads behind the GraphQL cohorts (graphql/loaders.rs): one statement fetches a
//! relation for a whole set of parents, always within the caller's workspace.

use foldhash::HashMap;

use entity::{
    alert, aml_hit, audit_event, case_review, case_tag, check, company, document, individual, note,
    relation, risk, user,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, IdenStatic, Iterable, ModelTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Value,
};
use uuid::Uuid;

use super::Session;
use crate::error::AppResult;

/// A one-to-many relation loaded by parent id: which table, which column points at the
/// parent, and the order children come in.
pub trait Children: Send + Sync + 'static {
    type Entity: EntityTrait;
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
    let rows = select_without::<R::Entity>(s, blank)
        .filter(R::workspace().eq(s.workspace()))
        .filter(one_of(s, R::parent(), parents))
        .order_by_asc(R::order())
        .all(s.read())
        .await?;
    let mut out: HashMap<Uuid, Vec<_>> =
        HashMap::with_capacity_and_hasher(parents.len(), Default::default());
    for row in rows {
        if let Value::Uuid(Some(parent)) = row.get(R::parent()) {
            out.entry(parent).or_default().push(row);
        }
    }
    Ok(out)
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
    let rows = user::Entity::find()
        .filter(user::Column::WorkspaceId.eq(s.workspace()))
        .filter(one_of(s, user::Column::Id, ids))
        .all(s.read())
        .await?;
    Ok(rows.into_iter().map(|u| (u.id, u)).collect())
}
