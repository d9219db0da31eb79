//! Rate limits per token subject and per workspace: token buckets (GCRA, `governor`) kept in
//! this process, so each replica limits on its own. A refusal says how long to wait.
//!
//! Keys are only ever made from verified tokens, so the maps grow with real callers, not
//! with what an attacker sends; [`RateLimits::prune`] still drops the keys whose bucket is
//! full again (indistinguishable from a new one), so memory follows recent callers only.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::LimitArgs;

/// A bucket: refills `per_second` tokens each second and holds at most `burst`.
/// `per_second == 0` turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub per_second: u32,
    pub burst: u32,
}

impl Bucket {
    fn quota(self) -> Option<Quota> {
        let rate = NonZeroU32::new(self.per_second)?;
        // A burst below the rate would refuse traffic the rate allows; never go under it.
        let burst = NonZeroU32::new(self.burst.max(self.per_second))?;
        Some(Quota::per_second(rate).allow_burst(burst))
    }
}

/// Which limit refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Subject,
    Workspace,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Subject => "token subject",
            Scope::Workspace => "workspace",
        }
    }

    /// The scope as a metrics label.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Subject => "subject",
            Scope::Workspace => "workspace",
        }
    }
}

/// A refusal: which limit, and how long until one more request would pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    pub scope: Scope,
    pub retry_after: Duration,
}

impl Refused {
    /// Whole seconds to wait, rounded up and at least 1 (the `Retry-After` header's unit).
    pub fn retry_after_secs(&self) -> u64 {
        let d = self.retry_after;
        (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
    }
}

/// The process's keyed limiters.
pub struct RateLimits {
    subject: Option<DefaultKeyedRateLimiter<(String, String)>>,
    workspace: Option<DefaultKeyedRateLimiter<String>>,
    clock: DefaultClock,
}

impl RateLimits {
    pub fn new(subject: Bucket, workspace: Bucket) -> Self {
        Self {
            subject: subject.quota().map(RateLimiter::keyed),
            workspace: workspace.quota().map(RateLimiter::keyed),
            clock: DefaultClock::default(),
        }
    }

    pub fn from_config(limits: &LimitArgs) -> Self {
        Self::new(
            Bucket {
                per_second: limits.rate_limit_subject,
                burst: limits.rate_limit_subject_burst,
            },
            Bucket {
                per_second: limits.rate_limit_workspace,
                burst: limits.rate_limit_workspace_burst,
            },
        )
    }

    /// Takes one token from the caller's subject bucket, then from its workspace bucket.
    /// A request refused by its subject does not count against its workspace, so one noisy
    /// caller cannot use up its colleagues' share.
    pub fn check(&self, workspace_id: &str, subject: &str) -> Result<(), Refused> {
        if let Some(limiter) = &self.subject {
            limiter
                .check_key(&(workspace_id.to_owned(), subject.to_owned()))
                .map_err(|not_until| Refused {
                    scope: Scope::Subject,
                    retry_after: not_until.wait_time_from(self.clock.now()),
                })?;
        }
        if let Some(limiter) = &self.workspace {
            limiter
                .check_key(&workspace_id.to_owned())
                .map_err(|not_until| Refused {
                    scope: Scope::Workspace,
                    retry_after: not_until.wait_time_from(self.clock.now()),
                })?;
        }
        Ok(())
    }

    /// Forgets callers whose bucket has refilled, and gives the memory back.
    pub fn prune(&self) {
        if let Some(limiter) = &self.subject {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        if let Some(limiter) = &self.workspace {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Keys held (subjects, workspaces), for tests and diagnostics.
    pub fn len(&self) -> (usize, usize) {
        (
            self.subject.as_ref().map_or(0, |l| l.len()),
            self.workspace.as_ref().map_or(0, |l| l.len()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(limits: &RateLimits, workspace: &str, subject: &str) -> Refused {
        match limits.check(workspace, subject) {
            Ok(()) => panic!("{workspace}/{subject} should have been refused"),
            Err(r) => r,
        }
    }

    #[test]
    fn off_when_zero() {
        let limits = RateLimits::new(
            Bucket {
                per_second: 0,
                burst: 0,
            },
            Bucket {
                per_second: 0,
                burst: 5,
            },
        );
        for _ in 0..1000 {
            assert!(limits.check("w", "s").is_ok());
        }
        assert_eq!(limits.len(), (0, 0));
    }

    #[test]
    fn subject_bucket_drains_then_refuses_with_a_wait() {
        let limits = RateLimits::new(
            Bucket {
                per_second: 1,
                burst: 3,
            },
            Bucket {
                per_second: 0,
                burst: 0,
            },
        );
        for _ in 0..3 {
            assert!(limits.check("w", "s").is_ok());
        }
        let refused = refused(&limits, "w", "s");
        assert_eq!(refused.scope, Scope::Subject);
        assert!(refused.retry_after <= Duration::from_secs(1));
        assert_eq!(refused.retry_after_secs(), 1);
        // Another subject, or the same name in another workspace, has its own bucket.
        assert!(limits.check("w", "t").is_ok());
        assert!(limits.check("v", "s").is_ok());
    }

    #[test]
    fn workspace_bucket_is_shared_by_its_subjects() {
        let limits = RateLimits::new(
            Bucket {
                per_second: 0,
                burst: 0,
            },
            Bucket {
                per_second: 1,
                burst: 2,
            },
        );
        assert!(limits.check("w", "a").is_ok());
        assert!(limits.check("w", "b").is_ok());
        assert_eq!(refused(&limits, "w", "c").scope, Scope::Workspace);
        assert!(limits.check("other", "a").is_ok());
    }

    #[test]
    fn prune_forgets_full_buckets() {
        let limits = RateLimits::new(
            Bucket {
                per_second: 1_000_000,
                burst: 1_000_000,
            },
            Bucket {
                per_second: 1_000_000,
                burst: 1_000_000,
            },
        );
        for i in 0..100 {
            assert!(limits.check("w", &format!("s{i}")).is_ok());
        }
        assert_eq!(limits.len(), (100, 1));
        std::thread::sleep(Duration::from_millis(5));
        limits.prune();
        assert_eq!(limits.len(), (0, 0));
    }
}
