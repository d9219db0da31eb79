//! Tells the HTTP layer whether a request reached execution.
//!
//! GraphQL-over-HTTP answers a request error (the document does not parse, fails validation
//! or one of our limits, names an unknown operation) with HTTP 400 and no `data` under
//! `application/graphql-response+json`, while a response whose execution started always has
//! `data`, even `null`. async-graphql's `Response` looks the same in both cases (`data`
//! null, some errors); the `execute` hook runs only once the document was accepted, so it
//! is where the difference can be seen.
//!
//! It also puts back what async-graphql 7 leaves out of `data` when a root field fails: it
//! drops the field's key, where the GraphQL spec (§6.4.4, errors and non-null) makes a failed
//! nullable field `null` and lets a failed non-null field null its parent — for a root field,
//! `data` itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextResolve, ResolveInfo,
};
use async_graphql::{Name, Response, ServerResult, Value};

/// Per-request flag, put in the request's data by the HTTP layer; with the name of the
/// operation executed (from the document when the request gave no `operationName`).
#[derive(Debug, Clone, Default)]
pub struct ExecutionStarted(Arc<AtomicBool>, Arc<OnceLock<String>>);

impl ExecutionStarted {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    /// The executed operation's name, when it has one.
    pub fn operation_name(&self) -> Option<&str> {
        self.1.get().map(String::as_str)
    }
}

/// Sets the request's [`ExecutionStarted`] when execution begins, and gives failed root
/// fields their `null`.
pub struct MarkExecution;

impl ExtensionFactory for MarkExecution {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RootFields::default())
    }
}

/// One request's failed root fields (extensions are created per request).
#[derive(Default)]
struct RootFields {
    /// A non-null root field failed: `data` is `null`.
    non_null_failed: AtomicBool,
    /// Response keys of nullable root fields that failed: each is `null` in `data`.
    nullable_failed: Mutex<Vec<Name>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for RootFields {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(flag) = ctx.data_opt::<ExecutionStarted>() {
            flag.0.store(true, Ordering::Release);
            if let Some(name) = operation_name {
                let _ = flag.1.set(name.to_owned());
            }
        }
        let mut response = next.run(ctx, operation_name).await;
        if self.non_null_failed.load(Ordering::Acquire) {
            response.data = Value::Null;
        } else {
            let failed = std::mem::take(
                &mut *self
                    .nullable_failed
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
            if !failed.is_empty() {
                let mut data = match std::mem::take(&mut response.data) {
                    Value::Object(map) => map,
                    _ => Default::default(),
                };
                for key in failed {
                    data.entry(key).or_insert(Value::Null);
                }
                response.data = Value::Object(data);
            }
        }
        response
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        // Only root fields are looked at; the others pass straight through.
        if info.path_node.parent.is_some() {
            return next.run(ctx, info).await;
        }
        let non_null = info.return_type.ends_with('!');
        let key = Name::new(info.alias.unwrap_or(info.name));
        let result = next.run(ctx, info).await;
        if result.is_err() {
            if non_null {
                self.non_null_failed.store(true, Ordering::Release);
            } else {
                self.nullable_failed
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(key);
            }
        }
        result
    }
}
