//! Operations: backup while serving, verified restore, tampered backups, doctor, tokens,
//! configuration checks and graceful shutdown — through the real binary where a user would.

use crate::cli::bin;
use crate::helpers::{ADMIN, TestApp, on_postgres, plant_pg, psql};
use ocop_trace::store::relations::{BATCHES as T_BATCHES, PRODUCTS as T_PRODUCTS};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Issues two batches and returns label URLs from both.
async fn some_labels(app: &TestApp) -> Vec<String> {
    let subject = app.subject("HTX Dừa sáp Cầu Kè", "cooperative").await;
    let p = app
        .product(subject, "Mật hoa dừa sáp", Some("8936000000011"))
        .await;
    app.certificate(p, 4, "province", "2025-08-01").await;
    let token = app.producer_token(subject).await;
    let mut urls = Vec::new();
    for lot in ["L1", "L2"] {
        let b = app.batch(&token, p, lot, 50, "2027-11-01").await;
        let id = b["id"].as_u64().unwrap();
        for serial in [1, 25, 50] {
            urls.push(app.label(&token, id, serial).await);
        }
    }
    urls
}

async fn codes(app: &TestApp, urls: &[String]) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for u in urls {
        let v = app.verdict(u).await;
        out.push((v["code"].as_str().unwrap().to_owned(), v["label"].clone()));
    }
    out
}

fn jwks_of(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("jwks.json");
    let o = bin()
        .args(["keys", "export-jwks", "--keys-dir"])
        .arg(dir.join("keys"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_serving_restores_elsewhere_and_every_label_verifies_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    let urls = some_labels(&app).await;
    let before = codes(&app, &urls).await;
    assert!(before.iter().all(|(c, _)| c == "genuine"), "{before:?}");

    // Online backup through the admin API, as an operator would run it.
    let file = tmp.path().join("nightly.ocopbak");
    let server = app.base.clone();
    let f2 = file.clone();
    let o = tokio::task::spawn_blocking(move || {
        bin()
            .args(["backup", "--server", &server, "--token", ADMIN, "--out"])
            .arg(&f2)
            .env(
                "OCOP_TRACE_BACKUP_PASSPHRASE",
                "correct horse battery staple",
            )
            .arg("--with-private-keys")
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("private keys: included"), "{}", text(&o));
    // The server kept serving and writing during and after the backup.
    let (s, _) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let max_id_before = app
        .get(ADMIN, "/api/v1/batches")
        .await
        .1
        .as_array()
        .map(|a| a.iter().filter_map(|b| b["id"].as_u64()).max())
        .unwrap_or_default()
        .unwrap_or(0);
    let jwks = jwks_of(tmp.path());
    app.stop().await;

    // Restore on "another machine": new data dir, keys from the sealed bundle.
    let other = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(other.path().join("data"))
        .envs(crate::helpers::store_env(other.path()))
        .arg("--keys-dir")
        .arg(other.path().join("keys"))
        .arg("--jwks")
        .arg(&jwks)
        .env(
            "OCOP_TRACE_BACKUP_PASSPHRASE",
            "correct horse battery staple",
        )
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("2 batch record signatures"), "{out}");
    assert!(out.contains("a key from --jwks"), "{out}");
    // Private keys come back 0600.
    use std::os::unix::fs::PermissionsExt;
    for e in std::fs::read_dir(other.path().join("keys")).unwrap() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "pem") {
            assert_eq!(e.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    let restored = TestApp::spawn_in(other.path()).await;
    let after = codes(&restored, &urls).await;
    assert_eq!(before, after);
    // The restored server signs with the restored key and never reuses an id.
    let (_, subjects) = restored.get(ADMIN, "/api/v1/subjects").await;
    let subject = subjects[0]["id"].as_u64().unwrap();
    let token = restored.producer_token(subject).await;
    let (_, products) = restored.get(ADMIN, "/api/v1/products").await;
    let p = products[0]["id"].as_u64().unwrap();
    let b = restored.batch(&token, p, "L3", 10, "2027-11-01").await;
    assert!(b["id"].as_u64().unwrap() > max_id_before, "{b}");
    let url = restored.label(&token, b["id"].as_u64().unwrap(), 1).await;
    assert_eq!(restored.code(&url).await, "genuine");
    restored.stop().await;

    // Restoring twice into the same store is refused, and it keeps serving what it held.
    let o = bin()
        .arg("restore")
        .arg(&file)
        .arg("--data-dir")
        .arg(other.path().join("data"))
        .envs(crate::helpers::store_env(other.path()))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let refusal = if on_postgres() {
        "already holds data"
    } else {
        "not empty"
    };
    assert!(text(&o).contains(refusal), "{}", text(&o));
    let again = TestApp::spawn_in(other.path()).await;
    assert_eq!(again.code(&url).await, "genuine");
    again.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_altered_by_one_byte_is_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    some_labels(&app).await;
    let r = app
        .client
        .post(app.url("/api/v1/admin/backup"))
        .bearer_auth(ADMIN)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let good = r.bytes().await.unwrap().to_vec();
    // Producers cannot take backups.
    let (s, v) = app
        .post("nope-not-a-token", "/api/v1/admin/backup", &json!({}))
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    let (s, v) = app
        .post(
            ADMIN,
            "/api/v1/admin/backup",
            &json!({"with_private_keys": true, "passphrase": "short"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(v["code"], "invalid_backup_request");
    app.stop().await;

    let path = tmp.path().join("good.ocopbak");
    std::fs::write(&path, &good).unwrap();
    let o = bin()
        .args(["restore", "--verify-only"])
        .arg(&path)
        .args(["--data-dir", "/nonexistent"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));

    let n = good.len();
    let jws_start = n - 200;
    for (at, expect) in [
        (3, "not an ocop-trace backup"),
        (n / 3, ""),
        (n / 2, ""),
        (jws_start, "signature"),
        (n - 1, "signature"),
    ] {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        let p = tmp.path().join(format!("bad-{at}.ocopbak"));
        std::fs::write(&p, &bad).unwrap();
        let target = tmp.path().join(format!("restore-{at}"));
        let o = bin()
            .arg("restore")
            .arg(&p)
            .arg("--data-dir")
            .arg(&target)
            .output()
            .unwrap();
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "byte {at}: {out}");
        assert!(out.contains("error:"), "{out}");
        assert!(out.contains(expect), "byte {at}: {out}");
        assert!(
            !target.join("v1").exists(),
            "byte {at}: a store was left behind"
        );
    }
    // Truncated and extended files are refused too.
    for bad in [good[..n - 10].to_vec(), [good.clone(), vec![0]].concat()] {
        let p = tmp.path().join("cut.ocopbak");
        std::fs::write(&p, &bad).unwrap();
        let o = bin()
            .arg("restore")
            .arg(&p)
            .arg("--data-dir")
            .arg(tmp.path().join("restore-cut"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    }
}

/// `doctor` over the test store of `dir` (sled or PostgreSQL).
fn doctor(dir: &Path) -> (Option<i32>, String) {
    doctor_with(dir, crate::helpers::store_env(dir))
}

/// `doctor` over the sled directory `dir/data`, whichever engine the suite runs on.
fn doctor_sled(dir: &Path) -> (Option<i32>, String) {
    doctor_with(dir, Vec::new())
}

fn doctor_with(dir: &Path, env: Vec<(&'static str, String)>) -> (Option<i32>, String) {
    let o = bin()
        .arg("doctor")
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--keys-dir")
        .arg(dir.join("keys"))
        .envs(env)
        .output()
        .unwrap();
    (o.status.code(), text(&o))
}

/// Plants damage the API can never produce in the stopped test store of `dir`: a batch
/// record whose signed payload was edited, a batch whose quantity no longer matches its
/// record, and (on sled; PostgreSQL's foreign key refuses it, which is checked) a product
/// whose subject is gone.
fn plant_damage(dir: &Path) {
    let store =
        ocop_trace::store::open_url(&crate::helpers::restore_target(dir).to_string_unredacted())
            .unwrap();
    let first_two = |relation: &str| {
        let mut out = Vec::new();
        store
            .records(relation, &mut |k, v| {
                if out.len() < 2 {
                    out.push((k.to_vec(), v.to_vec()));
                }
                Ok(())
            })
            .unwrap();
        out
    };
    let mut batches = first_two(T_BATCHES).into_iter();
    let (k1, v1) = batches.next().unwrap();
    let (k2, v2) = batches.next().unwrap();
    let mut b1: Value = serde_json::from_slice(&v1).unwrap();
    let record = b1["record"].as_str().unwrap().to_owned();
    let mut parts: Vec<String> = record.split('.').map(str::to_owned).collect();
    let mut payload = ocop_trace::crypto::b64url_decode(&parts[1]).unwrap();
    let pos = payload.windows(2).position(|w| w == b"50").unwrap();
    payload[pos] = b'9';
    parts[1] = ocop_trace::crypto::b64url(&payload);
    b1["record"] = Value::String(parts.join("."));
    let mut b2: Value = serde_json::from_slice(&v2).unwrap();
    b2["quantity"] = json!(5000);
    let (pk, pv) = first_two(T_PRODUCTS).remove(0);
    let mut p: Value = serde_json::from_slice(&pv).unwrap();
    p["subject_id"] = json!(999_999);
    let planted = [(T_BATCHES, k1, b1), (T_BATCHES, k2, b2)];
    if on_postgres() {
        drop(store);
        for (_, k, v) in planted {
            let id = u64::from_be_bytes(k[..8].try_into().unwrap());
            plant_pg(
                dir,
                "batches",
                "rec",
                "id",
                id,
                &serde_json::to_vec(&v).unwrap(),
            );
        }
        let url = crate::helpers::test_store(dir)
            .unwrap()
            .to_string_unredacted();
        let (conn, _) = ocop_trace::store::postgres::split_issuer(&url);
        let id = u64::from_be_bytes(pk[..8].try_into().unwrap());
        let refused = psql(
            &conn,
            &[
                "-c",
                &format!("UPDATE products SET subject_id = 999999 WHERE id = {id}"),
            ],
        );
        assert!(
            refused.as_ref().is_err_and(|e| e.contains("foreign key")),
            "{refused:?}"
        );
        return;
    }
    for (relation, k, v) in planted {
        store
            .put_record(relation, &k, &serde_json::to_vec(&v).unwrap())
            .unwrap();
    }
    store
        .put_record(T_PRODUCTS, &pk, &serde_json::to_vec(&p).unwrap())
        .unwrap();
    store.flush().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctor_reports_a_healthy_store_and_finds_planted_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    some_labels(&app).await;
    app.stop().await;

    let (code, out) = doctor(tmp.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("healthy"), "{out}");
    assert!(out.contains("batches"), "{out}");

    // Plant damage the API can never produce: a batch record whose signed payload was
    // edited, a batch whose quantity no longer matches its record, and a product whose
    // subject is gone.
    plant_damage(tmp.path());
    let (code, out) = doctor(tmp.path());
    assert_eq!(code, Some(4), "{out}");
    assert!(out.contains("PROBLEM bad_signature"), "{out}");
    assert!(out.contains("PROBLEM record_mismatch"), "{out}");
    if !on_postgres() {
        // PostgreSQL refuses such a row itself (see plant_damage).
        assert!(out.contains("PROBLEM dangling_reference"), "{out}");
        assert!(out.contains("missing subject 999999"), "{out}");
    }

    // A key file others can read is a problem too.
    use std::os::unix::fs::PermissionsExt;
    let pem = std::fs::read_dir(tmp.path().join("keys"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "pem"))
        .unwrap();
    std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (_, out) = doctor(tmp.path());
    assert!(out.contains("PROBLEM key_permissions"), "{out}");

    // No store at all: a clear message and its own exit code, and nothing created.
    let (code, out) = doctor_sled(&tmp.path().join("nothing-here"));
    assert_eq!(code, Some(5), "{out}");
    assert!(out.contains("no store here"), "{out}");
    assert!(!tmp.path().join("nothing-here").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_listed_without_secrets_revoked_and_show_last_use() {
    let (app, _tmp) = TestApp::spawn().await;
    let subject = app
        .subject("Hộ kinh doanh Bánh tét", "household_business")
        .await;
    let producer = app.producer_token(subject).await;
    let (s, _) = app.get(&producer, "/api/v1/batches").await;
    assert_eq!(s, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    let (s, list) = app.get(ADMIN, "/api/v1/tokens").await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 2);
    let text = serde_json::to_string(&list).unwrap();
    assert!(
        !text.contains(&producer) && !text.contains("hash"),
        "{text}"
    );
    let prod = list.iter().find(|t| t["role"] == "producer").unwrap();
    assert!(prod["last_used_at"].is_string(), "{prod}");
    assert_eq!(prod["subject_id"], subject);
    let id = prod["id"].as_str().unwrap().to_owned();
    let admin_id = list.iter().find(|t| t["role"] == "admin").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Producers cannot list or revoke; an admin cannot revoke the token it is using.
    let (s, _) = app.get(&producer, "/api/v1/tokens").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, v) = app
        .post(
            ADMIN,
            &format!("/api/v1/tokens/{admin_id}/revoke"),
            &json!({}),
        )
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("revoke_own_token"))
    );
    let (s, v) = app
        .post(ADMIN, "/api/v1/tokens/tok_nothing/revoke", &json!({}))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");

    // Through the CLI, as an operator would.
    let server = app.base.clone();
    let id2 = id.clone();
    let o = tokio::task::spawn_blocking(move || {
        bin()
            .args([
                "tokens", "--server", &server, "--token", ADMIN, "revoke", &id2,
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert!(o.status.success(), "{}", crate::ops::text(&o));
    let (s, v) = app.get(&producer, "/api/v1/batches").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{v}");
    assert!(v["message"].as_str().unwrap().contains("revoked"), "{v}");
    let (s, v) = app
        .post(ADMIN, &format!("/api/v1/tokens/{id}/revoke"), &json!({}))
        .await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_revoked"))
    );

    let server = app.base.clone();
    let o = tokio::task::spawn_blocking(move || {
        bin()
            .args(["tokens", "--server", &server, "--token", ADMIN, "list"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let out = crate::ops::text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains(&id) && out.contains("producer"), "{out}");
    // Every admin action names its token in the log.
    let (_, entries) = app.get(ADMIN, "/api/v1/log/entries").await;
    let revoked = entries
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| serde_json::from_str::<Value>(e["entry"].as_str()?).ok())
        .find(|e| e["kind"] == "token_revoked")
        .unwrap_or(Value::Null);
    assert_eq!(revoked["actor"]["token_id"], admin_id.as_str(), "{entries}");
    assert_eq!(revoked["data"]["token_id"], id.as_str());
    app.stop().await;
}

#[test]
fn check_config_shows_sources_and_names_bad_values() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = tmp.path().join("ocop-trace.toml");
    std::fs::write(
        &cfg,
        "listen = \"127.0.0.1:9999\"\ndata_dir = \"/tmp/x-data\"\nclone_window_days = 80\n",
    )
    .unwrap();
    let o = bin()
        .args(["serve", "--check-config", "--config"])
        .arg(&cfg)
        .args(["--listen", "127.0.0.1:9001"])
        .arg("--keys-dir")
        .arg(tmp.path().join("keys"))
        .env_remove("OCOP_TRACE_LISTEN")
        .env_remove("OCOP_TRACE_DATA_DIR")
        .env("OCOP_TRACE_CLONE_MAX_SOURCES", "7")
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    let line = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line("listen").contains("127.0.0.1:9001") && line("listen").contains("flag/env"));
    assert!(line("data_dir").contains("/tmp/x-data") && line("data_dir").contains("(file)"));
    assert!(line("clone_window_days").contains("80"));
    assert!(line("clone_max_sources").contains('7'));
    assert!(line("shutdown_grace_seconds").contains("default"));
    assert!(out.contains("configuration is valid"));
    assert!(
        !tmp.path().join("keys").exists(),
        "check-config must not create keys"
    );

    // The documented example configuration is valid as shipped.
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/ops/ocop-trace.example.toml"
    );
    let o = bin()
        .args(["serve", "--check-config", "--config", example, "--data-dir"])
        .arg(tmp.path().join("data"))
        .arg("--keys-dir")
        .arg(tmp.path().join("keys"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("truyxuat.travinh.gov.vn"), "{}", text(&o));

    std::fs::write(&cfg, "listen = \"127.0.0.1:9999\"\nlisten_typo = 1\n").unwrap();
    let o = bin()
        .args(["serve", "--check-config", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("listen_typo"), "{}", text(&o));
    std::fs::write(&cfg, "base_url = \"truyxuat.example.vn\"\n").unwrap();
    let o = bin()
        .args(["serve", "--check-config", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("base_url"), "{}", text(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_store_is_reported_with_next_steps_never_a_panic() {
    if on_postgres() {
        // This damages sled's files; an unreachable PostgreSQL is tested in `pg_instances`.
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    some_labels(&app).await;
    app.stop().await;
    let v1 = tmp.path().join("data/v1");
    let _ = std::fs::remove_file(v1.join("conf"));
    std::fs::write(v1.join("db"), vec![0xAB; 4096]).unwrap();
    // sled opens such files as an empty store; the server must refuse rather than serve it.
    let mut child = bin()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(tmp.path().join("data"))
        .arg("--keys-dir")
        .arg(tmp.path().join("keys"))
        .env("OCOP_TRACE_ADMIN_TOKEN", ADMIN)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("the server started on a damaged store");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("cannot open the store at"), "{out}");
    assert!(out.contains("ocop-trace restore"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    let (code, out) = doctor(tmp.path());
    assert_eq!(code, Some(5), "{out}");
    assert!(out.contains("restore the latest backup"), "{out}");
}
