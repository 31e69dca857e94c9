//! The Merkle log inside sled: entries by index, tree nodes grouped by the leaf whose append
//! completed them, and the size, all written in the caller's transaction.
//!
//! Node `(level, index)` becomes complete when leaf `((index + 1) << level) - 1` is appended:
//! appending leaf `i` completes `(0, i)` and one parent for each trailing 1-bit of `i`. The
//! *node record* of leaf `i`, keyed by `i`, holds those `1 + trailing_ones(i)` hashes, level 0
//! first, so an append is two inserts (entry and node record) however many nodes it completes.

use super::{Conflict, StoreError};
use crate::domain::LogEvent;
use crate::tlog::{self, Hash, NodeReader, TreeError};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

/// Key of the log size in the log meta tree.
pub const SIZE_KEY: &[u8] = b"size";

/// The tree of the earlier node layout (one key per node, `level (1 byte) ‖ index`), converted
/// into node records by [`migrate_nodes`] when an older store is opened.
pub const T_LOG_NODES_V0: &str = "loglevel_index_node";

const HASH_LEN: usize = 32;

/// Node record key: the leaf index, 8 bytes big-endian.
pub fn record_key(leaf: u64) -> [u8; 8] {
    leaf.to_be_bytes()
}

/// Length of a complete node record of `leaf`.
fn record_len(leaf: u64) -> usize {
    HASH_LEN * (1 + leaf.trailing_ones() as usize)
}

/// The leaf whose append completes node `(level, index)`, if it fits in a u64.
pub fn completing_leaf(level: u8, index: u64) -> Option<u64> {
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

type TxResult<T> = Result<T, ConflictableTransactionError<Conflict>>;

fn corrupt(msg: String) -> ConflictableTransactionError<Conflict> {
    ConflictableTransactionError::Abort(Conflict::new("log_corrupt", msg))
}

/// Node `(level, index)` read inside a transaction (so it sees this transaction's writes).
fn tx_node(nodes: &TransactionalTree, level: u8, index: u64) -> TxResult<Option<Hash>> {
    let Some(leaf) = completing_leaf(level, index) else {
        return Ok(None);
    };
    match nodes.get(record_key(leaf))? {
        Some(record) => hash_in_record(&record, leaf, level).map_err(corrupt),
        None => Ok(None),
    }
}

/// The leaf serialised without cloning the event; same fields and order as
/// [`crate::domain::LogLeaf`], so the bytes are identical.
#[derive(serde::Serialize)]
struct LeafRef<'a> {
    format: &'static str,
    index: u64,
    at: chrono::DateTime<chrono::Utc>,
    actor: &'a crate::domain::Actor,
    kind: crate::domain::EventKind,
    data: &'a serde_json::Value,
}

/// Appends `event` inside a transaction; returns its index.
pub fn append(
    entries: &TransactionalTree,
    nodes: &TransactionalTree,
    meta: &TransactionalTree,
    event: &LogEvent,
) -> TxResult<u64> {
    append_many(entries, nodes, meta, std::slice::from_ref(event))
}

/// Appends events in order inside a transaction; returns the index of the first.
///
/// Reads the size, checks once that it matches the node records (leaf `size - 1` has one,
/// leaf `size` has none), then per event serialises the entry, computes the nodes it completes
/// and inserts the entry and its node record. Left siblings come from the nodes computed
/// earlier in the same call, or else from the store (at most one read per level per call).
pub fn append_many(
    entries: &TransactionalTree,
    nodes: &TransactionalTree,
    meta: &TransactionalTree,
    events: &[LogEvent],
) -> TxResult<u64> {
    let first = read_size(meta.get(SIZE_KEY)?)
        .ok_or_else(|| corrupt("the log size is not 8 bytes".into()))?;
    let Some(end) = u64::try_from(events.len())
        .ok()
        .and_then(|n| first.checked_add(n))
    else {
        return Err(corrupt(format!("cannot append at {first}: log is full")));
    };
    let occupied = nodes.get(record_key(first))?.is_some();
    let previous_missing = first > 0 && nodes.get(record_key(first - 1))?.is_none();
    if occupied || previous_missing {
        return Err(corrupt(format!(
            "cannot append at {first}: log size {first} does not match the store (stale or skipped size)"
        )));
    }
    // `frontier[level]` = the last node of that level completed in this call: (index, hash).
    let mut frontier: [Option<(u64, Hash)>; 64] = [None; 64];
    let mut entry = Vec::with_capacity(512);
    for (size, event) in (first..end).zip(events) {
        let leaf = LeafRef {
            format: crate::domain::LOG_ENTRY_FORMAT,
            index: size,
            at: event.at(),
            actor: event.actor(),
            kind: event.kind(),
            data: event.data(),
        };
        entry.clear();
        serde_json::to_writer(&mut entry, &leaf).map_err(|e| corrupt(e.to_string()))?;
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
                    corrupt(format!(
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
    meta.insert(SIZE_KEY, &end.to_be_bytes())?;
    Ok(first)
}

/// Reads nodes outside transactions.
pub struct TreeNodes<'a>(pub &'a sled::Tree);

impl NodeReader for TreeNodes<'_> {
    type Error = StoreError;
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, StoreError> {
        let Some(leaf) = completing_leaf(level, index) else {
            return Ok(None);
        };
        match self.0.get(record_key(leaf)) {
            Ok(Some(record)) => {
                hash_in_record(&record, leaf, level).map_err(|reason| StoreError::Corrupt {
                    tree: super::sled_store::T_LOG_NODES,
                    key: leaf.to_string(),
                    reason,
                })
            }
            Ok(None) => Ok(None),
            Err(e) => Err(StoreError::Backend(e.to_string())),
        }
    }
}

/// Converts a store written with one key per node ([`T_LOG_NODES_V0`]) into node records,
/// then drops the old tree. Runs when the store is opened, before anything can append; a
/// crash midway leaves the old tree in place and the next open converts again.
pub fn migrate_nodes(
    db: &sled::Db,
    meta: &sled::Tree,
    nodes: &sled::Tree,
) -> Result<(), StoreError> {
    let backend = |e: sled::Error| StoreError::Backend(e.to_string());
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
    for leaf in 0..size(meta)? {
        let mut record = Vec::with_capacity(record_len(leaf));
        // A damaged store keeps its gaps: the record stops at the first missing node.
        for level in 0..=leaf.trailing_ones() as u8 {
            match old.get(key_v0(level, leaf >> level)).map_err(backend)? {
                Some(h) if h.len() == HASH_LEN => record.extend_from_slice(&h),
                _ => break,
            }
        }
        if !record.is_empty() {
            nodes.insert(record_key(leaf), record).map_err(backend)?;
        }
    }
    db.flush().map_err(backend)?;
    db.drop_tree(T_LOG_NODES_V0).map_err(backend)?;
    db.flush().map_err(backend)?;
    Ok(())
}

/// The stored log size.
pub fn size(meta: &sled::Tree) -> Result<u64, StoreError> {
    let v = meta
        .get(SIZE_KEY)
        .map_err(|e| StoreError::Backend(e.to_string()))?;
    read_size(v).ok_or_else(|| StoreError::Corrupt {
        tree: super::sled_store::T_LOG_META,
        key: "size".into(),
        reason: "not 8 bytes".into(),
    })
}

/// Maps a tree error to a store error.
pub fn tree_err(e: TreeError<StoreError>) -> StoreError {
    match e {
        TreeError::Store(s) => s,
        other => StoreError::Corrupt {
            tree: super::sled_store::T_LOG_NODES,
            key: String::new(),
            reason: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EventKind, LogEvent, Principal, Role};
    use crate::store::{SledStore, Store};
    use crate::tlog::MemoryTree;

    fn event(i: u64) -> LogEvent {
        LogEvent::synthetic(
            chrono::DateTime::from_timestamp(1_700_000_000 + i as i64, 0).unwrap(),
            &Principal {
                role: Role::Producer,
                token_id: "tok_test".into(),
                subject_id: None,
            },
            EventKind::PrintRun,
            serde_json::json!({"run_id": i}),
        )
    }

    /// Roots, proofs and leaf hashes of the store agree with an in-memory replay.
    fn assert_matches(store: &SledStore, mem: &MemoryTree) {
        let size = store.log_size().unwrap();
        assert_eq!(size, mem.size());
        for n in 0..=size {
            assert_eq!(
                store.log_root(n).unwrap(),
                tlog::root(mem, n).unwrap(),
                "root at {n}"
            );
        }
        for (i, (entry, leaf)) in store.log_entries(0, size).unwrap().iter().enumerate() {
            assert_eq!(*leaf, tlog::leaf_hash(entry), "leaf {i}");
            assert_eq!(mem.node(0, i as u64).unwrap(), Some(*leaf));
        }
        for i in 0..size {
            assert_eq!(
                store.log_inclusion(i, size).unwrap(),
                tlog::inclusion_proof(mem, i, size).unwrap()
            );
        }
        for m in 1..=size {
            assert_eq!(
                store.log_consistency(m, size).unwrap(),
                tlog::consistency_proof(mem, m, size).unwrap()
            );
        }
    }

    #[test]
    fn completing_leaf_of_every_node() {
        assert_eq!(completing_leaf(0, 5), Some(5));
        assert_eq!(completing_leaf(1, 0), Some(1));
        assert_eq!(completing_leaf(2, 1), Some(7));
        assert_eq!(completing_leaf(63, 0), Some((1 << 63) - 1));
        assert_eq!(completing_leaf(62, 2), Some(3 * (1 << 62) - 1));
        // Its completing leaf would be u64::MAX, which a log of at most u64::MAX leaves lacks.
        assert_eq!(completing_leaf(63, 1), None);
        assert_eq!(completing_leaf(64, 0), None);
        assert_eq!(completing_leaf(0, u64::MAX), None);
        // Appending leaf i completes exactly the nodes whose completing leaf is i.
        for i in 0..300u64 {
            for level in 0..=i.trailing_ones() as u8 {
                assert_eq!(completing_leaf(level, i >> level), Some(i));
            }
        }
    }

    #[test]
    fn appends_in_any_grouping_match_the_in_memory_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SledStore::open(tmp.path()).unwrap();
        let mut mem = MemoryTree::new();
        let mut next = 0u64;
        for group in [1usize, 1, 3, 1, 8, 2, 17, 1, 33, 5, 1, 64] {
            let evs: Vec<LogEvent> = (next..next + group as u64).map(event).collect();
            let first = if group == 1 {
                store.append_event(&evs[0]).unwrap()
            } else {
                store.append_events(&evs).unwrap()
            };
            assert_eq!(first, next);
            for ev in &evs {
                mem.append(&serde_json::to_vec(&ev.leaf(next)).unwrap());
                next += 1;
            }
        }
        assert_matches(&store, &mem);
        // One node record per leaf, holding the node(s) that leaf completed.
        let records = store.raw_tree(crate::store::T_LOG_NODES).unwrap();
        assert_eq!(records.len() as u64, next);
        for (i, kv) in records.iter().enumerate() {
            let (k, v) = kv.unwrap();
            assert_eq!(k.as_ref(), record_key(i as u64));
            assert_eq!(v.len(), record_len(i as u64));
        }
    }

    #[test]
    fn a_size_that_does_not_match_the_records_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let store = SledStore::open(tmp.path()).unwrap();
        store.append_events(&[event(0), event(1)]).unwrap();
        let meta = store.raw_tree(crate::store::T_LOG_META).unwrap();
        for stale in [1u64, 3] {
            meta.insert(SIZE_KEY, &stale.to_be_bytes()).unwrap();
            let err = store.append_event(&event(9)).unwrap_err().to_string();
            assert!(err.contains("does not match the store"), "{err}");
        }
        meta.insert(SIZE_KEY, &2u64.to_be_bytes()).unwrap();
        assert_eq!(store.append_event(&event(2)).unwrap(), 2);
    }

    #[test]
    fn a_store_with_one_key_per_node_is_converted_on_open() {
        let tmp = tempfile::tempdir().unwrap();
        let mut mem = MemoryTree::new();
        {
            // The earlier layout, written directly.
            let db =
                sled::open(tmp.path().join(format!("v{}", crate::store::STORE_VERSION))).unwrap();
            let entries = db.open_tree(crate::store::T_LOG_ENTRIES).unwrap();
            let old = db.open_tree(T_LOG_NODES_V0).unwrap();
            for i in 0..37u64 {
                let bytes = serde_json::to_vec(&event(i).leaf(i)).unwrap();
                mem.append(&bytes);
                entries.insert(i.to_be_bytes(), bytes).unwrap();
            }
            for level in 0..8u8 {
                for index in 0..(37u64 >> level) {
                    let mut k = vec![level];
                    k.extend_from_slice(&index.to_be_bytes());
                    let h = mem.node(level, index).unwrap().unwrap();
                    old.insert(k, &h).unwrap();
                }
            }
            let meta = db.open_tree(crate::store::T_LOG_META).unwrap();
            meta.insert(SIZE_KEY, &37u64.to_be_bytes()).unwrap();
            db.flush().unwrap();
        }
        let store = SledStore::open(tmp.path()).unwrap();
        assert!(!store.tree_names().iter().any(|n| n == T_LOG_NODES_V0));
        assert_matches(&store, &mem);
        let evs: Vec<LogEvent> = (37..50).map(event).collect();
        store.append_events(&evs).unwrap();
        for (i, ev) in (37..).zip(&evs) {
            mem.append(&serde_json::to_vec(&ev.leaf(i)).unwrap());
        }
        assert_matches(&store, &mem);
        drop(store);
        // Opening again finds nothing left to convert.
        let store = SledStore::open(tmp.path()).unwrap();
        assert_matches(&store, &mem);
    }

    #[test]
    fn borrowed_leaf_serialises_exactly_like_log_leaf() {
        let ev = LogEvent::synthetic(
            chrono::Utc::now(),
            &Principal {
                role: Role::Admin,
                token_id: "tok_x".into(),
                subject_id: None,
            },
            EventKind::SubjectRegistered,
            serde_json::json!({"name": "Hợp tác xã", "z": 1, "a": [1, 2]}),
        );
        let owned = serde_json::to_vec(&ev.leaf(7)).unwrap();
        let borrowed = serde_json::to_vec(&LeafRef {
            format: crate::domain::LOG_ENTRY_FORMAT,
            index: 7,
            at: ev.at(),
            actor: ev.actor(),
            kind: ev.kind(),
            data: ev.data(),
        })
        .unwrap();
        assert_eq!(owned, borrowed);
        // Field order is part of the format.
        let text = String::from_utf8(owned).unwrap();
        assert!(
            text.starts_with(r#"{"format":"ocop-trace/log-entry/v1","index":7,"at":""#),
            "{text}"
        );
    }
}
