//! [`CountryCode`], the type of the country columns (`companies.country`,
//! `individuals.nationality`): an ISO 3166-1 alpha-2 code from the official list, stored
//! as its two upper-case letters. Like the stored enumerations it is a closed list, so a
//! row holding anything else fails its read; input is parsed into one by
//! `domain::values` (which accepts any case and names the field at fault).
//!
//! The list is **`rust_iso3166`** (0.2, Apache-2.0): the ISO 3166-1 table (249 codes) as
//! compile-time `phf` maps, recently released, no run-time cost, dependencies limited to
//! `phf`. `isocountry` is as small but older (it still pulls `thiserror` 1); `celes` 3
//! needs a newer Rust than ours; `keshvar` (a 3.6 MB crate) ships far more data than a
//! code check needs.

use std::fmt;
use std::str::FromStr;

use sea_orm::DeriveValueType;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An assigned ISO 3166-1 alpha-2 country code, upper case (`FR`, `GB`; not `UK`, which
/// is reserved, nor `XX`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct CountryCode(&'static str);

impl CountryCode {
    /// The code written exactly as listed (two upper-case letters), if it is assigned.
    pub fn from_alpha2(code: &str) -> Option<Self> {
        rust_iso3166::from_alpha2(code)
            .filter(|country| country.alpha2 == code)
            .map(|country| Self(country.alpha2))
    }

    /// The upper-case code.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// A text that is not an assigned upper-case ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownCountry;

impl fmt::Display for UnknownCountry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not an ISO 3166-1 alpha-2 country code")
    }
}

impl std::error::Error for UnknownCountry {}

/// How the column reads back: the stored text, exactly.
impl FromStr for CountryCode {
    type Err = UnknownCountry;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Self::from_alpha2(code).ok_or(UnknownCountry)
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{Value, ValueType};

    #[test]
    fn only_assigned_upper_case_codes() {
        assert_eq!(
            CountryCode::from_alpha2("FR").map(|c| c.as_str()),
            Some("FR")
        );
        for bad in ["fr", "Fr", "UK", "XX", "EU", "F", "FRA", "", " FR"] {
            assert_eq!(CountryCode::from_alpha2(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn stored_and_serialized_as_the_code() {
        let de = CountryCode::from_alpha2("DE");
        assert_eq!(de.map(Value::from), Some(Value::from("DE")));
        assert_eq!(
            <CountryCode as ValueType>::try_from(Value::from("DE")).ok(),
            de
        );
        assert!(<CountryCode as ValueType>::try_from(Value::from("de")).is_err());
        assert_eq!(serde_json::to_string(&de).ok().as_deref(), Some(r#""DE""#));
        assert_eq!(serde_json::from_str::<CountryCode>(r#""DE""#).ok(), de);
        assert!(serde_json::from_str::<CountryCode>(r#""ZZ""#).is_err());
    }
}
