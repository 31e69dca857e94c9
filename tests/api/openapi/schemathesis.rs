//! schemathesis (pinned in tests/python/requirements.txt) against the real binary serving the
//! demo portfolio, with the admin token and every check: no failure is allowed.
//!
//! Two operations are left out. `POST /api/v1/admin/backup` streams a snapshot of the whole
//! store per request (tens of megabytes, seconds each), which would spend the time budget on
//! one operation; `tests/api/store_backup.rs` covers it. `POST /api/v1/tokens/{id}/revoke`
//! would revoke the admin token the run authenticates with (the stateful phase finds its id
//! in `GET /api/v1/tokens`), turning every later answer into a 401; `tests/api/ops.rs` covers it.

use crate::cli::bin;
use crate::helpers::ADMIN;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::Duration;

/// Examples per operation and phase: enough to find what the document gets wrong, small
/// enough to finish in about half a minute on two cores.
const MAX_EXAMPLES: &str = "40";

/// A fixed seed makes a failure reproducible with the same command.
const SEED: &str = "2";

/// The server process, killed when the test ends however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `ocop-trace serve --demo` on an ephemeral port over `dir`; returns it and its base URL.
fn serve_demo(dir: &Path) -> (Server, String) {
    let mut child = bin()
        .args(["serve", "--demo", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.join("data"))
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
    // Keeps reading after the address, so a chatty server never blocks on a full pipe; a
    // panic's message reaches the test's output.
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.split("listening on ").nth(1)
                && let Some(tx) = tx.take()
            {
                let _ = tx.send(addr.trim().to_owned());
            } else if line.contains("panicked") {
                eprintln!("server: {line}");
            }
        }
    });
    let server = Server(child);
    let base = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server did not start");
    (server, base)
}

#[test]
fn schemathesis_finds_no_failure_with_every_check() {
    if super::skip_python() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (_server, base) = serve_demo(tmp.path());
    let config = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/python/schemathesis.toml"
    );
    let schema = format!("{base}/api/v1/openapi.json");
    let auth = format!("Authorization: Bearer {ADMIN}");
    let (ok, text) = super::python(
        &[
            "-m",
            "schemathesis.cli",
            "--no-color",
            "--config-file",
            config,
            "run",
            &schema,
            "--header",
            &auth,
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            SEED,
            // One worker: CPython 3.11's `ast` is not thread-safe, and Hypothesis parses
            // source from each worker thread ("AST constructor recursion depth mismatch").
            "--workers",
            "1",
            "--exclude-path",
            "/api/v1/admin/backup",
            "--exclude-path",
            "/api/v1/tokens/{id}/revoke",
        ],
        tmp.path(),
    );
    assert!(ok, "schemathesis reported failures:\n{text}");
    eprintln!(
        "{}",
        text.lines().rev().take(3).collect::<Vec<_>>().join("\n")
    );
}
