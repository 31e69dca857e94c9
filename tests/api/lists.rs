//! API lists: filters that really filter, paging through a filter, and unknown query
//! parameters refused with their name instead of silently ignored.

use crate::helpers::{ADMIN, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn ids(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x["id"].as_u64()).collect())
        .unwrap_or_default()
}

async fn list(app: &TestApp, token: &str, path: &str) -> Vec<u64> {
    let (s, v) = app.get(token, path).await;
    assert_eq!(s, StatusCode::OK, "{path}: {v}");
    ids(&v)
}

#[tokio::test]
async fn lists_filter_by_gtin_subject_star_status_and_place() {
    let (app, _tmp) = TestApp::spawn().await;
    let tra_vinh = app.subject("Công ty TNHH Thạch Dừa", "company").await;
    let (s, v) = app
        .post(
            ADMIN,
            "/api/v1/subjects",
            &json!({"name": "Hộ kinh doanh Bà Tư", "kind": "household_business",
                    "registration_no": "HKD-2",
                    "address": {"province": "Vĩnh Long", "commune": "phường Phước Hậu"},
                    "contact": {"phone": "0270 3822 111"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let vinh_long = v["id"].as_u64().unwrap_or_default();
    let jelly = app
        .product(tra_vinh, "Thạch dừa", Some("8930000000019"))
        .await;
    let candy = app
        .product(vinh_long, "Kẹo dừa", Some("8930000000026"))
        .await;
    let bare = app.product(vinh_long, "Bánh tét", None).await;
    app.certificate(jelly, 4, "province", "2025-08-01").await;
    app.certificate(candy, 3, "province", "2025-08-01").await;

    let products = |q: &str| format!("/api/v1/products?{q}");
    assert_eq!(
        list(&app, ADMIN, &products("gtin=8930000000019")).await,
        [jelly]
    );
    // The same GTIN written as GTIN-14 is the same product.
    assert_eq!(
        list(&app, ADMIN, &products("gtin=08930000000026")).await,
        [candy]
    );
    assert_eq!(
        list(&app, ADMIN, &products(&format!("subject={vinh_long}"))).await,
        [candy, bare]
    );
    assert_eq!(list(&app, ADMIN, &products("star=4")).await, [jelly]);
    assert_eq!(
        list(&app, ADMIN, &products("star=5")).await,
        Vec::<u64>::new()
    );
    assert_eq!(
        list(&app, ADMIN, &products("cert_status=active")).await,
        [jelly, candy]
    );
    // Place names match with any case, written composed or not.
    assert_eq!(
        list(
            &app,
            ADMIN,
            &products("commune=X%C3%83%20H%C3%92A%20T%C3%82N")
        )
        .await,
        [jelly]
    );
    assert_eq!(
        list(&app, ADMIN, &products("province=V%C4%A9nh%20Long&star=3")).await,
        [candy]
    );
    // Paging through a filter: `after` is the last id seen.
    let first = list(&app, ADMIN, &products("subject=2&limit=1")).await;
    assert_eq!(first, [candy]);
    assert_eq!(
        list(
            &app,
            ADMIN,
            &products(&format!("subject=2&limit=1&after={candy}"))
        )
        .await,
        [bare]
    );

    let subjects = |q: &str| format!("/api/v1/subjects?{q}");
    assert_eq!(
        list(&app, ADMIN, &subjects("kind=household_business")).await,
        [vinh_long]
    );
    assert_eq!(
        list(&app, ADMIN, &subjects("province=tr%C3%A0%20vinh")).await,
        [tra_vinh]
    );
    assert_eq!(
        list(&app, ADMIN, &subjects("commune=Ph%C6%B0%E1%BB%9Bc")).await,
        Vec::<u64>::new()
    );

    let producer = app.producer_token(tra_vinh).await;
    let b1 = app.batch(&producer, jelly, "L1", 10, "2027-12-31").await["id"].as_u64();
    let b2 = app.batch(&producer, jelly, "L2", 10, "2027-12-31").await["id"].as_u64();
    let batches = |q: &str| format!("/api/v1/batches?{q}");
    let both: Vec<u64> = [b1, b2].into_iter().flatten().collect();
    assert_eq!(
        list(&app, ADMIN, &batches(&format!("product={jelly}"))).await,
        both
    );
    assert_eq!(
        list(&app, ADMIN, &batches("gtin=8930000000019&star=4")).await,
        both
    );
    assert_eq!(
        list(&app, ADMIN, &batches(&format!("product={candy}"))).await,
        Vec::<u64>::new()
    );
    // A producer asking for someone else's batches sees none, not an error.
    assert_eq!(
        list(&app, &producer, &batches(&format!("subject={vinh_long}"))).await,
        Vec::<u64>::new()
    );
}

#[tokio::test]
async fn bad_filters_and_unknown_parameters_are_refused_by_name() {
    let (app, _tmp) = TestApp::spawn().await;
    for path in [
        "/api/v1/products?gtn=8930000000019",
        "/api/v1/subjects?commune=x&town=y",
        "/api/v1/batches?lot=L1",
        "/api/v1/reports?page=2",
    ] {
        let (s, v) = app.get(ADMIN, path).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{path}: {v}");
        assert_eq!(v["code"], "unknown_parameter", "{path}: {v}");
        let name = path
            .rsplit('&')
            .next()
            .and_then(|p| p.split(['?', '=']).rev().nth(1));
        let message = v["message"].as_str().unwrap_or_default();
        assert!(
            name.is_some_and(|n| message.contains(n)),
            "{path}: {message}"
        );
    }
    let (s, v) = app.get(ADMIN, "/api/v1/products?gtin=8930000000018").await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_gtin")),
        "{v}"
    );
    let (s, v) = app.get(ADMIN, "/api/v1/products?star=2").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (s, v) = app.get(ADMIN, "/api/v1/products?cert_status=shiny").await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_query")),
        "{v}"
    );
    // Pages for people ignore what they do not know (a shared link with tracking tags).
    let page = reqwest::get(app.url("/catalogue?utm_source=zalo")).await;
    assert_eq!(page.map(|r| r.status()).ok(), Some(StatusCode::OK));
}
