//! Cross-checks of the tree, proofs and checkpoints against naive reference code and
//! published known answers.

mod checkpoint;
mod naive;
mod proofs;
mod tree;

/// Decodes lowercase hex in test constants.
pub(super) fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Decodes a 32-byte hash from hex.
pub(super) fn h(s: &str) -> super::Hash {
    unhex(s).try_into().unwrap()
}
