//! Inclusion and consistency proofs: generation from a [`NodeReader`] (RFC 6962 §2.1.1–2.1.2)
//! and store-free verification (RFC 9162 §2.1.3.2 and §2.1.4.2).

use super::hash::{Hash, node_hash, split_point};
use super::tree::{NodeReader, TreeError, subtree_hash};

/// The audit path PATH(index, D[0:size]) of RFC 6962 §2.1.1, ordered leaf-to-root.
///
/// Walks down from the root: at each split the sibling of the half holding `index` is
/// recorded; reversing gives the bottom-up order of the recursive definition. Costs O(log n)
/// reads: left siblings are single stored nodes and only one right sibling is ragged.
pub fn inclusion_proof<R: NodeReader>(
    r: &R,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, TreeError<R::Error>> {
    if index >= size {
        return Err(TreeError::IndexOutOfRange { index, size });
    }
    let mut path = Vec::new();
    let (mut lo, mut hi) = (0, size);
    while hi - lo > 1 {
        let mid = lo + split_point(hi - lo);
        if index < mid {
            path.push(subtree_hash(r, mid, hi)?);
            hi = mid;
        } else {
            path.push(subtree_hash(r, lo, mid)?);
            lo = mid;
        }
    }
    path.reverse();
    Ok(path)
}

/// The consistency proof PROOF(m, D[0:n]) of RFC 6962 §2.1.2, for `0 < m <= n`.
///
/// `m == n` gives the empty proof. `m == 0` is an error: RFC 6962/9162 define the proof only
/// for `0 < m`, and every tree trivially extends the empty one.
pub fn consistency_proof<R: NodeReader>(
    r: &R,
    m: u64,
    n: u64,
) -> Result<Vec<Hash>, TreeError<R::Error>> {
    if m == 0 || m > n {
        return Err(TreeError::InvalidSizes { m, n });
    }
    // Iterative SUBPROOF(m, D[lo:hi], complete): the invariant is lo < m <= hi. `complete` is
    // the RFC's `b`: true while D[lo:hi] is still a prefix of the old tree's own split, whose
    // hash the verifier already knows as root_m.
    let mut siblings = Vec::new();
    let (mut lo, mut hi, mut complete) = (0, n, true);
    let head = loop {
        if m == hi {
            break if complete {
                None
            } else {
                Some(subtree_hash(r, lo, hi)?)
            };
        }
        let mid = lo + split_point(hi - lo);
        if m <= mid {
            siblings.push(subtree_hash(r, mid, hi)?);
            hi = mid;
        } else {
            siblings.push(subtree_hash(r, lo, mid)?);
            lo = mid;
            complete = false;
        }
    };
    // The recursion appends each sibling after the deeper result, so the deepest comes first.
    let mut proof = Vec::with_capacity(siblings.len() + 1);
    proof.extend(head);
    proof.extend(siblings.into_iter().rev());
    Ok(proof)
}

/// Verifies an inclusion proof exactly as RFC 9162 §2.1.3.2 describes.
///
/// `leaf` is the leaf hash (see [`super::leaf_hash`]), not the entry. Note that proofs bind
/// the tree size only through the shape of the path: a verifier must take `size` and `root`
/// together from one signed checkpoint.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    // Step 1.
    if index >= size {
        return false;
    }
    // Steps 2 and 3: `fnode`/`snode` are the RFC's fn and sn (fn is a Rust keyword).
    let (mut fnode, mut snode) = (index, size - 1);
    let mut r = *leaf;
    // Step 4.
    for p in proof {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            if fnode & 1 == 0 {
                // A right-edge node with no sibling at these levels: climb past them.
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 5.
    snode == 0 && r == *root
}

/// Verifies a consistency proof exactly as RFC 9162 §2.1.4.2 describes, for `0 < m < n`.
///
/// Outside that domain: `m == n` is accepted iff the proof is empty and the roots are equal;
/// `m == 0` is rejected, because RFC 9162 defines consistency proofs only for `0 < m` and its
/// algorithm starts from `m - 1` (Go's transparency-dev/merkle instead accepts `m == 0` with an
/// empty proof); `m > n` is rejected.
pub fn verify_consistency(m: u64, n: u64, root_m: &Hash, root_n: &Hash, proof: &[Hash]) -> bool {
    if m == n {
        return proof.is_empty() && root_m == root_n;
    }
    if m == 0 || m > n {
        return false;
    }
    // Step 1.
    if proof.is_empty() {
        return false;
    }
    // Step 2: a power-of-two old tree is a stored subtree of the new one, so the prover omits
    // it and the verifier supplies it.
    let mut path = Vec::with_capacity(proof.len() + 1);
    if m.is_power_of_two() {
        path.push(*root_m);
    }
    path.extend_from_slice(proof);
    // Step 3.
    let (mut fnode, mut snode) = (m - 1, n - 1);
    // Step 4.
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 5.
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let (mut fr, mut sr) = (*first, *first);
    // Step 6.
    for c in rest {
        if snode == 0 {
            return false;
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnode & 1 == 0 {
                while fnode & 1 == 0 && fnode != 0 {
                    fnode >>= 1;
                    snode >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // Step 7.
    fr == *root_m && sr == *root_n && snode == 0
}
