//! Label URLs: parsing, re-rendering, offline verification, and the label route itself.
#![no_main]

#[path = "harness.rs"]
mod harness;

use libfuzzer_sys::fuzz_target;
use ocop_trace::crypto::{Issuer, KeyRing, KeyStatus};
use ocop_trace::label::SignedLabel;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(label) = SignedLabel::parse_url(s) {
        // Whatever parses renders back to a URL that parses to the same label.
        let again = SignedLabel::parse_url(&label.url("https://x.vn"));
        assert_eq!(again.as_ref(), Ok(&label));
    }
    let ring = KeyRing::new(vec![Issuer::from_signing_key(
        ed25519_dalek::SigningKey::from_bytes(&[7; 32]),
        KeyStatus::Active,
    )]);
    let _ = ocop_trace::verify::verify_offline(&ring, s, chrono::NaiveDate::MIN);
    // Online: the request path+query as a phone would send it, and inside /api/v1/verify.
    let h = harness::harness();
    if s.starts_with('/') && axum::http::Uri::try_from(s).is_ok() {
        h.send_ok("GET", s, Vec::new(), "");
    }
    let q: String = s.bytes().map(|b| format!("%{b:02X}")).collect();
    h.send_ok("GET", &format!("/api/v1/verify?url={q}"), Vec::new(), "");
});
