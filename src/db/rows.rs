//! Rows read into models by position, for the hot reads (a page of cases and its nested
//! lists: a thousand rows and more per request).
//!
//! Why not SeaORM's derived `FromQueryResult`: it finds every column by name (sqlx hashes
//! the name with SipHash and compares it, per column and row), checks each value's type,
//! and reads every column as `Option<Option<T>>`, so that each NULL value builds an error
//! whose text is the column's name formatted with `Debug` before it becomes `None`. On the
//! nested page (≈ 1,100 rows) that was about a third of the server's instructions
//! (docs/performance.md). Here each value is decoded at its position, the type taken from
//! the model's field (`ModelTrait::get_value_type`), and set on an `ActiveModel` that
//! becomes the model — the same conversions SeaORM's own `set` and `try_into_model` make,
//! so no entity needs code of its own.
//!
//! The one rule: the statement selects exactly the entity's columns, in their declared
//! order — what `Entity::find()` and [`crate::service::load::select_without`] build. A row
//! of any other width, or a value type this module does not know, is read by SeaORM's
//! derived reader instead (slower, never wrong); a value that does not decode is an error.

use sea_orm::sea_query::ArrayType;
use sea_orm::sqlx::{self, Decode, Postgres, Row, Sqlite};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Iterable, ModelTrait,
    QueryResult, QuerySelect, QueryTrait, Select, TryIntoModel, Value,
};

/// Entities whose rows this module reads: every entity with derived models (the bound
/// lives here, so callers need not repeat it).
pub trait Positional: EntityTrait {
    /// The model an `ActiveModel` with every column set makes.
    fn finish(active: Self::ActiveModel) -> Result<Self::Model, DbErr>;
}

impl<E: EntityTrait> Positional for E
where
    E::ActiveModel: TryIntoModel<E::Model>,
{
    fn finish(active: Self::ActiveModel) -> Result<Self::Model, DbErr> {
        active.try_into_model()
    }
}

/// Runs `select` (which must select `E`'s columns in their declared order, see the module
/// documentation) and reads its rows by position.
pub async fn all<E: Positional, C: ConnectionTrait>(
    db: &C,
    select: Select<E>,
) -> Result<Vec<E::Model>, DbErr> {
    let rows = db
        .query_all_raw(select.build(db.get_database_backend()))
        .await?;
    rows.iter().map(model::<E>).collect()
}

/// The first row of `select`, if any (see [`all`]).
pub async fn one<E: Positional, C: ConnectionTrait>(
    db: &C,
    select: Select<E>,
) -> Result<Option<E::Model>, DbErr> {
    Ok(all(db, select.limit(1)).await?.into_iter().next())
}

/// One row as `E`'s model.
pub fn model<E: Positional>(row: &QueryResult) -> Result<E::Model, DbErr> {
    by_position::<E>(row).unwrap_or_else(|| E::Model::from_query_result(row, ""))
}

/// One row as `E`'s model, read by position; `None` when this reader cannot (a row of
/// another width, a value type it does not know): then SeaORM's reader is the one to use.
pub fn by_position<E: Positional>(row: &QueryResult) -> Option<Result<E::Model, DbErr>> {
    if width(row) != Some(E::Column::iter().count()) {
        return None;
    }
    let mut active = <E::ActiveModel as ActiveModelTrait>::default();
    for (i, column) in E::Column::iter().enumerate() {
        let value = match cell(row, i, <E::Model as ModelTrait>::get_value_type(column)) {
            Ok(Some(value)) => value,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        if let Err(e) = active.try_set(column, value) {
            return Some(Err(e));
        }
    }
    Some(E::finish(active))
}

/// How many columns the row has.
fn width(row: &QueryResult) -> Option<usize> {
    if let Some(pg) = row.try_as_pg_row() {
        return Some(pg.len());
    }
    row.try_as_sqlite_row().map(|r| r.len())
}

/// The value at position `i`, as the variant `ty` names (`None`: a type read only by
/// SeaORM's reader).
fn cell(row: &QueryResult, i: usize, ty: ArrayType) -> Result<Option<Value>, DbErr> {
    Ok(Some(match ty {
        ArrayType::Uuid => Value::from(get::<uuid::Uuid>(row, i)?),
        ArrayType::String => Value::from(get::<String>(row, i)?),
        ArrayType::Bool => Value::from(get::<bool>(row, i)?),
        ArrayType::Int => Value::from(get::<i32>(row, i)?),
        ArrayType::BigInt => Value::from(get::<i64>(row, i)?),
        ArrayType::Double => Value::from(get::<f64>(row, i)?),
        ArrayType::Json => Value::from(get::<serde_json::Value>(row, i)?),
        ArrayType::ChronoDate => Value::from(get::<chrono::NaiveDate>(row, i)?),
        ArrayType::ChronoDateTimeUtc => Value::from(get::<chrono::DateTime<chrono::Utc>>(row, i)?),
        _ => return Ok(None),
    }))
}

/// The value at position `i`, decoded as `T` (NULL: `None`). The type is not checked
/// against the column's first: `T` comes from the model, and a value that is not a `T`
/// fails to decode.
fn get<T>(row: &QueryResult, i: usize) -> Result<Option<T>, DbErr>
where
    T: for<'r> Decode<'r, Postgres> + for<'r> Decode<'r, Sqlite>,
{
    let read = if let Some(pg) = row.try_as_pg_row() {
        pg.try_get_unchecked::<Option<T>, _>(i)
    } else if let Some(lite) = row.try_as_sqlite_row() {
        lite.try_get_unchecked::<Option<T>, _>(i)
    } else {
        return Err(DbErr::Custom(
            "rows::get: not a SQLite or PostgreSQL row".into(),
        ));
    };
    read.map_err(|e: sqlx::Error| DbErr::Custom(format!("column {i}: {e}")))
}
