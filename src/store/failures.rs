//! Short-lived sign-in state kept in memory: failed attempts by key (an account name, a
//! network) and open code steps. This is what the sled store answers those verbs with (one
//! process holds a sled store, so memory is shared by every request that can reach it), and
//! what per-instance limits use.

use crate::domain::CodeStep;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};

/// Keys kept before old ones are dropped, so a flood of names cannot grow memory.
const MAX_KEYS: usize = 50_000;
/// Failures kept per key: limits are far below this.
const MAX_PER_KEY: usize = 256;

/// Failure times by key, oldest first.
#[derive(Debug, Default)]
pub struct Failures {
    by_key: Mutex<HashMap<String, VecDeque<DateTime<Utc>>>>,
}

impl Failures {
    /// Counts one failure of `key` at `at`, forgetting its failures before `forget_before`.
    pub fn add(&self, key: &str, at: DateTime<Utc>, forget_before: DateTime<Utc>) {
        let mut map = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= MAX_KEYS && !map.contains_key(key) {
            map.retain(|_, q| q.back().is_some_and(|t| *t >= forget_before));
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        let q = map.entry(key.to_owned()).or_default();
        while q.front().is_some_and(|t| *t < forget_before) || q.len() >= MAX_PER_KEY {
            q.pop_front();
        }
        q.push_back(at);
    }

    /// The failures of `key` after `after`, oldest first, at most `limit`.
    pub fn after(&self, key: &str, after: DateTime<Utc>, limit: usize) -> Vec<DateTime<Utc>> {
        let map = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(key).map_or_else(Vec::new, |q| {
            q.iter()
                .filter(|t| **t > after)
                .take(limit)
                .copied()
                .collect()
        })
    }

    /// Forgets the failures of `key`.
    pub fn clear(&self, key: &str) {
        let mut map = self.by_key.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(key);
    }
}

/// Open code steps kept at most, so a flood of password posts cannot grow memory.
const MAX_CODE_STEPS: usize = 10_000;

/// Open code steps by the SHA-256 of their cookie secret.
#[derive(Debug, Default)]
pub struct CodeSteps {
    open: Mutex<HashMap<[u8; 32], CodeStep>>,
}

impl CodeSteps {
    /// Keeps `step` under `hash`, dropping expired steps when full.
    pub fn put(&self, hash: &[u8; 32], step: &CodeStep, now: DateTime<Utc>) {
        let mut map = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= MAX_CODE_STEPS && !map.contains_key(hash) {
            map.retain(|_, s| s.expires_at > now);
            if map.len() >= MAX_CODE_STEPS {
                map.clear();
            }
        }
        map.insert(*hash, step.clone());
    }

    /// The step under `hash`, if any (expired or not: the caller decides).
    pub fn get(&self, hash: &[u8; 32]) -> Option<CodeStep> {
        let map = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(hash).cloned()
    }

    /// Forgets the step under `hash`.
    pub fn remove(&self, hash: &[u8; 32]) {
        let mut map = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        map.remove(hash);
    }
}
