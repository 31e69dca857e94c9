//! Printable label throughput, reported against the ceilings in the issue, in one run:
//! PDF sheet of 1,000 labels (time, peak RSS), 10,000 labels streamed (peak RSS must stay
//! flat), PNG labels per second on all cores for distinct serials (target ≥ 3,000/s) next
//! to the `qrcode` crate's own encoder rate.
#![expect(
    clippy::unwrap_used,
    reason = "tests and benchmarks fail loudly on any unexpected error"
)]

use chrono::NaiveDate;
use ed25519_dalek::SigningKey;
use ocop_trace::crypto::{Issuer, KeyStatus};
use ocop_trace::domain::{Gtin, Lot, Star};
use ocop_trace::label::{LabelClaims, LabelIdentity, UnitLabel};
use ocop_trace::render::{
    LabelContent, LabelSpec, SheetSpec, lay_out, render_png, write_pdf_sheet,
};
use std::hint::black_box;
use std::time::Instant;

const BASE: &str = "https://truyxuat.vinhlong.gov.vn";

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn content(issuer: &Issuer, serial: u32) -> LabelContent {
    let label = UnitLabel {
        kid: issuer.record.kid.clone(),
        identity: LabelIdentity::Gs1 {
            gtin: Gtin::parse("8930000100016").unwrap(),
            lot: Lot::parse("CK2611-01").unwrap(),
        },
        serial,
        claims: LabelClaims {
            star: Star::new(4).unwrap(),
            valid_until: NaiveDate::from_ymd_opt(2028, 8, 31).unwrap(),
        },
    };
    let sig = issuer.sign(&label.message()).unwrap();
    LabelContent {
        url: label.url(BASE, &sig),
        product_name: "Kẹo dừa sáp Cầu Kè".into(),
        stars: Some(4),
        lot: "CK2611-01".into(),
        expiry: NaiveDate::from_ymd_opt(2027, 11, 30).unwrap(),
        serial,
        quantity: 1_000_000,
        extra: None,
    }
}

struct Sink(u64);
impl std::io::Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let issuer = Issuer::from_signing_key(SigningKey::from_bytes(&[9u8; 32]), KeyStatus::Active);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rss0 = peak_rss_mb();
    println!("== label rendering ({cores} cores), peak RSS at start {rss0:.1} MB ==");

    let sheet = SheetSpec::default();
    let start = Instant::now();
    let mut sink = Sink(0);
    let pages = write_pdf_sheet(
        &sheet,
        (1..=1000).map(|s| Ok(content(&issuer, s))),
        &mut sink,
    )
    .unwrap();
    let t = start.elapsed().as_secs_f64();
    let rss1 = peak_rss_mb();
    println!(
        "PDF sheet of 1,000 labels: {t:.2} s ({:.2}× of the 2 s ceiling), {pages} pages, {:.1} MB, peak RSS {rss1:.1} MB ({:.2}× of the 100 MB ceiling)",
        t / 2.0,
        sink.0 as f64 / 1e6,
        rss1 / 100.0
    );
    let start = Instant::now();
    let mut sink = Sink(0);
    let pages = write_pdf_sheet(
        &sheet,
        (1..=10_000).map(|s| Ok(content(&issuer, s))),
        &mut sink,
    )
    .unwrap();
    let rss2 = peak_rss_mb();
    println!(
        "PDF sheet of 10,000 labels streamed: {:.2} s, {pages} pages, {:.1} MB written, peak RSS {rss2:.1} MB (growth over the 1,000-label run: {:.1} MB)",
        start.elapsed().as_secs_f64(),
        sink.0 as f64 / 1e6,
        rss2 - rss1
    );

    // The qrcode crate's own encoder, same URLs, one core.
    let urls: Vec<String> = (1..=300).map(|s| content(&issuer, s).url).collect();
    let start = Instant::now();
    for u in &urls {
        black_box(qrcode::QrCode::with_error_correction_level(u, qrcode::EcLevel::M).unwrap());
    }
    let crate_rate = urls.len() as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    for u in &urls {
        black_box(
            ocop_trace::render::qr::encode(u.as_bytes(), ocop_trace::render::Ecc::M).unwrap(),
        );
    }
    let ours = urls.len() as f64 / start.elapsed().as_secs_f64();
    println!(
        "QR encode, one core: qrcode crate {crate_rate:.0}/s, ours (same symbols) {ours:.0}/s ({:.1}×)",
        ours / crate_rate
    );

    // Where the time of one PNG label goes, one core.
    let (mut t_sign, mut t_layout, mut t_png) = (0.0, 0.0, 0.0);
    let spec = LabelSpec::default();
    for serial in 1..=500u32 {
        let t0 = Instant::now();
        let c = content(&issuer, serial);
        let t1 = Instant::now();
        let d = lay_out(&spec, &c).unwrap();
        let t2 = Instant::now();
        black_box(render_png(&d, spec.dpi).unwrap());
        let t3 = Instant::now();
        t_sign += (t1 - t0).as_secs_f64();
        t_layout += (t2 - t1).as_secs_f64();
        t_png += (t3 - t2).as_secs_f64();
    }
    println!(
        "one PNG label, one core: sign+url {:.0} µs, QR encode + layout {:.0} µs, raster + PNG {:.0} µs",
        t_sign * 2000.0,
        t_layout * 2000.0,
        t_png * 2000.0
    );

    // PNG labels (sign + encode + lay out + rasterise + PNG), distinct serials, all cores.
    let n_per_thread = 3000u32;
    let spec = LabelSpec::default();
    let start = Instant::now();
    let bytes: u64 = std::thread::scope(|s| {
        (0..cores as u32)
            .map(|t| {
                let issuer = &issuer;
                s.spawn(move || {
                    let mut total = 0u64;
                    for i in 0..n_per_thread {
                        let serial = t * n_per_thread + i + 1;
                        let d = lay_out(&spec, &content(issuer, serial)).unwrap();
                        total += render_png(&d, spec.dpi).unwrap().len() as u64;
                    }
                    total
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .sum()
    });
    let total = n_per_thread * cores as u32;
    let rate = f64::from(total) / start.elapsed().as_secs_f64();
    println!(
        "PNG labels 50×30 mm at 300 dpi: {rate:.0}/s on {cores} cores ({:.2}× of the 3,000/s target; the qrcode encoder alone would allow {:.0}/s), avg {:.1} KB",
        rate / 3000.0,
        crate_rate * cores as f64,
        bytes as f64 / f64::from(total) / 1024.0
    );
}
