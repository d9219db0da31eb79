//! Input values: raw input (text, numbers, JSON) parsed into values the rest of the code
//! can trust. A value that exists is valid; code past the edge holds these types, not the
//! raw input. Each parse takes the input field path, so a refusal is `BAD_USER_INPUT`
//! naming that field. Error messages never repeat the refused value (it may be personal
//! data).
//!
//! - Free texts without more meaning (names of cases, labels, comments) are
//!   [`required_text`] / [`optional_text`]; [`tags`] and [`metadata`] are the shared shapes.
//! - Values with a meaning are types that implement [`Parse`]: country, currency, phone,
//!   email, URL, percentage, registration number, person name, postcode. [`BirthDate`]
//!   needs today's date as well. [`CountryCode`] is also a column type, so it lives with the
//!   models (`entity::country`); its input rules are here.
//!
//! # Dependency notes
//!
//! - **Countries: `rust_iso3166`**, see `entity::country`.
//! - **Phone numbers: `phonenumber`** (0.3.10, metadata of libphonenumber 9.0.33,
//!   Apache-2.0), the maintained Rust port of Google's libphonenumber. Its
//!   dependencies (`regex`, `nom`, `quick-xml`, `postcard`) cost about half a minute on
//!   a cold build, once. It is the only way to refuse numbers that have the E.164 shape
//!   but cannot exist (an unassigned country code such as `+999`, a length or prefix
//!   the country does not use); a shape check alone would let them through. Its
//!   metadata loads lazily on first use (about 0.2 s in a release build;
//!   `PhoneNumber::preload` moves that to startup).
//! - **Emails: `email_address`** (0.2.9, MIT), a small RFC 5321/5322 syntax check with no
//!   dependencies beyond `serde`. We turn off display names (`Name <a@b.c>`) and domain
//!   literals (`a@[10.0.0.1]`), and require a dotted domain.
//! - **URLs: `url`** (2.5, already in the tree through the HTTP stack), the WHATWG/RFC
//!   3986 parser used by the whole Rust ecosystem.
//! - **Currencies: `iso_currency`** (0.7.1, MIT), the ISO 4217 table (up to date with
//!   `XCG` and `ZWG`), for the `currency` of a NUMERIC custom property.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use serde_json::{Map, Value};

pub use entity::country::CountryCode;

use crate::error::{AppError, AppResult};

/// Longest case name or external id.
pub const MAX_NAME: usize = 255;
/// Longest free-text field (descriptions, notes, comments).
pub const MAX_TEXT: usize = 10_000;
/// Longest tag.
pub const MAX_TAG: usize = 64;
/// Most tags on one case.
pub const MAX_TAGS: usize = 50;
/// Most keys in one metadata object.
pub const MAX_METADATA_KEYS: usize = 100;

/// Longest first, last or maiden name.
pub const MAX_PERSON_NAME: usize = 40;
/// Longest company registration number.
pub const MAX_REGISTRATION_NUMBER: usize = 20;
/// Longest postcode.
pub const MAX_POSTCODE: usize = 10;
/// Longest email address in general (the SMTP path limit of RFC 5321).
pub const MAX_EMAIL: usize = 254;
/// Longest URL: what every browser and proxy handles.
pub const MAX_URL: usize = 2048;
/// Fewest digits in a phone number, country code included. Not 8: Niue (+683) and
/// Tokelau (+690) have valid 4-digit subscriber numbers.
pub const MIN_PHONE_DIGITS: usize = 7;
/// Most digits in a phone number, country code included (E.164).
pub const MAX_PHONE_DIGITS: usize = 15;
/// Earliest accepted birth year.
pub const MIN_BIRTH_YEAR: i32 = 1900;

/// A value parsed from raw input text, e.g. `CountryCode::parse("input.country", "fr")`.
pub trait Parse: Sized {
    /// Parses `raw`, or refuses with `BAD_USER_INPUT` naming `field`.
    fn parse(field: &str, raw: &str) -> AppResult<Self>;
}

/// A required single-line text: trimmed, not empty, at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    bounded(field, trimmed, max)
}

/// An optional text: trimmed; empty becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(field, v, max).map(Some),
    }
}

fn bounded(field: &str, value: &str, max: usize) -> AppResult<String> {
    let len = value.chars().count();
    if len > max {
        return Err(AppError::bad_input(
            field,
            format!("must be at most {max} characters (got {len})"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(AppError::bad_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

/// A set of tags: each trimmed, 1–64 characters; at most 50.
pub fn tags(field: &str, values: &[String]) -> AppResult<BTreeSet<String>> {
    if values.len() > MAX_TAGS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    values
        .iter()
        .enumerate()
        .map(|(i, t)| required_text(&format!("{field}[{i}]"), t, MAX_TAG))
        .collect()
}

/// Metadata: an object whose values are all strings. A write replaces the whole object.
pub fn metadata(field: &str, value: &Value) -> AppResult<Value> {
    let Value::Object(map) = value else {
        return Err(AppError::bad_input(
            field,
            "must be an object of string values",
        ));
    };
    if map.len() > MAX_METADATA_KEYS {
        return Err(AppError::bad_input(
            field,
            format!("at most {MAX_METADATA_KEYS} keys"),
        ));
    }
    let mut out = Map::new();
    for (key, v) in map {
        let Value::String(s) = v else {
            return Err(AppError::bad_input(
                format!("{field}.{key}"),
                "must be a string",
            ));
        };
        bounded(&format!("{field}.{key}"), key, MAX_NAME)?;
        out.insert(
            key.clone(),
            Value::String(bounded(&format!("{field}.{key}"), s, MAX_TEXT)?),
        );
    }
    Ok(Value::Object(out))
}

/// A workspace id as carried by tokens: 1–64 of `[A-Za-z0-9_-]`.
pub fn is_workspace_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Reads an optional raw input: `None` or a blank string is `None`, anything else must
/// parse. `optional("input.country", raw, CountryCode::parse)`.
pub fn optional<T>(
    field: &str,
    raw: Option<&str>,
    parse: impl FnOnce(&str, &str) -> AppResult<T>,
) -> AppResult<Option<T>> {
    match raw {
        Some(value) if !value.trim().is_empty() => parse(field, value).map(Some),
        _ => Ok(None),
    }
}

/// A strict `yyyy-MM-dd` date (surrounding spaces trimmed) that exists in the calendar.
pub fn parse_iso_date(field: &str, raw: &str) -> AppResult<NaiveDate> {
    let value = raw.trim();
    let shape_ok = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(AppError::bad_input(
            field,
            "must be a date written yyyy-MM-dd",
        ));
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| AppError::bad_input(field, "is not a real date"))
}

/// A country code is read in any case, surrounding spaces trimmed. Codes that are not
/// assigned (`XX`, or `UK`, which is reserved: the United Kingdom is `GB`) are refused.
impl Parse for CountryCode {
    fn parse(field: &str, raw: &str) -> AppResult<Self> {
        CountryCode::from_alpha2(&raw.trim().to_ascii_uppercase()).ok_or_else(|| {
            AppError::bad_input(
                field,
                "must be an ISO 3166-1 alpha-2 country code, e.g. FR or GB",
            )
        })
    }
}

/// An ISO 4217 currency code in current use, stored upper case. Superseded codes (`HRK`)
/// and the special ones that are not money (`XXX`, `XTS`, precious metals) are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CurrencyCode(&'static str);

impl Parse for CurrencyCode {
    /// Parses a code, any case, surrounding spaces trimmed.
    fn parse(field: &str, raw: &str) -> AppResult<Self> {
        let code = raw.trim().to_ascii_uppercase();
        match iso_currency::Currency::from_code(&code) {
            Some(currency) if currency.is_superseded().is_some() => Err(AppError::bad_input(
                field,
                "is a currency code that is no longer in use",
            )),
            Some(currency) if !currency.is_special() => Ok(Self(currency.code())),
            _ => Err(AppError::bad_input(
                field,
                "must be an ISO 4217 currency code, e.g. EUR or USD",
            )),
        }
    }
}

impl CurrencyCode {
    /// The upper-case code.
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A phone number in E.164 form (`+` then 7–15 digits, the country code not starting
/// with 0) that libphonenumber's metadata says can exist; stored as canonical E.164.
///
/// Input may carry the visual separators people type (spaces, `-`, `.`, `(`, `)`); they
/// are dropped. It must start with `+`: a national number (`06…`) or an international
/// prefix (`0033…`) is ambiguous without a country, so it is refused rather than guessed.
/// A national trunk prefix written after the country code (`+44 (0)20 …`) is dropped, as
/// libphonenumber does. The shape check runs first, so the metadata library only ever
/// sees `+` and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl Parse for PhoneNumber {
    /// Parses and validates a number.
    fn parse(field: &str, raw: &str) -> AppResult<Self> {
        const SHAPE: &str = "must be an E.164 phone number: + then the country code and \
                             number, e.g. +33612345678";
        let Some(rest) = raw.trim().strip_prefix('+') else {
            return Err(AppError::bad_input(field, SHAPE));
        };
        let mut digits = String::with_capacity(MAX_PHONE_DIGITS);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(AppError::bad_input(field, SHAPE)),
            }
            if digits.len() > MAX_PHONE_DIGITS {
                break;
            }
        }
        if digits.starts_with('0') {
            return Err(AppError::bad_input(
                field,
                "must start with a country code after + (a country code never starts with 0)",
            ));
        }
        if !(MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()) {
            return Err(AppError::bad_input(
                field,
                format!(
                    "must have {MIN_PHONE_DIGITS} to {MAX_PHONE_DIGITS} digits after +, \
                     country code included"
                ),
            ));
        }
        let invalid = || AppError::bad_input(field, "is not a valid phone number");
        let number = phonenumber::parse(None, format!("+{digits}")).map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        Ok(Self(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }
}

impl PhoneNumber {
    /// Loads the phone metadata now rather than on the first number parsed (about 0.2 s in
    /// a release build); call it once at startup to keep that off a request.
    pub fn preload() {
        let _ = phonenumber::parse(None, "+33612345678");
    }

    /// The E.164 text, e.g. `+33612345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The E.164 text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address: RFC 5321/5322 syntax without display name or domain literal, with a
/// dotted domain; stored as given, surrounding spaces trimmed (case is kept: the local
/// part is case-sensitive in principle).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Parse for Email {
    /// Parses an address of at most [`MAX_EMAIL`] characters.
    fn parse(field: &str, raw: &str) -> AppResult<Self> {
        Self::parse_with_max(field, raw, MAX_EMAIL)
    }
}

impl Email {
    /// Parses an address of at most `max` characters (custom properties allow 250).
    pub fn parse_with_max(field: &str, raw: &str, max: usize) -> AppResult<Self> {
        let value = required_text(field, raw, max)?;
        let options = email_address::Options::default()
            .without_display_text()
            .without_domain_literal()
            .with_required_tld();
        email_address::EmailAddress::parse_with_options(&value, options).map_err(|e| {
            let reason = e.to_string().to_lowercase();
            AppError::bad_input(
                field,
                format!(
                    "must be a valid email address ({})",
                    reason.trim_end_matches('.')
                ),
            )
        })?;
        Ok(Self(value))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An absolute `http` or `https` URL with a host, stored in the `url` crate's normalized
/// form (host lower case and punycode, reserved characters percent-encoded, an empty path
/// written `/`), which is valid RFC 3986.
///
/// Only http(s): these values are shown as links to reviewers, and other schemes are
/// either not links (`mailto:`, `urn:`) or dangerous ones (`javascript://x/%0Aalert(1)`
/// even has a host). Credentials (`https://bank.com@evil.example`) are refused for the
/// same reason, and so is whitespace, which the parser would otherwise drop or encode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Url(String);

impl Parse for Url {
    /// Parses a URL of at most [`MAX_URL`] characters.
    fn parse(field: &str, raw: &str) -> AppResult<Self> {
        let value = required_text(field, raw, MAX_URL)?;
        if value.chars().any(char::is_whitespace) {
            return Err(AppError::bad_input(field, "must not contain spaces"));
        }
        let parsed = url::Url::parse(&value).map_err(|e| {
            AppError::bad_input(field, format!("must be an absolute http(s) URL ({e})"))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(AppError::bad_input(field, "must be an http or https URL"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(AppError::bad_input(field, "must have a host"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(AppError::bad_input(
                field,
                "must not contain a user name or password",
            ));
        }
        let normalized = String::from(parsed);
        if normalized.chars().count() > MAX_URL {
            return Err(AppError::bad_input(
                field,
                format!("must be at most {MAX_URL} characters once encoded"),
            ));
        }
        Ok(Self(normalized))
    }
}

impl Url {
    /// The normalized URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalized URL, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A birth date, full or partial: the year is required, the month optional, and a day
/// needs a month (identity documents and providers often know only the year, or the year
/// and month). The parts form a real date, not in the future, in [`MIN_BIRTH_YEAR`] or
/// later. Written `yyyy-MM-dd`, `yyyy-MM` or `yyyy` (ISO 8601 reduced precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BirthDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl BirthDate {
    /// Builds a birth date from its parts; `today` bounds it (pass the current UTC date).
    pub fn from_parts(
        field: &str,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        today: NaiveDate,
    ) -> AppResult<Self> {
        let future = || AppError::bad_input(field, "must not be in the future");
        let Some(year) = year else {
            return Err(AppError::bad_input(
                field,
                "needs a year (the month and day are optional)",
            ));
        };
        if year < MIN_BIRTH_YEAR {
            return Err(AppError::bad_input(
                field,
                format!("must be in {MIN_BIRTH_YEAR} or later"),
            ));
        }
        if year > today.year() {
            return Err(future());
        }
        match (month, day) {
            (None, None) => {}
            (None, Some(_)) => {
                return Err(AppError::bad_input(field, "a day needs a month"));
            }
            (Some(m), day) => {
                if !(1..=12).contains(&m) {
                    return Err(AppError::bad_input(
                        field,
                        "the month must be between 1 and 12",
                    ));
                }
                if (year, m) > (today.year(), today.month()) {
                    return Err(future());
                }
                if let Some(d) = day {
                    let date = NaiveDate::from_ymd_opt(year, m, d)
                        .ok_or_else(|| AppError::bad_input(field, "is not a real date"))?;
                    if date > today {
                        return Err(future());
                    }
                }
            }
        }
        Ok(Self { year, month, day })
    }

    /// A full birth date; `today` bounds it.
    pub fn from_date(field: &str, date: NaiveDate, today: NaiveDate) -> AppResult<Self> {
        Self::from_parts(
            field,
            Some(date.year()),
            Some(date.month()),
            Some(date.day()),
            today,
        )
    }

    /// Parses `yyyy-MM-dd`, `yyyy-MM` or `yyyy`; `today` bounds it.
    pub fn parse(field: &str, raw: &str, today: NaiveDate) -> AppResult<Self> {
        let value = raw.trim();
        let shape =
            || AppError::bad_input(field, "must be a date written yyyy-MM-dd, yyyy-MM or yyyy");
        let mut parts = value.split('-');
        let mut next = |width: usize| -> AppResult<Option<u32>> {
            match parts.next() {
                None => Ok(None),
                Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| shape())
                }
                Some(_) => Err(shape()),
            }
        };
        let year = next(4)?.ok_or_else(shape)?;
        let month = next(2)?;
        let day = next(2)?;
        if parts.next().is_some() {
            return Err(shape());
        }
        let year = i32::try_from(year).map_err(|_| shape())?;
        Self::from_parts(field, Some(year), month, day, today)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month (1–12), when known.
    pub fn month(&self) -> Option<u32> {
        self.month
    }

    /// The day of the month, when known (then the month is known too).
    pub fn day(&self) -> Option<u32> {
        self.day
    }

    /// The date, when all three parts are known.
    pub fn full_date(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month?, self.day?)
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for BirthDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A percentage: finite, 0–100 inclusive.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Percentage(f64);

impl Parse for Percentage {
    /// Parses a decimal number written as text, e.g. `"25.5"`.
    fn parse(field: &str, raw: &str) -> AppResult<Self> {
        let value: f64 = raw
            .trim()
            .parse()
            .map_err(|_| AppError::bad_input(field, "must be a number between 0 and 100"))?;
        Self::new(field, value)
    }
}

impl Percentage {
    /// Checks a number.
    pub fn new(field: &str, value: f64) -> AppResult<Self> {
        if !value.is_finite() || !(0.0..=100.0).contains(&value) {
            return Err(AppError::bad_input(field, "must be between 0 and 100"));
        }
        Ok(Self(value))
    }

    /// The number, 0–100.
    pub fn value(&self) -> f64 {
        self.0
    }
}

/// Declares a short text newtype: trimmed, not empty, at most `$max` characters, no
/// control characters (see [`required_text`]).
macro_rules! short_text {
    ($(#[$meta:meta])* $name:ident, $max:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl Parse for $name {
            /// Parses the text: trimmed, not empty, within the length limit.
            fn parse(field: &str, raw: &str) -> AppResult<Self> {
                required_text(field, raw, $max).map(Self)
            }
        }

        impl $name {
            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

short_text! {
    /// A company registration number: at most [`MAX_REGISTRATION_NUMBER`] characters.
    RegistrationNumber, MAX_REGISTRATION_NUMBER
}

short_text! {
    /// A first, last or maiden name: at most [`MAX_PERSON_NAME`] characters.
    PersonName, MAX_PERSON_NAME
}

short_text! {
    /// A postcode: at most [`MAX_POSTCODE`] characters, kept as written (formats vary too
    /// much by country to check more).
    Postcode, MAX_POSTCODE
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 11, 21)
    }

    /// The field and message of a refusal.
    fn refusal<T: fmt::Debug>(result: AppResult<T>) -> (String, String) {
        match result {
            Err(AppError::BadInput { field, message }) => (field, message),
            other => panic!("expected BAD_USER_INPUT, got {other:?}"),
        }
    }

    #[test]
    fn country_codes_come_from_the_iso_list() {
        assert_eq!(CountryCode::parse("c", "FR").unwrap().as_str(), "FR");
        assert_eq!(CountryCode::parse("c", " gb ").unwrap().as_str(), "GB");
        assert_eq!(CountryCode::parse("c", "sS").unwrap().to_string(), "SS");
        for bad in ["XX", "UK", "EU", "F", "FRA", "", "  ", "F1", "ÉT"] {
            let (field, _) = refusal(CountryCode::parse("input.country", bad));
            assert_eq!(field, "input.country", "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&CountryCode::parse("c", "de").unwrap()).unwrap(),
            "\"DE\""
        );
    }

    #[test]
    fn currency_codes_are_current_iso_4217() {
        assert_eq!(CurrencyCode::parse("c", "eur").unwrap().as_str(), "EUR");
        assert_eq!(CurrencyCode::parse("c", "USD").unwrap().as_str(), "USD");
        assert!(CurrencyCode::parse("c", "ABC").is_err());
        assert!(
            CurrencyCode::parse("c", "HRK").is_err(),
            "superseded by EUR"
        );
        assert!(CurrencyCode::parse("c", "XXX").is_err(), "no currency");
        assert!(CurrencyCode::parse("c", "EU").is_err());
    }

    #[test]
    fn phone_numbers_are_e164_and_real() {
        let p = PhoneNumber::parse("p", "+33612345678").unwrap();
        assert_eq!(p.as_str(), "+33612345678");
        assert_eq!(
            PhoneNumber::parse("p", " +44 (20) 7946-0958 ")
                .unwrap()
                .as_str(),
            "+442079460958"
        );
        assert_eq!(
            PhoneNumber::parse("p", "+1 202.555.0143").unwrap().as_str(),
            "+12025550143"
        );
        // A national trunk prefix written after the country code is dropped, as
        // libphonenumber does: "+44 (0)20…" is how British numbers are often written.
        assert_eq!(
            PhoneNumber::parse("p", "+44 (0)20 7946 0958")
                .unwrap()
                .as_str(),
            "+442079460958"
        );
        assert_eq!(
            PhoneNumber::parse("p", "+33 0612345678").unwrap().as_str(),
            "+33612345678"
        );
        // Italian fixed lines keep their leading zero.
        assert_eq!(
            PhoneNumber::parse("p", "+390612345678").unwrap().as_str(),
            "+390612345678"
        );
        for bad in [
            "0612345678",    // national form
            "0033612345678", // international prefix instead of +
            "+0612345678",   // country code 0
            "+33 6 12 34 56 7x",
            "+33612345678 ext 1",
            "+",
            "",
            "+1 555 01",     // too short for +1
            "+999123456789", // no such country code
        ] {
            let (field, _) = refusal(PhoneNumber::parse("input.phone", bad));
            assert_eq!(field, "input.phone", "{bad:?}");
        }
    }

    #[test]
    fn phone_number_digit_limits() {
        // Niue: 7 digits in all, the shortest real numbers.
        assert_eq!(
            PhoneNumber::parse("p", "+6837012").unwrap().as_str(),
            "+6837012"
        );
        let (_, message) = refusal(PhoneNumber::parse("p", "+683701"));
        assert!(message.contains("7 to 15 digits"), "{message}");
        // 15 digits passes the shape check (and is then judged by the metadata); 16 fails it.
        let (_, message) = refusal(PhoneNumber::parse("p", "+999123456789012"));
        assert_eq!(message, "is not a valid phone number");
        let (_, message) = refusal(PhoneNumber::parse("p", "+9991234567890123"));
        assert!(message.contains("7 to 15 digits"), "{message}");
        let long = format!("+33{}", "1".repeat(10_000));
        assert!(PhoneNumber::parse("p", &long).is_err());
    }

    #[test]
    fn phone_numbers_never_panic_on_any_country_code() {
        // The metadata library has had panics on odd input; our shape check leaves it
        // only `+` and digits. Sweep a fifth of the 1–3 digit country codes (all of them
        // take seconds in a debug build).
        for cc in (1..1000u32).step_by(5) {
            let _ = PhoneNumber::parse("p", &format!("+{cc}23456789"));
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("e", "  jane.doe+kyc@example.co.uk ")
                .unwrap()
                .as_str(),
            "jane.doe+kyc@example.co.uk"
        );
        for bad in [
            "jane",
            "jane@",
            "@example.com",
            "jane@localhost",
            "Jane <jane@example.com>",
            "jane@[10.0.0.1]",
            "jane doe@example.com",
            "jane@@example.com",
            "",
        ] {
            let (field, _) = refusal(Email::parse("input.emails[0]", bad));
            assert_eq!(field, "input.emails[0]", "{bad:?}");
        }
    }

    #[test]
    fn email_length_limits() {
        // A 64-character local part (the RFC maximum), then a domain of 50-character
        // labels made to measure.
        let at_length = |total: usize| {
            let domain_len = total - 65 - ".com".len();
            let mut domain: String = (0..domain_len)
                .map(|i| if i % 50 == 49 { '.' } else { 'b' })
                .collect();
            if domain.ends_with('.') {
                domain.pop();
                domain.push('b');
            }
            let email = format!("{}@{domain}.com", "a".repeat(64));
            assert_eq!(email.chars().count(), total);
            email
        };
        assert!(Email::parse("e", &at_length(MAX_EMAIL)).is_ok());
        assert!(Email::parse("e", &at_length(MAX_EMAIL + 1)).is_err());
        assert!(Email::parse_with_max("e", &at_length(250), 250).is_ok());
        assert!(Email::parse_with_max("e", &at_length(251), 250).is_err());
    }

    #[test]
    fn urls() {
        assert_eq!(
            Url::parse("u", "https://Example.COM/path?q=1#frag")
                .unwrap()
                .as_str(),
            "https://example.com/path?q=1#frag"
        );
        assert_eq!(
            Url::parse("u", " http://example.com ").unwrap().as_str(),
            "http://example.com/"
        );
        for bad in [
            "example.com",
            "/relative/path",
            "javascript://x/%0Aalert(1)",
            "javascript:alert(1)",
            "mailto:jane@example.com",
            "ftp://example.com/file",
            "file:///etc/passwd",
            "https://user:pass@example.com/",
            "https://bank.com@evil.example/",
            "https://exa mple.com/",
            "https://example.com/a b",
            "https://",
            "",
        ] {
            let (field, _) = refusal(Url::parse("input.website", bad));
            assert_eq!(field, "input.website", "{bad:?}");
        }
    }

    #[test]
    fn url_length_limit() {
        let base = "https://example.com/";
        let inside = format!("{base}{}", "a".repeat(MAX_URL - base.len()));
        assert!(Url::parse("u", &inside).is_ok());
        let outside = format!("{base}{}", "a".repeat(MAX_URL + 1 - base.len()));
        assert!(Url::parse("u", &outside).is_err());
    }

    #[test]
    fn iso_dates_are_strict() {
        assert_eq!(
            parse_iso_date("d", "2024-02-29").unwrap(),
            date(2024, 2, 29)
        );
        for bad in [
            "2023-02-29",
            "2024-2-29",
            "2024-02-30",
            "24-02-29",
            "2024/02/29",
            "2024-02-29T00:00",
            "+2024-02-2",
            "",
        ] {
            assert!(parse_iso_date("d", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn birth_dates_from_parts() {
        let full = BirthDate::from_parts("b", Some(1990), Some(10), Some(10), today()).unwrap();
        assert_eq!(full.full_date(), Some(date(1990, 10, 10)));
        assert_eq!(full.to_string(), "1990-10-10");
        let ym = BirthDate::from_parts("b", Some(1990), Some(2), None, today()).unwrap();
        assert_eq!((ym.year(), ym.month(), ym.day()), (1990, Some(2), None));
        assert_eq!(ym.full_date(), None);
        assert_eq!(ym.to_string(), "1990-02");
        let y = BirthDate::from_parts("b", Some(1990), None, None, today()).unwrap();
        assert_eq!(y.to_string(), "1990");
        assert_eq!(serde_json::to_string(&y).unwrap(), "\"1990\"");

        for (year, month, day) in [
            (None, Some(1), Some(1)),    // no year
            (Some(1990), None, Some(1)), // day without month
            (Some(1990), Some(13), None),
            (Some(1990), Some(0), None),
            (Some(1990), Some(2), Some(30)),
            (Some(1990), Some(2), Some(0)),
        ] {
            let (field, _) = refusal(BirthDate::from_parts(
                "input.birthDate",
                year,
                month,
                day,
                today(),
            ));
            assert_eq!(field, "input.birthDate");
        }
    }

    #[test]
    fn birth_date_limits() {
        // Year: 1900 inside, 1899 outside.
        assert!(BirthDate::from_parts("b", Some(1900), None, None, today()).is_ok());
        assert!(BirthDate::from_parts("b", Some(1899), Some(12), Some(31), today()).is_err());
        // Not in the future: today inside, tomorrow outside, at each precision.
        assert!(BirthDate::from_date("b", today(), today()).is_ok());
        assert!(BirthDate::from_date("b", date(2026, 11, 22), today()).is_err());
        assert!(BirthDate::from_parts("b", Some(2026), Some(11), None, today()).is_ok());
        assert!(BirthDate::from_parts("b", Some(2026), Some(12), None, today()).is_err());
        assert!(BirthDate::from_parts("b", Some(2026), None, None, today()).is_ok());
        assert!(BirthDate::from_parts("b", Some(2027), None, None, today()).is_err());
    }

    #[test]
    fn birth_dates_from_text() {
        assert_eq!(
            BirthDate::parse("b", "1990-10-01", today())
                .unwrap()
                .full_date(),
            Some(date(1990, 10, 1))
        );
        assert_eq!(
            BirthDate::parse("b", "1990-10", today()).unwrap().month(),
            Some(10)
        );
        assert_eq!(BirthDate::parse("b", "1990", today()).unwrap().year(), 1990);
        for bad in [
            "1990-1-1",
            "90",
            "1990-10-01-",
            "1990--01",
            "",
            "abcd",
            "1990-02-30",
        ] {
            assert!(BirthDate::parse("b", bad, today()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn percentages() {
        assert_eq!(Percentage::new("p", 0.0).unwrap().value(), 0.0);
        assert_eq!(Percentage::new("p", 100.0).unwrap().value(), 100.0);
        assert!(Percentage::new("p", -0.001).is_err());
        assert!(Percentage::new("p", 100.001).is_err());
        assert!(Percentage::new("p", f64::NAN).is_err());
        assert!(Percentage::new("p", f64::INFINITY).is_err());
        assert_eq!(Percentage::parse("p", " 25.5 ").unwrap().value(), 25.5);
        assert!(Percentage::parse("p", "abc").is_err());
        assert!(Percentage::parse("p", "NaN").is_err());
    }

    #[test]
    fn short_texts() {
        let inside = |n: usize| "x".repeat(n);
        assert_eq!(
            RegistrationNumber::parse("r", " RCS 123 ")
                .unwrap()
                .as_str(),
            "RCS 123"
        );
        assert!(RegistrationNumber::parse("r", &inside(MAX_REGISTRATION_NUMBER)).is_ok());
        assert!(RegistrationNumber::parse("r", &inside(MAX_REGISTRATION_NUMBER + 1)).is_err());
        assert!(RegistrationNumber::parse("r", "  ").is_err());
        assert!(PersonName::parse("n", &inside(MAX_PERSON_NAME)).is_ok());
        assert!(PersonName::parse("n", &inside(MAX_PERSON_NAME + 1)).is_err());
        assert!(PersonName::parse("n", "").is_err());
        // Characters, not bytes.
        assert!(PersonName::parse("n", &"é".repeat(MAX_PERSON_NAME)).is_ok());
        assert!(Postcode::parse("p", &inside(MAX_POSTCODE)).is_ok());
        assert!(Postcode::parse("p", &inside(MAX_POSTCODE + 1)).is_err());
    }

    #[test]
    fn optional_values() {
        assert_eq!(optional("c", None, CountryCode::parse).unwrap(), None);
        assert_eq!(optional("c", Some("  "), CountryCode::parse).unwrap(), None);
        assert_eq!(
            optional("c", Some("fr"), CountryCode::parse).unwrap(),
            Some(CountryCode::parse("c", "FR").unwrap())
        );
        assert!(optional("c", Some("XX"), CountryCode::parse).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            required_text("name", "  Acme ", 255).ok(),
            Some("Acme".into())
        );
        assert!(required_text("name", "   ", 255).is_err());
        assert!(required_text("name", &"x".repeat(255), 255).is_ok());
        assert!(required_text("name", &"x".repeat(256), 255).is_err());
        assert!(required_text("name", "a\u{0}b", 255).is_err());
    }

    #[test]
    fn metadata_takes_strings_only() {
        assert!(metadata("m", &json!({"a": "b"})).is_ok());
        let Err(AppError::BadInput { field, .. }) = metadata("m", &json!({"a": 1})) else {
            panic!("accepted a number")
        };
        assert_eq!(field, "m.a");
        assert!(metadata("m", &json!(["a"])).is_err());
    }

    #[test]
    fn workspace_ids() {
        assert!(is_workspace_id("acme_prod-1"));
        assert!(!is_workspace_id(""));
        assert!(!is_workspace_id("a b"));
        assert!(!is_workspace_id(&"a".repeat(65)));
    }
}
