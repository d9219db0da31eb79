//! What the HTTP transport asks of a request before the limits and validation see it:
//! automatic persisted queries (Apollo APQ) and the rule that GET runs queries only.
//!
//! **APQ.** A request whose `extensions.persistedQuery` is `{version: 1, sha256Hash}` and
//! that has no `query` runs the document registered under that hash, or gets
//! `PERSISTED_QUERY_NOT_FOUND` (message `PersistedQueryNotFound`, what Apollo's link looks
//! for) and sends the full request next; a request with both registers the document once
//! its hash is verified and it passed the request limits. The registry is an LRU bounded in
//! bytes, one per process; with a bound of 0 hash-only requests get
//! `PERSISTED_QUERY_NOT_SUPPORTED` and Apollo's link stops hashing.
//!
//! [`TransportRules::before`] runs first (called by the HTTP layer before the request limits,
//! and by the schema extension's `prepare_request` for websocket operations) and only puts the text back: the
//! document a hash names then passes [`super::limits::QueryLimits`], complexity and
//! validation like any other, and the HTTP layer has already authenticated the caller and
//! applied the rate limits. A hash names only a document that someone who knew it sent, so
//! the registry is shared across workspaces without telling one anything about another.
//!
//! **GET.** Over GET (see [`RequestTransport`]) the selected operation must be a query: a
//! mutation is refused before anything else runs, and the HTTP layer answers 405.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{ErrorExtensionValues, Request, ServerError, ServerResult, Value};
use sha2::{Digest, Sha256};

use crate::error::Code;

/// `extensions.code` of an unknown hash.
pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
/// `extensions.code` of a hash-only request when the registry is off.
pub const PERSISTED_QUERY_NOT_SUPPORTED: &str = "PERSISTED_QUERY_NOT_SUPPORTED";

/// What the transport refused, for the HTTP layer's status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// A mutation (or subscription) over GET: 405, `Allow: POST`.
    NotAQuery,
    /// A hash the registry does not hold (or no registry): a normal step of APQ, so HTTP 200
    /// as Apollo Server answers, and not to be cached.
    PersistedQueryMiss,
}

/// Per-request transport facts, put in the request's data by the HTTP layer; tells it back
/// what was refused here.
#[derive(Debug, Clone, Default)]
pub struct RequestTransport {
    get: bool,
    refused: Arc<AtomicU8>,
}

impl RequestTransport {
    /// A `POST /graphql` request: any operation.
    pub fn post() -> Self {
        Self::default()
    }

    /// A `GET /graphql` request: queries only.
    pub fn get() -> Self {
        Self {
            get: true,
            ..Self::default()
        }
    }

    /// What this module refused, if anything.
    pub fn refused(&self) -> Option<Refused> {
        match self.refused.load(Ordering::Acquire) {
            1 => Some(Refused::NotAQuery),
            2 => Some(Refused::PersistedQueryMiss),
            _ => None,
        }
    }

    fn refuse(&self, why: Refused) {
        let value = match why {
            Refused::NotAQuery => 1,
            Refused::PersistedQueryMiss => 2,
        };
        self.refused.store(value, Ordering::Release);
    }
}

/// APQ with a registry of at most `cache_bytes`, and GET's rule: [`TransportRules::before`]
/// for HTTP requests, the schema extension for websocket ones (clones share the registry).
#[derive(Clone)]
pub struct TransportRules {
    registry: Option<Arc<Registry>>,
}

impl TransportRules {
    /// `cache_bytes` bounds the registry (hashes and documents); 0 turns APQ off.
    pub fn new(cache_bytes: usize) -> Self {
        Self {
            registry: (cache_bytes > 0).then(|| {
                Arc::new(Registry {
                    max_bytes: cache_bytes,
                    lru: Mutex::new(Lru::default()),
                })
            }),
        }
    }
}

impl ExtensionFactory for TransportRules {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(self.clone())
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for TransportRules {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let register = self.before(&mut request)?;
        let request = next.run(ctx, request).await?;
        if let Some(register) = register {
            register.register(&request.query);
        }
        Ok(request)
    }
}

/// A full APQ request's document, to register once it passed the request limits.
pub struct Registration(Arc<Registry>, String);

impl Registration {
    /// Registers `query` under the request's verified hash.
    pub fn register(self, query: &str) {
        let Registration(registry, hash) = self;
        registry.put(hash, Arc::from(query));
    }
}

impl TransportRules {
    /// APQ and GET's rule, before the request limits: puts back a persisted query's text,
    /// refuses what the transport does not allow (telling the request's
    /// [`RequestTransport`]), and gives what to register once the limits passed.
    pub fn before(&self, request: &mut Request) -> ServerResult<Option<Registration>> {
        let transport = request
            .data
            .get(&std::any::TypeId::of::<RequestTransport>())
            .and_then(|d| d.downcast_ref::<RequestTransport>())
            .cloned()
            .unwrap_or_default();
        let mut register = None;
        if let Some(value) = request.extensions.remove("persistedQuery") {
            let hash = persisted_hash(value)?;
            if request.query.is_empty() {
                let Some(registry) = &self.registry else {
                    transport.refuse(Refused::PersistedQueryMiss);
                    return Err(coded(
                        "PersistedQueryNotSupported",
                        PERSISTED_QUERY_NOT_SUPPORTED,
                        None,
                    ));
                };
                match registry.get(&hash) {
                    Some(query) => request.query = query.to_string(),
                    None => {
                        transport.refuse(Refused::PersistedQueryMiss);
                        return Err(coded(
                            "PersistedQueryNotFound",
                            PERSISTED_QUERY_NOT_FOUND,
                            None,
                        ));
                    }
                }
            } else if hex::encode(Sha256::digest(request.query.as_bytes())) != hash {
                return Err(coded(
                    "provided sha256Hash does not match the query",
                    Code::BadUserInput.as_str(),
                    Some("extensions.persistedQuery.sha256Hash"),
                ));
            } else {
                // With APQ off, a full request simply runs.
                register = self
                    .registry
                    .clone()
                    .map(|registry| Registration(registry, hash));
            }
        }
        if transport.get {
            // Parsed once here; async-graphql and the limits reuse the parsed document.
            let operation_name = request.operation_name.clone();
            let doc = request.parsed_query()?;
            let operation_type = match &doc.operations {
                DocumentOperations::Single(op) => Some(op.node.ty),
                DocumentOperations::Multiple(ops) => match operation_name.as_deref() {
                    Some(name) => ops.get(name).map(|op| op.node.ty),
                    None if ops.len() == 1 => ops.values().next().map(|op| op.node.ty),
                    // Validation says which operation is missing.
                    None => None,
                },
            };
            if operation_type.is_some_and(|ty| ty != OperationType::Query) {
                transport.refuse(Refused::NotAQuery);
                return Err(coded(
                    "only queries may be sent with GET; send mutations with POST",
                    Code::BadUserInput.as_str(),
                    None,
                ));
            }
        }
        Ok(register)
    }
}

/// The hash of a valid `persistedQuery` extension, in lower case.
fn persisted_hash(value: Value) -> ServerResult<String> {
    let bad = |why: &str| {
        coded(
            &format!("extensions.persistedQuery {why}"),
            Code::BadUserInput.as_str(),
            Some("extensions.persistedQuery"),
        )
    };
    let Value::Object(fields) = value else {
        return Err(bad("must be an object {version: 1, sha256Hash}"));
    };
    match fields.get("version") {
        Some(Value::Number(n)) if n.as_i64() == Some(1) => {}
        _ => return Err(bad("version must be 1")),
    }
    match fields.get("sha256Hash") {
        Some(Value::String(hash))
            if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(hash.to_ascii_lowercase())
        }
        _ => Err(bad("sha256Hash must be 64 hexadecimal digits")),
    }
}

fn coded(message: &str, code: &str, field: Option<&str>) -> ServerError {
    let mut err = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code);
    if let Some(field) = field {
        ext.set("field", field);
    }
    err.extensions = Some(ext);
    err
}

/// The registered documents, least recently used evicted first, within `max_bytes`.
struct Registry {
    max_bytes: usize,
    lru: Mutex<Lru>,
}

impl Registry {
    fn get(&self, hash: &str) -> Option<Arc<str>> {
        self.lock().get(hash)
    }

    fn put(&self, hash: String, query: Arc<str>) {
        let max = self.max_bytes;
        self.lock().put(hash, query, max);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lru> {
        // The map is consistent after every operation: a panic elsewhere cannot break it.
        self.lru
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A small LRU map: entries by key, and keys by last use.
#[derive(Default)]
struct Lru {
    entries: HashMap<String, (Arc<str>, u64)>,
    by_use: BTreeMap<u64, String>,
    clock: u64,
    bytes: usize,
}

impl Lru {
    fn size(hash: &str, query: &str) -> usize {
        hash.len() + query.len()
    }

    fn get(&mut self, hash: &str) -> Option<Arc<str>> {
        self.clock += 1;
        let (query, used) = self.entries.get_mut(hash)?;
        let key = self.by_use.remove(used)?;
        *used = self.clock;
        self.by_use.insert(self.clock, key);
        Some(query.clone())
    }

    fn put(&mut self, hash: String, query: Arc<str>, max_bytes: usize) {
        if self.get(&hash).is_some() {
            return;
        }
        let size = Self::size(&hash, &query);
        if size > max_bytes {
            return;
        }
        while self.bytes + size > max_bytes {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            if let Some((old, _)) = self.entries.remove(&oldest) {
                self.bytes -= Self::size(&oldest, &old);
            }
        }
        self.clock += 1;
        self.bytes += size;
        self.by_use.insert(self.clock, hash.clone());
        self.entries.insert(hash, (query, self.clock));
    }

    #[cfg(test)]
    fn keys(&self) -> Vec<&str> {
        self.by_use.values().map(String::as_str).collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_evicts_the_least_recently_used_within_its_bytes() {
        let mut lru = Lru::default();
        // Each entry: 1-byte key + 9-byte query = 10 bytes; room for three.
        for key in ["a", "b", "c"] {
            lru.put(key.into(), Arc::from("123456789"), 30);
        }
        assert_eq!(lru.keys(), ["a", "b", "c"]);
        assert!(lru.get("a").is_some());
        lru.put("d".into(), Arc::from("123456789"), 30);
        assert_eq!(lru.keys(), ["c", "a", "d"], "b was the least recently used");
        assert_eq!(lru.bytes, 30);
        // Too large for the whole registry: not stored, nothing evicted.
        lru.put("e".into(), Arc::from("x".repeat(40)), 30);
        assert_eq!(lru.keys(), ["c", "a", "d"]);
        // A large one evicts as many as it needs.
        lru.put("f".into(), Arc::from("x".repeat(18)), 30);
        assert_eq!(lru.keys(), ["d", "f"]);
        assert_eq!(lru.bytes, 29);
        assert!(lru.get("c").is_none());
    }

    #[test]
    fn persisted_query_extensions_are_checked() {
        let ext = |v: serde_json::Value| persisted_hash(Value::from_json(v).unwrap());
        let hash = "A".repeat(64);
        assert_eq!(
            ext(serde_json::json!({ "version": 1, "sha256Hash": hash })).unwrap(),
            "a".repeat(64)
        );
        for bad in [
            serde_json::json!({ "version": 2, "sha256Hash": hash }),
            serde_json::json!({ "sha256Hash": hash }),
            serde_json::json!({ "version": 1, "sha256Hash": "abc" }),
            serde_json::json!({ "version": 1, "sha256Hash": "g".repeat(64) }),
            serde_json::json!("x"),
        ] {
            let err = ext(bad.clone()).unwrap_err();
            assert_eq!(
                err.extensions.unwrap().get("code"),
                Some(&Value::from("BAD_USER_INPUT")),
                "{bad}"
            );
        }
    }
}
