//! Pages for people: the home page, HTML 404 and 429, security headers on every page, the
//! linkset of a unit's Digital Link URI, malformed PINs, and the per-network label limit.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

/// A producer with one certified product and one 20-unit batch, and its label URLs.
pub struct Shop {
    pub app: TestApp,
    pub _tmp: tempfile::TempDir,
    pub token: String,
    pub batch: u64,
    pub product: u64,
    pub urls: Vec<String>,
}

/// The shop, on a server whose label URLs allow `per_minute` requests per network.
pub async fn shop(pins: bool, per_minute: u32) -> Shop {
    let (app, tmp) = TestApp::spawn_with_label_limit(per_minute).await;
    // Pages show dates: pin the day so snapshots and screenshots stay the same.
    app.clock.set_today(crate::helpers::day("2026-12-15"));
    let (token, batch, product, urls) = crate::helpers::sample_shop(&app, pins).await;
    Shop {
        app,
        _tmp: tmp,
        token,
        batch,
        product,
        urls,
    }
}

/// A browser's GET from `ip`: status, headers, body.
pub async fn browse(
    app: &TestApp,
    url: &str,
    lang: &str,
    ip: &str,
) -> (StatusCode, HeaderMap, String) {
    let r = app
        .client
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("Accept-Language", lang)
        .header("User-Agent", "Mozilla/5.0 (iPhone)")
        .header("X-Forwarded-For", ip)
        .send()
        .await
        .unwrap();
    let (s, h) = (r.status(), r.headers().clone());
    (s, h, r.text().await.unwrap())
}

fn assert_secure(what: &str, h: &HeaderMap) {
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"),
        "{what}: {csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["referrer-policy"], "no-referrer", "{what}");
    assert!(
        h["content-type"].to_str().unwrap().starts_with("text/html"),
        "{what}"
    );
}

#[tokio::test]
async fn every_page_has_one_shell_and_the_security_headers() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let pages = [
        "/".to_owned(),
        "/dashboard".into(),
        "/catalogue".into(),
        format!("/catalogue/products/{}", t.product),
        "/01/08930000000019".into(),
        "/01/08930000000019/10/MHD-2611".into(),
        "/01/08930000000019/10/NOPE".into(),
        "/verify/photo".into(),
        "/no/such/page".into(),
    ];
    for p in pages.iter().map(|p| app.url(p)).chain([t.urls[0].clone()]) {
        let (_, h, vi) = browse(app, &p, "vi-VN,vi;q=0.9", "203.0.113.4").await;
        assert_secure(&p, &h);
        assert!(vi.contains("<html lang=\"vi\">"), "{p}: {vi}");
        assert!(vi.contains("name=\"viewport\"") && vi.contains("href=\"/assets/site.css\""));
        assert!(!vi.contains("<script") && !vi.contains("style=\""), "{p}");
        let (_, _, en) = browse(app, &p, "en-GB,en;q=0.9", "203.0.113.4").await;
        assert!(en.contains("<html lang=\"en\">"), "{p}");
        // The switch keeps the path and the rest of the query.
        let path = p.trim_start_matches(&app.base).split('?').next().unwrap();
        assert!(vi.contains(&format!("href=\"{path}?")), "{p}: switch link");
    }
    let r = app
        .client
        .get(app.url("/assets/site.css"))
        .send()
        .await
        .unwrap();
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    t.app.stop().await;
}

#[tokio::test]
async fn home_favicon_robots_and_unknown_urls_are_not_json_404s() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let (s, _, home) = browse(app, &app.url("/"), "vi", "203.0.113.4").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("camera") && home.contains("href=\"/catalogue?lang=vi\""));
    assert!(home.contains("href=\"/dashboard?lang=vi\""));
    let (_, _, home_en) = browse(app, &app.url("/?lang=en"), "vi", "203.0.113.4").await;
    assert!(home_en.contains("Scan a label"));
    for (path, ty) in [
        ("/favicon.ico", "image/svg+xml"),
        ("/robots.txt", "text/plain"),
    ] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(ty)
        );
    }
    let (s, _, nf) = browse(app, &app.url("/nowhere"), "vi", "203.0.113.4").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(nf.contains("Không tìm thấy trang"), "{nf}");
    let (s, v) = app.get("", "/nowhere").await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    t.app.stop().await;
}

#[tokio::test]
async fn vietnamese_pages_never_show_the_english_detail() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let u = &t.urls;
    for url in [
        u[0].clone(),
        u[0].replace("/21/1?", "/21/101?"),
        u[0].replace("MHD-2611", "MHD-0000"),
        u[0].replace("&k=", "&k=zz"),
        format!("{}/l/abc/1?v=1", app.base),
    ] {
        let v = app.verdict(&url).await;
        let detail = v["detail"].as_str().unwrap();
        let (_, _, vi) = browse(app, &url, "vi", "203.0.113.4").await;
        assert!(!detail.is_empty() && !vi.contains(detail), "{detail}: {vi}");
        assert!(vi.contains("Vì sao có kết quả này") || vi.contains("Điều này có nghĩa là gì"));
    }
    t.app.stop().await;
}

#[tokio::test]
async fn a_unit_digital_link_uri_answers_its_linkset() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let unit = t.urls[2].clone();
    let anchor = unit.split('?').next().unwrap().to_owned();
    for r in [
        app.client
            .get(format!("{unit}&linkType=linkset"))
            .send()
            .await
            .unwrap(),
        app.client
            .get(&unit)
            .header("Accept", "application/linkset+json")
            .send()
            .await
            .unwrap(),
    ] {
        assert_eq!(r.headers()["content-type"], "application/linkset+json");
        let ls: Value = r.json().await.unwrap();
        let set = &ls["linkset"][0];
        assert_eq!(set["anchor"], anchor.as_str());
        for lt in [
            "pip",
            "certificationInfo",
            "verificationService",
            "traceability",
        ] {
            assert!(
                set[format!("https://gs1.org/voc/{lt}")].is_array(),
                "{lt}: {ls}"
            );
        }
    }
    // Asking for links is not a scan.
    let v: Value = app
        .client
        .get(&unit)
        .header("Accept", "application/json")
        .header("User-Agent", "Mozilla/5.0 (iPhone)")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["scans"]["count"], 1, "{v}");
    t.app.stop().await;
}

#[tokio::test]
async fn a_malformed_pin_says_eight_digits_and_spends_no_attempt() {
    let t = shop(true, 10_000).await;
    let app = &t.app;
    let pin = crate::helpers::pin_of(&t.app, &t.token, t.batch, 1).await;
    let post = |pin: &'static str, json: bool| {
        let (client, url) = (app.client.clone(), t.urls[0].clone());
        async move {
            let accept = if json {
                "application/json"
            } else {
                "text/html"
            };
            client
                .post(url)
                .header("Accept", accept)
                .header("X-Forwarded-For", "203.0.113.8")
                .form(&[("pin", pin)])
                .send()
                .await
                .unwrap()
        }
    };
    // More malformed tries than the unit tolerates wrong ones.
    for _ in 0..6 {
        let html = post("1234567", false).await.text().await.unwrap();
        assert!(html.contains("Mã PIN gồm 8 chữ số"), "{html}");
        assert!(
            !html.contains("lần thử.") && !html.contains("bị khóa"),
            "{html}"
        );
    }
    let r = post("12-34", true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "invalid_pin");
    let pin: &'static str = Box::leak(pin.into_boxed_str());
    let ok: Value = post(pin, true).await.json().await.unwrap();
    assert_eq!(ok["result"], "claimed", "no attempt was spent");
    t.app.stop().await;
}

#[tokio::test]
async fn hammering_label_urls_from_one_network_gets_429_and_others_are_served() {
    let t = shop(false, 30).await;
    let app = &t.app;
    let url = &t.urls[0];
    // No X-Forwarded-For: the socket address, 127.0.0.1.
    let get = |accept: &'static str| app.client.get(url).header("Accept", accept).send();
    for i in 0..30 {
        let r = get("text/html").await.unwrap();
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "request {i} is within the burst"
        );
    }
    let r = get("text/html").await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_secure("429", r.headers());
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Quá nhiều lượt kiểm tra") && html.contains("lang=\"vi\""),
        "{html}"
    );
    let r = get("application/json").await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json::<Value>().await.unwrap()["code"], "rate_limited");
    // Another network is served; so is the JSON verify API.
    let (s, _, _) = browse(app, url, "vi", "198.51.100.20").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.code(url).await, "genuine");
    t.app.stop().await;
}
