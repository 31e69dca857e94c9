//! What a shopper's phone gets: verdict pages in both languages, GS1 resolver behaviour,
//! scan counting and clone detection, the scratch-off PIN, photo upload, reports, and a real
//! headless browser.

use crate::helpers::{ADMIN, TestApp, day};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{Read, Write};

struct Shop {
    app: TestApp,
    _tmp: tempfile::TempDir,
    token: String,
    batch: u64,
    urls: Vec<String>,
}

async fn shop(pins: bool) -> Shop {
    let (app, tmp) = TestApp::spawn().await;
    let (token, batch, _product, urls) = crate::helpers::sample_shop(&app, pins).await;
    Shop {
        app,
        _tmp: tmp,
        token,
        batch,
        urls,
    }
}

async fn page(
    app: &TestApp,
    url: &str,
    lang: &str,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let r = app
        .client
        .get(url)
        .header("Accept", "text/html")
        .header("Accept-Language", lang)
        .header("X-Forwarded-For", "203.0.113.7")
        .send()
        .await
        .unwrap();
    let (s, h) = (r.status(), r.headers().clone());
    (s, h, r.text().await.unwrap())
}

async fn json_verdict(app: &TestApp, url: &str, ip: &str) -> Value {
    app.client
        .get(url)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", ip)
        .header("User-Agent", "Mozilla/5.0 (iPhone)")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_verdict_has_a_page_in_vietnamese_and_english() {
    let t = shop(false).await;
    let app = &t.app;
    let u = &t.urls;
    let moved = u[1].replace(
        u[1].rsplit("&s=").next().unwrap(),
        u[0].rsplit("&s=").next().unwrap(),
    );
    let mut cases: Vec<(String, &str)> = vec![
        (u[0].clone(), "genuine"),
        (moved, "bad_signature"),
        (format!("{}/l/abc/1?v=1", app.base), "malformed"),
        (u[0].replace("MHD-2611", "MHD-0000"), "unknown_batch"),
        (u[0].replace("/21/1?", "/21/21?"), "serial_out_of_range"),
        (u[0].replace("&k=", "&k=zz"), "unknown_key"),
    ];
    for (url, code) in cases.drain(..) {
        check_page(app, &url, code).await;
    }
    // Time-dependent verdicts.
    app.clock.set_today(day("2028-08-20"));
    check_page(app, &u[2], "product_expired").await;
    app.clock.reset();
    // Clone: more distinct network regions than the test policy's 3, over more than a day.
    for (i, ip) in ["198.51.100.1", "100.64.1.1", "172.20.1.1", "10.9.1.1"]
        .into_iter()
        .enumerate()
    {
        app.clock
            .set_today(day("2026-12-02") + chrono::Days::new(i as u64));
        json_verdict(app, &u[3], ip).await;
    }
    check_page(app, &u[3], "clone_suspected").await;
    app.clock.reset();
    // Recall, then revocation.
    app.post(
        &t.token,
        &format!("/api/v1/batches/{}/recall", t.batch),
        &json!({"reason": "Đường vượt ngưỡng"}),
    )
    .await;
    check_page(app, &u[4], "batch_recalled").await;
    let (_, batch) = app
        .get(ADMIN, &format!("/api/v1/batches/{}", t.batch))
        .await;
    let (_, certs) = app
        .get(
            ADMIN,
            &format!("/api/v1/products/{}/certificates", batch["product_id"]),
        )
        .await;
    app.post(
        ADMIN,
        &format!("/api/v1/certificates/{}/revoke", certs[0]["id"]),
        &json!({"reason": "x"}),
    )
    .await;
    app.clock.set_today(day("2027-01-01"));
    let v = json_verdict(app, &u[5], "203.0.113.9").await;
    assert_eq!(v["code"], "batch_recalled", "recall outranks revocation");
    t.app.stop().await;
}

async fn check_page(app: &TestApp, url: &str, code: &str) {
    let v = json_verdict(app, url, "192.0.2.50").await;
    assert_eq!(v["code"], code, "{url}");
    let (status, headers, vi) = page(app, url, "vi-VN,vi;q=0.9").await;
    assert_eq!(status, StatusCode::OK);
    assert!(vi.contains(&format!("data-code=\"{code}\"")), "{vi}");
    // The page says it in its own words (the JSON message may name keys and signatures).
    let advice = code != "genuine";
    assert_eq!(vi.contains("Bạn nên làm gì"), advice, "{code}: {vi}");
    assert!(
        vi.len() < 30 * 1024 && !vi.contains("<script") && !vi.contains("http://"),
        "{code}: self-contained page"
    );
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    let (_, _, en) = page(app, url, "en-US,en;q=0.8").await;
    assert_eq!(en.contains("What to do"), advice, "{code}: {en}");
    let (_, _, switched) = page(app, &format!("{url}&lang=en"), "vi").await;
    assert!(switched.contains("lang=\"en\""));
}

#[tokio::test]
async fn the_genuine_page_shows_product_producer_origin_and_scans() {
    let t = shop(false).await;
    let (_, _, html) = page(&t.app, &t.urls[6], "vi").await;
    for needle in [
        "Mật hoa dừa",
        "★★★★",
        "1306/QĐ-UBND",
        "Hợp tác xã Mật Hoa Dừa Châu Thành",
        "Vùng dừa sáp Cầu Kè",
        "MHD-2611",
        "7/20",
        "Tem này mới được quét 1 lần",
        "Phản ánh nghi ngờ hàng giả",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // Bots, prefetches and HEAD do not count.
    let app = &t.app;
    let r = app.client.head(&t.urls[6]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    app.client
        .get(&t.urls[6])
        .header("Purpose", "prefetch")
        .send()
        .await
        .unwrap();
    app.client
        .get(&t.urls[6])
        .header("User-Agent", "facebookexternalhit/1.1")
        .send()
        .await
        .unwrap();
    app.client
        .get(&t.urls[6])
        .header("User-Agent", "Zalo")
        .send()
        .await
        .unwrap();
    let v = json_verdict(app, &t.urls[6], "203.0.113.7").await;
    assert_eq!(v["scans"]["count"], 2);
    assert!(v["scans"]["first"].is_string());
    assert!(v["log_index"].as_u64().is_some());
    t.app.stop().await;
}

#[tokio::test]
async fn gs1_resolver_answers_every_form_and_accept_header() {
    let t = shop(false).await;
    let app = &t.app;
    let product = format!("{}/01/08930000000019", app.base);
    let lot = format!("{product}/10/MHD-2611");
    let r = app.client.get(&product).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Mật hoa dừa"));
    let r = app.client.get(&lot).send().await.unwrap();
    let body = r.text().await.unwrap();
    assert!(body.contains("MHD-2611") && body.contains("Vùng dừa sáp Cầu Kè"));
    // Unknown lot under a known GTIN: the product page with a notice, never an error.
    let r = app
        .client
        .get(format!("{product}/10/NOPE-1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("data-notice"));
    let r = app
        .client
        .get(format!("{product}/10/NOPE-1"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = app
        .client
        .get(format!("{}/01/08930000000026", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .client
        .get(format!("{}/01/123", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Linkset by query and by Accept.
    for r in [
        app.client
            .get(format!("{lot}?linkType=linkset"))
            .send()
            .await
            .unwrap(),
        app.client
            .get(&lot)
            .header("Accept", "application/linkset+json")
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(r.headers()["content-type"], "application/linkset+json");
        let ls: Value = r.json().await.unwrap();
        let set = &ls["linkset"][0];
        assert_eq!(set["anchor"].as_str().unwrap(), lot);
        for lt in [
            "pip",
            "certificationInfo",
            "verificationService",
            "traceability",
            "recallStatus",
        ] {
            let links = set[format!("https://gs1.org/voc/{lt}")]
                .as_array()
                .unwrap_or_else(|| panic!("{lt} missing: {ls}"));
            assert!(links[0]["href"].as_str().unwrap().starts_with("http"));
        }
    }
    let r = app
        .client
        .get(format!("{product}?linkType=gs1:pip"))
        .send()
        .await
        .unwrap();
    assert!(r.url().path().starts_with("/catalogue/products/"));
    let (_, desc) = app.get("", "/.well-known/gs1resolver").await;
    assert_eq!(desc["supportedPrimaryKeys"][0], "01");
    // HEAD and a request with no Accept header at all.
    for path in [
        format!(
            "/01/08930000000019/10/MHD-2611/21/1?{}",
            t.urls[0].split_once('?').unwrap().1
        ),
        "/01/08930000000019".into(),
        "/01/08930000000019/10/X".into(),
    ] {
        let r = app.client.head(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "HEAD {path}");
        let (base, p) = (app.base.clone(), path.clone());
        let status = tokio::task::spawn_blocking(move || raw_get(&base, &p))
            .await
            .unwrap();
        assert_eq!(status, 200, "no Accept: {path}");
    }
    t.app.stop().await;
}

/// A request with no Accept header (reqwest would add one).
fn raw_get(base: &str, path: &str) -> u16 {
    let host = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn clone_detection_counts_distinct_sources_and_lists_anomalies() {
    let t = shop(false).await;
    let app = &t.app;
    for _ in 0..3 {
        assert_eq!(
            json_verdict(app, &t.urls[8], "203.0.113.1").await["code"],
            "genuine"
        );
    }
    app.clock.set_today(day("2026-12-02"));
    for ip in ["203.0.113.200", "198.51.100.1", "192.0.2.1"] {
        json_verdict(app, &t.urls[8], ip).await;
    }
    // One region (/16) counts once: 203.0.113.1 and .200, 192.0.2.1 and .99 → 3 places:
    // still genuine.
    assert_eq!(
        json_verdict(app, &t.urls[8], "192.0.2.99").await["code"],
        "genuine"
    );
    // A fourth place, days after the first: more places than the test policy's 3.
    app.clock.set_today(day("2026-12-04"));
    let v = json_verdict(app, &t.urls[8], "100.64.0.1").await;
    assert_eq!(v["code"], "clone_suspected");
    assert_eq!(v["scans"]["distinct_sources"], 4);
    let insp = {
        let (_, tk) = app
            .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
            .await;
        tk["token"].as_str().unwrap().to_owned()
    };
    let (_, list) = app
        .get(
            &insp,
            &format!("/api/v1/batches/{}/scan-anomalies", t.batch),
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["serial"], 9);
    assert!(
        !list.to_string().contains("203.0.113"),
        "no addresses stored"
    );
    t.app.stop().await;
}

#[tokio::test]
async fn the_scratch_off_pin_claims_once_and_locks_after_guessing() {
    let t = shop(true).await;
    let app = &t.app;
    let csv = app
        .client
        .get(app.url(&format!(
            "/api/v1/batches/{}/labels?format=csv&from=1&to=3",
            t.batch
        )))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "serial,url,pin");
    let pin1 = lines[1].rsplit(',').next().unwrap().to_owned();
    let pin2 = lines[2].rsplit(',').next().unwrap().to_owned();
    assert_eq!(pin1.len(), 8);
    assert!(!t.urls[0].contains(&pin1), "the PIN is never in the QR");
    let claim = |url: String, pin: String, ip: &'static str| {
        let client = app.client.clone();
        async move {
            let r = client
                .post(url)
                .header("Accept", "application/json")
                .header("X-Forwarded-For", ip)
                .form(&[("pin", pin)])
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()
        }
    };
    let (_, _, html) = page(app, &t.urls[0], "vi").await;
    assert!(html.contains("name=\"pin\""));
    assert_eq!(
        claim(t.urls[0].clone(), "00000000".into(), "203.0.113.5").await["result"],
        "wrong"
    );
    assert_eq!(
        claim(t.urls[0].clone(), pin1.clone(), "203.0.113.5").await["result"],
        "claimed"
    );
    let again = claim(t.urls[0].clone(), pin1.clone(), "198.51.100.5").await;
    assert_eq!(again["result"], "already_claimed");
    let v = json_verdict(app, &t.urls[0], "198.51.100.5").await;
    assert!(v["claimed_at"].is_string());
    // The HTML answer says it was claimed before.
    let r = app
        .client
        .post(&t.urls[0])
        .header("X-Forwarded-For", "198.51.100.6")
        .form(&[("pin", pin1.as_str())])
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("đã được kích hoạt ngày"));
    // Guessing serial 2's PIN locks it after 5 wrong tries, even for the right PIN.
    for i in 0..5u32 {
        let ip: &'static str = Box::leak(format!("10.{i}.0.1").into_boxed_str());
        let r = claim(t.urls[1].clone(), format!("{:08}", 12345 + i), ip).await;
        assert!(r["result"] == "wrong" || r["result"] == "locked", "{r}");
    }
    assert_eq!(
        claim(t.urls[1].clone(), pin2, "10.9.0.1").await["result"],
        "locked"
    );
    t.app.stop().await;
}

#[tokio::test]
async fn a_photo_of_a_label_gives_the_same_verdict() {
    let t = shop(false).await;
    let app = &t.app;
    let png = app
        .client
        .get(app.url(&format!("/api/v1/batches/{}/labels/5?format=png", t.batch)))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let label = image::load_from_memory(&png).unwrap().to_luma8();
    // Paste the label on a larger, noisy "photo" and save it as JPEG.
    let mut photo = image::GrayImage::from_fn(1800, 1400, |x, y| {
        image::Luma([(((x * 7 + y * 13) % 97) as u8).saturating_add(120)])
    });
    image::imageops::overlay(&mut photo, &label, 400, 500);
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageLuma8(photo)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let client = app.client.clone();
        let url = app.url("/verify/photo");
        async move {
            let form = reqwest::multipart::Form::new().part(
                "photo",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
            client
                .post(url)
                .header("Accept", "application/json")
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let r = upload(jpeg, "label.jpg").await;
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["code"].as_str(), v["label"]["serial"].as_u64()),
        (Some("genuine"), Some(5))
    );
    let r = upload(b"%PDF-1.7 not an image".to_vec(), "x.pdf").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "not_an_image");
    let mut blank = Vec::new();
    image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(300, 300, image::Luma([200])))
        .write_to(
            &mut std::io::Cursor::new(&mut blank),
            image::ImageFormat::Png,
        )
        .unwrap();
    let r = upload(blank, "blank.png").await;
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "no_qr_found");
    let r = app
        .client
        .post(app.url("/verify/photo"))
        .multipart(reqwest::multipart::Form::new().part(
            "photo",
            reqwest::multipart::Part::bytes(vec![0u8; 6 * 1024 * 1024]),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    t.app.stop().await;
}

#[tokio::test]
async fn shoppers_report_fakes_without_an_account_and_are_rate_limited() {
    let t = shop(false).await;
    let app = &t.app;
    let path = t.urls[0]
        .split_once("127.0.0.1")
        .unwrap()
        .1
        .split_once('/')
        .map(|(_, p)| format!("/{p}"))
        .unwrap();
    for i in 0..5 {
        let r = app
            .client
            .post(app.url("/report"))
            .header("Accept", "application/json")
            .header("X-Forwarded-For", "203.0.113.77")
            .form(&[
                ("label", path.as_str()),
                ("text", &format!("Tem bị bóc dán lại {i}")),
                ("place", "Chợ Trà Vinh"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = app
        .client
        .post(app.url("/report"))
        .header("X-Forwarded-For", "203.0.113.77")
        .form(&[("text", "lần 6")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let r = app
        .client
        .post(app.url("/report"))
        .header("Accept", "application/json")
        .header("X-Forwarded-For", "198.51.100.77")
        .form(&[("text", "  ")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, reports) = app.get(ADMIN, "/api/v1/reports").await;
    assert_eq!(reports.as_array().unwrap().len(), 5);
    assert_eq!(reports[0]["verdict"], "genuine");
    assert_eq!(reports[0]["batch_id"], t.batch);
    assert_eq!(reports[0]["place"], "Chợ Trà Vinh");
    t.app.stop().await;
}

/// A real browser at phone size: headless Chromium (Debian's package, installed by .ci/run).
#[tokio::test]
async fn a_phone_sized_headless_browser_shows_the_verdict() {
    let t = shop(false).await;
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("verdict.png");
    // Headless Chromium asks for English; the shopper's language switch keeps the label.
    let url = format!("{}&lang=vi", t.urls[0]);
    let browser = ["chromium", "chromium-browser"].into_iter().find(|b| std::process::Command::new(b).arg("--version").output().is_ok())
        .expect("chromium is needed for the browser test (apt-get install chromium; .ci/run installs it)");
    let args = |extra: &str| -> Vec<String> {
        vec![
            "--headless".into(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            format!("--user-data-dir={}", dir.path().join("profile").display()),
            "--window-size=390,844".into(),
            "--lang=vi".into(),
            extra.into(),
            url.clone(),
        ]
    };
    let (dom_args, shot_args) = (
        args("--dump-dom"),
        args(&format!("--screenshot={}", shot.display())),
    );
    let dom = tokio::task::spawn_blocking(move || {
        std::process::Command::new(browser)
            .args(dom_args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let html = String::from_utf8_lossy(&dom.stdout);
    assert!(
        html.contains("data-code=\"genuine\"") && html.contains("Sản phẩm chính hãng"),
        "{html}\n{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(browser)
            .args(shot_args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let img = image::open(&shot).unwrap();
    assert_eq!(img.width(), 390);
    t.app.stop().await;
}
