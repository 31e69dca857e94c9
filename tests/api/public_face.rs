//! The public face as a shopper and an official meet it: advice on every verdict that is not
//! plainly genuine, the PIN's answer in the banner, a revoked certificate's date and reason,
//! the office on every page, the producer's phone, a catalogue whose pages add up and whose
//! filters survive a search, and a dashboard without districts or codes.

use crate::helpers::{ADMIN, TestApp, day, test_office};
use crate::pages::{browse, shop};
use serde_json::{Value, json};

const HOTLINE: &str = "href=\"tel:02703822123\"";

fn banner(html: &str) -> &str {
    let start = html.find("<div class=\"verdict").unwrap_or(0);
    &html[start..start + html[start..].find("</div>").unwrap_or(0)]
}

#[tokio::test]
async fn every_page_names_the_office_with_a_tap_to_call_hotline() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let office = test_office();
    for path in [
        "/",
        "/dashboard",
        "/catalogue",
        "/verify/photo",
        "/01/08930000000019",
        "/no/such/page",
    ] {
        for (lang, name) in [
            ("vi", &office.name),
            ("en", office.name_en.as_ref().unwrap()),
        ] {
            let (_, _, html) = browse(app, &app.url(path), lang, "203.0.113.5").await;
            assert!(html.contains(HOTLINE), "{path} {lang}");
            assert!(html.contains(name.as_str()), "{path} {lang}");
            assert!(html.contains(&office.address), "{path} {lang}");
        }
    }
    let (_, _, verdict) = browse(app, &t.urls[0], "vi", "203.0.113.5").await;
    assert!(verdict.contains(HOTLINE));
    // The producer's phone, tap to call.
    assert!(verdict.contains("href=\"tel:02943555001\""), "{verdict}");
    t.app.stop().await;
}

/// Asserts the shopper's advice on a page of verdict `code`, in both languages.
async fn assert_advice(app: &TestApp, url: &str, code: &str, red: bool) -> String {
    let (_, _, vi) = browse(app, url, "vi", "192.0.2.77").await;
    let (_, _, en) = browse(app, url, "en", "192.0.2.77").await;
    assert!(
        vi.contains(&format!("data-code=\"{code}\"")),
        "{code}: {vi}"
    );
    for (html, means, todo, call) in [
        (
            &vi,
            "Điều này có nghĩa là gì",
            "Bạn nên làm gì",
            "Cần hỗ trợ, hãy gọi",
        ),
        (&en, "What this means", "What to do", "For help, call"),
    ] {
        assert!(
            html.contains(means) && html.contains(todo),
            "{code}: {html}"
        );
        assert!(html.contains(call) && html.contains(HOTLINE), "{code}");
        let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
        assert!(
            !title.contains(code) && !title.contains('_'),
            "{code}: {title}"
        );
        for jargon in [
            "khóa ký",
            "Sổ công khai",
            "signing key",
            "(HouseholdBusiness)",
        ] {
            assert!(!html.contains(jargon), "{code}: {jargon}");
        }
    }
    if red {
        assert!(vi.contains("verdict danger"), "{code}");
        // The report form comes before the facts, open, with its question as a label.
        let report = vi
            .find("<section class=\"report\"")
            .expect("report section");
        assert!(
            vi.find("<dl class=\"facts\">\n<dt>Chủ thể")
                .is_none_or(|f| report < f)
        );
        assert!(vi.contains("Phản ánh nghi ngờ hàng giả"));
        assert!(vi.contains("<label for=\"report-text\">Bạn thấy điều gì bất thường?</label>"));
    }
    vi
}

#[tokio::test]
async fn every_verdict_that_is_not_genuine_gives_advice_and_whom_to_call() {
    let t = shop(false, 10_000).await;
    let (app, u) = (&t.app, &t.urls);
    let sig = |u: &str| u.rsplit("&s=").next().unwrap().to_owned();
    let forged = u[1].replace(&sig(&u[1]), &sig(&u[0]));
    let vi = assert_advice(app, &forged, "bad_signature", true).await;
    assert!(vi.contains("Không nên mua hoặc sử dụng sản phẩm này."));
    // What the label claims to be, to compare with the pack.
    let claims = &vi[vi.find("data-claims").unwrap()..];
    assert!(
        claims.contains("Mật hoa dừa") && claims.contains("MHD-2611"),
        "{vi}"
    );
    let vi = assert_advice(
        app,
        &u[0].replace("/21/1?", "/21/99?"),
        "serial_out_of_range",
        true,
    )
    .await;
    assert!(vi.contains("<dd>99</dd>"));
    let vi = assert_advice(
        app,
        &u[0].replace("MHD-2611", "MHD-0000"),
        "unknown_batch",
        true,
    )
    .await;
    assert!(vi[vi.find("data-claims").unwrap()..].contains("MHD-0000"));
    assert_advice(app, &u[0].replace("&k=", "&k=zz"), "unknown_key", true).await;
    assert_advice(app, &app.url("/l/abc/1?v=1"), "malformed", false).await;
    app.clock.set_today(day("2028-08-20"));
    let vi = assert_advice(app, &u[2], "product_expired", false).await;
    assert!(vi.contains("verdict danger") && vi.contains("Không sử dụng sản phẩm này."));
    app.clock.reset();
    for (i, ip) in ["198.51.100.1", "100.64.1.1", "172.20.1.1", "10.9.1.1"]
        .into_iter()
        .enumerate()
    {
        app.clock
            .set_today(day("2026-12-02") + chrono::Days::new(i as u64));
        browse(app, &u[3], "vi", ip).await;
    }
    let vi = assert_advice(app, &u[3], "clone_suspected", true).await;
    assert!(
        vi.contains("vẫn có thể là hàng thật"),
        "no outright accusation"
    );
    // (certificate_expiring and _expired need a batch that outlives its certificate; their
    // advice is checked for every code in `http::advice`.)
    app.clock.set_today(day("2026-12-15"));
    app.post(
        &t.token,
        &format!("/api/v1/batches/{}/recall", t.batch),
        &json!({"reason": "Đường vượt ngưỡng"}),
    )
    .await;
    let vi = assert_advice(app, &u[4], "batch_recalled", false).await;
    assert!(vi.contains("verdict danger"));
    assert!(vi.contains("lô hàng này đã bị thu hồi ngày 15/12/2026. Lý do: Đường vượt ngưỡng"));
    t.app.stop().await;
}

#[tokio::test]
async fn a_revoked_certificate_shows_when_and_why_never_valid_until() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let (_, certs) = app
        .get(
            ADMIN,
            &format!("/api/v1/products/{}/certificates", t.product),
        )
        .await;
    let (s, _) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{}/revoke", certs[0]["id"]),
            &json!({"reason": "Không đạt khi đánh giá lại"}),
        )
        .await;
    assert!(s.is_success());
    let vi = assert_advice(app, &t.urls[0], "certificate_revoked", false).await;
    assert!(vi.contains("verdict warning"));
    assert!(
        vi.contains(
            "<dt>Bị thu hồi</dt><dd>ngày 15/12/2026 — lý do: Không đạt khi đánh giá lại</dd>"
        ),
        "{vi}"
    );
    assert!(!vi.contains("Hiệu lực đến"), "{vi}");
    let (_, _, en) = browse(app, &t.urls[0], "en", "192.0.2.78").await;
    assert!(
        en.contains("on 15 Dec 2026 — reason: Không đạt khi đánh giá lại")
            && !en.contains("Valid until")
    );
    t.app.stop().await;
}

async fn claim(t: &crate::pages::Shop, serial: usize, pin: &str, ip: &str) -> String {
    t.app
        .client
        .post(format!("{}&lang=vi", t.urls[serial]))
        .header("Accept", "text/html")
        .header("X-Forwarded-For", ip)
        .form(&[("pin", pin)])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_pin_used_before_or_locked_changes_the_banner_itself() {
    let t = shop(true, 10_000).await;
    let pin = crate::helpers::pin_of(&t.app, &t.token, t.batch, 1).await;
    let first = claim(&t, 0, &pin, "203.0.113.71").await;
    assert!(banner(&first).contains("verdict ok"), "{first}");
    let again = claim(&t, 0, &pin, "198.51.100.72").await;
    let b = banner(&again);
    assert!(
        b.contains("verdict danger") && b.contains("đã được kích hoạt ngày 15/12/2026"),
        "{b}"
    );
    assert!(!again.contains("verdict ok") && again.contains("Bạn nên làm gì"));
    for i in 0..5 {
        claim(&t, 1, &format!("{:08}", 11 + i), &format!("10.{i}.0.9")).await;
    }
    let locked = claim(&t, 1, "00000010", "10.8.0.9").await;
    let b = banner(&locked);
    assert!(
        b.contains("verdict warning") && b.contains("Mã PIN đã bị khóa"),
        "{locked}"
    );
    t.app.stop().await;
}

fn ids(html: &str) -> Vec<String> {
    html.split("data-product=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_owned())
        .collect()
}

#[tokio::test]
async fn the_catalogue_pages_add_up_filters_survive_search_and_exact_words_rank_first() {
    let (app, _tmp) = TestApp::spawn_demo().await;
    let ip = "203.0.113.6";
    let (_, _, first) = browse(&app, &app.url("/catalogue"), "vi", ip).await;
    let total: usize = first
        .split("data-total=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(total > 20, "{total}");
    // Follow "next" to the end: every product once, as many as the count says.
    let (mut seen, mut html) = (Vec::new(), first);
    loop {
        seen.extend(ids(&html));
        let Some(next) = html.split("rel=\"next\" href=\"").nth(1) else {
            break;
        };
        let href = next[..next.find('"').unwrap()]
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        html = browse(&app, &app.url(&href), "vi", ip).await.2;
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (total, total));
    // Filters are form fields of the search form: a search keeps them, and they show.
    let url = app.url("/catalogue?lang=en&q=mat+ong&group=food&star=&commune=&channel=");
    let (s, _, en) = browse(&app, &url, "vi", ip).await;
    assert!(s.is_success());
    assert!(en.contains("<html lang=\"en\">") && en.contains("Product group"));
    assert!(en.contains("<option value=\"food\" selected>"), "{en}");
    assert!(en.contains("value=\"mat ong\""));
    assert!(en.contains("Filtered by:"));
    let names: Vec<&str> = en
        .split("data-product=\"")
        .skip(1)
        .map(|s| {
            let a = &s[s.find('>').unwrap() + 1..];
            let a = &a[a.find('>').unwrap() + 1..];
            &a[..a.find('<').unwrap()]
        })
        .collect();
    let honey = names.iter().position(|n| n.starts_with("Mật ong"));
    let nectar = names.iter().position(|n| *n == "Mật hoa dừa");
    assert!(honey.is_some(), "{names:?}");
    assert!(nectar.is_none_or(|n| honey < Some(n)), "{names:?}");
    // Paging keeps the filters and the search.
    let (_, _, food) = browse(&app, &app.url("/catalogue?group=food&q=a"), "vi", ip).await;
    let next = food
        .split("rel=\"next\" href=\"")
        .nth(1)
        .expect("a second page of food");
    let next = &next[..next.find('"').unwrap()];
    assert!(
        next.contains("group=food") && next.contains("q=a") && next.contains("page=2"),
        "{next}"
    );
    // A commune filter from the list narrows the list and its count.
    let (_, _, hoa_tan) = browse(
        &app,
        &app.url("/catalogue?commune=x%C3%A3+H%C3%B2a+T%C3%A2n"),
        "vi",
        ip,
    )
    .await;
    assert!(!ids(&hoa_tan).is_empty() && ids(&hoa_tan).len() < 20);
    app.stop().await;
}

#[tokio::test]
async fn the_dashboard_has_no_districts_and_no_verdict_codes() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let forged = t.urls[0].replace("/21/1?", "/21/99?");
    browse(app, &forged, "vi", "203.0.113.7").await;
    browse(app, &t.urls[0], "vi", "203.0.113.7").await;
    let v: Value = app.get("", "/api/v1/dashboard/summary").await.1;
    assert!(v.is_object());
    for lang in ["vi", "en"] {
        let (_, _, html) = browse(
            app,
            &app.url(&format!("/dashboard?lang={lang}")),
            lang,
            "203.0.113.7",
        )
        .await;
        let text = html.to_lowercase();
        assert!(
            !text.contains("huyện") && !text.contains("district"),
            "{lang}"
        );
        for code in ["serial_out_of_range", "genuine", "bad_signature"] {
            assert!(!html.contains(code), "{lang}: {code}");
        }
        assert!(!html.contains("font-size=\"7\"") && !html.contains("font-size=\"10\""));
    }
    t.app.stop().await;
}

#[tokio::test]
async fn a_browser_that_uploads_no_image_gets_a_page_not_json() {
    let t = shop(false, 10_000).await;
    let app = &t.app;
    let form = reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(b"not an image".to_vec()).file_name("x.png"),
    );
    let r = app
        .client
        .post(app.url("/verify/photo?lang=vi"))
        .header("Accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"vi\">") && html.contains("không phải ảnh JPEG hoặc PNG"),
        "{html}"
    );
    assert!(html.contains("href=\"/verify/photo?lang=vi\""));
    t.app.stop().await;
}
