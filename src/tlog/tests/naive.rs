//! Naive, obviously-correct transcriptions of the RFC 6962 recursive definitions, plus
//! reference verifiers built on them (independent of the RFC 9162 bit-twiddling verifiers).

use std::collections::HashMap;
use std::convert::Infallible;

use crate::tlog::{EMPTY_ROOT, Hash, NodeReader, node_hash};

/// Largest power of two strictly below `n`, by counting.
pub fn k_of(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D) of RFC 6962 §2.1 over leaf hashes.
pub fn mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => EMPTY_ROOT,
        1 => d[0],
        n => {
            let k = k_of(n);
            node_hash(&mth(&d[..k]), &mth(&d[k..]))
        }
    }
}

/// PATH(m, D) of RFC 6962 §2.1.1.
pub fn path(m: usize, d: &[Hash]) -> Vec<Hash> {
    let n = d.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = k_of(n);
    let mut p;
    if m < k {
        p = path(m, &d[..k]);
        p.push(mth(&d[k..]));
    } else {
        p = path(m - k, &d[k..]);
        p.push(mth(&d[..k]));
    }
    p
}

/// PROOF(m, D) of RFC 6962 §2.1.2.
pub fn proof(m: usize, d: &[Hash]) -> Vec<Hash> {
    subproof(m, d, true)
}

fn subproof(m: usize, d: &[Hash], b: bool) -> Vec<Hash> {
    let n = d.len();
    if m == n {
        return if b { Vec::new() } else { vec![mth(d)] };
    }
    let k = k_of(n);
    let mut p;
    if m <= k {
        p = subproof(m, &d[..k], b);
        p.push(mth(&d[k..]));
    } else {
        p = subproof(m - k, &d[k..], false);
        p.push(mth(&d[..k]));
    }
    p
}

/// The leaf ranges `[lo, hi)` whose hashes PATH(index, D[0:size]) lists, in proof order.
fn path_ranges(index: u64, lo: u64, hi: u64, out: &mut Vec<(u64, u64)>) {
    if hi - lo <= 1 {
        return;
    }
    let mid = lo + k_of((hi - lo) as usize) as u64;
    if index < mid {
        path_ranges(index, lo, mid, out);
        out.push((mid, hi));
    } else {
        path_ranges(index, mid, hi, out);
        out.push((lo, mid));
    }
}

/// The leaf ranges whose hashes PROOF(m, D[0:n]) lists, in proof order (`m` absolute).
fn proof_ranges(m: u64, lo: u64, hi: u64, b: bool, out: &mut Vec<(u64, u64)>) {
    if m == hi {
        if !b {
            out.push((lo, hi));
        }
        return;
    }
    let mid = lo + k_of((hi - lo) as usize) as u64;
    if m <= mid {
        proof_ranges(m, lo, mid, b, out);
        out.push((mid, hi));
    } else {
        proof_ranges(m, mid, hi, false, out);
        out.push((lo, mid));
    }
}

/// MTH of `[lo, hi)` from whatever range hashes are known, recursing per RFC 6962.
fn eval(known: &[((u64, u64), Hash)], lo: u64, hi: u64) -> Option<Hash> {
    if let Some((_, h)) = known.iter().find(|(r, _)| *r == (lo, hi)) {
        return Some(*h);
    }
    if hi - lo <= 1 {
        return None;
    }
    let mid = lo + k_of((hi - lo) as usize) as u64;
    Some(node_hash(&eval(known, lo, mid)?, &eval(known, mid, hi)?))
}

/// Reference inclusion verifier: assign each proof element to the range the recursive PATH
/// says it covers, then recompute the root from the definition.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let mut ranges = Vec::new();
    path_ranges(index, 0, size, &mut ranges);
    if ranges.len() != proof.len() {
        return false;
    }
    let mut known: Vec<_> = ranges.into_iter().zip(proof.iter().copied()).collect();
    known.push(((index, index + 1), *leaf));
    eval(&known, 0, size) == Some(*root)
}

/// Reference consistency verifier, same idea: both roots must follow from the proof elements
/// (plus root_m itself when the old tree is a perfect subtree of the new one).
pub fn verify_consistency(m: u64, n: u64, root_m: &Hash, root_n: &Hash, proof: &[Hash]) -> bool {
    if m == n {
        return proof.is_empty() && root_m == root_n;
    }
    if m == 0 || m > n {
        return false;
    }
    let mut ranges = Vec::new();
    proof_ranges(m, 0, n, true, &mut ranges);
    if ranges.len() != proof.len() {
        return false;
    }
    let mut known: Vec<_> = ranges.into_iter().zip(proof.iter().copied()).collect();
    if m.is_power_of_two() {
        known.push(((0, m), *root_m));
    }
    eval(&known, 0, m) == Some(*root_m) && eval(&known, 0, n) == Some(*root_n)
}

/// A node store written only through `append_nodes`, the way the sled store will be.
#[derive(Default)]
pub struct MapStore {
    pub nodes: HashMap<(u8, u64), Hash>,
}

impl NodeReader for MapStore {
    type Error = Infallible;

    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, Infallible> {
        Ok(self.nodes.get(&(level, index)).copied())
    }
}
