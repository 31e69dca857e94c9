//! Crash safety: the real binary is SIGKILLed at random moments while it issues batches,
//! produces print runs and counts scans, then checked with `doctor` and restarted on the same
//! directory. `OCOP_CRASH_KILLS` sets the number of kills (20 here; `scripts/crash-loop.sh`
//! runs 500).

use crate::cli::bin;
use crate::helpers::ADMIN;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A server process and its address.
pub struct Proc {
    pub child: Child,
    pub base: String,
}

/// Starts `ocop-trace serve` on an ephemeral port over the test store of `dir` (sled, or
/// its PostgreSQL database in the suite's PostgreSQL pass), waiting for it to listen.
pub fn start(dir: &Path) -> Proc {
    let mut child = bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.join("data"))
        .envs(crate::helpers::store_env(dir))
        .arg("--keys-dir")
        .arg(dir.join("keys"))
        .env("OCOP_TRACE_ADMIN_TOKEN", ADMIN)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.split("listening on ").nth(1)
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(Ok(addr.trim().to_owned()));
            } else if line.starts_with("error")
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(Err(line));
            }
        }
    });
    let base = match rx.recv_timeout(Duration::from_secs(30)) {
        Ok(Ok(b)) => b,
        other => {
            let _ = child.kill();
            panic!("server did not start: {other:?}");
        }
    };
    Proc { child, base }
}

const PHONE: &str =
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Mobile Safari/537.36";

/// Every batch (id → lot), page by page.
async fn all_batches(c: &reqwest::Client, base: &str) -> std::collections::HashMap<u64, String> {
    let mut out = std::collections::HashMap::new();
    let mut after = 0u64;
    loop {
        let (_, list) = get(
            c,
            base,
            &format!("/api/v1/batches?limit=1000&after={after}"),
        )
        .await;
        let page = list.as_array().unwrap();
        for b in page {
            out.insert(
                b["id"].as_u64().unwrap(),
                b["lot"].as_str().unwrap().to_owned(),
            );
        }
        match page.last().and_then(|b| b["id"].as_u64()) {
            Some(last) if page.len() == 1000 => after = last,
            _ => return out,
        }
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[derive(Default)]
struct Acks {
    batches: Vec<(u64, String)>,
    runs: Vec<(u64, u64)>,
    /// (when, scan count) of a hot unit.
    scans: Vec<(Instant, u64)>,
}

async fn post(c: &reqwest::Client, base: &str, token: &str, path: &str, body: &Value) -> Value {
    let r = c
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.json().await.unwrap()
}

async fn get(c: &reqwest::Client, base: &str, path: &str) -> (StatusCode, Value) {
    let r = c
        .get(format!("{base}{path}"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap_or(Value::Null))
}

pub fn doctor_ok(dir: &Path, round: usize) {
    let o = bin()
        .arg("doctor")
        .arg("--data-dir")
        .arg(dir.join("data"))
        .envs(crate::helpers::store_env(dir))
        .arg("--keys-dir")
        .arg(dir.join("keys"))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "round {round}: doctor found problems:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn worker_loop(
    kind: u8,
    base: String,
    stop: Arc<AtomicBool>,
    acks: Arc<Mutex<Acks>>,
    product: u64,
    hot_label: String,
    seq: Arc<std::sync::atomic::AtomicU64>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let c = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        while !stop.load(Ordering::Relaxed) {
            match kind {
                0 => {
                    let lot = format!("K{}", seq.fetch_add(1, Ordering::Relaxed));
                    let body = json!({
                        "product_id": product, "lot": lot, "production_date": "2026-11-01",
                        "expiry_date": "2027-11-01", "quantity": 200,
                        "origin": {"region": "Cầu Kè", "province": "Trà Vinh"}
                    });
                    let Ok(r) = c
                        .post(format!("{base}/api/v1/batches"))
                        .bearer_auth(ADMIN)
                        .json(&body)
                        .send()
                        .await
                    else {
                        break;
                    };
                    if r.status() == StatusCode::CREATED
                        && let Ok(v) = r.json::<Value>().await
                        && let Some(id) = v["id"].as_u64()
                    {
                        acks.lock().unwrap().batches.push((id, lot));
                    }
                }
                1 => {
                    let batch = acks.lock().unwrap().batches.first().map(|b| b.0);
                    let Some(batch) = batch else {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    };
                    let Ok(r) = c
                        .get(format!(
                            "{base}/api/v1/batches/{batch}/labels?format=csv&from=1&to=200"
                        ))
                        .bearer_auth(ADMIN)
                        .send()
                        .await
                    else {
                        break;
                    };
                    let run = r
                        .headers()
                        .get("x-print-run")
                        .and_then(|h| h.to_str().ok())
                        .and_then(|h| h.parse::<u64>().ok());
                    // Acknowledged only when the whole file arrived.
                    if r.status() == StatusCode::OK
                        && let Ok(body) = r.text().await
                        && body.lines().count() == 201
                        && let Some(run) = run
                    {
                        acks.lock().unwrap().runs.push((batch, run));
                    }
                }
                _ => {
                    let Ok(r) = c
                        .get(&hot_label)
                        .header("accept", "application/json")
                        .header("user-agent", PHONE)
                        .send()
                        .await
                    else {
                        break;
                    };
                    if let Ok(v) = r.json::<Value>().await
                        && let Some(n) = v["scans"]["count"].as_u64()
                    {
                        acks.lock().unwrap().scans.push((Instant::now(), n));
                    }
                }
            }
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_random_moments_the_store_keeps_every_acknowledged_write() {
    let kills: usize = std::env::var("OCOP_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let c = reqwest::Client::new();

    // First start: a producer with a certified product, and one unit whose scans we count.
    let mut p = start(dir);
    let s = post(
        &c,
        &p.base,
        ADMIN,
        "/api/v1/subjects",
        &json!({"name": "HTX Dừa sáp", "kind": "cooperative", "registration_no": "S-1",
                "address": {"province": "Trà Vinh", "district": "Cầu Kè", "commune": "Hòa Tân"}}),
    )
    .await;
    let subject = s["id"].as_u64().unwrap();
    let pr = post(
        &c,
        &p.base,
        ADMIN,
        "/api/v1/products",
        &json!({"subject_id": subject, "name": "Mật hoa dừa", "group": "food", "subgroup": "1.3"}),
    )
    .await;
    let product = pr["id"].as_u64().unwrap();
    post(
        &c,
        &p.base,
        ADMIN,
        &format!("/api/v1/products/{product}/certificates"),
        &json!({"star": 4, "decision_no": "1/QĐ", "decision_date": "2025-08-01",
                "issuing_body": "UBND tỉnh", "level": "province"}),
    )
    .await;
    let b = post(
        &c,
        &p.base,
        ADMIN,
        "/api/v1/batches",
        &json!({"product_id": product, "lot": "HOT", "production_date": "2026-11-01",
                "expiry_date": "2027-11-01", "quantity": 10,
                "origin": {"region": "Cầu Kè", "province": "Trà Vinh"}}),
    )
    .await;
    let hot_batch = b["id"].as_u64().unwrap();
    let (_, page) = get(
        &c,
        &p.base,
        &format!("/api/v1/batches/{hot_batch}/labels?from=1&limit=1"),
    )
    .await;
    let hot_path = page["labels"][0]["url"]
        .as_str()
        .unwrap()
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
        .unwrap();

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut rng = Rng(seed);
    let all: Arc<Mutex<Acks>> = Arc::default();
    let seq = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut last_size = 0u64;
    let mut last_root = String::new();
    let mut durable_scans = 0u64;
    for round in 0..kills {
        // Mixed load, then SIGKILL at a random moment.
        let stop = Arc::new(AtomicBool::new(false));
        let acks: Arc<Mutex<Acks>> = Arc::default();
        acks.lock().unwrap().batches = all
            .lock()
            .unwrap()
            .batches
            .iter()
            .take(1)
            .cloned()
            .collect();
        let hot = format!("{}{hot_path}", p.base);
        let workers: Vec<_> = [0u8, 0, 1, 2]
            .into_iter()
            .map(|k| {
                worker_loop(
                    k,
                    p.base.clone(),
                    stop.clone(),
                    acks.clone(),
                    product,
                    hot.clone(),
                    seq.clone(),
                )
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(150 + rng.below(2200))).await;
        let killed_at = Instant::now();
        p.child.kill().unwrap();
        p.child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            let _ = w.await;
        }
        let round_acks = std::mem::take(&mut *acks.lock().unwrap());
        // Scans are flushed by sled every 500 ms, not per scan: those older than a second
        // before the kill must have survived.
        if let Some((_, n)) = round_acks
            .scans
            .iter()
            .rev()
            .find(|(t, _)| killed_at.duration_since(*t) > Duration::from_secs(1))
        {
            durable_scans = durable_scans.max(*n);
        }

        // doctor reads the whole store; every fourth round keeps the suite fast.
        if round % 4 == 3 {
            doctor_ok(dir, round);
        }
        p = start(dir);

        // Every acknowledged batch and print run is there and its labels verify.
        let stored = all_batches(&c, &p.base).await;
        {
            let mut all = all.lock().unwrap();
            for (id, lot) in round_acks.batches.iter().skip(1) {
                all.batches.push((*id, lot.clone()));
            }
            for (id, lot) in &all.batches {
                assert_eq!(stored.get(id), Some(lot), "round {round}: batch {id} lost");
            }
            all.runs.extend(round_acks.runs.iter().copied());
        }
        for (id, _) in round_acks.batches.iter().rev().take(2) {
            let (s, page) = get(
                &c,
                &p.base,
                &format!("/api/v1/batches/{id}/labels?from=7&limit=1"),
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{page}");
            let url = page["labels"][0]["url"].as_str().unwrap();
            let r: Value = c
                .get(format!("{}/api/v1/verify", p.base))
                .query(&[("url", url)])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(r["code"], "genuine", "round {round}: {r}");
        }
        let runs_by_batch: std::collections::HashSet<u64> =
            round_acks.runs.iter().map(|r| r.0).collect();
        for batch in runs_by_batch {
            let (_, runs) = get(&c, &p.base, &format!("/api/v1/batches/{batch}/print-runs")).await;
            let ids: Vec<u64> = runs
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["id"].as_u64())
                .collect();
            for (b, run) in &round_acks.runs {
                if *b == batch {
                    assert!(ids.contains(run), "round {round}: print run {run} lost");
                }
            }
        }
        // The log only grows, and what it held before is unchanged.
        let text = c
            .get(format!("{}/api/v1/log/checkpoint", p.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let size: u64 = text.lines().nth(1).unwrap().parse().unwrap();
        assert!(
            size >= last_size,
            "round {round}: log shrank {last_size} → {size}"
        );
        if last_size > 0 {
            let old = c
                .get(format!("{}/api/v1/log/checkpoint/{last_size}", p.base))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(
                old.lines().nth(2),
                Some(last_root.as_str()),
                "round {round}: the log was rewritten"
            );
        }
        last_size = size;
        last_root = text.lines().nth(2).unwrap().to_owned();
        // Scan counters never go back past what was durable.
        let r: Value = c
            .get(format!("{}{hot_path}", p.base))
            .header("accept", "application/json")
            .header("user-agent", PHONE)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let count = r["scans"]["count"].as_u64().unwrap();
        assert!(
            count > durable_scans,
            "round {round}: scan count {count} went back below {durable_scans}"
        );
        durable_scans = count - 1;
    }
    let total = all.lock().unwrap().batches.len();
    assert!(
        total > kills,
        "too few acknowledged batches ({total}) to mean anything"
    );
    p.child.kill().unwrap();
    p.child.wait().unwrap();
    doctor_ok(dir, kills);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_in_flight_work_flushes_and_exits_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = start(tmp.path());
    let c = reqwest::Client::new();
    post(
        &c,
        &p.base,
        ADMIN,
        "/api/v1/subjects",
        &json!({"name": "Hộ Bánh tét", "kind": "household_business", "registration_no": "S-2",
                "address": {"province": "Trà Vinh", "district": "Trà Cú", "commune": "Xã A"}}),
    )
    .await;
    let pid = p.child.id().to_string();
    let st = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(st.success());
    let started = Instant::now();
    let status = loop {
        if let Some(s) = p.child.try_wait().unwrap() {
            break s;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    doctor_ok(tmp.path(), 0);
    // It comes back with the data.
    let mut p = start(tmp.path());
    let (_, subjects) = get(&c, &p.base, "/api/v1/subjects").await;
    assert_eq!(subjects.as_array().map(Vec::len), Some(1));
    p.child.kill().unwrap();
    p.child.wait().unwrap();
}
