//! What a new user tripped on, walked in Chromium at 390 px (scripts/journey.mjs): the
//! listing check answers a page in the person's language, a label whose PIN was claimed
//! scans amber with no PIN form, every public page has a way to the console's sign-in, the
//! GS1 product address shows the same passport as the catalogue, and no link or form on the
//! pages walked leads a person to JSON. Screenshots land in `target/screenshots/people-*`.

use crate::helpers::{ADMIN, TestApp, pin_of};
use crate::pages::shop;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::Command;

/// Runs scripts/journey.mjs on `jobs` and returns its answers, one per job.
async fn walk(jobs: Vec<Value>) -> Vec<Value> {
    let root = env!("CARGO_MANIFEST_DIR");
    let shots = format!("{root}/target/screenshots");
    let _ = std::fs::create_dir_all(&shots);
    let args: Vec<String> = jobs
        .into_iter()
        .map(|mut j| {
            if let Some(name) = j["shot"].as_str() {
                j["shot"] = json!(format!("{shots}/people-{name}.png"));
            }
            j.to_string()
        })
        .collect();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(format!("{root}/scripts/journey.mjs"))
            .args(&args)
            .output()
    })
    .await
    .expect("journey task")
    .expect("node runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON line per job"))
        .collect()
}

fn skip() -> bool {
    let skip = std::env::var_os("OCOP_SKIP_BROWSER").is_some();
    if skip {
        eprintln!("skipped: OCOP_SKIP_BROWSER is set");
    }
    skip
}

/// A page for a person: HTML in the asked language that fits the phone.
fn assert_page(v: &Value, lang: &str) {
    assert!(
        v["content_type"]
            .as_str()
            .is_some_and(|c| c.starts_with("text/html")),
        "{v}"
    );
    assert_eq!(v["lang"], lang, "{v}");
    assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()), "{v}");
    assert!(
        v["width"].as_u64().is_some_and(|w| w <= 390),
        "sideways scroll: {v}"
    );
}

/// No link or form of a walked page may lead a person to the JSON API (downloads, marked
/// `download`, are files saved rather than pages shown, and are not among the targets).
fn assert_no_json_targets(pages: &[Value]) {
    for v in pages {
        for t in v["targets"].as_array().into_iter().flatten() {
            let t = t.as_str().unwrap_or_default();
            assert!(!t.contains("/api/"), "{} links to {t}", v["url"]);
        }
    }
}

#[tokio::test]
async fn a_shopper_checks_a_listing_and_reads_one_product_page_in_both_languages() {
    if skip() {
        return;
    }
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let subject = app
        .subject("Hộ kinh doanh Kẹo Dừa Bến Tre", "household_business")
        .await;
    let (s, candy) = app
        .post(
            ADMIN,
            "/api/v1/products",
            &json!({"subject_id": subject, "name": "Kẹo dừa sáp", "group": "food",
                    "subgroup": "1.3", "gtin": "8930000000026",
                    "listings": ["https://shopee.vn/keo-dua-sap-ben-tre"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{candy}");
    let candy = candy["id"].as_u64().unwrap_or_default();
    app.certificate(candy, 4, "province", "2025-09-01").await;
    let story = "Kẹo nấu từ cơm dừa sáp, khuấy tay trên bếp củi.";
    let token = app.producer_token(subject).await;
    let r = app
        .client
        .put(app.url(&format!("/api/v1/products/{candy}/content")))
        .bearer_auth(&token)
        .json(&json!({"story": story}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(r.ok(), Some(StatusCode::OK));

    let product = app.url(&format!("/catalogue/products/{candy}"));
    let field = "form[action$='listing-check'] input[name=url]";
    let button = "form[action$='listing-check'] button";
    let listing = |url: &str, lang: &str, shot: &str| {
        json!({"url": format!("{product}?lang={lang}"), "lang": lang,
               "fill": {field: url}, "submit": button, "shot": shot})
    };
    let got = walk(vec![
        listing("https://shopee.vn/keo-dua-sap-ben-tre", "vi", "listing-registered-vi"),
        listing("https://shopee.vn/keo-dua-gia", "vi", "listing-unregistered-vi"),
        listing("https://shopee.vn/keo-dua-gia", "en", "listing-unregistered-en"),
        // The phone's own check stops a non-URL in the field; a hand-typed address still
        // gets the page with the form again.
        json!({"url": format!("{product}/listing-check?lang=vi&url=kh%C3%B4ng+ph%E1%BA%A3i"),
               "shot": "listing-bad-vi"}),
        json!({"url": format!("{product}?lang=vi"), "shot": "product-vi"}),
        json!({"url": app.url("/01/08930000000026?lang=vi"), "shot": "gs1-product-vi"}),
        json!({"url": app.url("/01/08930000000026?lang=en"), "lang": "en", "shot": "gs1-product-en"}),
        json!({"url": app.url("/?lang=vi"), "click": "footer a.sign-in", "shot": "sign-in-vi"}),
    ])
    .await;
    let text = |i: usize| got[i]["text"].as_str().unwrap_or_default().to_owned();
    // 1. The listing check is a page, with a verdict and what to do.
    for (i, lang) in [(0, "vi"), (1, "vi"), (2, "en"), (3, "vi")] {
        assert_page(&got[i], lang);
        assert!(
            got[i]["url"].as_str().is_some_and(|u| !u.contains("/api/")),
            "{}",
            got[i]
        );
    }
    assert_eq!(got[0]["status"], 200);
    assert!(
        text(0).contains("Đúng: gian hàng này đã được đăng ký"),
        "{}",
        text(0)
    );
    assert!(
        text(1).contains("chưa được đăng ký") && text(1).contains("0270 3822 123"),
        "{}",
        text(1)
    );
    assert!(
        text(2).contains("not registered") && text(2).contains("marketplace"),
        "{}",
        text(2)
    );
    assert_eq!(got[3]["status"], 422);
    assert!(text(3).contains("Đường dẫn chưa đúng"), "{}", text(3));
    // 4. One product page by both addresses: the passport's story on each.
    for (i, page) in got.iter().enumerate().take(7).skip(4) {
        assert_page(page, if i == 6 { "en" } else { "vi" });
        assert!(
            text(i).contains(story),
            "page {i} lacks the story: {}",
            text(i)
        );
        assert!(text(i).contains("Kẹo dừa sáp"), "{}", text(i));
    }
    // 3. The footer's sign-in link opens the console's sign-in form.
    assert_page(&got[7], "vi");
    assert!(
        got[7]["url"]
            .as_str()
            .is_some_and(|u| u.contains("/console/sign-in")),
        "{}",
        got[7]
    );
    assert!(text(7).to_lowercase().contains("mật khẩu"), "{}", text(7));
    assert_no_json_targets(&got);
    t.app.stop().await;
}

#[tokio::test]
async fn a_claimed_pin_label_scanned_later_is_amber_with_no_pin_form() {
    if skip() {
        return;
    }
    let t = shop(true, 10_000).await;
    let app = &t.app;
    let pin = pin_of(app, &t.token, t.batch, 1).await;
    let first = walk(vec![json!({"url": t.urls[0], "fill": {"#pin": pin},
        "submit": "form.pin button", "shot": "pin-claimed-now-vi"})])
    .await;
    assert!(
        first[0]["verdict"]
            .as_str()
            .is_some_and(|c| c.contains("ok")),
        "{}",
        first[0]
    );
    let later = walk(vec![
        json!({"url": t.urls[0], "shot": "pin-used-before-vi"}),
        json!({"url": format!("{}&lang=en", t.urls[0]), "lang": "en", "shot": "pin-used-before-en"}),
        json!({"url": t.urls[1], "shot": "pin-unclaimed-vi"}),
        json!({"url": app.url("/catalogue?lang=vi")}),
        json!({"url": app.url("/dashboard?lang=vi")}),
        json!({"url": app.url("/verify/photo?lang=vi")}),
    ])
    .await;
    for (v, lang) in later[..2].iter().zip(["vi", "en"]) {
        assert_page(v, lang);
        assert!(
            v["verdict"].as_str().is_some_and(|c| c.contains("warning")),
            "{v}"
        );
        assert_eq!(v["pin_form"], false, "{v}");
    }
    let vi = later[0]["text"].as_str().unwrap_or_default();
    assert!(vi.contains("Nếu chính bạn đã kích hoạt"), "{vi}");
    // An unclaimed unit of the same batch stays green and offers the form.
    assert!(
        later[2]["verdict"]
            .as_str()
            .is_some_and(|c| c.contains("ok")),
        "{}",
        later[2]
    );
    assert_eq!(later[2]["pin_form"], true);
    // 3. Every public page offers the sign-in.
    for v in &later {
        let signs_in = v["targets"].as_array().into_iter().flatten().any(|h| {
            h.as_str()
                .is_some_and(|h| h.starts_with("/console/sign-in"))
        });
        assert!(signs_in, "no sign-in link on {}", v["url"]);
    }
    assert_no_json_targets(&later);
    t.app.stop().await;
}

#[tokio::test]
async fn a_pin_sent_as_json_to_a_label_without_pins_answers_json() {
    let t = shop(false, 10_000).await;
    let r = t
        .app
        .client
        .post(&t.urls[0])
        .header("Accept", "application/json")
        .form(&[("pin", "12345678")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .is_ok_and(|c| c.starts_with("application/json"))
    );
    let v: Value = r.json().await.unwrap_or_default();
    assert_eq!(v["code"], "pin_not_enabled", "{v}");
    let forged = t.urls[0].replace("&k=", "&k=zz");
    let r = t
        .app
        .client
        .post(&forged)
        .header("Accept", "application/json")
        .form(&[("pin", "12345678")])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    t.app.stop().await;
}

#[tokio::test]
async fn a_recalled_batch_prints_no_new_sheet_and_its_history_stays() {
    let t = shop(false, 10_000).await;
    let app: &TestApp = &t.app;
    let pdf = format!("/api/v1/batches/{}/labels?format=pdf&from=1&to=4", t.batch);
    let r = app
        .client
        .get(app.url(&pdf))
        .bearer_auth(&t.token)
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    let (s, v) = app
        .post(
            &t.token,
            &format!("/api/v1/batches/{}/recall", t.batch),
            &json!({"reason": "Bao bì bị lỗi niêm phong"}),
        )
        .await;
    assert!(s.is_success(), "{v}");
    for format in ["pdf", "csv"] {
        let path = format!(
            "/api/v1/batches/{}/labels?format={format}&from=1&to=4",
            t.batch
        );
        let (s, v) = app.get(&t.token, &path).await;
        assert_eq!(
            (s, v["code"].as_str()),
            (StatusCode::CONFLICT, Some("batch_recalled")),
            "{v}"
        );
    }
    let (_, runs) = app
        .get(&t.token, &format!("/api/v1/batches/{}/print-runs", t.batch))
        .await;
    assert_eq!(
        runs.as_array().map(Vec::len),
        Some(1),
        "the earlier run stays: {runs}"
    );
    t.app.stop().await;
}
