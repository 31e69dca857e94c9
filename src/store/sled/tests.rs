//! Refusals against corruption: a record or log that does not decode inside a transaction
//! is a store error (a 500 with the cause logged), never a conflict shown to the client.

use super::SledStore;
use super::trees::{self, LOG_SIZE_KEY, T_CERTS, T_LOG_META};
use crate::domain::{Certificate, EventKind, LogEvent, Principal, Revocation, Role};
use crate::store::{Store, StoreError};

fn event() -> LogEvent {
    LogEvent::synthetic(
        chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        &Principal {
            role: Role::Admin,
            token_id: "tok_test".into(),
            subject_id: None,
        },
        EventKind::CertificateRevoked,
        serde_json::json!({}),
    )
}

fn certificate(id: u64) -> Certificate {
    serde_json::from_value(serde_json::json!({
        "id": id, "product_id": 1, "star": 4, "potential_5_star": false,
        "decision_no": "123/QĐ-UBND", "decision_date": "2025-08-01",
        "issuing_body": "UBND tỉnh Trà Vinh", "level": "province",
        "valid_until": "2028-08-01", "created_at": "2025-08-01T00:00:00Z"
    }))
    .unwrap()
}

fn revocation() -> Revocation {
    Revocation {
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        reason: "test".into(),
    }
}

fn is_corrupt<T: std::fmt::Debug>(r: crate::store::Outcome<T>, tree: &str) -> bool {
    matches!(&r, Err(StoreError::Corrupt { tree: t, .. }) if *t == tree)
}

#[test]
fn revoking_an_undecodable_certificate_is_corruption_not_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    store
        .put_record(
            crate::store::relations::CERTIFICATES,
            &trees::id(5),
            b"{not json",
        )
        .unwrap();
    let r = store.revoke_certificate(5, &revocation(), &event());
    assert!(is_corrupt(r, T_CERTS));
    // Nothing was logged.
    assert_eq!(store.log_size().unwrap(), 0);
}

#[test]
fn superseding_an_undecodable_certificate_is_corruption_not_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    store
        .put_record(
            crate::store::relations::CERTIFICATES,
            &trees::id(5),
            b"\xff",
        )
        .unwrap();
    let on = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let r = store.insert_certificate(&certificate(6), Some((5, on)), &event());
    assert!(is_corrupt(r, T_CERTS));
    assert_eq!(store.certificate(6).unwrap(), None);
}

#[test]
fn a_damaged_log_size_is_corruption_not_a_conflict() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    store
        .insert_certificate(&certificate(5), None, &event())
        .unwrap()
        .unwrap();
    store.core.log.meta.insert(LOG_SIZE_KEY, b"seven").unwrap();
    let r = store.revoke_certificate(5, &revocation(), &event());
    assert!(is_corrupt(r, T_LOG_META));
    assert_eq!(store.certificate(5).unwrap().unwrap().revocation, None);
}

#[test]
fn expected_refusals_stay_conflicts() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SledStore::open(tmp.path()).unwrap();
    let c = store
        .revoke_certificate(5, &revocation(), &event())
        .unwrap();
    assert_eq!(c.unwrap_err().code, "not_found");
    store
        .insert_certificate(&certificate(5), None, &event())
        .unwrap()
        .unwrap();
    store
        .revoke_certificate(5, &revocation(), &event())
        .unwrap()
        .unwrap();
    let c = store
        .revoke_certificate(5, &revocation(), &event())
        .unwrap();
    assert_eq!(c.unwrap_err().code, "already_revoked");
    assert_eq!(store.log_size().unwrap(), 2);
}
