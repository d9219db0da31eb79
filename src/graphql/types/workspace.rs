//! The tenant and its people: users (as first seen in a token) and the workspace with its
//! settings.

use async_graphql::{Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::{user, workspace};

use crate::domain::settings::{CaseTriggers, WorkspaceSettings};
use crate::domain::Role;
use crate::graphql::loaders::Node;

/// A person or integration of the workspace, as first seen in a token.
pub struct User(pub Node<user::Model>);

/// A person or integration of the workspace.
#[Object]
impl User {
    /// The user's unique identifier, for `assignCase`.
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The token subject (`sub`).
    async fn subject(&self) -> &str {
        &self.0.subject
    }
    /// Display name, from the token's `name` claim.
    async fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }
    /// Email, from the token's `email` claim.
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    /// Role when first seen.
    async fn role(&self) -> Role {
        self.0.role
    }
    /// When first seen.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Review intervals in months per risk level; `null`: no periodic review.
#[derive(SimpleObject)]
pub struct ReviewIntervals {
    /// For `NOT_DEFINED`.
    pub not_defined: Option<u32>,
    /// For `LOW`.
    pub low: Option<u32>,
    /// For `MEDIUM`.
    pub medium: Option<u32>,
    /// For `HIGH`.
    pub high: Option<u32>,
    /// For `CRITICAL`.
    pub critical: Option<u32>,
    /// For `PROHIBITED`.
    pub prohibited: Option<u32>,
}

/// Hours from a case's creation to its due date, per priority.
#[derive(SimpleObject)]
pub struct SlaHours {
    /// For `CRITICAL`.
    pub critical: u32,
    /// For `HIGH`.
    pub high: u32,
    /// For `MEDIUM`.
    pub medium: u32,
    /// For `LOW`.
    pub low: u32,
}

/// A workspace's settings.
#[derive(SimpleObject)]
pub struct WorkspaceSettingsView {
    /// Case reviews need a comment.
    pub review_comment_required: bool,
    /// An open case whose checks all become approved is approved by a system review.
    pub auto_approve: bool,
    /// Total interest (percent) from which an individual is a beneficial owner.
    pub ubo_threshold: f64,
    /// Periodic review intervals.
    pub review_intervals_months: ReviewIntervals,
    /// Days before a document's expiry that an alert is raised.
    pub document_expiry_window_days: u32,
    /// Hours from a case's creation to its due date, per priority.
    pub sla_hours: SlaHours,
    /// Which `APPROVED` reviews need a second person (four-eyes).
    pub four_eyes: FourEyesView,
    /// Years a closed or rejected case is kept after its decision before its personal data
    /// is erased (`eraseCase`, the retention job).
    pub retention_years: u32,
}

/// Which `APPROVED` reviews need a second person: cases at one of these risk levels or of
/// one of these types. Empty: off.
#[derive(SimpleObject)]
pub struct FourEyesView {
    /// Risk levels.
    pub risk_levels: Vec<crate::domain::RiskLevel>,
    /// Case types.
    pub case_types: Vec<crate::domain::CaseType>,
}

/// The tenant: every case and user belongs to one workspace.
pub struct Workspace(pub workspace::Model);

/// The tenant: every case and user belongs to one workspace.
#[Object]
impl Workspace {
    /// The workspace id (the tokens' `workspace_id`).
    pub(crate) async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    /// The workspace's display name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The workspace's settings (review periods, SLA…).
    #[graphql(name = "settings")]
    async fn settings(&self) -> WorkspaceSettingsView {
        let s = WorkspaceSettings::from_json(&self.0.settings);
        let r = s.review_intervals_months;
        WorkspaceSettingsView {
            review_comment_required: s.review_comment_required,
            auto_approve: s.auto_approve,
            ubo_threshold: s.ubo_threshold,
            review_intervals_months: ReviewIntervals {
                not_defined: r.not_defined,
                low: r.low,
                medium: r.medium,
                high: r.high,
                critical: r.critical,
                prohibited: r.prohibited,
            },
            document_expiry_window_days: s.document_expiry_window_days,
            sla_hours: SlaHours {
                critical: s.sla_hours.critical,
                high: s.sla_hours.high,
                medium: s.sla_hours.medium,
                low: s.sla_hours.low,
            },
            four_eyes: FourEyesView {
                risk_levels: s.four_eyes.risk_levels,
                case_types: s.four_eyes.case_types,
            },
            retention_years: s.retention_years,
        }
    }
    /// Which screening results open a case (`ingestScreeningResult`); admins change them
    /// with `updateCaseTriggers`.
    async fn case_triggers(&self) -> CaseTriggers {
        WorkspaceSettings::from_json(&self.0.settings).case_triggers
    }
    /// When the workspace was first used (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
