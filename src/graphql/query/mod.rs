//! The query root.

mod alert;
mod case;
mod node;
mod report;
mod template;
mod viewer;
mod webhook;

use async_graphql::MergedObject;

/// Reads.
#[derive(MergedObject, Default)]
pub struct Query(
    viewer::ViewerQuery,
    case::CaseQuery,
    alert::AlertQuery,
    template::TemplateQuery,
    node::NodeQuery,
    webhook::WebhookQuery,
    report::ReportQuery,
);
