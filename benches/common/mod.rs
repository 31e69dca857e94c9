//! Sample records and an app over a temp store, shared by the benches that build a store.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "shared by several benchmarks, each using a part; benchmarks fail loudly"
)]

use chrono::NaiveDate;
use ocop_trace::access::{Principal, Role};
use ocop_trace::clock::Clock;
use ocop_trace::crypto::KeyStore;
use ocop_trace::domain::{IssuingLevel, NewBatch, NewCertificate, NewProduct, Origin};
use ocop_trace::service::App;
use ocop_trace::store::{SledStore, Store};
use std::sync::Arc;

/// An app with a fresh key set and store under `dir`, and an admin to act as.
pub fn bench_app(dir: &std::path::Path) -> (App, Principal) {
    let keys = KeyStore::new(dir.join("keys"));
    keys.init(chrono::Utc::now()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(&dir.join("data")).unwrap());
    let app = App::new(
        store,
        keys.load().unwrap(),
        "https://truyxuat.example.gov.vn",
        Clock::default(),
    );
    let admin = Principal {
        token_id: "bench".into(),
        role: Role::Admin,
        subject_id: None,
    };
    (app, admin)
}

/// A product with no optional facts.
pub fn sample_product(subject_id: u64, name: String, group: &str) -> NewProduct {
    NewProduct {
        subject_id,
        name,
        group: group.into(),
        subgroup: None,
        gtin: None,
        brand: None,
        raw_material_region: None,
        green_chain: None,
        brand_supported: false,
        trademark_registered: false,
        listings: Vec::new(),
        tourism: false,
    }
}

/// A certificate decided by the province (or the centre for 5★) on `date`.
pub fn sample_certificate(star: u8, date: NaiveDate, decision_no: String) -> NewCertificate {
    NewCertificate {
        star,
        potential_5_star: false,
        score: None,
        decision_no,
        decision_date: date,
        issuing_body: "UBND tỉnh Vĩnh Long".into(),
        level: if star == 5 {
            IssuingLevel::Central
        } else {
            IssuingLevel::Province
        },
        valid_until: None,
    }
}

/// A batch produced 2026-11-01, expiring 2028-01-01.
pub fn sample_batch(product_id: u64, lot: String, quantity: u32) -> NewBatch {
    NewBatch {
        product_id,
        lot,
        production_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        expiry_date: NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(),
        quantity,
        origin: Origin {
            region: "Vùng mẫu".into(),
            province: "Vĩnh Long".into(),
            district: None,
            commune: None,
        },
        notes: None,
        scratch_pin: false,
    }
}
