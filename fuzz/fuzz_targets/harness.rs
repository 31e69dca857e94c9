//! A real router over a temp sled store, built once per fuzzing process, and a helper that
//! sends one request through it. A 5xx answer to client input is treated as a bug.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ocop_trace::startup::{ServeConfig, prepare};
use std::sync::OnceLock;
use tower::ServiceExt;

pub const ADMIN: &str = "fuzz-admin-token-0123456789";

pub struct Harness {
    pub rt: tokio::runtime::Runtime,
    pub router: axum::Router,
    pub label: String,
    _dir: tempfile::TempDir,
}

/// The shared router, with one subject, product, certificate and batch to aim at.
pub fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let cfg = ServeConfig {
            listen: "127.0.0.1:0".into(),
            data_dir: dir.path().join("data"),
            keys_dir: dir.path().join("keys"),
            base_url: Some("https://truyxuat.example.vn".into()),
            demo: false,
            admin_token: Some(ADMIN.into()),
            trust_forwarded: false,
            scan_policy: ocop_trace::service::ScanPolicy::default(),
            shutdown_grace: std::time::Duration::from_secs(1),
        };
        let prepared = rt.block_on(prepare(&cfg)).unwrap();
        let router = ocop_trace::http::build_router(prepared.app);
        let mut h = Harness { rt, router, label: String::new(), _dir: dir };
        let post = |h: &Harness, path: &str, body: &str| {
            let (s, b) = h.send("POST", path, body.as_bytes().to_vec(), "application/json");
            assert!(s.is_success(), "{path}: {s} {}", String::from_utf8_lossy(&b));
            String::from_utf8(b).unwrap()
        };
        post(&h, "/api/v1/subjects", r#"{"name":"HTX Dừa","kind":"cooperative","registration_no":"S-1","address":{"province":"Trà Vinh","district":"Cầu Kè","commune":"Hòa Tân"}}"#);
        post(&h, "/api/v1/products", r#"{"subject_id":1,"name":"Mật hoa dừa","group":"food","subgroup":"1.3","gtin":"8936000000011"}"#);
        post(&h, "/api/v1/products/2/certificates", r#"{"star":4,"decision_no":"1/QĐ","decision_date":"2025-08-01","issuing_body":"UBND tỉnh","level":"province"}"#);
        post(&h, "/api/v1/batches", r#"{"product_id":2,"lot":"L1","production_date":"2026-11-01","expiry_date":"2027-11-01","quantity":100,"origin":{"region":"Cầu Kè","province":"Trà Vinh"}}"#);
        let (_, page) = h.send("GET", "/api/v1/batches/4/labels?from=1&limit=1", Vec::new(), "");
        let page = String::from_utf8(page).unwrap();
        let start = page.find("https://").unwrap();
        let end = start + page[start..].find('"').unwrap();
        h.label = page[start..end].to_owned();
        h
    })
}

impl Harness {
    /// Sends one request as the admin; returns status and body.
    pub fn send(&self, method: &str, uri: &str, body: Vec<u8>, content_type: &str) -> (StatusCode, Vec<u8>) {
        let Ok(req) = Request::builder()
            .method(method)
            .uri(uri)
            .header("authorization", format!("Bearer {ADMIN}"))
            .header("content-type", content_type)
            .header("user-agent", "Mozilla/5.0 (Linux; Android 14) Mobile")
            .body(Body::from(body))
        else {
            return (StatusCode::BAD_REQUEST, Vec::new());
        };
        self.rt.block_on(async {
            let resp = self.router.clone().oneshot(req).await.unwrap();
            let status = resp.status();
            let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
                .await
                .map(|b| b.to_vec())
                .unwrap_or_default();
            (status, bytes)
        })
    }

    /// Sends and fails on any 5xx.
    pub fn send_ok(&self, method: &str, uri: &str, body: Vec<u8>, content_type: &str) {
        let (s, b) = self.send(method, uri, body, content_type);
        assert!(
            !s.is_server_error(),
            "{method} {uri}: {s} {}",
            String::from_utf8_lossy(&b)
        );
    }
}
