//! A real server on 127.0.0.1:0 over a temp sled directory, and typed request helpers.

use ocop_trace::clock::Clock;
use ocop_trace::startup::{ServeConfig, prepare, run};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The bootstrap admin token every test server starts with.
pub const ADMIN: &str = "test-admin-token-0123456789";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Clock,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<JoinHandle<anyhow::Result<()>>>,
}

impl TestApp {
    /// Starts a server over a fresh temp dir (kept alive by the returned guard).
    pub async fn spawn() -> (Self, tempfile::TempDir) {
        let tmp = tempfile::tempdir().unwrap();
        let app = Self::spawn_in(tmp.path()).await;
        (app, tmp)
    }

    /// Starts a server with the sample portfolio of `fixtures/` loaded (`serve --demo`).
    pub async fn spawn_demo() -> (Self, tempfile::TempDir) {
        let tmp = tempfile::tempdir().unwrap();
        let app = Self::start(tmp.path(), true).await;
        (app, tmp)
    }

    /// Starts a server over `dir` (data in dir/data, keys in dir/keys).
    pub async fn spawn_in(dir: &Path) -> Self {
        Self::start(dir, false).await
    }

    /// Starts a server whose label URLs allow `per_minute` requests per network.
    pub async fn spawn_with_label_limit(per_minute: u32) -> (Self, tempfile::TempDir) {
        let tmp = tempfile::tempdir().unwrap();
        let app = Self::start_with(tmp.path(), false, per_minute).await;
        (app, tmp)
    }

    async fn start(dir: &Path, demo: bool) -> Self {
        // Load tests scan thousands of labels from 127.0.0.1: no practical label limit.
        Self::start_with(dir, demo, 1_000_000).await
    }

    /// Starts a server over `dir` whose office and inspector accounts must turn on
    /// two-step verification (`console_require_totp = true`).
    pub async fn spawn_requiring_totp_in(dir: &Path) -> Self {
        Self::start_cfg(dir, false, 1_000_000, true, None).await
    }

    async fn start_with(dir: &Path, demo: bool, label_scans_per_minute: u32) -> Self {
        Self::start_cfg(dir, demo, label_scans_per_minute, false, None).await
    }

    /// Starts a second instance beside the server over `first`: the same PostgreSQL
    /// database and key set, its own process state (caches, buffers, limits).
    pub async fn spawn_beside(first: &Path) -> Self {
        Self::start_cfg(first, false, 1_000_000, false, test_store(first)).await
    }

    /// Starts a server over `dir` whose store is `store` (e.g. reached through a proxy).
    pub async fn spawn_on(dir: &Path, store: ocop_trace::store::StoreUrl) -> Self {
        Self::start_cfg(dir, false, 1_000_000, false, Some(store)).await
    }

    async fn start_cfg(
        dir: &Path,
        demo: bool,
        label_scans_per_minute: u32,
        console_require_totp: bool,
        store: Option<ocop_trace::store::StoreUrl>,
    ) -> Self {
        let cfg = ServeConfig {
            listen: "127.0.0.1:0".into(),
            data_dir: dir.join("data"),
            store: store.or_else(|| test_store(dir)),
            keys_dir: dir.join("keys"),
            base_url: None,
            demo,
            admin_token: Some(ADMIN.into()),
            trust_forwarded: true,
            scan_policy: ocop_trace::service::ScanPolicy {
                max_sources: 3,
                max_pin_failures: 5,
                label_scans_per_minute,
                ..Default::default()
            },
            shutdown_grace: std::time::Duration::from_secs(5),
            office: test_office(),
            console_require_totp,
        };
        let prepared = prepare(&cfg).await.unwrap();
        let base = format!("http://{}", prepared.addr);
        let clock = prepared.app.clock.clone();
        let (tx, rx) = oneshot::channel();
        let handle = tokio::spawn(run(
            prepared,
            async {
                let _ = rx.await;
            },
            cfg.shutdown_grace,
        ));
        Self {
            base,
            client: reqwest::Client::new(),
            clock,
            stop: Some(tx),
            handle: Some(handle),
        }
    }

    /// Stops the server and waits until the store is closed.
    pub async fn stop(mut self) {
        drop(std::mem::take(&mut self.client));
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            h.await.unwrap().unwrap();
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post(&self, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        let r = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// The verdict of a label URL through `/api/v1/verify`, which does not count a scan
    /// (so repeated checks in a test never look like a cloned label).
    pub async fn verdict(&self, label_url: &str) -> Value {
        let r = self
            .client
            .get(self.url("/api/v1/verify"))
            .query(&[("url", label_url)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{label_url}");
        r.json().await.unwrap()
    }

    /// The verdict code of a label URL.
    pub async fn code(&self, label_url: &str) -> String {
        self.verdict(label_url).await["code"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn subject(&self, name: &str, kind: &str) -> u64 {
        let (s, v) = self
            .post(
                ADMIN,
                "/api/v1/subjects",
                &json!({
                    "name": name, "kind": kind, "registration_no": "SAMPLE-1",
                    "address": {"province": "Trà Vinh", "district": "Cầu Kè", "commune": "xã Hòa Tân"},
                    "contact": {"phone": "0294 3555 001"}
                }),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["id"].as_u64().unwrap()
    }

    pub async fn product(&self, subject: u64, name: &str, gtin: Option<&str>) -> u64 {
        let (s, v) = self
            .post(
                ADMIN,
                "/api/v1/products",
                &json!({"subject_id": subject, "name": name, "group": "food", "subgroup": "1.3", "gtin": gtin}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["id"].as_u64().unwrap()
    }

    /// Grants a certificate; `decision_date` decides competence and validity.
    pub async fn certificate(&self, product: u64, star: u8, level: &str, date: &str) -> Value {
        let (s, v) = self
            .post(
                ADMIN,
                &format!("/api/v1/products/{product}/certificates"),
                &json!({"star": star, "decision_no": "1306/QĐ-UBND", "decision_date": date,
                        "issuing_body": "UBND tỉnh Vĩnh Long", "level": level}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v
    }

    pub async fn producer_token(&self, subject: u64) -> String {
        let (s, v) = self
            .post(
                ADMIN,
                "/api/v1/tokens",
                &json!({"role": "producer", "subject_id": subject}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v["token"].as_str().unwrap().to_owned()
    }

    pub fn batch_body(product: u64, lot: &str, qty: u32, expiry: &str) -> Value {
        json!({
            "product_id": product, "lot": lot, "production_date": "2026-11-01",
            "expiry_date": expiry, "quantity": qty,
            "origin": {"region": "Vùng dừa sáp Cầu Kè", "province": "Trà Vinh", "district": "Cầu Kè"}
        })
    }

    /// Issues a batch and returns it.
    pub async fn batch(
        &self,
        token: &str,
        product: u64,
        lot: &str,
        qty: u32,
        expiry: &str,
    ) -> Value {
        let (s, v) = self
            .post(
                token,
                "/api/v1/batches",
                &Self::batch_body(product, lot, qty, expiry),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v
    }

    /// The label URL of one serial.
    pub async fn label(&self, token: &str, batch: u64, serial: u32) -> String {
        let (s, v) = self
            .get(
                token,
                &format!("/api/v1/batches/{batch}/labels?from={serial}&limit=1"),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["labels"][0]["url"].as_str().unwrap().to_owned()
    }
}

/// A date string.
/// True when this run of the suite serves from PostgreSQL (`OCOP_TRACE_TEST_ENGINE=postgres`,
/// with `OCOP_TRACE_TEST_PG` naming the server): the same tests, the other engine.
pub fn on_postgres() -> bool {
    std::env::var("OCOP_TRACE_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// The environment a CLI run over the test store of `dir` needs: on PostgreSQL the
/// database's address in `OCOP_TRACE_STORE` (which `--data-dir` then gives way to).
pub fn store_env(dir: &Path) -> Vec<(&'static str, String)> {
    test_store(dir)
        .map(|u| vec![("OCOP_TRACE_STORE", u.to_string_unredacted())])
        .unwrap_or_default()
}

/// The store a test server over `dir` uses: sled in `dir/data`, or on PostgreSQL a database
/// of its own, the same one each time a test restarts a server over the same `dir`. The
/// databases live until the run ends (`scripts/test` drops what an earlier run left).
pub fn test_store(dir: &Path) -> Option<ocop_trace::store::StoreUrl> {
    use ocop_trace::store::testing::TempDatabase;
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static DATABASES: OnceLock<Mutex<HashMap<std::path::PathBuf, TempDatabase>>> = OnceLock::new();
    if !on_postgres() {
        return None;
    }
    let mut dbs = DATABASES.get_or_init(Mutex::default).lock().unwrap();
    let db = dbs.entry(dir.to_owned()).or_insert_with(|| {
        TempDatabase::create()
            .unwrap()
            .expect("OCOP_TRACE_TEST_PG names the PostgreSQL server of this run")
    });
    ocop_trace::store::StoreUrl::parse(&format!("{}?issuer=VN-TEST", db.url())).ok()
}

/// Where a restore for a test server over `dir` goes: the store `spawn_in(dir)` serves.
pub fn restore_target(dir: &Path) -> ocop_trace::store::StoreUrl {
    test_store(dir).unwrap_or_else(|| ocop_trace::store::StoreUrl::Sled(dir.join("data")))
}

pub fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A sample shop on `app`: a cooperative, a 4★ product with a GTIN, a producer token and a
/// batch of 20 units (with scratch-off PINs when `pins`), with the 20 label URLs.
pub async fn sample_shop(app: &TestApp, pins: bool) -> (String, u64, u64, Vec<String>) {
    let s = app
        .subject("Hợp tác xã Mật Hoa Dừa Châu Thành", "cooperative")
        .await;
    let product = app.product(s, "Mật hoa dừa", Some("8930000000019")).await;
    app.certificate(product, 4, "province", "2025-09-01").await;
    let token = app.producer_token(s).await;
    let mut body = TestApp::batch_body(product, "MHD-2611", 20, "2027-06-30");
    body["scratch_pin"] = json!(pins);
    let (st, b) = app.post(&token, "/api/v1/batches", &body).await;
    assert_eq!(st, StatusCode::CREATED, "{b}");
    let batch = b["id"].as_u64().unwrap();
    let (_, page) = app
        .get(&token, &format!("/api/v1/batches/{batch}/labels?limit=20"))
        .await;
    let urls = page["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap().to_owned())
        .collect();
    (token, batch, product, urls)
}

/// The office the test servers name on their pages (not the demo default, so that tests see
/// the configured one arrive).
pub fn test_office() -> ocop_trace::ops::Office {
    ocop_trace::ops::Office {
        name: "Văn phòng Điều phối OCOP tỉnh Vĩnh Long".into(),
        name_en: Some("Vĩnh Long OCOP Coordination Office".into()),
        hotline: "0270 3822 123".into(),
        address: "88 đường 2/9, phường Long Châu, tỉnh Vĩnh Long".into(),
        logo: ocop_trace::ops::office::Logo::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/api/office-logo.svg"
        )))
        .ok(),
    }
}

/// A page as a person's browser asks for it (HTML, in `lang`): status and body.
pub async fn html_page(app: &TestApp, url: &str, lang: &str) -> (StatusCode, String) {
    let r = app
        .client
        .get(url)
        .header("Accept", "text/html")
        .header("Accept-Language", lang)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The scratch-off PIN of one unit, from the producer's CSV output (the only place a PIN
/// leaves the server).
pub async fn pin_of(app: &TestApp, token: &str, batch: u64, serial: u32) -> String {
    let csv = app
        .client
        .get(app.url(&format!(
            "/api/v1/batches/{batch}/labels?format=csv&from={serial}&to={serial}"
        )))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    csv.lines()
        .nth(1)
        .unwrap()
        .rsplit(',')
        .next()
        .unwrap()
        .to_owned()
}

/// `psql` on `url` running `args`; its output, or the failure with stderr.
pub fn psql(url: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new("psql")
        .arg(url)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "|"])
        .args(args)
        .output()
        .map_err(|e| format!("psql cannot run: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Overwrites `table.column` of the row whose `key` column is `id` in the PostgreSQL test
/// store over `dir`: damage the API can never produce, for the doctor and log checks.
pub fn plant_pg(dir: &Path, table: &str, column: &str, key: &str, id: u64, bytes: &[u8]) {
    let url = test_store(dir).expect("a PostgreSQL test store");
    let (conn, issuer) = ocop_trace::store::postgres::split_issuer(&url.to_string_unredacted());
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let sql = format!(
        "UPDATE {table} SET {column} = '\\x{hex}' WHERE issuer = '{issuer}' AND {key} = {id}"
    );
    assert_eq!(psql(&conn, &["-c", &sql]), Ok(String::new()), "{sql}");
}
