//! Clone detection: when a unit's scans look like more than one physical label. Separate from
//! the verdict because the thresholds are configuration with their own threat model
//! (`docs/privacy.md`) and are read by the inspectors' anomaly list as well.

use crate::domain::ScanStats;
use crate::service::{App, ServiceError};
use crate::verify::{ScanEvidence, ScanSummary};
use chrono::{DateTime, TimeDelta, Utc};

/// When a unit's scans look like more than one physical label (`docs/privacy.md` has the
/// threat model behind each threshold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanPolicy {
    /// More distinct places (network regions) than this within the window, first seen
    /// over at least `min_span`, → `clone_suspected`.
    pub max_sources: usize,
    /// Places not seen for this long no longer count: suspicion decays.
    pub window: TimeDelta,
    /// The places must have been first seen at least this far apart: one moment's crowd is
    /// not evidence of copies, several places over days is.
    pub min_span: TimeDelta,
    /// Wrong PINs a unit tolerates before it locks.
    pub max_pin_failures: u32,
    /// Requests a minute one network (/24, /48) may make to label URLs, bursting to as many.
    pub label_scans_per_minute: u32,
}

impl Default for ScanPolicy {
    fn default() -> Self {
        Self {
            max_sources: 5,
            window: TimeDelta::days(30),
            min_span: TimeDelta::hours(24),
            max_pin_failures: 5,
            label_scans_per_minute: 600,
        }
    }
}

impl ScanPolicy {
    /// Judges a unit's scans at `now`: its summary and whether it looks copied.
    pub fn judge(&self, stats: &ScanStats, now: DateTime<Utc>) -> ScanEvidence {
        let recent: Vec<_> = stats.places_since(now - self.window).collect();
        let span = match (
            recent.iter().map(|p| p.first).min(),
            recent.iter().map(|p| p.first).max(),
        ) {
            (Some(a), Some(b)) => b - a,
            _ => TimeDelta::zero(),
        };
        let suspected = recent.len() > self.max_sources && span >= self.min_span;
        let days = self.window.num_days();
        ScanEvidence {
            summary: ScanSummary {
                count: stats.count,
                first: stats.first,
                distinct_sources: recent.len(),
            },
            suspected,
            detail: format!(
                "scanned from {} places in the last {days} days, first seen {} hours apart \
                 (suspected beyond {} places over at least {} hours)",
                recent.len(),
                span.num_hours(),
                self.max_sources,
                self.min_span.num_hours()
            ),
        }
    }
}

impl App {
    /// True when a unit's scans exceed the policy.
    pub fn clone_suspected(&self, s: &ScanStats) -> bool {
        self.scan_policy.judge(s, self.clock.now()).suspected
    }

    /// Units of a batch whose scans exceed the policy (inspectors' anomaly list).
    pub fn scan_anomalies(
        &self,
        who: &crate::domain::Principal,
        batch: u64,
    ) -> Result<Vec<(u32, ScanStats)>, ServiceError> {
        let batch = self.batch_for(who, batch)?.id;
        self.write_back_scans()?;
        Ok(self
            .store
            .scans_of_batch(batch)?
            .into_iter()
            .filter(|(_, s)| self.clone_suspected(s))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// One place, however often and over however long, never makes a suspicion.
        #[test]
        fn scans_from_one_place_are_never_suspected(times in proptest::collection::vec(0i64..10_000_000, 1..300)) {
            let policy = ScanPolicy::default();
            let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
            let mut stats = ScanStats::default();
            let mut times = times;
            times.sort_unstable();
            for t in times {
                let at = start + TimeDelta::seconds(t);
                stats.add(42, at);
                prop_assert!(!policy.judge(&stats, at).suspected);
            }
        }
    }

    #[test]
    fn several_places_over_days_are_suspected_and_the_suspicion_decays() {
        let policy = ScanPolicy::default();
        let start = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let mut stats = ScanStats::default();
        for place in 0..=policy.max_sources as u64 {
            stats.add(place, start + TimeDelta::hours(place as i64 * 12));
        }
        let now = start + TimeDelta::days(3);
        assert!(policy.judge(&stats, now).suspected);
        assert!(!policy.judge(&stats, now + policy.window).suspected);
        // The same number of places within an hour is a crowd, not yet copies.
        let mut crowd = ScanStats::default();
        for place in 0..=policy.max_sources as u64 {
            crowd.add(place, start + TimeDelta::minutes(place as i64));
        }
        assert!(!policy.judge(&crowd, start + TimeDelta::hours(1)).suspected);
    }
}
