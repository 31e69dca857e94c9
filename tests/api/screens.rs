//! Screenshots of every page at phone size (390×844) in `target/screenshots/`, for people to
//! look at before a page is called done. Every run of the suite refreshes them (about 20 s:
//! one Chromium start per page).

use crate::pages::{Shop, browse, shop};
use reqwest::StatusCode;
use std::path::{Path, PathBuf};

fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves a screenshot of `url` as `name.png` (viewport) and `name-full.png` (tall).
pub(crate) async fn shoot(name: &str, url: String) {
    shoot_sizes(name, url, &[("", "390,844"), ("-full", "390,1800")]).await;
}

/// Saves a screenshot of `url` for each `(suffix, "width,height")`, as `name{suffix}.png`.
pub(crate) async fn shoot_sizes(name: &str, url: String, sizes: &[(&str, &str)]) {
    let dir = shots_dir();
    let profile = tempfile::tempdir().unwrap();
    for (suffix, size) in sizes {
        let out = dir.join(format!("{name}{suffix}.png"));
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--hide-scrollbars".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--window-size={size}"),
            format!("--screenshot={}", out.display()),
            url.clone(),
        ];
        let status = tokio::task::spawn_blocking(move || {
            std::process::Command::new("chromium")
                .args(args)
                .output()
                .unwrap()
                .status
        })
        .await
        .unwrap();
        assert!(status.success(), "{name}");
    }
}

/// A page that only a POST (or a limited server) produces: saved with a `<base>` so that the
/// stylesheet still loads, then shot from the file.
pub(crate) async fn shoot_html(name: &str, base: &str, html: &str) {
    shoot_html_sizes(name, base, html, &[("", "390,844"), ("-full", "390,1800")]).await;
}

/// [`shoot_html`] at the sizes given; nothing when `OCOP_NO_SCREENSHOTS` is set.
pub(crate) async fn shoot_html_sizes(name: &str, base: &str, html: &str, sizes: &[(&str, &str)]) {
    if std::env::var_os("OCOP_NO_SCREENSHOTS").is_some() {
        return;
    }
    let file = shots_dir().join(format!("{name}.html"));
    std::fs::write(
        &file,
        html.replacen("<head>", &format!("<head><base href=\"{base}/\">"), 1),
    )
    .unwrap();
    shoot_sizes(name, format!("file://{}", file.display()), sizes).await;
    let _ = std::fs::remove_file(file);
}

async fn post_pin(t: &Shop, serial: usize, pin: &str, ip: &str) -> String {
    t.app
        .client
        .post(format!("{}&lang=vi", t.urls[serial]))
        .header("Accept", "text/html")
        .header("X-Forwarded-For", ip)
        .form(&[("pin", pin)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn screenshots_of_every_page() {
    let t = shop(true, 10_000).await;
    let app = &t.app;
    let vi = |url: &str| {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}lang=vi")
    };
    shoot("home-vi", vi(&app.url("/"))).await;
    shoot("home-en", app.url("/?lang=en")).await;
    // Every verdict state, in both languages at 360×740: tests/api/verdict_states.rs.
    shoot(
        "catalogue-search-en",
        app.url("/catalogue?lang=en&q=mat+hoa&group=food"),
    )
    .await;
    let pin = crate::helpers::pin_of(app, &t.token, t.batch, 5).await;
    post_pin(&t, 4, &pin, "203.0.113.32").await;
    let again = post_pin(&t, 4, &pin, "198.51.100.33").await;
    shoot_html("pin-already-claimed-vi", &app.base, &again).await;
    let wrong = post_pin(&t, 2, "00000000", "203.0.113.30").await;
    shoot_html("pin-wrong-vi", &app.base, &wrong).await;
    let malformed = post_pin(&t, 2, "1234567", "203.0.113.30").await;
    shoot_html("pin-malformed-vi", &app.base, &malformed).await;
    shoot("dashboard-vi", vi(&app.url("/dashboard"))).await;
    shoot("dashboard-en", app.url("/dashboard?lang=en")).await;
    shoot("catalogue-vi", vi(&app.url("/catalogue"))).await;
    shoot(
        "product-vi",
        vi(&app.url(&format!("/catalogue/products/{}", t.product))),
    )
    .await;
    shoot(
        "resolver-lot-vi",
        vi(&app.url("/01/08930000000019/10/MHD-2611")),
    )
    .await;
    shoot(
        "resolver-unknown-lot-vi",
        vi(&app.url("/01/08930000000019/10/NOPE")),
    )
    .await;
    shoot("photo-vi", vi(&app.url("/verify/photo"))).await;
    shoot("not-found-vi", vi(&app.url("/khong-co"))).await;
    t.app.stop().await;

    let limited = shop(false, 1).await;
    let url = &limited.urls[0];
    browse(&limited.app, url, "vi", "203.0.113.40").await;
    let (s, _, busy) = browse(&limited.app, url, "vi", "203.0.113.40").await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS);
    shoot_html("too-many-vi", &limited.app.base, &busy).await;
    limited.app.stop().await;

    // The province's real portfolio: every chart filled, many pages of products.
    let (demo, _tmp) = crate::helpers::TestApp::spawn_demo().await;
    shoot("dashboard-demo-vi", demo.url("/dashboard?lang=vi")).await;
    shoot(
        "catalogue-demo-vi",
        demo.url("/catalogue?lang=vi&q=mat+ong"),
    )
    .await;
    demo.stop().await;
}
