//! The OpenAPI document clients use: it lists exactly what the router serves, validates as
//! OpenAPI 3.1, and schemathesis finds no request the server answers against it.

mod document;
mod regressions;
mod schemathesis;

use std::process::Command;

/// True when Python checks are turned off (`OCOP_SKIP_PYTHON=1`, machines without Python).
fn skip_python() -> bool {
    let skip = std::env::var_os("OCOP_SKIP_PYTHON").is_some();
    if skip {
        eprintln!("skipped: OCOP_SKIP_PYTHON is set");
    }
    skip
}

/// Runs `python3 ARGS`; returns (success, stdout + stderr).
fn python(args: &[&str], dir: &std::path::Path) -> (bool, String) {
    let out = Command::new("python3")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("python3 is needed (scripts/test installs tests/python/requirements.txt), or set OCOP_SKIP_PYTHON=1");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
