//! Independent checks written in another language, run as part of `cargo test`.

use std::process::Command;

/// `tests/python/check_vectors.py` re-derives every label vector with Python's
/// `cryptography` package. Set OCOP_SKIP_PYTHON=1 only on machines without Python.
#[test]
fn label_vectors_check_out_in_python() {
    if std::env::var_os("OCOP_SKIP_PYTHON").is_some() {
        eprintln!("skipped: OCOP_SKIP_PYTHON is set");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/tests/python/check_vectors.py"))
        .output()
        .expect("python3 is needed for the cross-language vector check (pip install cryptography), or set OCOP_SKIP_PYTHON=1");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.trim_end().ends_with("0 failed"), "{text}");
}

/// `tests/python/check_backup.py` reads the published backup vector with Python's standard
/// library and `cryptography` only (docs/backup-format.md).
#[test]
fn backup_vector_checks_out_in_python() {
    if std::env::var_os("OCOP_SKIP_PYTHON").is_some() {
        eprintln!("skipped: OCOP_SKIP_PYTHON is set");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/tests/python/check_backup.py"))
        .output()
        .expect("python3 with cryptography is needed, or set OCOP_SKIP_PYTHON=1");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.trim_end().ends_with("0 failed"), "{text}");
}
