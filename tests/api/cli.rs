//! The `ocop-trace` binary, run as a user would.

use std::path::Path;
use std::process::Command;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ocop-trace"))
}

/// Runs `ocop-trace verify URL --jwks FILE`; returns (exit success, stdout + stderr).
pub fn offline_verify(url: &str, jwks: &Path) -> (bool, String) {
    let out = bin()
        .args(["verify", url, "--jwks"])
        .arg(jwks)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn keys_commands_manage_a_key_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("k");
    let run = |args: &[&str]| {
        let out = bin()
            .args(args)
            .arg("--keys-dir")
            .arg(&dir)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["keys", "init"]);
    assert_eq!(code, Some(0));
    let first = out.split_whitespace().last().unwrap().to_owned();
    assert_eq!(first.len(), 8);
    // Private key files are 0600.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.join(format!("{first}.pem")))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // A second init is refused.
    let (code, _, err) = run(&["keys", "init"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("already exists"), "{err}");
    // Retiring the active key leaves no signer; rotate brings a new one.
    let (code, _, err) = run(&["keys", "retire", &first]);
    assert_eq!(code, Some(0), "{err}");
    let (_, list, _) = run(&["keys", "list"]);
    assert!(list.contains(&format!("{first}\tRetired")), "{list}");
    assert_eq!(run(&["keys", "rotate"]).0, Some(0));
    assert_eq!(run(&["keys", "revoke", &first]).0, Some(0));
    let (_, list, _) = run(&["keys", "list"]);
    assert!(list.contains(&format!("{first}\tRevoked")), "{list}");
    assert!(list.contains("Active"), "{list}");
    let (code, jwks, _) = run(&["keys", "export-jwks"]);
    assert_eq!(code, Some(0));
    let jwks: serde_json::Value = serde_json::from_str(&jwks).unwrap();
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
    assert_eq!(jwks["keys"][0]["kty"], "OKP");
    assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
    assert!(
        jwks.to_string().find("\"d\"").is_none(),
        "no private member"
    );
    let (code, _, err) = run(&["keys", "retire", &first]);
    assert_eq!(code, Some(1), "a revoked key cannot be retired");
    assert!(err.contains("revoked"), "{err}");
    let (code, _, err) = run(&["keys", "revoke", "nope"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown key id"));
}

#[test]
fn a_group_readable_private_key_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("k");
    let out = bin()
        .args(["keys", "init", "--keys-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    let pem = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pem"))
        .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pem, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = bin()
        .args(["keys", "export-jwks", "--keys-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("readable by group or others"), "{err}");
}

#[test]
fn verify_reports_malformed_input_and_missing_files() {
    let tmp = tempfile::tempdir().unwrap();
    let jwks = tmp.path().join("jwks.json");
    std::fs::write(&jwks, r#"{"keys":[]}"#).unwrap();
    let (ok, out) = offline_verify("https://x.vn/hello", &jwks);
    assert!(!ok && out.contains("malformed"), "{out}");
    let (ok, out) = offline_verify("https://x.vn/l/1/1", &tmp.path().join("missing.json"));
    assert!(!ok && out.contains("cannot read JWKS"), "{out}");
    std::fs::write(&jwks, "not json").unwrap();
    let (ok, out) = offline_verify("https://x.vn/l/1/1", &jwks);
    assert!(!ok && out.contains("not a JWKS"), "{out}");
}
