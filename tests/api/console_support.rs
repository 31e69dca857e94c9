//! What the console tests share: a browser-like client, form tokens, sign-in with and
//! without a cookie jar, reading a PDF's codes, and a server with an office admin account.

use crate::cli::bin;
use crate::helpers::TestApp;
use crate::labels::zbar;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use std::process::Command;

pub(crate) const OFFICE_LOGIN: &str = "van.phong";
pub(crate) const OFFICE_PASSWORD: &str = "Văn phòng OCOP 2026";
pub(crate) const PRODUCER_PASSWORD: &str = "mật hoa dừa Cầu Kè";

/// A browser: keeps cookies, follows redirects.
pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The value of the first hidden `csrf` field of a page.
pub(crate) fn csrf(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a csrf token");
    let rest = &html[at + 19..];
    rest[..rest.find('"').unwrap()].to_owned()
}

pub(crate) async fn get(c: &reqwest::Client, url: String) -> (StatusCode, String, String) {
    let r = c.get(url).send().await.unwrap();
    let (s, u) = (r.status(), r.url().to_string());
    (s, u, r.text().await.unwrap())
}

pub(crate) async fn post(
    c: &reqwest::Client,
    url: String,
    form: &[(&str, &str)],
) -> (StatusCode, String, String) {
    let r = c.post(url).form(form).send().await.unwrap();
    let (s, u) = (r.status(), r.url().to_string());
    (s, u, r.text().await.unwrap())
}

/// Signs in through the form; returns the status of the page landed on and its HTML.
pub(crate) async fn sign_in(
    app: &TestApp,
    c: &reqwest::Client,
    login: &str,
    password: &str,
) -> (StatusCode, String) {
    let (_, _, form) = get(c, app.url("/console/sign-in?lang=vi")).await;
    let token = csrf(&form);
    let (s, _, html) = post(
        c,
        app.url("/console/sign-in?lang=vi"),
        &[("login", login), ("password", password), ("csrf", &token)],
    )
    .await;
    (s, html)
}

/// Signs in without a cookie jar and returns the session cookie (`ocop_session=…`),
/// checking its attributes.
pub(crate) async fn session_cookie(app: &TestApp, login: &str, password: &str) -> String {
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw.get(app.url("/console/sign-in")).send().await.unwrap();
    let form_cookie = r.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let token = csrf(&r.text().await.unwrap());
    let r = raw
        .post(app.url("/console/sign-in"))
        .header(COOKIE, form_cookie)
        .form(&[("login", login), ("password", password), ("csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set = r
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("ocop_session="))
        .unwrap();
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Strict"), "{set}");
    assert!(
        !set.contains("Secure"),
        "no Secure over an http base URL: {set}"
    );
    set.split(';').next().unwrap().to_owned()
}

/// Where a request with only this cookie lands: `Some(page)` if it is served, `None` if it is
/// sent to the sign-in page.
pub(crate) async fn with_cookie(app: &TestApp, cookie: &str, path: &str) -> Option<String> {
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw
        .get(app.url(path))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    if r.status() == StatusCode::SEE_OTHER {
        let to = r.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(to.starts_with("/console/sign-in"), "{to}");
        return None;
    }
    Some(r.text().await.unwrap())
}

/// Every URL in the QR codes of a PDF (rasterised with pdftoppm, read with zbarimg). zbar can
/// miss a code at one resolution, so others read what the first missed.
pub(crate) fn pdf_codes(pdf: &[u8], expected: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut codes = std::collections::BTreeSet::new();
    for dpi in ["400", "300", "500"] {
        let prefix = dir.path().join(format!("page{dpi}"));
        let ok = Command::new("pdftoppm")
            .args(["-r", dpi, "-aa", "no", "-aaVector", "no", "-png"])
            .arg(&path)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(ok.success());
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with(&format!("page{dpi}")) && name.ends_with(".png") {
                codes.extend(zbar(&p));
            }
        }
        if codes.len() >= expected {
            break;
        }
    }
    codes.into_iter().collect()
}

/// A server over a data directory that already holds the office admin account, made with
/// `ocop-trace accounts create-admin`, and two producers (the second with a batch).
/// Creates the office admin account (`OFFICE_LOGIN`) in the stopped test store of `dir`
/// with the CLI, as an operator does on a new install.
pub(crate) fn create_office_admin(dir: &std::path::Path) {
    let out = bin()
        .args([
            "accounts",
            "create-admin",
            "--login",
            OFFICE_LOGIN,
            "--name",
            "Chị Lan (văn phòng OCOP)",
            "--data-dir",
        ])
        .arg(dir.join("data"))
        .envs(crate::helpers::store_env(dir))
        .env("OCOP_TRACE_ADMIN_PASSWORD", OFFICE_PASSWORD)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) async fn office() -> (TestApp, tempfile::TempDir, u64, u64, u64) {
    let tmp = tempfile::tempdir().unwrap();
    create_office_admin(tmp.path());
    let weak = bin()
        .args(["accounts", "create-admin", "--login", "other", "--data-dir"])
        .arg(tmp.path().join("data"))
        .envs(crate::helpers::store_env(tmp.path()))
        .env("OCOP_TRACE_ADMIN_PASSWORD", "123456789")
        .output()
        .unwrap();
    assert!(!weak.status.success(), "a common password is refused");
    let app = TestApp::spawn_in(tmp.path()).await;
    let a = app
        .subject("Hộ kinh doanh Mật Hoa Dừa Bà Sáu", "household_business")
        .await;
    let product = app.product(a, "Mật hoa dừa", Some("8930000000019")).await;
    app.certificate(product, 4, "province", "2025-09-01").await;
    let b = app.subject("Hợp tác xã Bưởi Da Xanh", "cooperative").await;
    let other = app.product(b, "Bưởi da xanh", None).await;
    app.certificate(other, 3, "province", "2025-09-01").await;
    let token = app.producer_token(b).await;
    let other_batch = app.batch(&token, other, "BUOI-01", 5, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    (app, tmp, a, other_batch, product)
}

/// The office creates an account on the accounts page; returns the setup link.
pub(crate) async fn create_account(
    app: &TestApp,
    c: &reqwest::Client,
    login: &str,
    role: &str,
    subject: u64,
) -> String {
    let (_, _, page) = get(c, app.url("/console/accounts?lang=vi")).await;
    let (s, _, html) = post(
        c,
        app.url("/console/accounts?lang=vi"),
        &[
            ("display_name", "Bà Sáu"),
            ("login", login),
            ("role", role),
            ("subject_id", &subject.to_string()),
            ("csrf", &csrf(&page)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let at = html
        .find("data-setup-link>")
        .unwrap_or_else(|| panic!("no setup link on the page: {html}"))
        + 16;
    html[at..at + html[at..].find('<').unwrap()].to_owned()
}
