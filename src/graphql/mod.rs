//! The GraphQL API: schema building and SDL export, the query and mutation roots, types
//! wrapping entity models, and the cohorts that batch nested reads. Resolvers are thin: they read arguments,
//! ask a service, and wrap the result. No database access happens here.

pub mod gateway;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod phase;
pub mod query;
pub mod response_order;
pub mod subscription;
pub mod transport;
pub mod types;

use std::sync::Arc;

use async_graphql::{Context, SDLExportOptions, Schema, SchemaBuilder};

use crate::error::AppError;
use crate::service::idempotency::{Idempotency, IdempotencyWindow};
use crate::service::Session;

/// The CaseGraph schema type.
pub type AppSchema = Schema<query::Query, mutation::Mutation, subscription::Subscription>;

/// Limits applied to every request.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    /// Checked first, on the parsed document (see [`limits`]).
    pub limits: limits::QueryLimits,
    /// async-graphql's complexity limit: per-field costs, list fields times their page size.
    pub max_complexity: usize,
    pub introspection: bool,
    /// Bytes of automatic persisted queries kept (see [`transport`]); 0 turns APQ off.
    pub apq_cache_bytes: usize,
}

/// The default bound of the APQ registry: a few thousand typical documents.
pub const DEFAULT_APQ_CACHE_BYTES: usize = 8 * 1024 * 1024;

impl Default for SchemaOptions {
    fn default() -> Self {
        Self {
            limits: limits::QueryLimits::DEFAULT,
            max_complexity: 50_000,
            introspection: true,
            apq_cache_bytes: DEFAULT_APQ_CACHE_BYTES,
        }
    }
}

/// Builds the schema with its rules as extensions: what websocket operations run on
/// (async-graphql-axum drives them) and what the SDL is exported from. Needs no database:
/// request data (session, loaders) comes per request.
///
/// Depth and directives are not async-graphql's limits: those walk fragments by expansion
/// and see introspection as deep. [`limits::QueryLimits`] measures them first, and bounds
/// the work of every check after it. Before it (extensions run in the order added),
/// [`transport::TransportRules`] puts back a persisted query's text, so a document named by
/// its hash passes every limit too.
pub fn build_schema(options: &SchemaOptions) -> AppSchema {
    with_rules(
        builder(options),
        transport::TransportRules::new(options.apq_cache_bytes),
        options.limits,
    )
    .finish()
}

/// The schemas of a server: HTTP requests run on one without extensions, with the same
/// rules around it (see [`gateway`]); websocket operations on [`build_schema`]'s. Both share
/// one APQ registry.
pub async fn build_schemas(
    options: &SchemaOptions,
) -> Result<(gateway::Gateway, AppSchema), String> {
    let transport = transport::TransportRules::new(options.apq_cache_bytes);
    let probe = gateway::Probe::default();
    let ws = with_rules(
        builder(options).extension(probe.clone()),
        transport.clone(),
        options.limits,
    )
    .finish();
    let env = gateway::schema_env(&ws, &probe).await?;
    let http = gateway::Gateway::new(builder(options).finish(), env, transport, options.limits);
    Ok((http, ws))
}

type AppSchemaBuilder = SchemaBuilder<query::Query, mutation::Mutation, subscription::Subscription>;

/// The schema with async-graphql's own limits, no extension.
fn builder(options: &SchemaOptions) -> AppSchemaBuilder {
    let mut builder = Schema::build(
        query::Query::default(),
        mutation::Mutation::default(),
        subscription::Subscription,
    )
    .limit_complexity(options.max_complexity)
    .limit_recursive_depth(32)
    .disable_suggestions()
    // The built-in scalars' descriptions speak of Rust types; say what a client sends.
    .override_output_type_description::<chrono::DateTime<chrono::Utc>>(DATE_TIME_DESCRIPTION)
    .override_output_type_description::<async_graphql::Json<serde_json::Value>>(JSON_DESCRIPTION);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    builder
}

/// The rules as extensions, in the order they run.
fn with_rules(
    builder: AppSchemaBuilder,
    transport: transport::TransportRules,
    limits: limits::QueryLimits,
) -> AppSchemaBuilder {
    builder
        .extension(transport)
        .extension(limits)
        // Gives failed root fields their `null`, then orders every key.
        .extension(response_order::ResponseOrder)
}

const DATE_TIME_DESCRIPTION: &str = "An instant, written as an RFC 3339 date-time with its \
offset, such as `2026-11-30T09:15:00Z` or `2026-11-30T10:15:00+01:00`. CaseGraph answers in \
UTC (`Z`), with fractions of a second when it has them.";

const JSON_DESCRIPTION: &str = "Any JSON value (RFC 8259): an object, array, string, number, \
boolean or null, given and returned as it is. Fields that take JSON say what they accept.";

/// The SDL with sorted fields, arguments and enum values: the committed `schema.graphql`.
pub fn export_sdl() -> String {
    build_schema(&SchemaOptions::default()).sdl_with_options(
        SDLExportOptions::new()
            .sorted_fields()
            .sorted_arguments()
            .sorted_enum_items()
            .include_specified_by(),
    )
}

/// The session of the request being resolved.
pub fn session<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<Session>> {
    ctx.data::<Arc<Session>>()
}

/// The idempotency key of the mutation being resolved, if given, fingerprinted with the
/// mutation's name and its arguments (variables substituted; the selection set is not part
/// of it). The window comes from request data (24 h when absent).
pub fn idempotency(
    ctx: &Context<'_>,
    operation: &'static str,
    key: Option<&str>,
) -> async_graphql::Result<Option<Idempotency>> {
    if key.is_none() {
        return Ok(None);
    }
    let mut arguments = serde_json::Map::new();
    for (name, value) in ctx.field().arguments()? {
        arguments.insert(name.to_string(), value.into_json()?);
    }
    let window = ctx
        .data_opt::<IdempotencyWindow>()
        .copied()
        .unwrap_or_default();
    Ok(Idempotency::new(
        operation,
        key,
        &serde_json::Value::Object(arguments),
        window,
    )?)
}

/// A batch's result: a refusal naming several bad items becomes one GraphQL error per item
/// (each with `extensions.index` and `field`), not only the first.
pub fn batch<T>(ctx: &Context<'_>, result: Result<T, AppError>) -> async_graphql::Result<T> {
    match result {
        Err(AppError::Batch(mut errors)) if errors.len() > 1 => {
            let last = errors.pop().map(async_graphql::Error::from);
            for e in errors {
                let e = async_graphql::Error::from(e).into_server_error(ctx.item.pos);
                ctx.add_error(ctx.set_error_path(e));
            }
            Err(last.unwrap_or_else(|| async_graphql::Error::new("bad items")))
        }
        other => Ok(other?),
    }
}
