//! The digital product passport over HTTP: photos in three formats come back as two
//! metadata-free JPEG sizes, served immutable with ETags; bad uploads are refused with clear
//! codes; every change is logged with its actor; a batch issued after content carries the
//! content hash and still verifies, one without content keeps the old record shape;
//! documents show publicly only once an inspector confirms them; strangers are refused;
//! backups carry the media.

use crate::helpers::{ADMIN, TestApp};
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sha2::Digest;

/// A noisy image (so JPEG has something to compress) of the given size and tint.
fn picture(w: u32, h: u32, tint: u8) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let n = (x.wrapping_mul(31) ^ y.wrapping_mul(17)).wrapping_add(u32::from(tint)) as u8;
        Rgb([n, tint, n / 2])
    })
}

pub(crate) fn jpeg(w: u32, h: u32, tint: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&picture(w, h, tint))
        .unwrap();
    out
}

fn png_rgba(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, _| Rgba([200, 40, 40, (x % 256) as u8]));
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

fn webp(w: u32, h: u32) -> Vec<u8> {
    // A gradient: lossless WebP of noise this large would be over the 5 MB limit.
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x / 10) as u8, (y / 8) as u8, 90]));
    let mut out = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// Words an EXIF block carries that must never reach a shopper.
const SECRET: &[u8] = b"GPS 10.0312N 106.3401E camera serial CK-SECRET-4711";

/// A JPEG with an EXIF APP1 segment (orientation 1, and `SECRET` after the IFD).
fn jpeg_with_exif() -> Vec<u8> {
    let plain = jpeg(1600, 1000, 30);
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    // IFD0: one entry, Orientation (0x0112) SHORT 1 = 1; no next IFD.
    tiff.extend_from_slice(&[
        1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    tiff.extend_from_slice(SECRET);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let len = u16::try_from(app1.len() + 2).unwrap().to_be_bytes();
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1, len[0], len[1]]);
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A tiny PNG that claims `w`×`h` pixels of `color` type (a decompression bomb's header).
fn bomb(w: u32, h: u32, color: u8) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, color, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&[0u8; 4096], 9),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

pub(crate) async fn upload(
    app: &TestApp,
    token: &str,
    product: u64,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let form = Form::new().part("photo", Part::bytes(bytes).file_name("photo"));
    let r = app
        .client
        .post(app.url(&format!("/api/v1/products/{product}/photos")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Adds a document through the API; the created document.
async fn add_document(app: &TestApp, token: &str, product: u64, form: Form) -> Value {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/products/{product}/documents")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

/// A producer (subject, certified product, token and its id).
pub(crate) async fn producer(app: &TestApp) -> (u64, u64, String, String) {
    let subject = app
        .subject("Hợp tác xã Dừa Sáp Cầu Kè", "cooperative")
        .await;
    let product = app
        .product(subject, "Kẹo dừa sáp", Some("8930000000019"))
        .await;
    app.certificate(product, 4, "province", "2025-09-01").await;
    let (s, t) = app
        .post(
            ADMIN,
            "/api/v1/tokens",
            &json!({"role": "producer", "subject_id": subject}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let token = t["token"].as_str().unwrap().to_owned();
    let id = t["record"]["id"].as_str().unwrap().to_owned();
    (subject, product, token, id)
}

async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.get(app.url(path)).send().await.unwrap()
}

pub(crate) fn log_kinds(entries: &Value, kind: &str) -> Vec<Value> {
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<Value>(e["entry"].as_str().unwrap()).unwrap())
        .filter(|e| e["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn photos_in_three_formats_become_two_metadata_free_jpeg_sizes_served_immutable() {
    let (app, _tmp) = TestApp::spawn().await;
    let (_, product, token, _) = producer(&app).await;
    let exif = jpeg_with_exif();
    assert!(exif.windows(SECRET.len()).any(|w| w == SECRET));
    assert!(
        image::load_from_memory(&exif).is_ok(),
        "the EXIF test photo decodes"
    );
    for bytes in [exif, png_rgba(900, 700), webp(2400, 1800)] {
        let (s, v) = upload(&app, &token, product, bytes).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (_, view) = app
        .get(&token, &format!("/api/v1/products/{product}/content"))
        .await;
    let photos = view["content"]["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 3);
    for (p, sides) in photos.iter().zip([(1200, 750), (900, 700), (1200, 900)]) {
        for (size, max) in [("large", sides), ("thumb", (320, 320))] {
            let m = &p[size];
            let hash = m["hash"].as_str().unwrap();
            let r = fetch(&app, &format!("/media/{hash}.jpg")).await;
            assert_eq!(r.status(), StatusCode::OK);
            let h = r.headers().clone();
            assert_eq!(h["content-type"], "image/jpeg");
            assert_eq!(h["cache-control"], "public, max-age=31536000, immutable");
            assert_eq!(h["etag"], format!("\"{hash}\"").as_str());
            let bytes = r.bytes().await.unwrap();
            assert_eq!(
                ocop_trace::service::hex(&sha2::Sha256::digest(&bytes)),
                hash
            );
            assert!(
                !bytes.windows(SECRET.len()).any(|w| w == SECRET),
                "EXIF text kept"
            );
            assert!(
                !bytes.windows(6).any(|w| w == b"Exif\0\0"),
                "an EXIF block kept"
            );
            assert!(
                !bytes.windows(2).any(|w| w == [0xFF, 0xE1]),
                "an APP1 segment kept"
            );
            let img = image::load_from_memory(&bytes).unwrap();
            assert!(
                img.width() <= max.0 && img.height() <= max.0.max(max.1),
                "{size}"
            );
            assert_eq!(m["width"], img.width());
            assert_eq!(m["height"], img.height());
            if size == "large" {
                assert_eq!((img.width(), img.height()), sides);
            } else {
                assert!(
                    bytes.len() < 60 * 1024,
                    "thumbnail of {} bytes",
                    bytes.len()
                );
                assert_eq!(img.width().max(img.height()), 320);
            }
            // Revalidation answers 304 with the same validators and no body.
            let r = app
                .client
                .get(app.url(&format!("/media/{hash}.jpg")))
                .header("if-none-match", format!("\"{hash}\""))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
            assert_eq!(r.headers()["etag"], format!("\"{hash}\"").as_str());
            assert!(r.bytes().await.unwrap().is_empty());
        }
    }
    // The PNG's transparency is flattened onto white, not black.
    let thumb = photos[1]["thumb"]["hash"].as_str().unwrap();
    let img = image::load_from_memory(
        &fetch(&app, &format!("/media/{thumb}.jpg"))
            .await
            .bytes()
            .await
            .unwrap(),
    )
    .unwrap()
    .to_rgb8();
    assert!(
        img.get_pixel(0, 100)[1] > 200,
        "transparent pixels became {:?}",
        img.get_pixel(0, 100)
    );
    // The catalogue row shows the first photo's thumbnail.
    let thumb = photos[0]["thumb"]["hash"].as_str().unwrap();
    let catalogue = fetch(&app, "/catalogue").await.text().await.unwrap();
    let row = &catalogue[catalogue
        .find(&format!("data-product=\"{product}\""))
        .expect("the product is listed")..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(
        row.contains(&format!("<img class=\"thumb\" src=\"/media/{thumb}.jpg\"")),
        "{row}"
    );
    // Unknown files, wrong extensions and malformed names are 404.
    let large = photos[0]["large"]["hash"].as_str().unwrap();
    for path in [
        format!("/media/{large}.pdf"),
        format!("/media/{}.jpg", "0".repeat(64)),
        "/media/x.jpg".into(),
    ] {
        assert_eq!(
            fetch(&app, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn bad_uploads_are_refused_with_clear_errors_and_a_seventh_photo_too() {
    let (app, _tmp) = TestApp::spawn().await;
    let (_, product, token, _) = producer(&app).await;
    let mut over = jpeg(64, 64, 1);
    over.resize(5 * 1024 * 1024 + 1, 0);
    for (bytes, status, code) in [
        (
            b"this is not a photo".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_image",
        ),
        (
            b"%PDF-1.4 not an image".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_image",
        ),
        (over, StatusCode::UNPROCESSABLE_ENTITY, "file_too_large"),
        (
            vec![0xFF; 7 * 1024 * 1024],
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
        (
            bomb(60_000, 60_000, 0),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_too_large",
        ),
        (
            bomb(9_000, 9_000, 6),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_too_large",
        ),
    ] {
        let (s, v) = upload(&app, &token, product, bytes).await;
        assert_eq!(s, status, "{code}: {v}");
        assert_eq!(v["code"], code, "{v}");
        assert!(!v["message"].as_str().unwrap().is_empty());
    }
    for tint in 0..6 {
        let (s, v) = upload(&app, &token, product, jpeg(200, 150, tint * 40)).await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
    }
    let (s, v) = upload(&app, &token, product, jpeg(200, 150, 250)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["code"], "too_many_photos");
    // Nothing refused was stored: six photos, and the same photo twice is a conflict.
    let (_, view) = app
        .get(&token, &format!("/api/v1/products/{product}/content"))
        .await;
    assert_eq!(view["content"]["photos"].as_array().unwrap().len(), 6);
    let first = view["content"]["photos"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = app
        .client
        .delete(app.url(&format!("/api/v1/products/{product}/photos/{first}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let (s, v) = upload(&app, &token, product, jpeg(200, 150, 40)).await;
    assert_eq!(s, StatusCode::CONFLICT, "{v}");
    assert_eq!(v["code"], "photo_exists");
}

#[tokio::test]
async fn content_changes_are_logged_with_their_actor_and_strangers_are_refused() {
    let (app, _tmp) = TestApp::spawn().await;
    let (_, product, token, token_id) = producer(&app).await;
    let body = json!({"story": "Kẹo làm từ dừa sáp Cầu Kè.\nNấu trên bếp củi.",
        "ingredients": "Cơm dừa sáp, mạch nha, đường", "net_quantity": "250 g",
        "warnings": "Không dùng cho người dị ứng dừa."});
    let r = app
        .client
        .put(app.url(&format!("/api/v1/products/{product}/content")))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    upload(&app, &token, product, jpeg(300, 200, 9)).await;
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let updates = log_kinds(&entries, "product_content_updated");
    assert_eq!(updates.len(), 2);
    for (e, change) in updates.iter().zip(["text", "photo_added"]) {
        assert_eq!(e["actor"]["token_id"], token_id.as_str());
        assert_eq!(e["actor"]["role"], "producer");
        assert_eq!(e["data"]["product_id"], product);
        assert_eq!(e["data"]["change"], change);
    }
    let (_, view) = app
        .get(&token, &format!("/api/v1/products/{product}/content"))
        .await;
    assert_eq!(updates[1]["data"]["content"], view["content_hash"]);
    // What the food group still needs: usage and storage, and a conformity document.
    let missing: Vec<&str> = view["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(missing, ["conformity", "usage", "storage"]);

    // Another producer, and an inspector, may not edit; unknown label fields are refused.
    let other = app
        .subject("Hộ kinh doanh Bưởi", "household_business")
        .await;
    let stranger = app.producer_token(other).await;
    let (_, insp) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    let inspector = insp["token"].as_str().unwrap();
    for t in [stranger.as_str(), inspector] {
        let r = app
            .client
            .put(app.url(&format!("/api/v1/products/{product}/content")))
            .bearer_auth(t)
            .json(&json!({"story": "chiếm quyền"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let (s, _) = upload(&app, t, product, jpeg(64, 64, 3)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let (s, _) = app
        .get(&stranger, &format!("/api/v1/products/{product}/content"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let r = app
        .client
        .put(app.url(&format!("/api/v1/products/{product}/content")))
        .bearer_auth(ADMIN)
        .json(&json!({"label": {"alcohol_level": "40%"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, after) = app
        .get(&token, &format!("/api/v1/products/{product}/content"))
        .await;
    assert_eq!(
        after["content"]["story"], view["content"]["story"],
        "a refusal changed nothing"
    );
}

fn payload(record: &str) -> Value {
    use base64::Engine;
    let p = record.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(p)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_batch_issued_after_content_carries_its_hash_and_one_without_has_no_member() {
    let (app, _tmp) = TestApp::spawn().await;
    let (_, product, token, _) = producer(&app).await;
    let plain = app.batch(&token, product, "KD-01", 10, "2027-11-20").await;
    let before = payload(plain["record"].as_str().unwrap());
    let keys: Vec<&str> = before
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "batch",
            "certificate",
            "format",
            "issued_at",
            "kid",
            "label",
            "product",
            "subject"
        ]
    );

    let r = app
        .client
        .put(app.url(&format!("/api/v1/products/{product}/content")))
        .bearer_auth(&token)
        .json(&json!({"story": "Dừa sáp", "label": {}, "usage": "Ăn ngay"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    upload(&app, &token, product, jpeg(400, 300, 7)).await;
    let (_, view) = app
        .get(&token, &format!("/api/v1/products/{product}/content"))
        .await;
    let hash = view["content_hash"].as_str().unwrap();
    // The hash is the base64url SHA-256 of the content's canonical JSON, as documented:
    // members in alphabetical order, photos by the hash of their large size.
    let large = view["content"]["photos"][0]["large"]["hash"]
        .as_str()
        .unwrap();
    let canonical = serde_json::to_vec(&json!({"photos": [large], "product_id": product,
        "story": "Dừa sáp", "usage": "Ăn ngay"}))
    .unwrap();
    use base64::Engine;
    let want =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(&canonical));
    assert_eq!(hash, want);

    let batch = app.batch(&token, product, "KD-02", 10, "2027-11-20").await;
    let record = payload(batch["record"].as_str().unwrap());
    assert_eq!(record["content"], hash);
    let id = batch["id"].as_u64().unwrap();
    let (s, v) = app
        .get(&token, &format!("/api/v1/batches/{id}/record"))
        .await;
    assert_eq!(s, StatusCode::OK, "the record verifies: {v}");
    assert_eq!(v["payload"]["content"], hash);
    let url = app.label(&token, id, 1).await;
    assert_eq!(app.code(&url).await, "genuine");
    // The earlier batch keeps its record; a later content change does not touch either.
    let (_, old) = app
        .get(&token, &format!("/api/v1/batches/{}", plain["id"]))
        .await;
    assert_eq!(old["record"], plain["record"]);
}

#[tokio::test]
async fn documents_show_publicly_only_once_an_inspector_confirms_them() {
    let (app, _tmp) = TestApp::spawn().await;
    let (_, product, token, _) = producer(&app).await;
    upload(&app, &token, product, jpeg(800, 600, 60)).await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let form = Form::new()
        .text("kind", "food_safety_certificate")
        .text("number", "ATTP-2026/VL-0917")
        .text("issuer", "Chi cục An toàn vệ sinh thực phẩm tỉnh Vĩnh Long")
        .text("valid_until", "2029-06-30")
        .part("file", Part::bytes(pdf.clone()).file_name("cn.pdf"));
    let doc = add_document(&app, &token, product, form).await;
    let batch = app.batch(&token, product, "DOC-1", 5, "2027-11-20").await["id"]
        .as_u64()
        .unwrap();
    let label = app.label(&token, batch, 1).await;
    let pages = |app: &TestApp| {
        let label = label.clone();
        let client = app.client.clone();
        let product_page = app.url(&format!("/catalogue/products/{product}"));
        async move {
            let mut out = Vec::new();
            for u in [label, product_page] {
                let r = client
                    .get(u)
                    .header("accept", "text/html")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK);
                out.push(r.text().await.unwrap());
            }
            out
        }
    };
    for html in pages(&app).await {
        assert!(html.contains("data-first-photo"), "the photo shows at once");
        assert!(
            !html.contains("ATTP-2026/VL-0917"),
            "an unconfirmed document shows"
        );
    }
    let confirm = format!("/api/v1/products/{product}/documents/{}/confirm", doc["id"]);
    let (s, _) = app.post(&token, &confirm, &json!({})).await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "a producer never confirms its own papers"
    );
    let (_, insp) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    let inspector = insp["token"].as_str().unwrap();
    let (s, v) = app.post(inspector, &confirm, &json!({})).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, _) = app.post(inspector, &confirm, &json!({})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    for html in pages(&app).await {
        assert!(
            html.contains("ATTP-2026/VL-0917"),
            "the confirmed document shows"
        );
        assert!(html.contains("Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"));
        assert!(html.contains("30/06/2029"), "dates as people write them");
    }
    let file = v["file"]["hash"].as_str().unwrap();
    let r = fetch(&app, &format!("/media/{file}.pdf")).await;
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    assert_eq!(log_kinds(&entries, "document_added").len(), 1);
    let confirmed = log_kinds(&entries, "document_confirmed");
    assert_eq!(confirmed[0]["actor"]["role"], "inspector");
    // A fake label shows no passport: it must not borrow the real product's photos.
    let forged = label.replace("/21/1?", "/21/2?");
    let r = app
        .client
        .get(forged)
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(!r.text().await.unwrap().contains("data-first-photo"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_carries_the_media_and_a_restored_store_serves_them() {
    let tmp = tempfile::tempdir().unwrap();
    let app = TestApp::spawn_in(tmp.path()).await;
    let (_, product, token, _) = producer(&app).await;
    let (s, c) = upload(&app, &token, product, jpeg(640, 480, 120)).await;
    assert_eq!(s, StatusCode::CREATED);
    let hash = c["photos"][0]["large"]["hash"].as_str().unwrap().to_owned();
    let original = fetch(&app, &format!("/media/{hash}.jpg"))
        .await
        .bytes()
        .await
        .unwrap();
    let r = app
        .client
        .post(app.url("/api/v1/admin/backup"))
        .bearer_auth(ADMIN)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    app.stop().await;
    let file = tmp.path().join("b.ocopbak");
    std::fs::write(&file, &bytes).unwrap();
    let restored = tempfile::tempdir().unwrap();
    ocop_trace::backup::restore_with(
        &file,
        &crate::helpers::restore_target(restored.path()),
        None,
        ocop_trace::backup::Unseal::default(),
    )
    .unwrap();
    copy_dir(&tmp.path().join("keys"), &restored.path().join("keys"));
    let again = TestApp::spawn_in(restored.path()).await;
    let r = fetch(&again, &format!("/media/{hash}.jpg")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap(), original);
    let (_, view) = again
        .get(ADMIN, &format!("/api/v1/products/{product}/content"))
        .await;
    assert_eq!(view["content"]["photos"][0]["large"]["hash"], hash.as_str());
    again.stop().await;
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn an_unconfirmed_document_is_for_its_people_and_uploads_are_rate_limited() {
    let (app, _tmp) = TestApp::spawn().await;
    let (_, product, token, _) = producer(&app).await;
    let pdf = b"%PDF-1.4\n% a test report for the access rule\n%%EOF\n".to_vec();
    let form = Form::new()
        .text("kind", "test_report")
        .text("number", "KQ-2611/VL")
        .text(
            "issuer",
            "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
        )
        .part("file", Part::bytes(pdf.clone()).file_name("kq.pdf"));
    let doc = add_document(&app, &token, product, form).await;
    let file = format!("/media/{}.pdf", doc["file"]["hash"].as_str().unwrap());
    let fetch = |token: Option<String>| {
        let mut req = app.client.get(app.url(&file));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        async move { req.send().await.unwrap() }
    };
    // Anyone with the hash: no such file until an inspector confirms it.
    assert_eq!(fetch(None).await.status(), StatusCode::NOT_FOUND);
    let r = fetch(Some(token.clone())).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    let (_, insp) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    let inspector = insp["token"].as_str().unwrap().to_owned();
    assert_eq!(
        fetch(Some(inspector.clone())).await.status(),
        StatusCode::OK
    );
    let other = app
        .subject("Hộ kinh doanh Khác", "household_business")
        .await;
    let stranger = app.producer_token(other).await;
    assert_eq!(fetch(Some(stranger)).await.status(), StatusCode::NOT_FOUND);
    let (s, v) = app
        .post(
            &inspector,
            &format!("/api/v1/products/{product}/documents/{}/confirm", doc["id"]),
            &json!({}),
        )
        .await;
    assert!(s.is_success(), "{v}");
    let r = fetch(None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );

    // Uploads: a burst from one credential is refused with a wait, before the body is read.
    let mut last = StatusCode::OK;
    for i in 0..=ocop_trace::service::UPLOADS_PER_WINDOW {
        last = upload(&app, &token, product, vec![i as u8; 16]).await.0;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let (s, v) = upload(&app, &token, product, vec![1; 16]).await;
    assert_eq!(
        (s, v["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
}
