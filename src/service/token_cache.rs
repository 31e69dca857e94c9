//! Bearer tokens read in the last second. Every API request authenticates, and on a store
//! across a network that read is one round trip of the two or three an issuance makes; a
//! token changes rarely (made, revoked, its last use recorded once a minute). A revocation
//! on this instance empties the cache at once; one made on another instance holds here
//! within [`FRESH`], the bound every cache of a shared store keeps (docs/scale-out.md).

use crate::access::TokenRecord;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a token read stays trusted.
pub const FRESH: Duration = Duration::from_secs(1);

/// Tokens kept at most (a province has a few hundred); past that the cache starts over.
const MAX: usize = 4096;

/// Found tokens by hash, each with when it was read. Unknown hashes are never kept, so
/// guessing cannot fill it.
#[derive(Debug, Default)]
pub struct TokenCache {
    tokens: Mutex<HashMap<[u8; 32], (Instant, TokenRecord)>>,
    /// Moves with every local change: a read that began before one is not kept.
    epoch: AtomicU64,
}

impl TokenCache {
    /// The token with this hash, from the cache while fresh or from `read`.
    pub fn get_or_read<E>(
        &self,
        hash: &[u8; 32],
        read: impl FnOnce() -> Result<Option<TokenRecord>, E>,
    ) -> Result<Option<TokenRecord>, E> {
        if let Some((at, rec)) = self.lock().get(hash)
            && at.elapsed() < FRESH
        {
            return Ok(Some(rec.clone()));
        }
        let epoch = self.epoch.load(Ordering::Acquire);
        let found = read()?;
        if let Some(rec) = &found {
            let mut tokens = self.lock();
            if self.epoch.load(Ordering::Acquire) == epoch {
                if tokens.len() >= MAX {
                    tokens.clear();
                }
                tokens.insert(*hash, (Instant::now(), rec.clone()));
            }
        }
        Ok(found)
    }

    /// Notes a use being recorded, so the next requests within the second do not record
    /// it again.
    pub fn used(&self, hash: &[u8; 32], at: DateTime<Utc>) {
        if let Some((_, rec)) = self.lock().get_mut(hash) {
            rec.last_used_at = Some(at);
        }
    }

    /// Forgets every token (after a change made here).
    pub fn forget_all(&self) {
        let mut tokens = self.lock();
        self.epoch.fetch_add(1, Ordering::AcqRel);
        tokens.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], (Instant, TokenRecord)>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> TokenRecord {
        crate::access::record_for_secret(
            "cache-test-secret",
            crate::access::Role::Admin,
            None,
            None,
            None,
            Utc::now(),
        )
    }

    #[test]
    fn a_fresh_token_is_not_read_again_and_a_local_change_forgets_it() {
        let cache = TokenCache::default();
        let mut reads = 0;
        let mut get = |c: &TokenCache| {
            c.get_or_read(&[1; 32], || {
                reads += 1;
                Ok::<_, ()>(Some(record()))
            })
            .map(|r| r.is_some())
        };
        assert_eq!(get(&cache), Ok(true));
        assert_eq!(get(&cache), Ok(true));
        cache.forget_all();
        assert_eq!(get(&cache), Ok(true));
        assert_eq!(reads, 2);
    }

    #[test]
    fn unknown_tokens_are_not_kept_and_a_read_overtaken_by_a_change_is_dropped() {
        let cache = TokenCache::default();
        let miss = cache.get_or_read(&[2; 32], || Ok::<_, ()>(None));
        assert_eq!(miss, Ok(None));
        assert!(cache.lock().is_empty());
        let _ = cache.get_or_read(&[3; 32], || {
            cache.forget_all();
            Ok::<_, ()>(Some(record()))
        });
        assert!(cache.lock().is_empty());
    }
}
