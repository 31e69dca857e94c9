//! In-memory throttle of failed sign-ins, per account name and per source network. Kept in
//! memory: a restart forgets it, which only gives an attacker one more window, and the
//! sign-in path never writes to disk for a wrong password.

use chrono::{DateTime, TimeDelta, Utc};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

/// Failures counted per key within [`WINDOW`].
const WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Failures one account name may have in the window.
pub const PER_ACCOUNT: usize = 5;
/// Failures one network may have in the window (a market or an office shares an address).
pub const PER_SOURCE: usize = 30;
/// Keys kept before old ones are dropped, so a flood of names cannot grow memory.
const MAX_KEYS: usize = 50_000;

/// Failed sign-ins by key (`login:NAME` or `net:ADDRESS`).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
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
    pub fn wait(&self, key: &str, limit: usize, now: DateTime<Utc>) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let q = map.get_mut(key)?;
        while q.front().is_some_and(|t| now - *t >= WINDOW) {
            q.pop_front();
        }
        if q.len() < limit {
            return None;
        }
        let oldest = q.front().copied().unwrap_or(now);
        Some(u64::try_from((oldest + WINDOW - now).num_seconds().max(1)).unwrap_or(1))
    }

    /// Counts one failure against `key`.
    pub fn fail(&self, key: &str, now: DateTime<Utc>) {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= MAX_KEYS && !map.contains_key(key) {
            map.retain(|_, q| q.back().is_some_and(|t| now - *t < WINDOW));
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        map.entry(key.to_owned()).or_default().push_back(now);
    }

    /// Forgets the failures of `key` (after a successful sign-in).
    pub fn clear(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_throttled_after_its_limit_until_the_window_passes() {
        let t = Throttle::default();
        let now = Utc::now();
        for _ in 0..3 {
            assert_eq!(t.wait("login:lan", 3, now), None);
            t.fail("login:lan", now);
        }
        assert!(t.wait("login:lan", 3, now).is_some());
        assert_eq!(t.wait("login:lan", 3, now + WINDOW), None);
        t.clear("login:lan");
        assert_eq!(t.wait("login:lan", 3, now), None);
        assert_eq!(
            source_key("2001:db8:1:2:3::9".parse().ok()),
            "net:2001:db8:1:2::/64"
        );
    }
}
