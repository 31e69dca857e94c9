//! The whole flow: bootstrap → subject → product → certificate → batch → labels → every
//! verdict → restart → key revocation.

use crate::helpers::{ADMIN, TestApp, day};
use ocop_trace::crypto::KeyStore;
use reqwest::StatusCode;
use serde_json::json;

/// Replaces the serial path segment of a label URL (keeping its signature).
fn with_serial(url: &str, from: u32, to: u32) -> String {
    url.replacen(&format!("/21/{from}?"), &format!("/21/{to}?"), 1)
        .replacen(&format!("/{from}?v="), &format!("/{to}?v="), 1)
}

/// The same label under the current server's base (the base is not signed).
fn rebase(url: &str, app: &TestApp) -> String {
    let i = url.find("/01/").or_else(|| url.find("/l/")).unwrap();
    format!("{}{}", app.base, &url[i..])
}

fn sig_of(url: &str) -> &str {
    url.rsplit("&s=").next().unwrap()
}

#[tokio::test]
async fn a_label_walks_through_every_verdict_and_survives_a_restart() {
    let (app, tmp) = TestApp::spawn().await;
    let coop = app
        .subject("Hợp tác xã Dừa Sáp Cầu Kè", "cooperative")
        .await;
    let gtin_product = app
        .product(coop, "Kẹo dừa sáp", Some("8930000000019"))
        .await;
    let plain_product = app.product(coop, "Mật hoa dừa", None).await;
    // Province 3★ after the 2025 reform: valid until 2028-08-31.
    let cert = app
        .certificate(gtin_product, 3, "province", "2025-09-01")
        .await;
    assert_eq!(cert["valid_until"], "2028-08-31");
    app.certificate(plain_product, 4, "province", "2025-10-01")
        .await;
    let producer = app.producer_token(coop).await;

    let b1 = app
        .batch(&producer, gtin_product, "CK2611-01", 1000, "2030-01-01")
        .await;
    let b2 = app
        .batch(&producer, plain_product, "MH/26.11", 50, "2027-01-31")
        .await;
    let (b1_id, b2_id) = (b1["id"].as_u64().unwrap(), b2["id"].as_u64().unwrap());
    assert_eq!(b1["star"], 3);
    assert!(b1["record"].as_str().unwrap().split('.').count() == 3);

    // Paging through label URLs.
    let (s, page) = app
        .get(
            &producer,
            &format!("/api/v1/batches/{b1_id}/labels?from=1&limit=10"),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(page["labels"].as_array().unwrap().len(), 10);
    assert_eq!(page["next_from"], 11);
    let (_, last) = app
        .get(
            &producer,
            &format!("/api/v1/batches/{b1_id}/labels?from=995"),
        )
        .await;
    assert_eq!(last["labels"].as_array().unwrap().len(), 6);
    assert!(last.get("next_from").is_none());

    let u1 = app.label(&producer, b1_id, 1).await;
    let u2 = app.label(&producer, b1_id, 2).await;
    let u1000 = app.label(&producer, b1_id, 1000).await;
    let p1 = app.label(&producer, b2_id, 1).await;
    assert!(u1.starts_with(&format!(
        "{}/01/08930000000019/10/CK2611-01/21/1?v=1&k=",
        app.base
    )));
    assert!(
        p1.starts_with(&format!("{}/l/{b2_id}/1?v=1&k=", app.base)),
        "{p1}"
    );

    // Genuine, with the facts a shopper needs.
    let v = app.verdict(&u1).await;
    assert_eq!(v["code"], "genuine", "{v}");
    assert_eq!(v["severity"], "ok");
    assert_eq!(v["product"]["name"], "Kẹo dừa sáp");
    assert_eq!(v["subject"]["kind"], "cooperative");
    assert_eq!(v["batch"]["origin"]["region"], "Vùng dừa sáp Cầu Kè");
    assert_eq!(v["certificate"]["status"], "active");
    assert!(v["message"]["vi"].as_str().unwrap().contains("chính hãng"));
    assert_eq!(app.code(&u1000).await, "genuine");
    assert_eq!(app.code(&p1).await, "genuine");

    // A browser gets a page, Vietnamese first, English on request.
    let html = app
        .client
        .get(&u1)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sản phẩm chính hãng") && html.contains("Kẹo dừa sáp"));
    let html_en = app
        .client
        .get(format!("{u1}&lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html_en.contains("Genuine product"));

    // Forgeries.
    let moved_serial = with_serial(&u1, 1, 2);
    assert_ne!(moved_serial, u1);
    assert_eq!(app.code(&moved_serial).await, "bad_signature");
    let moved_batch = p1.replace(sig_of(&p1), sig_of(&u1));
    assert_eq!(app.code(&moved_batch).await, "bad_signature");
    let claims_raised = u2.replace("&c=3-", "&c=5-");
    assert_eq!(app.code(&claims_raised).await, "bad_signature");
    assert_eq!(
        app.code(&with_serial(&u1, 1, 1001)).await,
        "serial_out_of_range"
    );
    assert_eq!(
        app.code(&u1.replace("CK2611-01", "CK2611-99")).await,
        "unknown_batch"
    );
    assert_eq!(app.code(&u1.replace("&k=", "&k=zz")).await, "unknown_key");
    assert_eq!(app.code(&u1.replace("v=1", "v=7")).await, "malformed");
    assert_eq!(
        app.code(&format!("{}/l/abc/1?v=1", app.base)).await,
        "malformed"
    );

    // Time passes: expiring within 30 days, then expired; the unit itself expires too.
    app.clock.set_today(day("2027-01-20"));
    assert_eq!(app.code(&u1).await, "genuine");
    app.clock.set_today(day("2027-02-15"));
    assert_eq!(app.code(&p1).await, "product_expired");
    app.clock.set_today(day("2028-08-10"));
    assert_eq!(app.code(&u1).await, "certificate_expiring");
    app.clock.set_today(day("2028-09-01"));
    assert_eq!(app.code(&u1).await, "certificate_expired");
    // A batch cannot be issued under the lapsed certificate.
    let (s, e) = app
        .post(
            &producer,
            "/api/v1/batches",
            &TestApp::batch_body(gtin_product, "LATE-1", 10, "2030-06-01"),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("certificate_not_active")
        )
    );
    app.clock.reset();

    // Recall by the producer; another producer may not recall it.
    let other = app
        .subject("Hộ kinh doanh Bảy Lợi", "household_business")
        .await;
    let other_token = app.producer_token(other).await;
    let (s, _) = app
        .post(
            &other_token,
            &format!("/api/v1/batches/{b2_id}/recall"),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .post(
            &producer,
            &format!("/api/v1/batches/{b2_id}/recall"),
            &json!({"reason": "Nhiễm khuẩn"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let v = app.verdict(&p1).await;
    assert_eq!(v["code"], "batch_recalled");
    assert_eq!(v["recall"]["reason"], "Nhiễm khuẩn");

    // Offline check with the published JWKS.
    let jwks = app
        .client
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let jwks_path = tmp.path().join("jwks.json");
    std::fs::write(&jwks_path, &jwks).unwrap();
    let (ok, out) = crate::cli::offline_verify(&u1, &jwks_path);
    assert!(ok && out.contains("verdict:      genuine"), "{out}");
    let (ok, out) = crate::cli::offline_verify(&moved_serial, &jwks_path);
    assert!(!ok && out.contains("bad_signature"), "{out}");

    // Restart on the same directory: everything is still there and verifies the same.
    app.stop().await;
    let app = TestApp::spawn_in(tmp.path()).await;
    assert_eq!(app.code(&rebase(&u1, &app)).await, "genuine");
    assert_eq!(app.code(&rebase(&p1, &app)).await, "batch_recalled");
    assert_eq!(app.label(&producer, b1_id, 1).await, rebase(&u1, &app));

    // Revoke the certificate: genuine label, revoked stars.
    let cert_id = cert["id"].as_u64().unwrap();
    let (s, _) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{cert_id}/revoke"),
            &json!({"reason": "Không đạt đánh giá lại"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.code(&rebase(&u1, &app)).await, "certificate_revoked");

    // Rotate and revoke the signing key: its labels fail with key_revoked.
    app.stop().await;
    let keys = KeyStore::new(tmp.path().join("keys"));
    let old = keys.records().unwrap()[0].kid.clone();
    keys.rotate(chrono::Utc::now()).unwrap();
    keys.revoke(&old, chrono::Utc::now()).unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    assert_eq!(app.code(&rebase(&u1000, &app)).await, "key_revoked");
    let (_, jwks) = app.get(ADMIN, "/.well-known/jwks.json").await;
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    assert_eq!(jwks["keys"][0]["status"], "revoked");
    app.stop().await;
}

#[tokio::test]
async fn health_metrics_and_openapi_are_served() {
    let (app, _tmp) = TestApp::spawn().await;
    let (s, h) = app.get("", "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(h["status"], "ok");
    assert!(h["signing_kid"].is_string());
    let (s, doc) = app.get("", "/api/v1/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    assert!(doc["paths"]["/api/v1/batches"]["post"].is_object());
    let _ = app.code(&format!("{}/l/1/1?v=1", app.base)).await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("ocop_trace_verdicts_total{code=\"malformed\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains(
        "ocop_trace_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"
    ));
    assert!(metrics.contains("ocop_trace_http_request_duration_seconds_bucket"));
    app.stop().await;
}
