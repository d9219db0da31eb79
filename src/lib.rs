//! CaseGraph: a GraphQL API gateway over the KYC/KYB case domain.
//!
//! Data flows one way: HTTP → GraphQL resolver → service → domain rules + database.

pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod graphql;
pub mod service;
