//! The Merkle log in PostgreSQL: entries by index (`log_entries`) and every complete node
//! of the tree (`log_nodes`), appended inside the caller's transaction under the issuer's
//! advisory lock. Nodes never change once written, so each instance keeps the ones it has
//! read or written in memory: proofs and roots cost a few reads, not one per level.

use super::conn::{Db, Pg, Tx, big};
use crate::domain::LogEvent;
use crate::store::StoreError;
use crate::tlog::{self, Hash, NodeReader, TreeError};
use deadpool_postgres::GenericClient;
use std::collections::HashMap;
use std::sync::Mutex;

/// Nodes kept per instance (32 bytes each plus the key): a few megabytes at most.
const CACHE_LIMIT: usize = 200_000;

/// Complete nodes already read or written: `(level, index) → hash`.
#[derive(Default)]
pub(super) struct NodeCache(Mutex<HashMap<(u8, u64), Hash>>);

impl NodeCache {
    fn get(&self, level: u8, index: u64) -> Option<Hash> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(level, index))
            .copied()
    }

    /// Keeps committed nodes (never call it before the commit).
    pub(super) fn remember(&self, nodes: impl IntoIterator<Item = (u8, u64, Hash)>) {
        let mut m = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if m.len() > CACHE_LIMIT {
            m.clear();
        }
        for (level, index, hash) in nodes {
            m.insert((level, index), hash);
        }
    }
}

fn hash_of(bytes: &[u8], what: &str) -> Result<Hash, StoreError> {
    <[u8; 32]>::try_from(bytes).map_err(|_| StoreError::Corrupt {
        tree: "log_nodes",
        key: what.into(),
        reason: format!("hash is {} bytes, not 32", bytes.len()),
    })
}

/// The log size read inside a transaction (under the lock, so no one else appends).
pub(super) fn size<C: GenericClient>(db: &Db<'_, C>) -> Result<u64, StoreError> {
    let row = db.one(
        "SELECT coalesce(max(idx) + 1, 0) FROM log_entries WHERE issuer = $1",
        &[db.issuer()],
    )?;
    Ok(super::conn::id(row.get(0)))
}

/// The log's size and root as `db` sees them (one transaction's view).
pub(super) fn state<C: GenericClient>(db: &Db<'_, C>) -> Result<(u64, Hash), StoreError> {
    let n = size(db)?;
    Ok((n, tlog::root(&Reader(db), n).map_err(tree_err)?))
}

/// Node `(level, index)` from the cache or the table.
fn node<C: GenericClient>(
    db: &Db<'_, C>,
    level: u8,
    index: u64,
) -> Result<Option<Hash>, StoreError> {
    if let Some(h) = db.pg.nodes.get(level, index) {
        return Ok(Some(h));
    }
    let row = db.opt(
        "SELECT hash FROM log_nodes WHERE issuer = $1 AND level = $2 AND idx = $3",
        &[db.issuer(), &i16::from(level), &big(index)],
    )?;
    match row {
        Some(r) => {
            let h = hash_of(r.get(0), &format!("{level}/{index}"))?;
            db.pg.nodes.remember([(level, index, h)]);
            Ok(Some(h))
        }
        None => Ok(None),
    }
}

/// Appends `events` at `first` (the size read under the lock); returns the nodes written,
/// for the cache once the transaction commits.
pub(super) fn append(
    db: &Tx<'_, '_>,
    first: u64,
    events: &[LogEvent],
) -> Result<Vec<(u8, u64, Hash)>, StoreError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut written: Vec<(u8, u64, Hash)> = Vec::new();
    let mut frontier: HashMap<(u8, u64), Hash> = HashMap::new();
    let (mut idx, mut kinds, mut ats, mut entries, mut leaves) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (size, event) in (first..).zip(events) {
        let entry = serde_json::to_vec(&event.leaf(size))
            .map_err(|e| StoreError::Backend(format!("encode log entry: {e}")))?;
        let leaf = tlog::leaf_hash(&entry);
        let mut hash = leaf;
        written.push((0, size, hash));
        frontier.insert((0, size), hash);
        for level in 0..size.trailing_ones() as u8 {
            let want = (size >> level) - 1;
            let left = match frontier.get(&(level, want)) {
                Some(h) => *h,
                None => node(db, level, want)?.ok_or_else(|| StoreError::Corrupt {
                    tree: "log_nodes",
                    key: format!("{level}/{want}"),
                    reason: format!("cannot append at {size}: the node is missing"),
                })?,
            };
            hash = tlog::node_hash(&left, &hash);
            let at = (level + 1, size >> (level + 1));
            written.push((at.0, at.1, hash));
            frontier.insert(at, hash);
        }
        idx.push(big(size));
        kinds.push(super::conn::name_of(&event.kind()));
        ats.push(event.at());
        entries.push(entry);
        leaves.push(leaf.to_vec());
    }
    db.exec(
        "INSERT INTO log_entries (issuer, idx, kind, at, entry, leaf_hash) \
         SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::timestamptz[], $5::bytea[], $6::bytea[])",
        &[db.issuer(), &idx, &kinds, &ats, &entries, &leaves],
    )?;
    let levels: Vec<i16> = written.iter().map(|w| i16::from(w.0)).collect();
    let indexes: Vec<i64> = written.iter().map(|w| big(w.1)).collect();
    let hashes: Vec<Vec<u8>> = written.iter().map(|w| w.2.to_vec()).collect();
    db.exec(
        "INSERT INTO log_nodes (issuer, level, idx, hash) \
         SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::bytea[])",
        &[db.issuer(), &levels, &indexes, &hashes],
    )?;
    Ok(written)
}

/// Reads nodes for `tlog` through one pooled connection.
struct Reader<'a, C: GenericClient>(&'a Db<'a, C>);

impl<C: GenericClient> NodeReader for Reader<'_, C> {
    type Error = StoreError;
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, StoreError> {
        node(self.0, level, index)
    }
}

fn tree_err(e: TreeError<StoreError>) -> StoreError {
    match e {
        TreeError::Store(s) => s,
        other => StoreError::Corrupt {
            tree: "log_nodes",
            key: String::new(),
            reason: other.to_string(),
        },
    }
}

impl Pg {
    /// The committed log size.
    pub(super) fn log_size(&self) -> Result<u64, StoreError> {
        self.with(size)
    }

    /// Entries `[start, end)` with their recorded leaf hashes.
    pub(super) fn log_entries(
        &self,
        start: u64,
        end: u64,
    ) -> Result<Vec<(Vec<u8>, Hash)>, StoreError> {
        if end <= start {
            return Ok(Vec::new());
        }
        let rows = self.with(|db| {
            db.rows(
                "SELECT idx, entry, leaf_hash FROM log_entries \
                 WHERE issuer = $1 AND idx >= $2 AND idx < $3 ORDER BY idx",
                &[db.issuer(), &big(start), &big(end)],
            )
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for (want, r) in (start..end).zip(&rows) {
            let got: i64 = r.get(0);
            if got != big(want) {
                return Err(StoreError::Corrupt {
                    tree: "log_entries",
                    key: want.to_string(),
                    reason: "missing entry".into(),
                });
            }
            out.push((
                r.get::<_, Vec<u8>>(1),
                hash_of(r.get(2), &want.to_string())?,
            ));
        }
        if out.len() as u64 != end - start {
            return Err(StoreError::Corrupt {
                tree: "log_entries",
                key: (start + out.len() as u64).to_string(),
                reason: "missing entry".into(),
            });
        }
        Ok(out)
    }

    /// Root of the first `size` entries.
    pub(super) fn log_root(&self, size: u64) -> Result<Hash, StoreError> {
        self.with(|db| tlog::root(&Reader(db), size).map_err(tree_err))
    }

    /// Inclusion proof of `index` in the tree of `size`.
    pub(super) fn log_inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError> {
        self.with(|db| tlog::inclusion_proof(&Reader(db), index, size).map_err(tree_err))
    }

    /// Consistency proof between sizes `m` and `n`.
    pub(super) fn log_consistency(&self, m: u64, n: u64) -> Result<Vec<Hash>, StoreError> {
        self.with(|db| tlog::consistency_proof(&Reader(db), m, n).map_err(tree_err))
    }
}
