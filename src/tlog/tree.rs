//! The storage-agnostic tree: perfect ("complete") subtree nodes addressed by `(level, index)`.
//!
//! Node `(0, i)` is the leaf hash of entry `i`; node `(l, i)` is the root of the perfect subtree
//! over leaves `[i·2^l, (i+1)·2^l)`. A node is written once, when its subtree becomes complete,
//! and never changes afterwards, so the store is append-only. Every RFC 6962 hash that is not a
//! stored node (the ragged right edge of a tree whose size is not a power of two) is recomputed
//! from at most one stored node per level.

use std::convert::Infallible;

use super::hash::{EMPTY_ROOT, Hash, leaf_hash, node_hash, split_point};

/// Read access to stored perfect-subtree nodes.
pub trait NodeReader {
    /// The store's own failure type (I/O, decoding).
    type Error;

    /// Returns node `(level, index)`, or `None` if it has not been written (its subtree is not
    /// complete yet, or the store is damaged).
    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, Self::Error>;
}

/// One node to store: `(level, index, hash)`.
pub type NodeWrite = (u8, u64, Hash);

/// Why a tree operation failed. `E` is the [`NodeReader::Error`] of the store.
#[derive(Debug, thiserror::Error)]
pub enum TreeError<E> {
    /// The store itself failed.
    #[error("node store read failed: {0}")]
    Store(E),
    /// A node that must exist for the requested size is absent: either the store is corrupt
    /// or the caller asked about a size larger than what has been appended.
    #[error("node ({level}, {index}) is missing: store corrupt or size beyond the log")]
    MissingNode {
        /// Level of the missing node.
        level: u8,
        /// Index of the missing node within its level.
        index: u64,
    },
    /// `append_nodes` was told a size that does not match the store (stale or skipped size);
    /// writing would overwrite or leave a gap, so nothing is returned.
    #[error("log size {size_before} does not match the store (stale or skipped size)")]
    SizeMismatch {
        /// The size the caller believed the log had.
        size_before: u64,
    },
    /// A leaf index at or beyond the tree size.
    #[error("leaf index {index} out of range for tree size {size}")]
    IndexOutOfRange {
        /// The requested leaf index.
        index: u64,
        /// The tree size it was checked against.
        size: u64,
    },
    /// A range `[start, end)` with `start > end`.
    #[error("invalid leaf range [{start}, {end})")]
    InvalidRange {
        /// Range start (inclusive).
        start: u64,
        /// Range end (exclusive).
        end: u64,
    },
    /// Consistency proofs are defined for `0 < m <= n` only.
    #[error("consistency proof needs 0 < m <= n, got m = {m}, n = {n}")]
    InvalidSizes {
        /// Old tree size.
        m: u64,
        /// New tree size.
        n: u64,
    },
    /// The log already holds 2^64 − 1 leaves, the most a `u64` size can count.
    #[error("log is full")]
    Full,
}

/// Reads a node that must exist, turning absence into [`TreeError::MissingNode`].
fn need<R: NodeReader>(r: &R, level: u8, index: u64) -> Result<Hash, TreeError<R::Error>> {
    match r.node(level, index) {
        Ok(Some(h)) => Ok(h),
        Ok(None) => Err(TreeError::MissingNode { level, index }),
        Err(e) => Err(TreeError::Store(e)),
    }
}

/// The nodes to write when appending leaf number `size_before` whose leaf hash is `leaf`:
/// `(0, size_before, leaf)` followed by every parent that this leaf completes, bottom-up.
///
/// On average two nodes are written per append (one leaf plus, amortised, one parent). The
/// caller must write all returned nodes and the new size `size_before + 1` atomically (one sled
/// batch) and serialise appends, because the result is only valid against the state it read.
///
/// As a guard against a stale or wrong `size_before`, this checks that leaf `size_before - 1`
/// exists and leaf `size_before` does not, returning [`TreeError::SizeMismatch`] otherwise.
pub fn append_nodes<R: NodeReader>(
    r: &R,
    size_before: u64,
    leaf: Hash,
) -> Result<Vec<NodeWrite>, TreeError<R::Error>> {
    if size_before == u64::MAX {
        return Err(TreeError::Full);
    }
    let occupied = r.node(0, size_before).map_err(TreeError::Store)?.is_some();
    let previous_missing = size_before > 0
        && r.node(0, size_before - 1)
            .map_err(TreeError::Store)?
            .is_none();
    if occupied || previous_missing {
        return Err(TreeError::SizeMismatch { size_before });
    }

    let mut out = Vec::with_capacity(1 + size_before.trailing_ones() as usize);
    out.push((0, size_before, leaf));
    // An odd index is a right child: its left sibling is complete, so the parent completes now.
    // `size_before < u64::MAX` bounds this loop to 63 iterations, so `level` cannot overflow.
    let (mut level, mut index, mut hash) = (0u8, size_before, leaf);
    while index & 1 == 1 {
        let left = need(r, level, index - 1)?;
        hash = node_hash(&left, &hash);
        level += 1;
        index >>= 1;
        out.push((level, index, hash));
    }
    Ok(out)
}

/// The RFC 6962 Merkle Tree Hash of the first `size` leaves.
///
/// Combines the perfect subtrees of the binary decomposition of `size` right to left, reading
/// one stored node per set bit of `size`. `size == 0` gives [`EMPTY_ROOT`].
pub fn root<R: NodeReader>(r: &R, size: u64) -> Result<Hash, TreeError<R::Error>> {
    subtree_hash(r, 0, size)
}

/// The RFC 6962 Merkle Tree Hash of leaves `[start, end)` (MTH(D[start:end])), treating that
/// range as a list of its own, as the proof definitions of RFC 6962 §2.1.1–2.1.2 do.
///
/// Ranges that occur in proofs start at a multiple of a power of two at least as large as
/// their length, and cost O(log n) reads. An arbitrary unaligned range (say `[1, 1025)`) has
/// no stored subtrees and costs up to one read per leaf: do not expose it to untrusted callers
/// with unbounded ranges. `start == end` gives [`EMPTY_ROOT`].
pub fn subtree_hash<R: NodeReader>(
    r: &R,
    start: u64,
    end: u64,
) -> Result<Hash, TreeError<R::Error>> {
    if start > end {
        return Err(TreeError::InvalidRange { start, end });
    }
    if start == end {
        return Ok(EMPTY_ROOT);
    }
    mth(r, start, end)
}

/// MTH of a non-empty range; recursion depth is at most ~128 because each step halves the
/// length or makes the range perfect.
fn mth<R: NodeReader>(r: &R, start: u64, end: u64) -> Result<Hash, TreeError<R::Error>> {
    let len = end - start;
    if len.is_power_of_two() && start.is_multiple_of(len) {
        // A perfect, aligned subtree: exactly one stored node.
        let level = len.trailing_zeros() as u8;
        return need(r, level, start >> level);
    }
    let mid = start + split_point(len);
    let left = mth(r, start, mid)?;
    let right = mth(r, mid, end)?;
    Ok(node_hash(&left, &right))
}

/// An in-memory node store, for tests and for replaying a log (CLI) without a database.
///
/// Level `l` is a `Vec` holding nodes `0..(size >> l)`, so memory is about 2 × 32 bytes/leaf.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryTree {
    levels: Vec<Vec<Hash>>,
    size: u64,
}

impl MemoryTree {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of leaves appended so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends `entry`, returning its leaf index and its leaf hash.
    ///
    /// Maintains the levels directly (push, and carry into the next level whenever a level gets
    /// an even length) instead of calling [`append_nodes`], so it cannot fail; the tests check
    /// both against each other.
    pub fn append(&mut self, entry: &[u8]) -> (u64, Hash) {
        let index = self.size;
        let leaf = leaf_hash(entry);
        let mut carry = leaf;
        let mut level = 0usize;
        loop {
            if self.levels.len() <= level {
                self.levels.resize_with(level + 1, Vec::new);
            }
            let Some(row) = self.levels.get_mut(level) else {
                break;
            };
            row.push(carry);
            // An odd length means the new node is a left child: nothing more completes.
            if row.len() % 2 == 1 {
                break;
            }
            let [.., left, right] = row.as_slice() else {
                break;
            };
            carry = node_hash(left, right);
            level += 1;
        }
        self.size += 1;
        (index, leaf)
    }
}

impl NodeReader for MemoryTree {
    type Error = Infallible;

    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, Infallible> {
        let found = usize::try_from(index)
            .ok()
            .and_then(|i| self.levels.get(usize::from(level))?.get(i).copied());
        Ok(found)
    }
}
