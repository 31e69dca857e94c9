//! Bad input: every refusal is a 4xx with a stable code, and nothing is stored.

use crate::helpers::{ADMIN, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn counts(app: &TestApp) -> (usize, usize, usize) {
    let len = |v: Value| v.as_array().map_or(0, Vec::len);
    let (_, s) = app.get(ADMIN, "/api/v1/subjects?limit=1000").await;
    let (_, p) = app.get(ADMIN, "/api/v1/products?limit=1000").await;
    let (_, b) = app.get(ADMIN, "/api/v1/batches?limit=1000").await;
    (len(s), len(p), len(b))
}

fn assert_error(status: StatusCode, body: &Value, want_status: StatusCode, want_code: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["code"], want_code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[tokio::test]
async fn bad_requests_get_stable_codes_and_change_nothing() {
    let (app, _tmp) = TestApp::spawn().await;
    let subject = app.subject("Công ty TNHH Thạch Dừa", "company").await;
    let product = app
        .product(subject, "Thạch dừa", Some("8930000000019"))
        .await;
    app.certificate(product, 4, "province", "2025-08-01").await;
    let producer = app.producer_token(subject).await;
    app.batch(&producer, product, "L1", 10, "2027-12-31").await;
    let before = counts(&app).await;
    assert_eq!(before, (1, 1, 1));

    // GTIN with a wrong check digit.
    let (s, b) = app
        .post(
            ADMIN,
            "/api/v1/products",
            &json!({"subject_id": subject, "name": "X", "group": "food", "gtin": "8930000000018"}),
        )
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_gtin");
    // Same GTIN twice.
    let (s, b) = app
        .post(
            ADMIN,
            "/api/v1/products",
            &json!({"subject_id": subject, "name": "X", "group": "food", "gtin": "08930000000019"}),
        )
        .await;
    assert_error(s, &b, StatusCode::CONFLICT, "gtin_taken");
    // Unknown group and sub-group outside its group.
    let (s, b) = app
        .post(
            ADMIN,
            "/api/v1/products",
            &json!({"subject_id": subject, "name": "X", "group": "toys"}),
        )
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_group");
    // Lot with a character GS1 AI 10 forbids.
    let (s, b) = app
        .post(
            &producer,
            "/api/v1/batches",
            &TestApp::batch_body(product, "LÔ 1", 10, "2027-12-31"),
        )
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_lot");
    // Duplicate lot.
    let (s, b) = app
        .post(
            &producer,
            "/api/v1/batches",
            &TestApp::batch_body(product, "L1", 10, "2027-12-31"),
        )
        .await;
    assert_error(s, &b, StatusCode::CONFLICT, "lot_taken");
    // Quantity out of range, expiry before production.
    let (s, b) = app
        .post(
            &producer,
            "/api/v1/batches",
            &TestApp::batch_body(product, "L2", 10_000_001, "2027-12-31"),
        )
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_quantity");
    let (s, b) = app
        .post(
            &producer,
            "/api/v1/batches",
            &TestApp::batch_body(product, "L2", 10, "2026-10-01"),
        )
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_date");

    // 5★ granted by a province.
    let p5 = app.product(subject, "Nước mắm", None).await;
    let (s, b) = app
        .post(ADMIN, &format!("/api/v1/products/{p5}/certificates"),
            &json!({"star": 5, "decision_no": "1/QĐ-UBND", "decision_date": "2026-01-05", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_error(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "issuer_not_competent",
    );
    // A district after the 2025 reform, a score outside the band.
    let (s, b) = app
        .post(ADMIN, &format!("/api/v1/products/{p5}/certificates"),
            &json!({"star": 3, "decision_no": "1/QĐ-UBND", "decision_date": "2025-08-05", "issuing_body": "UBND huyện Cầu Kè", "level": "district"}))
        .await;
    assert_error(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "issuer_not_competent",
    );
    let (s, b) = app
        .post(ADMIN, &format!("/api/v1/products/{p5}/certificates"),
            &json!({"star": 3, "score": 75, "decision_no": "1/QĐ-UBND", "decision_date": "2025-08-05", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "score_out_of_band");
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{p5}/certificates"))
        .await;
    assert_eq!(certs, json!([]));

    // A batch for an expired certificate (district 3★ of 2020, valid until 2022).
    let old = app.product(subject, "Bánh tét", None).await;
    app.certificate(old, 3, "district", "2020-01-10").await;
    let (s, b) = app
        .post(
            &producer,
            "/api/v1/batches",
            &TestApp::batch_body(old, "BT1", 10, "2027-12-31"),
        )
        .await;
    assert_error(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certificate_not_active",
    );

    // A producer touching another subject's product and batch.
    let other = app
        .subject("Hộ kinh doanh Út Mười", "household_business")
        .await;
    let other_token = app.producer_token(other).await;
    let (s, b) = app
        .post(
            &other_token,
            "/api/v1/batches",
            &TestApp::batch_body(product, "L9", 10, "2027-12-31"),
        )
        .await;
    assert_error(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = app.get(&other_token, "/api/v1/batches/1").await;
    assert!(
        s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND,
        "{b}"
    );
    let (_, list) = app.get(&producer, "/api/v1/batches").await;
    let batch_id = list[0]["id"].as_u64().unwrap();
    let (s, b) = app
        .get(&other_token, &format!("/api/v1/batches/{batch_id}/labels"))
        .await;
    assert_error(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (_, own) = app.get(&other_token, "/api/v1/batches").await;
    assert_eq!(own, json!([]));
    // A producer may not register subjects; no token, a wrong token.
    let (s, b) = app.post(&producer, "/api/v1/subjects", &json!({})).await;
    assert_error(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let r = app
        .client
        .post(app.url("/api/v1/subjects"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let (s, b) = app.post("ocop_wrong", "/api/v1/subjects", &json!({})).await;
    assert_error(s, &b, StatusCode::UNAUTHORIZED, "unauthorized");

    // Label ranges beyond the batch.
    let (s, b) = app
        .get(
            &producer,
            &format!("/api/v1/batches/{batch_id}/labels?from=5&to=11"),
        )
        .await;
    assert_error(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_serial_range",
    );
    let (s, b) = app
        .get(
            &producer,
            &format!("/api/v1/batches/{batch_id}/labels?from=0"),
        )
        .await;
    assert_error(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_serial_range",
    );
    let (s, b) = app.get(&producer, "/api/v1/batches/abc").await;
    assert_error(s, &b, StatusCode::BAD_REQUEST, "invalid_path");

    // Oversized body, garbage JSON, wrong shapes.
    let big = json!({"name": "x".repeat(100_000), "kind": "company", "registration_no": "1", "address": {"province": "p"}});
    let (s, b) = app.post(ADMIN, "/api/v1/subjects", &big).await;
    assert_error(s, &b, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let r = app
        .client
        .post(app.url("/api/v1/subjects"))
        .bearer_auth(ADMIN)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    let s = r.status();
    assert_error(
        s,
        &r.json().await.unwrap(),
        StatusCode::BAD_REQUEST,
        "invalid_json",
    );
    let (s, b) = app
        .post(ADMIN, "/api/v1/subjects", &json!({"name": "A", "kind": "ngo", "registration_no": "1", "address": {"province": "p"}}))
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    let (s, b) = app
        .post(ADMIN, "/api/v1/subjects", &json!({"name": "  ", "kind": "company", "registration_no": "1", "address": {"province": "p"}}))
        .await;
    assert_error(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "invalid_text");
    let (s, b) = app.get("", "/nope").await;
    assert_error(s, &b, StatusCode::NOT_FOUND, "not_found");

    // Nothing above changed the store (beyond the subjects/products created on purpose).
    let after = counts(&app).await;
    assert_eq!(after, (2, 3, 1));
    app.stop().await;
}

#[tokio::test]
async fn names_are_stored_nfc() {
    let (app, _tmp) = TestApp::spawn().await;
    let decomposed = "Ma\u{0302}\u{0323}t hoa du\u{031B}\u{0300}a";
    let id = app.subject(decomposed, "cooperative_group").await;
    let (_, s) = app.get(ADMIN, &format!("/api/v1/subjects/{id}")).await;
    assert_eq!(s["name"], "Mật hoa dừa");
    app.stop().await;
}

#[tokio::test]
async fn certificates_are_superseded_not_overwritten() {
    let (app, _tmp) = TestApp::spawn().await;
    let subject = app.subject("HTX Nông nghiệp Tân Hòa", "cooperative").await;
    let product = app.product(subject, "Gạo hữu cơ", None).await;
    let first = app.certificate(product, 3, "district", "2024-03-01").await;
    let first_id = first["id"].as_u64().unwrap();
    // A second grant is refused while the first stands.
    let (s, b) = app
        .post(ADMIN, &format!("/api/v1/products/{product}/certificates"),
            &json!({"star": 4, "decision_no": "2/QĐ-UBND", "decision_date": "2025-09-01", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (StatusCode::CONFLICT, Some("certificate_exists"))
    );
    // Upgrade 3★ → 4★.
    let (s, up) = app
        .post(ADMIN, &format!("/api/v1/certificates/{first_id}/supersede"),
            &json!({"star": 4, "potential_5_star": true, "decision_no": "2/QĐ-UBND", "decision_date": "2025-09-01", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{up}");
    assert_eq!(up["supersedes"], first_id);
    let (_, history) = app
        .get(ADMIN, &format!("/api/v1/products/{product}/certificates"))
        .await;
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["superseded_by"], up["id"]);
    assert_eq!(history[0]["superseded_on"], "2025-09-01");
    // Superseding the same certificate twice is refused.
    let (s, b) = app
        .post(ADMIN, &format!("/api/v1/certificates/{first_id}/supersede"),
            &json!({"star": 4, "decision_no": "3/QĐ-UBND", "decision_date": "2025-10-01", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_superseded"))
    );
    // A new batch carries the 4★ claim.
    let token = app.producer_token(subject).await;
    let b = app.batch(&token, product, "G-2611", 5, "2027-11-30").await;
    assert_eq!(b["star"], 4);
    let url = app.label(&token, b["id"].as_u64().unwrap(), 5).await;
    assert!(url.contains("&c=4-280831&"), "{url}");
    // A revoked certificate is not replaced: the product gets a new grant instead.
    let up_id = up["id"].as_u64().unwrap();
    let (s, _) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{up_id}/revoke"),
            &json!({"reason": "Không đạt khi đánh giá lại"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = app
        .post(ADMIN, &format!("/api/v1/certificates/{up_id}/supersede"),
            &json!({"star": 3, "decision_no": "4/QĐ-UBND", "decision_date": "2025-11-01", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (StatusCode::CONFLICT, Some("certificate_revoked")),
        "{b}"
    );
    app.stop().await;
}
