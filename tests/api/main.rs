//! Integration tests: each spawns CaseGraph on a random port against a fresh database
//! (SQLite by default; PostgreSQL with `CASEGRAPH_TEST_BACKEND=postgres`) and talks HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod auth;
mod cases;
mod concurrency;
mod custom_properties;
mod demo;
mod entities;
mod http_protocol;
mod jwt;
mod lifecycle;
mod limits;
mod nesting;
mod pagination;
mod rate_limit;
mod schema;
mod strings;
mod tenancy;
mod validation;
