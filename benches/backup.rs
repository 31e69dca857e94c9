//! Backup and restore of a provincial-size store: 500 subjects, 2,000 certified products and
//! 20,000 issued batches (each with its signed record and log entry). Reports how long
//! writers wait for the snapshot, backup throughput, verification, and restore with every
//! check (every batch signature, the log recomputed).
#![expect(
    clippy::unwrap_used,
    reason = "tests and benchmarks fail loudly on any unexpected error"
)]

use chrono::NaiveDate;
use ocop_trace::domain::{Address, Contact, NewSubject, SubjectKind};
use std::time::Instant;

#[path = "common/mod.rs"]
mod common;

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let (app, admin) = common::bench_app(tmp.path());
    let store = app.store.clone();
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
                common::sample_product(subject, format!("Mật hoa dừa loại {i}"), "food"),
            )
            .unwrap();
        app.grant_certificate(
            &admin,
            p.id,
            common::sample_certificate(
                4,
                NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
                format!("{i}/QĐ-UBND"),
            ),
        )
        .unwrap();
        products.push(p.id);
    }
    for i in 0..20_000usize {
        app.issue_batch(
            &admin,
            common::sample_batch(products[i % products.len()], format!("L{i}"), 1000),
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
