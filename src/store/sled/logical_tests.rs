//! A restore rebuilds the derived trees exactly as live writes keep them: a demo store is
//! copied through the logical relations into a new one, whose index trees, log node records,
//! log size and batch → log index must equal the source's byte for byte.

use super::SledStore;
use super::trees::*;
use crate::clock::Clock;
use crate::crypto::{Issuer, KeyRing, KeyStatus};
use crate::service::App;
use crate::store::StoreUrl;
use std::sync::Arc;

fn dump(store: &SledStore, tree: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    store
        .core
        .tree(tree)
        .unwrap()
        .iter()
        .map(|kv| {
            let (k, v) = kv.unwrap();
            (k.to_vec(), v.to_vec())
        })
        .collect()
}

#[test]
fn rebuilt_derived_trees_are_the_ones_live_writes_keep() {
    let tmp = tempfile::tempdir().unwrap();
    let ring = || {
        let signing = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        KeyRing::new(vec![Issuer::from_signing_key(signing, KeyStatus::Active)])
    };
    let source = Arc::new(SledStore::open(&tmp.path().join("a")).unwrap());
    let app = App::new(
        source.clone(),
        ring(),
        "https://example.test",
        Clock::default(),
    );
    crate::demo::load(&app).unwrap();
    let copied = crate::ops::copy::copy(
        &*source,
        &StoreUrl::Sled(tmp.path().join("b")),
        Some(&ring()),
    )
    .unwrap();
    assert!(copied.batches_checked > 0);
    let target = SledStore::open(&tmp.path().join("b")).unwrap();
    for tree in [
        T_GTIN,
        T_PRODUCT_CERTS,
        T_LOTS,
        T_SUBJECT_BATCHES,
        T_LOGINS,
        T_SETUP_LINKS,
        T_BATCH_LOG,
        T_LOG_NODES,
        T_LOG_META,
    ] {
        let (a, b) = (dump(&source, tree), dump(&target, tree));
        assert!(
            !a.is_empty() || tree == T_SETUP_LINKS || tree == T_LOGINS,
            "{tree}"
        );
        assert!(a == b, "{tree} differs after the rebuild");
    }
}

#[test]
fn every_logical_relation_has_its_tree_in_name_order() {
    let names: Vec<&str> = super::logical::TREES.iter().map(|t| t.0).collect();
    assert_eq!(names, crate::store::relations::ALL);
}
