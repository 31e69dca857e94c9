//! Behaviour the document promises, where the server once did otherwise.

use crate::helpers::{ADMIN, TestApp};
use reqwest::StatusCode;
use serde_json::Value;

/// `?page=` far past the end (schemathesis sent 2^64 − 2) is an empty page, not an overflow
/// that dropped the connection.
#[tokio::test]
async fn a_catalogue_page_far_past_the_end_is_empty() {
    let (app, _tmp) = TestApp::spawn_demo().await;
    let q = "page=18446744073709551615&per_page=100";
    let (s, v) = app.get("", &format!("/api/v1/catalogue?{q}")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(v["entries"], Value::Array(Vec::new()));
    let r = app
        .client
        .get(app.url(&format!("/catalogue?{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

/// An empty optional query parameter, as an HTML form sends an empty field, is left out.
#[tokio::test]
async fn empty_optional_query_parameters_are_ignored() {
    let (app, _tmp) = TestApp::spawn_demo().await;
    for path in [
        "/api/v1/search/batches?gtin=&subject_id=&recalled=&issued_from=&q=",
        "/api/v1/batches?after=&limit=",
        "/api/v1/catalogue?star=&page=&channel=",
        "/api/v1/log/entries?start=&end=",
        "/api/v1/dashboard?as_of=",
    ] {
        let (s, v) = app.get(ADMIN, path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {v}");
    }
    let (s, v) = app.get(ADMIN, "/api/v1/search/batches?gtin=&lot=").await;
    let (_, all) = app.get(ADMIN, "/api/v1/search/batches").await;
    assert_eq!((s, v), (StatusCode::OK, all));
    // A required parameter given empty is missing, as the document says (minLength 1).
    let (s, v) = app.get("", "/api/v1/verify?url=").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    assert_eq!(v["code"], "invalid_query");
}

/// Form and upload routes refuse a wrong body with the API's JSON error, like every route.
#[tokio::test]
async fn form_and_upload_errors_are_json() {
    let (app, _tmp) = TestApp::spawn().await;
    for path in ["/report", "/l/1/1", "/verify/photo"] {
        let r = app
            .client
            .post(app.url(path))
            .json(&serde_json::json!({"pin": "12345678"}))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let v: Value = r.json().await.unwrap();
        assert!(
            status == StatusCode::UNSUPPORTED_MEDIA_TYPE || status == StatusCode::BAD_REQUEST,
            "{path}: {status}"
        );
        assert!(
            v["code"].is_string() && v["message"].is_string(),
            "{path}: {v}"
        );
    }
}
