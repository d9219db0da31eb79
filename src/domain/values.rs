//! Validated values: countries, phone numbers, emails, URLs, dates (in progress).
