//! Backup and restore of a provincial-size store: 500 subjects, 2,000 certified products and
//! 20,000 issued batches (each with its signed record and log entry). Reports how long
//! writers wait for the snapshot, backup throughput, verification, and restore with every
//! check (every batch signature, the log recomputed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use ocop_trace::access::{Principal, Role};
use ocop_trace::clock::Clock;
use ocop_trace::crypto::KeyStore;
use ocop_trace::domain::{
    Address, Contact, IssuingLevel, NewBatch, NewCertificate, NewProduct, NewSubject, Origin,
    SubjectKind,
};
use ocop_trace::service::App;
use ocop_trace::store::{SledStore, Store};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = KeyStore::new(tmp.path().join("keys"));
    keys.init(chrono::Utc::now()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(&tmp.path().join("data")).unwrap());
    let app = App::new(
        store.clone(),
        keys.load().unwrap(),
        "https://truyxuat.example.gov.vn",
        Clock::default(),
    );
    let admin = Principal {
        token_id: "bench".into(),
        role: Role::Admin,
        subject_id: None,
    };
    let built = Instant::now();
    let mut products = Vec::new();
    let mut subject = 0;
    for i in 0..2_000usize {
        if i % 4 == 0 {
            subject = app
                .create_subject(
                    &admin,
                    NewSubject {
                        name: format!("Hợp tác xã mẫu {i}"),
                        kind: SubjectKind::Cooperative,
                        registration_no: format!("SAMPLE-{i}"),
                        address: Address {
                            province: "Vĩnh Long".into(),
                            district: Some("Cầu Kè".into()),
                            commune: None,
                            street: None,
                        },
                        contact: Contact::default(),
                        gln: None,
                        channels: Vec::new(),
                        craft_village: None,
                    },
                )
                .unwrap()
                .id;
        }
        let p = app
            .create_product(
                &admin,
                NewProduct {
                    subject_id: subject,
                    name: format!("Mật hoa dừa loại {i}"),
                    group: "food".into(),
                    subgroup: None,
                    gtin: None,
                    brand: None,
                    raw_material_region: None,
                    green_chain: None,
                    brand_supported: false,
                    trademark_registered: false,
                    listings: Vec::new(),
                    tourism: false,
                },
            )
            .unwrap();
        app.grant_certificate(
            &admin,
            p.id,
            NewCertificate {
                star: 4,
                potential_5_star: false,
                score: None,
                decision_no: format!("{i}/QĐ-UBND"),
                decision_date: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
                issuing_body: "UBND tỉnh Vĩnh Long".into(),
                level: IssuingLevel::Province,
                valid_until: None,
            },
        )
        .unwrap();
        products.push(p.id);
    }
    for i in 0..20_000usize {
        app.issue_batch(
            &admin,
            NewBatch {
                product_id: products[i % products.len()],
                lot: format!("L{i}"),
                production_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                expiry_date: NaiveDate::from_ymd_opt(2028, 1, 1).unwrap(),
                quantity: 1000,
                origin: Origin {
                    region: "Vùng mẫu".into(),
                    province: "Vĩnh Long".into(),
                    district: None,
                    commune: None,
                },
                notes: None,
                scratch_pin: false,
            },
        )
        .unwrap();
    }
    store.flush().unwrap();
    println!(
        "== backup/restore: 2,000 products, 20,000 batches, {} log entries (built in {:.0} s) ==",
        store.log_size().unwrap(),
        built.elapsed().as_secs_f64()
    );

    // Snapshot into memory first: this is how long writers wait.
    let t = Instant::now();
    let mut bytes = Vec::new();
    let m = ocop_trace::backup::create(
        store.as_ref(),
        &app.keys,
        None,
        chrono::Utc::now(),
        &mut bytes,
    )
    .unwrap();
    let snap = t.elapsed().as_secs_f64();
    let records: u64 = m.trees.iter().map(|t| t.records).sum();
    println!(
        "backup: {:.1} MB, {records} records in {snap:.2} s ({:.0} MB/s) — writers wait this long",
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / 1e6 / snap
    );
    let file = tmp.path().join("b.ocopbak");
    std::fs::write(&file, &bytes).unwrap();
    let t = Instant::now();
    ocop_trace::backup::verify_file(&file, None).unwrap();
    println!(
        "verify (checksum + signature): {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = ocop_trace::backup::restore(&file, &tmp.path().join("restored"), None, None).unwrap();
    let took = t.elapsed().as_secs_f64();
    println!(
        "restore with every check: {took:.2} s ({} records, {} batch signatures, log of {} entries)",
        r.records, r.batches_checked, m.log_size
    );
    println!(
        "extrapolated to national scale (100,000 batches): backup ≈ {:.1} s, restore ≈ {:.0} s",
        snap * 5.0,
        took * 5.0
    );
}
