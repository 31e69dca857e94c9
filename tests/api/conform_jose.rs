//! RFC 9864: new JWSs say `alg: Ed25519`, documents signed with `EdDSA` keep verifying, the
//! JWKS names no `alg`, and two independent Python JOSE libraries agree.

use crate::helpers::{ADMIN, TestApp};
use ocop_trace::crypto::{Jwks, KeyRing, b64url_decode, verify_jws};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn header_of(jws: &str) -> Value {
    let h = jws.split('.').next().unwrap();
    serde_json::from_slice(&b64url_decode(h).unwrap()).unwrap()
}

/// The JWKS of the published vectors (the TEST-ONLY key).
fn test_jwks() -> Value {
    let text = std::fs::read_to_string(format!("{ROOT}/fixtures/vectors/labels.json")).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["jwks"].clone()
}

/// The same JWKS as published before RFC 9864, each key saying `alg: EdDSA`: pinned copies
/// of it must keep working.
fn old_style_jwks() -> Value {
    let mut jwks = test_jwks();
    for key in jwks["keys"].as_array_mut().unwrap() {
        key["alg"] = json!("EdDSA");
    }
    jwks
}

/// The example JWS of docs/batch-record.md under the `<summary>` starting with `summary`.
fn docs_record(summary: &str) -> String {
    let doc = std::fs::read_to_string(format!("{ROOT}/docs/batch-record.md")).unwrap();
    let block = doc
        .split(&format!("<summary>{summary}"))
        .nth(1)
        .and_then(|s| s.split("```text\n").nth(1))
        .and_then(|s| s.split('\n').next())
        .unwrap_or_default();
    assert!(
        block.starts_with("eyJ"),
        "no {summary:?} example in docs/batch-record.md"
    );
    block.to_owned()
}

/// The example record of docs/batch-record.md signed with `alg: EdDSA` before RFC 9864.
fn docs_eddsa_record() -> String {
    docs_record("The compact JWS, signed with `alg: EdDSA`")
}

/// The current example record of docs/batch-record.md (`alg: Ed25519`).
fn docs_ed25519_record() -> String {
    docs_record("The compact JWS (")
}

#[test]
fn the_docs_example_record_says_ed25519_and_verifies() {
    let jws = docs_ed25519_record();
    let ring = KeyRing::from_jwks(&serde_json::from_value::<Jwks>(test_jwks()).unwrap()).unwrap();
    let (header, _) = verify_jws(&ring, &jws).unwrap();
    assert_eq!(header.alg, "Ed25519");
}

#[test]
fn records_signed_with_eddsa_still_verify_with_old_and_new_jwks() {
    let jws = docs_eddsa_record();
    assert_eq!(header_of(&jws)["alg"], "EdDSA");
    for jwks in [test_jwks(), old_style_jwks()] {
        let ring = KeyRing::from_jwks(&serde_json::from_value::<Jwks>(jwks).unwrap()).unwrap();
        let (header, payload) = verify_jws(&ring, &jws).unwrap();
        assert_eq!(header.alg, "EdDSA");
        let record: Value = serde_json::from_slice(&payload).unwrap();
        assert_eq!(record["format"], "ocop-trace/batch-record/v1");
    }
}

/// `fixtures/vectors/backup-v1-eddsa.ocopbak` is the backup vector as written before RFC 9864
/// (manifest `alg: EdDSA`, embedded JWKS with `alg`): it must still read and verify.
#[test]
fn the_eddsa_backup_vector_still_reads_and_verifies() {
    let bytes = std::fs::read(format!("{ROOT}/fixtures/vectors/backup-v1-eddsa.ocopbak")).unwrap();
    let ring = KeyRing::from_jwks(&serde_json::from_value::<Jwks>(test_jwks()).unwrap()).unwrap();
    let v = ocop_trace::backup::read(bytes.as_slice(), Some(&ring), |_| Ok(())).unwrap();
    assert!(v.pinned);
    assert_eq!(v.kid, "LhPc4IGl");
    let new = std::fs::read(format!("{ROOT}/fixtures/vectors/backup-v1.ocopbak")).unwrap();
    // The manifest header is the only base64url `{"alg":…` in either file.
    let find =
        |bytes: &[u8], header: &str| bytes.windows(header.len()).any(|w| w == header.as_bytes());
    let (ed25519, eddsa) = ("eyJhbGciOiJFZDI1NTE5Ii", "eyJhbGciOiJFZERTQSIs");
    assert!(find(&new, ed25519) && !find(&new, eddsa));
    assert!(find(&bytes, eddsa) && !find(&bytes, ed25519));
}

#[tokio::test]
async fn a_newly_issued_record_says_ed25519_and_verifies_with_python_jose_libraries() {
    let (app, _tmp) = TestApp::spawn().await;
    let coop = app.subject("Hợp tác xã Dừa Sáp", "cooperative").await;
    let product = app
        .product(coop, "Kẹo dừa sáp", Some("8930000000019"))
        .await;
    app.certificate(product, 4, "province", "2025-09-01").await;
    let producer = app.producer_token(coop).await;
    let batch = app
        .batch(&producer, product, "CK2611-01", 10, "2030-01-01")
        .await;
    let jws = batch["record"].as_str().unwrap().to_owned();
    let header = header_of(&jws);
    assert_eq!(header["alg"], "Ed25519");
    assert_eq!(header["typ"], "ocop-batch-record+jws");
    let (s, served) = app
        .get(ADMIN, &format!("/api/v1/batches/{}/record", batch["id"]))
        .await;
    assert_eq!(s, StatusCode::OK, "{served}");
    let jwks: Value = app
        .client
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for key in jwks["keys"].as_array().unwrap() {
        assert!(key.get("alg").is_none(), "a JWK names an alg: {key}");
        assert_eq!(
            (&key["kty"], &key["crv"]),
            (&json!("OKP"), &json!("Ed25519"))
        );
    }
    app.stop().await;
    let cases = json!({"cases": [
        {"name": "newly issued record", "jws": jws, "alg": "Ed25519", "jwks": jwks},
        {"name": "docs example", "jws": docs_ed25519_record(), "alg": "Ed25519", "jwks": test_jwks()},
        {"name": "docs example signed with EdDSA", "jws": docs_eddsa_record(), "alg": "EdDSA", "jwks": test_jwks()},
        {"name": "docs example, pinned pre-RFC 9864 JWKS", "jws": docs_eddsa_record(), "alg": "EdDSA", "jwks": old_style_jwks()},
    ]});
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_vec(&cases).unwrap()).unwrap();
    run_python("check_jose.py", &[file.path().to_str().unwrap()]);
}

/// Like `python::python_check`, with arguments.
pub(crate) fn run_python(script: &str, args: &[&str]) {
    if std::env::var_os("OCOP_SKIP_PYTHON").is_some() {
        eprintln!("skipped: OCOP_SKIP_PYTHON is set");
        return;
    }
    let out = Command::new("python3")
        .arg(format!("{ROOT}/tests/python/{script}"))
        .args(args)
        .output()
        .expect("python3 with joserfc and jwcrypto (pip install joserfc jwcrypto), or set OCOP_SKIP_PYTHON=1");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.trim_end().ends_with("0 failed"), "{text}");
}
