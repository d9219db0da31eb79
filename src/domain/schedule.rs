//! Review-date arithmetic: presets, intervals per risk level, and month arithmetic that
//! clamps to the end of the month (31 January + 1 month = 28 or 29 February).

use chrono::{DateTime, Months, Utc};

use super::settings::ReviewIntervals;
use super::RiskLevel;

/// A preset for `setCaseReviewDate`.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum ReviewPreset {
    /// No periodic review.
    DoNotReview,
    /// Due now.
    ReviewNow,
    /// In 3 months.
    Months3,
    /// In 6 months.
    Months6,
    /// In 9 months.
    Months9,
    /// In 1 year.
    Years1,
    /// In 2 years.
    Years2,
    /// In 3 years.
    Years3,
    /// In 5 years.
    Years5,
    /// In 10 years.
    Years10,
}

/// `at` plus `months`, clamped to the last day of the resulting month; `None` on overflow.
pub fn add_months(at: DateTime<Utc>, months: u32) -> Option<DateTime<Utc>> {
    at.checked_add_months(Months::new(months))
}

impl ReviewPreset {
    /// The review date the preset gives from `now` (`None`: no review).
    pub fn apply(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let months = match self {
            ReviewPreset::DoNotReview => return None,
            ReviewPreset::ReviewNow => return Some(now),
            ReviewPreset::Months3 => 3,
            ReviewPreset::Months6 => 6,
            ReviewPreset::Months9 => 9,
            ReviewPreset::Years1 => 12,
            ReviewPreset::Years2 => 24,
            ReviewPreset::Years3 => 36,
            ReviewPreset::Years5 => 60,
            ReviewPreset::Years10 => 120,
        };
        add_months(now, months)
    }
}

impl ReviewIntervals {
    /// The interval in months for a risk level (`None`: no periodic review).
    pub fn for_level(&self, level: RiskLevel) -> Option<u32> {
        match level {
            RiskLevel::NotDefined => self.not_defined,
            RiskLevel::Low => self.low,
            RiskLevel::Medium => self.medium,
            RiskLevel::High => self.high,
            RiskLevel::Critical => self.critical,
            RiskLevel::Prohibited => self.prohibited,
        }
    }
}

/// The next review of an approval made at `now`, when the review gives no date.
pub fn default_next_review(
    intervals: &ReviewIntervals,
    level: RiskLevel,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    intervals.for_level(level).and_then(|m| add_months(now, m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 9, 30, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(add_months(at(2026, 1, 31), 1), Some(at(2026, 2, 28)));
        assert_eq!(add_months(at(2028, 1, 31), 1), Some(at(2028, 2, 29)));
        assert_eq!(add_months(at(2026, 8, 31), 3), Some(at(2026, 11, 30)));
        assert_eq!(add_months(at(2024, 2, 29), 12), Some(at(2025, 2, 28)));
        assert_eq!(add_months(at(2026, 3, 15), 120), Some(at(2036, 3, 15)));
    }

    #[test]
    fn presets() {
        let now = at(2026, 5, 31);
        assert_eq!(ReviewPreset::DoNotReview.apply(now), None);
        assert_eq!(ReviewPreset::ReviewNow.apply(now), Some(now));
        assert_eq!(ReviewPreset::Months3.apply(now), Some(at(2026, 8, 31)));
        assert_eq!(ReviewPreset::Months9.apply(now), Some(at(2027, 2, 28)));
        assert_eq!(ReviewPreset::Years5.apply(now), Some(at(2031, 5, 31)));
    }

    #[test]
    fn default_intervals_per_risk_level() {
        let i = ReviewIntervals::default();
        let now = at(2026, 1, 10);
        assert_eq!(
            default_next_review(&i, RiskLevel::NotDefined, now),
            Some(at(2027, 1, 10))
        );
        assert_eq!(
            default_next_review(&i, RiskLevel::Low, now),
            Some(at(2029, 1, 10))
        );
        assert_eq!(
            default_next_review(&i, RiskLevel::Medium, now),
            Some(at(2028, 1, 10))
        );
        assert_eq!(
            default_next_review(&i, RiskLevel::High, now),
            Some(at(2027, 1, 10))
        );
        assert_eq!(
            default_next_review(&i, RiskLevel::Critical, now),
            Some(at(2026, 7, 10))
        );
        assert_eq!(default_next_review(&i, RiskLevel::Prohibited, now), None);
    }
}
