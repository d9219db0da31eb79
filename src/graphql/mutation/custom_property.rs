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
        #[graphql(desc = "The property: its key, label, type and what it applies to.")]
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
        #[graphql(desc = "The custom property definition to change.")] id: ID,
        #[graphql(desc = "The fields to change; fields left out keep their value.")]
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
        #[graphql(desc = "The custom property definition to delete.")] id: ID,
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
        #[graphql(desc = "What `entityId` names: a case, a company or an individual.")]
        target: PropertyTarget,
        #[graphql(desc = "The case, company or individual whose values change.")] entity_id: ID,
        #[graphql(
            desc = "A JSON object of property keys to values, each of its definition's type; `null` resets a key."
        )]
        values: Json<Value>,
        #[graphql(
            desc = "The case's `version` as last read: when the case has changed since, nothing is written and the answer is `CONFLICT`. Leave it out to write whatever the version."
        )]
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
