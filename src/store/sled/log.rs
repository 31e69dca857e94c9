//! The Merkle log inside sled: entries by index, tree nodes grouped by the leaf whose append
//! completed them, and the size, all written in the caller's transaction.
//!
//! Node `(level, index)` becomes complete when leaf `((index + 1) << level) - 1` is appended:
//! appending leaf `i` completes `(0, i)` and one parent for each trailing 1-bit of `i`. The
//! *node record* of leaf `i`, keyed by `i`, holds those `1 + trailing_ones(i)` hashes, level 0
//! first, so an append is two inserts (entry and node record) however many nodes it completes.

use super::codec::{Tx, backend, corrupt};
use super::trees::{LOG_SIZE_KEY, T_LOG_ENTRIES, T_LOG_META, T_LOG_NODES, T_LOG_NODES_V0};
use crate::domain::LogEvent;
use crate::store::StoreError;
use crate::tlog::{self, Hash, NodeReader, TreeError};
use sled::transaction::TransactionalTree;

const HASH_LEN: usize = 32;

/// Node record key: the leaf index, 8 bytes big-endian.
pub(super) fn record_key(leaf: u64) -> [u8; 8] {
    leaf.to_be_bytes()
}

/// Length of a complete node record of `leaf`.
pub(super) fn record_len(leaf: u64) -> usize {
    HASH_LEN * (1 + leaf.trailing_ones() as usize)
}

/// The leaf whose append completes node `(level, index)`, if it fits in a u64.
pub(super) fn completing_leaf(level: u8, index: u64) -> Option<u64> {
    if level >= 64 {
        return None;
    }
    index
        .checked_add(1)?
        .checked_mul(1u64 << level)
        .map(|end| end - 1)
}

/// The hash of `level` in the node record of `leaf`: `Ok(None)` if the record stops short of
/// that level (a damaged store), `Err` with a reason if the record cannot be a node record.
fn hash_in_record(record: &[u8], leaf: u64, level: u8) -> Result<Option<Hash>, String> {
    if record.is_empty()
        || !record.len().is_multiple_of(HASH_LEN)
        || record.len() > record_len(leaf)
    {
        return Err(format!(
            "node record of leaf {leaf} is {} bytes, not {}",
            record.len(),
            record_len(leaf)
        ));
    }
    let start = HASH_LEN * usize::from(level);
    Ok(record
        .get(start..start + HASH_LEN)
        .and_then(|h| <[u8; 32]>::try_from(h).ok()))
}

fn read_size(v: Option<sled::IVec>) -> Option<u64> {
    match v {
        None => Some(0),
        Some(b) => <[u8; 8]>::try_from(b.as_ref()).ok().map(u64::from_be_bytes),
    }
}

fn log_corrupt(tree: &'static str, key: String, reason: String) -> StoreError {
    StoreError::Corrupt { tree, key, reason }
}

/// The log size read inside a transaction.
pub(super) fn tx_size(meta: &TransactionalTree) -> Tx<u64> {
    read_size(meta.get(LOG_SIZE_KEY)?).ok_or_else(|| {
        corrupt(log_corrupt(
            T_LOG_META,
            "size".into(),
            "the log size is not 8 bytes".into(),
        ))
    })
}

/// Node `(level, index)` read inside a transaction (so it sees this transaction's writes).
fn tx_node(nodes: &TransactionalTree, level: u8, index: u64) -> Tx<Option<Hash>> {
    let Some(leaf) = completing_leaf(level, index) else {
        return Ok(None);
    };
    match nodes.get(record_key(leaf))? {
        Some(record) => hash_in_record(&record, leaf, level)
            .map_err(|reason| corrupt(log_corrupt(T_LOG_NODES, leaf.to_string(), reason))),
        None => Ok(None),
    }
}

/// Appends events in order inside a transaction; returns the index of the first.
///
/// Reads the size, checks once that it matches the node records (leaf `size - 1` has one,
/// leaf `size` has none), then per event serialises the entry, computes the nodes it completes
/// and inserts the entry and its node record. Left siblings come from the nodes computed
/// earlier in the same call, or else from the store (at most one read per level per call).
pub(super) fn append_many(
    entries: &TransactionalTree,
    nodes: &TransactionalTree,
    meta: &TransactionalTree,
    events: &[LogEvent],
) -> Tx<u64> {
    let first = tx_size(meta)?;
    let refused = |reason: String| corrupt(log_corrupt(T_LOG_META, "size".into(), reason));
    let Some(end) = u64::try_from(events.len())
        .ok()
        .and_then(|n| first.checked_add(n))
    else {
        return Err(refused(format!("cannot append at {first}: log is full")));
    };
    let occupied = nodes.get(record_key(first))?.is_some();
    let previous_missing = first > 0 && nodes.get(record_key(first - 1))?.is_none();
    if occupied || previous_missing {
        return Err(refused(format!(
            "cannot append at {first}: log size {first} does not match the store (stale or skipped size)"
        )));
    }
    // `frontier[level]` = the last node of that level completed in this call: (index, hash).
    let mut frontier: [Option<(u64, Hash)>; 64] = [None; 64];
    let mut entry = Vec::with_capacity(512);
    for (size, event) in (first..end).zip(events) {
        entry.clear();
        serde_json::to_writer(&mut entry, &event.leaf(size))
            .map_err(|e| corrupt(StoreError::Backend(format!("encode log entry: {e}"))))?;
        let mut hash = tlog::leaf_hash(&entry);
        // `end <= u64::MAX` keeps `size < u64::MAX`, so `top <= 63`.
        let top = size.trailing_ones() as u8;
        let mut record = Vec::with_capacity(record_len(size));
        record.extend_from_slice(&hash);
        for level in 0..top {
            // `size >> level` is odd here, so the left sibling index does not underflow.
            let want = (size >> level) - 1;
            let left = match frontier[usize::from(level)] {
                Some((index, h)) if index == want => h,
                _ => tx_node(nodes, level, want)?.ok_or_else(|| {
                    refused(format!(
                        "cannot append at {size}: node ({level}, {want}) is missing"
                    ))
                })?,
            };
            hash = tlog::node_hash(&left, &hash);
            record.extend_from_slice(&hash);
        }
        frontier[usize::from(top)] = Some((size >> top, hash));
        nodes.insert(&record_key(size), record)?;
        entries.insert(&size.to_be_bytes(), entry.as_slice())?;
    }
    meta.insert(LOG_SIZE_KEY, &end.to_be_bytes())?;
    Ok(first)
}

/// The log's three trees.
pub(super) struct LogTrees {
    pub(super) entries: sled::Tree,
    pub(super) nodes: sled::Tree,
    pub(super) meta: sled::Tree,
}

impl NodeReader for LogTrees {
    type Error = StoreError;
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, StoreError> {
        let Some(leaf) = completing_leaf(level, index) else {
            return Ok(None);
        };
        match self.nodes.get(record_key(leaf)).map_err(backend)? {
            Some(record) => hash_in_record(&record, leaf, level)
                .map_err(|reason| log_corrupt(T_LOG_NODES, leaf.to_string(), reason)),
            None => Ok(None),
        }
    }
}

/// Maps a tree error to a store error.
fn tree_err(e: TreeError<StoreError>) -> StoreError {
    match e {
        TreeError::Store(s) => s,
        other => log_corrupt(T_LOG_NODES, String::new(), other.to_string()),
    }
}

impl LogTrees {
    /// Opens the trees, converting an older node layout first.
    pub(super) fn open(db: &sled::Db) -> Result<Self, StoreError> {
        let tree = |name: &str| db.open_tree(name).map_err(backend);
        let log = Self {
            entries: tree(T_LOG_ENTRIES)?,
            nodes: tree(T_LOG_NODES)?,
            meta: tree(T_LOG_META)?,
        };
        log.migrate_nodes(db)?;
        Ok(log)
    }

    /// The stored log size.
    pub(super) fn size(&self) -> Result<u64, StoreError> {
        let v = self.meta.get(LOG_SIZE_KEY).map_err(backend)?;
        read_size(v).ok_or_else(|| log_corrupt(T_LOG_META, "size".into(), "not 8 bytes".into()))
    }

    /// Entries `[start, end)` with their recorded leaf hashes.
    pub(super) fn entries(&self, start: u64, end: u64) -> Result<Vec<(Vec<u8>, Hash)>, StoreError> {
        (start..end)
            .map(|i| {
                let entry = self
                    .entries
                    .get(i.to_be_bytes())
                    .map_err(backend)?
                    .ok_or_else(|| {
                        log_corrupt(T_LOG_ENTRIES, i.to_string(), "missing entry".into())
                    })?;
                let leaf = self.node(0, i)?.ok_or_else(|| {
                    log_corrupt(T_LOG_NODES, format!("0/{i}"), "missing leaf hash".into())
                })?;
                Ok((entry.to_vec(), leaf))
            })
            .collect()
    }

    /// Root of the first `size` entries.
    pub(super) fn root(&self, size: u64) -> Result<Hash, StoreError> {
        tlog::root(self, size).map_err(tree_err)
    }

    /// Inclusion proof of `index` in the tree of `size`.
    pub(super) fn inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError> {
        tlog::inclusion_proof(self, index, size).map_err(tree_err)
    }

    /// Consistency proof between sizes `m` and `n`.
    pub(super) fn consistency(&self, m: u64, n: u64) -> Result<Vec<Hash>, StoreError> {
        tlog::consistency_proof(self, m, n).map_err(tree_err)
    }

    /// Converts a store written with one key per node ([`T_LOG_NODES_V0`]) into node
    /// records, then drops the old tree. Runs when the store is opened, before anything can
    /// append; a crash midway leaves the old tree in place and the next open converts again.
    fn migrate_nodes(&self, db: &sled::Db) -> Result<(), StoreError> {
        if !db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == T_LOG_NODES_V0.as_bytes())
        {
            return Ok(());
        }
        let old = db.open_tree(T_LOG_NODES_V0).map_err(backend)?;
        let key_v0 = |level: u8, index: u64| {
            let mut k = [0u8; 9];
            k[0] = level;
            k[1..].copy_from_slice(&index.to_be_bytes());
            k
        };
        for leaf in 0..self.size()? {
            let mut record = Vec::with_capacity(record_len(leaf));
            // A damaged store keeps its gaps: the record stops at the first missing node.
            for level in 0..=leaf.trailing_ones() as u8 {
                match old.get(key_v0(level, leaf >> level)).map_err(backend)? {
                    Some(h) if h.len() == HASH_LEN => record.extend_from_slice(&h),
                    _ => break,
                }
            }
            if !record.is_empty() {
                self.nodes
                    .insert(record_key(leaf), record)
                    .map_err(backend)?;
            }
        }
        db.flush().map_err(backend)?;
        db.drop_tree(T_LOG_NODES_V0).map_err(backend)?;
        db.flush().map_err(backend)?;
        Ok(())
    }
}
