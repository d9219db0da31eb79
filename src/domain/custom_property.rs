//! Custom properties: the definitions admins make per target (type and settings), the
//! check of a definition's settings, and the check and normalization of values, merged
//! key by key into an entity's `customProperties` object.
//!
//! Rules that apply to every type:
//! - `null` resets one key. So does a blank string or an empty array ("no value"): a form
//!   that clears a field sends `""` or `[]`, and storing an empty value would make "not
//!   set" have three spellings. [`validate_value`] returns `Value::Null` for all of them.
//! - A refusal is `BAD_USER_INPUT` with the field `customProperties.<key>`; the message
//!   says what the type expects and never repeats the refused value.
//! - A key without a definition for the target is refused, except `null` on a key the
//!   entity still holds (its definition was deleted): that removes the stale value.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

pub use entity::enums::{PropertyTarget, PropertyType};

use crate::domain::values::{
    optional_text, parse_iso_date, required_text, CountryCode, CurrencyCode, Email, Parse,
    PhoneNumber, Url,
};
use crate::error::{AppError, AppResult};

/// Longest property key.
pub const MAX_KEY: usize = 64;
/// Longest property or option label.
pub const MAX_LABEL: usize = 255;
/// Longest option key.
pub const MAX_OPTION_KEY: usize = 64;
/// Most options on a CHOICES property.
pub const MAX_OPTIONS: usize = 200;
/// Longest single-line TEXT value.
pub const MAX_TEXT_SINGLE_LINE: usize = 250;
/// Longest multiline TEXT value.
pub const MAX_TEXT_MULTILINE: usize = 1500;
/// Longest EMAIL value.
pub const MAX_EMAIL_VALUE: usize = 250;

/// How a NUMERIC property's value reads (in the settings JSON).
#[derive(Serialize, Deserialize, Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NumericFormat {
    /// A plain number (the default).
    Number,
    /// A percentage: the value must be between 0 and 100.
    Percentage,
    /// An amount in the property's `currency`.
    Currency,
}

/// One option of a CHOICES property: values hold the `key`, people read the `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// Stored in values; 1–64 characters, no surrounding spaces, unique in the property.
    pub key: String,
    /// Shown to people; 1–255 characters.
    pub label: String,
}

/// A property's settings, stored as JSON (camelCase; defaults are left out). Which apply
/// depends on the type: see [`validate_settings`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PropertySettings {
    /// CHOICES: the options, in display order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// CHOICES and COUNTRIES: whether a value may hold more than one element.
    #[serde(skip_serializing_if = "is_false")]
    pub allow_multiple: bool,
    /// NUMERIC: how the number reads (none: a plain number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<NumericFormat>,
    /// NUMERIC with format CURRENCY: the ISO 4217 code, upper case (e.g. `EUR`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// NUMERIC: the smallest value accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// NUMERIC: the largest value accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// TEXT: whether the value may span lines (and hold up to 1,500 characters).
    #[serde(skip_serializing_if = "is_false")]
    pub multiline: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The JSON names of [`PropertySettings`]' fields.
const SETTINGS_FIELDS: &[&str] = &[
    "options",
    "allowMultiple",
    "format",
    "currency",
    "min",
    "max",
    "multiline",
];

impl PropertySettings {
    /// Reads settings sent as JSON (`null` is the defaults). Unknown fields are refused,
    /// so a typo (`allowMultiples`) is not silently ignored. Does not check the settings
    /// against a type: call [`validate_settings`] for that.
    pub fn from_json(field: &str, value: &Value) -> AppResult<Self> {
        match value {
            Value::Null => Ok(Self::default()),
            Value::Object(map) => {
                if let Some(unknown) = map.keys().find(|k| !SETTINGS_FIELDS.contains(&k.as_str())) {
                    let name = if unknown.chars().count() <= MAX_KEY {
                        format!("{field}.{unknown}")
                    } else {
                        field.to_owned()
                    };
                    return Err(AppError::bad_input(
                        name,
                        format!("unknown setting (known: {})", SETTINGS_FIELDS.join(", ")),
                    ));
                }
                serde_json::from_value(value.clone())
                    .map_err(|e| AppError::bad_input(field, format!("are not valid settings: {e}")))
            }
            _ => Err(AppError::bad_input(field, "must be an object")),
        }
    }

    /// The settings as stored JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_else(|_| Value::Object(Map::new()))
    }
}

/// A property definition as the value checks need it.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyDefinition {
    /// The key values are stored under.
    pub key: String,
    /// What the property is set on.
    pub target: PropertyTarget,
    /// The value's type.
    pub property_type: PropertyType,
    /// The type's settings.
    pub settings: PropertySettings,
}

impl PropertyDefinition {
    /// Rebuilds a definition from its row. Settings that do not read back are the
    /// database's fault, not the caller's: `INTERNAL`.
    pub fn read(
        key: &str,
        target: PropertyTarget,
        property_type: PropertyType,
        settings: &Value,
    ) -> AppResult<Self> {
        let settings = match settings {
            Value::Null => PropertySettings::default(),
            other => serde_json::from_value(other.clone())
                .map_err(|e| AppError::internal(format!("stored property settings: {e}")))?,
        };
        Ok(Self {
            key: key.to_owned(),
            target,
            property_type,
            settings,
        })
    }
}

/// Checks a new property key: 1–64 characters, an ASCII letter then letters, digits or
/// `_` (e.g. `ubo_us_citizen`), so it reads well in `customProperties.<key>`.
pub fn validate_key(field: &str, key: &str) -> AppResult<()> {
    let mut chars = key.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !well_formed || key.len() > MAX_KEY {
        return Err(AppError::bad_input(
            field,
            format!("must be 1 to {MAX_KEY} characters: a letter, then letters, digits or _"),
        ));
    }
    Ok(())
}

/// Checks settings against a type. Settings that do not apply to the type are refused
/// rather than ignored (an admin who sets `options` on a TEXT property has made a
/// mistake worth hearing about); the defaults (`false`, empty, absent) always pass.
///
/// - CHOICES: 1–200 options with unique keys (1–64 characters, no surrounding spaces,
///   no control characters) and labels (1–255 characters).
/// - NUMERIC: `currency` exactly when `format` is CURRENCY, an upper-case ISO 4217 code
///   in use; `min` ≤ `max`, both finite, both within 0–100 for PERCENTAGE.
pub fn validate_settings(
    field: &str,
    property_type: PropertyType,
    settings: &PropertySettings,
) -> AppResult<()> {
    let at = |name: &str| format!("{field}.{name}");
    let not_for = |name: &str, types: &str| {
        Err(AppError::bad_input(
            at(name),
            format!(
                "applies only to {types} properties, not {}",
                property_type.as_str()
            ),
        ))
    };
    use PropertyType as T;
    if property_type != T::Choices && !settings.options.is_empty() {
        return not_for("options", "CHOICES");
    }
    if !matches!(property_type, T::Choices | T::Countries) && settings.allow_multiple {
        return not_for("allowMultiple", "CHOICES and COUNTRIES");
    }
    if property_type != T::Numeric {
        if settings.format.is_some() {
            return not_for("format", "NUMERIC");
        }
        if settings.currency.is_some() {
            return not_for("currency", "NUMERIC");
        }
        if settings.min.is_some() {
            return not_for("min", "NUMERIC");
        }
        if settings.max.is_some() {
            return not_for("max", "NUMERIC");
        }
    }
    if property_type != T::Text && settings.multiline {
        return not_for("multiline", "TEXT");
    }
    match property_type {
        T::Choices => validate_options(&at("options"), &settings.options),
        T::Numeric => validate_numeric_settings(field, settings),
        _ => Ok(()),
    }
}

fn validate_options(field: &str, options: &[ChoiceOption]) -> AppResult<()> {
    if options.is_empty() {
        return Err(AppError::bad_input(
            field,
            "a CHOICES property needs at least one option",
        ));
    }
    if options.len() > MAX_OPTIONS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_OPTIONS} options"),
        ));
    }
    let mut keys = std::collections::HashSet::new();
    for (i, option) in options.iter().enumerate() {
        let key_field = format!("{field}[{i}].key");
        let key = required_text(&key_field, &option.key, MAX_OPTION_KEY)?;
        if key != option.key {
            return Err(AppError::bad_input(
                key_field,
                "must not start or end with spaces",
            ));
        }
        if !keys.insert(key) {
            return Err(AppError::bad_input(
                key_field,
                "is the key of an earlier option: keys must be unique",
            ));
        }
        required_text(&format!("{field}[{i}].label"), &option.label, MAX_LABEL)?;
    }
    Ok(())
}

fn validate_numeric_settings(field: &str, settings: &PropertySettings) -> AppResult<()> {
    let at = |name: &str| format!("{field}.{name}");
    match (settings.format, &settings.currency) {
        (Some(NumericFormat::Currency), None) => {
            return Err(AppError::bad_input(
                at("currency"),
                "is required when the format is CURRENCY",
            ));
        }
        (Some(NumericFormat::Currency), Some(code)) => {
            let parsed = CurrencyCode::parse(&at("currency"), code)?;
            if parsed.as_str() != code {
                return Err(AppError::bad_input(
                    at("currency"),
                    format!("must be written in upper case: {parsed}"),
                ));
            }
        }
        (_, Some(_)) => {
            return Err(AppError::bad_input(
                at("currency"),
                "applies only when the format is CURRENCY",
            ));
        }
        (_, None) => {}
    }
    for (name, bound) in [("min", settings.min), ("max", settings.max)] {
        let Some(bound) = bound else { continue };
        if !bound.is_finite() {
            return Err(AppError::bad_input(at(name), "must be a finite number"));
        }
        if settings.format == Some(NumericFormat::Percentage) && !(0.0..=100.0).contains(&bound) {
            return Err(AppError::bad_input(
                at(name),
                "must be between 0 and 100 for a PERCENTAGE",
            ));
        }
    }
    if let (Some(min), Some(max)) = (settings.min, settings.max) {
        if min > max {
            return Err(AppError::bad_input(at("min"), "must not be above max"));
        }
    }
    Ok(())
}

/// Checks one value against its definition and returns it as stored, or `Value::Null`
/// for "no value" (`null`, a blank string, an empty array). Settings are assumed valid.
///
/// | type | accepts | stores |
/// |---|---|---|
/// | CHOICES | an array of option keys, or one key as a string | array of keys |
/// | COUNTRIES | an array of alpha-2 codes (any case), or one as a string | array, upper case |
/// | DATE | `"yyyy-MM-dd"`, a real date | the same |
/// | EMAIL | an address, ≤ 250 characters | trimmed |
/// | NUMERIC | a number, or a string in JSON number syntax (`"20000"`, `"-1.5e3"`) | a number |
/// | PHONE_NUMBER | E.164, separators allowed | canonical E.164 |
/// | TEXT | one line ≤ 250, or ≤ 1,500 when multiline (CRLF becomes LF) | trimmed |
/// | URL | an absolute http(s) URL | normalized |
/// | YES_NO | `true` or `false` (not a string) | the boolean |
///
/// Arrays hold no duplicates and more than one element only with `allowMultiple`.
pub fn validate_value(
    key: &str,
    property_type: PropertyType,
    settings: &PropertySettings,
    value: &Value,
) -> AppResult<Value> {
    let field = format!("customProperties.{key}");
    let field = field.as_str();
    if value.is_null() {
        return Ok(Value::Null);
    }
    match property_type {
        PropertyType::Choices => choices(field, settings, value),
        PropertyType::Countries => countries(field, settings, value),
        PropertyType::Date => text_value(field, value, "a date string yyyy-MM-dd", |s| {
            parse_iso_date(field, s).map(|d| d.format("%Y-%m-%d").to_string())
        }),
        PropertyType::Email => text_value(field, value, "an email address string", |s| {
            Email::parse_with_max(field, s, MAX_EMAIL_VALUE).map(Email::into_string)
        }),
        PropertyType::Numeric => numeric(field, settings, value),
        PropertyType::PhoneNumber => {
            text_value(field, value, "an E.164 phone number string", |s| {
                PhoneNumber::parse(field, s).map(PhoneNumber::into_string)
            })
        }
        PropertyType::Text => text(field, settings, value),
        PropertyType::Url => text_value(field, value, "a URL string", |s| {
            Url::parse(field, s).map(Url::into_string)
        }),
        PropertyType::YesNo => match value {
            Value::Bool(b) => Ok(Value::Bool(*b)),
            _ => Err(AppError::bad_input(field, "must be true or false")),
        },
    }
}

/// A string value: blank is "no value", anything else goes through `parse`.
fn text_value(
    field: &str,
    value: &Value,
    expected: &str,
    parse: impl FnOnce(&str) -> AppResult<String>,
) -> AppResult<Value> {
    match value {
        Value::String(s) if s.trim().is_empty() => Ok(Value::Null),
        Value::String(s) => parse(s).map(Value::String),
        _ => Err(AppError::bad_input(field, format!("must be {expected}"))),
    }
}

fn text(field: &str, settings: &PropertySettings, value: &Value) -> AppResult<Value> {
    let Value::String(s) = value else {
        return Err(AppError::bad_input(field, "must be a string"));
    };
    let (text, max) = if settings.multiline {
        // Browsers send CRLF from text areas; a lone CR is still a control character.
        (s.replace("\r\n", "\n"), MAX_TEXT_MULTILINE)
    } else {
        if s.contains(['\n', '\r']) {
            return Err(AppError::bad_input(
                field,
                "must be a single line (the property is not multiline)",
            ));
        }
        (s.clone(), MAX_TEXT_SINGLE_LINE)
    };
    Ok(optional_text(field, Some(&text), max)?.map_or(Value::Null, Value::String))
}

fn numeric(field: &str, settings: &PropertySettings, value: &Value) -> AppResult<Value> {
    let number = match value {
        Value::Number(n) => n.clone(),
        Value::String(s) if s.trim().is_empty() => return Ok(Value::Null),
        // JSON number syntax: no `NaN`, `inf`, `1,000` or `+1`; out-of-range is an error.
        Value::String(s) => serde_json::from_str::<Number>(s.trim())
            .map_err(|_| AppError::bad_input(field, "must be a number, or a string holding one"))?,
        _ => {
            return Err(AppError::bad_input(
                field,
                "must be a number, or a string holding one",
            ));
        }
    };
    let Some(x) = number.as_f64().filter(|x| x.is_finite()) else {
        return Err(AppError::bad_input(field, "must be a finite number"));
    };
    if settings.format == Some(NumericFormat::Percentage) && !(0.0..=100.0).contains(&x) {
        return Err(AppError::bad_input(field, "must be between 0 and 100"));
    }
    if let Some(min) = settings.min.filter(|min| x < *min) {
        return Err(AppError::bad_input(
            field,
            format!("must be at least {min}"),
        ));
    }
    if let Some(max) = settings.max.filter(|max| x > *max) {
        return Err(AppError::bad_input(field, format!("must be at most {max}")));
    }
    Ok(Value::Number(number))
}

/// The strings of a CHOICES or COUNTRIES value: one string, or an array of strings.
/// `None` for "no value".
fn string_list<'a>(
    field: &str,
    value: &'a Value,
    expected: &str,
) -> AppResult<Option<Vec<&'a str>>> {
    let not_list = || AppError::bad_input(field, format!("must be an array of {expected}"));
    match value {
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => Ok(Some(vec![s.as_str()])),
        Value::Array(items) if items.is_empty() => Ok(None),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().ok_or_else(not_list))
            .collect::<AppResult<Vec<_>>>()
            .map(Some),
        _ => Err(not_list()),
    }
}

/// Refuses a list with repeats or, without `allowMultiple`, more than one element.
fn check_list(field: &str, settings: &PropertySettings, items: &[String]) -> AppResult<()> {
    if items.len() > 1 && !settings.allow_multiple {
        return Err(AppError::bad_input(
            field,
            "takes a single element (the property does not allow multiple)",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(i) = items.iter().position(|item| !seen.insert(item)) {
        return Err(AppError::bad_input(
            field,
            format!("element {i} repeats an earlier one"),
        ));
    }
    Ok(())
}

fn choices(field: &str, settings: &PropertySettings, value: &Value) -> AppResult<Value> {
    let Some(items) = string_list(field, value, "option keys")? else {
        return Ok(Value::Null);
    };
    let mut keys = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        if !settings.options.iter().any(|o| o.key == item) {
            let shown = if item.chars().count() <= MAX_OPTION_KEY {
                format!(" ({item:?})")
            } else {
                String::new()
            };
            return Err(AppError::bad_input(
                field,
                format!("element {i}{shown} is not an option key of this property"),
            ));
        }
        keys.push(item.to_owned());
    }
    check_list(field, settings, &keys)?;
    Ok(Value::Array(keys.into_iter().map(Value::String).collect()))
}

fn countries(field: &str, settings: &PropertySettings, value: &Value) -> AppResult<Value> {
    let Some(items) = string_list(field, value, "ISO 3166-1 alpha-2 country codes")? else {
        return Ok(Value::Null);
    };
    let codes = items
        .into_iter()
        .map(|item| CountryCode::parse(field, item).map(|c| c.as_str().to_owned()))
        .collect::<AppResult<Vec<_>>>()?;
    check_list(field, settings, &codes)?;
    Ok(Value::Array(codes.into_iter().map(Value::String).collect()))
}

/// Applies `changes` to `current`, key by key, for an entity of `target`; returns the new
/// object, or the first refusal (nothing is half-applied: the result is a new map).
/// Keys absent from `changes` are kept as stored. On create, pass an empty `current`.
/// Only `definitions` of `target` count: a COMPANY property is unknown on a case.
pub fn merge(
    current: &Map<String, Value>,
    changes: &Map<String, Value>,
    definitions: &[PropertyDefinition],
    target: PropertyTarget,
) -> AppResult<Map<String, Value>> {
    let mut merged = current.clone();
    for (key, raw) in changes {
        let definition = definitions
            .iter()
            .find(|d| d.target == target && d.key == *key);
        let Some(definition) = definition else {
            if raw.is_null() && current.contains_key(key) {
                merged.remove(key);
                continue;
            }
            // A key of any length is echoed only when it could be a real one.
            let field = if key.chars().count() <= MAX_KEY {
                format!("customProperties.{key}")
            } else {
                "customProperties".to_owned()
            };
            return Err(AppError::bad_input(field, "unknown custom property"));
        };
        match validate_value(key, definition.property_type, &definition.settings, raw)? {
            Value::Null => {
                merged.remove(key);
            }
            value => {
                merged.insert(key.clone(), value);
            }
        }
    }
    Ok(merged)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The field and message of a refusal.
    fn refusal<T: std::fmt::Debug>(result: AppResult<T>) -> (String, String) {
        match result {
            Err(AppError::BadInput { field, message }) => (field, message),
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    fn options(keys: &[&str]) -> Vec<ChoiceOption> {
        keys.iter()
            .map(|k| ChoiceOption {
                key: (*k).to_owned(),
                label: k.to_uppercase(),
            })
            .collect()
    }

    fn choices_settings(allow_multiple: bool) -> PropertySettings {
        PropertySettings {
            options: options(&["emea", "apac", "amer"]),
            allow_multiple,
            ..Default::default()
        }
    }

    fn check(t: PropertyType, s: &PropertySettings, v: Value) -> AppResult<Value> {
        validate_value("prop", t, s, &v)
    }

    fn ok(t: PropertyType, s: &PropertySettings, v: Value) -> Value {
        check(t, s, v).unwrap()
    }

    fn refused(t: PropertyType, s: &PropertySettings, v: Value) -> String {
        let (field, message) = refusal(check(t, s, v));
        assert_eq!(field, "customProperties.prop");
        message
    }

    fn none() -> PropertySettings {
        PropertySettings::default()
    }

    #[test]
    fn numeric_formats_are_named_in_settings() {
        for (f, name) in [
            (NumericFormat::Number, "NUMBER"),
            (NumericFormat::Percentage, "PERCENTAGE"),
            (NumericFormat::Currency, "CURRENCY"),
        ] {
            assert_eq!(serde_json::to_value(f).unwrap(), json!(name));
            assert_eq!(
                serde_json::from_value::<NumericFormat>(json!(name)).unwrap(),
                f
            );
        }
    }

    #[test]
    fn settings_json_is_camel_case_and_compact() {
        let s = PropertySettings {
            allow_multiple: true,
            ..choices_settings(true)
        };
        let v = s.to_json();
        assert_eq!(v["allowMultiple"], json!(true));
        assert!(v.get("multiline").is_none());
        assert_eq!(PropertySettings::from_json("s", &v).unwrap(), s);
        assert_eq!(PropertySettings::to_json(&none()), json!({}));
        assert_eq!(
            PropertySettings::from_json("s", &json!(null)).unwrap(),
            none()
        );
        let (field, _) = refusal(PropertySettings::from_json(
            "input.settings",
            &json!({"allowMultiples": true}),
        ));
        assert_eq!(field, "input.settings.allowMultiples");
        assert!(PropertySettings::from_json("s", &json!({"format": "MONEY"})).is_err());
        assert!(PropertySettings::from_json("s", &json!([])).is_err());
    }

    #[test]
    fn definitions_from_storage() {
        let d = PropertyDefinition::read(
            "office",
            PropertyTarget::Company,
            PropertyType::Choices,
            &json!({"options": [{"key": "emea", "label": "EMEA"}]}),
        )
        .unwrap();
        assert_eq!(d.target, PropertyTarget::Company);
        assert_eq!(d.settings.options.len(), 1);
        assert!(matches!(
            PropertyDefinition::read(
                "k",
                PropertyTarget::Case,
                PropertyType::Numeric,
                &json!({"format": "MONEY"})
            ),
            Err(AppError::Internal(_))
        ));
    }

    #[test]
    fn keys() {
        assert!(validate_key("k", "ubo_us_citizen").is_ok());
        assert!(validate_key("k", "a").is_ok());
        assert!(validate_key("k", &"a".repeat(MAX_KEY)).is_ok());
        assert!(validate_key("k", &"a".repeat(MAX_KEY + 1)).is_err());
        for bad in ["", "1abc", "_a", "a-b", "a.b", "a b", "é"] {
            assert!(validate_key("k", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn choices_settings_need_unique_options() {
        let f = "input.settings";
        assert!(validate_settings(f, PropertyType::Choices, &choices_settings(true)).is_ok());
        let (field, _) = refusal(validate_settings(f, PropertyType::Choices, &none()));
        assert_eq!(field, "input.settings.options");
        let dup = PropertySettings {
            options: options(&["a", "b", "a"]),
            ..none()
        };
        let (field, _) = refusal(validate_settings(f, PropertyType::Choices, &dup));
        assert_eq!(field, "input.settings.options[2].key");
        for bad_key in ["", " a", "a\u{1}"] {
            let s = PropertySettings {
                options: options(&[bad_key]),
                ..none()
            };
            assert!(validate_settings(f, PropertyType::Choices, &s).is_err());
        }
        let mut blank_label = choices_settings(false);
        blank_label.options[1].label = " ".into();
        let (field, _) = refusal(validate_settings(f, PropertyType::Choices, &blank_label));
        assert_eq!(field, "input.settings.options[1].label");
        // Limits: 200 options and 64-character keys inside, one more outside.
        let many: Vec<String> = (0..=MAX_OPTIONS).map(|i| format!("o{i}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let s = |n: usize| PropertySettings {
            options: options(&refs[..n]),
            ..none()
        };
        assert!(validate_settings(f, PropertyType::Choices, &s(MAX_OPTIONS)).is_ok());
        assert!(validate_settings(f, PropertyType::Choices, &s(MAX_OPTIONS + 1)).is_err());
        let key = |n: usize| PropertySettings {
            options: options(&[&"k".repeat(n)]),
            ..none()
        };
        assert!(validate_settings(f, PropertyType::Choices, &key(MAX_OPTION_KEY)).is_ok());
        assert!(validate_settings(f, PropertyType::Choices, &key(MAX_OPTION_KEY + 1)).is_err());
    }

    #[test]
    fn settings_that_do_not_apply_are_refused() {
        let f = "s";
        let cases: [(PropertyType, PropertySettings, &str); 8] = [
            (PropertyType::Text, choices_settings(false), "s.options"),
            (
                PropertyType::Date,
                PropertySettings {
                    allow_multiple: true,
                    ..none()
                },
                "s.allowMultiple",
            ),
            (
                PropertyType::Text,
                PropertySettings {
                    format: Some(NumericFormat::Number),
                    ..none()
                },
                "s.format",
            ),
            (
                PropertyType::Email,
                PropertySettings {
                    currency: Some("EUR".into()),
                    ..none()
                },
                "s.currency",
            ),
            (
                PropertyType::Date,
                PropertySettings {
                    min: Some(0.0),
                    ..none()
                },
                "s.min",
            ),
            (
                PropertyType::Date,
                PropertySettings {
                    max: Some(0.0),
                    ..none()
                },
                "s.max",
            ),
            (
                PropertyType::Url,
                PropertySettings {
                    multiline: true,
                    ..none()
                },
                "s.multiline",
            ),
            (
                PropertyType::Numeric,
                PropertySettings {
                    multiline: true,
                    ..none()
                },
                "s.multiline",
            ),
        ];
        for (t, s, expected) in cases {
            let (field, _) = refusal(validate_settings(f, t, &s));
            assert_eq!(field, expected, "{t:?}");
        }
        // allowMultiple applies to COUNTRIES; every type takes the defaults.
        let multiple = PropertySettings {
            allow_multiple: true,
            ..none()
        };
        assert!(validate_settings(f, PropertyType::Countries, &multiple).is_ok());
        for t in PropertyType::ALL {
            if *t != PropertyType::Choices {
                assert!(validate_settings(f, *t, &none()).is_ok(), "{t:?}");
            }
        }
    }

    #[test]
    fn numeric_settings() {
        let f = "s";
        let numeric = |format, currency: Option<&str>, min, max| PropertySettings {
            format,
            currency: currency.map(str::to_owned),
            min,
            max,
            ..none()
        };
        let t = PropertyType::Numeric;
        use NumericFormat as F;
        assert!(
            validate_settings(f, t, &numeric(Some(F::Currency), Some("EUR"), None, None)).is_ok()
        );
        let (field, _) = refusal(validate_settings(
            f,
            t,
            &numeric(Some(F::Currency), None, None, None),
        ));
        assert_eq!(field, "s.currency");
        assert!(
            validate_settings(f, t, &numeric(Some(F::Currency), Some("eur"), None, None)).is_err()
        );
        assert!(
            validate_settings(f, t, &numeric(Some(F::Currency), Some("EURO"), None, None)).is_err()
        );
        assert!(
            validate_settings(f, t, &numeric(Some(F::Number), Some("EUR"), None, None)).is_err()
        );
        assert!(validate_settings(f, t, &numeric(None, Some("EUR"), None, None)).is_err());
        // min ≤ max: equal inside, above outside.
        assert!(validate_settings(f, t, &numeric(None, None, Some(5.0), Some(5.0))).is_ok());
        let (field, _) = refusal(validate_settings(
            f,
            t,
            &numeric(None, None, Some(5.1), Some(5.0)),
        ));
        assert_eq!(field, "s.min");
        assert!(validate_settings(f, t, &numeric(None, None, Some(f64::NAN), None)).is_err());
        assert!(validate_settings(f, t, &numeric(None, None, None, Some(f64::INFINITY))).is_err());
        // PERCENTAGE bounds within 0–100.
        assert!(validate_settings(
            f,
            t,
            &numeric(Some(F::Percentage), None, Some(0.0), Some(100.0))
        )
        .is_ok());
        assert!(
            validate_settings(f, t, &numeric(Some(F::Percentage), None, Some(-0.1), None)).is_err()
        );
        assert!(
            validate_settings(f, t, &numeric(Some(F::Percentage), None, None, Some(100.1)))
                .is_err()
        );
    }

    #[test]
    fn choices_values() {
        let t = PropertyType::Choices;
        let single = choices_settings(false);
        let multi = choices_settings(true);
        assert_eq!(ok(t, &single, json!(["emea"])), json!(["emea"]));
        assert_eq!(ok(t, &single, json!("emea")), json!(["emea"]));
        assert_eq!(
            ok(t, &multi, json!(["apac", "emea"])),
            json!(["apac", "emea"])
        );
        assert_eq!(ok(t, &multi, json!([])), Value::Null);
        assert_eq!(ok(t, &multi, json!("")), Value::Null);
        assert!(refused(t, &single, json!(["emea", "apac"])).contains("single"));
        assert!(refused(t, &multi, json!(["emea", "emea"])).contains("repeats"));
        assert!(refused(t, &multi, json!(["emea", "mars"])).contains("element 1 (\"mars\")"));
        assert!(refused(t, &multi, json!(["EMEA"])).contains("not an option"));
        refused(t, &multi, json!([1]));
        refused(t, &multi, json!({"emea": true}));
        refused(t, &multi, json!(true));
    }

    #[test]
    fn countries_values() {
        let t = PropertyType::Countries;
        let single = none();
        let multi = PropertySettings {
            allow_multiple: true,
            ..none()
        };
        assert_eq!(ok(t, &single, json!(["fr"])), json!(["FR"]));
        assert_eq!(ok(t, &single, json!("GB")), json!(["GB"]));
        assert_eq!(ok(t, &multi, json!(["FR", "gb"])), json!(["FR", "GB"]));
        assert_eq!(ok(t, &multi, json!([])), Value::Null);
        refused(t, &single, json!(["FR", "GB"]));
        refused(t, &multi, json!(["FR", "fr"]));
        refused(t, &multi, json!(["FR", "UK"]));
        refused(t, &multi, json!(["XX"]));
        refused(t, &multi, json!([null]));
        refused(t, &multi, json!(33));
    }

    #[test]
    fn date_values() {
        let t = PropertyType::Date;
        assert_eq!(ok(t, &none(), json!("2022-02-03")), json!("2022-02-03"));
        assert_eq!(ok(t, &none(), json!(" 2024-02-29 ")), json!("2024-02-29"));
        assert_eq!(ok(t, &none(), json!("")), Value::Null);
        refused(t, &none(), json!("2023-02-29"));
        refused(t, &none(), json!("03/02/2022"));
        refused(t, &none(), json!("2022-02-03T10:00:00Z"));
        refused(t, &none(), json!(20220203));
    }

    #[test]
    fn email_values() {
        let t = PropertyType::Email;
        assert_eq!(
            ok(t, &none(), json!(" jane@example.com ")),
            json!("jane@example.com")
        );
        refused(t, &none(), json!("jane@"));
        refused(t, &none(), json!(["jane@example.com"]));
        // 250 characters inside, 251 outside.
        let at = |n: usize| {
            let domain_len = n - "a@".len() - ".com".len();
            let domain: String = (0..domain_len)
                .map(|i| if i % 50 == 49 { '.' } else { 'b' })
                .collect();
            json!(format!("a@{domain}.com"))
        };
        assert!(check(t, &none(), at(MAX_EMAIL_VALUE)).is_ok());
        assert!(refused(t, &none(), at(MAX_EMAIL_VALUE + 1)).contains("at most 250"));
    }

    #[test]
    fn numeric_values() {
        let t = PropertyType::Numeric;
        assert_eq!(ok(t, &none(), json!(20000)), json!(20000));
        assert_eq!(ok(t, &none(), json!("20000")), json!(20000));
        assert_eq!(ok(t, &none(), json!(" -1.5e3 ")), json!(-1500.0));
        assert_eq!(ok(t, &none(), json!(2.5)), json!(2.5));
        assert_eq!(ok(t, &none(), json!("")), Value::Null);
        for bad in [
            json!("NaN"),
            json!("inf"),
            json!("1,000"),
            json!("+1"),
            json!("12abc"),
            json!("1e400"),
            json!(true),
            json!([1]),
        ] {
            refused(t, &none(), bad);
        }
        // min/max: on the bound inside, just past it outside.
        let bounded = PropertySettings {
            min: Some(10.0),
            max: Some(20.0),
            ..none()
        };
        assert!(check(t, &bounded, json!(10)).is_ok());
        assert!(check(t, &bounded, json!("20")).is_ok());
        assert!(refused(t, &bounded, json!(9.99)).contains("at least 10"));
        assert!(refused(t, &bounded, json!(20.01)).contains("at most 20"));
        // PERCENTAGE: 0–100 even without min/max.
        let pct = PropertySettings {
            format: Some(NumericFormat::Percentage),
            ..none()
        };
        assert!(check(t, &pct, json!(0)).is_ok());
        assert!(check(t, &pct, json!(100)).is_ok());
        refused(t, &pct, json!(-0.01));
        refused(t, &pct, json!(100.01));
        let money = PropertySettings {
            format: Some(NumericFormat::Currency),
            currency: Some("EUR".into()),
            ..none()
        };
        assert_eq!(ok(t, &money, json!("-12.50")), json!(-12.5));
    }

    #[test]
    fn phone_values() {
        let t = PropertyType::PhoneNumber;
        assert_eq!(ok(t, &none(), json!("+33654489875")), json!("+33654489875"));
        assert_eq!(
            ok(t, &none(), json!("+33 6 54 48 98 75")),
            json!("+33654489875")
        );
        refused(t, &none(), json!("0654489875"));
        refused(t, &none(), json!("+3365448987"));
        refused(t, &none(), json!(33654489875u64));
    }

    #[test]
    fn text_values() {
        let t = PropertyType::Text;
        let multi = PropertySettings {
            multiline: true,
            ..none()
        };
        assert_eq!(ok(t, &none(), json!(" income ")), json!("income"));
        assert_eq!(ok(t, &none(), json!("   ")), Value::Null);
        assert!(refused(t, &none(), json!("a\nb")).contains("single line"));
        refused(t, &none(), json!("a\rb"));
        assert_eq!(ok(t, &multi, json!("a\r\nb")), json!("a\nb"));
        refused(t, &multi, json!("a\u{7}b"));
        refused(t, &none(), json!(12));
        // 250 single-line, 1,500 multiline: inside and one past.
        let x = |n: usize| json!("x".repeat(n));
        assert!(check(t, &none(), x(MAX_TEXT_SINGLE_LINE)).is_ok());
        refused(t, &none(), x(MAX_TEXT_SINGLE_LINE + 1));
        assert!(check(t, &multi, x(MAX_TEXT_MULTILINE)).is_ok());
        refused(t, &multi, x(MAX_TEXT_MULTILINE + 1));
    }

    #[test]
    fn url_values() {
        let t = PropertyType::Url;
        assert_eq!(
            ok(t, &none(), json!("https://example.com/kyc?id=1")),
            json!("https://example.com/kyc?id=1")
        );
        assert_eq!(ok(t, &none(), json!("")), Value::Null);
        refused(t, &none(), json!("example.com"));
        refused(t, &none(), json!("javascript:alert(1)"));
        refused(t, &none(), json!(42));
    }

    #[test]
    fn yes_no_values() {
        let t = PropertyType::YesNo;
        assert_eq!(ok(t, &none(), json!(true)), json!(true));
        assert_eq!(ok(t, &none(), json!(false)), json!(false));
        refused(t, &none(), json!("true"));
        refused(t, &none(), json!(1));
    }

    #[test]
    fn null_is_no_value_for_every_type() {
        for t in PropertyType::ALL {
            assert_eq!(ok(*t, &choices_settings(false), json!(null)), Value::Null);
        }
    }

    fn definitions() -> Vec<PropertyDefinition> {
        let def = |key: &str, target, property_type, settings| PropertyDefinition {
            key: key.into(),
            target,
            property_type,
            settings,
        };
        vec![
            def(
                "ubo_us_citizen",
                PropertyTarget::Case,
                PropertyType::YesNo,
                none(),
            ),
            def(
                "main_activity_country",
                PropertyTarget::Case,
                PropertyType::Countries,
                PropertySettings {
                    allow_multiple: true,
                    ..none()
                },
            ),
            def(
                "last_audit",
                PropertyTarget::Case,
                PropertyType::Date,
                none(),
            ),
            def(
                "turnover",
                PropertyTarget::Company,
                PropertyType::Numeric,
                none(),
            ),
        ]
    }

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn merge_sets_normalizes_and_keeps_other_keys() {
        let current = object(json!({"ubo_us_citizen": true, "last_audit": "2022-02-03"}));
        let changes = object(json!({"main_activity_country": ["fr", "GB"]}));
        let merged = merge(&current, &changes, &definitions(), PropertyTarget::Case).unwrap();
        assert_eq!(
            Value::Object(merged),
            json!({
                "ubo_us_citizen": true,
                "last_audit": "2022-02-03",
                "main_activity_country": ["FR", "GB"],
            })
        );
    }

    #[test]
    fn merge_null_resets_one_key() {
        let current = object(json!({"ubo_us_citizen": true, "last_audit": "2022-02-03"}));
        let changes = object(json!({"ubo_us_citizen": null, "main_activity_country": []}));
        let merged = merge(&current, &changes, &definitions(), PropertyTarget::Case).unwrap();
        assert_eq!(Value::Object(merged), json!({"last_audit": "2022-02-03"}));
        // Null on a key that is not set is harmless.
        let merged = merge(
            &Map::new(),
            &object(json!({"last_audit": null})),
            &definitions(),
            PropertyTarget::Case,
        )
        .unwrap();
        assert!(merged.is_empty());
    }

    #[test]
    fn merge_refuses_unknown_keys() {
        let err = merge(
            &Map::new(),
            &object(json!({"colour": "red"})),
            &definitions(),
            PropertyTarget::Case,
        );
        let (field, message) = refusal(err.clone());
        assert_eq!(field, "customProperties.colour");
        assert_eq!(message, "unknown custom property");
        assert_eq!(
            err.err().unwrap().public_message(),
            "customProperties.colour: unknown custom property"
        );
        // A property of another target is unknown here.
        let (field, _) = refusal(merge(
            &Map::new(),
            &object(json!({"turnover": 1})),
            &definitions(),
            PropertyTarget::Case,
        ));
        assert_eq!(field, "customProperties.turnover");
        // Null on an unknown key that is not stored is still unknown...
        assert!(merge(
            &Map::new(),
            &object(json!({"colour": null})),
            &definitions(),
            PropertyTarget::Case
        )
        .is_err());
        // ...but clears a stale value whose definition is gone.
        let merged = merge(
            &object(json!({"colour": "red", "ubo_us_citizen": false})),
            &object(json!({"colour": null})),
            &definitions(),
            PropertyTarget::Case,
        )
        .unwrap();
        assert_eq!(Value::Object(merged), json!({"ubo_us_citizen": false}));
        // A huge key is not echoed back.
        let (field, _) = refusal(merge(
            &Map::new(),
            &object(json!({ "k".repeat(10_000): 1 })),
            &definitions(),
            PropertyTarget::Case,
        ));
        assert_eq!(field, "customProperties");
    }

    #[test]
    fn merge_refuses_bad_values_by_key_and_writes_nothing() {
        let current = object(json!({"ubo_us_citizen": true}));
        let changes = object(json!({"last_audit": "2022-02-30", "ubo_us_citizen": false}));
        let (field, _) = refusal(merge(
            &current,
            &changes,
            &definitions(),
            PropertyTarget::Case,
        ));
        assert_eq!(field, "customProperties.last_audit");
        assert_eq!(current, object(json!({"ubo_us_citizen": true})));
    }
}
