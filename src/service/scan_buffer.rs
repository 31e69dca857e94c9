//! Scan counts held in memory and written back to the store in the background, so a scan
//! never waits on a store write: the request updates a unit's stats under a sharded lock
//! and a writer thread puts the changed ones into the store every [`WRITE_BACK_EVERY`].
//!
//! What a crash can lose is the same kind of thing as before — counts of the last moment,
//! never a label, a record or a log entry: at most one write-back period plus the store's
//! own flush interval.

use crate::domain::{BatchId, ScanStats};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

/// How often counted scans are written back to the store.
pub const WRITE_BACK_EVERY: Duration = Duration::from_millis(200);

/// Units kept in memory per shard once written back (recently scanned units stay hot).
const KEEP_PER_SHARD: usize = 1024;

const SHARDS: usize = 16;

#[derive(Debug)]
struct Entry {
    /// What the unit's page shows: the stored stats when it was loaded plus what was
    /// counted here since.
    stats: ScanStats,
    /// Scans counted here and not yet added to the store: only these are written back, so
    /// counts made by another instance on the same database are added to, never replaced.
    delta: ScanStats,
    dirty: bool,
}

type Shard = HashMap<(BatchId, u32), Entry>;

/// The in-memory scan counts.
#[derive(Debug)]
pub struct ScanBuffer {
    shards: Vec<Mutex<Shard>>,
    /// Held for a whole write-back: a caller that writes back before reading the store
    /// (the anomaly list) waits for one in flight instead of finding nothing dirty while
    /// the background writer's rows are not committed yet.
    writing: Mutex<()>,
}

impl Default for ScanBuffer {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            writing: Mutex::new(()),
        }
    }
}

impl ScanBuffer {
    fn shard(&self, batch: BatchId, serial: u32) -> &Mutex<Shard> {
        let h = batch.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ u64::from(serial);
        &self.shards[(h % SHARDS as u64) as usize]
    }

    /// Counts one scan of a unit from `place` at `at`; returns the unit's stats.
    pub fn record(
        &self,
        store: &dyn Store,
        batch: BatchId,
        serial: u32,
        place: u64,
        at: DateTime<Utc>,
    ) -> Result<ScanStats, StoreError> {
        let mut shard = self
            .shard(batch, serial)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = match shard.entry((batch, serial)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(Entry {
                stats: store.scan_stats(batch, serial)?.unwrap_or_default(),
                delta: ScanStats::default(),
                dirty: false,
            }),
        };
        entry.stats.add(place, at);
        entry.delta.add(place, at);
        entry.dirty = true;
        Ok(entry.stats.clone())
    }

    /// A unit's stats, counted scans not yet written back included.
    pub fn stats(
        &self,
        store: &dyn Store,
        batch: BatchId,
        serial: u32,
    ) -> Result<Option<ScanStats>, StoreError> {
        let held = self
            .shard(batch, serial)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(batch, serial))
            .map(|e| e.stats.clone());
        match held {
            Some(s) => Ok(Some(s)),
            None => store.scan_stats(batch, serial),
        }
    }

    /// Adds every unit's newly counted scans to the store and forgets the oldest clean
    /// units. A failed write keeps the scans counted, to be added next time.
    pub fn write_back(&self, store: &dyn Store) -> Result<(), StoreError> {
        let _writing = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for shard in &self.shards {
            let rows: Vec<(BatchId, u32, ScanStats)> = {
                let mut s = shard
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                s.iter_mut()
                    .filter(|(_, e)| e.dirty)
                    .map(|((b, n), e)| {
                        e.dirty = false;
                        (*b, *n, std::mem::take(&mut e.delta))
                    })
                    .collect()
            };
            if rows.is_empty() {
                continue;
            }
            let written = store.add_scan_stats(&rows);
            let mut s = shard
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if written.is_err() {
                // Only this method forgets entries, so every taken one is still here.
                for (b, n, mut taken) in rows {
                    if let Some(e) = s.get_mut(&(b, n)) {
                        taken.merge(&e.delta);
                        e.delta = taken;
                        e.dirty = true;
                    }
                }
                return written;
            }
            if s.len() > KEEP_PER_SHARD {
                s.retain(|_, e| e.dirty);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    #[test]
    fn counts_are_seen_before_and_after_write_back_and_survive_reopening() {
        let tmp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let store = tmp.store();
        let buf = ScanBuffer::default();
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        for i in 0..3 {
            buf.record(store.as_ref(), 7, 1, 42 + i, at)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let held = buf
            .stats(store.as_ref(), 7, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(held.map(|s| s.count), Some(3));
        assert_eq!(
            store.scan_stats(7, 1).ok().flatten(),
            None,
            "not yet written back"
        );
        buf.write_back(store.as_ref())
            .unwrap_or_else(|e| panic!("{e}"));
        let stored = store.scan_stats(7, 1).ok().flatten();
        assert_eq!(stored.as_ref().map(|s| s.count), Some(3));
        assert_eq!(stored.map(|s| s.places.len()), Some(3));
        // A fresh buffer (a restarted server) continues from the store.
        let again = ScanBuffer::default();
        let s = again
            .record(store.as_ref(), 7, 1, 42, at)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((s.count, s.places.len()), (4, 3));
    }

    /// Two instances counting the same unit on one store: the stored count is the sum,
    /// whatever order they write back in, and a second write-back adds only what is new.
    #[test]
    fn two_buffers_on_one_store_add_their_counts() {
        let tmp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let store = tmp.store();
        let (a, b) = (ScanBuffer::default(), ScanBuffer::default());
        let at = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let later = at + chrono::Duration::minutes(5);
        for _ in 0..3 {
            a.record(store.as_ref(), 7, 1, 1, at)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        b.record(store.as_ref(), 7, 1, 2, later)
            .unwrap_or_else(|e| panic!("{e}"));
        a.write_back(store.as_ref())
            .unwrap_or_else(|e| panic!("{e}"));
        b.write_back(store.as_ref())
            .unwrap_or_else(|e| panic!("{e}"));
        a.write_back(store.as_ref())
            .unwrap_or_else(|e| panic!("{e}"));
        let stored = store.scan_stats(7, 1).ok().flatten().unwrap_or_default();
        assert_eq!(stored.count, 4);
        assert_eq!(stored.places.len(), 2);
        assert_eq!((stored.first, stored.last), (Some(at), Some(later)));
    }
}
