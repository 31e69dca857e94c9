//! Published test vectors (`fixtures/vectors/labels.json`), generated from the test-only key
//! in `keys/test-only/`. Set OCOP_REGEN_VECTORS=1 to rewrite the file after a deliberate
//! format change.

use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use ocop_trace::crypto::{Issuer, Jwks, KeyRing, KeyStatus};
use ocop_trace::domain::{Gtin, Lot, Star};
use ocop_trace::label::{LabelClaims, LabelIdentity, SignedLabel, UnitLabel};
use ocop_trace::verify::{VerdictCode, verify_offline};
use qrcode::{EcLevel, QrCode, Version};
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The test-only issuer of `keys/test-only/` (never trusted anywhere).
pub fn test_issuer() -> Issuer {
    let dir = format!("{ROOT}/keys/test-only");
    let pem = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pem"))
        .unwrap();
    let key = SigningKey::from_pkcs8_pem(&std::fs::read_to_string(pem).unwrap()).unwrap();
    Issuer::from_signing_key(key, KeyStatus::Active)
}

struct Case {
    name: &'static str,
    base: &'static str,
    gtin: Option<&'static str>,
    lot: &'static str,
    batch: u64,
    serial: u32,
    star: u8,
    valid_until: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "gtin13, first serial, 3 stars",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: Some("8930000100016"),
        lot: "CK2611-01",
        batch: 0,
        serial: 1,
        star: 3,
        valid_until: "2029-03-26",
    },
    Case {
        name: "gtin13, last serial of 1000, 3 stars",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: Some("8930000100016"),
        lot: "CK2611-01",
        batch: 0,
        serial: 1000,
        star: 3,
        valid_until: "2029-03-26",
    },
    Case {
        name: "gtin13, 4 stars, max-length lot, 7-digit serial",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: Some("8930000200013"),
        lot: "ABCDEFGHIJ0123456789",
        batch: 0,
        serial: 9_999_999,
        star: 4,
        valid_until: "2028-06-30",
    },
    Case {
        name: "gtin13, 5 stars, lot needing percent-encoding",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: Some("8930000300010"),
        lot: "L/26%A?",
        batch: 0,
        serial: 42,
        star: 5,
        valid_until: "2029-12-31",
    },
    Case {
        name: "gtin8 padded to gtin14",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: Some("96385074"),
        lot: "A1",
        batch: 0,
        serial: 7,
        star: 4,
        valid_until: "2027-07-12",
    },
    Case {
        name: "gtin12 with a path prefix in the base",
        base: "https://ocop.example.vn/tv",
        gtin: Some("036000291452"),
        lot: "2611",
        batch: 0,
        serial: 123,
        star: 3,
        valid_until: "2028-01-01",
    },
    Case {
        name: "no gtin, first serial, 3 stars",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: None,
        lot: "MH2611",
        batch: 42,
        serial: 1,
        star: 3,
        valid_until: "2028-08-31",
    },
    Case {
        name: "no gtin, max quantity serial, 4 stars",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: None,
        lot: "MH2611",
        batch: 1_234_567,
        serial: 10_000_000,
        star: 4,
        valid_until: "2028-08-31",
    },
    Case {
        name: "no gtin, 5 stars",
        base: "https://truyxuat.vinhlong.gov.vn",
        gtin: None,
        lot: "X",
        batch: 9,
        serial: 500,
        star: 5,
        valid_until: "2030-02-28",
    },
    Case {
        name: "worst case: 40-char base, 20-char lot, 7-digit serial",
        base: "https://truyxuat-ocop.vinhlong.gov.vn/a1",
        gtin: Some("8930000200013"),
        lot: "ABCDEFGHIJ0123456789",
        batch: 0,
        serial: 9_999_999,
        star: 5,
        valid_until: "2099-12-31",
    },
];

fn build(issuer: &Issuer, c: &Case) -> (UnitLabel, [u8; 64], String) {
    let identity = match c.gtin {
        Some(g) => LabelIdentity::Gs1 {
            gtin: Gtin::parse(g).unwrap(),
            lot: Lot::parse(c.lot).unwrap(),
        },
        None => LabelIdentity::Batch { id: c.batch },
    };
    let label = UnitLabel {
        kid: issuer.record.kid.clone(),
        identity,
        serial: c.serial,
        claims: LabelClaims {
            star: Star::new(c.star).unwrap(),
            valid_until: NaiveDate::parse_from_str(c.valid_until, "%Y-%m-%d").unwrap(),
        },
    };
    let sig = issuer.sign(&label.message()).unwrap();
    let url = label.url(c.base, &sig);
    (label, sig, url)
}

fn qr_version(url: &str) -> i16 {
    match QrCode::with_error_correction_level(url, EcLevel::M)
        .unwrap()
        .version()
    {
        Version::Normal(v) | Version::Micro(v) => v,
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn generate() -> Value {
    let issuer = test_issuer();
    let vectors: Vec<Value> = CASES
        .iter()
        .map(|c| {
            let (label, sig, url) = build(&issuer, c);
            let message = label.message();
            json!({
                "name": c.name,
                "base": c.base,
                "input": {"gtin": c.gtin, "lot": c.lot, "batch_id": if c.gtin.is_none() { Some(c.batch) } else { None },
                          "serial": c.serial, "star": c.star, "valid_until": c.valid_until},
                "kid": issuer.record.kid,
                "message_text": String::from_utf8(message.clone()).unwrap(),
                "message_hex": hex(&message),
                "signature_b64url": ocop_trace::crypto::b64url(&sig),
                "url": url,
                "url_length": url.len(),
                "qr_version_ecc_m": qr_version(&url),
                "expected": {"signature_valid": true, "identity": label.identity.message_form(), "serial": c.serial, "star": c.star, "valid_until": c.valid_until}
            })
        })
        .collect();
    json!({
        "format": "ocop-trace/label/v1 test vectors",
        "warning": "Generated with the TEST-ONLY key in keys/test-only/. Never trust this key.",
        "jwks": issuer_jwks(&issuer),
        "vectors": vectors,
    })
}

fn issuer_jwks(issuer: &Issuer) -> Jwks {
    Jwks {
        keys: vec![issuer.jwk()],
    }
}

#[test]
fn published_label_vectors_match_the_implementation() {
    let path = format!("{ROOT}/fixtures/vectors/labels.json");
    let fresh = generate();
    if std::env::var_os("OCOP_REGEN_VECTORS").is_some() {
        std::fs::create_dir_all(format!("{ROOT}/fixtures/vectors")).unwrap();
        std::fs::write(&path, serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        stored, fresh,
        "fixtures/vectors/labels.json is stale; see the module docs"
    );
    assert!(stored["vectors"].as_array().unwrap().len() >= 10);
}

#[test]
fn every_vector_verifies_offline_and_fits_qr_version_10_at_ecc_m() {
    let data = generate();
    let jwks: Jwks = serde_json::from_value(data["jwks"].clone()).unwrap();
    let ring = KeyRing::from_jwks(&jwks).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    for v in data["vectors"].as_array().unwrap() {
        let url = v["url"].as_str().unwrap();
        let verdict = verify_offline(&ring, url, today);
        assert_eq!(
            verdict.code,
            VerdictCode::Genuine,
            "{url}: {}",
            verdict.reason
        );
        assert!(v["qr_version_ecc_m"].as_i64().unwrap() <= 10, "{url}");
        // Flipping one character of the signature breaks it.
        let mut tampered = url.to_owned();
        let last = tampered.pop().unwrap();
        tampered.push(if last == 'A' { 'B' } else { 'A' });
        let code = verify_offline(&ring, &tampered, today).code;
        assert!(
            matches!(code, VerdictCode::BadSignature | VerdictCode::Malformed),
            "{tampered}"
        );
        // The parsed label round-trips to the same URL.
        let parsed = SignedLabel::parse_url(url).unwrap();
        assert_eq!(parsed.url(v["base"].as_str().unwrap()), url);
    }
}

#[test]
fn worst_case_label_qr_decodes_back_to_its_url() {
    let data = generate();
    let worst = data["vectors"].as_array().unwrap().last().unwrap().clone();
    let url = worst["url"].as_str().unwrap();
    assert!(
        url.len() >= 200,
        "the worst case must be long: {}",
        url.len()
    );
    let code = QrCode::with_error_correction_level(url, EcLevel::M).unwrap();
    assert_eq!(code.version(), Version::Normal(10));
    assert_eq!(code.width(), 57);
    // Render with a 4-module quiet zone at 4 px per module and decode with rqrr.
    let (w, scale, quiet) = (code.width(), 4usize, 4usize);
    let colors = code.to_colors();
    let size = (w + 2 * quiet) * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        if mx < quiet || my < quiet || mx >= quiet + w || my >= quiet + w {
            return 255;
        }
        match colors[(my - quiet) * w + (mx - quiet)] {
            qrcode::Color::Dark => 0,
            qrcode::Color::Light => 255,
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert_eq!(content, url);
}
