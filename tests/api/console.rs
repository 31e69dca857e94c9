//! The console driven over HTTP as a browser would (cookies kept by the client): the office
//! signs in and creates a producer account, the producer sets a password through the setup
//! link, issues a batch, prints a PDF sheet whose codes verify genuine, and recalls it; and
//! the session and CSRF rules hold. Screenshots of the pages at 390 px land in
//! `target/screenshots/console-*.png`.

use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, PRODUCER_PASSWORD, browser, create_account, csrf, get, office,
    pdf_codes, post, session_cookie, sign_in, with_cookie,
};
use crate::helpers::ADMIN;
use crate::screens::shoot_html;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::json;

#[tokio::test]
async fn a_producer_goes_from_a_setup_link_to_a_printed_sheet_and_a_recall() {
    let (app, _tmp, subject, other_batch, _) = office().await;
    let shots = std::env::var_os("OCOP_NO_SCREENSHOTS").is_none();
    let office = browser();
    let (s, html) = sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("href=\"/console/accounts?lang=vi\""),
        "the office lands on its home, which leads to the accounts page"
    );
    let link = create_account(
        &app,
        &office,
        "+84 912 345 678",
        "producer_manager",
        subject,
    )
    .await;
    assert!(link.starts_with(&app.url("/console/setup/")), "{link}");
    if shots {
        let (_, _, accounts) = get(&office, app.url("/console/accounts?lang=vi")).await;
        shoot_html("console-accounts-vi", &app.base, &accounts).await;
    }

    // The producer follows the link; a weak password is refused beside the field.
    let producer = browser();
    let (s, _, setup) = get(&producer, link.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        setup.contains("0912345678"),
        "the link names the sign-in name"
    );
    let (s, _, weak) = post(
        &producer,
        link.clone(),
        &[
            ("password", "matkhau123"),
            ("password_again", "matkhau123"),
            ("csrf", &csrf(&setup)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.contains("quá phổ biến"), "{weak}");
    if shots {
        shoot_html("console-setup-weak-vi", &app.base, &weak).await;
    }
    let (s, url, _) = post(
        &producer,
        link.clone(),
        &[
            ("password", PRODUCER_PASSWORD),
            ("password_again", PRODUCER_PASSWORD),
            ("csrf", &csrf(&weak)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(url.contains("/console/sign-in"), "{url}");
    let (s, _, used) = get(&producer, link.clone()).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a setup link works once");
    assert!(used.contains("đã được dùng"));

    // Home: the product with its stars and certificate status in words.
    let (s, home) = sign_in(&app, &producer, "0912.345.678", PRODUCER_PASSWORD).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    assert!(
        home.contains("Mật hoa dừa") && home.contains("4 sao"),
        "{home}"
    );
    assert!(home.contains("Giấy chứng nhận còn hiệu lực đến"), "{home}");
    assert!(
        !home.contains("Bưởi"),
        "another subject's product never shows"
    );
    if shots {
        shoot_html("console-home-vi", &app.base, &home).await;
    }

    // A new batch: a refused lot comes back beside its field with the typed values kept.
    let (_, _, form) = get(&producer, app.url("/console/batches/new?lang=vi")).await;
    let product = form
        .match_indices("<option value=\"")
        .map(|(i, _)| &form[i + 15..])
        .map(|r| r[..r.find('"').unwrap()].to_owned())
        .find(|v| !v.is_empty())
        .unwrap();
    let fields = |lot: &'static str, token: String| {
        vec![
            ("product_id", product.clone()),
            ("lot", lot.to_owned()),
            ("production_date", "2026-11-01".to_owned()),
            ("expiry_date", "30/06/2027".to_owned()),
            ("quantity", "30".to_owned()),
            ("region", "Vùng dừa sáp Cầu Kè".to_owned()),
            ("province", "Trà Vinh".to_owned()),
            ("commune", "xã Hòa Tân".to_owned()),
            ("csrf", token),
        ]
    };
    let bad = fields("MHD 2612 ✓", csrf(&form));
    let r = producer
        .post(app.url("/console/batches?lang=vi"))
        .form(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap();
    assert!(refused.contains("Mã lô chỉ gồm chữ không dấu"), "{refused}");
    assert!(
        refused.contains("Vùng dừa sáp Cầu Kè") && refused.contains("value=\"30\""),
        "typed values are kept"
    );
    if shots {
        shoot_html("console-batch-new-error-vi", &app.base, &refused).await;
    }
    let good = fields("MHD-2612", csrf(&refused));
    let r = producer
        .post(app.url("/console/batches?lang=vi"))
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let batch_url = r.url().to_string();
    let confirmed = r.text().await.unwrap();
    assert!(confirmed.contains("Đã lưu và ký số lô hàng"), "{confirmed}");
    assert!(confirmed.contains("30/06/2027") && confirmed.contains("30 sản phẩm"));
    let batch: u64 = batch_url
        .split("/console/batches/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    if shots {
        shoot_html("console-batch-vi", &app.base, &confirmed).await;
    }
    // The next form starts from this batch's origin.
    let (_, _, next) = get(&producer, app.url("/console/batches/new?lang=vi")).await;
    assert!(next.contains("Đã điền sẵn theo lô trước") && next.contains("xã Hòa Tân"));
    if shots {
        shoot_html("console-batch-new-vi", &app.base, &next).await;
    }

    // Print serials 1–3 as an A4 PDF; its codes verify genuine.
    let (_, _, print_form) = get(
        &producer,
        app.url(&format!("/console/batches/{batch}/print?lang=vi")),
    )
    .await;
    if shots {
        shoot_html("console-print-vi", &app.base, &print_form).await;
    }
    let token = csrf(&print_form);
    let print = |token: String, reprint: bool| {
        let mut f = vec![
            ("from", "1".to_owned()),
            ("to", "3".to_owned()),
            ("csrf", token),
        ];
        if reprint {
            f.push(("reprint", "yes".to_owned()));
        }
        producer
            .post(app.url(&format!("/console/batches/{batch}/print?lang=vi")))
            .form(&f)
            .send()
    };
    let r = print(token.clone(), false).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let codes = pdf_codes(&r.bytes().await.unwrap(), 3);
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert_eq!(app.code(&codes[0]).await, "genuine");
    // The same range again is a warning first, then a reprint when confirmed.
    let r = print(token.clone(), false).await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let warned = r.text().await.unwrap();
    assert!(warned.contains("đã được in trước đây"), "{warned}");
    if shots {
        shoot_html("console-print-reprint-vi", &app.base, &warned).await;
    }
    let r = print(token, true).await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let (_, runs) = app
        .get(ADMIN, &format!("/api/v1/batches/{batch}/print-runs"))
        .await;
    assert_eq!(runs.as_array().unwrap().len(), 2);
    assert_eq!(runs[1]["reprint"], json!(true));

    // Another subject's batch is the refusal page, not data.
    let (s, _, refusal) = get(
        &producer,
        app.url(&format!("/console/batches/{other_batch}?lang=vi")),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(refusal.contains("không thuộc cơ sở của bạn") && !refusal.contains("BUOI-01"));
    let (s, _, _) = get(
        &producer,
        app.url(&format!("/console/batches/{other_batch}/print")),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    if shots {
        shoot_html("console-refused-vi", &app.base, &refusal).await;
    }

    // A post without its CSRF token is refused with a page.
    let mut no_token = good.clone();
    no_token.retain(|(k, _)| *k != "csrf");
    let r = producer
        .post(app.url("/console/batches?lang=vi"))
        .form(&no_token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Biểu mẫu đã cũ"));

    // A body that does not read as the form (a field sent twice) gets a page, not a parser's
    // message.
    let mut twice = good.clone();
    twice.push(twice[0].clone());
    let r = producer
        .post(app.url("/console/batches?lang=vi"))
        .form(&twice)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Không đọc được biểu mẫu") && page.contains("<html lang=\"vi\""),
        "{page}"
    );
    if shots {
        shoot_html("console-form-unreadable-vi", &app.base, &page).await;
    }

    // Recall behind a confirmation step; the label then says recalled.
    let (_, _, confirm) = get(
        &producer,
        app.url(&format!("/console/batches/{batch}/recall?lang=vi")),
    )
    .await;
    assert!(confirm.contains("Không thể hoàn tác"));
    if shots {
        shoot_html("console-recall-vi", &app.base, &confirm).await;
    }
    let (s, _, recalled) = post(
        &producer,
        app.url(&format!("/console/batches/{batch}/recall?lang=vi")),
        &[
            ("reason", "Hàm lượng đường vượt ngưỡng công bố"),
            ("csrf", &csrf(&confirm)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(recalled.contains("Lô đã bị thu hồi ngày"), "{recalled}");
    assert_eq!(app.code(&codes[0]).await, "batch_recalled");

    // The account changes are in the log with the actor.
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let created = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(e["entry"].as_str().unwrap()).unwrap())
        .find(|e| e["kind"] == "account_created" && e["data"]["role"] == "producer_manager")
        .unwrap();
    assert!(
        created["actor"]["token_id"]
            .as_str()
            .unwrap()
            .starts_with("acct_")
    );
    assert!(
        !created.to_string().contains("0912345678"),
        "the public log holds no phone number"
    );
    app.stop().await;
}

#[tokio::test]
async fn sessions_end_at_sign_out_and_when_the_account_is_disabled() {
    let (app, tmp, subject, _, product) = office().await;
    let office = browser();
    sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let link = create_account(&app, &office, "nv.sau", "producer_staff", subject).await;
    let setup = browser();
    let (_, _, form) = get(&setup, link.clone()).await;
    let (s, _, _) = post(
        &setup,
        link,
        &[
            ("password", PRODUCER_PASSWORD),
            ("password_again", PRODUCER_PASSWORD),
            ("csrf", &csrf(&form)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // Sign-out ends the session at once: the old cookie opens nothing.
    let cookie = session_cookie(&app, "nv.sau", PRODUCER_PASSWORD).await;
    let home = with_cookie(&app, &cookie, "/console?lang=vi")
        .await
        .unwrap();
    // Staff print but cannot recall: no recall link, and a recall post is refused.
    let token = app.producer_token(subject).await;
    let batch = app.batch(&token, product, "MHD-NV", 4, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    let page = with_cookie(&app, &cookie, &format!("/console/batches/{batch}?lang=vi"))
        .await
        .unwrap();
    assert!(
        page.contains("In tem") && !page.contains("Thu hồi lô hàng"),
        "{page}"
    );
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw
        .get(app.url(&format!("/console/batches/{batch}/recall")))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "no confirmation step for staff"
    );
    let r = raw
        .post(app.url(&format!("/console/batches/{batch}/recall?lang=vi")))
        .header(COOKIE, &cookie)
        .form(&[("reason", "thử"), ("csrf", &csrf(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Chỉ người quản lý cơ sở"));
    assert_eq!(
        app.code(&app.label(&token, batch, 1).await).await,
        "genuine"
    );
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = raw
        .post(app.url("/console/sign-out"))
        .header(COOKIE, &cookie)
        .form(&[("csrf", csrf(&home))])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(with_cookie(&app, &cookie, "/console").await, None);

    // Disabling the account ends its live session.
    let cookie = session_cookie(&app, "nv.sau", PRODUCER_PASSWORD).await;
    assert!(with_cookie(&app, &cookie, "/console").await.is_some());
    let (_, _, accounts) = get(&office, app.url("/console/accounts?lang=vi")).await;
    let row = accounts.find("nv.sau").unwrap();
    let at = row + accounts[row..].find("/disable?").unwrap();
    let id = accounts[..at].rsplit("/console/accounts/").next().unwrap();
    let (s, _, done) = post(
        &office,
        app.url(&format!("/console/accounts/{id}/disable?lang=vi")),
        &[("csrf", &csrf(&accounts))],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(done.contains("đã kết thúc"), "{done}");
    assert_eq!(with_cookie(&app, &cookie, "/console").await, None);
    let (s, _) = sign_in(&app, &browser(), "nv.sau", PRODUCER_PASSWORD).await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "a disabled account signs in nowhere"
    );

    // A backup holds the accounts (hashes only) and no session at all.
    session_cookie(&app, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    app.stop().await;
    // The store this run served from (sled, or PostgreSQL in the suite's PostgreSQL pass).
    let served = crate::helpers::restore_target(tmp.path()).to_string_unredacted();
    let store = ocop_trace::store::open_url(&served).unwrap();
    let ring = ocop_trace::crypto::KeyStore::new(tmp.path().join("keys"))
        .load()
        .unwrap();
    let out = tmp.path().join("b.ocopbak");
    let m =
        ocop_trace::backup::create_file(&*store, &ring, None, chrono::Utc::now(), &out).unwrap();
    let trees: Vec<&str> = m.trees.iter().map(|t| t.name.as_str()).collect();
    assert!(trees.contains(&"accounts"), "{trees:?}");
    assert!(!trees.contains(&"sessions"), "{trees:?}");
    let bytes = std::fs::read(&out).unwrap();
    let needle = PRODUCER_PASSWORD.as_bytes();
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}

#[tokio::test]
async fn ten_wrong_passwords_throttle_further_tries_with_one_generic_message() {
    let (app, _tmp, _, _, _) = office().await;
    let c = browser();
    let (_, _, english) = get(&c, app.url("/console/sign-in?lang=en")).await;
    assert!(english.contains("Username or phone number") && english.contains("lang=\"en\""));
    let (s, unknown) = sign_in(&app, &c, "khong.co.ai", "một mật khẩu bất kỳ").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (_, wrong) = sign_in(&app, &c, OFFICE_LOGIN, "sai mật khẩu rồi").await;
    let sentence = "Tên đăng nhập hoặc mật khẩu chưa đúng.";
    assert!(
        unknown.contains(sentence) && wrong.contains(sentence),
        "one message for both"
    );
    let mut throttled = 0;
    for _ in 0..9 {
        let (s, _) = sign_in(&app, &c, OFFICE_LOGIN, "sai mật khẩu rồi").await;
        assert!(matches!(
            s,
            StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
        ));
        throttled += usize::from(s == StatusCode::TOO_MANY_REQUESTS);
    }
    assert!(throttled > 0);
    let (s, page) = sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(
        s,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(page.contains("Đã thử sai quá nhiều lần"), "{page}");
    if std::env::var_os("OCOP_NO_SCREENSHOTS").is_none() {
        shoot_html("console-sign-in-throttled-vi", &app.base, &page).await;
        let (_, _, fresh) = get(&browser(), app.url("/console/sign-in?lang=vi")).await;
        shoot_html("console-sign-in-vi", &app.base, &fresh).await;
    }
    app.stop().await;
}

#[tokio::test]
async fn the_office_registers_a_subject_with_a_form_that_keeps_what_was_typed() {
    let (app, _tmp, _, _, _) = office().await;
    let c = browser();
    sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (_, _, form) = get(&c, app.url("/console/subjects?lang=vi")).await;
    let fields = |name: &'static str, token: String| {
        vec![
            ("name", name.to_owned()),
            ("kind", "cooperative".to_owned()),
            ("registration_no", "HTX-0042".to_owned()),
            ("commune", "xã Hòa Tân".to_owned()),
            ("province", "Vĩnh Long".to_owned()),
            ("csrf", token),
        ]
    };
    let r = c
        .post(app.url("/console/subjects?lang=vi"))
        .form(&fields("  ", csrf(&form)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap();
    assert!(refused.contains("Hãy nhập tên chủ thể") && refused.contains("HTX-0042"));
    let (s, _, saved) = post(
        &c,
        app.url("/console/subjects?lang=vi"),
        &fields("HTX Dừa Hòa Tân", csrf(&refused))
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        saved.contains("Đã đăng ký chủ thể HTX Dừa Hòa Tân"),
        "{saved}"
    );
    assert!(saved.contains("Hợp tác xã · xã Hòa Tân, Vĩnh Long"));
    let (_, _, accounts) = get(&c, app.url("/console/accounts?lang=vi")).await;
    assert!(
        accounts.contains("HTX Dừa Hòa Tân"),
        "a new account can belong to it"
    );
    if std::env::var_os("OCOP_NO_SCREENSHOTS").is_none() {
        shoot_html("console-subjects-vi", &app.base, &saved).await;
    }
    app.stop().await;
}
