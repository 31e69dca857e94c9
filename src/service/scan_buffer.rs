//! Scan counts held in memory and written back to the store in the background, so a scan
//! never waits on a store write: the request updates a unit's stats under a sharded lock
//! and a writer thread puts the changed ones into the store every [`WRITE_BACK_EVERY`].
//!
//! What a crash can lose is the same kind of thing as before — counts of the last moment,
//! never a label, a record or a log entry: at most one write-back period plus the store's
//! own flush interval.
//!
//! A unit's first scan reads nothing either: the serials of a batch that have stored stats
//! are read once per batch (a bitset, [`Scanned`]), so a unit outside it starts from zero.
//! Each write-back also reads what other instances on the same database added since the
//! last one, marking their units and bringing the units held here up to date, so counts
//! and clone suspicion follow both instances within a write-back period.

use super::scanned::Scanned;
use crate::domain::{BatchId, ScanStats};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
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
    /// the background writer's rows are not committed yet. Also held while a batch's
    /// [`Scanned`] set is read, so no write-back lands between that read and its use. Holds
    /// the cursor of [`Store::scans_changed`].
    writing: Mutex<Option<u64>>,
    /// Per batch, the serials with stored stats.
    scanned: RwLock<HashMap<BatchId, Arc<Scanned>>>,
}

impl Default for ScanBuffer {
    fn default() -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            writing: Mutex::new(None),
            scanned: RwLock::default(),
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
        let shard = self.shard(batch, serial);
        let held = lock(shard).contains_key(&(batch, serial));
        // Read outside the shard's lock: the store may be a network away.
        let stored = if held {
            None
        } else {
            self.stored(store, batch, serial)?
        };
        let mut shard = lock(shard);
        let entry = shard.entry((batch, serial)).or_insert_with(|| Entry {
            stats: stored.unwrap_or_default(),
            delta: ScanStats::default(),
            dirty: false,
        });
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
        let held = lock(self.shard(batch, serial))
            .get(&(batch, serial))
            .map(|e| e.stats.clone());
        match held {
            Some(s) => Ok(Some(s)),
            None => self.stored(store, batch, serial),
        }
    }

    /// A unit's stored stats, read only when its batch's [`Scanned`] set has it.
    fn stored(
        &self,
        store: &dyn Store,
        batch: BatchId,
        serial: u32,
    ) -> Result<Option<ScanStats>, StoreError> {
        if self.scanned(store, batch)?.contains(serial) {
            store.scan_stats(batch, serial)
        } else {
            Ok(None)
        }
    }

    /// The batch's set of serials with stored stats, read from the store the first time.
    fn scanned(&self, store: &dyn Store, batch: BatchId) -> Result<Arc<Scanned>, StoreError> {
        if let Some(s) = read(&self.scanned).get(&batch) {
            return Ok(s.clone());
        }
        let mut cursor = lock(&self.writing);
        if let Some(s) = read(&self.scanned).get(&batch) {
            return Ok(s.clone()); // read by another request while this one waited
        }
        if cursor.is_none() {
            // Before the first batch is read: what others add from now on is looked up.
            *cursor = Some(store.scans_changed(None)?.1);
        }
        let set = Arc::new(Scanned::from_serials(store.scanned_serials(batch)?));
        write(&self.scanned).insert(batch, set.clone());
        Ok(set)
    }

    /// Adds every unit's newly counted scans to the store and forgets the oldest clean
    /// units, then takes in what other instances added. A failed write keeps the scans
    /// counted, to be added next time.
    pub fn write_back(&self, store: &dyn Store) -> Result<(), StoreError> {
        let mut cursor = lock(&self.writing);
        for shard in &self.shards {
            let rows: Vec<(BatchId, u32, ScanStats)> = {
                let mut s = lock(shard);
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
            match store.add_scan_stats(&rows) {
                Ok(after) => self.take_in(after),
                Err(e) => {
                    let mut s = lock(shard);
                    // Only this method forgets entries, so every taken one is still here.
                    for (b, n, mut taken) in rows {
                        if let Some(e) = s.get_mut(&(b, n)) {
                            taken.merge(&e.delta);
                            e.delta = taken;
                            e.dirty = true;
                        }
                    }
                    return Err(e);
                }
            }
            let mut s = lock(shard);
            if s.len() > KEEP_PER_SHARD {
                s.retain(|_, e| e.dirty);
            }
        }
        if let Some(since) = *cursor {
            let (changed, next) = store.scans_changed(Some(since))?;
            self.take_in(changed);
            *cursor = Some(next);
        }
        Ok(())
    }

    /// Notes that units now have stored stats (in the sets of batches already read).
    fn mark(&self, units: impl Iterator<Item = (BatchId, u32)>) {
        let sets = read(&self.scanned);
        for (batch, serial) in units {
            if let Some(set) = sets.get(&batch) {
                set.insert(serial);
            }
        }
    }

    /// Takes in stored stats (after a write-back, or written by another instance): the
    /// unit is marked, and a unit held here shows the stored state plus what this instance
    /// has not written yet.
    fn take_in(&self, changed: Vec<(BatchId, u32, ScanStats)>) {
        self.mark(changed.iter().map(|(b, n, _)| (*b, *n)));
        for (batch, serial, mut stored) in changed {
            if let Some(e) = lock(self.shard(batch, serial)).get_mut(&(batch, serial)) {
                stored.merge(&e.delta);
                e.stats = stored;
            }
        }
    }
}

/// Locks a mutex; a panic elsewhere while it was held leaves counts, nothing to distrust.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn read<T>(m: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(m: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    m.write().unwrap_or_else(std::sync::PoisonError::into_inner)
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
