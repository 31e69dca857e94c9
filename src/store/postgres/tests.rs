//! Engine tests against a live PostgreSQL (skipped when `OCOP_TRACE_TEST_PG` is unset).

use crate::store::{Store, testing};

/// Twenty ids from the pool, and the log still empty (no id is a logged write).
fn twenty_ids(s: &dyn Store) {
    for _ in 0..20 {
        s.next_id().unwrap();
    }
    assert_eq!(s.log_size().unwrap(), 0);
}

#[test]
fn ids_and_pool_reuse_outside_a_runtime() {
    let Some(tmp) = testing::temp_pg().unwrap() else {
        return;
    };
    twenty_ids(tmp.store().as_ref());
}

#[test]
fn ids_and_pool_reuse_inside_a_current_thread_runtime() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let Some(tmp) = testing::temp_pg().unwrap() else {
            return;
        };
        let s = tmp.store();
        twenty_ids(s.as_ref());
        assert!(s.subjects(None, 1).unwrap().is_empty());
        s.next_id().unwrap();
    });
}

#[test]
fn the_demo_portfolio_loads() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let Some(tmp) = testing::temp_pg().unwrap() else {
            return;
        };
        let app = crate::service::App::new(
            tmp.store(),
            crate::crypto::KeyRing::new(Vec::new()),
            "https://example.test",
            crate::clock::Clock::default(),
        );
        let _ = crate::demo::load(&app);
        assert!(tmp.store().log_size().unwrap() > 0);
    });
}

/// Two instances adding scans of the same new units at the same moment: every count is
/// kept (none overwrites the other's insert), and each instance reads what the other
/// wrote since its cursor, never its own writes.
#[test]
fn concurrent_write_backs_of_new_units_sum_and_each_sees_the_others() {
    let Some(tmp) = testing::temp_pg().unwrap() else {
        return;
    };
    use crate::crypto::{Issuer, KeyRing, KeyStatus};
    let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
    let app = crate::service::App::new(
        tmp.store(),
        KeyRing::new(vec![Issuer::from_signing_key(key, KeyStatus::Active)]),
        "https://example.test",
        crate::clock::Clock::default(),
    );
    let _ = crate::demo::load(&app);
    let a = tmp.store();
    let batch = a.batches(None, None, 1).unwrap()[0].id;
    let b: std::sync::Arc<dyn Store> =
        std::sync::Arc::new(super::PgStore::open(tmp.url().unwrap()).unwrap());
    let (_, a_cursor) = a.scans_changed(None).unwrap();
    let (_, b_cursor) = b.scans_changed(None).unwrap();
    let at = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    let one = |place| {
        let mut s = crate::domain::ScanStats::default();
        s.add(place, at);
        s
    };
    let rows = |place| {
        (1..=200)
            .map(|n| (batch, n, one(place)))
            .collect::<Vec<_>>()
    };
    std::thread::scope(|sc| {
        for (store, place) in [(&a, 1), (&b, 2)] {
            let rows = rows(place);
            sc.spawn(move || {
                for _ in 0..5 {
                    store.add_scan_stats(&rows).unwrap();
                }
            });
        }
    });
    for n in [1, 100, 200] {
        let s = a.scan_stats(batch, n).unwrap().unwrap();
        assert_eq!((s.count, s.places.len()), (10, 2), "unit {n}");
    }
    let mut serials = a.scanned_serials(batch).unwrap();
    serials.sort_unstable();
    assert_eq!(serials, (1..=200).collect::<Vec<u32>>());
    // Whoever wrote each row last, the other instance learns of it; a row whose last
    // writer is the reader is not returned (its write-back already gave it that state).
    let (seen_by_a, _) = a.scans_changed(Some(a_cursor)).unwrap();
    let (seen_by_b, next) = b.scans_changed(Some(b_cursor)).unwrap();
    assert_eq!(seen_by_a.len() + seen_by_b.len(), 200);
    assert!(seen_by_b.iter().all(|(_, _, s)| s.count == 10));
    assert!(b.scans_changed(Some(next)).unwrap().0.len() <= seen_by_b.len());
}

/// The one-statement read of what an issuance needs answers what the single reads answer,
/// for a lot a product has and one it has not, and for a product that does not exist.
#[test]
fn issuance_facts_in_one_statement_match_the_single_reads() {
    let Some(tmp) = testing::temp_pg().unwrap() else {
        return;
    };
    use crate::crypto::{Issuer, KeyRing, KeyStatus};
    let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let app = crate::service::App::new(
        tmp.store(),
        KeyRing::new(vec![Issuer::from_signing_key(key, KeyStatus::Active)]),
        "https://example.test",
        crate::clock::Clock::default(),
    );
    crate::demo::load(&app).unwrap();
    let s = tmp.store();
    let batches = s.batches(None, None, 1000).unwrap();
    assert!(!batches.is_empty());
    let free = crate::domain::Lot::parse("NO-SUCH-LOT").unwrap();
    for b in &batches {
        for lot in [&b.lot, &free] {
            let one = s.issuance_facts(b.product_id, lot).unwrap().unwrap();
            let single = crate::store::facts::read(s.as_ref(), b.product_id, lot).unwrap();
            assert_eq!(Some(&one), single.as_ref());
            assert_eq!(one.lot_taken, lot == &b.lot);
            assert!(one.subject.is_some() && !one.certificates.is_empty());
        }
    }
    assert!(s.issuance_facts(9_999_999, &free).unwrap().is_none());
}
