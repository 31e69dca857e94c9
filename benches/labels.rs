//! Label benchmarks: sign/verify/build/parse one label (criterion), then two whole-batch
//! measurements printed as ratios against raw Ed25519 signing measured in the same run:
//! issuing a 1,000,000-unit batch (time, bytes added to the store) and writing its
//! 1,000,000 signed label URLs as CSV.
#![expect(
    clippy::unwrap_used,
    reason = "tests and benchmarks fail loudly on any unexpected error"
)]

use chrono::NaiveDate;
use criterion::Criterion;
use ed25519_dalek::SigningKey;
use ocop_trace::access::{Principal, Role};
use ocop_trace::clock::Clock;
use ocop_trace::crypto::{Issuer, KeyRing, KeyStatus, KeyStore};
use ocop_trace::domain::{
    Address, Contact, Gtin, IssuingLevel, Lot, NewBatch, NewCertificate, NewProduct, NewSubject,
    Origin, Star, SubjectKind,
};
use ocop_trace::label::{LabelClaims, LabelIdentity, SignedLabel, UnitLabel, bulk};
use ocop_trace::service::App;
use ocop_trace::store::{SledStore, Store};
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

const BASE: &str = "https://truyxuat.vinhlong.gov.vn";

fn issuer() -> Issuer {
    Issuer::from_signing_key(SigningKey::from_bytes(&[7u8; 32]), KeyStatus::Active)
}

fn label(kid: &str, serial: u32) -> UnitLabel {
    UnitLabel {
        kid: kid.into(),
        identity: LabelIdentity::Gs1 {
            gtin: Gtin::parse("8930000100016").unwrap(),
            lot: Lot::parse("CK2611-01").unwrap(),
        },
        serial,
        claims: LabelClaims {
            star: Star::new(4).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2028, 8, 31).unwrap(),
        },
    }
}

fn micro(c: &mut Criterion) {
    let issuer = issuer();
    let verify_only = Issuer::from_jwk(&issuer.jwk()).unwrap();
    let l = label(&issuer.record.kid, 123_456);
    let msg = l.message();
    let sig = issuer.sign(&msg).unwrap();
    let url = l.url(BASE, &sig);
    c.bench_function("label/sign", |b| b.iter(|| issuer.sign(black_box(&msg))));
    c.bench_function("label/verify (public key, strict)", |b| {
        b.iter(|| verify_only.check(black_box(&msg), &sig))
    });
    c.bench_function("label/check (re-sign with held key)", |b| {
        b.iter(|| issuer.check(black_box(&msg), &sig))
    });
    c.bench_function("label/build url (message + sign + url)", |b| {
        b.iter(|| {
            let m = l.message();
            let s = issuer.sign(&m).unwrap();
            l.url(BASE, &s)
        })
    });
    c.bench_function("label/parse url", |b| {
        b.iter(|| SignedLabel::parse_url(black_box(&url)))
    });
}

/// Raw Ed25519 signing rate of one core over ~1 s (64-byte messages).
fn raw_sign_rate_per_core(issuer: &Issuer) -> f64 {
    let msg = [42u8; 64];
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < Duration::from_secs(1) {
        for _ in 0..1000 {
            black_box(issuer.sign(black_box(&msg)));
        }
        n += 1000;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn seeded_app(dir: &std::path::Path) -> (App, u64) {
    let keys = KeyStore::new(dir.join("keys"));
    keys.init(chrono::Utc::now()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(&dir.join("data")).unwrap());
    let app = App::new(store, keys.load().unwrap(), BASE, Clock::default());
    let admin = Principal {
        token_id: "bench".into(),
        role: Role::Admin,
        subject_id: None,
    };
    let s = app
        .create_subject(
            &admin,
            NewSubject {
                name: "HTX Dừa Sáp".into(),
                kind: SubjectKind::Cooperative,
                registration_no: "B-1".into(),
                address: Address {
                    province: "Trà Vinh".into(),
                    district: None,
                    commune: None,
                    street: None,
                },
                contact: Contact::default(),
                gln: None,
                channels: Vec::new(),
                craft_village: None,
            },
        )
        .unwrap();
    let p = app
        .create_product(
            &admin,
            NewProduct {
                subject_id: s.id,
                name: "Dừa sáp".into(),
                group: "food".into(),
                subgroup: None,
                gtin: Some("8930000100016".into()),
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
            decision_no: "1/QĐ-UBND".into(),
            decision_date: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
            issuing_body: "UBND tỉnh Vĩnh Long".into(),
            level: IssuingLevel::Province,
            valid_until: None,
        },
    )
    .unwrap();
    (app, p.id)
}

fn whole_batches() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let issuer = issuer();
    let raw = raw_sign_rate_per_core(&issuer);
    println!("\n== whole-batch measurements ({cores} cores) ==");
    println!(
        "raw Ed25519 signing: {raw:.0}/s per core, {:.0}/s on {cores} cores",
        raw * cores as f64
    );

    // Issue 1,000,000-unit batches: time and bytes added to the store.
    let tmp = tempfile::tempdir().unwrap();
    let (app, product) = seeded_app(tmp.path());
    let admin = Principal {
        token_id: "bench".into(),
        role: Role::Admin,
        subject_id: None,
    };
    let mut times = Vec::new();
    let mut bytes = Vec::new();
    for i in 0..5 {
        app.store.flush().unwrap();
        let before = app.store.size_on_disk().unwrap();
        let start = Instant::now();
        let batch = app
            .issue_batch(
                &admin,
                NewBatch {
                    product_id: product,
                    lot: format!("BENCH-{i}"),
                    production_date: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                    expiry_date: NaiveDate::from_ymd_opt(2030, 11, 1).unwrap(),
                    quantity: 1_000_000,
                    origin: Origin {
                        region: "Vùng dừa Cầu Kè".into(),
                        province: "Trà Vinh".into(),
                        district: None,
                        commune: None,
                    },
                    notes: None,
                    scratch_pin: false,
                },
            )
            .unwrap();
        times.push(start.elapsed());
        let stored = serde_json::to_vec(&batch).unwrap().len() as u64;
        bytes.push((
            stored,
            app.store.size_on_disk().unwrap().saturating_sub(before),
        ));
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "issue 1,000,000-unit batch: median {:.2} ms (target < 1000 ms: {:.4}× of ceiling); record {} bytes (target < 10240: {:.3}×); sled on-disk growth per batch {:?} bytes",
        median.as_secs_f64() * 1e3,
        median.as_secs_f64(),
        bytes[0].0,
        bytes[0].0 as f64 / 10240.0,
        bytes.iter().map(|b| b.1).collect::<Vec<_>>()
    );

    // 1,000,000 signed label URLs as CSV.
    let template = label(&issuer.record.kid, 1);
    let mut sink = CountingSink(0);
    let start = Instant::now();
    let rows = bulk::write_csv(
        &issuer, &template, BASE, 1, 1_000_000, cores, None, &mut sink,
    )
    .unwrap();
    let took = start.elapsed().as_secs_f64();
    let rate = rows as f64 / took;
    println!(
        "CSV of 1,000,000 label URLs: {took:.2} s, {rate:.0} labels/s, {:.1} MB; ratio to raw signing × {cores} cores = {:.3} (target ≥ 0.8)",
        sink.0 as f64 / 1e6,
        rate / (raw * cores as f64)
    );
    let _ = KeyRing::default();
}

struct CountingSink(u64);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let mut c = Criterion::default()
        .configure_from_args()
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    micro(&mut c);
    c.final_summary();
    whole_batches();
}
