//! PostgreSQL going away under a running server: a TCP proxy of the test's own stands between
//! the server and the database and cuts every connection. API requests then get 503
//! `store_unavailable`, people get a page in their language, nothing panics or hangs; when
//! the database is back the server recovers without a restart, and what was acknowledged
//! and the scans counted meanwhile are kept. Runs in the suite's PostgreSQL pass.

use crate::helpers::{ADMIN, TestApp, on_postgres, test_store};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// A proxy to the database that can be switched off: off, it aborts every open connection
/// and closes new ones at once (what a stopped server or a cut network looks like).
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    links: Arc<std::sync::Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(target: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let links: Arc<std::sync::Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let (up2, links2) = (up.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    continue;
                }
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                links2.lock().unwrap().push(link);
            }
        });
        Self { port, up, links }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

async fn new_subject(app: &TestApp) -> (StatusCode, Value) {
    app.post(
        ADMIN,
        "/api/v1/subjects",
        &json!({
            "name": "Hộ kinh doanh Chè Tân Cương", "kind": "household_business",
            "registration_no": "TN-0001",
            "address": {"province": "Thái Nguyên", "district": "TP Thái Nguyên", "commune": "xã Tân Cương"},
            "contact": {"phone": "0208 3855 001"}
        }),
    )
    .await
}

async fn scan_json(app: &TestApp, url: &str) -> (StatusCode, Value) {
    let r = app
        .client
        .get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    let s = r.status();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_going_away_is_a_503_and_the_server_recovers_on_its_own() {
    if !on_postgres() {
        return;
    }
    let proxy = Proxy::start("127.0.0.1:5432").await;
    let tmp = tempfile::tempdir().unwrap();
    let direct = test_store(tmp.path()).unwrap().to_string_unredacted();
    let via = direct.replacen(
        "@127.0.0.1:5432/",
        &format!("@127.0.0.1:{}/", proxy.port),
        1,
    );
    assert_ne!(via, direct, "the test store is on 127.0.0.1:5432");
    let app = TestApp::spawn_on(
        tmp.path(),
        ocop_trace::store::StoreUrl::parse(&via).unwrap(),
    )
    .await;

    let s = app.subject("Hợp tác xã Chè Tân Cương", "cooperative").await;
    let p = app.product(s, "Chè búp Tân Cương", None).await;
    app.certificate(p, 4, "province", "2025-09-01").await;
    let token = app.producer_token(s).await;
    let batch = app.batch(&token, p, "CHE-01", 10, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    let seen = app.label(&token, batch, 1).await;
    let unseen = app.label(&token, batch, 2).await;
    let (status, v) = scan_json(&app, &seen).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::OK, Some("genuine"))
    );

    proxy.cut();
    // A write through the API: 503 with the stable code, quickly (no hung worker).
    let started = Instant::now();
    let (status, v) = new_subject(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert_eq!(v["code"], "store_unavailable", "{v}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    // A shopper's first scan of a label the server never saw: a page in Vietnamese.
    let (status, html) = crate::helpers::html_page(&app, &unseen, "vi").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(html.contains("<html lang=\"vi\""), "{html}");
    assert!(
        html.contains("không có nghĩa là sản phẩm là hàng giả"),
        "{html}"
    );
    crate::screens::shoot_html("store-unavailable-vi", &app.base, &html).await;
    let (_, en) = crate::helpers::html_page(&app, &unseen, "en").await;
    assert!(en.contains("does not mean the product is fake"), "{en}");
    crate::screens::shoot_html("store-unavailable-en", &app.base, &en).await;
    // The label already checked still answers from memory, and its scan is counted.
    let (status, v) = scan_json(&app, &seen).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::OK, Some("genuine")),
        "{v}"
    );

    proxy.restore();
    let started = Instant::now();
    loop {
        let (status, v) = new_subject(&app).await;
        if status == StatusCode::CREATED {
            break;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{v}");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no recovery: {v}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Nothing acknowledged was lost, and the outage's scan reached the database: a second
    // instance (which has no buffer of its own) sees both earlier scans plus its own.
    let (status, _) = scan_json(&app, &unseen).await;
    assert_eq!(status, StatusCode::OK);
    let (_, b) = app.get(ADMIN, &format!("/api/v1/batches/{batch}")).await;
    assert_eq!(b["lot"], "CHE-01", "{b}");
    let other = TestApp::spawn_beside(tmp.path()).await;
    let started = Instant::now();
    loop {
        let (_, v) = scan_json(&other, &seen).await;
        if v["scans"]["count"].as_u64().unwrap_or(0) >= 3 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{v}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    other.stop().await;
    app.stop().await;
}
