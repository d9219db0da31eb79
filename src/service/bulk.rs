//! Bulk creation: `bulkCreateCases` and `createCasesFromTemplate`, up to [`MAX_ITEMS`]
//! cases (each with its nested graph) in one transaction, all or nothing.
//!
//! Every item is parsed with `createCase`'s plan before the write; every bad item is
//! reported (its index and field), including external ids repeated within the batch or
//! already taken in the database. The rows go in as multi-row inserts, chunked under
//! SQLite's bound-parameter limit, and each case's audit chain starts in the same batch.

use std::collections::{BTreeSet, HashMap};

use async_graphql::{InputObject, Json, ID};
use entity::{aml_hit, audit_event, case, case_tag, check, company, individual, relation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, Iterable, QueryFilter,
    QuerySelect,
};
use serde_json::Value;

use super::audit;
use super::case::{
    ensure_related, in_order, live, CreateCaseInput, NewCase, DUPLICATE_EXTERNAL_ID,
};
use super::check::CheckInput;
use super::custom_property;
use super::idempotency::{self, Idempotency};
use super::party::{CompanyInput, IndividualInput};
use super::template::{self, CaseTemplate};
use super::Session;
use crate::auth::Permission;
use crate::domain::{CasePriority, CaseStatus, Processing};
use crate::error::{AppError, AppResult};

/// Most cases one bulk call creates.
pub const MAX_ITEMS: usize = 1_000;

/// Bound parameters per insert statement: under SQLite's limit (32,766) and PostgreSQL's
/// (65,535).
const MAX_PARAMS: usize = 30_000;

/// One case of `createCasesFromTemplate`: its own values, merged over the template's (the
/// item wins; tags and checks add up).
#[derive(Debug, Clone, InputObject)]
pub struct TemplateItemInput {
    /// Fills `{name}` in the template's name pattern.
    pub name: String,
    /// Your system's id for the case (fills `{externalId}`).
    pub external_id: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// Overrides the template's priority.
    pub priority: Option<CasePriority>,
    /// `DRAFT` or `OPEN` (the default).
    pub status: Option<CaseStatus>,
    /// Default `FULL`.
    pub processing: Option<Processing>,
    /// Added to the template's tags.
    #[graphql(default)]
    pub tags: Vec<String>,
    /// Merged over the template's metadata (the item's keys win).
    pub metadata: Option<Json<Value>>,
    /// Merged over the template's custom property values (the item's keys win).
    pub custom_properties: Option<Json<Value>>,
    /// A short summary.
    pub summary: Option<String>,
    /// Ids of live cases this case relates to.
    #[graphql(default)]
    pub related_case_ids: Vec<ID>,
    /// Companies to create with the case.
    #[graphql(default)]
    pub companies: Vec<CompanyInput>,
    /// Individuals to create with the case.
    #[graphql(default)]
    pub individuals: Vec<IndividualInput>,
    /// Checks added to the template's.
    #[graphql(default)]
    pub checks: Vec<CheckInput>,
}

fn merge_objects(base: Option<&Value>, item: Option<&Value>) -> Option<Value> {
    match (base, item) {
        (Some(Value::Object(b)), Some(Value::Object(i))) => {
            let mut out = b.clone();
            out.extend(i.iter().map(|(k, v)| (k.clone(), v.clone())));
            Some(Value::Object(out))
        }
        (_, Some(i)) => Some(i.clone()),
        (Some(b), None) => Some(b.clone()),
        (None, None) => None,
    }
}

/// The `createCase` input of a template item.
pub fn from_template(s: &Session, t: &CaseTemplate, item: &TemplateItemInput) -> CreateCaseInput {
    let mut tags = t.tags.clone();
    tags.extend(item.tags.iter().cloned());
    let mut checks: Vec<CheckInput> = t
        .checks
        .iter()
        .map(|c| CheckInput {
            check_type: c.check_type,
            label: c.label.clone(),
            status: None,
            subject_company_id: None,
            subject_individual_id: None,
            subject_ref: None,
            is_deactivated: false,
            data: None,
            expires_at: None,
            aml_hits: vec![],
        })
        .collect();
    checks.extend(item.checks.iter().cloned());
    let custom = merge_objects(
        Some(&t.custom_properties.0),
        item.custom_properties.as_ref().map(|j| &j.0),
    )
    .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()));
    CreateCaseInput {
        name: template::render(
            &t.name_pattern,
            &item.name,
            item.external_id.as_deref(),
            s.now(),
        ),
        external_id: item.external_id.clone(),
        description: item.description.clone().or_else(|| t.description.clone()),
        case_type: Some(t.case_type),
        priority: Some(item.priority.unwrap_or(t.priority)),
        status: item.status,
        processing: item.processing,
        tags,
        metadata: merge_objects(
            t.metadata.as_ref().map(|j| &j.0),
            item.metadata.as_ref().map(|j| &j.0),
        )
        .map(Json),
        custom_properties: custom.map(Json),
        summary: item.summary.clone(),
        related_case_ids: item.related_case_ids.clone(),
        companies: item.companies.clone(),
        individuals: item.individuals.clone(),
        checks,
    }
}

/// An item's refusal, named by the item's index; the field loses `createCase`'s `input.`.
fn as_item(index: usize, err: AppError) -> AppError {
    let strip = |f: &str| f.strip_prefix("input.").unwrap_or(f).to_owned();
    match err {
        AppError::BadInput { field, message } => AppError::BadItem {
            index,
            field: strip(&field),
            message,
        },
        AppError::BadItem {
            index: inner,
            field,
            message,
        } => AppError::BadItem {
            index,
            field: format!("{}[{inner}]", strip(&field)),
            message,
        },
        other => other,
    }
}

/// Inserts rows in as few statements as the parameter limit allows.
async fn insert_chunked<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    let columns = <A::Entity as EntityTrait>::Column::iter().count().max(1);
    let per = (MAX_PARAMS / columns).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Creates every case of `inputs` or none; under `key`, a retry returns the first call's
/// cases. Returns the cases in item order.
pub async fn create_many(
    s: &Session,
    inputs: &[CreateCaseInput],
    key: Option<&Idempotency>,
) -> AppResult<Vec<case::Model>> {
    create_planned(s, inputs, key, None).await
}

/// [`create_many`], the cases marked as made from `template` when given.
async fn create_planned(
    s: &Session,
    inputs: &[CreateCaseInput],
    key: Option<&Idempotency>,
    template: Option<&CaseTemplate>,
) -> AppResult<Vec<case::Model>> {
    s.principal.authorize(Permission::EditCases)?;
    if inputs.is_empty() {
        return Err(AppError::bad_input("items", "at least one item"));
    }
    if inputs.len() > MAX_ITEMS {
        return Err(AppError::bad_input(
            "items",
            format!("at most {MAX_ITEMS} per call"),
        ));
    }
    let definitions = custom_property::definitions(s.read(), s.workspace()).await?;
    let sla = super::workspace::settings(s.read(), s.workspace())
        .await?
        .sla_hours;
    let mut errors = vec![];
    let mut news: Vec<(usize, NewCase)> = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        match NewCase::parse(s, input, &definitions, &sla) {
            Ok(mut new) => {
                if let Some(t) = template {
                    new.case.template_id = t.row_id;
                    new.case.template_key = Some(t.key.clone());
                }
                news.push((i, new));
            }
            Err(e) => errors.push(as_item(i, e)),
        }
    }
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (i, new) in &news {
        if let Some(ext) = new.case.external_id.as_deref() {
            if let Some(first) = first_of.insert(ext, *i) {
                first_of.insert(ext, first);
                errors.push(AppError::BadItem {
                    index: *i,
                    field: "externalId".into(),
                    message: format!("repeats the externalId of item {first}"),
                });
            }
        }
    }
    let (ids, replayed) = idempotency::run_for_ids(s, key, async |txn| {
        let mut errors = errors;
        // External ids already taken by live cases.
        let wanted: Vec<String> = first_of.keys().map(|k| (*k).to_owned()).collect();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        for chunk in wanted.chunks(MAX_PARAMS / 2) {
            let rows: Vec<Option<String>> = case::Entity::find()
                .select_only()
                .column(case::Column::ExternalId)
                .filter(live(s.workspace()))
                .filter(case::Column::ExternalId.is_in(chunk.iter().cloned()))
                .into_tuple()
                .all(txn)
                .await?;
            taken.extend(rows.into_iter().flatten());
        }
        for (i, new) in &news {
            if new
                .case
                .external_id
                .as_ref()
                .is_some_and(|e| taken.contains(e))
            {
                errors.push(AppError::BadItem {
                    index: *i,
                    field: "externalId".into(),
                    message: DUPLICATE_EXTERNAL_ID.into(),
                });
            }
            if let Err(e) = ensure_related(txn, s, new.case.id, &new.related).await {
                errors.push(as_item(*i, e));
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| match e {
                AppError::BadItem { index, .. } => *index,
                _ => 0,
            });
            return Err(AppError::Batch(errors));
        }
        let cases: Vec<case::ActiveModel> = news
            .iter()
            .map(|(_, n)| case::ActiveModel::from(n.case.clone()))
            .collect();
        // A concurrent call may have taken an external id since the check above.
        insert_chunked(txn, cases)
            .await
            .map_err(|e| AppError::on_unique(e, "externalId", DUPLICATE_EXTERNAL_ID))?;
        let mut tags = vec![];
        let mut companies = vec![];
        let mut individuals = vec![];
        let mut relations = vec![];
        let mut checks = vec![];
        let mut hits = vec![];
        let mut events: Vec<audit_event::Model> = vec![];
        for (_, n) in &news {
            tags.extend(n.tags.iter().map(|t| case_tag::ActiveModel {
                case_id: sea_orm::Set(n.case.id),
                workspace_id: sea_orm::Set(n.case.workspace_id.clone()),
                tag: sea_orm::Set(t.clone()),
            }));
            companies.extend(
                n.graph
                    .new_companies()
                    .iter()
                    .cloned()
                    .map(company::ActiveModel::from),
            );
            individuals.extend(
                n.graph
                    .new_individuals()
                    .iter()
                    .cloned()
                    .map(individual::ActiveModel::from),
            );
            relations.extend(
                n.graph
                    .new_relations()
                    .iter()
                    .cloned()
                    .map(relation::ActiveModel::from),
            );
            checks.extend(n.checks.iter().cloned().map(check::ActiveModel::from));
            hits.extend(n.hits.iter().cloned().map(aml_hit::ActiveModel::from));
            events.extend(audit::new_case_chain(s, n.case.id, n.events()));
        }
        insert_chunked(txn, tags).await?;
        insert_chunked(txn, companies).await?;
        insert_chunked(txn, individuals).await?;
        insert_chunked(txn, relations).await?;
        insert_chunked(txn, checks).await?;
        insert_chunked(txn, hits).await?;
        let (events, outbox) = audit::with_outbox(events);
        insert_chunked(txn, events).await?;
        insert_chunked(txn, outbox).await?;
        Ok(news.iter().map(|(_, n)| n.case.id).collect())
    })
    .await?;
    if replayed {
        return in_order(s, &ids).await;
    }
    Ok(news.into_iter().map(|(_, n)| n.case).collect())
}

/// `createCasesFromTemplate`: every item merged over the template, then [`create_many`].
pub async fn create_from_template(
    s: &Session,
    template_key: &str,
    items: &[TemplateItemInput],
    key: Option<&Idempotency>,
) -> AppResult<Vec<case::Model>> {
    s.principal.authorize(Permission::EditCases)?;
    let t = template::get(s.read(), s, "templateKey", template_key).await?;
    let inputs: Vec<CreateCaseInput> = items.iter().map(|i| from_template(s, &t, i)).collect();
    create_planned(s, &inputs, key, Some(&t)).await
}
