//! The public face of issue #14 beyond the verdict states: the batch's journey on the verdict
//! page (public facts only), a report's phone number and reference, the office logo on every
//! page from this origin, the resolver's recall banner, and the dashboard by today's units.

use crate::helpers::ADMIN;
use crate::pages::{browse, shop};
use reqwest::StatusCode;
use serde_json::{Value, json};

#[tokio::test]
async fn the_verdict_page_shows_the_journey_stars_and_certificate_but_no_private_notes() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let body = json!({"type": "packing", "time": "2026-11-01T20:00:00Z",
        "place": {"province": "Vĩnh Long", "district": "Châu Thành", "commune": "Phường Long Châu"},
        "customer": {"name": "Đại lý Bí Mật"}, "notes": "ghi chú nội bộ"});
    let (s, v) = app
        .post(
            &t.token,
            &format!("/api/v1/batches/{}/events", t.batch),
            &body,
        )
        .await;
    assert!(s.is_success(), "{v}");
    let (_, _, html) = browse(app, &t.urls[0], "vi", "203.0.113.5").await;
    assert!(html.contains("data-journey"), "{html}");
    // 20:00 UTC on 1 Nov is 2 Nov in Vietnam.
    assert!(
        html.contains("02/11/2026") && html.contains("Đóng gói"),
        "{html}"
    );
    assert!(html.contains("Phường Long Châu, Vĩnh Long"), "{html}");
    for private in ["Đại lý Bí Mật", "ghi chú nội bộ", "Châu Thành, "] {
        assert!(!html.contains(private), "{private}");
    }
    assert!(
        html.contains("★★★★<span class=\"empty\">☆</span>"),
        "{html}"
    );
    assert!(html.contains("4 sao OCOP"), "the stars in words");
    let (_, _, en) = browse(app, &t.urls[0], "en", "203.0.113.5").await;
    assert!(en.contains("4 OCOP stars") && en.contains("Packed"), "{en}");
    // A forged label shows no journey.
    let forged = t.urls[0].replace("/21/1?", "/21/99?");
    let (_, _, bad) = browse(app, &forged, "vi", "203.0.113.5").await;
    assert!(!bad.contains("data-journey"));
    t.app.stop().await;
}

async fn report(
    app: &crate::helpers::TestApp,
    accept: &str,
    lang: &str,
    phone: &str,
) -> (StatusCode, String) {
    let r = app
        .client
        .post(app.url(&format!("/report?lang={lang}")))
        .header("Accept", accept)
        .header("X-Forwarded-For", "203.0.113.44")
        .form(&[("text", "Tem bị bóc dán lại"), ("phone", phone)])
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_report_keeps_an_optional_phone_and_answers_its_reference() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let (s, html) = report(app, "text/html", "vi", "0912 345 678").await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, list) = app.get(ADMIN, "/api/v1/reports").await;
    let stored = list.as_array().unwrap().last().unwrap().clone();
    let reference = format!("BC-{:06}", stored["id"].as_u64().unwrap());
    assert!(
        html.contains(&format!("Mã phản ánh của bạn là {reference}")),
        "{html}"
    );
    assert_eq!(stored["phone"], "0912 345 678");
    let (s, en) = report(app, "text/html", "en", "").await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(en.contains("Your report number is BC-"), "{en}");
    let (_, list) = app.get(ADMIN, "/api/v1/reports").await;
    assert!(
        list.as_array()
            .unwrap()
            .last()
            .unwrap()
            .get("phone")
            .is_none()
    );
    let (s, json) = report(app, "application/json", "vi", "").await;
    assert_eq!(s, StatusCode::CREATED);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v["reference"].as_str().unwrap().starts_with("BC-"), "{v}");
    // A wrong number is refused with a page in the shopper's language, and nothing stored.
    let before = app
        .get(ADMIN, "/api/v1/reports")
        .await
        .1
        .as_array()
        .unwrap()
        .len();
    let (s, bad) = report(app, "text/html", "vi", "gọi tôi").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.contains("Số điện thoại chưa đúng"), "{bad}");
    let after = app
        .get(ADMIN, "/api/v1/reports")
        .await
        .1
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
    t.app.stop().await;
}

#[tokio::test]
async fn the_office_logo_is_served_from_this_origin_on_every_public_page() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let r = app
        .client
        .get(app.url("/assets/office-logo"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert!(r.text().await.unwrap().starts_with("<svg"));
    for path in [
        "/".to_owned(),
        "/dashboard".into(),
        "/catalogue".into(),
        format!("/catalogue/products/{}", t.product),
        "/01/08930000000019/10/MHD-2611".into(),
        "/verify/photo".into(),
        "/khong-co".into(),
    ] {
        let (_, _, html) = browse(app, &app.url(&path), "vi", "203.0.113.9").await;
        assert!(
            html.contains("<img src=\"/assets/office-logo\" alt=\"\"")
                && html.contains(
                    "<span class=\"office-name\">Văn phòng Điều phối OCOP tỉnh Vĩnh Long</span>"
                ),
            "{path}"
        );
        assert!(html.contains("<meta name=\"description\""), "{path}");
    }
    let (_, _, verdict) = browse(app, &t.urls[0], "en", "203.0.113.9").await;
    assert!(
        verdict.contains("<span class=\"office-name\">Vĩnh Long OCOP Coordination Office</span>")
    );
    t.app.stop().await;
}

#[tokio::test]
async fn a_recalled_lot_is_marked_on_its_resolver_page_in_one_language() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    app.post(
        &t.token,
        &format!("/api/v1/batches/{}/recall", t.batch),
        &json!({"reason": "Hàm lượng đường vượt ngưỡng công bố"}),
    )
    .await;
    let url = app.url("/01/08930000000019/10/MHD-2611");
    let (_, _, vi) = browse(app, &url, "vi", "203.0.113.10").await;
    assert!(
        vi.contains("data-recall") && vi.contains("Lô hàng đã bị thu hồi ngày 15/12/2026"),
        "{vi}"
    );
    assert!(vi.contains("4 sao OCOP"));
    let (_, _, en) = browse(app, &url, "en", "203.0.113.10").await;
    assert!(
        en.contains("This batch was recalled on 15 Dec 2026"),
        "{en}"
    );
    for vietnamese in ["Lô hàng", "Hạn sử dụng", "sao OCOP", "Giấy chứng nhận"] {
        assert!(!en.contains(vietnamese), "{vietnamese} on the English page");
    }
    t.app.stop().await;
}

#[tokio::test]
async fn the_dashboard_groups_products_by_commune_with_vietnamese_numbers() {
    let (demo, _tmp) = crate::helpers::TestApp::spawn_demo().await;
    let (_, v) = demo.get("", "/api/v1/dashboard/summary").await;
    let areas = v["by_area"].as_array().unwrap();
    assert!(!areas.is_empty(), "{v}");
    let (_, _, vi) = browse(&demo, &demo.url("/dashboard"), "vi", "203.0.113.11").await;
    assert!(vi.contains("theo xã, phường"), "{vi}");
    let first = areas[0]["vi"].as_str().unwrap();
    assert!(vi.contains(first), "{first}");
    // A figure with decimals has a decimal comma in Vietnamese, a point in English.
    let decimal = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["value"].as_f64())
        .find(|x| x.fract() != 0.0);
    if let Some(x) = decimal {
        let vi_text = format!("{:.1}", x).replace('.', ",");
        assert!(vi.contains(&vi_text), "{vi_text}");
        let (_, _, en) = browse(&demo, &demo.url("/dashboard?lang=en"), "en", "203.0.113.11").await;
        assert!(en.contains(&format!("{:.1}", x)), "{x}");
    }
    demo.stop().await;
}

/// The passport is read once per product and shared by its units: a change must still show
/// on the very next scan, of that unit and of any other.
#[tokio::test]
async fn a_passport_change_shows_on_the_next_scan() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let put = |story: &'static str| {
        let req = app
            .client
            .put(app.url(&format!("/api/v1/products/{}/content", t.product)))
            .bearer_auth(&t.token)
            .json(&json!({ "story": story }));
        async move { req.send().await.map(|r| r.status()).ok() }
    };
    assert_eq!(
        put("Mật hoa dừa nấu trên bếp củi.").await,
        Some(StatusCode::OK)
    );
    for url in &t.urls[..2] {
        let (_, _, html) = browse(app, url, "vi", "203.0.113.9").await;
        assert!(html.contains("nấu trên bếp củi"), "{html}");
    }
    assert_eq!(
        put("Mật hoa dừa cô đặc ở nhiệt độ thấp.").await,
        Some(StatusCode::OK)
    );
    for url in &t.urls[..3] {
        let (_, _, html) = browse(app, url, "vi", "203.0.113.9").await;
        assert!(
            html.contains("cô đặc ở nhiệt độ thấp") && !html.contains("bếp củi"),
            "{html}"
        );
    }
    t.app.stop().await;
}
