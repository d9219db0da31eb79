//! Integration tests: each spawns CaseGraph on a random port against a fresh database
//! (SQLite by default; PostgreSQL with `CASEGRAPH_TEST_BACKEND=postgres`) and talks HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod alerts;
mod audit_proof;
mod auth;
mod bulk;
mod cases;
mod cli;
mod concurrency;
mod console;
mod custom_properties;
mod demo;
mod documents;
mod due_dates;
mod entities;
mod erasure;
mod events;
mod four_eyes;
mod get_queries;
mod graphiql;
mod http_details;
mod http_protocol;
mod idempotency;
mod jwt;
mod lifecycle;
mod limits;
mod metrics;
mod monitor;
mod nesting;
mod pagination;
mod persisted_queries;
mod rate_limit;
mod relay;
mod report;
mod response_order;
mod rows;
mod schema;
mod screening;
mod strings;
mod tenancy;
mod validation;
