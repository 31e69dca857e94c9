//! Snapshots (insta) of the verdict JSON and of every page, with what changes from run to run
//! (port, key id, signature, timestamps) replaced by placeholders. The day is pinned by the
//! shop fixture. A changed page fails here until its `.snap` is reviewed and updated
//! (`INSTA_UPDATE=always cargo test --test api snapshots`, then read the diff).

use crate::pages::{Shop, browse, shop};
use serde_json::{Value, json};

/// Replaces the values of the `k` (key id) and `s` (signature) query parameters, raw or
/// HTML-escaped, and the server's address.
fn redact(text: &str, base: &str) -> String {
    let text = text.replace(base, "[base]");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(['?', '&', ';']) {
        let (head, tail) = rest.split_at(i + 1);
        out.push_str(head);
        rest = tail;
        for key in ["k=", "s="] {
            if let Some(value) = rest.strip_prefix(key) {
                let end = value
                    .find(['&', '"', '<', ' ', '\n'])
                    .unwrap_or(value.len());
                out.push_str(key);
                out.push_str("[redacted]");
                rest = &value[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The verdict JSON as sent, byte for byte, with the key id and the instants replaced.
fn redact_json(raw: &str) -> String {
    fn volatile(v: &Value, found: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, val) in map {
                    match (k.as_str(), val) {
                        (
                            "kid" | "issued_at" | "first" | "last" | "claimed_at",
                            Value::String(s),
                        ) => found.push(s.clone()),
                        _ => volatile(val, found),
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|v| volatile(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    volatile(&serde_json::from_str(raw).unwrap(), &mut found);
    found.iter().fold(raw.to_owned(), |text, s| {
        text.replace(&format!("\"{s}\""), "\"[redacted]\"")
    })
}

async fn snap_page(t: &Shop, name: &str, url: &str, lang: &str, ip: &str) {
    let (_, _, html) = browse(&t.app, url, lang, ip).await;
    insta::assert_snapshot!(name, redact(&html, &t.app.base));
}

async fn raw_json(t: &Shop, url: &str) -> String {
    let r = t
        .app
        .client
        .get(url)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", "203.0.113.60")
        .send()
        .await
        .unwrap();
    redact(&redact_json(&r.text().await.unwrap()), &t.app.base)
}

#[tokio::test]
async fn the_verdict_json_is_unchanged() {
    let t = shop(false, 10_000).await;
    let url = &t.urls[0];
    let verify = format!("{}/api/v1/verify?url={}", t.app.base, urlencode(url));
    insta::assert_snapshot!("verdict_json_verify", raw_json(&t, &verify).await);
    insta::assert_snapshot!("verdict_json_label_url", raw_json(&t, url).await);
    let bad = url.replace("/21/1?", "/21/101?");
    insta::assert_snapshot!("verdict_json_serial_out_of_range", raw_json(&t, &bad).await);
    t.app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn verdict_pages_in_several_states() {
    let t = shop(false, 10_000).await;
    let (app, u) = (&t.app, &t.urls);
    let sig = |u: &str| u.rsplit("&s=").next().unwrap().to_owned();
    let moved = u[1].replace(&sig(&u[1]), &sig(&u[0]));
    let ip = "203.0.113.61";
    snap_page(&t, "verdict_genuine_vi", &u[0], "vi-VN,vi;q=0.9", ip).await;
    snap_page(&t, "verdict_genuine_en", &u[0], "en-US,en;q=0.9", ip).await;
    snap_page(&t, "verdict_bad_signature_vi", &moved, "vi", ip).await;
    let out_of_range = u[0].replace("/21/1?", "/21/101?");
    snap_page(
        &t,
        "verdict_serial_out_of_range_vi",
        &out_of_range,
        "vi",
        ip,
    )
    .await;
    let unknown = u[0].replace("MHD-2611", "MHD-0000");
    snap_page(&t, "verdict_unknown_batch_en", &unknown, "en", ip).await;
    let malformed = app.url("/l/abc/1?v=1");
    snap_page(&t, "verdict_malformed_vi", &malformed, "vi", ip).await;
    app.post(
        &t.token,
        &format!("/api/v1/batches/{}/recall", t.batch),
        &json!({"reason": "Hàm lượng đường vượt ngưỡng công bố"}),
    )
    .await;
    snap_page(&t, "verdict_batch_recalled_vi", &u[2], "vi", ip).await;
    t.app.stop().await;
}

async fn claim(t: &Shop, serial: usize, pin: &str, ip: &str) -> String {
    let html = t
        .app
        .client
        .post(&t.urls[serial])
        .header("Accept", "text/html")
        .header("Accept-Language", "vi")
        .header("X-Forwarded-For", ip)
        .form(&[("pin", pin)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    redact(&html, &t.app.base)
}

#[tokio::test]
async fn pin_states() {
    let t = shop(true, 10_000).await;
    let pin = crate::helpers::pin_of(&t.app, &t.token, t.batch, 1).await;
    snap_page(&t, "pin_form_vi", &t.urls[0], "vi", "203.0.113.70").await;
    insta::assert_snapshot!(
        "pin_malformed_vi",
        claim(&t, 0, "1234567", "203.0.113.70").await
    );
    insta::assert_snapshot!(
        "pin_wrong_vi",
        claim(&t, 0, "00000000", "203.0.113.70").await
    );
    insta::assert_snapshot!("pin_claimed_vi", claim(&t, 0, &pin, "203.0.113.70").await);
    insta::assert_snapshot!(
        "pin_already_claimed_vi",
        claim(&t, 0, &pin, "198.51.100.70").await
    );
    snap_page(
        &t,
        "pin_activated_note_vi",
        &t.urls[0],
        "vi",
        "198.51.100.71",
    )
    .await;
    for i in 0..4 {
        claim(&t, 1, &format!("{:08}", 11 + i), &format!("10.{i}.0.9")).await;
    }
    insta::assert_snapshot!("pin_locked_vi", claim(&t, 1, "00000010", "10.8.0.9").await);
    t.app.stop().await;
}

#[tokio::test]
async fn portfolio_resolver_home_and_error_pages() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let ip = "203.0.113.80";
    for (name, path, lang) in [
        ("home_vi", "/".to_owned(), "vi"),
        ("home_en", "/".to_owned(), "en"),
        ("dashboard_vi", "/dashboard".into(), "vi"),
        ("dashboard_en", "/dashboard?lang=en".into(), "vi"),
        ("catalogue_vi", "/catalogue".into(), "vi"),
        ("catalogue_search_en", "/catalogue?q=mat+hoa".into(), "en"),
        (
            "product_vi",
            format!("/catalogue/products/{}", t.product),
            "vi",
        ),
        ("resolver_product_vi", "/01/08930000000019".into(), "vi"),
        (
            "resolver_lot_en",
            "/01/08930000000019/10/MHD-2611".into(),
            "en",
        ),
        (
            "resolver_unknown_lot_vi",
            "/01/08930000000019/10/NOPE-1".into(),
            "vi",
        ),
        (
            "resolver_unknown_gtin_vi",
            "/01/08930000000026".into(),
            "vi",
        ),
        ("photo_form_vi", "/verify/photo".into(), "vi"),
        ("not_found_vi", "/khong-co-trang-nay".into(), "vi"),
        ("not_found_en", "/no-such-page".into(), "en"),
    ] {
        snap_page(&t, name, &app.url(&path), lang, ip).await;
    }
    t.app.stop().await;
    let limited = shop(false, 1).await;
    browse(&limited.app, &limited.urls[0], "vi", ip).await;
    snap_page(&limited, "too_many_requests_vi", &limited.urls[0], "vi", ip).await;
    limited.app.stop().await;
}

#[tokio::test]
async fn report_and_photo_answers() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let label = t.urls[0].trim_start_matches(&app.base).to_owned();
    let html = app
        .client
        .post(app.url("/report?lang=vi"))
        .header("Accept", "text/html")
        .header("X-Forwarded-For", "203.0.113.90")
        .form(&[("label", label.as_str()), ("text", "Tem bị bóc dán lại")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    insta::assert_snapshot!("report_thanks_vi", redact(&html, &app.base));
    let mut blank = Vec::new();
    image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(64, 64, image::Luma([200])))
        .write_to(
            &mut std::io::Cursor::new(&mut blank),
            image::ImageFormat::Png,
        )
        .unwrap();
    let form = reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(blank).file_name("blank.png"),
    );
    let r = app
        .client
        .post(app.url("/verify/photo?lang=vi"))
        .header("Accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_snapshot!(
        "photo_no_qr_vi",
        redact(&r.text().await.unwrap(), &app.base)
    );
    t.app.stop().await;
}
