//! A workspace's settings, stored as one JSON document on the workspace row. Every field
//! has a default, so settings written by an older version still read.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{CasePriority, CaseStatus, CaseType, RiskLevel, ScreeningKind};

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

/// A screening trigger without a threshold (PEP, fraud, verification failure): on or off,
/// and the priority of the case it creates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ScreeningTrigger")]
pub struct Trigger {
    /// Whether results of this kind open a case.
    pub enabled: bool,
    /// Priority of the case opened.
    pub priority: CasePriority,
}

/// The sanctions trigger: a case when the result's confidence is at least `minConfidence`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
pub struct SanctionsTrigger {
    /// Whether sanctions results open a case.
    pub enabled: bool,
    /// Lowest confidence (0–100, inclusive) that opens a case.
    pub min_confidence: f64,
    /// Priority of the case opened.
    pub priority: CasePriority,
}

/// The adverse media trigger: a case when the result's risk score is at least
/// `minRiskScore`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
pub struct AdverseMediaTrigger {
    /// Whether adverse media results open a case.
    pub enabled: bool,
    /// Lowest risk score (0–100, inclusive) that opens a case.
    pub min_risk_score: f64,
    /// Priority of the case opened.
    pub priority: CasePriority,
}

/// Which screening results open a case, and with which priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase", default)]
pub struct CaseTriggers {
    /// Sanctions hit with confidence ≥ `minConfidence` → `SANCTIONS` case.
    pub sanctions: SanctionsTrigger,
    /// PEP match → `PEP` case.
    pub pep: Trigger,
    /// Fraud signals → `FRAUD` case.
    pub fraud: Trigger,
    /// Verification failure → `VERIFICATION` case.
    pub verification_failure: Trigger,
    /// Adverse media with risk score ≥ `minRiskScore` → `ADVERSE_MEDIA` case.
    pub adverse_media: AdverseMediaTrigger,
}

impl Default for CaseTriggers {
    fn default() -> Self {
        let on = |priority| Trigger {
            enabled: true,
            priority,
        };
        Self {
            sanctions: SanctionsTrigger {
                enabled: true,
                min_confidence: 80.0,
                priority: CasePriority::Critical,
            },
            pep: on(CasePriority::High),
            fraud: on(CasePriority::High),
            verification_failure: on(CasePriority::Medium),
            adverse_media: AdverseMediaTrigger {
                enabled: true,
                min_risk_score: 70.0,
                priority: CasePriority::High,
            },
        }
    }
}

/// Why a screening result opened no case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoCase {
    /// The kind's trigger is off.
    TriggerOff,
    /// Confidence (sanctions) or risk score (adverse media) under the threshold.
    BelowThreshold,
}

impl CaseTriggers {
    /// The case a screening result of `kind` opens (its type and priority), or why none.
    /// Thresholds are inclusive: confidence 80 meets `minConfidence` 80.
    pub fn decide(
        &self,
        kind: ScreeningKind,
        confidence: f64,
        risk_score: f64,
    ) -> Result<(CaseType, CasePriority), NoCase> {
        let plain = |t: &Trigger, case_type| {
            if t.enabled {
                Ok((case_type, t.priority))
            } else {
                Err(NoCase::TriggerOff)
            }
        };
        match kind {
            ScreeningKind::Sanctions => {
                let t = &self.sanctions;
                if !t.enabled {
                    Err(NoCase::TriggerOff)
                } else if confidence < t.min_confidence {
                    Err(NoCase::BelowThreshold)
                } else {
                    Ok((CaseType::Sanctions, t.priority))
                }
            }
            ScreeningKind::AdverseMedia => {
                let t = &self.adverse_media;
                if !t.enabled {
                    Err(NoCase::TriggerOff)
                } else if risk_score < t.min_risk_score {
                    Err(NoCase::BelowThreshold)
                } else {
                    Ok((CaseType::AdverseMedia, t.priority))
                }
            }
            ScreeningKind::Pep => plain(&self.pep, CaseType::Pep),
            ScreeningKind::Fraud => plain(&self.fraud, CaseType::Fraud),
            ScreeningKind::VerificationFailure => {
                plain(&self.verification_failure, CaseType::Verification)
            }
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
    pub case_triggers: CaseTriggers,
    /// Years a closed or rejected case is kept after its decision before its personal data
    /// is erased (SPEC §3, AMLR Art. 77: five).
    pub retention_years: u32,
}

/// Which `APPROVED` reviews need a second person (SPEC §3 "Four-eyes decisions"): those of
/// cases at one of `risk_levels` or of one of `case_types`. Empty (off) by default.
/// Retention when a workspace sets none: five years (AMLR 2024/1624 Art. 77).
pub const DEFAULT_RETENTION_YEARS: u32 = 5;

/// The retention periods a workspace may set, in years.
pub const RETENTION_YEARS: std::ops::RangeInclusive<u32> = 1..=50;

/// When a case decided (closed or rejected) at `decided_at` may be erased: its decision plus
/// `years` calendar years (a decision of 29 February is due on 28 February).
pub fn erasable_at(decided_at: DateTime<Utc>, years: u32) -> DateTime<Utc> {
    decided_at
        .checked_add_months(chrono::Months::new(years.saturating_mul(12)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

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
            case_triggers: CaseTriggers::default(),
            retention_years: DEFAULT_RETENTION_YEARS,
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
    fn erasable_after_calendar_years() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap_or_default();
        assert_eq!(
            erasable_at(at("2020-02-29T10:00:00Z"), 5),
            at("2025-02-28T10:00:00Z")
        );
        assert_eq!(
            erasable_at(at("2021-06-30T23:59:59Z"), 1),
            at("2022-06-30T23:59:59Z")
        );
        assert_eq!(WorkspaceSettings::default().retention_years, 5);
        // Settings written before retention existed read with the default.
        let old = WorkspaceSettings::from_json(&serde_json::json!({ "autoApprove": true }));
        assert_eq!(old.retention_years, 5);
    }

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
    fn triggers_follow_spec_defaults_and_thresholds_are_inclusive() {
        let t = CaseTriggers::default();
        use ScreeningKind::*;
        assert_eq!(
            t.decide(Sanctions, 80.0, 0.0),
            Ok((CaseType::Sanctions, CasePriority::Critical))
        );
        assert_eq!(
            t.decide(Sanctions, 79.9, 100.0),
            Err(NoCase::BelowThreshold)
        );
        assert_eq!(
            t.decide(Pep, 0.0, 0.0),
            Ok((CaseType::Pep, CasePriority::High))
        );
        assert_eq!(
            t.decide(Fraud, 0.0, 0.0),
            Ok((CaseType::Fraud, CasePriority::High))
        );
        assert_eq!(
            t.decide(VerificationFailure, 0.0, 0.0),
            Ok((CaseType::Verification, CasePriority::Medium))
        );
        assert_eq!(
            t.decide(AdverseMedia, 0.0, 70.0),
            Ok((CaseType::AdverseMedia, CasePriority::High))
        );
        assert_eq!(
            t.decide(AdverseMedia, 100.0, 69.0),
            Err(NoCase::BelowThreshold)
        );
        let mut off = t.clone();
        off.pep.enabled = false;
        off.sanctions.enabled = false;
        assert_eq!(off.decide(Pep, 0.0, 0.0), Err(NoCase::TriggerOff));
        assert_eq!(off.decide(Sanctions, 100.0, 0.0), Err(NoCase::TriggerOff));
    }

    #[test]
    fn settings_without_sla_hours_read_the_defaults() {
        let s = WorkspaceSettings::from_json(&serde_json::json!({ "autoApprove": true }));
        assert!(s.auto_approve);
        assert_eq!(s.sla_hours, SlaHours::default());
        assert_eq!(s.case_triggers, CaseTriggers::default());
    }
}
