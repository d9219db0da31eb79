//! Reading GraphQL inputs in the services: ids, and patches of optional fields.

use async_graphql::{
    InputValueError, InputValueResult, MaybeUndefined, Scalar, ScalarType, Value, ID,
};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// A calendar date (the `Date` scalar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date without a time of day or time zone, written `yyyy-MM-dd` (RFC 3339's
/// `full-date`), such as `1970-05-29`.
#[Scalar(
    name = "Date",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339#section-5.6"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        let Value::String(text) = &value else {
            return Err(InputValueError::expected_type(value));
        };
        // Exactly `yyyy-MM-dd`: chrono alone would take `1970-5-9` or a five-digit year.
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) if shaped => Ok(Date(date)),
            _ => Err(InputValueError::custom(
                "must be a date written yyyy-MM-dd, such as 1970-05-29",
            )),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

/// Parses an `ID` argument holding a UUID.
pub fn parse_id(field: &str, id: &ID) -> AppResult<Uuid> {
    Uuid::parse_str(id.as_str()).map_err(|_| AppError::bad_input(field, "is not a valid id"))
}

/// Applies a patch to an optional field: omitted keeps `slot`, `null` clears it, a value
/// becomes what `parse` makes of it (which may be `None`, e.g. for blank text).
pub fn patch<T, U>(
    slot: &mut Option<U>,
    change: &MaybeUndefined<T>,
    parse: impl FnOnce(&T) -> AppResult<Option<U>>,
) -> AppResult<()> {
    match change {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *slot = None,
        MaybeUndefined::Value(v) => *slot = parse(v)?,
    }
    Ok(())
}

/// A given value as a patch that sets it, an omitted one as a patch that keeps the field:
/// a creation input read as the update of a blank row.
pub fn given<T: Clone>(value: &Option<T>) -> MaybeUndefined<T> {
    value
        .clone()
        .map_or(MaybeUndefined::Undefined, MaybeUndefined::Value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_keeps_clears_or_sets() {
        let mut slot = Some(1);
        patch(&mut slot, &MaybeUndefined::<i32>::Undefined, |v| {
            Ok(Some(*v))
        })
        .unwrap();
        assert_eq!(slot, Some(1));
        patch(&mut slot, &MaybeUndefined::Value(2), |v| Ok(Some(*v))).unwrap();
        assert_eq!(slot, Some(2));
        patch(&mut slot, &MaybeUndefined::Value(0), |_| Ok(None)).unwrap();
        assert_eq!(slot, None);
        slot = Some(3);
        patch(&mut slot, &MaybeUndefined::Null, |v: &i32| Ok(Some(*v))).unwrap();
        assert_eq!(slot, None);
        let refused = patch(&mut slot, &MaybeUndefined::Value(4), |_| {
            Err(AppError::bad_input("f", "no"))
        });
        assert!(refused.is_err());
        assert_eq!(given(&Some(5)), MaybeUndefined::Value(5));
        assert_eq!(given::<i32>(&None), MaybeUndefined::Undefined);
    }
}
