//! The limits a request must pass before async-graphql validates or runs it.
//!
//! async-graphql's own checks (recursion depth, directives per field, depth, complexity and
//! every validation rule) walk fragments by *expansion*: a document whose fragments spread
//! twice per level (`fragment F0 on Viewer { ...F1 ...F1 }`, …) makes them do 2ⁿ work, and
//! at n = 30 a 1 KB query held a server for good. So [`QueryLimits::check_request`] runs
//! first (before `Schema::execute` over HTTP, in the extension's `prepare_request` over
//! websockets), on the parsed document, and computes every size with each fragment
//! measured **once** (memoised), in time linear in the document's text:
//!
//! - fields after expanding fragments (`max_fields`), which bounds all later expansion work;
//! - aliases after expansion (`max_aliases`), spreads and directives as written;
//! - depth of the API's fields (`max_depth`). Introspection (`__schema`, `__type`) is costed
//!   rather than depth-limited: its fields count towards `max_fields` and complexity, its
//!   chains of `ofType` may go `INTROSPECTION_MAX_DEPTH` deep, and its list fields
//!   (`types`, `fields`, `args`, …) may nest `INTROSPECTION_MAX_LISTS` deep — as the
//!   standard graphql-js introspection query does (`types → fields → args`), which bounds
//!   the answer to about types × fields × args objects;
//! - every string in the arguments and variables: no NUL character (PostgreSQL refuses
//!   them in text and JSON, SQLite would store them), at most `max_string_chars`.
//!
//! Documents that pass are small enough for async-graphql's complexity limit (per-field
//! costs, `first` counted) and validation rules to finish in microseconds.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{Directive, ExecutableDocument, Selection, SelectionSet};
use async_graphql::parser::Positioned;
use async_graphql::{ErrorExtensionValues, Name, Request, ServerError, ServerResult, Value};

use crate::error::Code;

/// How deep introspection selections may nest (the graphql-js query reaches 13–16 with its
/// `ofType` chains; the chains are linear, so depth costs little there).
pub const INTROSPECTION_MAX_DEPTH: usize = 30;
/// How deep introspection list fields may nest.
pub const INTROSPECTION_MAX_LISTS: usize = 3;

/// Introspection fields that return lists.
const INTROSPECTION_LISTS: [&str; 8] = [
    "types",
    "fields",
    "args",
    "inputFields",
    "interfaces",
    "possibleTypes",
    "enumValues",
    "directives",
];

/// The request limits checked before validation.
#[derive(Debug, Clone, Copy)]
pub struct QueryLimits {
    /// Deepest nesting of the API's fields.
    pub max_depth: usize,
    /// Most field selections once fragments are expanded.
    pub max_fields: usize,
    /// Most aliased fields once fragments are expanded.
    pub max_aliases: usize,
    /// Most fragment spreads written in the document.
    pub max_fragment_spreads: usize,
    /// Most directives written in the document.
    pub max_directives: usize,
    /// Longest string in an argument or variable, in characters.
    pub max_string_chars: usize,
}

impl QueryLimits {
    /// The defaults of `serve` (and of the exported schema).
    pub const DEFAULT: QueryLimits = QueryLimits {
        max_depth: 12,
        max_fields: 10_000,
        max_aliases: 30,
        max_fragment_spreads: 100,
        max_directives: 50,
        max_string_chars: 10_000,
    };
}

/// The hostile document of issue 7: `query { viewer { ...F0 } }` and fragments that spread
/// the next one twice, `n` levels deep — 2ⁿ⁺¹ − 1 fields once expanded, about 60·n bytes.
pub fn fan_out_document(n: usize) -> String {
    let mut q = String::from("query { viewer { ...F0 } }");
    for i in 0..n {
        q.push_str(&format!(
            " fragment F{i} on Viewer {{ role ...F{next} ...F{next} }}",
            next = i + 1
        ));
    }
    q.push_str(&format!(" fragment F{n} on Viewer {{ role }}"));
    q
}

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(*self)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for QueryLimits {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        self.check_request(&mut request)?;
        next.run(ctx, request).await
    }
}

impl QueryLimits {
    /// Parses the request's document (kept in the request for async-graphql) and refuses it
    /// when it is over a limit: what the extension does for websocket operations, and the
    /// HTTP layer before `Schema::execute`.
    pub fn check_request(&self, request: &mut Request) -> ServerResult<()> {
        let variables = std::mem::take(&mut request.variables);
        let checked = request.parsed_query().and_then(|doc| {
            self.check(doc)?;
            check_strings(doc, &variables, self.max_string_chars)
        });
        request.variables = variables;
        checked
    }
}

/// The measured size of a selection set, with its fragments expanded (by memo, not by walk).
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    /// Field selections, expanded.
    fields: u64,
    /// Aliased field selections, expanded.
    aliases: u64,
    /// Deepest chain of fields, introspection subtrees counting as one level.
    depth: usize,
    /// Deepest chain of fields, all counted (what an introspection subtree measures).
    full_depth: usize,
    /// Deepest nesting of introspection list field names.
    lists: usize,
    /// The largest `full_depth` and `lists` found under an introspection root.
    introspection_depth: usize,
    introspection_lists: usize,
}

impl Shape {
    fn add(&mut self, other: Shape) {
        self.fields = self.fields.saturating_add(other.fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.depth = self.depth.max(other.depth);
        self.full_depth = self.full_depth.max(other.full_depth);
        self.lists = self.lists.max(other.lists);
        self.introspection_depth = self.introspection_depth.max(other.introspection_depth);
        self.introspection_lists = self.introspection_lists.max(other.introspection_lists);
    }
}

/// Measures a document, each fragment once.
struct Measure<'a> {
    doc: &'a ExecutableDocument,
    done: HashMap<&'a str, Shape>,
    /// Fragments being measured: a spread of one of them is a cycle.
    open: Vec<&'a str>,
}

impl<'a> Measure<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet) -> ServerResult<Shape> {
        let mut shape = Shape::default();
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let children = self.selection_set(&field.selection_set.node)?;
                    let name = field.name.node.as_str();
                    let is_root = name == "__schema" || name == "__type";
                    let is_list = INTROSPECTION_LISTS.contains(&name);
                    let mut own = children;
                    own.fields = children.fields.saturating_add(1);
                    own.aliases = children
                        .aliases
                        .saturating_add(u64::from(field.alias.is_some()));
                    own.full_depth = children.full_depth + 1;
                    own.lists = children.lists + usize::from(is_list);
                    if is_root {
                        own.depth = 1;
                        own.introspection_depth = own.introspection_depth.max(own.full_depth);
                        own.introspection_lists = own.introspection_lists.max(children.lists);
                    } else {
                        own.depth = children.depth + 1;
                    }
                    shape.add(own);
                }
                Selection::InlineFragment(inline) => {
                    let inner = self.selection_set(&inline.node.selection_set.node)?;
                    shape.add(inner);
                }
                Selection::FragmentSpread(spread) => {
                    let inner = self.fragment(spread.node.fragment_name.node.as_str())?;
                    shape.add(inner);
                }
            }
        }
        Ok(shape)
    }

    fn fragment(&mut self, name: &'a str) -> ServerResult<Shape> {
        if let Some(shape) = self.done.get(name) {
            return Ok(*shape);
        }
        if self.open.contains(&name) {
            return Err(refusal(
                Code::BadUserInput,
                format!("fragment {name} spreads itself"),
                None,
            ));
        }
        // An unknown fragment measures nothing here; validation reports it.
        let Some((key, fragment)) = self.doc.fragments.get_key_value(name) else {
            return Ok(Shape::default());
        };
        self.open.push(key.as_str());
        let shape = self.selection_set(&fragment.node.selection_set.node)?;
        self.open.pop();
        self.done.insert(key.as_str(), shape);
        Ok(shape)
    }
}

impl QueryLimits {
    /// Refuses a document over any size limit, in time linear in its text.
    pub fn check(&self, doc: &ExecutableDocument) -> ServerResult<()> {
        let (spreads, directives) = count_written(doc);
        if spreads > self.max_fragment_spreads {
            return Err(limit(format!(
                "too many fragment spreads: {spreads} (limit {})",
                self.max_fragment_spreads
            )));
        }
        if directives > self.max_directives {
            return Err(limit(format!(
                "too many directives: {directives} (limit {})",
                self.max_directives
            )));
        }
        let mut measure = Measure {
            doc,
            done: HashMap::new(),
            open: Vec::new(),
        };
        let mut total = Shape::default();
        for (_, operation) in doc.operations.iter() {
            let shape = measure.selection_set(&operation.node.selection_set.node)?;
            // Fields add up across operations: async-graphql validates them all.
            total.add(shape);
        }
        if total.fields > self.max_fields as u64 {
            return Err(limit(format!(
                "too many fields once fragments are expanded: {} (limit {})",
                display(total.fields),
                self.max_fields
            )));
        }
        if total.aliases > self.max_aliases as u64 {
            return Err(limit(format!(
                "too many aliases: {} (limit {})",
                display(total.aliases),
                self.max_aliases
            )));
        }
        if total.depth > self.max_depth {
            return Err(limit(format!(
                "query nested too deep: {} levels (limit {})",
                total.depth, self.max_depth
            )));
        }
        if total.introspection_depth > INTROSPECTION_MAX_DEPTH {
            return Err(limit(format!(
                "introspection nested too deep: {} levels (limit {INTROSPECTION_MAX_DEPTH})",
                total.introspection_depth
            )));
        }
        if total.introspection_lists > INTROSPECTION_MAX_LISTS {
            return Err(limit(format!(
                "introspection lists nested too deep: {} (limit {INTROSPECTION_MAX_LISTS}, as in types → fields → args)",
                total.introspection_lists
            )));
        }
        Ok(())
    }
}

/// Saturated counts read as "more than u64::MAX" would mislead; say "over 10^18".
fn display(n: u64) -> String {
    if n == u64::MAX {
        "more than 10^18".into()
    } else {
        n.to_string()
    }
}

/// Fragment spreads and directives as written (not expanded).
fn count_written(doc: &ExecutableDocument) -> (usize, usize) {
    fn walk(set: &SelectionSet, spreads: &mut usize, directives: &mut usize) {
        for item in &set.items {
            *directives += item.node.directives().len();
            match &item.node {
                Selection::Field(f) => walk(&f.node.selection_set.node, spreads, directives),
                Selection::InlineFragment(i) => {
                    walk(&i.node.selection_set.node, spreads, directives)
                }
                Selection::FragmentSpread(_) => *spreads += 1,
            }
        }
    }
    let (mut spreads, mut directives) = (0, 0);
    for (_, op) in doc.operations.iter() {
        directives += op.node.directives.len();
        directives += op
            .node
            .variable_definitions
            .iter()
            .map(|v| v.node.directives.len())
            .sum::<usize>();
        walk(&op.node.selection_set.node, &mut spreads, &mut directives);
    }
    for fragment in doc.fragments.values() {
        directives += fragment.node.directives.len();
        walk(
            &fragment.node.selection_set.node,
            &mut spreads,
            &mut directives,
        );
    }
    (spreads, directives)
}

/// Every string in the document's arguments (and the variables they use) is free of NUL
/// characters and at most `max_chars` long. A refusal names the argument path the API's
/// own errors use (`input.companies[0].name`), or `$variable…` for a variable not used as
/// an argument.
fn check_strings(
    doc: &ExecutableDocument,
    variables: &async_graphql::Variables,
    max_chars: usize,
) -> ServerResult<()> {
    let check = StringCheck {
        variables,
        max_chars,
    };
    let mut used: Vec<&Name> = Vec::new();
    let mut sets: Vec<&SelectionSet> = Vec::new();
    for (_, op) in doc.operations.iter() {
        check.directives(&op.node.directives, &mut used)?;
        for var in &op.node.variable_definitions {
            if let Some(default) = &var.node.default_value {
                check.value(&default.node, &format!("${}", var.node.name.node))?;
            }
        }
        sets.push(&op.node.selection_set.node);
    }
    for fragment in doc.fragments.values() {
        check.directives(&fragment.node.directives, &mut used)?;
        sets.push(&fragment.node.selection_set.node);
    }
    while let Some(set) = sets.pop() {
        for item in &set.items {
            check.directives(item.node.directives(), &mut used)?;
            match &item.node {
                Selection::Field(field) => {
                    for (name, value) in &field.node.arguments {
                        check.argument(&value.node, name.node.to_string(), &mut used)?;
                    }
                    sets.push(&field.node.selection_set.node);
                }
                Selection::InlineFragment(inline) => sets.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    // Variables no argument uses (validation refuses them later, but not their content).
    for (name, value) in variables.iter() {
        if !used.contains(&name) {
            check.value(value, &format!("${name}"))?;
        }
    }
    Ok(())
}

struct StringCheck<'a> {
    variables: &'a async_graphql::Variables,
    max_chars: usize,
}

impl<'a> StringCheck<'a> {
    fn directives(
        &self,
        directives: &'a [Positioned<Directive>],
        used: &mut Vec<&'a Name>,
    ) -> ServerResult<()> {
        for d in directives {
            for (name, value) in &d.node.arguments {
                self.argument(
                    &value.node,
                    format!("@{}.{}", d.node.name.node, name.node),
                    used,
                )?;
            }
        }
        Ok(())
    }

    /// An argument as written: literals, and the variables it refers to.
    fn argument(
        &self,
        value: &'a async_graphql_value::Value,
        path: String,
        used: &mut Vec<&'a Name>,
    ) -> ServerResult<()> {
        use async_graphql_value::Value as V;
        match value {
            V::Variable(name) => {
                if let Some((key, bound)) = self.variables.get_key_value(name) {
                    used.push(key);
                    self.value(bound, &path)?;
                }
            }
            V::String(s) => self.text(s, &path)?,
            V::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.argument(item, format!("{path}[{i}]"), used)?;
                }
            }
            V::Object(map) => {
                for (key, item) in map {
                    self.text(key, &path)?;
                    self.argument(item, format!("{path}.{key}"), used)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A value bound to a variable (or a default), JSON objects' keys included.
    fn value(&self, value: &Value, path: &str) -> ServerResult<()> {
        match value {
            Value::String(s) => self.text(s, path),
            Value::List(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| self.value(item, &format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().try_for_each(|(key, item)| {
                self.text(key, path)?;
                self.value(item, &format!("{path}.{key}"))
            }),
            _ => Ok(()),
        }
    }

    fn text(&self, s: &str, path: &str) -> ServerResult<()> {
        if s.contains('\0') {
            return Err(refusal(
                Code::BadUserInput,
                format!("{path}: must not contain NUL characters (\\u0000)"),
                Some(path),
            ));
        }
        // Bytes bound characters from above: count characters only when it matters.
        if s.len() > self.max_chars && s.chars().count() > self.max_chars {
            return Err(refusal(
                Code::BadUserInput,
                format!("{path}: longer than {} characters", self.max_chars),
                Some(path),
            ));
        }
        Ok(())
    }
}

fn limit(message: String) -> ServerError {
    refusal(Code::LimitExceeded, message, None)
}

fn refusal(code: Code, message: String, field: Option<&str>) -> ServerError {
    let mut err = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code.as_str());
    if let Some(field) = field {
        ext.set("field", field);
    }
    err.extensions = Some(ext);
    err
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const LIMITS: QueryLimits = QueryLimits::DEFAULT;

    fn check(query: &str) -> Result<(), String> {
        let doc = async_graphql::parser::parse_query(query).map_err(|e| e.to_string())?;
        LIMITS.check(&doc).map_err(|e| e.message)
    }

    #[test]
    fn fragment_fan_out_is_measured_not_walked() {
        // 2^12 fields: fine. 2^14: too many. 2^200: measured in microseconds, saturating.
        assert_eq!(check(&fan_out_document(11)), Ok(()));
        let err = check(&fan_out_document(14)).unwrap_err();
        assert!(err.contains("too many fields"), "{err}");
        let started = std::time::Instant::now();
        let err = check(&fan_out_document(99)).unwrap_err();
        assert!(err.contains("too many fragment spreads"), "{err}");
        let limits = QueryLimits {
            max_fragment_spreads: 1_000,
            ..LIMITS
        };
        let doc = async_graphql::parser::parse_query(fan_out_document(400)).unwrap();
        let err = limits.check(&doc).unwrap_err().message;
        assert!(err.contains("more than 10^18"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn fragment_cycles_are_refused() {
        let err = check(
            "{ viewer { ...A } } fragment A on Viewer { role ...B } fragment B on Viewer { ...A }",
        )
        .unwrap_err();
        assert!(err.contains("spreads itself"), "{err}");
    }

    #[test]
    fn aliases_count_where_fragments_are_used() {
        let aliased: String = (0..10).map(|i| format!("a{i}: role ")).collect();
        let q =
            format!("{{ viewer {{ ...A ...A ...A ...A }} }} fragment A on Viewer {{ {aliased} }}");
        let err = check(&q).unwrap_err();
        assert!(err.contains("too many aliases: 40"), "{err}");
    }

    #[test]
    fn depth_counts_api_fields_and_through_fragments() {
        let nest = |n: usize| format!("{}role{}", "viewer { ".repeat(n), " }".repeat(n));
        // viewer is not recursive, but depth is measured on the text alone.
        assert_eq!(check(&format!("{{ {} }}", nest(11))), Ok(()));
        let err = check(&format!("{{ {} }}", nest(12))).unwrap_err();
        assert!(err.contains("nested too deep: 13"), "{err}");
        let err = check(&format!(
            "{{ viewer {{ ...A }} }} fragment A on Viewer {{ {} }}",
            nest(11)
        ))
        .unwrap_err();
        assert!(err.contains("nested too deep: 13"), "{err}");
    }

    #[test]
    fn introspection_is_costed_not_depth_limited() {
        let type_ref = format!(
            "kind name {}",
            "ofType { kind name ".repeat(9) + &"}".repeat(9)
        );
        let standard = format!(
            "query IntrospectionQuery {{ __schema {{ queryType {{ name }} types {{ ...FullType }} directives {{ name locations args {{ ...InputValue }} }} }} }}
             fragment FullType on __Type {{ kind name fields(includeDeprecated: true) {{ name args {{ ...InputValue }} type {{ ...TypeRef }} }} inputFields {{ ...InputValue }} interfaces {{ ...TypeRef }} enumValues(includeDeprecated: true) {{ name }} possibleTypes {{ ...TypeRef }} }}
             fragment InputValue on __InputValue {{ name type {{ ...TypeRef }} defaultValue }}
             fragment TypeRef on __Type {{ {type_ref} }}"
        );
        assert_eq!(check(&standard), Ok(()));
        // A cyclic walk through the type graph multiplies lists: refused.
        let err = check(
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
        )
        .unwrap_err();
        assert!(
            err.contains("introspection lists nested too deep: 4"),
            "{err}"
        );
        let err = check(&format!(
            "{{ __type(name: \"Case\") {{ {}name{} }} }}",
            "ofType { ".repeat(30),
            " }".repeat(30)
        ))
        .unwrap_err();
        assert!(err.contains("introspection nested too deep"), "{err}");
    }

    #[test]
    fn directives_are_counted_as_written() {
        let many: String = (0..51).map(|_| "@include(if: true) ").collect();
        let err = check(&format!("{{ viewer {many} {{ role }} }}")).unwrap_err();
        assert!(err.contains("too many directives: 51"), "{err}");
    }

    fn strings(query: &str, variables: serde_json::Value) -> Result<(), (String, String)> {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let variables = async_graphql::Variables::from_json(variables);
        check_strings(&doc, &variables, 10).map_err(|e| {
            let field = e
                .extensions
                .as_ref()
                .and_then(|x| x.get("field"))
                .map(|v| v.to_string())
                .unwrap_or_default();
            (e.message, field)
        })
    }

    #[test]
    fn nul_characters_and_long_strings_name_their_field() {
        let (msg, field) = strings(
            r#"{ caseByExternalId(externalId: "a\u0000b") { id } }"#,
            serde_json::json!({}),
        )
        .unwrap_err();
        assert!(msg.contains("NUL"), "{msg}");
        assert_eq!(field, "\"externalId\"");
        let q = "mutation($input: CreateCaseInput!) { createCase(input: $input) { id } }";
        let (_, field) = strings(
            q,
            serde_json::json!({ "input": { "companies": [{ "name": "ok" }, { "name": "x\u{0}" }] } }),
        )
        .unwrap_err();
        assert_eq!(field, "\"input.companies[1].name\"");
        let (msg, field) = strings(
            q,
            serde_json::json!({ "input": { "metadata": { "k": "eleven chars" } } }),
        )
        .unwrap_err();
        assert!(msg.contains("longer than 10"), "{msg}");
        assert_eq!(field, "\"input.metadata.k\"");
        // Keys of JSON objects too.
        let (_, field) = strings(
            q,
            serde_json::json!({ "input": { "metadata": { "a\u{0}": "v" } } }),
        )
        .unwrap_err();
        assert_eq!(field, "\"input.metadata\"");
        // Ten characters of four bytes each are ten characters.
        assert_eq!(
            strings(
                q,
                serde_json::json!({ "input": { "name": "𝔸".repeat(10) } })
            ),
            Ok(())
        );
    }
}
