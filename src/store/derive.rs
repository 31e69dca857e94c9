//! What an engine derives from the log entries when a restored store is made ready: the
//! tree nodes each leaf completes and the batch → `batch_issued` index. One walk, shared by
//! both engines, so neither needs those in a backup.

use super::StoreError;
use crate::domain::{EventKind, LogLeaf};
use crate::tlog::{self, Hash};

/// The batch a `batch_issued` entry issued, if this entry is one. Doctor matches batches
/// against the same rule.
pub fn issued_batch(leaf: &LogLeaf) -> Option<u64> {
    (leaf.kind == EventKind::BatchIssued)
        .then(|| leaf.data.get("batch_id").and_then(|v| v.as_u64()))
        .flatten()
}

/// Recomputes the log's tree from its entries, fed in index order from 0.
#[derive(Default)]
pub struct LogRebuild {
    /// `pending[level]`: the last complete node of that level still waiting for its right
    /// sibling.
    pending: Vec<Option<Hash>>,
    size: u64,
    /// `(batch id, entry index)` of every `batch_issued` entry seen.
    pub issued: Vec<(u64, u64)>,
}

impl LogRebuild {
    /// Takes entry `index` (which must be the next one) and returns the hashes of the nodes
    /// its append completes, level 0 (the leaf hash) first. An entry that does not decode
    /// still counts: doctor reports it.
    pub fn push(&mut self, index: u64, entry: &[u8]) -> Result<Vec<Hash>, StoreError> {
        if index != self.size {
            return Err(StoreError::Corrupt {
                tree: super::relations::LOG_ENTRIES,
                key: index.to_string(),
                reason: format!(
                    "the log has no entry {} (entries must run from 0)",
                    self.size
                ),
            });
        }
        if let Some(batch) = serde_json::from_slice::<LogLeaf>(entry)
            .ok()
            .as_ref()
            .and_then(issued_batch)
        {
            self.issued.push((batch, index));
        }
        let mut hash = tlog::leaf_hash(entry);
        let mut completed = vec![hash];
        let top = index.trailing_ones() as usize;
        for level in 0..top {
            let left = self
                .pending
                .get_mut(level)
                .and_then(Option::take)
                .ok_or_else(|| StoreError::Backend("log rebuild lost a node".into()))?;
            hash = tlog::node_hash(&left, &hash);
            completed.push(hash);
        }
        if self.pending.len() <= top {
            self.pending.resize(top + 1, None);
        }
        self.pending[top] = Some(hash);
        self.size += 1;
        Ok(completed)
    }

    /// Entries taken so far.
    pub fn size(&self) -> u64 {
        self.size
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tlog::MemoryTree;

    #[test]
    fn rebuilt_nodes_give_the_memory_tree_root() {
        let entries: Vec<Vec<u8>> = (0..13u8).map(|i| vec![i; 3]).collect();
        let mut rebuild = LogRebuild::default();
        let mut tree = MemoryTree::new();
        let mut nodes = std::collections::HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let i = i as u64;
            for (level, h) in rebuild.push(i, e).unwrap().into_iter().enumerate() {
                nodes.insert((level as u8, i >> level), h);
            }
            tree.append(e);
        }
        for ((level, index), h) in &nodes {
            assert_eq!(
                Some(*h),
                crate::tlog::NodeReader::node(&tree, *level, *index).unwrap()
            );
        }
        assert!(rebuild.push(20, b"gap").is_err());
    }
}
