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

/// Appends `event` inside a transaction; returns its index.
pub fn append(
    entries: &TransactionalTree,
    nodes: &TransactionalTree,
    meta: &TransactionalTree,
    event: &LogEvent,
) -> TxResult<u64> {
    let size = read_size(meta.get(SIZE_KEY)?)
        .ok_or_else(|| corrupt("the log size is not 8 bytes".into()))?;
    let bytes = serde_json::to_vec(&event.leaf(size)).map_err(|e| corrupt(e.to_string()))?;
    let writes = match tlog::append_nodes(&TxNodes(nodes), size, tlog::leaf_hash(&bytes)) {
        Ok(w) => w,
        Err(TreeError::Store(e)) => return Err(e.into()),
        Err(e) => return Err(corrupt(format!("cannot append at {size}: {e}"))),
    };
    for (level, index, hash) in writes {
        nodes.insert(&node_key(level, index), &hash)?;
    }
    entries.insert(&size.to_be_bytes(), bytes)?;
    meta.insert(SIZE_KEY, &(size + 1).to_be_bytes())?;
    Ok(size)
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
