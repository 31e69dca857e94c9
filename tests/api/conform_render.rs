//! Label sizes over HTTP: refusals advise a size that is then served, ECC Q is refused where
//! its modules get too small for phones, and nothing refused is recorded as a print run.

use crate::helpers::{ADMIN, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

struct Batch {
    app: TestApp,
    _tmp: tempfile::TempDir,
    producer: String,
    id: u64,
}

async fn batch() -> Batch {
    let (app, tmp) = TestApp::spawn().await;
    let s = app.subject("Hợp tác xã Dừa Sáp", "cooperative").await;
    let p = app.product(s, "Kẹo dừa sáp", Some("8930000000019")).await;
    app.certificate(p, 4, "province", "2025-09-01").await;
    let producer = app.producer_token(s).await;
    let b = app
        .batch(&producer, p, "ABCDEFGHIJ0123456789", 1000, "2029-01-01")
        .await;
    Batch {
        id: b["id"].as_u64().unwrap(),
        app,
        _tmp: tmp,
        producer,
    }
}

async fn get(b: &Batch, query: &str) -> (StatusCode, Vec<u8>) {
    let r = b
        .app
        .client
        .get(
            b.app
                .url(&format!("/api/v1/batches/{}/labels{query}", b.id)),
        )
        .bearer_auth(&b.producer)
        .send()
        .await
        .unwrap();
    (r.status(), r.bytes().await.unwrap().to_vec())
}

async fn print_runs(b: &Batch) -> usize {
    let (_, runs) = b
        .app
        .get(ADMIN, &format!("/api/v1/batches/{}/print-runs", b.id))
        .await;
    runs.as_array().unwrap().len()
}

/// The `W × H` of "a label of at least W × H mm" in an error message.
fn advised(message: &str) -> (f32, f32) {
    let size = message
        .split_once("a label of at least ")
        .and_then(|(_, rest)| rest.split_once(" mm"))
        .map(|(size, _)| size)
        .unwrap_or_else(|| panic!("no advised size in {message:?}"));
    let (w, h) = size.split_once(" × ").unwrap();
    (w.parse().unwrap(), h.parse().unwrap())
}

fn error(body: &[u8]) -> (String, String) {
    let v: Value = serde_json::from_slice(body).unwrap();
    (
        v["code"].as_str().unwrap().to_owned(),
        v["message"].as_str().unwrap().to_owned(),
    )
}

/// The `pHYs` pixels per metre of a PNG.
fn phys(png: &[u8]) -> u32 {
    let at = png.windows(4).position(|w| w == b"pHYs").unwrap();
    u32::from_be_bytes(png[at + 4..at + 8].try_into().unwrap())
}

#[tokio::test]
async fn refused_sizes_advise_one_that_is_served() {
    let b = batch().await;
    for (w, h, dpi) in [
        (30.0, 20.0, 300),
        (30.0, 21.7, 300),
        (30.0, 30.0, 300),
        (50.0, 30.0, 100),
    ] {
        let before = print_runs(&b).await;
        let q = format!("/1?format=png&width_mm={w}&height_mm={h}&dpi={dpi}");
        let (status, body) = get(&b, &q).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        let (code, message) = error(&body);
        assert_eq!(code, "label_too_small", "{message}");
        assert_eq!(
            print_runs(&b).await,
            before,
            "a refused label was recorded: {q}"
        );
        let (aw, ah) = advised(&message);
        let q = format!("/1?format=png&width_mm={aw}&height_mm={ah}&dpi={dpi}");
        let (status, png) = get(&b, &q).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{message} → {q}: {}",
            String::from_utf8_lossy(&png)
        );
        assert_eq!(phys(&png), ocop_trace::render::pixels_per_metre(dpi));
        let svg = format!("/1?format=svg&width_mm={aw}&height_mm={ah}");
        assert_eq!(get(&b, &svg).await.0, StatusCode::OK, "{svg}");
    }
    b.app.stop().await;
}

#[tokio::test]
async fn ecc_q_is_refused_where_its_modules_get_too_small() {
    let b = batch().await;
    let before = print_runs(&b).await;
    for q in [
        "/1?format=png&ecc=Q",
        "/1?format=svg&ecc=Q",
        "?format=pdf&ecc=Q&from=1&to=3",
    ] {
        let (status, body) = get(&b, q).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}");
        let (code, message) = error(&body);
        assert_eq!(code, "ecc_q_too_small", "{q}: {message}");
        assert!(message.contains("use ECC M"), "{message}");
    }
    assert_eq!(print_runs(&b).await, before);
    // The same labels at ECC M are served, and ECC Q is served on the size it advises.
    assert_eq!(get(&b, "/1?format=png").await.0, StatusCode::OK);
    let (_, body) = get(&b, "/1?format=png&ecc=Q").await;
    let (w, h) = advised(&error(&body).1);
    let q = format!("/1?format=png&ecc=Q&width_mm={w}&height_mm={h}");
    assert_eq!(get(&b, &q).await.0, StatusCode::OK, "{q}");
    b.app.stop().await;
}
