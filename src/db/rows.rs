//! Rows read into models by position, for the hot reads (a page of cases and its nested
//! lists: a thousand rows and more per request).
//!
//! Why not SeaORM's derived `FromQueryResult`: it finds every column by name (sqlx hashes
//! the name with SipHash and compares it, per column and row), checks each value's type,
//! and reads every column as `Option<Option<T>>`, so that each NULL value builds an error
//! whose text is the column's name formatted with `Debug` before it becomes `None`. On the
//! nested page (≈ 1,100 rows) that was about a third of the server's instructions
//! (docs/performance.md). Here each value is decoded at its position (no type check: a
//! value that is not of the model's type fails to decode) and converted by sea-query's
//! `ValueType` — the conversions SeaORM itself makes — either field by field for the
//! tables a nested page reads by the thousand, or through the entity's `ActiveModel` for
//! the others, with no code of their own.
//!
//! The one rule: the statement selects exactly the entity's columns, in their declared
//! order — what `Entity::find()` and [`crate::service::load::select_without`] build. Rows
//! of any other width, or a value type this module does not know, are read by SeaORM's
//! reader instead (slower, never wrong). `tests/api/rows.rs` reads every table both ways.

use std::time::{Duration, Instant};

use sea_orm::sea_query::{ArrayType, ValueType};
use sea_orm::sqlx::{self, Decode, Postgres, Row, Sqlite};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, Iterable, ModelTrait,
    QueryResult, QuerySelect, QueryTrait, Select, TryIntoModel, Value,
};
use tracing::instrument::WithSubscriber;
use tracing::subscriber::NoSubscriber;

/// How long a read takes before it is logged as slow (sqlx's default for its own warning).
const SLOW: Duration = Duration::from_secs(1);

/// Entities whose rows this module reads.
pub trait Positional: EntityTrait {
    /// The model in `row`, which selects every column of the entity in declared order;
    /// `None`: a row this reader leaves to SeaORM's.
    fn read(row: &QueryResult) -> Option<Result<Self::Model, DbErr>>;
}

/// Entities read through their `ActiveModel`: each value typed by
/// `ModelTrait::get_value_type`, set by `try_set`, then `try_into_model` — no code of
/// their own, about 300 instructions per value beyond its decoding.
macro_rules! through_active_model {
    ($($module:ident),+ $(,)?) => {
        $(impl Positional for entity::$module::Entity {
            fn read(row: &QueryResult) -> Option<Result<Self::Model, DbErr>> {
                through_active_model::<Self>(row)
            }
        })+
    };
}
through_active_model!(
    alert,
    audit_checkpoint,
    audit_event,
    audit_payload,
    case_review,
    case_tag,
    case_template,
    custom_property_definition,
    document,
    idempotency_key,
    note,
    outbox_event,
    pending_decision,
    risk,
    screening_result,
    user,
    webhook,
    webhook_delivery,
    workspace,
);

/// The tables a nested page reads by the thousand, read field by field: each field's type
/// is the model's (inferred), so a field missing here fails to compile, and one out of
/// order fails `tests/api/rows.rs` (which compares every table with SeaORM's reader).
macro_rules! field_by_field {
    ($($module:ident { $($field:ident),+ $(,)? })+) => {
        $(impl Positional for entity::$module::Entity {
            fn read(row: &QueryResult) -> Option<Result<Self::Model, DbErr>> {
                fn fields(row: &QueryResult) -> Result<entity::$module::Model, DbErr> {
                    let mut at = 0..;
                    Ok(entity::$module::Model {
                        $($field: field(row, at.next().unwrap_or_default())?),+
                    })
                }
                Some(fields(row))
            }
        })+
    };
}
field_by_field!(
    case {
        id, workspace_id, external_id, name, description, case_type, priority, status,
        processing, metadata, custom_properties, assignee_id, risk_level, current_risk_id,
        automatic_risk_enabled, reviewer_has_actions, contact_has_actions,
        first_collect_completed, all_checks_approved, for_review, for_first_collect,
        for_recollection, is_aml_positive, next_review_at, due_at, template_id, template_key,
        related_case_ids, related_screening_id, related_hit_ids, summary, version, created_by,
        deleted_at, erased_at, created_at, updated_at,
    }
    company {
        id, workspace_id, case_id, name, registration_number, country, legal_form, address,
        is_main, custom_properties, metadata, created_at, updated_at,
    }
    individual {
        id, workspace_id, case_id, title, first_name, last_name, maiden_name, birth_date,
        birth_year, birth_month, birth_day, gender, nationality, emails, phone_numbers, address,
        is_business_contact, is_beneficial_owner, custom_properties, metadata, created_at,
        updated_at,
    }
    check {
        id, workspace_id, case_id, check_type, label, subject_type, subject_company_id,
        subject_individual_id, status, is_deactivated, is_excluded, data, reviewed_by,
        reviewed_at, review_comment, expires_at, created_at, updated_at,
    }
    aml_hit {
        id, workspace_id, case_id, check_id, name, list_types, score, status, provider_ref, data,
        reviewed_by, reviewed_at, created_at, updated_at,
    }
    relation {
        id, workspace_id, case_id, from_individual_id, from_company_id, to_company_id,
        ownership_percentage, voting_rights_percentage, roles, position, created_at, updated_at,
    }
);

/// Runs `select` (which must select `E`'s columns in their declared order, see the module
/// documentation) and reads its rows by position.
pub async fn all<E: Positional, C: ConnectionTrait>(
    db: &C,
    select: Select<E>,
) -> Result<Vec<E::Model>, DbErr> {
    // sqlx enters the current span (the request's) around every row it reads: ~600
    // instructions per row, 4% of a page request. Run without a subscriber, sqlx finds no
    // current span; the warning it would log for a slow statement is logged here instead,
    // inside the request's span.
    let statement = select.build(db.get_database_backend());
    let started = Instant::now();
    let rows = db
        .query_all_raw(statement)
        .with_subscriber(NoSubscriber::default())
        .await?;
    if started.elapsed() >= SLOW {
        tracing::warn!(
            table = E::default().table_name(),
            rows = rows.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "slow statement"
        );
    }
    let by_position = rows
        .first()
        .is_some_and(|row| width(row) == Some(E::Column::iter().count()));
    let mut models = Vec::with_capacity(rows.len());
    for row in &rows {
        models.push(if by_position {
            model::<E>(row)?
        } else {
            E::Model::from_query_result(row, "")?
        });
    }
    Ok(models)
}

/// The first row of `select`, if any (see [`all`]).
pub async fn one<E: Positional, C: ConnectionTrait>(
    db: &C,
    select: Select<E>,
) -> Result<Option<E::Model>, DbErr> {
    Ok(all(db, select.limit(1)).await?.into_iter().next())
}

/// One row (of `E`'s columns in declared order) as `E`'s model.
fn model<E: Positional>(row: &QueryResult) -> Result<E::Model, DbErr> {
    E::read(row).unwrap_or_else(|| E::Model::from_query_result(row, ""))
}

/// One row as `E`'s model through its `ActiveModel` (see [`through_active_model!`]).
fn through_active_model<E>(row: &QueryResult) -> Option<Result<E::Model, DbErr>>
where
    E: EntityTrait,
    E::ActiveModel: TryIntoModel<E::Model>,
{
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
    Some(active.try_into_model())
}

/// A field type of the models read field by field.
trait Field: Sized {
    /// The value at position `i`; `None` for NULL.
    fn nullable(row: &QueryResult, i: usize) -> Result<Option<Self>, DbErr>;
}

impl<T: Field> Field for Option<T> {
    fn nullable(row: &QueryResult, i: usize) -> Result<Option<Self>, DbErr> {
        Ok(Some(T::nullable(row, i)?))
    }
}

/// Types sqlx decodes as they are.
macro_rules! decoded {
    ($($ty:ty),+ $(,)?) => {
        $(impl Field for $ty {
            fn nullable(row: &QueryResult, i: usize) -> Result<Option<Self>, DbErr> {
                get::<$ty>(row, i)
            }
        })+
    };
}
decoded!(
    uuid::Uuid,
    String,
    bool,
    i32,
    i64,
    f64,
    serde_json::Value,
    chrono::NaiveDate,
    chrono::DateTime<chrono::Utc>,
);

/// Types converted from what their column stores (text, a JSON array) by their own
/// `ValueType`, as SeaORM converts them.
macro_rules! converted {
    ($($ty:ty),+ $(,)?) => {
        $(impl Field for $ty {
            fn nullable(row: &QueryResult, i: usize) -> Result<Option<Self>, DbErr> {
                let value = cell(row, i, <$ty as ValueType>::array_type())?.ok_or_else(|| {
                    DbErr::Type(format!("column {i}: a type this reader does not know"))
                })?;
                <Option<$ty> as ValueType>::try_from(value)
                    .map_err(|e| DbErr::Type(format!("column {i}: {e}")))
            }
        })+
    };
}
converted!(
    entity::country::CountryCode,
    entity::enums::AmlHitStatus,
    entity::enums::AmlListTypes,
    entity::enums::CasePriority,
    entity::enums::CaseStatus,
    entity::enums::CaseType,
    entity::enums::CheckStatus,
    entity::enums::CheckSubjectType,
    entity::enums::CheckType,
    entity::enums::Gender,
    entity::enums::Processing,
    entity::enums::RelationRoles,
    entity::enums::RiskLevel,
    entity::enums::Title,
);

/// The field at position `i`, as the model's type `T`.
fn field<T: Field>(row: &QueryResult, i: usize) -> Result<T, DbErr> {
    T::nullable(row, i)?
        .ok_or_else(|| DbErr::Type(format!("column {i}: NULL in a field that cannot be")))
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
