//! The node store: roots, subtree hashes, appends and error reporting.

use super::naive::{self, MapStore};
use super::{h, unhex};
use crate::tlog::{
    EMPTY_ROOT, Hash, MemoryTree, NodeReader, TreeError, append_nodes, consistency_proof,
    inclusion_proof, leaf_hash, root, subtree_hash,
};

/// The RFC 6962 reference leaves used by certificate-transparency and transparency-dev tests.
pub(super) const RFC6962_LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// Roots of the reference tree at sizes 1..=8.
pub(super) const RFC6962_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// The reference tree as a MemoryTree.
pub(super) fn rfc6962_tree() -> MemoryTree {
    let mut t = MemoryTree::new();
    for leaf in RFC6962_LEAVES {
        t.append(&unhex(leaf));
    }
    t
}

/// A tree of `n` distinct entries and its leaf hashes.
pub(super) fn sample(n: u64) -> (MemoryTree, Vec<Hash>) {
    let mut t = MemoryTree::new();
    let leaves = (0..n)
        .map(|i| t.append(format!("batch record {i}").as_bytes()).1)
        .collect();
    (t, leaves)
}

#[test]
fn empty_tree_root_is_known_answer() {
    let t = MemoryTree::new();
    let want = h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(EMPTY_ROOT, want);
    assert_eq!(root(&t, 0).unwrap(), want);
    assert_eq!(naive::mth(&[]), want);
}

#[test]
fn rfc6962_reference_roots() {
    let t = rfc6962_tree();
    let leaves: Vec<Hash> = RFC6962_LEAVES
        .iter()
        .map(|l| leaf_hash(&unhex(l)))
        .collect();
    for (i, want) in RFC6962_ROOTS.iter().enumerate() {
        let size = i as u64 + 1;
        assert_eq!(naive::mth(&leaves[..=i]), h(want), "naive size {size}");
        assert_eq!(root(&t, size).unwrap(), h(want), "root size {size}");
    }
}

#[test]
fn root_matches_naive_for_sizes_up_to_70() {
    let (t, leaves) = sample(70);
    for size in 0..=70 {
        assert_eq!(
            root(&t, size).unwrap(),
            naive::mth(&leaves[..size as usize]),
            "size {size}"
        );
    }
}

#[test]
fn subtree_hash_matches_naive_for_every_range() {
    let (t, leaves) = sample(40);
    for start in 0..=40u64 {
        for end in start..=40 {
            assert_eq!(
                subtree_hash(&t, start, end).unwrap(),
                naive::mth(&leaves[start as usize..end as usize]),
                "[{start}, {end})"
            );
        }
    }
    assert!(matches!(
        subtree_hash(&t, 5, 4),
        Err(TreeError::InvalidRange { start: 5, end: 4 })
    ));
}

#[test]
fn append_nodes_builds_the_tree_a_store_would() {
    let mut store = MapStore::default();
    let mut mem = MemoryTree::new();
    let mut leaves = Vec::new();
    let mut written = 0usize;
    for size_before in 0..1000u64 {
        let entry = format!("entry {size_before}");
        let leaf = leaf_hash(entry.as_bytes());
        let nodes = append_nodes(&store, size_before, leaf).unwrap();
        assert_eq!(nodes[0], (0, size_before, leaf));
        written += nodes.len();
        for &(level, index, hash) in &nodes {
            assert!(
                store.nodes.insert((level, index), hash).is_none(),
                "node ({level}, {index}) written twice"
            );
        }
        // MemoryTree maintains its levels independently; both must agree node for node.
        assert_eq!(mem.append(entry.as_bytes()), (size_before, leaf));
        for &(level, index, hash) in &nodes {
            assert_eq!(mem.node(level, index).unwrap(), Some(hash));
        }
        leaves.push(leaf);
        let size = size_before + 1;
        let want = naive::mth(&leaves);
        assert_eq!(root(&store, size).unwrap(), want, "size {size}");
        assert_eq!(root(&mem, size).unwrap(), want, "size {size}");
    }
    // Exactly the complete subtrees are stored: sum over levels of floor(n / 2^l).
    let complete: u64 = (0..10).map(|l| 1000u64 >> l).sum();
    assert_eq!(store.nodes.len() as u64, complete);
    assert_eq!(written as u64, complete);
    let average = written as f64 / 1000.0;
    assert!(average < 2.1, "average {average} nodes per append");
    assert_eq!(mem.size(), 1000);
}

#[test]
fn append_nodes_refuses_a_wrong_size() {
    let (t, _) = sample(5);
    let leaf = leaf_hash(b"x");
    // Stale size: leaf 4 already exists.
    assert!(matches!(
        append_nodes(&t, 4, leaf),
        Err(TreeError::SizeMismatch { size_before: 4 })
    ));
    // Skipped size: leaf 6 would leave a gap at 5.
    assert!(matches!(
        append_nodes(&t, 7, leaf),
        Err(TreeError::SizeMismatch { size_before: 7 })
    ));
    // Leaf 5 is a right child: it completes node (1, 2) over leaves 4 and 5.
    let four = t.node(0, 4).unwrap().unwrap();
    assert_eq!(
        append_nodes(&t, 5, leaf).unwrap(),
        vec![(0, 5, leaf), (1, 2, crate::tlog::node_hash(&four, &leaf))]
    );
    assert!(matches!(
        append_nodes(&t, u64::MAX, leaf),
        Err(TreeError::Full)
    ));
}

/// A store that lost one node, or fails outright.
struct Damaged {
    inner: MemoryTree,
    lost: (u8, u64),
    fail: bool,
}

impl NodeReader for Damaged {
    type Error = &'static str;

    fn node(&self, level: u8, index: u64) -> Result<Option<Hash>, &'static str> {
        if self.fail {
            return Err("disk on fire");
        }
        if (level, index) == self.lost {
            return Ok(None);
        }
        Ok(self.inner.node(level, index).unwrap_or(None))
    }
}

#[test]
fn missing_nodes_and_store_errors_are_reported() {
    let (inner, _) = sample(8);
    let lost = Damaged {
        inner: inner.clone(),
        lost: (2, 0),
        fail: false,
    };
    assert!(matches!(
        root(&lost, 5),
        Err(TreeError::MissingNode { level: 2, index: 0 })
    ));
    assert!(matches!(
        inclusion_proof(&lost, 6, 8),
        Err(TreeError::MissingNode { level: 2, index: 0 })
    ));
    assert!(matches!(
        consistency_proof(&lost, 5, 8),
        Err(TreeError::MissingNode { .. })
    ));
    // Appending leaf 7 completes (1, 3) and (2, 1), which needs the lost sibling (1, 2).
    let seven = Damaged {
        inner: sample(7).0,
        lost: (1, 2),
        fail: false,
    };
    assert!(matches!(
        append_nodes(&seven, 7, [0; 32]),
        Err(TreeError::MissingNode { level: 1, index: 2 })
    ));
    // Asking beyond the stored size reads absent nodes.
    assert!(matches!(
        root(&inner, 9),
        Err(TreeError::MissingNode { level: 0, index: 8 })
    ));
    let failing = Damaged {
        inner,
        lost: (9, 9),
        fail: true,
    };
    let err = root(&failing, 3).unwrap_err();
    assert!(matches!(err, TreeError::Store("disk on fire")));
    assert_eq!(err.to_string(), "node store read failed: disk on fire");
}

#[test]
fn proof_requests_out_of_range_are_errors() {
    let (t, _) = sample(10);
    assert!(matches!(
        inclusion_proof(&t, 10, 10),
        Err(TreeError::IndexOutOfRange {
            index: 10,
            size: 10
        })
    ));
    assert!(matches!(
        inclusion_proof(&t, 0, 0),
        Err(TreeError::IndexOutOfRange { index: 0, size: 0 })
    ));
    assert!(matches!(
        consistency_proof(&t, 0, 5),
        Err(TreeError::InvalidSizes { m: 0, n: 5 })
    ));
    assert!(matches!(
        consistency_proof(&t, 6, 5),
        Err(TreeError::InvalidSizes { m: 6, n: 5 })
    ));
    assert_eq!(consistency_proof(&t, 5, 5).unwrap(), Vec::<Hash>::new());
}
