//! Case templates: presets that `createCasesFromTemplate` makes cases from.
//!
//! The four built-ins are code, not rows: every workspace has them without seeding. A row
//! with a built-in's key overrides it for its workspace; deleting that row restores the
//! built-in. Admins add their own templates the same way (`upsertCaseTemplate`).

use async_graphql::{InputObject, Json, SimpleObject};
use chrono::{DateTime, Utc};
use entity::case_template;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use super::{audit, custom_property, Session};
use crate::auth::Permission;
use crate::domain::custom_property::PropertyTarget;
use crate::domain::values::{metadata, optional_text, required_text, tags, MAX_NAME, MAX_TEXT};
use crate::domain::{CasePriority, CaseType, CheckType};
use crate::error::{AppError, AppResult};

/// Longest template key.
pub const MAX_KEY: usize = 64;
/// Most checks one template opens.
pub const MAX_TEMPLATE_CHECKS: usize = 50;

/// A check a template opens on each case it creates (on the case itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, SimpleObject, InputObject)]
#[graphql(input_name = "TemplateCheckInput")]
pub struct TemplateCheck {
    /// What the check verifies.
    #[graphql(name = "type")]
    #[serde(rename = "type")]
    pub check_type: CheckType,
    /// A label; defaults to the type's name.
    pub label: Option<String>,
}

/// A case template as the API shows it: a built-in, an override of one, or the workspace's
/// own.
#[derive(Debug, Clone, SimpleObject)]
pub struct CaseTemplate {
    /// Stable key, unique in the workspace.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Type of the cases created.
    #[graphql(name = "type")]
    pub case_type: CaseType,
    /// Priority of the cases created (an item may set its own).
    pub priority: CasePriority,
    /// Name of the cases created: `{name}`, `{externalId}` and `{date}` (YYYY-MM-DD) are
    /// replaced by the item's values.
    pub name_pattern: String,
    /// Tags given to the cases created (an item's tags are added).
    pub tags: Vec<String>,
    /// Metadata of the cases created (an item's keys win).
    pub metadata: Option<Json<Value>>,
    /// Custom property values of the cases created (an item's keys win).
    pub custom_properties: Json<Value>,
    /// Checks opened on each case created (an item's checks are added).
    pub checks: Vec<TemplateCheck>,
    /// Whether the key is a built-in's (overridden or not).
    pub built_in: bool,
    /// Whether the workspace changed this template (a built-in overridden, or its own).
    pub customized: bool,
    /// Last change; `null` for an unchanged built-in.
    pub updated_at: Option<DateTime<Utc>>,
    /// The stored row, when there is one (cases point at it).
    #[graphql(skip)]
    pub row_id: Option<Uuid>,
}

/// A template to create or replace (admins).
#[derive(Debug, Clone, InputObject)]
pub struct CaseTemplateInput {
    /// Key: 1–64 of `[a-z0-9_]`. A built-in's key overrides it for the workspace.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Type of the cases created.
    #[graphql(name = "type")]
    pub case_type: CaseType,
    /// Default `MEDIUM`.
    pub priority: Option<CasePriority>,
    /// Default `{name}`.
    pub name_pattern: Option<String>,
    /// Tags every case made from the template starts with.
    #[graphql(default)]
    pub tags: Vec<String>,
    /// An object of string values.
    pub metadata: Option<Json<Value>>,
    /// Custom property values by key.
    pub custom_properties: Option<Json<Value>>,
    /// Checks to open on each case.
    #[graphql(default)]
    pub checks: Vec<TemplateCheck>,
}

fn check(check_type: CheckType, label: &str) -> TemplateCheck {
    TemplateCheck {
        check_type,
        label: Some(label.to_owned()),
    }
}

/// The built-in templates, in the order they are listed.
pub fn builtins() -> Vec<CaseTemplate> {
    let t = |key: &str,
             name: &str,
             description: &str,
             case_type,
             priority,
             pattern: &str,
             tags: &[&str],
             checks: Vec<TemplateCheck>| CaseTemplate {
        key: key.to_owned(),
        name: name.to_owned(),
        description: Some(description.to_owned()),
        case_type,
        priority,
        name_pattern: pattern.to_owned(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        metadata: None,
        custom_properties: Json(json!({})),
        checks,
        built_in: true,
        customized: false,
        updated_at: None,
        row_id: None,
    };
    vec![
        t(
            "annual_review",
            "Annual review",
            "Periodic KYC refresh of an existing customer.",
            CaseType::PeriodicReview,
            CasePriority::Medium,
            "Annual review: {name} ({date})",
            &["periodic-review"],
            vec![
                check(CheckType::IdDocument, "Identity document still valid"),
                check(CheckType::Aml, "AML screening refresh"),
            ],
        ),
        t(
            "adverse_media_alert",
            "Adverse media alert",
            "Negative news about a customer to assess.",
            CaseType::AdverseMedia,
            CasePriority::High,
            "Adverse media: {name}",
            &["adverse-media"],
            vec![
                check(CheckType::OnlineReputation, "Adverse media review"),
                check(CheckType::Aml, "AML screening"),
            ],
        ),
        t(
            "transaction_review",
            "Transaction review",
            "Review of a flagged transaction.",
            CaseType::TransactionReview,
            CasePriority::High,
            "Transaction review: {name} {externalId}",
            &["transaction-monitoring"],
            vec![
                check(CheckType::Document, "Transaction justification"),
                check(CheckType::Aml, "Counterparty screening"),
            ],
        ),
        t(
            "pep_enhanced_dd",
            "PEP enhanced due diligence",
            "Enhanced due diligence of a politically exposed person.",
            CaseType::Pep,
            CasePriority::High,
            "PEP EDD: {name}",
            &["pep", "edd"],
            vec![
                check(CheckType::Document, "Source of wealth"),
                check(CheckType::Document, "Source of funds"),
                check(CheckType::Aml, "AML screening"),
            ],
        ),
    ]
}

fn from_row(row: case_template::Model) -> CaseTemplate {
    let built_in = builtins().iter().any(|b| b.key == row.key);
    CaseTemplate {
        key: row.key,
        name: row.name,
        description: row.description,
        case_type: row.case_type,
        priority: row.priority,
        name_pattern: row.name_pattern,
        tags: serde_json::from_value(row.tags).unwrap_or_default(),
        metadata: row.metadata.map(Json),
        custom_properties: Json(row.custom_properties),
        checks: serde_json::from_value(row.checks).unwrap_or_default(),
        built_in,
        customized: true,
        updated_at: Some(row.updated_at),
        row_id: Some(row.id),
    }
}

/// The workspace's templates: built-ins (or their overrides) first, then its own by key.
pub async fn list<C: ConnectionTrait>(db: &C, s: &Session) -> AppResult<Vec<CaseTemplate>> {
    s.principal.authorize(Permission::Read)?;
    let rows = case_template::Entity::find()
        .filter(case_template::Column::WorkspaceId.eq(s.workspace()))
        .order_by_asc(case_template::Column::Key)
        .all(db)
        .await?;
    let mut rows: Vec<Option<case_template::Model>> = rows.into_iter().map(Some).collect();
    let mut out = vec![];
    for builtin in builtins() {
        let row = rows
            .iter_mut()
            .find(|r| r.as_ref().is_some_and(|r| r.key == builtin.key))
            .and_then(Option::take);
        out.push(row.map_or(builtin, from_row));
    }
    out.extend(rows.into_iter().flatten().map(from_row));
    Ok(out)
}

/// One template by key (an override before its built-in).
pub async fn get<C: ConnectionTrait>(
    db: &C,
    s: &Session,
    field: &str,
    key: &str,
) -> AppResult<CaseTemplate> {
    let row = case_template::Entity::find()
        .filter(case_template::Column::WorkspaceId.eq(s.workspace()))
        .filter(case_template::Column::Key.eq(key))
        .one(db)
        .await?;
    if let Some(row) = row {
        return Ok(from_row(row));
    }
    builtins()
        .into_iter()
        .find(|b| b.key == key)
        .ok_or_else(|| AppError::bad_input(field, "no template with this key"))
}

fn parse_key(key: &str) -> AppResult<String> {
    let ok = !key.is_empty()
        && key.len() <= MAX_KEY
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !ok {
        return Err(AppError::bad_input(
            "input.key",
            format!("1 to {MAX_KEY} of [a-z0-9_]"),
        ));
    }
    Ok(key.to_owned())
}

/// Checks a name pattern: placeholders are `{name}`, `{externalId}`, `{date}` only.
fn parse_pattern(pattern: &str) -> AppResult<String> {
    let pattern = required_text("input.namePattern", pattern, MAX_NAME)?;
    let mut rest = pattern.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(AppError::bad_input("input.namePattern", "an unclosed `{`"));
        };
        let name = &after[..close];
        if !matches!(name, "name" | "externalId" | "date") {
            return Err(AppError::bad_input(
                "input.namePattern",
                format!("unknown placeholder {{{name}}}: use {{name}}, {{externalId}} or {{date}}"),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(pattern)
}

/// A case name from a pattern.
pub fn render(pattern: &str, name: &str, external_id: Option<&str>, date: DateTime<Utc>) -> String {
    pattern
        .replace("{name}", name)
        .replace("{externalId}", external_id.unwrap_or(""))
        .replace("{date}", &date.format("%Y-%m-%d").to_string())
        .trim()
        .to_owned()
}

/// Creates or replaces a template (admins); a built-in's key overrides it.
pub async fn upsert(s: &Session, input: &CaseTemplateInput) -> AppResult<CaseTemplate> {
    s.principal.authorize(Permission::Administer)?;
    let key = parse_key(&input.key)?;
    let name = required_text("input.name", &input.name, MAX_NAME)?;
    let description = optional_text("input.description", input.description.as_deref(), MAX_TEXT)?;
    let pattern = parse_pattern(input.name_pattern.as_deref().unwrap_or("{name}"))?;
    let tags = tags("input.tags", &input.tags)?;
    let meta = input
        .metadata
        .as_ref()
        .map(|m| metadata("input.metadata", m))
        .transpose()?;
    if input.checks.len() > MAX_TEMPLATE_CHECKS {
        return Err(AppError::bad_input(
            "input.checks",
            format!("at most {MAX_TEMPLATE_CHECKS}"),
        ));
    }
    for (i, c) in input.checks.iter().enumerate() {
        optional_text(
            &format!("input.checks[{i}].label"),
            c.label.as_deref(),
            MAX_NAME,
        )?;
    }
    let definitions = custom_property::definitions(s.read(), s.workspace()).await?;
    let custom_properties = match &input.custom_properties {
        Some(values) => custom_property::apply(
            "input.customProperties",
            &json!({}),
            values,
            &definitions,
            PropertyTarget::Case,
        )?,
        None => json!({}),
    };
    let at = s.now();
    let row = case_template::Model {
        id: Uuid::new_v4(),
        workspace_id: s.workspace().to_owned(),
        key: key.clone(),
        name,
        description,
        case_type: input.case_type,
        priority: input.priority.unwrap_or(CasePriority::Medium),
        name_pattern: pattern,
        tags: json!(tags),
        metadata: meta,
        custom_properties,
        checks: json!(input.checks),
        is_builtin: builtins().iter().any(|b| b.key == key),
        created_at: at,
        updated_at: at,
    };
    s.write(async |txn| {
        case_template::Entity::insert(case_template::ActiveModel::from(row.clone()))
            .on_conflict(
                OnConflict::columns([
                    case_template::Column::WorkspaceId,
                    case_template::Column::Key,
                ])
                .update_columns([
                    case_template::Column::Name,
                    case_template::Column::Description,
                    case_template::Column::CaseType,
                    case_template::Column::Priority,
                    case_template::Column::NamePattern,
                    case_template::Column::Tags,
                    case_template::Column::Metadata,
                    case_template::Column::CustomProperties,
                    case_template::Column::Checks,
                    case_template::Column::UpdatedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
        let stored = case_template::Entity::find()
            .filter(case_template::Column::WorkspaceId.eq(s.workspace()))
            .filter(case_template::Column::Key.eq(key.as_str()))
            .one(txn)
            .await?
            .ok_or_else(|| AppError::Internal("template row missing after upsert".into()))?;
        audit::record_workspace(
            txn,
            s,
            "template.upserted",
            "CASE_TEMPLATE",
            Some(stored.id),
            json!({ "template": stored }),
        )
        .await?;
        Ok(from_row(stored))
    })
    .await
}

/// Deletes a workspace's template, or its override of a built-in (which comes back).
/// Returns the template now under that key, or `null`.
pub async fn delete(s: &Session, key: &str) -> AppResult<Option<CaseTemplate>> {
    s.principal.authorize(Permission::Administer)?;
    s.write(async |txn| {
        let row = case_template::Entity::find()
            .filter(case_template::Column::WorkspaceId.eq(s.workspace()))
            .filter(case_template::Column::Key.eq(key))
            .one(txn)
            .await?
            .ok_or(AppError::NotFound {
                entity: "CaseTemplate",
            })?;
        case_template::Entity::delete_by_id(row.id)
            .exec(txn)
            .await?;
        audit::record_workspace(
            txn,
            s,
            "template.deleted",
            "CASE_TEMPLATE",
            Some(row.id),
            json!({ "key": row.key }),
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(builtins().into_iter().find(|b| b.key == key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_render_and_unknown_placeholders_are_refused() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T10:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(
            render("Review {name} {externalId} {date}", "Acme", Some("X1"), at),
            "Review Acme X1 2026-11-30"
        );
        assert!(parse_pattern("{name} {nope}").is_err());
        assert!(parse_pattern("{name").is_err());
        assert!(parse_pattern("{date}: {name}").is_ok());
    }
}
