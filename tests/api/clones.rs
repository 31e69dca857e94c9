//! Clone detection that nobody can drive from one network: any number of requests from one
//! /24 (or /48) with any headers never brand a genuine unit, while a copied label scanned in
//! several distant networks over days still shows as copied — and the suspicion decays.

use crate::helpers::{ADMIN, TestApp, day};
use reqwest::StatusCode;
use serde_json::Value;

struct Shop {
    app: TestApp,
    _tmp: tempfile::TempDir,
    urls: Vec<String>,
}

async fn shop() -> Shop {
    let (app, tmp) = TestApp::spawn().await;
    let s = app
        .subject("Hợp tác xã Dừa sáp Cầu Kè", "cooperative")
        .await;
    let p = app.product(s, "Kẹo dừa sáp", Some("8930000000019")).await;
    app.certificate(p, 4, "province", "2025-09-15").await;
    let token = app.producer_token(s).await;
    let b = app.batch(&token, p, "CK2611-01", 10, "2027-11-20").await["id"]
        .as_u64()
        .unwrap();
    let mut urls = Vec::new();
    for serial in 1..=3 {
        urls.push(app.label(ADMIN, b, serial).await);
    }
    Shop {
        app,
        _tmp: tmp,
        urls,
    }
}

/// A scan as a phone would make it; `None` when the request was rate-limited.
async fn scan(app: &TestApp, url: &str, ip: &str, ua: &str, lang: &str) -> Option<Value> {
    let r = app
        .client
        .get(url)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", ip)
        .header("User-Agent", ua)
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap();
    if r.status() == StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    assert_eq!(r.status(), StatusCode::OK);
    Some(r.json().await.unwrap())
}

/// A small deterministic generator: the test is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const AGENTS: [&str; 6] = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
    "Mozilla/5.0 (Linux; Android 14; SM-A155F)",
    "Opera/9.80 (Android)",
    "Dalvik/2.1.0 (Linux; U; Android 11)",
    "x",
    "SamsungBrowser/23.0 Mobile",
];

#[tokio::test]
async fn any_number_of_requests_from_one_network_never_brand_a_unit() {
    let t = shop().await;
    let app = &t.app;
    let mut rng = Lcg(7);
    for i in 0..600u64 {
        // Forty days of scans from one IPv4 /24 and one IPv6 /48, every header varied.
        app.clock
            .set_today(day("2026-12-02") + chrono::Days::new(i / 15));
        let ip = if i % 2 == 0 {
            format!("203.0.113.{}", rng.next() % 256)
        } else {
            format!(
                "2001:db8:42:{:x}::{:x}",
                rng.next() % 65536,
                rng.next() % 65536
            )
        };
        let ua = format!("{} {}", AGENTS[(rng.next() % 6) as usize], rng.next());
        let lang = ["vi-VN", "en-US", "fr", "zh-CN"][(rng.next() % 4) as usize];
        let url = &t.urls[(i % 2) as usize];
        if let Some(v) = scan(app, url, &ip, &ua, lang).await {
            assert_ne!(
                v["code"], "clone_suspected",
                "request {i} from {ip} as {ua}"
            );
        }
    }
    let v = app.verdict(&t.urls[0]).await;
    assert_eq!(v["code"], "genuine", "{v}");
    assert!(v["scans"]["distinct_sources"].as_u64().unwrap() <= 2, "{v}");
    app.clock.reset();
}

#[tokio::test]
async fn a_copied_label_in_distant_networks_over_days_is_suspected_and_then_decays() {
    let t = shop().await;
    let app = &t.app;
    let url = &t.urls[2];
    let phone = AGENTS[0];
    // Four regions within one hour: a crowd is not yet evidence of copies.
    app.clock.set_today(day("2026-12-05"));
    for ip in ["198.51.100.1", "100.64.1.1", "172.20.1.1", "10.9.1.1"] {
        let v = scan(app, url, ip, phone, "vi").await.unwrap();
        assert_ne!(v["code"], "clone_suspected", "{ip}");
    }
    // The next days, the same label turns up in more distant networks.
    app.clock.set_today(day("2026-12-07"));
    let v = scan(app, url, "192.0.2.9", phone, "vi").await.unwrap();
    assert_eq!(v["code"], "clone_suspected", "{v}");
    // The API check gives the same verdict, without counting a scan.
    let before = v["scans"]["count"].as_u64().unwrap();
    let checked = app.verdict(url).await;
    assert_eq!(checked["code"], "clone_suspected");
    assert_eq!(checked["scans"]["count"].as_u64().unwrap(), before);
    // Forty days without a scan: the places have aged out of the window.
    app.clock.set_today(day("2027-01-20"));
    assert_eq!(app.code(url).await, "genuine");
    app.clock.reset();
}
