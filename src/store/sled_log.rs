//! The Merkle log inside sled: entries by index, complete-subtree nodes by (level, index),
//! and the size, all written in the caller's transaction.

use super::{Conflict, StoreError};
use crate::domain::LogEvent;
use crate::tlog::{self, Hash, NodeReader, TreeError};
use sled::transaction::{
    ConflictableTransactionError, TransactionalTree, UnabortableTransactionError,
};

/// Key of the log size in the log meta tree.
pub const SIZE_KEY: &[u8] = b"size";

/// Node key: level (1 byte) ‖ index (8 bytes, big-endian).
pub fn node_key(level: u8, index: u64) -> [u8; 9] {
    let mut k = [0u8; 9];
    k[0] = level;
    k[1..].copy_from_slice(&index.to_be_bytes());
    k
}

fn read_size(v: Option<sled::IVec>) -> Option<u64> {
    match v {
        None => Some(0),
        Some(b) => <[u8; 8]>::try_from(b.as_ref()).ok().map(u64::from_be_bytes),
    }
}

fn as_hash(v: &[u8]) -> Option<Hash> {
    <[u8; 32]>::try_from(v).ok()
}

struct TxNodes<'a>(&'a TransactionalTree);

impl NodeReader for TxNodes<'_> {
    type Error = UnabortableTransactionError;
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, Self::Error> {
        Ok(self
            .0
            .get(node_key(level, index))?
            .and_then(|v| as_hash(&v)))
    }
}

type TxResult<T> = Result<T, ConflictableTransactionError<Conflict>>;

fn corrupt(msg: String) -> ConflictableTransactionError<Conflict> {
    ConflictableTransactionError::Abort(Conflict::new("log_corrupt", msg))
}

/// The leaf serialised without cloning the event; same fields and order as
/// [`crate::domain::LogLeaf`], so the bytes are identical.
#[derive(serde::Serialize)]
struct LeafRef<'a> {
    format: &'static str,
    index: u64,
    at: &'a chrono::DateTime<chrono::Utc>,
    actor: &'a crate::domain::Actor,
    kind: &'a str,
    data: &'a serde_json::Value,
}

/// Nodes written earlier in the same batch, consulted before the transaction.
struct Overlay<'a> {
    tx: TxNodes<'a>,
    fresh: std::collections::HashMap<(u8, u64), Hash>,
}

impl NodeReader for Overlay<'_> {
    type Error = UnabortableTransactionError;
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, Self::Error> {
        match self.fresh.get(&(level, index)) {
            Some(h) => Ok(Some(*h)),
            None => self.tx.node(level, index),
        }
    }
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
pub fn append_many(
    entries: &TransactionalTree,
    nodes: &TransactionalTree,
    meta: &TransactionalTree,
    events: &[LogEvent],
) -> TxResult<u64> {
    let first = read_size(meta.get(SIZE_KEY)?)
        .ok_or_else(|| corrupt("the log size is not 8 bytes".into()))?;
    let mut reader = Overlay {
        tx: TxNodes(nodes),
        fresh: std::collections::HashMap::new(),
    };
    let mut size = first;
    for event in events {
        let leaf = LeafRef {
            format: crate::domain::LOG_ENTRY_FORMAT,
            index: size,
            at: &event.at,
            actor: &event.actor,
            kind: &event.kind,
            data: &event.data,
        };
        let bytes = serde_json::to_vec(&leaf).map_err(|e| corrupt(e.to_string()))?;
        let writes = match tlog::append_nodes(&reader, size, tlog::leaf_hash(&bytes)) {
            Ok(w) => w,
            Err(TreeError::Store(e)) => return Err(e.into()),
            Err(e) => return Err(corrupt(format!("cannot append at {size}: {e}"))),
        };
        for (level, index, hash) in writes {
            nodes.insert(&node_key(level, index), &hash)?;
            if events.len() > 1 {
                reader.fresh.insert((level, index), hash);
            }
        }
        entries.insert(&size.to_be_bytes(), bytes)?;
        size += 1;
    }
    meta.insert(SIZE_KEY, &size.to_be_bytes())?;
    Ok(first)
}

/// Reads nodes outside transactions.
pub struct TreeNodes<'a>(pub &'a sled::Tree);

impl NodeReader for TreeNodes<'_> {
    type Error = StoreError;
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, StoreError> {
        match self.0.get(node_key(level, index)) {
            Ok(Some(v)) => as_hash(&v).map(Some).ok_or_else(|| StoreError::Corrupt {
                tree: super::sled_store::T_LOG_NODES,
                key: format!("{level}/{index}"),
                reason: "node is not 32 bytes".into(),
            }),
            Ok(None) => Ok(None),
            Err(e) => Err(StoreError::Backend(e.to_string())),
        }
    }
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
    use crate::domain::{Actor, LogEvent};

    #[test]
    fn borrowed_leaf_serialises_exactly_like_log_leaf() {
        let ev = LogEvent {
            at: chrono::Utc::now(),
            actor: Actor {
                role: "admin".into(),
                token_id: "tok_x".into(),
            },
            kind: "subject_registered".into(),
            data: serde_json::json!({"name": "Hợp tác xã", "z": 1, "a": [1, 2]}),
        };
        let owned = serde_json::to_vec(&ev.leaf(7)).unwrap();
        let borrowed = serde_json::to_vec(&LeafRef {
            format: crate::domain::LOG_ENTRY_FORMAT,
            index: 7,
            at: &ev.at,
            actor: &ev.actor,
            kind: &ev.kind,
            data: &ev.data,
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
