//! A case's flags, derived from its checks (SPEC §3 "Flags"). Stored on the case so that
//! cases can be filtered by them; recomputed in the same transaction as any check change.

use super::CheckStatus;

/// A case's derived flags, in this order.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum CaseFlag {
    /// The case has checks and all are approved.
    AllChecksApproved,
    /// A reviewer has actions and the contact has none.
    ForReview,
    /// The contact has actions and the first collect is not completed.
    ForFirstCollect,
    /// Some checks must be collected again.
    ForRecollection,
    /// The first collect is completed (sticky).
    FirstCollectCompleted,
}

/// The state of one check that matters to flags.
#[derive(Debug, Clone, Copy)]
pub struct CheckState {
    pub status: CheckStatus,
    pub is_deactivated: bool,
}

/// A case's derived flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    pub reviewer_has_actions: bool,
    pub contact_has_actions: bool,
    pub first_collect_completed: bool,
    pub all_checks_approved: bool,
    pub for_review: bool,
    pub for_first_collect: bool,
    pub for_recollection: bool,
}

impl Flags {
    /// The flags stored on a case's row.
    pub fn stored(c: &entity::case::Model) -> Self {
        Flags {
            reviewer_has_actions: c.reviewer_has_actions,
            contact_has_actions: c.contact_has_actions,
            first_collect_completed: c.first_collect_completed,
            all_checks_approved: c.all_checks_approved,
            for_review: c.for_review,
            for_first_collect: c.for_first_collect,
            for_recollection: c.for_recollection,
        }
    }

    /// Computes the flags over the active (not deactivated) checks. `first_collect_completed`
    /// is sticky: once set it stays, whatever the checks do later.
    pub fn compute(checks: &[CheckState], first_collect_completed_before: bool) -> Self {
        let active: Vec<CheckStatus> = checks
            .iter()
            .filter(|c| !c.is_deactivated)
            .map(|c| c.status)
            .collect();
        let any = |pred: &dyn Fn(CheckStatus) -> bool| active.iter().any(|s| pred(*s));
        use CheckStatus::*;
        let reviewer_has_actions = any(&|s| s == NeedReview);
        let contact_has_actions = any(&|s| matches!(s, InProgress | Rejected | Expired));
        let first_collect_completed =
            first_collect_completed_before || (!active.is_empty() && !any(&|s| s == InProgress));
        Flags {
            reviewer_has_actions,
            contact_has_actions,
            first_collect_completed,
            all_checks_approved: !active.is_empty() && active.iter().all(|s| *s == Approved),
            for_review: reviewer_has_actions && !contact_has_actions,
            for_first_collect: contact_has_actions && !first_collect_completed,
            for_recollection: first_collect_completed
                && !any(&|s| matches!(s, NeedReview | Processing))
                && any(&|s| matches!(s, Rejected | Expired)),
        }
    }

    /// The public ordered list.
    pub fn list(&self) -> Vec<CaseFlag> {
        [
            (self.all_checks_approved, CaseFlag::AllChecksApproved),
            (self.for_review, CaseFlag::ForReview),
            (self.for_first_collect, CaseFlag::ForFirstCollect),
            (self.for_recollection, CaseFlag::ForRecollection),
            (
                self.first_collect_completed,
                CaseFlag::FirstCollectCompleted,
            ),
        ]
        .into_iter()
        .filter_map(|(on, flag)| on.then_some(flag))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CheckStatus::*;

    fn flags(statuses: &[CheckStatus], sticky: bool) -> Vec<CaseFlag> {
        let checks: Vec<CheckState> = statuses
            .iter()
            .map(|s| CheckState {
                status: *s,
                is_deactivated: false,
            })
            .collect();
        Flags::compute(&checks, sticky).list()
    }

    #[test]
    fn table_of_check_combinations() {
        use CaseFlag::*;
        let table: &[(&[CheckStatus], bool, &[CaseFlag])] = &[
            (&[], false, &[]),
            (&[InProgress], false, &[ForFirstCollect]),
            (&[InProgress, NeedReview], false, &[ForFirstCollect]),
            (
                &[NeedReview, Processing],
                false,
                &[ForReview, FirstCollectCompleted],
            ),
            (
                &[Approved, NeedReview],
                false,
                &[ForReview, FirstCollectCompleted],
            ),
            (
                &[Approved, Rejected],
                true,
                &[ForRecollection, FirstCollectCompleted],
            ),
            (&[Rejected, NeedReview], true, &[FirstCollectCompleted]),
            (&[Expired, Processing], true, &[FirstCollectCompleted]),
            (&[InProgress, Approved], true, &[FirstCollectCompleted]),
            (
                &[Approved, Approved],
                false,
                &[AllChecksApproved, FirstCollectCompleted],
            ),
            (&[], true, &[FirstCollectCompleted]),
        ];
        for (statuses, sticky, expected) in table {
            assert_eq!(
                &flags(statuses, *sticky),
                expected,
                "checks {statuses:?}, sticky {sticky}"
            );
        }
    }

    #[test]
    fn deactivated_checks_are_ignored() {
        let checks = [
            CheckState {
                status: Approved,
                is_deactivated: false,
            },
            CheckState {
                status: InProgress,
                is_deactivated: true,
            },
        ];
        assert!(Flags::compute(&checks, false).all_checks_approved);
    }
}

/// Whether a case is AML positive: some hit on a non-excluded check is a potential or true
/// match. Takes (hit status, its check is excluded) pairs.
pub fn aml_positive(hits: impl IntoIterator<Item = (super::AmlHitStatus, bool)>) -> bool {
    use super::AmlHitStatus::*;
    hits.into_iter()
        .any(|(status, excluded)| !excluded && matches!(status, PotentialMatch | TruePositive))
}

#[cfg(test)]
mod aml_tests {
    use super::aml_positive;
    use crate::domain::AmlHitStatus::*;

    #[test]
    fn excluded_checks_do_not_count() {
        assert!(!aml_positive([]));
        assert!(aml_positive([(PotentialMatch, false)]));
        assert!(aml_positive([(TruePositive, false), (NoMatch, false)]));
        assert!(!aml_positive([
            (TruePositive, true),
            (FalsePositive, false),
            (NoMatch, false)
        ]));
    }
}
