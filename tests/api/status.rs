//! The signed status snapshot at `/.well-known/ocop-status`: what it lists, that outside
//! JOSE libraries verify it, and `ocop-trace verify --status` reaching the online verdict
//! offline — recalled, revoked, or genuine "as of" the snapshot, and an ended snapshot said.

use crate::cli::bin;
use crate::pages::shop;
use ocop_trace::crypto::{Jwks, KeyRing, verify_jws_typ};
use ocop_trace::verify::{STATUS_TYP, StatusSnapshot};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::Path;

async fn snapshot(app: &crate::helpers::TestApp) -> String {
    let r = app
        .client
        .get(app.url("/.well-known/ocop-status"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/jose");
    r.text().await.unwrap_or_default()
}

fn offline(url: &str, jwks: &Path, status: &Path) -> (bool, Value, String) {
    let out = bin()
        .args(["verify", url, "--json", "--jwks"])
        .arg(jwks)
        .arg("--status")
        .arg(status)
        .output()
        .expect("binary runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.success(),
        serde_json::from_str(&text).unwrap_or(Value::Null),
        err,
    )
}

#[tokio::test]
async fn the_snapshot_lists_recalls_and_lets_an_offline_check_say_recalled() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let (_, jwks) = app.get("", "/.well-known/jwks.json").await;
    let ring = KeyRing::from_jwks(&serde_json::from_value::<Jwks>(jwks.clone()).unwrap()).unwrap();
    let first = snapshot(app).await;
    let (_, payload) = verify_jws_typ(&ring, &first, STATUS_TYP).unwrap();
    let s1: StatusSnapshot = serde_json::from_slice(&payload).unwrap();
    assert!(
        s1.batches.is_empty() && s1.keys.len() == 1 && s1.keys[0].status == "active",
        "{s1:?}"
    );
    assert!(s1.valid_until - s1.generated_at == chrono::TimeDelta::days(7));
    assert_eq!(s1.iss, app.base);

    let dir = tempfile::tempdir().unwrap();
    let jwks_file = dir.path().join("jwks.json");
    std::fs::write(&jwks_file, jwks.to_string()).unwrap();
    let status_file = dir.path().join("status.jws");
    std::fs::write(&status_file, &first).unwrap();
    let (ok, v, err) = offline(&t.urls[0], &jwks_file, &status_file);
    assert!(ok, "{err}");
    assert_eq!(v["code"], "genuine", "{v}");
    assert!(
        v["status_as_of"].is_string()
            && v["reason"].as_str().unwrap_or("").contains("status as of"),
        "{v}"
    );

    let (s, r) = app
        .post(
            &t.token,
            &format!("/api/v1/batches/{}/recall", t.batch),
            &json!({"reason": "Hàm lượng đường vượt ngưỡng công bố"}),
        )
        .await;
    assert!(s.is_success(), "{r}");
    let second = snapshot(app).await;
    let (_, payload) = verify_jws_typ(&ring, &second, STATUS_TYP).unwrap();
    let s2: StatusSnapshot = serde_json::from_slice(&payload).unwrap();
    assert!(s2.seq > s1.seq, "a later snapshot has a larger sequence");
    assert_eq!(s2.batches.len(), 1, "{s2:?}");
    assert_eq!(
        (s2.batches[0].batch.as_str(), s2.batches[0].status.as_str()),
        ("01/08930000000019/10/MHD-2611", "batch_recalled")
    );
    std::fs::write(&status_file, &second).unwrap();
    let (ok, v, _) = offline(&t.urls[3], &jwks_file, &status_file);
    assert_eq!(v["code"], "batch_recalled", "{v}");
    assert!(ok, "the signature itself is valid: exit 0");
    // The online verdict says the same.
    assert_eq!(app.verdict(&t.urls[3]).await["code"], "batch_recalled");

    // Two JOSE libraries we did not write verify it.
    let cases = json!({"cases": [{"name": "status snapshot", "jws": second, "alg": "Ed25519",
        "jwks": jwks, "members": ["iss", "seq", "generated_at", "valid_until", "keys", "batches"]}]});
    let file = dir.path().join("cases.json");
    std::fs::write(&file, cases.to_string()).unwrap();
    crate::conform_jose::run_python("check_jose.py", &[file.to_str().unwrap_or_default()]);

    // A snapshot altered by one byte is refused, with a message and a non-zero exit.
    let mut forged = second.clone().into_bytes();
    let at = forged.len() / 2;
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&status_file, &forged).unwrap();
    let (ok, _, err) = offline(&t.urls[3], &jwks_file, &status_file);
    assert!(
        !ok && err.contains("not a status snapshot signed by these keys"),
        "{err}"
    );
    t.app.stop().await;
}

#[tokio::test]
async fn an_ended_snapshot_is_said_and_not_trusted() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let (s, r) = app
        .post(
            &t.token,
            &format!("/api/v1/batches/{}/recall", t.batch),
            &json!({"reason": "Lỗi bao bì"}),
        )
        .await;
    assert!(s.is_success(), "{r}");
    // Made ten days ago by the test server's clock, so it ended three days ago.
    app.clock
        .set_today(chrono::Utc::now().date_naive() - chrono::Days::new(10));
    let old = snapshot(app).await;
    let (_, jwks) = app.get("", "/.well-known/jwks.json").await;
    let dir = tempfile::tempdir().unwrap();
    let (jwks_file, status_file) = (dir.path().join("jwks.json"), dir.path().join("s.jws"));
    std::fs::write(&jwks_file, jwks.to_string()).unwrap();
    std::fs::write(&status_file, &old).unwrap();
    let (_, v, err) = offline(&t.urls[0], &jwks_file, &status_file);
    assert_eq!(v["code"], "genuine", "{v} {err}");
    assert!(
        v["reason"]
            .as_str()
            .unwrap_or("")
            .contains("status snapshot ended"),
        "{v}"
    );
    assert!(v["status_as_of"].is_null(), "{v}");
    t.app.stop().await;
}
