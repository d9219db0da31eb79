//! Puts the response's keys in the order GraphQL prescribes: the order of the selection set
//! (spec §7.2.2 and CollectFields, fragments inlined where they are spread).
//!
//! async-graphql 7.2.1 resolves an object's fields concurrently and inserts each into the
//! object as it completes, so `{ cases { totalCount pageInfo { hasNextPage } } }` could answer
//! `pageInfo` first. Clients that compare or display responses (GraphiQL, snapshot tests)
//! see keys jump around. Once execution returns, [`finish`] rebuilds every object of `data`
//! in one walk from the parsed document: keys are moved, values are not copied. The HTTP
//! layer calls it around an execution without schema extensions (see
//! [`super::gateway`]); websocket operations get it from this module's extension.
//!
//! A fragment's type condition is checked against the object's type: the field's type from
//! the schema when it is an object type, its `__typename` when the field is abstract and the
//! query asked for it; otherwise every fragment counts, which gives the same order unless two
//! fragments for different types select the same keys in different orders.
//!
//! The types come from async-graphql's `registry` (public, though hidden from its docs):
//! an async-graphql upgrade that changes it fails to compile here, and the tests below and
//! in `tests/api/response_order.rs` tell whether its resolvers still need this.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
};
use async_graphql::parser::types::{
    Directive, DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
    Selection, SelectionSet,
};
use async_graphql::parser::Positioned;
use async_graphql::registry::{MetaType, MetaTypeName, Registry};
use async_graphql::{Name, Response, ServerResult, Value, Variables};

/// The schema extension for websocket operations (one [`OrderResponse`] per request): the
/// HTTP layer calls [`finish`] itself, around an execution without extensions.
pub struct ResponseOrder;

impl ExtensionFactory for ResponseOrder {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OrderResponse::default())
    }
}

/// One request's document and variables, kept from parsing to the end of execution.
#[derive(Default)]
struct OrderResponse {
    parsed: Mutex<Option<(ExecutableDocument, Variables)>>,
}

#[async_graphql::async_trait::async_trait]
impl Extension for OrderResponse {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        *self
            .parsed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((doc.clone(), variables.clone()));
        Ok(doc)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let parsed = self
            .parsed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some((doc, variables)) = parsed {
            finish(
                &doc,
                &variables,
                &ctx.schema_env.registry,
                operation_name,
                &mut response,
            );
        }
        response
    }
}

/// What an executed response still needs: failed root fields get their `null` (see
/// [`super::phase::fill_failed_roots`]), then every object's keys are put in selection order.
pub fn finish(
    doc: &ExecutableDocument,
    variables: &Variables,
    registry: &Registry,
    operation_name: Option<&str>,
    response: &mut Response,
) {
    let data = std::mem::take(&mut response.data);
    let data = match root_fields(doc, variables, registry, operation_name) {
        Some(roots) => super::phase::fill_failed_roots(data, &roots, &response.errors),
        None => data,
    };
    response.data = order(doc, variables, registry, operation_name, data);
}

/// The operation executed for `operation_name`, as async-graphql selects it.
fn operation<'d>(
    doc: &'d ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'d Positioned<OperationDefinition>> {
    match (&doc.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => ops.values().next(),
        _ => None,
    }
}

/// The root type's name in the registry.
fn root_type(registry: &Registry, ty: OperationType) -> Option<&str> {
    match ty {
        OperationType::Query => Some(registry.query_type.as_str()),
        OperationType::Mutation => registry.mutation_type.as_deref(),
        OperationType::Subscription => registry.subscription_type.as_deref(),
    }
}

/// The operation's root response keys (CollectFields), each with whether its field is
/// non-null in the schema; `None` when the operation is not in the document.
fn root_fields<'a>(
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    registry: &'a Registry,
    operation_name: Option<&str>,
) -> Option<Vec<(&'a str, bool)>> {
    let operation = operation(doc, operation_name)?;
    let root = root_type(registry, operation.node.ty);
    let walk = Walk {
        doc,
        variables,
        registry,
        plans: RefCell::default(),
        objects: RefCell::default(),
    };
    let root_meta = root.and_then(|r| registry.types.get(r));
    let keys = walk
        .collect(&[&operation.node.selection_set.node], root)
        .into_iter()
        .map(|(key, selected)| {
            let non_null = root_meta
                .and_then(|t| t.field_by_name(selected.name))
                .is_some_and(|f| f.ty.ends_with('!'));
            (key, non_null)
        })
        .collect();
    Some(keys)
}

/// `data` with every object's keys in selection order.
fn order(
    doc: &ExecutableDocument,
    variables: &Variables,
    registry: &Registry,
    operation_name: Option<&str>,
    data: Value,
) -> Value {
    let Some(operation) = operation(doc, operation_name) else {
        return data;
    };
    let root = root_type(registry, operation.node.ty);
    let walk = Walk {
        doc,
        variables,
        registry,
        plans: RefCell::default(),
        objects: RefCell::default(),
    };
    walk.value(data, &[&operation.node.selection_set.node], root)
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
    registry: &'a Registry,
    /// Plans already made: every object of a list has the same one (foldhash: the keys
    /// are addresses, and a page asks once per object).
    plans: RefCell<foldhash::HashMap<PlanKey, Rc<Plan<'a>>>>,
    /// Field types already looked up in the registry, by the address of the type's name:
    /// whether each is an object type (its name then) or not.
    objects: RefCell<foldhash::HashMap<usize, Option<&'a str>>>,
}

/// Where a plan's inputs are: the list of selection sets, and the object's and the field's
/// type names (address and length: every one is borrowed from the document or the registry,
/// which outlive the walk, so equal addresses mean equal inputs).
type PlanKey = (usize, usize, (usize, usize), (usize, usize));

fn str_key(s: Option<&str>) -> (usize, usize) {
    s.map_or((0, 0), |s| (s.as_ptr() as usize, s.len()))
}

/// The response keys of one kind of object, in order, with what each needs.
struct Plan<'a> {
    keys: Vec<Planned<'a>>,
}

struct Planned<'a> {
    key: &'a str,
    /// Every selection set merged under the key; all empty for a leaf.
    sets: Vec<&'a SelectionSet>,
    leaf: bool,
    /// The field's named type, from the schema (None when unknown).
    ty: Option<&'a str>,
}

/// One response key: the field's name and every selection set merged under the key.
struct Key<'a> {
    name: &'a str,
    sets: Vec<&'a SelectionSet>,
}

impl<'a> Walk<'a> {
    /// `value` (an object, a list of them, or a leaf) ordered by `sets`, selected on a field
    /// of type `ty` (`None` when unknown). An object whose keys are already in order (the
    /// usual case) is kept and only its nested values are walked; the others are rebuilt,
    /// keys moved, values not copied.
    fn value(&self, value: Value, sets: &[&'a SelectionSet], ty: Option<&'a str>) -> Value {
        match value {
            Value::List(mut items) => {
                for item in &mut items {
                    let v = std::mem::take(item);
                    *item = self.value(v, sets, ty);
                }
                Value::List(items)
            }
            Value::Object(mut fields) => {
                let concrete = self.concrete_type(ty, &fields);
                let plan = self.plan(sets, concrete, ty);
                let in_order = fields.len() == plan.keys.len()
                    && fields
                        .keys()
                        .zip(&plan.keys)
                        .all(|(key, planned)| key.as_str() == planned.key);
                if in_order {
                    for (value, planned) in fields.values_mut().zip(&plan.keys) {
                        if !planned.leaf {
                            let v = std::mem::take(value);
                            *value = self.value(v, &planned.sets, planned.ty);
                        }
                    }
                    return Value::Object(fields);
                }
                let mut ordered = async_graphql::indexmap::IndexMap::with_capacity(fields.len());
                for planned in &plan.keys {
                    if let Some((_, key, value)) = fields.swap_remove_full(planned.key) {
                        let value = if planned.leaf {
                            value
                        } else {
                            self.value(value, &planned.sets, planned.ty)
                        };
                        ordered.insert(key, value);
                    }
                }
                // Anything not selected (nothing, today) keeps its place after the rest.
                ordered.extend(fields);
                Value::Object(ordered)
            }
            leaf => leaf,
        }
    }

    /// The plan for objects of type `concrete` (selected on a field of type `ty`) under
    /// `sets`, made once per walk.
    fn plan(
        &self,
        sets: &[&'a SelectionSet],
        concrete: Option<&'a str>,
        ty: Option<&'a str>,
    ) -> Rc<Plan<'a>> {
        let key = (
            sets.as_ptr() as usize,
            sets.len(),
            str_key(concrete),
            str_key(ty),
        );
        if let Some(plan) = self.plans.borrow().get(&key) {
            return plan.clone();
        }
        let parent = concrete.or(ty).and_then(|p| self.registry.types.get(p));
        let keys = self
            .collect(sets, concrete)
            .into_iter()
            .map(|(key, selected)| Planned {
                key,
                leaf: selected.sets.iter().all(|s| s.items.is_empty()),
                ty: parent
                    .and_then(|t| t.field_by_name(selected.name))
                    .map(|f| MetaTypeName::concrete_typename(&f.ty)),
                sets: selected.sets,
            })
            .collect();
        let plan = Rc::new(Plan { keys });
        self.plans.borrow_mut().insert(key, plan.clone());
        plan
    }

    /// The object's own type: the field's type when it is an object type, else the
    /// `__typename` the query asked for (as the registry spells it).
    fn concrete_type(
        &self,
        ty: Option<&'a str>,
        fields: &async_graphql::indexmap::IndexMap<Name, Value>,
    ) -> Option<&'a str> {
        let object = ty.and_then(|t| {
            *self
                .objects
                .borrow_mut()
                .entry(t.as_ptr() as usize)
                .or_insert_with(|| match self.registry.types.get(t) {
                    Some(MetaType::Object { name, .. }) => Some(name.as_str()),
                    _ => None,
                })
        });
        match object {
            Some(name) => Some(name),
            None => match fields.get("__typename") {
                Some(Value::String(name)) => self
                    .registry
                    .types
                    .get_key_value(name.as_str())
                    .map(|(name, _)| name.as_str()),
                _ => None,
            },
        }
    }

    /// CollectFields: response keys in order of first appearance, fragments inlined.
    fn collect(
        &self,
        sets: &[&'a SelectionSet],
        concrete: Option<&str>,
    ) -> Vec<(&'a str, Key<'a>)> {
        let mut keys: Vec<(&'a str, Key<'a>)> = Vec::new();
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        let mut visited: Vec<&'a str> = Vec::new();
        for set in sets {
            self.collect_set(set, concrete, &mut keys, &mut index, &mut visited);
        }
        keys
    }

    fn collect_set(
        &self,
        set: &'a SelectionSet,
        concrete: Option<&str>,
        keys: &mut Vec<(&'a str, Key<'a>)>,
        index: &mut HashMap<&'a str, usize>,
        visited: &mut Vec<&'a str>,
    ) {
        for item in &set.items {
            if self.skipped(item.node.directives()) {
                continue;
            }
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let key = field.response_key().node.as_str();
                    let sub = &field.selection_set.node;
                    match index.get(key) {
                        Some(&i) => keys[i].1.sets.push(sub),
                        None => {
                            index.insert(key, keys.len());
                            keys.push((
                                key,
                                Key {
                                    name: field.name.node.as_str(),
                                    sets: vec![sub],
                                },
                            ));
                        }
                    }
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    let applies = inline
                        .type_condition
                        .as_ref()
                        .is_none_or(|c| self.applies(c.node.on.node.as_str(), concrete));
                    if applies {
                        self.collect_set(
                            &inline.selection_set.node,
                            concrete,
                            keys,
                            index,
                            visited,
                        );
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    if visited.contains(&name) {
                        continue;
                    }
                    visited.push(name);
                    if let Some(fragment) = self.doc.fragments.get(name) {
                        let on = fragment.node.type_condition.node.on.node.as_str();
                        if self.applies(on, concrete) {
                            self.collect_set(
                                &fragment.node.selection_set.node,
                                concrete,
                                keys,
                                index,
                                visited,
                            );
                        }
                    }
                }
            }
        }
    }

    /// Whether a type condition applies to an object of type `concrete` (unknown: it may).
    fn applies(&self, condition: &str, concrete: Option<&str>) -> bool {
        let Some(concrete) = concrete else {
            return true;
        };
        condition == concrete
            || self
                .registry
                .types
                .get(condition)
                .is_none_or(|t| t.is_possible_type(concrete))
    }

    /// `@skip`/`@include`, read as async-graphql reads them when it executes.
    fn skipped(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().any(|directive| {
            let include = match directive.node.name.node.as_str() {
                "skip" => false,
                "include" => true,
                _ => return false,
            };
            directive.node.get_argument("if").is_some_and(|arg| {
                let value = arg
                    .node
                    .clone()
                    .into_const_with(|name| self.variables.get(&name).cloned().ok_or(()))
                    .unwrap_or_default();
                include != matches!(value, Value::Boolean(true))
            })
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ordered(query: &str, variables: serde_json::Value, data: serde_json::Value) -> String {
        let mut registry = Registry::default();
        let root = <crate::graphql::query::Query as async_graphql::OutputType>::create_type_info(
            &mut registry,
        );
        // "Query!": the schema's registry names its root without the `!`.
        registry.query_type = MetaTypeName::concrete_typename(&root).to_owned();
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let variables = Variables::from_json(variables);
        let data = Value::from_json(data).unwrap();
        // Value's Display keeps its order (serde_json's maps here would sort the keys).
        order(&doc, &variables, &registry, None, data).to_string()
    }

    #[test]
    fn keys_follow_the_selection_set_fragments_inlined() {
        let query = "{ cases(first: 2) { totalCount ...Page nodes { name id } } viewer { role } }
                     fragment Page on CaseConnection { pageInfo { hasNextPage endCursor } totalCount }";
        let data = serde_json::json!({
            "viewer": { "role": "ADMIN" },
            "cases": {
                "nodes": [{ "id": "1", "name": "a" }, { "id": "2", "name": "b" }],
                "pageInfo": { "endCursor": null, "hasNextPage": false },
                "totalCount": 2
            }
        });
        assert_eq!(
            ordered(query, serde_json::json!({}), data),
            r#"{cases: {totalCount: 2, pageInfo: {hasNextPage: false, endCursor: null}, nodes: [{name: "a", id: "1"}, {name: "b", id: "2"}]}, viewer: {role: "ADMIN"}}"#
        );
    }

    #[test]
    fn aliases_skipped_fields_and_type_conditions() {
        let query = "query($later: Boolean) { me: viewer { role } cases(first: 1) @include(if: $later) { totalCount } first: viewer { ... on Viewer { role } } }";
        let data = serde_json::json!({
            "first": { "role": "ADMIN" },
            "me": { "role": "ADMIN" }
        });
        assert_eq!(
            ordered(query, serde_json::json!({ "later": false }), data),
            r#"{me: {role: "ADMIN"}, first: {role: "ADMIN"}}"#
        );
        // A fragment on another type does not place its keys (Viewer is an object type).
        let query = "{ viewer { ... on Case { b: name a: id } a: role b: role } }";
        let data = serde_json::json!({ "viewer": { "b": "x", "a": "y" } });
        assert_eq!(
            ordered(query, serde_json::json!({}), data),
            r#"{viewer: {a: "y", b: "x"}}"#
        );
        // On the type itself it does.
        let query = "{ viewer { ... on Viewer { b: role } a: role } }";
        let data = serde_json::json!({ "viewer": { "a": "y", "b": "x" } });
        assert_eq!(
            ordered(query, serde_json::json!({}), data),
            r#"{viewer: {b: "x", a: "y"}}"#
        );
    }

    #[test]
    fn a_wide_object_is_ordered_in_linear_time() {
        // 100,000 keys: taking each from the front of the IndexMap with `shift_remove` moves
        // all the others, which is quadratic and held a worker thread for minutes.
        let n = 100_000;
        let query: String = (0..n).map(|i| format!("a{i}: __typename ")).collect();
        let doc = async_graphql::parser::parse_query(format!("{{ {query} }}")).unwrap();
        let data = Value::Object(
            (0..n)
                .map(|i| (Name::new(format!("a{i}")), Value::from("Query")))
                .collect(),
        );
        let started = std::time::Instant::now();
        let out = order(
            &doc,
            &Variables::default(),
            &Registry::default(),
            None,
            data,
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let Value::Object(fields) = out else {
            panic!("not an object")
        };
        assert_eq!(fields.get_index(0).map(|(k, _)| k.as_str()), Some("a0"));
        assert_eq!(
            fields.get_index(n - 1).map(|(k, _)| format!("{k}")),
            Some(format!("a{}", n - 1))
        );
    }
}
