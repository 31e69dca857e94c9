//! The office verbs without HTTP: the log check notices a rewritten entry, and reports'
//! handling is kept beside them.

use super::super::App;
use crate::clock::Clock;
use crate::crypto::{Issuer, KeyRing, KeyStatus};
use crate::domain::{LogEvent, Principal, Role};
use crate::store::testing;

fn office() -> Principal {
    Principal {
        token_id: "acct_1".into(),
        role: Role::OfficeStaff,
        subject_id: None,
    }
}

#[test]
fn the_log_check_finds_a_rewritten_entry() {
    let temp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
    let key = Issuer::from_signing_key(
        ed25519_dalek::SigningKey::from_bytes(&[7; 32]),
        KeyStatus::Active,
    );
    let app = App::new(
        temp.store(),
        KeyRing::new(vec![key]),
        "https://x.test",
        Clock::default(),
    );
    let who = office();
    for _ in 0..5 {
        let ev = LogEvent::account_disabled(app.clock.now(), &who, 9);
        app.store.append_event(&ev).unwrap_or_default();
    }
    let check = app.verify_log(&who).unwrap_or_else(|e| panic!("{e}"));
    assert!(check.intact(), "{check:?}");
    assert_eq!(check.size, 5);
    // Someone with the disk rewrites entry 2 (its recorded leaf hash stays).
    let stored = app.store.log_entries(2, 3).unwrap_or_default();
    let bytes =
        String::from_utf8_lossy(&stored[0].0).replace("\"account_id\":9", "\"account_id\":8");
    app.store
        .put_record(
            crate::store::relations::LOG_ENTRIES,
            &2u64.to_be_bytes(),
            bytes.as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let check = app.verify_log(&who).unwrap_or_else(|e| panic!("{e}"));
    assert!(!check.intact());
    assert_eq!(check.rewritten, vec![2]);
    let inspector = Principal {
        role: Role::Inspector,
        ..who
    };
    assert!(
        app.verify_log(&inspector).is_err(),
        "the office's page only"
    );
}

#[test]
fn handling_a_report_needs_the_report_and_the_office() {
    let temp = testing::temp().unwrap_or_else(|e| panic!("{e}"));
    let app = App::new(
        temp.store(),
        KeyRing::new(Vec::new()),
        "https://x.test",
        Clock::default(),
    );
    let who = office();
    assert!(app.handle_report(&who, 42, true, "đã gọi").is_err());
    assert!(app.office_reports(&who).unwrap_or_default().is_empty());
}
