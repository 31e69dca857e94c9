//! Inclusion and consistency proofs: exhaustive comparison with the RFC 6962 definitions,
//! tamper detection, and known answers from transparency-dev/merkle.

use super::h;
use super::naive;
use super::tree::{RFC6962_LEAVES, RFC6962_ROOTS, rfc6962_tree, sample};
use super::unhex;
use crate::tlog::{
    Hash, consistency_proof, inclusion_proof, leaf_hash, root, verify_consistency, verify_inclusion,
};

/// Flips one bit of element `i`.
fn flipped(proof: &[Hash], i: usize) -> Vec<Hash> {
    let mut p = proof.to_vec();
    p[i][i % 32] ^= 0x10;
    p
}

fn flip(hash: &Hash) -> Hash {
    let mut x = *hash;
    x[31] ^= 1;
    x
}

/// The RFC 9162 verifier and the reference verifier must agree on every probe.
fn agree_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> bool {
    let got = verify_inclusion(leaf, index, size, proof, root);
    let want = naive::verify_inclusion(leaf, index, size, proof, root);
    assert_eq!(
        got, want,
        "inclusion verifiers disagree: index {index} size {size}"
    );
    got
}

fn agree_consistency(m: u64, n: u64, root_m: &Hash, root_n: &Hash, proof: &[Hash]) -> bool {
    let got = verify_consistency(m, n, root_m, root_n, proof);
    let want = naive::verify_consistency(m, n, root_m, root_n, proof);
    assert_eq!(got, want, "consistency verifiers disagree: m {m} n {n}");
    got
}

#[test]
fn inclusion_proofs_match_rfc6962_path_for_sizes_up_to_70() {
    let (t, leaves) = sample(70);
    let mut wrong_size_rejected = 0;
    let mut wrong_size_probes = 0;
    for size in 1..=70u64 {
        let d = &leaves[..size as usize];
        let r = root(&t, size).unwrap();
        for index in 0..size {
            let leaf = &leaves[index as usize];
            let proof = inclusion_proof(&t, index, size).unwrap();
            assert_eq!(
                proof,
                naive::path(index as usize, d),
                "index {index} size {size}"
            );
            assert!(agree_inclusion(leaf, index, size, &proof, &r));

            // Tampering that must always fail.
            for i in 0..proof.len() {
                assert!(!agree_inclusion(leaf, index, size, &flipped(&proof, i), &r));
            }
            assert!(!agree_inclusion(&flip(leaf), index, size, &proof, &r));
            assert!(!agree_inclusion(leaf, index, size, &proof, &flip(&r)));
            if !proof.is_empty() {
                assert!(!agree_inclusion(leaf, index, size, &proof[1..], &r));
                assert!(!agree_inclusion(
                    leaf,
                    index,
                    size,
                    &proof[..proof.len() - 1],
                    &r
                ));
            }
            let mut longer = proof.clone();
            longer.push(r);
            assert!(!agree_inclusion(leaf, index, size, &longer, &r));
            longer.rotate_right(1);
            assert!(!agree_inclusion(leaf, index, size, &longer, &r));
            for other in [
                index.wrapping_sub(1),
                index + 1,
                index ^ 1,
                index ^ 2,
                index ^ 4,
                size,
            ] {
                if other != index {
                    assert!(
                        !agree_inclusion(leaf, other, size, &proof, &r),
                        "wrong index {other} for {index} in {size}"
                    );
                }
            }
            // A proof binds the size only through its shape (a size with the same path shape
            // verifies: the verifier cannot tell a leaf hash from a subtree hash), which is why
            // size and root must come together from a signed checkpoint. The verifiers must
            // still agree, and most wrong sizes must fail.
            for other in [size - 1, size + 1, size * 2, size / 2, index] {
                if other != size {
                    wrong_size_probes += 1;
                    if !agree_inclusion(leaf, index, other, &proof, &r) {
                        wrong_size_rejected += 1;
                    }
                }
            }
        }
    }
    assert!(
        wrong_size_rejected * 2 > wrong_size_probes,
        "{wrong_size_rejected}/{wrong_size_probes}"
    );
}

#[test]
fn consistency_proofs_match_rfc6962_proof_for_sizes_up_to_70() {
    let (t, leaves) = sample(70);
    let roots: Vec<Hash> = (0..=70).map(|s| root(&t, s).unwrap()).collect();
    let (mut wrong_size_rejected, mut wrong_size_probes) = (0, 0);
    for n in 1..=70u64 {
        let d = &leaves[..n as usize];
        for m in 1..=n {
            let (rm, rn) = (&roots[m as usize], &roots[n as usize]);
            let proof = consistency_proof(&t, m, n).unwrap();
            assert_eq!(proof, naive::proof(m as usize, d), "m {m} n {n}");
            assert!(agree_consistency(m, n, rm, rn, &proof), "m {m} n {n}");

            for i in 0..proof.len() {
                assert!(!agree_consistency(m, n, rm, rn, &flipped(&proof, i)));
            }
            assert!(!agree_consistency(m, n, &flip(rm), rn, &proof));
            assert!(!agree_consistency(m, n, rm, &flip(rn), &proof));
            if rm != rn {
                assert!(!agree_consistency(m, n, rn, rm, &proof));
            }
            if !proof.is_empty() {
                assert!(!agree_consistency(m, n, rm, rn, &proof[1..]));
                assert!(!agree_consistency(m, n, rm, rn, &proof[..proof.len() - 1]));
            }
            for extra in [*rm, *rn, proof.first().copied().unwrap_or(*rm)] {
                let mut longer = proof.clone();
                longer.push(extra);
                assert!(!agree_consistency(m, n, rm, rn, &longer));
                longer.rotate_right(1);
                assert!(!agree_consistency(m, n, rm, rn, &longer));
            }
            // As for inclusion, sizes are bound by the proof's shape only; the verifiers agree.
            for (m2, n2) in [
                (m - 1, n),
                (m + 1, n),
                (m ^ 2, n),
                (m, n - 1),
                (m, n + 1),
                (m, n * 2),
                (m, n / 2),
                (n, m),
            ] {
                if (m2, n2) != (m, n) {
                    wrong_size_probes += 1;
                    if !agree_consistency(m2, n2, rm, rn, &proof) {
                        wrong_size_rejected += 1;
                    }
                }
            }
        }
    }
    assert!(
        wrong_size_rejected * 2 > wrong_size_probes,
        "{wrong_size_rejected}/{wrong_size_probes}"
    );
}

#[test]
fn consistency_edge_cases_follow_rfc9162() {
    let (t, _) = sample(9);
    let r = |s| root(&t, s).unwrap();
    // m == n: empty proof and equal roots.
    assert!(verify_consistency(5, 5, &r(5), &r(5), &[]));
    assert!(!verify_consistency(5, 5, &r(5), &r(4), &[]));
    assert!(!verify_consistency(5, 5, &r(5), &r(5), &[r(5)]));
    // m == 0 is outside RFC 9162's 0 < first < second, even with the empty-tree root.
    assert!(!verify_consistency(0, 9, &r(0), &r(9), &[]));
    assert!(!verify_consistency(0, 9, &r(0), &r(9), &[r(9)]));
    assert!(verify_consistency(0, 0, &r(0), &r(0), &[]));
    // Going backwards never verifies.
    let p = consistency_proof(&t, 4, 9).unwrap();
    assert!(verify_consistency(4, 9, &r(4), &r(9), &p));
    assert!(!verify_consistency(9, 4, &r(9), &r(4), &p));
    // Empty proof for 0 < m < n.
    assert!(!verify_consistency(4, 9, &r(4), &r(9), &[]));
}

#[test]
fn sizes_are_bound_only_by_proof_shape() {
    // Documented RFC 6962 behaviour, not a bug: a verifier sees hashes, not leaves, so it
    // cannot tell a tree of 3 from a tree of 4 whose last two leaves hash like leaf 2 does.
    // Sizes are trustworthy only when they come signed together with the root.
    let (t, leaves) = sample(8);
    let p = inclusion_proof(&t, 0, 3).unwrap();
    let r3 = root(&t, 3).unwrap();
    assert!(verify_inclusion(&leaves[0], 0, 3, &p, &r3));
    assert!(verify_inclusion(&leaves[0], 0, 4, &p, &r3));
    let p = consistency_proof(&t, 4, 8).unwrap();
    let (r4, r8) = (root(&t, 4).unwrap(), root(&t, 8).unwrap());
    for n in 5..=8 {
        assert!(verify_consistency(4, n, &r4, &r8, &p), "n {n}");
    }
    assert!(!verify_consistency(4, 9, &r4, &r8, &p));
}

#[test]
fn verifiers_survive_extreme_sizes() {
    let junk = vec![[7u8; 32]; 70];
    for (index, size) in [(u64::MAX - 1, u64::MAX), (0, u64::MAX), (1 << 63, u64::MAX)] {
        for len in [0, 1, 63, 64, 70] {
            assert!(!verify_inclusion(
                &[1; 32],
                index,
                size,
                &junk[..len],
                &[2; 32]
            ));
        }
    }
    for (m, n) in [(u64::MAX - 1, u64::MAX), (1, u64::MAX), (1 << 63, u64::MAX)] {
        for len in [0, 1, 63, 64, 70] {
            assert!(!verify_consistency(m, n, &[1; 32], &[2; 32], &junk[..len]));
        }
    }
}

#[test]
fn transparency_dev_known_answer_proofs() {
    let t = rfc6962_tree();
    let roots: Vec<Hash> = RFC6962_ROOTS.iter().map(|r| h(r)).collect();
    // (leaf index, tree size, proof) from transparency-dev/merkle proof/verify_test.go.
    let inclusion: [(u64, u64, &[&str]); 4] = [
        (
            0,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            5,
            8,
            &[
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            3,
            &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
        ),
        (
            1,
            5,
            &[
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
    ];
    for (index, size, want) in inclusion {
        let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
        assert_eq!(inclusion_proof(&t, index, size).unwrap(), want);
        let leaf = leaf_hash(&unhex(RFC6962_LEAVES[index as usize]));
        assert!(verify_inclusion(
            &leaf,
            index,
            size,
            &want,
            &roots[size as usize - 1]
        ));
    }
    let consistency: [(u64, u64, &[&str]); 4] = [
        (
            1,
            8,
            &[
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
            ],
        ),
        (
            6,
            8,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
        (
            2,
            5,
            &[
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            ],
        ),
        (
            6,
            7,
            &[
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            ],
        ),
    ];
    for (m, n, want) in consistency {
        let want: Vec<Hash> = want.iter().map(|x| h(x)).collect();
        assert_eq!(consistency_proof(&t, m, n).unwrap(), want, "m {m} n {n}");
        let (rm, rn) = (&roots[m as usize - 1], &roots[n as usize - 1]);
        assert!(verify_consistency(m, n, rm, rn, &want));
    }
}

#[test]
fn proofs_verify_on_larger_trees() {
    let (t, leaves) = sample(1100);
    for size in [1000u64, 1023, 1024, 1025, 1100] {
        let r = root(&t, size).unwrap();
        for index in [0, 1, 511, 512, 999, size / 2, size - 1] {
            let proof = inclusion_proof(&t, index, size).unwrap();
            assert!(verify_inclusion(
                &leaves[index as usize],
                index,
                size,
                &proof,
                &r
            ));
        }
        for m in [1u64, 2, 3, 512, 700, 999, size - 1, size] {
            let proof = consistency_proof(&t, m, size).unwrap();
            assert!(verify_consistency(
                m,
                size,
                &root(&t, m).unwrap(),
                &r,
                &proof
            ));
        }
    }
}
