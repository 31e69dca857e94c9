//! Dashboard and catalogue over a synthetic national-scale store: 6,500 subjects, 12,000
//! products (each certified), 100,000 batches. Targets: dashboard < 200 ms, search < 20 ms.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use ocop_trace::access::{Principal, Role};
use ocop_trace::clock::Clock;
use ocop_trace::crypto::KeyStore;
use ocop_trace::domain::{
    Address, ChannelKind, Contact, IssuingLevel, NewBatch, NewCertificate, NewProduct, NewSubject,
    Origin, SalesChannel, SubjectKind,
};
use ocop_trace::service::{App, CatalogueQuery};
use ocop_trace::store::{SledStore, Store};
use std::sync::Arc;
use std::time::Instant;

const NAMES: [&str; 8] = [
    "Mật hoa dừa",
    "Kẹo dừa",
    "Nước mắm",
    "Gạo thơm",
    "Trà mãng cầu",
    "Tôm khô",
    "Bánh tét",
    "Cốm dẹp",
];
const DISTRICTS: [&str; 9] = [
    "Càng Long",
    "Cầu Kè",
    "Tiểu Cần",
    "Châu Thành",
    "Cầu Ngang",
    "Trà Cú",
    "Duyên Hải",
    "Long Hồ",
    "Mang Thít",
];
const GROUPS: [&str; 6] = [
    "food",
    "beverage",
    "herbal",
    "handicraft",
    "ornamental",
    "tourism",
];

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    let keys = KeyStore::new(tmp.path().join("keys"));
    keys.init(chrono::Utc::now()).unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(&tmp.path().join("data")).unwrap());
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
    let kinds = [
        SubjectKind::Company,
        SubjectKind::Enterprise,
        SubjectKind::Cooperative,
        SubjectKind::CooperativeGroup,
        SubjectKind::HouseholdBusiness,
    ];
    let start = Instant::now();
    let mut subjects = Vec::new();
    for i in 0..6_500usize {
        let s = app
            .create_subject(
                &admin,
                NewSubject {
                    name: format!("Chủ thể mẫu {i}"),
                    kind: kinds[i % 5],
                    registration_no: format!("SAMPLE-{i}"),
                    address: Address {
                        province: "Vĩnh Long".into(),
                        district: Some(DISTRICTS[i % 9].into()),
                        commune: None,
                        street: None,
                    },
                    contact: Contact::default(),
                    gln: None,
                    channels: vec![SalesChannel {
                        kind: if i % 2 == 0 {
                            ChannelKind::Ecommerce
                        } else {
                            ChannelKind::TraditionalMarket
                        },
                        url: None,
                    }],
                    craft_village: None,
                },
            )
            .unwrap();
        subjects.push(s.id);
    }
    let mut products = Vec::new();
    for i in 0..12_000usize {
        let p = app
            .create_product(
                &admin,
                NewProduct {
                    subject_id: subjects[i % subjects.len()],
                    name: format!("{} loại {i}", NAMES[i % 8]),
                    group: GROUPS[i % 6].into(),
                    subgroup: None,
                    gtin: None,
                    brand: None,
                    raw_material_region: None,
                    green_chain: None,
                    brand_supported: i % 1000 == 0,
                    trademark_registered: i % 500 == 0,
                    listings: Vec::new(),
                    tourism: false,
                },
            )
            .unwrap();
        let star = [3u8, 3, 3, 4, 4, 5][i % 6];
        let (level, date) = if star == 5 {
            (IssuingLevel::Central, "2025-10-01")
        } else {
            (IssuingLevel::Province, "2025-09-01")
        };
        app.grant_certificate(
            &admin,
            p.id,
            NewCertificate {
                star,
                potential_5_star: star == 4 && i % 7 == 0,
                score: None,
                decision_no: format!("{i}/QĐ-UBND"),
                decision_date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
                issuing_body: "UBND tỉnh Vĩnh Long".into(),
                level,
                valid_until: None,
            },
        )
        .unwrap();
        products.push(p.id);
    }
    for i in 0..100_000usize {
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
    println!(
        "== portfolio at national scale: 6,500 subjects, 12,000 products, 100,000 batches (built in {:.0} s) ==",
        start.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let d = app.dashboard(None).unwrap();
    let cold = t.elapsed().as_secs_f64() * 1e3;
    assert_eq!(d.rated_products, 12_000);
    // A change (one new subject) makes the next render rebuild the index; batches already
    // counted are not read again.
    app.create_subject(
        &admin,
        NewSubject {
            name: "Chủ thể mới".into(),
            kind: SubjectKind::Cooperative,
            registration_no: "SAMPLE-NEW".into(),
            address: Address {
                province: "Vĩnh Long".into(),
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
    let t = Instant::now();
    std::hint::black_box(app.dashboard(None).unwrap());
    let after_change = t.elapsed().as_secs_f64() * 1e3;
    let mut warm = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        std::hint::black_box(app.dashboard(None).unwrap());
        warm.push(t.elapsed().as_secs_f64() * 1e3);
    }
    warm.sort_by(f64::total_cmp);
    println!(
        "dashboard: first render on a fresh start {cold:.0} ms (reads every record: {:.2}× the 200 ms ceiling); first render after a change {after_change:.0} ms ({:.2}×); later renders median {:.1} ms ({:.3}×)",
        cold / 200.0,
        after_change / 200.0,
        warm[10],
        warm[10] / 200.0
    );
    let mut search = Vec::new();
    for q in [
        "mat hoa dua",
        "keo dua",
        "nuoc mam loai 1199",
        "tra mang cau",
        "banh tet",
        "com dep loai 77",
    ] {
        let t = Instant::now();
        let page = app
            .catalogue(&CatalogueQuery {
                q: Some(q.into()),
                ..CatalogueQuery::default()
            })
            .unwrap();
        search.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(page.total > 0, "{q}");
    }
    search.sort_by(f64::total_cmp);
    println!(
        "catalogue search (diacritic-insensitive): median {:.1} ms, worst {:.1} ms ({:.2}× the 20 ms ceiling)",
        search[search.len() / 2],
        search[search.len() - 1],
        search[search.len() - 1] / 20.0
    );
}
