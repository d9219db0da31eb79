//! A workspace's settings, stored as one JSON document on the workspace row. Every field
//! has a default, so settings written by an older version still read.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{CasePriority, CaseStatus, CaseType, RiskLevel};

/// Hours from a case's creation to its due date (SLA), per priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SlaHours {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

impl Default for SlaHours {
    fn default() -> Self {
        Self {
            critical: 24,
            high: 72,
            medium: 240,
            low: 720,
        }
    }
}

impl SlaHours {
    /// The hours of one priority.
    pub fn of(&self, priority: CasePriority) -> u32 {
        match priority {
            CasePriority::Critical => self.critical,
            CasePriority::High => self.high,
            CasePriority::Medium => self.medium,
            CasePriority::Low => self.low,
        }
    }

    /// A case's due date: creation + its priority's hours while it is `DRAFT` or `OPEN`;
    /// none once it is decided (approved, rejected or closed).
    pub fn due_at(
        &self,
        created_at: DateTime<Utc>,
        priority: CasePriority,
        status: CaseStatus,
    ) -> Option<DateTime<Utc>> {
        match status {
            CaseStatus::Draft | CaseStatus::Open => {
                Some(created_at + Duration::hours(i64::from(self.of(priority))))
            }
            _ => None,
        }
    }
}

/// Periodic review intervals in months per risk level (`None`: no periodic review).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReviewIntervals {
    pub not_defined: Option<u32>,
    pub low: Option<u32>,
    pub medium: Option<u32>,
    pub high: Option<u32>,
    pub critical: Option<u32>,
    pub prohibited: Option<u32>,
}

impl Default for ReviewIntervals {
    fn default() -> Self {
        Self {
            not_defined: Some(12),
            low: Some(36),
            medium: Some(24),
            high: Some(12),
            critical: Some(6),
            prohibited: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkspaceSettings {
    pub review_comment_required: bool,
    pub auto_approve: bool,
    pub ubo_threshold: f64,
    pub review_intervals_months: ReviewIntervals,
    pub document_expiry_window_days: u32,
    pub sla_hours: SlaHours,
    pub four_eyes: FourEyes,
}

/// Which `APPROVED` reviews need a second person (SPEC §3 "Four-eyes decisions"): those of
/// cases at one of `risk_levels` or of one of `case_types`. Empty (off) by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FourEyes {
    pub risk_levels: Vec<RiskLevel>,
    pub case_types: Vec<CaseType>,
}

impl FourEyes {
    /// Whether approving a case of this risk level and type needs a second person.
    pub fn applies(&self, risk_level: RiskLevel, case_type: CaseType) -> bool {
        self.risk_levels.contains(&risk_level) || self.case_types.contains(&case_type)
    }
}

impl Default for WorkspaceSettings {
    fn default() -> Self {
        Self {
            review_comment_required: false,
            auto_approve: false,
            ubo_threshold: 25.0,
            review_intervals_months: ReviewIntervals::default(),
            document_expiry_window_days: 30,
            sla_hours: SlaHours::default(),
            four_eyes: FourEyes::default(),
        }
    }
}

impl WorkspaceSettings {
    /// Reads stored settings; anything unreadable falls back to the defaults field by field.
    pub fn from_json(value: &serde_json::Value) -> Self {
        serde_json::from_value(value.clone()).unwrap_or_default()
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_follow_priority_and_stop_at_decisions() {
        let sla = SlaHours::default();
        let t = DateTime::<Utc>::UNIX_EPOCH;
        assert_eq!(
            sla.due_at(t, CasePriority::Critical, CaseStatus::Open),
            Some(t + Duration::hours(24))
        );
        assert_eq!(
            sla.due_at(t, CasePriority::Low, CaseStatus::Draft),
            Some(t + Duration::hours(720))
        );
        for decided in [
            CaseStatus::Approved,
            CaseStatus::Rejected,
            CaseStatus::Closed,
        ] {
            assert_eq!(sla.due_at(t, CasePriority::High, decided), None);
        }
    }

    #[test]
    fn settings_without_sla_hours_read_the_defaults() {
        let s = WorkspaceSettings::from_json(&serde_json::json!({ "autoApprove": true }));
        assert!(s.auto_approve);
        assert_eq!(s.sla_hours, SlaHours::default());
    }
}
