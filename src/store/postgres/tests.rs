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
