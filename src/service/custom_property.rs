//! Custom properties: admins define them per target; values are set on cases, companies
//! and individuals (merged key by key; `null` resets a key). The rules are
//! `domain::custom_property`; this module stores definitions and applies values.

use async_graphql::{InputObject, Json};
use entity::{case, company, custom_property_definition as definition, individual};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::audit::{self, Change};
use super::{case as case_service, Session};
use crate::auth::Permission;
use crate::domain::custom_property::{
    merge, validate_key, validate_settings, PropertyDefinition, PropertySettings, PropertyTarget,
    PropertyType,
};
use crate::domain::entity_graph::Party;
use crate::domain::values::{required_text, MAX_NAME};
use crate::error::{AppError, AppResult};

/// A new custom property.
#[derive(Debug, Clone, InputObject)]
pub struct DefineCustomPropertyInput {
    /// What it is set on.
    pub target: PropertyTarget,
    /// The key values are stored under: a letter, then letters, digits or `_` (at most 64).
    pub key: String,
    /// What people read.
    pub label: String,
    /// The value's type.
    #[graphql(name = "type")]
    pub property_type: PropertyType,
    /// Settings of the type: `options` and `allowMultiple` (CHOICES), `allowMultiple`
    /// (COUNTRIES), `format`, `currency`, `min`, `max` (NUMERIC), `multiline` (TEXT).
    pub settings: Option<Json<Value>>,
}

/// Changes to a definition (its key, target and type are fixed).
#[derive(Debug, Clone, InputObject)]
pub struct UpdateCustomPropertyDefinitionInput {
    /// New label.
    pub label: Option<String>,
    /// Replaces the settings.
    pub settings: Option<Json<Value>>,
}

/// The workspace's definitions (every target), for validating values.
pub async fn definitions<C: ConnectionTrait>(
    db: &C,
    workspace: &str,
) -> AppResult<Vec<PropertyDefinition>> {
    definition::Entity::find()
        .filter(definition::Column::WorkspaceId.eq(workspace))
        .all(db)
        .await?
        .iter()
        .map(|d| PropertyDefinition::read(&d.key, d.target, d.property_type, &d.settings))
        .collect()
}

/// Stored definitions of one target (or all), by key.
pub async fn list(
    s: &Session,
    target: Option<PropertyTarget>,
) -> AppResult<Vec<definition::Model>> {
    let mut q =
        definition::Entity::find().filter(definition::Column::WorkspaceId.eq(s.workspace()));
    if let Some(t) = target {
        q = q.filter(definition::Column::Target.eq(t));
    }
    Ok(q.order_by_asc(definition::Column::Target)
        .order_by_asc(definition::Column::Key)
        .all(s.read())
        .await?)
}

fn settings_of(
    field: &str,
    property_type: PropertyType,
    raw: Option<&Json<Value>>,
) -> AppResult<PropertySettings> {
    let settings = PropertySettings::from_json(field, raw.map_or(&Value::Null, |j| &j.0))?;
    validate_settings(field, property_type, &settings)?;
    Ok(settings)
}

/// `defineCustomProperty` (admins).
pub async fn define(
    s: &Session,
    input: &DefineCustomPropertyInput,
) -> AppResult<definition::Model> {
    s.principal.authorize(Permission::Administer)?;
    validate_key("input.key", &input.key)?;
    let settings = settings_of(
        "input.settings",
        input.property_type,
        input.settings.as_ref(),
    )?;
    let at = s.now();
    let model = definition::Model {
        id: Uuid::new_v4(),
        workspace_id: s.workspace().to_owned(),
        target: input.target,
        key: input.key.clone(),
        label: required_text("input.label", &input.label, MAX_NAME)?,
        property_type: input.property_type,
        settings: settings.to_json(),
        created_at: at,
        updated_at: at,
    };
    s.write(async |txn| {
        definition::Entity::insert(definition::ActiveModel::from(model.clone()))
            .exec_without_returning(txn)
            .await
            .map_err(|e| {
                AppError::on_unique(
                    e,
                    "input.key",
                    "a custom property with this key already exists for this target",
                )
            })?;
        audit::record_workspace(
            txn,
            s,
            "custom_property.defined",
            "CUSTOM_PROPERTY",
            Some(model.id),
            json!({ "created": model }),
        )
        .await?;
        Ok(model)
    })
    .await
}

/// A definition of the caller's workspace, locked for a change (concurrent changes to it
/// apply one after the other, each seeing the one before).
async fn lock(txn: &DatabaseTransaction, s: &Session, id: Uuid) -> AppResult<definition::Model> {
    definition::Entity::find_by_id(id)
        .filter(definition::Column::WorkspaceId.eq(s.workspace()))
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or(AppError::NotFound {
            entity: "CustomPropertyDefinition",
        })
}

/// `updateCustomPropertyDefinition` (admins). Values already stored stay as they are.
pub async fn update(
    s: &Session,
    id: Uuid,
    input: &UpdateCustomPropertyDefinitionInput,
) -> AppResult<definition::Model> {
    s.principal.authorize(Permission::Administer)?;
    s.write(async |txn| {
        let before = lock(txn, s, id).await?;
        let property_type = before.property_type;
        let mut after = before.clone();
        if let Some(label) = &input.label {
            after.label = required_text("input.label", label, MAX_NAME)?;
        }
        if input.settings.is_some() {
            after.settings =
                settings_of("input.settings", property_type, input.settings.as_ref())?.to_json();
        }
        after.updated_at = s.now();
        definition::Entity::update(definition::ActiveModel {
            id: Set(id),
            label: Set(after.label.clone()),
            settings: Set(after.settings.clone()),
            updated_at: Set(after.updated_at),
            ..Default::default()
        })
        .exec(txn)
        .await?;
        let changes = audit::diff(&[
            ("label", json!(before.label), json!(after.label)),
            ("settings", before.settings.clone(), after.settings.clone()),
        ]);
        audit::record_workspace(
            txn,
            s,
            "custom_property.updated",
            "CUSTOM_PROPERTY",
            Some(id),
            changes,
        )
        .await?;
        Ok(after)
    })
    .await
}

/// `deleteCustomPropertyDefinition` (admins). Stored values stay on their entities (the
/// audit trail refers to them) and can be reset with `null`.
pub async fn delete(s: &Session, id: Uuid) -> AppResult<Uuid> {
    s.principal.authorize(Permission::Administer)?;
    s.write(async |txn| {
        let before = lock(txn, s, id).await?;
        definition::Entity::delete_by_id(id).exec(txn).await?;
        audit::record_workspace(
            txn,
            s,
            "custom_property.deleted",
            "CUSTOM_PROPERTY",
            Some(id),
            json!({ "deleted": before }),
        )
        .await?;
        Ok(id)
    })
    .await
}

/// Merges `changes` into `current` for an entity of `target`; errors name `at.<key>`.
pub fn apply(
    at: &str,
    current: &Value,
    changes: &Value,
    definitions: &[PropertyDefinition],
    target: PropertyTarget,
) -> AppResult<Value> {
    let Value::Object(changes) = changes else {
        return Err(AppError::bad_input(
            at,
            "must be an object of values by key",
        ));
    };
    let empty = Map::new();
    let current = current.as_object().unwrap_or(&empty);
    match merge(current, changes, definitions, target) {
        Ok(merged) => Ok(Value::Object(merged)),
        Err(AppError::BadInput { field, message }) => {
            let key = field.strip_prefix("customProperties").unwrap_or(&field);
            Err(AppError::BadInput {
                field: format!("{at}{key}"),
                message,
            })
        }
        Err(other) => Err(other),
    }
}

/// `setCustomProperties`: merges values into a case, company or individual (per key;
/// `null` resets a key). Returns the entity's values after the change.
pub async fn set_values(
    s: &Session,
    target: PropertyTarget,
    entity_id: Uuid,
    values: &Value,
    expected_version: Option<i64>,
) -> AppResult<Value> {
    s.principal.authorize(Permission::EditCases)?;
    let at = "values";
    let ws = s.workspace();
    s.write(async |txn| {
        let party = match target {
            PropertyTarget::Case => None,
            PropertyTarget::Company => Some(Party::Company(entity_id)),
            PropertyTarget::Individual => Some(Party::Individual(entity_id)),
        };
        let (case_id, entity_type) = match party {
            None => (entity_id, "CASE"),
            Some(party) => (
                super::party::case_of_party(txn, s, party).await?,
                party.entity_type(),
            ),
        };
        let locked = case_service::lock_for_change(txn, s, case_id, expected_version).await?;
        let definitions = definitions(txn, ws).await?;
        let current = match target {
            PropertyTarget::Case => locked.custom_properties.clone(),
            PropertyTarget::Company => company::Entity::find_by_id(entity_id)
                .one(txn)
                .await?
                .map(|c| c.custom_properties)
                .unwrap_or_default(),
            PropertyTarget::Individual => individual::Entity::find_by_id(entity_id)
                .one(txn)
                .await?
                .map(|p| p.custom_properties)
                .unwrap_or_default(),
        };
        let after = apply(at, &current, values, &definitions, target)?;
        match target {
            PropertyTarget::Case => {
                case::Entity::update(case::ActiveModel {
                    id: Set(entity_id),
                    custom_properties: Set(after.clone()),
                    ..Default::default()
                })
                .exec(txn)
                .await?;
            }
            PropertyTarget::Company => {
                company::Entity::update(company::ActiveModel {
                    id: Set(entity_id),
                    custom_properties: Set(after.clone()),
                    updated_at: Set(s.now()),
                    ..Default::default()
                })
                .exec(txn)
                .await?;
            }
            PropertyTarget::Individual => {
                individual::Entity::update(individual::ActiveModel {
                    id: Set(entity_id),
                    custom_properties: Set(after.clone()),
                    updated_at: Set(s.now()),
                    ..Default::default()
                })
                .exec(txn)
                .await?;
            }
        }
        let changes = audit::diff(&[("customProperties", current, after.clone())]);
        audit::record(
            txn,
            s,
            Change {
                case_id,
                action: "custom_properties.set",
                entity_type,
                entity_id: Some(entity_id),
                changes,
            },
        )
        .await?;
        Ok(after)
    })
    .await
}
