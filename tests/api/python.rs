//! Independent checks written in another language, run as part of `cargo test`.

use std::process::Command;

/// Runs `tests/python/{script}`, which must succeed and end with "0 failed". Set
/// OCOP_SKIP_PYTHON=1 only on machines without Python.
fn python_check(script: &str) {
    if std::env::var_os("OCOP_SKIP_PYTHON").is_some() {
        eprintln!("skipped: OCOP_SKIP_PYTHON is set");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/tests/python/{script}"))
        .output()
        .expect("python3 is needed for the cross-language checks (pip install cryptography), or set OCOP_SKIP_PYTHON=1");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.trim_end().ends_with("0 failed"), "{text}");
}

/// `check_vectors.py` re-derives every label vector with Python's `cryptography` package.
#[test]
fn label_vectors_check_out_in_python() {
    python_check("check_vectors.py");
}

/// `check_backup.py` reads the published backup vectors (v2 and v1) with Python's standard
/// library and `cryptography` only (docs/backup-format.md).
#[test]
fn backup_vector_checks_out_in_python() {
    python_check("check_backup.py");
}
