//! The mutation root. Every mutation goes through a service, which checks the caller's role,
//! scopes to the workspace, and writes an audit event in the same transaction.

mod alert;
mod case;
mod check;
mod custom_property;
pub mod document;
mod lifecycle;
mod party;
mod risk;
mod screening;
mod template;
mod webhook;
mod workspace;

use async_graphql::MergedObject;

/// Writes.
#[derive(MergedObject, Default)]
pub struct Mutation(
    alert::AlertMutation,
    case::CaseMutation,
    party::PartyMutation,
    check::CheckMutation,
    custom_property::CustomPropertyMutation,
    document::DocumentMutation,
    lifecycle::LifecycleMutation,
    risk::RiskMutation,
    screening::ScreeningMutation,
    template::TemplateMutation,
    webhook::WebhookMutation,
    workspace::WorkspaceMutation,
);
