//! `ocop-trace store copy` between the engines: the test store (sled, or PostgreSQL in the
//! suite's PostgreSQL pass) is copied into the other engine and back, each copy checked by
//! the command; the last one serves every label, photo and scan count as the source did.
//! A target that holds anything is refused. Needs a PostgreSQL server (`OCOP_TRACE_TEST_PG`).

use crate::cli::bin;
use crate::content::{jpeg, producer, upload};
use crate::helpers::{TestApp, on_postgres, restore_target};
use ocop_trace::store::StoreUrl;
use ocop_trace::store::testing::TempDatabase;
use reqwest::StatusCode;
use std::path::Path;

fn copy(from: &StoreUrl, to: &StoreUrl, keys: &Path) -> (bool, String) {
    let o = bin()
        .args(["store", "copy", "--from"])
        .arg(from.to_string_unredacted())
        .arg("--to")
        .arg(to.to_string_unredacted())
        .arg("--keys-dir")
        .arg(keys)
        .env_remove("OCOP_TRACE_STORE")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

/// A PostgreSQL issuer of its own (the database lives as long as the returned guard).
fn pg_store() -> Option<(TempDatabase, StoreUrl)> {
    let db = TempDatabase::create().unwrap()?;
    let url = StoreUrl::parse(&format!("{}?issuer=VN-TEST", db.url())).unwrap();
    Some((db, url))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_copied_to_the_other_engine_and_back_serves_the_same() {
    let Some((_db, pg)) = pg_store() else {
        eprintln!("skipped: OCOP_TRACE_TEST_PG is not set (scripts/test sets it)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    let (_, product, token, _) = producer(&app).await;
    let (s, c) = upload(&app, &token, product, jpeg(640, 480, 90)).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let photo = c["photos"][0]["large"]["hash"].as_str().unwrap().to_owned();
    let batch = app.batch(&token, product, "KEO-01", 20, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    let url = app.label(&token, batch, 7).await;
    let scanned = app
        .client
        .get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(scanned.status(), StatusCode::OK);
    let before = app.verdict(&url).await;
    app.stop().await;

    let keys = tmp.path().join("keys");
    let source = restore_target(tmp.path());
    // Into the other engine, then back into a fresh store of the source's engine.
    let sled_dir = tempfile::tempdir().unwrap();
    let other = if on_postgres() {
        StoreUrl::Sled(sled_dir.path().join("data"))
    } else {
        pg.clone()
    };
    let (ok, out) = copy(&source, &other, &keys);
    assert!(ok, "{out}");
    assert!(out.contains("batch record signatures"), "{out}");
    assert!(
        out.contains("1 media files") || out.contains("2 media files"),
        "{out}"
    );
    let back = tempfile::tempdir().unwrap();
    let last = restore_target(back.path());
    let (ok, out) = copy(&other, &last, &keys);
    assert!(ok, "{out}");

    // A target that holds data is refused, and keeps what it held.
    let (ok, out) = copy(&source, &other, &keys);
    assert!(!ok, "{out}");
    assert!(
        out.contains("already holds data") || out.contains("not empty"),
        "{out}"
    );

    std::fs::create_dir_all(back.path().join("keys")).unwrap();
    for e in std::fs::read_dir(&keys).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), back.path().join("keys").join(e.file_name())).unwrap();
    }
    let again = TestApp::spawn_in(back.path()).await;
    let after = again.verdict(&url).await;
    assert_eq!(before["code"], "genuine", "{before}");
    assert_eq!(after, before);
    let r = again
        .client
        .get(again.url(&format!("/media/{photo}.jpg")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let o = bin()
        .args(["log", "verify", "--server", &again.base])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    again.stop().await;
}
