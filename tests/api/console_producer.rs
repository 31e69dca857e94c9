//! The producer's part of the console, driven as a household producer's phone would: the
//! home page counts this month's scans and lists what needs attention (copied labels, a
//! shopper's report, a certificate running out), the batch page records the journey, and
//! the print page offers a sheet, one label as PNG or SVG, or CSV, with a preview of the
//! first label that is not a print run. Screenshots at 390 and 1280 px land in
//! `target/screenshots/console-producer-*.png`.

use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, PRODUCER_PASSWORD, browser, create_account, csrf, get, office,
    post, sign_in,
};
use crate::helpers::{ADMIN, TestApp, day};
use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// A person of `subject` with `role`, signed in on their own browser.
async fn person(app: &TestApp, subject: u64, role: &str, login: &str) -> reqwest::Client {
    let office = browser();
    let (s, _) = sign_in(app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    let link = create_account(app, &office, login, role, subject).await;
    let c = browser();
    let (_, _, setup) = get(&c, link.clone()).await;
    let (s, _, _) = post(
        &c,
        link,
        &[
            ("password", PRODUCER_PASSWORD),
            ("password_again", PRODUCER_PASSWORD),
            ("csrf", &csrf(&setup)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, home) = sign_in(app, &c, login, PRODUCER_PASSWORD).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    c
}

/// A real scan from a phone on network `ip`.
async fn scan(app: &TestApp, url: &str, ip: &str) -> Value {
    let r = app
        .client
        .get(url)
        .header("Accept", "application/json")
        .header("X-Forwarded-For", ip)
        .header("User-Agent", "Mozilla/5.0 (Linux; Android 14; SM-A155F)")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// The path and query of a label URL (what the report form sends).
fn path_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    format!("/{}", rest.split_once('/').unwrap().1)
}

fn qr_codes(png: &[u8]) -> BTreeSet<String> {
    let img = image::load_from_memory(png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|g| g.decode().ok().map(|(_, s)| s))
        .collect()
}

/// Screenshots of a page at phone and desktop width.
async fn shoot(name: &str, base: &str, html: &str) {
    crate::screens::shoot_html_sizes(
        name,
        base,
        html,
        &[
            ("", "390,844"),
            ("-full", "390,2400"),
            ("-1280", "1280,1000"),
        ],
    )
    .await;
}

/// The `src` of the preview image of a print page.
fn preview_src(html: &str) -> String {
    // The page also shows the office's logo; the preview is the image served by `/preview`.
    let at = html
        .find("<img src=\"/console/batches/")
        .expect("a preview image")
        + 10;
    html[at..at + html[at..].find('"').unwrap()]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

async fn print_runs(app: &TestApp, batch: u64) -> usize {
    let (_, runs) = app
        .get(ADMIN, &format!("/api/v1/batches/{batch}/print-runs"))
        .await;
    runs.as_array().unwrap().len()
}

#[tokio::test]
async fn the_home_counts_scans_and_lists_copies_reports_and_certificates() {
    let (app, _tmp, subject, other_batch, product) = office().await;
    app.clock.set_today(day("2026-12-05"));
    let token = app.producer_token(subject).await;
    let mut body = TestApp::batch_body(product, "MHD-2612", 30, "2027-06-30");
    body["scratch_pin"] = json!(true);
    let (s, b) = app.post(&token, "/api/v1/batches", &body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let batch = b["id"].as_u64().unwrap();
    // A second product whose certificate ends in 12 days.
    let candy = app.product(subject, "Kẹo dừa", None).await;
    let (s, v) = app
        .post(
            ADMIN,
            &format!("/api/v1/products/{candy}/certificates"),
            &json!({"star": 3, "decision_no": "88/QĐ-UBND", "decision_date": "2025-09-01",
                    "valid_until": "2026-12-19", "issuing_body": "UBND tỉnh Vĩnh Long",
                    "level": "province"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let urls = [
        app.label(ADMIN, batch, 1).await,
        app.label(ADMIN, batch, 2).await,
        app.label(ADMIN, batch, 3).await,
    ];
    // Serials 1 and 2 scanned once; serial 3 turns up in six distant networks over two days.
    scan(&app, &urls[0], "203.0.113.5").await;
    scan(&app, &urls[1], "198.51.100.5").await;
    for ip in ["198.51.100.1", "100.64.1.1", "172.20.1.1", "10.9.1.1"] {
        scan(&app, &urls[2], ip).await;
    }
    app.clock.set_today(day("2026-12-07"));
    for ip in ["192.0.2.9", "203.0.113.77"] {
        scan(&app, &urls[2], ip).await;
    }
    assert_eq!(app.code(&urls[2]).await, "clone_suspected");
    // A shopper reports serial 2; another subject's label is reported too.
    let report = |label: String, text: &'static str| {
        app.client
            .post(app.url("/report"))
            .header("Accept", "application/json")
            .header("X-Forwarded-For", "203.0.113.90")
            .form(&[
                ("label", label.as_str()),
                ("text", text),
                ("place", "Chợ Trà Vinh"),
            ])
            .send()
    };
    let r = report(path_of(&urls[1]), "Tem bị bóc dán lại")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let other = app.label(ADMIN, other_batch, 1).await;
    let r = report(path_of(&other), "Bưởi nghi giả").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);

    let c = person(&app, subject, "producer_manager", "ba.sau").await;
    let (s, _, home) = get(&c, app.url("/console?lang=vi")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        home.contains("Tháng 12/2026: 3 tem được người mua quét"),
        "{home}"
    );
    assert!(home.contains("8 lượt quét"), "{home}");
    assert!(
        home.contains("Lô MHD-2612: 1 tem bị quét ở nhiều nơi cách xa nhau"),
        "{home}"
    );
    assert!(
        home.contains("Tem bị bóc dán lại") && home.contains("Nơi mua: Chợ Trà Vinh"),
        "{home}"
    );
    assert!(
        home.contains("Kẹo dừa: Giấy chứng nhận sẽ hết hạn sau 12 ngày, vào ngày 19/12/2026"),
        "{home}"
    );
    assert!(
        !home.contains("Bưởi"),
        "another subject's report never shows"
    );
    shoot("console-producer-home-vi", &app.base, &home).await;
    let (_, _, en) = get(&c, app.url("/console?lang=en")).await;
    assert!(en.contains("In December 2026: 3 labels scanned"), "{en}");
    assert!(
        en.contains("8 scans") && en.contains("ends in 12 days"),
        "{en}"
    );
    app.clock.reset();
    app.stop().await;
}

#[tokio::test]
async fn the_batch_page_records_the_journey_and_staff_may_add_steps() {
    let (app, _tmp, subject, other_batch, product) = office().await;
    app.clock.set_today(day("2026-12-07"));
    let token = app.producer_token(subject).await;
    let batch = app
        .batch(&token, product, "MHD-2612", 30, "2027-06-30")
        .await["id"]
        .as_u64()
        .unwrap();
    let c = person(&app, subject, "producer_staff", "chi.ba").await;
    let page_url = app.url(&format!("/console/batches/{batch}?lang=vi"));
    let (s, _, page) = get(&c, page_url.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Chưa ghi bước nào"), "{page}");
    assert!(
        !page.contains("Thu hồi lô hàng"),
        "staff are not offered a recall"
    );
    let events_url = app.url(&format!("/console/batches/{batch}/events?lang=vi"));
    let step = |kind: &'static str, date: &'static str, time: &'static str, token: String| {
        vec![
            ("kind", kind.to_owned()),
            ("date", date.to_owned()),
            ("time", time.to_owned()),
            ("place", "Xưởng Bà Sáu".to_owned()),
            ("commune", "xã Hòa Tân".to_owned()),
            ("province", "Trà Vinh".to_owned()),
            ("note", "Đóng 30 chai 250 ml".to_owned()),
            ("csrf", token),
        ]
    };
    // Unreadable fields come back beside their fields, with what was typed kept.
    let r = c
        .post(events_url.clone())
        .form(&step("", "32/13/2026", "sáng", csrf(&page)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad = r.text().await.unwrap();
    assert!(
        bad.contains("id=\"kind-err\"") && bad.contains("Hãy chọn bước."),
        "{bad}"
    );
    assert!(
        bad.contains("id=\"date-err\"") && bad.contains("ngày/tháng/năm"),
        "{bad}"
    );
    assert!(
        bad.contains("id=\"time-err\"") && bad.contains("07:30"),
        "{bad}"
    );
    assert!(bad.contains("value=\"32/13/2026\"") && bad.contains("Xưởng Bà Sáu"));
    shoot("console-producer-event-error-vi", &app.base, &bad).await;
    // A step in the future is the service's refusal, beside the date.
    let r = c
        .post(events_url.clone())
        .form(&step("packing", "01/01/2027", "07:30", csrf(&page)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let future = r.text().await.unwrap();
    assert!(future.contains("Thời điểm này chưa tới"), "{future}");
    // Staff record packing; it shows on the timeline and in the API's history.
    let r = c
        .post(events_url.clone())
        .form(&step("packing", "05/12/2026", "7h30", csrf(&page)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let done = r.text().await.unwrap();
    assert!(done.contains("Đã ghi bước “Đóng gói”"), "{done}");
    assert!(
        done.contains("07:30, 05/12/2026") && done.contains("Xưởng Bà Sáu, xã Hòa Tân, Trà Vinh"),
        "{done}"
    );
    let r = c
        .post(events_url.clone())
        .form(&step("harvest", "01/12/2026", "6:00", csrf(&page)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let timeline = r.text().await.unwrap();
    let (harvest, packing) = (
        timeline.find("Thu hoạch nguyên liệu").unwrap(),
        timeline.find("<strong>Đóng gói").unwrap(),
    );
    assert!(
        harvest < packing,
        "the journey reads in the order it happened"
    );
    shoot("console-producer-batch-vi", &app.base, &timeline).await;
    let (_, events) = app
        .get(&token, &format!("/api/v1/batches/{batch}/events"))
        .await;
    let packed = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "packing")
        .unwrap();
    assert_eq!(packed["time"], "2026-12-05T00:30:00Z", "07:30 in Vietnam");
    assert_eq!(packed["place"]["name"], "Xưởng Bà Sáu");
    assert_eq!(packed["place"]["commune"], "xã Hòa Tân");
    assert!(
        packed["recorded_by"].as_str().unwrap().starts_with("acct_"),
        "{packed}"
    );
    // Another subject's batch: the refusal page, and no step is recorded on it.
    let (s, _, refusal) = get(
        &c,
        app.url(&format!("/console/batches/{other_batch}?lang=vi")),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(refusal.contains("không thuộc cơ sở của bạn"));
    let r = c
        .post(app.url(&format!("/console/batches/{other_batch}/events?lang=vi")))
        .form(&step("packing", "05/12/2026", "07:30", csrf(&page)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (_, theirs) = app
        .get(ADMIN, &format!("/api/v1/batches/{other_batch}/events"))
        .await;
    assert_eq!(theirs.as_array().unwrap().len(), 0);
    app.clock.reset();
    app.stop().await;
}

#[tokio::test]
async fn the_print_page_offers_png_svg_csv_and_a_preview_that_is_not_a_print_run() {
    let (app, _tmp, subject, other_batch, product) = office().await;
    let token = app.producer_token(subject).await;
    let mut body = TestApp::batch_body(product, "MHD-2612", 30, "2027-06-30");
    body["scratch_pin"] = json!(true);
    let (_, b) = app.post(&token, "/api/v1/batches", &body).await;
    let batch = b["id"].as_u64().unwrap();
    let url1 = app.label(ADMIN, batch, 1).await;
    let c = person(&app, subject, "producer_manager", "ba.sau").await;
    let print_url = app.url(&format!("/console/batches/{batch}/print?lang=vi"));
    let (s, _, form) = get(&c, print_url.clone()).await;
    assert_eq!(s, StatusCode::OK);

    // The preview of the first label decodes to its URL, and is no print run.
    let src = preview_src(&form);
    let r = c.get(app.url(&src)).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    let preview = r.bytes().await.unwrap();
    assert_eq!(qr_codes(&preview), BTreeSet::from([url1.clone()]));
    assert_eq!(
        print_runs(&app, batch).await,
        0,
        "a preview is not a print run"
    );
    let with_preview = form.replace(
        &format!("src=\"{}\"", src.replace('&', "&#38;")),
        &format!(
            "src=\"data:image/png;base64,{}\"",
            base64::engine::general_purpose::STANDARD.encode(&preview)
        ),
    );
    shoot("console-producer-print-vi", &app.base, &with_preview).await;
    // Without the session the preview is not served.
    let r = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(&src))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let fields = |layout: &str, from: &str, to: &str, action: &str, token: &str| {
        vec![
            ("from", from.to_owned()),
            ("to", to.to_owned()),
            ("layout", layout.to_owned()),
            ("columns", "2".to_owned()),
            ("rows", "5".to_owned()),
            ("width_mm", "50".to_owned()),
            ("height_mm", "30".to_owned()),
            ("action", action.to_owned()),
            ("csrf", token.to_owned()),
        ]
    };
    let token = csrf(&form);
    let send = |f: Vec<(&'static str, String)>| c.post(print_url.clone()).form(&f).send();
    // A preview of another serial and layout: the page again, still no print run.
    let r = send(fields("svg", "4", "4", "preview", &token))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.unwrap();
    assert!(page.contains("Xem trước: tem số 4"), "{page}");
    assert!(preview_src(&page).contains("serial=4"));
    assert_eq!(print_runs(&app, batch).await, 0);

    // One label as PNG: its QR is the first serial's URL; a file name people recognise.
    let r = send(fields("png", "1", "30", "download", &token))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"tem-MHD-2612-so-1.png\""
    );
    assert_eq!(
        qr_codes(&r.bytes().await.unwrap()),
        BTreeSet::from([url1.clone()])
    );
    let r = send(fields("svg", "2", "2", "download", &token))
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"tem-MHD-2612-so-2.svg\""
    );
    assert!(r.text().await.unwrap().contains("<svg"));
    assert_eq!(print_runs(&app, batch).await, 2);

    // CSV of 1–10 overlaps what was printed: the warning first, then the rows with PINs.
    let r = send(fields("csv", "1", "10", "download", &token))
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let warned = r.text().await.unwrap();
    assert!(
        warned.contains("Các số 1–2 đã được in trước đây"),
        "{warned}"
    );
    assert!(
        warned.contains("Số 1 đến 1") && warned.contains("Số 2 đến 2"),
        "the history"
    );
    shoot("console-producer-reprint-vi", &app.base, &warned).await;
    let mut again = fields("csv", "1", "10", "download", &token);
    again.push(("reprint", "yes".to_owned()));
    let r = send(again).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"tem-MHD-2612-1-10.csv\""
    );
    let csv = r.text().await.unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("serial,url,pin"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0][0], "1");
    assert_eq!(rows[0][1], url1);
    assert!(
        rows.iter()
            .all(|r| r[2].len() == 8 && r[2].bytes().all(|b| b.is_ascii_digit())),
        "{csv}"
    );

    // A4 sheets with the chosen grid.
    let r = send(fields("sheet", "11", "20", "download", &token))
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"tem-MHD-2612-11-20.pdf\""
    );
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    assert_eq!(print_runs(&app, batch).await, 4);

    // A grid or a label that cannot hold a readable code is a field error, not a print run.
    let mut grid = fields("sheet", "21", "30", "download", &token);
    grid[3].1 = "30".into();
    let r = send(grid).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Số cột từ 1 đến 20"));
    let mut small = fields("png", "21", "21", "download", &token);
    small[5].1 = "12".into();
    small[6].1 = "10".into();
    let r = send(small).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let small = r.text().await.unwrap();
    assert!(small.contains("Tem quá nhỏ để mã QR đọc được"), "{small}");
    shoot("console-producer-print-error-vi", &app.base, &small).await;
    assert_eq!(print_runs(&app, batch).await, 4);

    // Another subject's batch: the refusal page for the print page, a post and a preview.
    for path in [
        format!("/console/batches/{other_batch}/print?lang=vi"),
        format!(
            "/console/batches/{other_batch}/preview?serial=1&layout=png&width_mm=50&height_mm=30"
        ),
    ] {
        let (s, _, refusal) = get(&c, app.url(&path)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert!(refusal.contains("không thuộc cơ sở của bạn"), "{refusal}");
    }
    let r = c
        .post(app.url(&format!("/console/batches/{other_batch}/print?lang=vi")))
        .form(&fields("png", "1", "1", "download", &token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(print_runs(&app, other_batch).await, 0);
    app.stop().await;
}

#[tokio::test]
async fn the_print_page_of_a_recalled_batch_says_so_and_offers_no_sheet() {
    let (app, _tmp, subject, _, product) = office().await;
    let token = app.producer_token(subject).await;
    let b = app
        .batch(&token, product, "MHD-2613", 12, "2027-06-30")
        .await;
    let batch = b["id"].as_u64().unwrap();
    let (s, v) = app
        .post(
            &token,
            &format!("/api/v1/batches/{batch}/recall"),
            &json!({"reason": "Bao bì bị lỗi niêm phong"}),
        )
        .await;
    assert!(s.is_success(), "{v}");
    let c = person(&app, subject, "producer_manager", "ba.bay").await;
    let (s, _, page) = get(
        &c,
        app.url(&format!("/console/batches/{batch}/print?lang=vi")),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("đã bị thu hồi"), "{page}");
    assert!(
        !page.contains("format=pdf") && !page.contains("<img src=\"/console/batches/"),
        "{page}"
    );
    shoot("console-producer-print-recalled-vi", &app.base, &page).await;
    // A sheet forced by a hand-made request is refused with the same reason.
    let (_, _, home) = get(&c, app.url("/console?lang=vi")).await;
    let (s, _, answer) = post(
        &c,
        app.url(&format!("/console/batches/{batch}/print?lang=vi")),
        &[
            ("csrf", &csrf(&home)),
            ("layout", "sheet"),
            ("from", "1"),
            ("to", "4"),
            ("columns", "3"),
            ("rows", "8"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{answer}");
    assert!(answer.contains("đã bị thu hồi"), "{answer}");
    assert_eq!(print_runs(&app, batch).await, 0);
    app.stop().await;
}
