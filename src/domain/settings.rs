//! A workspace's settings, stored as one JSON document on the workspace row. Every field
//! has a default, so settings written by an older version still read.

use serde::{Deserialize, Serialize};

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
}

impl Default for WorkspaceSettings {
    fn default() -> Self {
        Self {
            review_comment_required: false,
            auto_approve: false,
            ubo_threshold: 25.0,
            review_intervals_months: ReviewIntervals::default(),
            document_expiry_window_days: 30,
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
