//! The log against an in-memory replay, node records, stale sizes, and the conversion of the
//! old one-key-per-node layout.

use super::log::{completing_leaf, record_key, record_len};
use super::trees::{LOG_SIZE_KEY as SIZE_KEY, T_LOG_NODES_V0};
use crate::domain::{EventKind, LogEvent, Principal, Role};
use crate::store::{SledStore, Store};
use crate::tlog::MemoryTree;
use crate::tlog::{self, NodeReader};

fn event(i: u64) -> LogEvent {
    LogEvent::synthetic(
        chrono::DateTime::from_timestamp(1_700_000_000 + i as i64, 0).unwrap(),
        &Principal {
            role: Role::Producer,
            token_id: "tok_test".into(),
            subject_id: None,
        },
        EventKind::PrintRun,
        serde_json::json!({"run_id": i}),
    )
}

/// Roots, proofs and leaf hashes of the store agree with an in-memory replay.
fn assert_matches(store: &SledStore, mem: &MemoryTree) {
    let size = store.log_size().unwrap();
    assert_eq!(size, mem.size());
    for n in 0..=size {
        assert_eq!(
            store.log_root(n).unwrap(),
            tlog::root(mem, n).unwrap(),
            "root at {n}"
        );
    }
    for (i, (entry, leaf)) in store.log_entries(0, size).unwrap().iter().enumerate() {
        assert_eq!(*leaf, tlog::leaf_hash(entry), "leaf {i}");
        assert_eq!(mem.node(0, i as u64).unwrap(), Some(*leaf));
    }
    for i in 0..size {
        assert_eq!(
            store.log_inclusion(i, size).unwrap(),
            tlog::inclusion_proof(mem, i, size).unwrap()
        );
    }
    for m in 1..=size {
        assert_eq!(
            store.log_consistency(m, size).unwrap(),
            tlog::consistency_proof(mem, m, size).unwrap()
        );
    }
}

#[test]
fn completing_leaf_of_every_node() {
    assert_eq!(completing_leaf(0, 5), Some(5));
    assert_eq!(completing_leaf(1, 0), Some(1));
    assert_eq!(completing_leaf(2, 1), Some(7));
    assert_eq!(completing_leaf(63, 0), Some((1 << 63) - 1));
    assert_eq!(completing_leaf(62, 2), Some(3 * (1 << 62) - 1));
    // Its completing leaf would be u64::MAX, which a log of at most u64::MAX leaves lacks.
    assert_eq!(completing_leaf(63, 1), None);
    assert_eq!(completing_leaf(64, 0), None);
    assert_eq!(completing_leaf(0, u64::MAX), None);
    // Appending leaf i completes exactly the nodes whose completing leaf is i.
    for i in 0..300u64 {
        for level in 0..=i.trailing_ones() as u8 {
            assert_eq!(completing_leaf(level, i >> level), Some(i));
        }
    }
}

#[test]
fn appends_in_any_grouping_match_the_in_memory_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    let mut mem = MemoryTree::new();
    let mut next = 0u64;
    for group in [1usize, 1, 3, 1, 8, 2, 17, 1, 33, 5, 1, 64] {
        let evs: Vec<LogEvent> = (next..next + group as u64).map(event).collect();
        let first = if group == 1 {
            store.append_event(&evs[0]).unwrap()
        } else {
            store.append_events(&evs).unwrap()
        };
        assert_eq!(first, next);
        for ev in &evs {
            mem.append(&serde_json::to_vec(&ev.leaf(next)).unwrap());
            next += 1;
        }
    }
    assert_matches(&store, &mem);
    // One node record per leaf, holding the node(s) that leaf completed.
    let records = store.core.tree(super::trees::T_LOG_NODES).unwrap();
    assert_eq!(records.len() as u64, next);
    for (i, kv) in records.iter().enumerate() {
        let (k, v) = kv.unwrap();
        assert_eq!(k.as_ref(), record_key(i as u64));
        assert_eq!(v.len(), record_len(i as u64));
    }
}

#[test]
fn a_size_that_does_not_match_the_records_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    store.append_events(&[event(0), event(1)]).unwrap();
    let meta = store.core.tree(super::trees::T_LOG_META).unwrap();
    for stale in [1u64, 3] {
        meta.insert(SIZE_KEY, &stale.to_be_bytes()).unwrap();
        let err = store.append_event(&event(9)).unwrap_err().to_string();
        assert!(err.contains("does not match the store"), "{err}");
    }
    meta.insert(SIZE_KEY, &2u64.to_be_bytes()).unwrap();
    assert_eq!(store.append_event(&event(2)).unwrap(), 2);
}

#[test]
fn a_store_with_one_key_per_node_is_converted_on_open() {
    let tmp = tempfile::tempdir().unwrap();
    let mut mem = MemoryTree::new();
    {
        // The earlier layout, written directly.
        let db = sled::open(tmp.path().join(format!("v{}", crate::store::STORE_VERSION))).unwrap();
        let entries = db.open_tree(super::trees::T_LOG_ENTRIES).unwrap();
        let old = db.open_tree(T_LOG_NODES_V0).unwrap();
        for i in 0..37u64 {
            let bytes = serde_json::to_vec(&event(i).leaf(i)).unwrap();
            mem.append(&bytes);
            entries.insert(i.to_be_bytes(), bytes).unwrap();
        }
        for level in 0..8u8 {
            for index in 0..(37u64 >> level) {
                let mut k = vec![level];
                k.extend_from_slice(&index.to_be_bytes());
                let h = mem.node(level, index).unwrap().unwrap();
                old.insert(k, &h).unwrap();
            }
        }
        let meta = db.open_tree(super::trees::T_LOG_META).unwrap();
        meta.insert(SIZE_KEY, &37u64.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let store = SledStore::open(tmp.path()).unwrap();
    assert!(!store.core.tree_names().iter().any(|n| n == T_LOG_NODES_V0));
    assert_matches(&store, &mem);
    let evs: Vec<LogEvent> = (37..50).map(event).collect();
    store.append_events(&evs).unwrap();
    for (i, ev) in (37..).zip(&evs) {
        mem.append(&serde_json::to_vec(&ev.leaf(i)).unwrap());
    }
    assert_matches(&store, &mem);
    drop(store);
    // Opening again finds nothing left to convert.
    let store = SledStore::open(tmp.path()).unwrap();
    assert_matches(&store, &mem);
}

#[test]
fn stored_entries_are_the_event_leaf_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    let ev = LogEvent::synthetic(
        chrono::Utc::now(),
        &Principal {
            role: Role::Admin,
            token_id: "tok_x".into(),
            subject_id: None,
        },
        EventKind::SubjectRegistered,
        serde_json::json!({"name": "Hợp tác xã", "z": 1, "a": [1, 2]}),
    );
    store.append_events(&[event(0), ev.clone()]).unwrap();
    let (entry, _) = store.log_entries(1, 2).unwrap().remove(0);
    assert_eq!(entry, serde_json::to_vec(&ev.leaf(1)).unwrap());
    // Field order is part of the format.
    let text = String::from_utf8(entry).unwrap();
    assert!(
        text.starts_with(r#"{"format":"ocop-trace/log-entry/v1","index":1,"at":""#),
        "{text}"
    );
}
