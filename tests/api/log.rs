//! The tamper-evident issuance log: every change is an entry, proofs verify, and the CLI
//! finds a rewritten entry without trusting the server's database.

use crate::helpers::{ADMIN, TestApp};
use ocop_trace::store::relations::LOG_ENTRIES as T_LOG_ENTRIES;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

async fn cli(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || crate::cli::bin().args(args).output().unwrap())
        .await
        .unwrap()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| (*x).to_owned()).collect()
}

async fn populated(app: &TestApp) -> (String, u64, u64) {
    let subject = app.subject("HTX Mắm Trà Cú", "cooperative").await;
    let product = app
        .product(subject, "Mắm bò hóc", Some("8930000000019"))
        .await;
    let cert = app.certificate(product, 3, "province", "2025-09-01").await;
    let token = app.producer_token(subject).await;
    let b1 = app.batch(&token, product, "TC-01", 100, "2027-10-01").await;
    let b1 = b1["id"].as_u64().unwrap();
    app.label(&token, b1, 1).await;
    // One label printed (a listing of URLs is no print run).
    let r = app
        .client
        .get(app.url(&format!("/api/v1/batches/{b1}/labels/1?format=svg")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (st, _) = app
        .post(ADMIN, &format!("/api/v1/certificates/{}/supersede", cert["id"]),
            &json!({"star": 4, "decision_no": "9/QĐ-UBND", "decision_date": "2025-12-01", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_eq!(st, StatusCode::CREATED);
    let b2 = app.batch(&token, product, "TC-02", 100, "2027-12-01").await;
    let b2 = b2["id"].as_u64().unwrap();
    app.post(
        &token,
        &format!("/api/v1/batches/{b2}/recall"),
        &json!({"reason": "Bao bì lỗi"}),
    )
    .await;
    (token, b1, b2)
}

#[tokio::test]
async fn every_change_is_logged_and_proofs_verify_in_the_cli_and_in_python() {
    let (app, tmp) = TestApp::spawn().await;
    let (token, b1, _) = populated(&app).await;
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let kinds: Vec<String> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<Value>(e["entry"].as_str().unwrap()).unwrap())
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds,
        [
            "key_added",
            "token_created",
            "subject_registered",
            "product_registered",
            "certificate_granted",
            "token_created",
            "batch_issued",
            "print_run",
            "certificate_upgraded",
            "batch_issued",
            "batch_recalled"
        ]
    );
    // Entries carry their actor (role and token id, never the token) and a timestamp.
    let issued: Value = serde_json::from_str(entries[6]["entry"].as_str().unwrap()).unwrap();
    assert_eq!(issued["actor"]["role"], "producer");
    assert!(
        issued["actor"]["token_id"]
            .as_str()
            .unwrap()
            .starts_with("tok_")
    );
    assert!(!entries.to_string().contains(&token));
    assert_eq!(issued["data"]["record_sha256"].as_str().unwrap().len(), 64);
    let (_, batch) = app.get(ADMIN, &format!("/api/v1/batches/{b1}")).await;
    assert_eq!(batch["log_index"], 6);

    // The checkpoint is a C2SP signed note.
    let note = app
        .client
        .get(app.url("/api/v1/log/checkpoint"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = note.lines().collect();
    assert!(lines[0].ends_with("/log"));
    assert_eq!(lines[1], "11");
    assert!(lines[4].starts_with("— "), "{note}");

    // CLI: verify and save, prove, export.
    let dir = tmp.path();
    let cp = dir.join("cp.txt").display().to_string();
    let out = cli(s(&["log", "verify", "--server", &app.base, "--save", &cp])).await;
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("11 entries replayed"));
    let out = cli(s(&[
        "log",
        "prove",
        "6",
        "--server",
        &app.base,
        "--checkpoint",
        &cp,
    ]))
    .await;
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("batch_issued"));

    // The log grows; the saved checkpoint is still consistent with it.
    app.subject("Công ty TNHH Muối Biển", "company").await;
    let out = cli(s(&[
        "log",
        "verify",
        "--server",
        &app.base,
        "--checkpoint",
        &cp,
    ]))
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let (_, c) = app.get("", "/api/v1/log/proof/consistency?from=11").await;
    assert_eq!((c["from"].as_u64(), c["to"].as_u64()), (Some(11), Some(12)));

    // Python recomputes the root and checks two inclusion proofs from the exported log.
    let export = dir.join("log.jsonl").display().to_string();
    let out = cli(s(&[
        "log", "export", "--server", &app.base, "--out", &export,
    ]))
    .await;
    assert!(out.status.success());
    let (_, p3) = app.get("", "/api/v1/log/proof/inclusion?index=3").await;
    let (_, p11) = app
        .get("", "/api/v1/log/proof/inclusion?index=11&size=12")
        .await;
    std::fs::write(dir.join("p3.json"), p3.to_string()).unwrap();
    std::fs::write(dir.join("p11.json"), p11.to_string()).unwrap();
    let py = Command::new("python3")
        .arg(format!(
            "{}/tests/python/check_log.py",
            env!("CARGO_MANIFEST_DIR")
        ))
        .args([&export, p3["root"].as_str().unwrap(), "12"])
        .arg(dir.join("p3.json"))
        .arg(dir.join("p11.json"))
        .output()
        .expect("python3 is needed for the independent log check");
    let text = String::from_utf8_lossy(&py.stdout);
    assert!(
        py.status.success() && text.trim_end().ends_with("3 passed, 0 failed"),
        "{text}"
    );

    // Bad ranges are 4xx with a code.
    let (st, e) = app.get("", "/api/v1/log/proof/inclusion?index=99").await;
    assert_eq!(
        (st, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_log_range"))
    );
    let (st, _) = app.get("", "/api/v1/log/checkpoint/999").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await;
}

fn rewrite_entry(dir: &Path, index: u64) {
    let target = crate::helpers::restore_target(dir);
    let store = ocop_trace::store::open_url(&target.to_string_unredacted()).unwrap();
    let key = index.to_be_bytes();
    let mut old = None;
    store
        .records(T_LOG_ENTRIES, &mut |k, v| {
            if k == key {
                old = Some(v.to_vec());
            }
            Ok(())
        })
        .unwrap();
    let old = old.unwrap();
    let text = String::from_utf8(old.clone())
        .unwrap()
        .replace("\"quantity\":100", "\"quantity\":900");
    assert_ne!(text.as_bytes(), old.as_slice());
    if crate::helpers::on_postgres() {
        drop(store);
        crate::helpers::plant_pg(dir, "log_entries", "entry", "idx", index, text.as_bytes());
        return;
    }
    store
        .put_record(T_LOG_ENTRIES, &key, text.as_bytes())
        .unwrap();
    store.flush().unwrap();
}

#[tokio::test]
async fn the_cli_names_the_entry_that_was_rewritten_in_the_database() {
    let (app, tmp) = TestApp::spawn().await;
    populated(&app).await;
    let cp = tmp.path().join("cp.txt").display().to_string();
    let out = cli(s(&["log", "verify", "--server", &app.base, "--save", &cp])).await;
    assert!(out.status.success());
    app.stop().await;

    // Someone with access to the database edits the quantity of batch_issued entry #6.
    rewrite_entry(tmp.path(), 6);

    let app = TestApp::spawn_in(tmp.path()).await;
    let out = cli(s(&[
        "log",
        "verify",
        "--server",
        &app.base,
        "--checkpoint",
        &cp,
    ]))
    .await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("entry #6: its content no longer matches"),
        "{text}"
    );
    assert!(text.contains("history was rewritten"), "{text}");
    assert!(
        !text.contains("entry #5") && !text.contains("entry #7"),
        "{text}"
    );
    app.stop().await;
}
