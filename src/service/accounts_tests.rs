//! The account verbs without HTTP: who may manage whom, what each change logs, and when
//! setup links and sessions stop working.

use super::{App, NewAccount, ServiceError};
use crate::clock::Clock;
use crate::crypto::KeyRing;
use crate::domain::{LogLeaf, Role};
use crate::store::testing;

fn new(login: &str, role: Role, subject: Option<u64>) -> NewAccount {
    NewAccount {
        login: login.into(),
        display_name: "Người thử".into(),
        role,
        subject_id: subject,
    }
}

fn kinds(app: &App) -> Vec<String> {
    let size = app.store.log_size().unwrap_or(0);
    app.store
        .log_entries(0, size)
        .unwrap_or_default()
        .iter()
        .filter_map(|(bytes, _)| serde_json::from_slice::<LogLeaf>(bytes).ok())
        .map(|l| l.kind.as_str().to_owned())
        .collect()
}

#[test]
fn account_changes_are_logged_and_end_sessions() -> Result<(), ServiceError> {
    let temp = testing::temp()?;
    let clock = Clock::default();
    let app = App::new(
        temp.store(),
        KeyRing::new(Vec::new()),
        "https://x.test",
        clock.clone(),
    );
    let admin = app.create_admin_account("quan.tri", "Quản trị", "Văn phòng OCOP 2026")?;
    let office = admin.principal();
    let staff = app.create_account(&office, new("can.bo", Role::OfficeStaff, None))?;

    // Office staff handle producers' accounts, never the office's own.
    let refused = app.create_account(
        &staff.account.principal(),
        new("x.y", Role::Inspector, None),
    );
    assert!(matches!(refused, Err(ServiceError::Forbidden(_))));
    // Person roles are not for tokens, and producers' people need their subject.
    let no_subject = app.create_account(&office, new("nv", Role::ProducerStaff, None));
    assert!(matches!(no_subject, Err(ServiceError::Domain(_))));

    // A setup link sets the password once; a session then works until the role changes.
    let url = staff.url.clone();
    let secret = url.rsplit('/').next().unwrap_or_default();
    app.setup_account(secret, "mật khẩu của cán bộ")?;
    assert!(
        app.setup_account(secret, "mật khẩu của cán bộ").is_err(),
        "used once"
    );
    let signed = app.sign_in("can.bo", "mật khẩu của cán bộ", None)?;
    assert!(app.person(&signed.secret).is_ok());
    app.change_role(&office, staff.account.id, Role::Inspector)?;
    assert!(
        app.person(&signed.secret).is_err(),
        "the old role's session ended"
    );
    let refused = app.change_role(&office, staff.account.id, Role::ProducerManager);
    assert!(
        refused.is_err(),
        "an office account stays an office account"
    );

    // A reset closes the old password and opens a new link; a disabled account is out.
    let reset = app.reset_account(&office, staff.account.id)?;
    assert!(app.sign_in("can.bo", "mật khẩu của cán bộ", None).is_err());
    let disabled = app.disable_account(&office, staff.account.id)?;
    assert!(!disabled.enabled());
    let link = reset.url.rsplit('/').next().unwrap_or_default();
    assert!(
        app.setup_account_of(link).is_err(),
        "disabling closes the link"
    );
    assert!(
        app.disable_account(&office, admin.id).is_err(),
        "not one's own"
    );

    // A link expires.
    let late = app.create_account(&office, new("muon", Role::Inspector, None))?;
    clock.set_today(clock.today() + chrono::Days::new(4));
    let late = late.url.rsplit('/').next().unwrap_or_default();
    assert!(
        app.setup_account_of(late).is_err(),
        "a 72-hour link is closed after 4 days"
    );

    assert_eq!(
        kinds(&app),
        [
            "account_created",
            "account_created",
            "account_role_changed",
            "account_reset",
            "account_disabled",
            "account_created"
        ]
    );
    Ok(())
}

#[test]
fn the_last_active_admin_can_be_neither_demoted_nor_disabled() -> Result<(), ServiceError> {
    let temp = testing::temp()?;
    let app = App::new(
        temp.store(),
        KeyRing::new(Vec::new()),
        "https://x.test",
        Clock::default(),
    );
    let first = app.create_admin_account("quan.tri", "Quản trị", "Văn phòng OCOP 2026")?;
    let office = first.principal();
    let code = |r: Result<crate::domain::Account, ServiceError>| match r {
        Err(ServiceError::Conflict(c)) => c.code.to_string(),
        other => format!("{other:?}"),
    };
    // Demoting oneself as the only admin would lock the office out of its console.
    assert_eq!(
        code(app.change_role(&office, first.id, Role::OfficeStaff)),
        "last_admin"
    );
    // A second admin who has not set a password yet is not one who could step in.
    let second = app.create_account(&office, new("quan.tri.2", Role::Admin, None))?;
    assert_eq!(
        code(app.change_role(&office, first.id, Role::OfficeStaff)),
        "last_admin"
    );
    let secret = second.url.rsplit('/').next().unwrap_or_default().to_owned();
    app.setup_account(&secret, "mật khẩu quản trị thứ hai")?;
    // Now the first may step down, and the second, left alone, may not be disabled.
    app.change_role(&office, first.id, Role::OfficeStaff)?;
    let by_system = super::tokens::system();
    assert_eq!(
        code(app.disable_account(&by_system, second.account.id)),
        "last_admin"
    );
    assert!(!kinds(&app).iter().any(|k| k == "account_disabled"));
    Ok(())
}
