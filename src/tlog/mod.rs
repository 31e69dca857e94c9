//! Tamper-evident Merkle-tree log: RFC 6962 / RFC 9162 hashing, inclusion and consistency
//! proofs, and C2SP signed checkpoints. Pure code, no I/O: storage is behind [`NodeReader`].
//!
//! Storage model: node `(level, index)` is the hash of the perfect subtree over leaves
//! `[index·2^level, (index+1)·2^level)`; level 0 holds leaf hashes. Nodes are written once,
//! when complete: appending leaf `i` completes `(0, i)` and one parent per trailing 1-bit of
//! `i` ([`append_nodes`] lists them). A store keeps those hashes together as the *node
//! record* of leaf `i`, one value keyed by `i`, level 0 first (about two 32-byte hashes per
//! leaf; see `src/store/sled/log.rs`), so an append writes one record however many nodes it
//! completes, and roots and proofs for any earlier size stay computable forever.
//!
//! Trust model: a [`Checkpoint`] signed with [`sign_checkpoint`] commits the log to a size and
//! root; [`verify_inclusion`] and [`verify_consistency`] need nothing but hashes, so auditors
//! can check entries and the append-only property offline.

mod checkpoint;
mod hash;
mod note;
mod proof;
mod tree;

#[cfg(test)]
mod tests;

pub use checkpoint::{Checkpoint, CheckpointError, open_checkpoint, sign_checkpoint};
pub use hash::{EMPTY_ROOT, Hash, leaf_hash, node_hash};
pub use note::{note_key_id, verifier_key};
pub use proof::{consistency_proof, inclusion_proof, verify_consistency, verify_inclusion};
pub use tree::{MemoryTree, NodeReader, NodeWrite, TreeError, append_nodes, root, subtree_hash};
