//! SeaORM models for CaseGraph's tables: one module per table, plus the typed values their
//! columns hold ([`enums`], [`country`]). No GraphQL here, except the `graphql` feature's
//! derive on the stored enumerations.

pub mod alert;
pub mod aml_hit;
pub mod audit_event;
pub mod case;
pub mod case_review;
pub mod case_tag;
pub mod case_template;
pub mod check;
pub mod company;
pub mod country;
pub mod custom_property_definition;
pub mod document;
pub mod enums;
pub mod idempotency_key;
pub mod individual;
pub mod note;
pub mod outbox_event;
pub mod relation;
pub mod risk;
pub mod screening_result;
pub mod user;
pub mod webhook;
pub mod webhook_delivery;
pub mod workspace;

/// Every `Entity`, under its table's CamelCase name.
pub mod prelude {
    pub use super::alert::Entity as Alert;
    pub use super::aml_hit::Entity as AmlHit;
    pub use super::audit_event::Entity as AuditEvent;
    pub use super::case::Entity as Case;
    pub use super::case_review::Entity as CaseReview;
    pub use super::case_tag::Entity as CaseTag;
    pub use super::case_template::Entity as CaseTemplate;
    pub use super::check::Entity as Check;
    pub use super::company::Entity as Company;
    pub use super::custom_property_definition::Entity as CustomPropertyDefinition;
    pub use super::document::Entity as Document;
    pub use super::idempotency_key::Entity as IdempotencyKey;
    pub use super::individual::Entity as Individual;
    pub use super::note::Entity as Note;
    pub use super::outbox_event::Entity as OutboxEvent;
    pub use super::relation::Entity as Relation;
    pub use super::risk::Entity as Risk;
    pub use super::screening_result::Entity as ScreeningResult;
    pub use super::user::Entity as User;
    pub use super::webhook::Entity as Webhook;
    pub use super::webhook_delivery::Entity as WebhookDelivery;
    pub use super::workspace::Entity as Workspace;
}
