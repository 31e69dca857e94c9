//! Printable labels: every output decodes back to the signed URLs, with two decoders.

use crate::helpers::{ADMIN, TestApp, day};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

struct Printed {
    app: TestApp,
    _tmp: tempfile::TempDir,
    producer: String,
    batch: u64,
    urls: Vec<String>,
}

async fn printed_batch(qty: u32) -> Printed {
    let (app, tmp) = TestApp::spawn().await;
    let s = app.subject("Hợp tác xã Thủ công Ư Ờ", "cooperative").await;
    let p = app
        .product(s, "Mật hoa dừa ả ấ ẫ ơ ư đ Ư Ờ", Some("8930000000019"))
        .await;
    app.certificate(p, 4, "province", "2025-09-01").await;
    let producer = app.producer_token(s).await;
    let b = app
        .batch(&producer, p, "ABCDEFGHIJ0123456789", qty, "2029-01-01")
        .await;
    let batch = b["id"].as_u64().unwrap();
    let (_, page) = app
        .get(
            &producer,
            &format!("/api/v1/batches/{batch}/labels?limit=1000"),
        )
        .await;
    let urls = page["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap().to_owned())
        .collect();
    Printed {
        app,
        _tmp: tmp,
        producer,
        batch,
        urls,
    }
}

async fn fetch(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

/// Decodes every QR code in an image file with zbarimg (zbar-tools), a decoder we did not write.
pub(crate) fn zbar(path: &Path) -> BTreeSet<String> {
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(path)
        .output()
        .expect("zbarimg is needed (apt-get install zbar-tools; .ci/run installs it)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn rqrr_decode(png: &[u8]) -> BTreeSet<String> {
    let img = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect()
}

#[tokio::test]
async fn png_and_svg_labels_carry_their_signed_url() {
    let t = printed_batch(30).await;
    let dir = tempfile::tempdir().unwrap();
    for serial in [1u32, 17, 30] {
        let r = fetch(
            &t.app,
            &t.producer,
            &format!("/api/v1/batches/{}/labels/{serial}?format=png", t.batch),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-type"], "image/png");
        let png = r.bytes().await.unwrap();
        let want = BTreeSet::from([t.urls[serial as usize - 1].clone()]);
        assert_eq!(rqrr_decode(&png), want);
        let file = dir.path().join(format!("{serial}.png"));
        std::fs::write(&file, &png).unwrap();
        assert_eq!(zbar(&file), want);
        assert_eq!(t.app.code(&t.urls[serial as usize - 1]).await, "genuine");
    }
    // Q-level error correction and a larger label at 600 dpi.
    let r = fetch(
        &t.app,
        &t.producer,
        &format!(
            "/api/v1/batches/{}/labels/5?format=png&ecc=Q&width_mm=70&height_mm=40&dpi=600",
            t.batch
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let png = r.bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&png).unwrap().width(), 1654);
    assert_eq!(rqrr_decode(&png), BTreeSet::from([t.urls[4].clone()]));
    let r = fetch(
        &t.app,
        &t.producer,
        &format!("/api/v1/batches/{}/labels/3?format=svg", t.batch),
    )
    .await;
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    let svg = r.text().await.unwrap();
    assert!(
        svg.contains("Mật hoa dừa") && svg.contains("OCOP ★★★★") && svg.contains("Số: 3/30"),
        "{svg}"
    );
    t.app.stop().await;
}

#[tokio::test]
async fn a_pdf_sheet_decodes_to_every_serial_of_its_range() {
    let t = printed_batch(30).await;
    let r = fetch(
        &t.app,
        &t.producer,
        &format!("/api/v1/batches/{}/labels?format=pdf&from=1&to=30", t.batch),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = r.bytes().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.pdf");
    std::fs::write(&path, &pdf).unwrap();
    // Rasterise without anti-aliasing and read every page with zbarimg, a decoder we did not
    // write. zbar can miss the odd code among 24 on a page depending on how module edges fall
    // on pixels, so a second and third resolution read whatever the first missed.
    let mut found = BTreeSet::new();
    let mut first_pass = 0;
    for (pass, dpi) in ["400", "300", "500"].into_iter().enumerate() {
        let prefix = dir.path().join(format!("page{dpi}"));
        let status = Command::new("pdftoppm")
            .args(["-r", dpi, "-aa", "no", "-aaVector", "no", "-png"])
            .arg(&path)
            .arg(&prefix)
            .status()
            .expect("pdftoppm is needed (apt-get install poppler-utils; .ci/run installs it)");
        assert!(status.success());
        let mut pages: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "png")
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&format!("page{dpi}")))
            })
            .collect();
        pages.sort();
        // 3 × 8 = 24 labels a page: 30 labels make 2 pages.
        assert_eq!(pages.len(), 2);
        for page in &pages {
            found.extend(zbar(page));
        }
        if pass == 0 {
            first_pass = found.len();
        }
        if found.len() == t.urls.len() {
            break;
        }
    }
    assert!(
        first_pass >= 27,
        "zbar read only {first_pass} of 30 codes at 400 dpi"
    );
    let want: BTreeSet<String> = t.urls.iter().cloned().collect();
    let missing: Vec<&String> = want.difference(&found).collect();
    let extra: Vec<&String> = found.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    t.app.stop().await;
}

#[tokio::test]
async fn csv_rows_match_the_urls_and_print_runs_flag_reprints() {
    let t = printed_batch(30).await;
    let r = fetch(
        &t.app,
        &t.producer,
        &format!(
            "/api/v1/batches/{}/labels?format=csv&from=11&to=30",
            t.batch
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "serial,url");
    assert_eq!(lines.len(), 21);
    for (i, line) in lines[1..].iter().enumerate() {
        let serial = 11 + i;
        assert_eq!(*line, format!("{serial},{}", t.urls[serial - 1]));
    }
    // Serial 30 again: a reprint, recorded and visible to inspectors.
    let r = fetch(
        &t.app,
        &t.producer,
        &format!("/api/v1/batches/{}/labels/30?format=svg", t.batch),
    )
    .await;
    assert_eq!(r.headers()["x-print-reprint"], "true");
    let (_, inspector) = t
        .app
        .post(
            ADMIN,
            "/api/v1/tokens",
            &serde_json::json!({"role": "inspector"}),
        )
        .await;
    let (s, runs) = t
        .app
        .get(
            inspector["token"].as_str().unwrap(),
            &format!("/api/v1/batches/{}/print-runs", t.batch),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let runs = runs.as_array().unwrap();
    // The JSON listing the test read its URLs from is no print run: the CSV is the first
    // print and no reprint; the SVG of serial 30 is.
    assert_eq!(runs.len(), 2, "{runs:?}");
    assert_eq!(
        (
            runs[0]["format"].as_str(),
            runs[0]["from"].as_u64(),
            runs[0]["to"].as_u64()
        ),
        (Some("csv"), Some(11), Some(30))
    );
    assert_eq!(runs[0]["reprint"], false);
    assert_eq!(runs[1]["format"], "svg");
    assert_eq!(runs[1]["reprint"], true);
    assert!(runs[1]["actor"].as_str().unwrap().starts_with("tok_"));
    t.app.stop().await;
}

#[tokio::test]
async fn bad_label_requests_are_refused_and_not_recorded() {
    let t = printed_batch(30).await;
    let b = t.batch;
    for (path, status, code) in [
        (
            format!("/api/v1/batches/{b}/labels?format=csv&from=1&to=31"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_serial_range",
        ),
        (
            format!("/api/v1/batches/{b}/labels?format=pdf&from=9&to=3"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_serial_range",
        ),
        (
            format!("/api/v1/batches/{b}/labels/31?format=png"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_serial_range",
        ),
        (
            format!("/api/v1/batches/{b}/labels/1?format=png&width_mm=0"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_label_size",
        ),
        (
            format!("/api/v1/batches/{b}/labels/1?format=png&width_mm=12&height_mm=12"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "label_too_small",
        ),
        (
            format!("/api/v1/batches/{b}/labels?format=pdf&columns=12&rows=30"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "label_too_small",
        ),
        (
            format!("/api/v1/batches/{b}/labels?format=gif"),
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        (
            format!("/api/v1/batches/{b}/labels?format=png"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_format",
        ),
        (
            format!("/api/v1/batches/{b}/labels/1?format=pdf"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_format",
        ),
    ] {
        let r = fetch(&t.app, &t.producer, &path).await;
        assert_eq!(r.status(), status, "{path}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["code"], code, "{path}: {body}");
    }
    // Another producer's batch.
    let other = t
        .app
        .subject("Hộ kinh doanh Sáu Phước", "household_business")
        .await;
    let other_token = t.app.producer_token(other).await;
    let r = fetch(
        &t.app,
        &other_token,
        &format!("/api/v1/batches/{b}/labels?format=csv"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Nothing was recorded: the initial JSON page is a listing, and every refused request
    // left no print run.
    let (_, runs) = t
        .app
        .get(ADMIN, &format!("/api/v1/batches/{b}/print-runs"))
        .await;
    assert_eq!(runs.as_array().unwrap().len(), 0, "{runs}");
    t.app.stop().await;
}

#[tokio::test]
async fn labels_printed_after_the_certificate_lapsed_carry_no_stars() {
    let t = printed_batch(10).await;
    t.app.clock.set_today(day("2028-09-15"));
    let r = fetch(
        &t.app,
        &t.producer,
        &format!("/api/v1/batches/{}/labels/2?format=svg", t.batch),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["x-ocop-notice"]
            .to_str()
            .unwrap()
            .contains("expired")
    );
    let svg = r.text().await.unwrap();
    assert!(!svg.contains('★') && svg.contains("hết hiệu lực"), "{svg}");
    let (_, page) = t
        .app
        .get(
            &t.producer,
            &format!("/api/v1/batches/{}/labels?from=1&limit=2", t.batch),
        )
        .await;
    assert!(page.get("print_run").is_none(), "a listing is no print run");
    assert!(
        page["notice"]["vi"]
            .as_str()
            .unwrap()
            .contains("không còn hiệu lực")
    );
    t.app.stop().await;
}

#[tokio::test]
async fn the_cli_writes_label_files_from_a_server() {
    let t = printed_batch(12).await;
    let dir = tempfile::tempdir().unwrap();
    let (server, token, batch) = (t.app.base.clone(), t.producer.clone(), t.batch.to_string());
    let out_pdf = dir.path().join("sheet.pdf");
    let out_png = dir.path().join("png");
    let (pdf_args, png_args) = (
        vec![
            "labels",
            "--server",
            &server,
            "--batch",
            &batch,
            "--format",
            "pdf",
            "--opt",
            "columns=2",
            "--out",
        ],
        vec![
            "labels", "--server", &server, "--batch", &batch, "--format", "png", "--from", "3",
            "--to", "4", "--out",
        ],
    );
    let run = |args: Vec<&str>, out: std::path::PathBuf| {
        let token = token.clone();
        let args: Vec<String> = args.into_iter().map(str::to_owned).collect();
        tokio::task::spawn_blocking(move || {
            crate::cli::bin()
                .args(args)
                .arg(out)
                .env("OCOP_TRACE_TOKEN", token)
                .output()
                .unwrap()
        })
    };
    let o = run(pdf_args, out_pdf.clone()).await.unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&out_pdf).unwrap().starts_with(b"%PDF-1.7"));
    let o = run(png_args, out_png.clone()).await.unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(out_png.join(format!("{batch}-4.png"))).unwrap();
    assert_eq!(rqrr_decode(&png), BTreeSet::from([t.urls[3].clone()]));
    // A refusal is a message and a non-zero exit.
    let bad = vec![
        "labels", "--server", &server, "--batch", &batch, "--format", "csv", "--from", "5", "--to",
        "99", "--out",
    ];
    let o = run(bad, dir.path().join("x.csv")).await.unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_serial_range"));
    assert!(!dir.path().join("x.csv").exists());
    t.app.stop().await;
}
