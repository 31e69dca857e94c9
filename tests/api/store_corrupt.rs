//! A stored record that no longer decodes is the operator's problem (500, cause in the server
//! log), never a conflict the client is told about.

use crate::helpers::{ADMIN, TestApp};
use ocop_trace::store::relations::CERTIFICATES as T_CERTS;
use ocop_trace::store::{SledStore, Store};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revoking_a_damaged_certificate_is_a_500_not_a_409() {
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    let subject = app.subject("HTX Dừa sáp Cầu Kè", "cooperative").await;
    let p = app.product(subject, "Mật hoa dừa sáp", None).await;
    let cert = app.certificate(p, 4, "province", "2025-08-01").await;
    let id = cert["id"].as_u64().unwrap();
    app.stop().await;
    if crate::helpers::on_postgres() {
        crate::helpers::plant_pg(
            tmp.path(),
            "certificates",
            "rec",
            "id",
            id,
            b"{\"id\": \"half-written",
        );
    } else {
        // The server's last blocking tasks may still hold the store for a moment.
        let mut opened = SledStore::open(&tmp.path().join("data"));
        for _ in 0..50 {
            if opened.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            opened = SledStore::open(&tmp.path().join("data"));
        }
        let store = opened.unwrap();
        store
            .put_record(T_CERTS, &id.to_be_bytes(), b"{\"id\": \"half-written")
            .unwrap();
        store.flush().unwrap();
    }
    let app = TestApp::spawn_in(tmp.path()).await;
    let (s, v) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{id}/revoke"),
            &json!({"reason": "Không đạt đánh giá lại"}),
        )
        .await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{v}");
    assert_eq!(v["code"], "internal", "{v}");
    app.stop().await;
}
