//! The province's portfolio: the seed's figures from the sample fixtures, targets, history,
//! CSV/JSON agreement, visibility, and the public catalogue.

use crate::helpers::{ADMIN, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn fixtures() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/portfolio.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn counts(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

#[tokio::test]
async fn the_dashboard_shows_the_seed_figures_and_targets() {
    let (app, _tmp) = TestApp::spawn_demo().await;
    let (s, d) = app.get("", "/api/v1/dashboard/summary").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["rated_products"], 104);
    assert_eq!(
        counts(&d["by_star"]),
        pairs(&[("3", 83), ("4", 15), ("potential_5", 6), ("5", 0)])
    );
    assert_eq!(d["subjects"], 67);
    assert_eq!(
        counts(&d["subjects_by_kind"]),
        pairs(&[
            ("company", 14),
            ("enterprise", 3),
            ("cooperative", 11),
            ("cooperative_group", 1),
            ("household_business", 38)
        ])
    );
    let by_status = counts(&d["by_status"]);
    assert_eq!(by_status.iter().map(|c| c.1).sum::<u64>(), 104);
    assert_eq!(counts(&d["by_group"]).iter().map(|c| c.1).sum::<u64>(), 104);
    assert_eq!(counts(&d["by_district"]).len(), 9);
    assert!(
        d["batches_by_month"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["labels"].as_u64().unwrap() > 0)
    );

    // Targets computed from the fixture data itself.
    let f = fixtures();
    let products = f["products"].as_array().unwrap();
    let subjects = f["subjects"].as_array().unwrap();
    let target = |id: &str| {
        d["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    let t = target("rated_products");
    assert_eq!(
        (
            t["value"].as_f64(),
            t["threshold"].as_f64(),
            t["status"].as_str()
        ),
        (Some(104.0), Some(165.0), Some("missed"))
    );
    let trademarks = products
        .iter()
        .filter(|p| p["trademark_registered"] == true)
        .count() as f64;
    assert_eq!(target("trademarks")["value"].as_f64(), Some(trademarks));
    assert_eq!(
        target("trademarks")["status"],
        if trademarks >= 10.0 { "met" } else { "missed" }
    );
    let brands = products
        .iter()
        .filter(|p| p["brand_supported"] == true)
        .count() as f64;
    assert_eq!(target("brand_support")["value"].as_f64(), Some(brands));
    let coops = subjects
        .iter()
        .filter(|s| s["kind"] == "cooperative" || s["kind"] == "cooperative_group")
        .count() as f64;
    assert_eq!(
        target("cooperatives")["value"].as_f64(),
        Some((coops * 1000.0 / 67.0).round() / 10.0)
    );
    let modern = subjects
        .iter()
        .filter(|s| {
            s["channels"].as_array().is_some_and(|c| {
                c.iter()
                    .any(|c| c["kind"] == "supermarket" || c["kind"] == "ecommerce")
            })
        })
        .count() as f64;
    assert_eq!(
        target("modern_channels")["value"].as_f64(),
        Some((modern * 1000.0 / 67.0).round() / 10.0)
    );
    assert_eq!(target("upgraded")["value"].as_f64(), Some(0.0));

    // History: as of a past day only the certificates decided by then count.
    let as_of = "2025-01-01";
    let decided = products
        .iter()
        .filter(|p| p["certificate"]["decision_date"].as_str().unwrap() <= as_of)
        .count() as u64;
    let (_, past) = app
        .get("", &format!("/api/v1/dashboard/summary?as_of={as_of}"))
        .await;
    assert_eq!(past["rated_products"].as_u64(), Some(decided));
    assert!(decided > 0 && decided < 104);
    let (_, none) = app
        .get("", "/api/v1/dashboard/summary?as_of=2023-01-01")
        .await;
    assert_eq!(none["rated_products"], 0);

    // CSV carries the same numbers as JSON.
    let csv = app
        .client
        .get(app.url("/api/v1/dashboard.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let value = |sec: &str, key: &str| -> String {
        csv.lines()
            .find(|l| l.starts_with(&format!("{sec},{key},")))
            .map(|l| split_csv(l)[4].clone())
            .unwrap_or_else(|| panic!("{sec},{key} missing:\n{csv}"))
    };
    assert_eq!(value("totals", "rated_products"), "104");
    for c in d["by_star"]
        .as_array()
        .unwrap()
        .iter()
        .chain(d["subjects_by_kind"].as_array().unwrap())
    {
        let sec = if d["by_star"].as_array().unwrap().contains(c) {
            "by_star"
        } else {
            "subjects_by_kind"
        };
        assert_eq!(
            value(sec, c["key"].as_str().unwrap()),
            c["count"].to_string()
        );
    }
    for t in d["targets"].as_array().unwrap() {
        assert_eq!(
            value("targets", t["id"].as_str().unwrap())
                .parse::<f64>()
                .unwrap(),
            t["value"].as_f64().unwrap()
        );
    }

    // The page: Vietnamese first, English on request, inline SVG, no scripts.
    let html = app
        .client
        .get(app.url("/dashboard"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("data-total-products=\"104\"") && html.contains("data-total-subjects=\"67\"")
    );
    assert!(html.contains("Theo hạng sao") && html.contains("<svg") && !html.contains("<script"));
    let html_en = app
        .client
        .get(app.url("/dashboard?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html_en.contains("Progress against targets"));

    // Admin and inspector see the lists; the public does not.
    let r = app
        .client
        .get(app.url("/api/v1/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (s, full) = app.get(ADMIN, "/api/v1/dashboard").await;
    assert_eq!(s, StatusCode::OK);
    assert!(full["expiring_certificates"].is_array() && full["rated_products"] == 104);
    assert!(d.get("expiring_certificates").is_none());
    app.stop().await;
}

#[tokio::test]
async fn the_catalogue_lists_certified_products_and_finds_names_without_diacritics() {
    let (app, _tmp) = TestApp::spawn_demo().await;
    let f = fixtures();
    let products = f["products"].as_array().unwrap();
    let (_, all) = app.get("", "/api/v1/catalogue?per_page=10").await;
    assert_eq!(
        (
            all["total"].as_u64(),
            all["entries"].as_array().unwrap().len()
        ),
        (Some(104), 10)
    );
    assert_eq!(all["entries"][0]["star"], 4, "best rated first");
    let (_, four) = app.get("", "/api/v1/catalogue?star=4&per_page=100").await;
    assert_eq!(four["total"], 21);
    let (_, food) = app.get("", "/api/v1/catalogue?group=food").await;
    let food_n = products.iter().filter(|p| p["group"] == "food").count() as u64;
    assert_eq!(food["total"].as_u64(), Some(food_n));
    // Diacritic-insensitive search.
    let target = products
        .iter()
        .find(|p| p["name"].as_str().unwrap().starts_with("Mật hoa dừa"))
        .unwrap();
    let (_, found) = app.get("", "/api/v1/catalogue?q=mat%20hoa%20dua").await;
    assert!(
        found["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == target["name"]),
        "{found}"
    );
    let (_, found2) = app
        .get("", "/api/v1/catalogue?q=M%E1%BA%ADt%20hoa%20d%E1%BB%ABa")
        .await;
    assert_eq!(found["total"], found2["total"]);
    let (_, ck) = app.get("", "/api/v1/catalogue?district=cau%20ke").await;
    let (_, ck2) = app
        .get("", "/api/v1/catalogue?district=C%E1%BA%A7u%20K%C3%A8")
        .await;
    assert!(ck["total"].as_u64().unwrap() > 0);
    assert_eq!(ck["total"], ck2["total"]);
    let (_, shops) = app
        .get("", "/api/v1/catalogue?channel=ecommerce&per_page=100")
        .await;
    assert!(shops["entries"].as_array().unwrap().iter().all(|e| {
        e["channels"]
            .as_array()
            .unwrap()
            .contains(&json!("ecommerce"))
    }));
    let html = app
        .client
        .get(app.url("/catalogue?q=mat%20hoa%20dua"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(target["name"].as_str().unwrap()));

    // A revoked certificate takes the product out of the catalogue.
    let id = all["entries"][0]["product_id"].as_u64().unwrap();
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{id}/certificates"))
        .await;
    app.post(
        ADMIN,
        &format!("/api/v1/certificates/{}/revoke", certs[0]["id"]),
        &json!({"reason": "x"}),
    )
    .await;
    let (_, after) = app.get("", "/api/v1/catalogue").await;
    assert_eq!(after["total"], 103);

    // Listing check (Law 78/2025: no false OCOP claims online).
    let with_listing: Vec<&Value> = products
        .iter()
        .filter(|p| !p["listings"].as_array().unwrap().is_empty())
        .collect();
    assert!(with_listing.len() >= 2);
    let (_, cat) = app.get("", "/api/v1/catalogue?per_page=100&page=1").await;
    let (_, cat2) = app.get("", "/api/v1/catalogue?per_page=100&page=2").await;
    let all_entries: Vec<Value> = cat["entries"]
        .as_array()
        .unwrap()
        .iter()
        .chain(cat2["entries"].as_array().unwrap())
        .cloned()
        .collect();
    let id_of = |name: &str| {
        all_entries
            .iter()
            .find(|e| e["name"] == name)
            .map(|e| e["product_id"].as_u64().unwrap())
    };
    let (a, b) = (with_listing[0], with_listing[1]);
    let (Some(a_id), Some(_)) = (
        id_of(a["name"].as_str().unwrap()),
        id_of(b["name"].as_str().unwrap()),
    ) else {
        panic!("listed products missing from the catalogue")
    };
    let url = a["listings"][0].as_str().unwrap();
    let enc = |u: &str| {
        u.replace(':', "%3A")
            .replace('/', "%2F")
            .replace('?', "%3F")
    };
    let (_, ok) = app
        .get(
            "",
            &format!(
                "/api/v1/catalogue/products/{a_id}/listing-check?url={}",
                enc(&format!("{url}?utm_source=x"))
            ),
        )
        .await;
    assert_eq!(ok["result"], "registered", "{ok}");
    let other = b["listings"][0].as_str().unwrap();
    let (_, wrong) = app
        .get(
            "",
            &format!(
                "/api/v1/catalogue/products/{a_id}/listing-check?url={}",
                enc(other)
            ),
        )
        .await;
    assert_eq!(wrong["result"], "other_product");
    let (_, none) = app
        .get(
            "",
            &format!(
                "/api/v1/catalogue/products/{a_id}/listing-check?url={}",
                enc("https://shopee.vn/fake-ocop-5-sao")
            ),
        )
        .await;
    assert_eq!(none["result"], "not_registered");
    assert!(none["vi"].as_str().unwrap().contains("KHÔNG"));
    let (s, e) = app
        .get(
            "",
            &format!("/api/v1/catalogue/products/{a_id}/listing-check?url=javascript:alert(1)"),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_text"))
    );
    let page = app
        .client
        .get(app.url(&format!("/catalogue/products/{a_id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("listing-check"));
    app.stop().await;
}

/// Splits one CSV line, honouring quotes.
fn split_csv(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The dashboard and catalogue a running server keeps up to date write by write equal the
/// ones a restarted server builds from scratch over the same store.
#[tokio::test]
async fn after_every_kind_of_write_the_dashboard_equals_a_fresh_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    let render = |app: &TestApp| {
        let url = app.url("/api/v1/dashboard/summary");
        let client = app.client.clone();
        async move {
            let r = client.get(url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()
        }
    };
    let first = render(&app).await;
    assert_eq!(first["rated_products"], 0);

    let coop = app.subject("Hợp tác xã Dừa Sáp", "cooperative").await;
    render(&app).await;
    let a = app.product(coop, "Mật hoa dừa", None).await;
    render(&app).await;
    let cert_a = app.certificate(a, 4, "province", "2026-01-10").await;
    render(&app).await;
    let b = app.product(coop, "Kẹo dừa sáp", None).await;
    let cert_b = app.certificate(b, 3, "province", "2026-01-10").await;
    render(&app).await;
    let (s, v) = app
        .post(
            ADMIN,
            &format!(
                "/api/v1/certificates/{}/potential-5-star",
                cert_a["id"].as_u64().unwrap()
            ),
            &json!({"value": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(render(&app).await["by_star"][2]["count"], 1);
    let (s, v) = app
        .post(
            ADMIN,
            &format!(
                "/api/v1/certificates/{}/supersede",
                cert_b["id"].as_u64().unwrap()
            ),
            &json!({"star": 4, "decision_no": "2001/QĐ-UBND", "decision_date": "2026-06-01",
                    "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    render(&app).await;
    let producer = app.producer_token(coop).await;
    let batch = app.batch(&producer, a, "MH-01", 120, "2028-01-01").await["id"]
        .as_u64()
        .unwrap();
    let after_batch = render(&app).await;
    let labels: u64 = after_batch["batches_by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["labels"].as_u64().unwrap())
        .sum();
    assert_eq!(labels, 120);
    app.label(&producer, batch, 1).await; // a print run
    render(&app).await;
    let (s, v) = app
        .post(
            &producer,
            &format!("/api/v1/batches/{batch}/events"),
            &json!({"type": "harvest", "time": "2026-10-01T02:00:00Z",
                    "place": {"province": "Vĩnh Long"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    render(&app).await;
    let (s, v) = app
        .post(
            &producer,
            &format!("/api/v1/batches/{batch}/recall"),
            &json!({"reason": "Kiểm tra lại"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    render(&app).await;
    let (s, v) = app
        .post(
            ADMIN,
            &format!(
                "/api/v1/certificates/{}/revoke",
                cert_a["id"].as_u64().unwrap()
            ),
            &json!({"reason": "Vi phạm"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let revoked = render(&app).await;
    assert_eq!(revoked["rated_products"], 1);
    app.certificate(a, 3, "province", "2026-07-01").await;
    render(&app).await;
    app.batch(&producer, b, "KD-01", 30, "2028-01-01").await;

    let kept = render(&app).await;
    assert_eq!(kept["rated_products"], 2);
    let (_, kept_catalogue) = app.get("", "/api/v1/catalogue?per_page=100").await;
    app.stop().await;
    let app = TestApp::spawn_in(tmp.path()).await;
    let rebuilt = render(&app).await;
    assert_eq!(kept, rebuilt);
    let (_, rebuilt_catalogue) = app.get("", "/api/v1/catalogue?per_page=100").await;
    assert_eq!(kept_catalogue, rebuilt_catalogue);
    assert_eq!(rebuilt_catalogue["total"], 2);
    app.stop().await;
}

#[tokio::test]
async fn the_dashboard_counts_verification_scans_and_verdicts_per_month() {
    let (app, tmp) = TestApp::spawn().await;
    let coop = app.subject("Hợp tác xã Dừa Sáp", "cooperative").await;
    let product = app.product(coop, "Mật hoa dừa", None).await;
    app.certificate(product, 4, "province", "2026-01-10").await;
    let producer = app.producer_token(coop).await;
    let batch = app
        .batch(&producer, product, "MH-01", 100, "2028-01-01")
        .await["id"]
        .as_u64()
        .unwrap();
    let url = app.label(&producer, batch, 7).await;
    let (_, d) = app.get("", "/api/v1/dashboard/summary").await;
    assert_eq!(d["scans_by_month"], json!([]));

    // A shopper's phone checks the label twice, then a tampered copy of it.
    let scan = |url: String| {
        let client = app.client.clone();
        async move {
            let v: Value = client
                .get(url)
                .header("Accept", "application/json")
                .header("User-Agent", "Mozilla/5.0 (iPhone)")
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["code"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(scan(url.clone()).await, "genuine");
    assert_eq!(scan(url.clone()).await, "genuine");
    let (head, sig) = url.rsplit_once("s=").unwrap();
    let flipped = if sig.starts_with('A') { "B" } else { "A" };
    let tampered = format!("{head}s={flipped}{}", &sig[1..]);
    let bad = scan(tampered).await;
    assert_ne!(bad, "genuine");
    // Checks through /api/v1/verify are not scans.
    assert_eq!(app.code(&url).await, "genuine");

    let month = app.clock.now().format("%Y-%m").to_string();
    let (_, d) = app.get("", "/api/v1/dashboard/summary").await;
    let months = d["scans_by_month"].as_array().unwrap();
    assert_eq!(months.len(), 1, "{d}");
    assert_eq!(months[0]["month"], month.as_str());
    assert_eq!(months[0]["scans"], 3);
    assert_eq!(months[0]["verdicts"]["genuine"], 2);
    assert_eq!(months[0]["verdicts"][bad.as_str()], 1);
    let csv = app
        .client
        .get(app.url("/api/v1/dashboard.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains(&format!("scans_by_month,{month},")), "{csv}");
    let page = app
        .client
        .get(app.url("/dashboard?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Verification scans per month"));
    assert!(page.contains(&format!("data-scans-month=\"{month}\"")));
    // Counted scans wait in memory for a second at most; stopping writes them.
    assert_eq!(scan(url.clone()).await, "genuine");
    app.stop().await;

    let app = TestApp::spawn_in(tmp.path()).await;
    let (_, d) = app.get("", "/api/v1/dashboard/summary").await;
    assert_eq!(d["scans_by_month"][0]["scans"], 4);
    assert_eq!(d["scans_by_month"][0]["verdicts"]["genuine"], 3);
    app.stop().await;
}
