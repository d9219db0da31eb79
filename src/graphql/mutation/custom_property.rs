//! Custom property definitions (admins) and values.

use async_graphql::{Context, Json, Object, ID};
use serde_json::Value;

use crate::domain::custom_property::PropertyTarget;
use crate::graphql::session;
use crate::graphql::types::custom_property::CustomPropertyDefinition;
use crate::service::custom_property::{
    self, DefineCustomPropertyInput, UpdateCustomPropertyDefinitionInput,
};
use crate::service::input::parse_id;

#[derive(Default)]
pub struct CustomPropertyMutation;

#[Object]
impl CustomPropertyMutation {
    /// Defines a custom property for cases, companies or individuals (admins).
    async fn define_custom_property(
        &self,
        ctx: &Context<'_>,
        input: DefineCustomPropertyInput,
    ) -> async_graphql::Result<CustomPropertyDefinition> {
        Ok(CustomPropertyDefinition(
            custom_property::define(session(ctx)?, &input).await?,
        ))
    }

    /// Changes a definition's label or settings (admins); stored values are kept.
    async fn update_custom_property_definition(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateCustomPropertyDefinitionInput,
    ) -> async_graphql::Result<CustomPropertyDefinition> {
        Ok(CustomPropertyDefinition(
            custom_property::update(session(ctx)?, parse_id("id", &id)?, &input).await?,
        ))
    }

    /// Deletes a definition (admins). Returns its id.
    async fn delete_custom_property_definition(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<ID> {
        Ok(ID(custom_property::delete(
            session(ctx)?,
            parse_id("id", &id)?,
        )
        .await?
        .to_string()))
    }

    /// Merges custom property values into a case, company or individual, key by key;
    /// `null` resets a key. An unknown key or a bad value is refused with
    /// `extensions.field` = `values.<key>`. Returns the values after the change.
    async fn set_custom_properties(
        &self,
        ctx: &Context<'_>,
        target: PropertyTarget,
        entity_id: ID,
        values: Json<Value>,
        expected_version: Option<i64>,
    ) -> async_graphql::Result<Json<Value>> {
        let s = session(ctx)?;
        Ok(Json(
            custom_property::set_values(
                s,
                target,
                parse_id("entityId", &entity_id)?,
                &values.0,
                expected_version,
            )
            .await?,
        ))
    }
}
