//! Two-step verification in the console, on a server with `console_require_totp = true`:
//! the office admin is sent to enrolment first, enrols with a code computed here from the
//! key the page shows, then signs in with a code as a second step (a used code never works
//! again; a wrong password still gets the code step); wrong codes are throttled; an inspector
//! is sent to enrolment too; an admin's reset clears it.

use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, PRODUCER_PASSWORD, browser, create_account, csrf, get, post,
    sign_in,
};
use crate::helpers::TestApp;
use reqwest::StatusCode;
use totp_rs::{Algorithm, Secret, TOTP};

/// The code of `key` (base32, as the page shows it) for time step `step`.
pub(crate) fn code_at(key: &str, step: u64) -> String {
    let secret = Secret::Encoded(key.replace(' ', "")).to_bytes().unwrap();
    TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, secret).generate(step * 30)
}

pub(crate) fn step_now(app: &TestApp) -> u64 {
    u64::try_from(app.clock.now().timestamp()).unwrap() / 30
}

/// The key shown on the enrolment page.
fn key_of(html: &str) -> String {
    let at = html.find("data-totp-key>").expect("the key is shown") + 14;
    html[at..at + html[at..].find('<').unwrap()].to_owned()
}

pub(crate) async fn code(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    code: &str,
) -> (StatusCode, String) {
    let (s, _, html) = post(
        c,
        app.url("/console/sign-in/code?lang=vi"),
        &[("code", code), ("csrf", &csrf(page))],
    )
    .await;
    (s, html)
}

/// Enrols the signed-in person of `c`; returns the key and the time step of the code used.
pub(crate) async fn enrol(app: &TestApp, c: &reqwest::Client) -> (String, u64) {
    let (s, url, page) = get(c, app.url("/console/totp?lang=vi")).await;
    assert_eq!(s, StatusCode::OK, "{url}");
    assert!(page.contains("<svg class=\"qr\"") && page.contains("otpauth://totp/"));
    let key = key_of(&page);
    let (s, _, wrong) = post(
        c,
        app.url("/console/totp?lang=vi"),
        &[("code", "000000"), ("csrf", &csrf(&page))],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.contains("Mã chưa đúng"), "{wrong}");
    assert_eq!(key_of(&wrong), key, "the same key until confirmed");
    let step = step_now(app);
    let (s, _, on) = post(
        c,
        app.url("/console/totp?lang=vi"),
        &[("code", &code_at(&key, step)), ("csrf", &csrf(&page))],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{on}");
    assert!(on.contains("Đã bật xác thực hai bước"), "{on}");
    let (_, _, later) = get(c, app.url("/console/totp?lang=vi")).await;
    assert!(
        !later.contains(&key) && !later.contains("otpauth") && later.contains("đang bật"),
        "the key is never shown again: {later}"
    );
    (key, step)
}

pub(crate) async fn sign_out(app: &TestApp, c: &reqwest::Client) {
    let (_, _, page) = get(c, app.url("/console/totp?lang=vi")).await;
    let (s, url, _) = post(c, app.url("/console/sign-out"), &[("csrf", &csrf(&page))]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(url.contains("/console/sign-in"), "{url}");
}

#[tokio::test]
async fn office_accounts_enrol_then_sign_in_with_a_code_that_works_once() {
    let tmp = tempfile::tempdir().unwrap();
    crate::console_support::create_office_admin(tmp.path());
    let app = TestApp::spawn_requiring_totp_in(tmp.path()).await;

    // Not enrolled yet: every console page leads to enrolment.
    let office = browser();
    let (s, html) = sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("phải bật xác thực hai bước"), "{html}");
    let (_, url, _) = get(&office, app.url("/console/accounts?lang=vi")).await;
    assert!(url.contains("/console/totp"), "{url}");
    let (key, used_step) = enrol(&app, &office).await;
    let (_, url, _) = get(&office, app.url("/console/accounts?lang=vi")).await;
    assert!(
        url.contains("/console/accounts"),
        "enrolled: the console opens"
    );
    sign_out(&app, &office).await;

    // The password alone opens nothing; the code used at enrolment is refused; the next
    // step's code signs in.
    let (s, step) = sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    assert!(step.contains("Nhập mã xác thực"), "{step}");
    let (_, url, _) = get(&office, app.url("/console/accounts")).await;
    assert!(
        url.contains("/console/sign-in"),
        "no session before the code"
    );
    let (s, step) = sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    let used = code_at(&key, used_step);
    let (s, refused) = code(&app, &office, &step, &used).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "a used code never works again");
    assert!(refused.contains("Mật khẩu hoặc mã xác thực chưa đúng"));
    let (s, home) = code(&app, &office, &refused, &code_at(&key, step_now(&app) + 1)).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    assert!(home.contains("Trang làm việc của văn phòng OCOP"), "{home}");

    // An inspector is sent to enrolment too, and enrols.
    let link = create_account(&app, &office, "kiem.tra", "inspector", 0).await;
    let inspector = browser();
    let (_, _, form) = get(&inspector, link.clone()).await;
    post(
        &inspector,
        link,
        &[
            ("password", PRODUCER_PASSWORD),
            ("password_again", PRODUCER_PASSWORD),
            ("csrf", &csrf(&form)),
        ],
    )
    .await;
    let (s, html) = sign_in(&app, &inspector, "kiem.tra", PRODUCER_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("phải bật xác thực hai bước"), "{html}");
    let (_, url, _) = get(&inspector, app.url("/console")).await;
    assert!(url.contains("/console/totp"), "{url}");
    let (inspector_key, _) = enrol(&app, &inspector).await;

    // A wrong password still gets the code step, and then fails like a wrong code.
    let other = browser();
    let (s, step) = sign_in(&app, &other, "kiem.tra", "sai mật khẩu rồi").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        step.contains("Nhập mã xác thực"),
        "the password step tells nothing"
    );
    let good = code_at(&inspector_key, step_now(&app) + 1);
    let (s, _) = code(&app, &other, &step, &good).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // The admin's reset clears it: after a new password the inspector enrols again.
    let (_, _, accounts) = get(&office, app.url("/console/accounts?lang=vi")).await;
    let row = accounts.find("kiem.tra").unwrap();
    let at = row + accounts[row..].find("/reset?").unwrap();
    let id = accounts[..at].rsplit("/console/accounts/").next().unwrap();
    let (_, _, issued) = post(
        &office,
        app.url(&format!("/console/accounts/{id}/reset?lang=vi")),
        &[("csrf", &csrf(&accounts))],
    )
    .await;
    let at = issued.find("data-setup-link>").unwrap() + 16;
    let link = issued[at..at + issued[at..].find('<').unwrap()].to_owned();
    let again = browser();
    let (_, _, form) = get(&again, link.clone()).await;
    post(
        &again,
        link,
        &[
            ("password", "một mật khẩu mới hẳn"),
            ("password_again", "một mật khẩu mới hẳn"),
            ("csrf", &csrf(&form)),
        ],
    )
    .await;
    let (s, html) = sign_in(&app, &again, "kiem.tra", "một mật khẩu mới hẳn").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("phải bật xác thực hai bước") && html.contains("data-totp-key"),
        "no code step after a reset, enrolment again: {html}"
    );
    assert_ne!(key_of(&html), inspector_key, "a new key");
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let kinds: Vec<String> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(e["entry"].as_str().unwrap()).unwrap())
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "account_totp_enabled")
            .count(),
        2
    );
    assert!(
        kinds.iter().any(|k| k == "account_totp_removed"),
        "{kinds:?}"
    );

    // Wrong codes count against the sign-in throttle: 3 close a code step, 5 in all make
    // even the right code wait.
    sign_out(&app, &office).await;
    let (_, step) = sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let mut page = step;
    for _ in 0..3 {
        let (s, html) = code(&app, &office, &page, "123456").await;
        assert!(matches!(s, StatusCode::UNAUTHORIZED), "{html}");
        page = html;
    }
    let (_, expired) = code(&app, &office, &page, "123456").await;
    assert!(
        expired.contains("đã hết hạn"),
        "three wrong codes close the step"
    );
    let (_, step) = sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (_, page) = code(&app, &office, &step, "123457").await;
    let (_, page) = code(&app, &office, &page, "123458").await;
    let right = code_at(&key, step_now(&app) + 1);
    let (s, throttled) = code(&app, &office, &page, &right).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{throttled}");
    assert!(throttled.contains("Đã thử sai quá nhiều lần"));
    app.stop().await;
}
