//! Throttles of failed attempts, per key (an account name, a source network) within a
//! window. Sign-ins count in the store, so every instance on it sees the same failures
//! (guesses round-robined over instances gain nothing); uploads count per instance, in
//! memory (docs/scale-out.md says why that is enough).

use crate::store::failures::Failures;
use crate::store::{Store, StoreError};
use chrono::{DateTime, TimeDelta, Utc};
use std::net::IpAddr;
use std::sync::Arc;

/// Failures counted per key within [`WINDOW`].
const WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Failures one account name may have in the window.
pub const PER_ACCOUNT: usize = 5;
/// Failures one network may have in the window (a market or an office shares an address).
pub const PER_SOURCE: usize = 30;

/// Where failures are counted.
pub enum Throttle {
    /// In this process.
    Local(Failures),
    /// In the store, shared by every instance on it.
    Shared(Arc<dyn Store>),
}

impl Default for Throttle {
    fn default() -> Self {
        Self::Local(Failures::default())
    }
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Local(_) => "Throttle::Local",
            Self::Shared(_) => "Throttle::Shared",
        })
    }
}

/// The network a failure is counted against: the IPv4 address, or the IPv6 /64.
pub fn source_key(ip: Option<IpAddr>) -> String {
    match ip {
        Some(IpAddr::V4(v4)) => format!("net:{v4}"),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("net:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "net:unknown".into(),
    }
}

impl Throttle {
    /// Seconds to wait before `key` may try again, if it is throttled now.
    pub fn wait(
        &self,
        key: &str,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Option<u64>, StoreError> {
        let since = now - WINDOW;
        let recent = match self {
            Self::Local(f) => f.after(key, since, limit),
            Self::Shared(store) => store.failures(key, since, limit)?,
        };
        if recent.len() < limit {
            return Ok(None);
        }
        let oldest = recent.first().copied().unwrap_or(now);
        let secs = (oldest + WINDOW - now).num_seconds().max(1);
        Ok(Some(u64::try_from(secs).unwrap_or(1)))
    }

    /// Counts one failure against `key`.
    pub fn fail(&self, key: &str, now: DateTime<Utc>) -> Result<(), StoreError> {
        match self {
            Self::Local(f) => f.add(key, now, now - WINDOW),
            Self::Shared(store) => store.add_failure(key, now, now - WINDOW)?,
        }
        Ok(())
    }

    /// Forgets the failures of `key` (after a successful sign-in).
    pub fn clear(&self, key: &str) -> Result<(), StoreError> {
        match self {
            Self::Local(f) => f.clear(key),
            Self::Shared(store) => store.clear_failures(key)?,
        }
        Ok(())
    }
}

/// How long a sign-in must wait, counting the account name's failures and the network's.
pub fn throttled(
    throttle: &Throttle,
    by_name: &str,
    by_net: &str,
    now: DateTime<Utc>,
) -> Result<Option<u64>, StoreError> {
    Ok(match throttle.wait(by_name, PER_ACCOUNT, now)? {
        Some(w) => Some(w),
        None => throttle.wait(by_net, PER_SOURCE, now)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_throttled_after_its_limit_until_the_window_passes() {
        let temp = crate::store::testing::temp().unwrap();
        for t in [Throttle::default(), Throttle::Shared(temp.store())] {
            let now = Utc::now();
            for _ in 0..3 {
                assert_eq!(t.wait("login:lan", 3, now).unwrap(), None);
                t.fail("login:lan", now).unwrap();
            }
            assert!(t.wait("login:lan", 3, now).unwrap().is_some());
            assert_eq!(t.wait("login:lan", 3, now + WINDOW).unwrap(), None);
            t.clear("login:lan").unwrap();
            assert_eq!(t.wait("login:lan", 3, now).unwrap(), None);
        }
        assert_eq!(
            source_key("2001:db8:1:2:3::9".parse().ok()),
            "net:2001:db8:1:2::/64"
        );
    }
}
