//! The naive ceiling for the load test (`benches/load.sh`): a minimal axum server whose only
//! route performs one Ed25519 verification per request. Listens on BARE_ADDR (default
//! 127.0.0.1:18090) until killed. Under `cargo bench` without BARE_ADDR it exits at once.
#![expect(
    clippy::unwrap_used,
    reason = "tests and benchmarks fail loudly on any unexpected error"
)]

use axum::{Router, routing::get};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use std::sync::Arc;

fn main() {
    let Ok(addr) = std::env::var("BARE_ADDR") else {
        println!("bare_verify: set BARE_ADDR to serve (used by benches/load.sh)");
        return;
    };
    let key = SigningKey::from_bytes(&[7u8; 32]);
    let msg = b"ocop-trace/label/v1\nkid:xxxxxxxx\nid:01/08930000000019/10/LOT\nserial:1\nstar:4\nvalid_until:2028-08-31".to_vec();
    let sig: Signature = key.sign(&msg);
    let vk = key.verifying_key();
    let state = Arc::new((vk, msg, sig));
    let app = Router::new().route(
        "/{*rest}",
        get(move || {
            let s = state.clone();
            async move {
                if s.0.verify(&s.1, &s.2).is_ok() {
                    "genuine: ok 20 bytes"
                } else {
                    "bad signature!!!!!!!"
                }
            }
        }),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr).await.unwrap();
        axum::serve(listener, app).await.unwrap();
    });
}
