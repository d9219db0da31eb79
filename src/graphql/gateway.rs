//! How an HTTP request's operation runs: the schema's four rules around `Schema::execute`,
//! on a schema without extensions.
//!
//! async-graphql sends every field and every list item through its slow path as soon as a
//! schema has one extension (`resolver_utils/container.rs` and `list.rs` test
//! `extensions.is_empty()`): a `ResolveInfo` with schema look-ups per field, then a boxed
//! future per extension. A page of 100 cases resolves about 6,000 fields. So the HTTP schema
//! has none, and [`Gateway::execute`] does their work before and after execution, in the
//! order they ran:
//! 1. [`TransportRules::before`]: APQ puts back a persisted query's text, GET runs queries only;
//! 2. [`QueryLimits::check_request`]: the request limits, on the parsed document (a full APQ
//!    request is registered once it passed them);
//! 3. `Schema::execute`: async-graphql's own limits, validation, execution;
//! 4. [`phase::executed`] tells a request error from an execution, and
//!    [`response_order::finish`] gives failed root fields their `null` and puts every key in
//!    selection order.
//!
//! Websocket operations run on a twin schema that keeps the extensions (their cost matters
//! less there, and async-graphql-axum drives them); both share the APQ registry.
//!
//! Parsed documents are kept by their text ([`Documents`]): async-graphql's parser (pest)
//! spent a quarter of a single-case request's instructions parsing the same query again.
//! Only documents that passed the request limits are kept; a cached one is cloned into the
//! request (async-graphql takes it by value), which costs a fraction of parsing.

use std::sync::{Arc, OnceLock};

use quick_cache::sync::Cache;
use quick_cache::Weighter;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Request, Response, SchemaEnv, ServerResult};

use super::limits::QueryLimits;
use super::transport::TransportRules;
use super::{phase, response_order, AppSchema};

/// The HTTP schema (no extensions) with the rules that run around it.
#[derive(Clone)]
pub struct Gateway {
    schema: AppSchema,
    /// The schema's registry, for the response order (async-graphql shows it to extensions
    /// and resolvers only; see [`schema_env`]).
    env: SchemaEnv,
    transport: TransportRules,
    limits: QueryLimits,
    documents: Arc<Documents>,
}

/// Parsed documents by their text, within [`DOCUMENT_CACHE_BYTES`] of text (quick_cache:
/// sharded, evicts by recency and frequency). A document's parsed form takes about ten
/// times its text.
type Documents = Cache<String, Arc<ExecutableDocument>, TextLength>;

/// How much query text the document cache holds.
const DOCUMENT_CACHE_BYTES: u64 = 1 << 20;

/// A cached document weighs its text's length.
#[derive(Clone)]
struct TextLength;

impl Weighter<String, Arc<ExecutableDocument>> for TextLength {
    fn weight(&self, text: &String, _: &Arc<ExecutableDocument>) -> u64 {
        text.len() as u64
    }
}

/// An answered request.
pub struct Executed {
    pub response: Response,
    /// `Some` once execution started (the document passed validation): the executed
    /// operation's name, when it has one.
    pub operation: Option<Option<String>>,
}

impl Gateway {
    pub fn new(
        schema: AppSchema,
        env: SchemaEnv,
        transport: TransportRules,
        limits: QueryLimits,
    ) -> Self {
        Self {
            schema,
            env,
            transport,
            limits,
            documents: Arc::new(Cache::with_weighter(256, DOCUMENT_CACHE_BYTES, TextLength)),
        }
    }

    /// Runs `request` (its data holding the request's `RequestTransport`).
    pub async fn execute(&self, mut request: Request) -> Executed {
        let refused = |error: async_graphql::ServerError| Executed {
            response: Response::from_errors(vec![error]),
            operation: None,
        };
        let prepared = self.prepare(&mut request);
        let (doc, variables) = match prepared {
            Ok(kept) => kept,
            Err(error) => return refused(error),
        };
        let selected = select(&doc, request.operation_name.as_deref());
        let mut response = self.schema.execute(request).await;
        let Some((name, ty)) = selected else {
            // async-graphql refused the operation name.
            return Executed {
                response,
                operation: None,
            };
        };
        if !phase::executed(ty, &response) {
            return Executed {
                response,
                operation: None,
            };
        }
        response_order::finish(
            &doc,
            &variables,
            &self.env.registry,
            name.as_deref(),
            &mut response,
        );
        Executed {
            response,
            operation: Some(name),
        }
    }

    /// Steps 1 and 2; the parsed document and the variables, kept for step 4.
    fn prepare(
        &self,
        request: &mut Request,
    ) -> ServerResult<(Arc<ExecutableDocument>, async_graphql::Variables)> {
        let registration = self.transport.before(request)?;
        let cached = self.documents.get(request.query.as_str());
        if let Some(doc) = &cached {
            request.set_parsed_query(ExecutableDocument::clone(doc));
        }
        self.limits.check_request(request)?;
        if let Some(registration) = registration {
            registration.register(&request.query);
        }
        let doc = match cached {
            Some(doc) => doc,
            None => {
                let doc = Arc::new(request.parsed_query()?.clone());
                self.documents.insert(request.query.clone(), doc.clone());
                doc
            }
        };
        Ok((doc, request.variables.clone()))
    }
}

/// The operation async-graphql will execute: its name (the request's, or the only one's)
/// and type; `None` when async-graphql refuses the selection.
fn select(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<(Option<String>, OperationType)> {
    match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), None) => Some((None, op.node.ty)),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get(name).map(|op| (Some(name.to_owned()), op.node.ty))
        }
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops
            .iter()
            .next()
            .map(|(name, op)| (Some(name.to_string()), op.node.ty)),
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// The registry of `schema`, which async-graphql shows only to extensions and resolvers:
/// `schema` has [`Probe`] among its extensions, and one `{ __typename }` request hands it
/// over. The HTTP schema is built alike, so its registry is the same.
pub async fn schema_env(schema: &AppSchema, probe: &Probe) -> Result<SchemaEnv, String> {
    schema.execute("{ __typename }").await;
    probe
        .0
        .get()
        .cloned()
        .ok_or_else(|| "the schema's registry could not be read".to_owned())
}

/// Keeps the schema's environment from the first request's `prepare_request`.
#[derive(Clone, Default)]
pub struct Probe(Arc<OnceLock<SchemaEnv>>);

impl ExtensionFactory for Probe {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(self.clone())
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Probe {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if self.0.get().is_none() {
            let _ = self.0.set(ctx.schema_env.clone());
        }
        next.run(ctx, request).await
    }
}
