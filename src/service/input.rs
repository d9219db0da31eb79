//! Reading GraphQL inputs in the services: ids, and patches of optional fields.

use async_graphql::{MaybeUndefined, ID};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

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
