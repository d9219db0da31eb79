//! Case status transitions (SPEC §3 "Case"), as one table. Every other pair is
//! `INVALID_TRANSITION` naming the from and to status.

use super::{CaseStatus, ReviewStatus};
use crate::error::{AppError, AppResult};

/// How a status change is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `updateCase`: only `DRAFT` ⇄ `OPEN`.
    Update,
    /// `createCaseReview`: to `APPROVED`, `REJECTED` or `CLOSED`.
    Review,
    /// `reopenCase`: back to `OPEN`.
    Reopen,
}

/// The status a case review decides.
pub fn decided(review: ReviewStatus) -> CaseStatus {
    match review {
        ReviewStatus::Approved => CaseStatus::Approved,
        ReviewStatus::Rejected => CaseStatus::Rejected,
        ReviewStatus::Closed => CaseStatus::Closed,
    }
}

/// Whether `from → to` is allowed through `via`.
pub fn allowed(from: CaseStatus, to: CaseStatus, via: Via) -> bool {
    use CaseStatus::*;
    match via {
        Via::Update => matches!((from, to), (Draft, Open) | (Open, Draft)),
        Via::Review => {
            matches!(to, Approved | Rejected | Closed)
                && matches!(from, Draft | Open | Approved | Rejected)
        }
        Via::Reopen => to == Open && matches!(from, Approved | Rejected | Closed),
    }
}

/// Refuses a transition that the table does not allow.
pub fn check(from: CaseStatus, to: CaseStatus, via: Via) -> AppResult<()> {
    if allowed(from, to, via) {
        Ok(())
    } else {
        Err(AppError::InvalidTransition {
            from: from.as_str().to_owned(),
            to: to.as_str().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    #[test]
    fn every_pair() {
        let expected_allowed = [
            (Draft, Open, Via::Update),
            (Open, Draft, Via::Update),
            (Draft, Approved, Via::Review),
            (Draft, Rejected, Via::Review),
            (Draft, Closed, Via::Review),
            (Open, Approved, Via::Review),
            (Open, Rejected, Via::Review),
            (Open, Closed, Via::Review),
            (Approved, Approved, Via::Review),
            (Approved, Rejected, Via::Review),
            (Approved, Closed, Via::Review),
            (Rejected, Approved, Via::Review),
            (Rejected, Rejected, Via::Review),
            (Rejected, Closed, Via::Review),
            (Approved, Open, Via::Reopen),
            (Rejected, Open, Via::Reopen),
            (Closed, Open, Via::Reopen),
        ];
        for from in CaseStatus::ALL {
            for to in CaseStatus::ALL {
                for via in [Via::Update, Via::Review, Via::Reopen] {
                    let want = expected_allowed.contains(&(*from, *to, via));
                    assert_eq!(
                        allowed(*from, *to, via),
                        want,
                        "{from:?} -> {to:?} via {via:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_review_decides_the_status_of_its_name() {
        for review in ReviewStatus::ALL {
            let status = decided(*review);
            assert_eq!(status.as_str(), review.as_str());
            assert!(allowed(CaseStatus::Open, status, Via::Review));
        }
    }
}
