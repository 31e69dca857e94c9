//! The log check must be able to fail: a forged entry, a wrong root, a proof for another
//! index, a checkpoint by a stranger or by a revoked key are all refused.

use super::{ProofFailure, check_inclusion};
use crate::crypto::{Issuer, KeyRing, KeyStatus};
use crate::tlog::{self, Checkpoint, MemoryTree};
use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

const RECORD: &str = "eyJhbGciOiJFZDI1NTE5In0.e30.c2ln";

fn entry(batch: u64, record: &str) -> Vec<u8> {
    let sha = crate::service::hex(&Sha256::digest(record.as_bytes()));
    format!(r#"{{"kind":"batch_issued","data":{{"batch_id":{batch},"record_sha256":"{sha}"}}}}"#)
        .into_bytes()
}

fn key(seed: u8, status: KeyStatus) -> Issuer {
    Issuer::from_signing_key(SigningKey::from_bytes(&[seed; 32]), status)
}

fn note(issuer: &Issuer, size: u64, root: [u8; 32]) -> String {
    let cp = Checkpoint {
        origin: "ocop.example/log".into(),
        size,
        root,
    };
    let pk = issuer.verifying.to_bytes();
    tlog::sign_checkpoint(&cp, &cp.origin, &pk, |m| issuer.sign(m)).unwrap_or_default()
}

/// A log of five entries, the batch 7's issuance at index 3.
fn log() -> (MemoryTree, Vec<Vec<u8>>) {
    let mut tree = MemoryTree::new();
    let entries: Vec<Vec<u8>> = (0..5)
        .map(|i| {
            if i == 3 {
                entry(7, RECORD)
            } else {
                entry(100 + i, "x")
            }
        })
        .collect();
    for e in &entries {
        tree.append(e);
    }
    (tree, entries)
}

#[test]
fn a_true_entry_checks_and_every_kind_of_tampering_fails() {
    let (tree, entries) = log();
    let size = tree.size();
    let Ok(root) = tlog::root(&tree, size) else {
        panic!("root")
    };
    let Ok(proof) = tlog::inclusion_proof(&tree, 3, size) else {
        panic!("proof")
    };
    let signer = key(1, KeyStatus::Active);
    let good = note(&signer, size, root);
    let ring = KeyRing::new(vec![key(1, KeyStatus::Active)]);
    let check = |note: &str, ring: &KeyRing, entry: &[u8], index: u64, proof: &[[u8; 32]]| {
        check_inclusion(note, ring, entry, index, proof, 7, RECORD).map(|cp| cp.size)
    };
    assert_eq!(check(&good, &ring, &entries[3], 3, &proof), Ok(5));

    // A wrong root: the checkpoint commits to another tree.
    let mut other = root;
    other[0] ^= 1;
    let wrong_root = note(&signer, size, other);
    assert_eq!(
        check(&wrong_root, &ring, &entries[3], 3, &proof),
        Err(ProofFailure::Path)
    );
    // A wrong leaf: an entry for this batch with another record, or another entry's bytes.
    let forged = entry(7, "another record");
    assert_eq!(
        check(&good, &ring, &forged, 3, &proof),
        Err(ProofFailure::Entry)
    );
    assert_eq!(
        check(&good, &ring, &entries[2], 3, &proof),
        Err(ProofFailure::Entry)
    );
    let mut tampered = proof.clone();
    tampered[0][5] ^= 0x80;
    assert_eq!(
        check(&good, &ring, &entries[3], 3, &tampered),
        Err(ProofFailure::Path)
    );
    assert_eq!(
        check(&good, &ring, &entries[3], 2, &proof),
        Err(ProofFailure::Path),
        "the right entry at the wrong index"
    );
    // A checkpoint by a key the ring does not hold, or by a revoked one.
    let stranger = note(&key(2, KeyStatus::Active), size, root);
    assert_eq!(
        check(&stranger, &ring, &entries[3], 3, &proof),
        Err(ProofFailure::Checkpoint)
    );
    let revoked = KeyRing::new(vec![key(1, KeyStatus::Revoked)]);
    assert_eq!(
        check(&good, &revoked, &entries[3], 3, &proof),
        Err(ProofFailure::Checkpoint)
    );
}

/// The demo portfolio, signed with a key of this test.
fn demo_app(temp: &crate::store::testing::TempStore) -> (crate::service::App, Vec<u64>) {
    let app = crate::service::App::new(
        temp.store(),
        KeyRing::new(vec![key(3, KeyStatus::Active)]),
        "https://x.test",
        crate::clock::Clock::default(),
    );
    let report = crate::demo::load(&app).unwrap_or_else(|e| panic!("{e}"));
    (app, report.batches)
}

#[test]
fn the_epcis_file_comes_with_its_batch_lot_for_inspectors_only() {
    use crate::domain::{Principal, Role};
    let temp = crate::store::testing::temp().unwrap_or_else(|e| panic!("{e}"));
    let (app, batches) = demo_app(&temp);
    let inspector = Principal {
        token_id: "acct_9".into(),
        role: Role::Inspector,
        subject_id: None,
    };
    let id = batches[0];
    let (doc, lot) = app
        .inspect_epcis_file(&inspector, id)
        .unwrap_or_else(|e| panic!("{e}"));
    let batch = app.store.batch(id).ok().flatten();
    assert_eq!(Some(lot.clone()), batch.as_ref().map(|b| b.lot.clone()));
    assert!(
        doc.contains("EPCISDocument") && doc.contains(lot.as_str()),
        "{doc}"
    );
    let producer = Principal {
        role: Role::ProducerManager,
        subject_id: batch.map(|b| b.subject_id),
        ..inspector
    };
    assert!(
        app.inspect_epcis_file(&producer, id).is_err(),
        "the inspector's file"
    );
}
