//! The GraphQL API: schema building and SDL export, the query and mutation roots, types
//! wrapping entity models, and the DataLoaders. Resolvers are thin: they read arguments,
//! ask a service, and wrap the result. No database access happens here.

pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod phase;
pub mod query;
pub mod types;

use std::sync::Arc;

use async_graphql::{Context, EmptySubscription, SDLExportOptions, Schema};

use crate::service::Session;

/// The CaseGraph schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, EmptySubscription>;

/// Limits applied to every request.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    /// Checked first, on the parsed document (see [`limits`]).
    pub limits: limits::QueryLimits,
    /// async-graphql's complexity limit: per-field costs, list fields times their page size.
    pub max_complexity: usize,
    pub introspection: bool,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        Self {
            limits: limits::QueryLimits::DEFAULT,
            max_complexity: 50_000,
            introspection: true,
        }
    }
}

/// Builds the schema. Needs no database: request data (session, loaders) comes per request.
///
/// Depth and directives are not async-graphql's limits: those walk fragments by expansion
/// and see introspection as deep. [`limits::QueryLimits`] measures them first, and bounds
/// the work of every check after it.
pub fn build_schema(options: &SchemaOptions) -> AppSchema {
    let mut builder = Schema::build(
        query::Query::default(),
        mutation::Mutation::default(),
        EmptySubscription,
    )
    .limit_complexity(options.max_complexity)
    .limit_recursive_depth(32)
    .disable_suggestions()
    .extension(options.limits)
    .extension(phase::MarkExecution);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The SDL with sorted fields, arguments and enum values: the committed `schema.graphql`.
pub fn export_sdl() -> String {
    build_schema(&SchemaOptions::default()).sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items(),
    )
}

/// The session of the request being resolved.
pub fn session<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Session>> {
    ctx.data::<Arc<Session>>()
}
