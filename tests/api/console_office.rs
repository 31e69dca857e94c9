//! The province office's console over HTTP with a cookie client: a product whose GTIN has a
//! wrong check digit is refused with the right digit named, a certificate the competence
//! rules forbid is refused beside the level field, a replacement and a revocation go through
//! their confirmation steps, a role change is logged with its actor, the expiring list counts
//! days, a report of a fake is marked handled with a note, "verify now" finds the log
//! intact, and producers, inspectors and forms without their token are refused. Screenshots
//! land in `target/screenshots/console-office-*.png`.

use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, browser, create_account, csrf, get, office, post, sign_in,
};
use crate::helpers::{ADMIN, TestApp, day};
use crate::screens::shoot_html;
use reqwest::StatusCode;

fn shots() -> bool {
    std::env::var_os("OCOP_NO_SCREENSHOTS").is_none()
}

/// The text of the field error paragraph of `field`, if the page has one.
fn field_error(html: &str, field: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{field}-err\">"))?;
    let rest = &html[at..];
    Some(rest[rest.find('>')? + 1..rest.find("</p>")?].to_owned())
}

/// A person with an account made on the accounts page, signed in through the setup link.
async fn person(
    app: &TestApp,
    office: &reqwest::Client,
    login: &str,
    role: &str,
    subject: u64,
) -> reqwest::Client {
    let link = create_account(app, office, login, role, subject).await;
    let c = browser();
    let (_, _, setup) = get(&c, link.clone()).await;
    let password = "một mật khẩu đủ dài 2026";
    let (s, _, _) = post(
        &c,
        link,
        &[
            ("password", password),
            ("password_again", password),
            ("csrf", &csrf(&setup)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = sign_in(app, &c, login, password).await;
    assert_eq!(s, StatusCode::OK);
    c
}

/// Borrowed pairs of an owned form, as `post` takes them.
fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn product_id(url: &str) -> u64 {
    let tail = url.split("/console/products/").nth(1).unwrap();
    tail[..tail.find('?').unwrap_or(tail.len())]
        .parse()
        .unwrap()
}

#[tokio::test]
async fn the_office_registers_a_product_and_its_certificates_with_the_rules_explained() {
    let (app, _tmp, subject, _, _) = office().await;
    let c = browser();
    let (s, home) = sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    for link in [
        "/console/products",
        "/console/expiring",
        "/console/reports",
        "/console/clones",
        "/console/log",
        "/console/accounts",
    ] {
        assert!(
            home.contains(&format!("href=\"{link}?lang=vi\"")),
            "{link}: {home}"
        );
    }
    assert!(!home.contains("bản sau"), "no 'forms come later' any more");
    if shots() {
        shoot_html("console-office-home-vi", &app.base, &home).await;
    }

    // A GTIN with a wrong check digit: the page names the digit it should be.
    let (_, _, form) = get(&c, app.url("/console/products?lang=vi")).await;
    let product = |gtin: &'static str| {
        vec![
            ("subject_id", subject.to_string()),
            ("name", "Kẹo dừa sáp".to_owned()),
            ("group", "food".to_owned()),
            ("subgroup", "1.3".to_owned()),
            ("gtin", gtin.to_owned()),
            ("brand_supported", "yes".to_owned()),
            ("listings", "https://shopee.vn/keo-dua-sap\n".to_owned()),
            ("csrf", csrf(&form)),
        ]
    };
    let bad = product("893 4588 01222 9");
    let (s, _, refused) = post(&c, app.url("/console/products?lang=vi"), &pairs(&bad)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let e = field_error(&refused, "gtin").expect("an error beside the GTIN field");
    assert!(
        e.contains("12 chữ số đầu") && e.contains("phải là 8, không phải 9"),
        "{e}"
    );
    assert!(
        refused.contains("value=\"8934588012229\""),
        "what was typed is kept"
    );
    assert!(!refused.contains("invalid_gtin"), "no codes on pages");
    if shots() {
        shoot_html("console-office-gtin-vi", &app.base, &refused).await;
    }
    let good = product("8934588012228");
    let (s, url, page) = post(&c, app.url("/console/products?lang=vi"), &pairs(&good)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.contains("Đã đăng ký sản phẩm"), "{page}");
    let id = product_id(&url);
    let (_, p) = app.get(ADMIN, &format!("/api/v1/products/{id}")).await;
    assert_eq!(p["gtin"], "08934588012228");
    assert_eq!(p["subgroup"], "1.3");
    assert_eq!(p["brand_supported"], true);
    let (_, _, list) = get(&c, app.url("/console/products?lang=vi")).await;
    assert!(
        list.contains("Kẹo dừa sáp") && list.contains("Bưởi da xanh"),
        "every subject's products"
    );
    let (_, _, one) = get(
        &c,
        app.url(&format!("/console/products?subject={subject}&lang=vi")),
    )
    .await;
    assert!(
        one.contains("Mật hoa dừa") && !one.contains("Bưởi da xanh"),
        "one subject's products"
    );
    assert!(one.contains("2 sản phẩm"), "{one}");

    // A district council may not award 3 stars after the 2025 reform: said beside "level".
    let cert = |level: &str, date: &str, token: String| {
        vec![
            ("decision_no", "1306/QĐ-UBND".to_owned()),
            ("decision_date", date.to_owned()),
            ("issuing_body", "UBND tỉnh Vĩnh Long".to_owned()),
            ("level", level.to_owned()),
            ("star", "3".to_owned()),
            ("score", "65".to_owned()),
            ("csrf", token),
        ]
    };
    let grant = app.url(&format!("/console/products/{id}/certificates?lang=vi"));
    let (s, _, refused) = post(
        &c,
        grant.clone(),
        &pairs(&cert("district", "01/08/2025", csrf(&page))),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let e = field_error(&refused, "level").expect("an error beside the level field");
    assert!(
        e.contains("01/08/2025") && e.contains("cấp huyện") && e.contains("Chỉ cấp tỉnh"),
        "{e}"
    );
    assert!(
        refused.contains("value=\"01/08/2025\""),
        "the date is kept as typed"
    );
    if shots() {
        shoot_html("console-office-competence-vi", &app.base, &refused).await;
    }
    let (s, _, granted) = post(
        &c,
        grant,
        &pairs(&cert("province", "1/8/2025", csrf(&refused))),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{granted}");
    assert!(granted.contains("Đã cấp giấy chứng nhận"), "{granted}");
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{id}/certificates"))
        .await;
    let first = certs[0]["id"].as_u64().unwrap();
    assert_eq!(certs[0]["decision_date"], "2025-08-01");
    assert_eq!(certs[0]["valid_until"], "2028-07-31");

    // A new decision (upgrade to 4 stars) is checked, shown, and only then recorded.
    let sup = app.url(&format!("/console/certificates/{first}/supersede?lang=vi"));
    let (_, _, form) = get(&c, sup.clone()).await;
    let new = |confirm: bool, token: String| {
        let mut f = vec![
            ("decision_no", "88/QĐ-UBND".to_owned()),
            ("decision_date", "15/06/2026".to_owned()),
            ("issuing_body", "UBND tỉnh Vĩnh Long".to_owned()),
            ("level", "province".to_owned()),
            ("star", "4".to_owned()),
            ("score", "60".to_owned()),
            ("csrf", token),
        ];
        if confirm {
            f.push(("confirm", "yes".to_owned()));
        }
        f
    };
    let (s, _, band) = post(&c, sup.clone(), &pairs(&new(false, csrf(&form)))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let e = field_error(&band, "score").unwrap();
    assert!(e.contains("từ 70 đến 89"), "{e}");
    let mut f = new(false, csrf(&band));
    f[5].1 = "82".into();
    let (s, _, review) = post(&c, sup.clone(), &pairs(&f)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(review.contains("Xác nhận thay giấy chứng nhận"), "{review}");
    let (_, still) = app
        .get(ADMIN, &format!("/api/v1/products/{id}/certificates"))
        .await;
    assert_eq!(
        still.as_array().unwrap().len(),
        1,
        "nothing recorded before confirming"
    );
    if shots() {
        shoot_html("console-office-supersede-confirm-vi", &app.base, &review).await;
    }
    // Back to the form from the review, with what was typed.
    let mut f = new(false, csrf(&review));
    f[5].1 = "82".into();
    f.push(("edit", "yes".into()));
    let (s, _, edit) = post(&c, sup.clone(), &pairs(&f)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        edit.contains("value=\"88/QĐ-UBND\"") && edit.contains("Kiểm tra và xem lại"),
        "{edit}"
    );
    let mut f = new(true, csrf(&review));
    f[5].1 = "82".into();
    let (s, _, done) = post(&c, sup, &pairs(&f)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(done.contains("Đã lưu quyết định mới"), "{done}");
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{id}/certificates"))
        .await;
    assert_eq!(certs[1]["star"], 4);
    assert_eq!(certs[0]["superseded_by"], certs[1]["id"]);
    let second = certs[1]["id"].as_u64().unwrap();

    // Revoking: a confirmation page with the reason; a post without the token is refused.
    let rev = app.url(&format!("/console/certificates/{second}/revoke?lang=vi"));
    let (s, _, confirm) = get(&c, rev.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(confirm.contains("Không thể hoàn tác"), "{confirm}");
    let (s, _, forged) = post(&c, rev.clone(), &[("reason", "Không đạt"), ("csrf", "x")]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(forged.contains("Biểu mẫu đã cũ"), "{forged}");
    let (s, _, empty) = post(
        &c,
        rev.clone(),
        &[("reason", " "), ("csrf", &csrf(&confirm))],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&empty, "reason").is_some());
    let (s, _, revoked) = post(
        &c,
        rev,
        &[
            ("reason", "Không đạt khi đánh giá lại"),
            ("csrf", &csrf(&confirm)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        revoked.contains("Đã thu hồi giấy chứng nhận") && revoked.contains("đã bị thu hồi"),
        "{revoked}"
    );
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{id}/certificates"))
        .await;
    assert_eq!(
        certs[1]["revocation"]["reason"],
        "Không đạt khi đánh giá lại"
    );
    assert!(
        revoked.contains(": Không đạt khi đánh giá lại"),
        "the reason is shown"
    );
    assert!(
        revoked.contains("Cấp giấy chứng nhận OCOP"),
        "a new grant is offered after revocation"
    );
    for html in [&home, &refused, &review, &revoked, &list] {
        assert!(html.len() < 60_000, "a page under 60 KB: {}", html.len());
    }
    if shots() {
        shoot_html("console-office-product-revoked-vi", &app.base, &revoked).await;
    }
    app.stop().await;
}

#[tokio::test]
async fn roles_reports_lists_and_the_log_check() {
    let (app, _tmp, subject, _, first_product) = office().await;
    let c = browser();
    sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;

    // A role change: among a producer's roles only, logged with the actor.
    let staff = person(&app, &c, "nhan.vien", "producer_staff", subject).await;
    let (_, _, accounts) = get(&c, app.url("/console/accounts?lang=vi")).await;
    let at = accounts.find("/role?lang=vi").unwrap();
    let id: u64 = accounts[..at].rsplit('/').next().unwrap().parse().unwrap();
    let role_url = app.url(&format!("/console/accounts/{id}/role?lang=vi"));
    let (s, _, form) = get(&c, role_url.clone()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        form.contains("value=\"producer_manager\"") && !form.contains("value=\"admin\""),
        "{form}"
    );
    let (s, _, wrong) = post(
        &c,
        role_url.clone(),
        &[("role", "admin"), ("csrf", &csrf(&form))],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(field_error(&wrong, "role").is_some(), "{wrong}");
    let (s, _, changed) = post(
        &c,
        role_url,
        &[("role", "producer_manager"), ("csrf", &csrf(&form))],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(changed.contains("Từ nay"), "{changed}");
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let logged = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str::<serde_json::Value>(e["entry"].as_str().unwrap()).unwrap())
        .find(|e| e["kind"] == "account_role_changed")
        .expect("the change is logged");
    assert_eq!(logged["data"]["to"], "producer_manager");
    assert_eq!(logged["data"]["account_id"], id);
    assert!(
        logged["actor"]["token_id"]
            .as_str()
            .unwrap()
            .starts_with("acct_")
    );
    let (_, landed, _) = get(&staff, app.url("/console?lang=vi")).await;
    assert!(
        landed.contains("/console/sign-in"),
        "the old session ended: {landed}"
    );

    // A shopper's report of a fake, marked handled with the office's note.
    let r = app
        .client
        .post(app.url("/report?lang=vi"))
        .header("X-Forwarded-For", "203.0.113.9")
        .form(&[
            ("text", "Tem in mờ, bán ở chợ đêm"),
            ("place", "Chợ Cầu Kè"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let (_, reports) = app.get(ADMIN, "/api/v1/reports").await;
    let rid = reports[0]["id"].as_u64().unwrap();
    let (_, _, list) = get(&c, app.url("/console/reports?lang=vi")).await;
    assert!(
        list.contains("Chưa xử lý") && list.contains("Tem in mờ"),
        "{list}"
    );
    let (s, _, handled) = post(
        &c,
        app.url(&format!("/console/reports/{rid}?lang=vi")),
        &[
            ("note", "Đã gọi chủ thể; tem giả, báo quản lý thị trường"),
            ("handled", "yes"),
            ("csrf", &csrf(&list)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        handled.contains("✓ Đã xử lý") && handled.contains("báo quản lý thị trường"),
        "{handled}"
    );
    assert!(handled.contains("Ghi bởi Chị Lan"), "who wrote it");
    let (_, reports) = app.get(ADMIN, "/api/v1/reports").await;
    assert_eq!(
        reports[0]["text"], "Tem in mờ, bán ở chợ đêm",
        "the report is unchanged"
    );
    // The handling is an issuance-log entry, with who did it.
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let logged = crate::content::log_kinds(&entries, "report_handled");
    assert_eq!(logged.len(), 1, "{entries}");
    assert_eq!(logged[0]["data"]["report_id"], rid);
    assert_eq!(logged[0]["data"]["handled"], true);
    assert!(
        logged[0]["data"]["note"]
            .as_str()
            .is_some_and(|n| n.contains("quản lý thị trường"))
    );
    assert!(
        logged[0]["actor"]["token_id"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{}",
        logged[0]
    );
    if shots() {
        shoot_html("console-office-reports-vi", &app.base, &handled).await;
    }

    // The log is intact, said in words after recomputing the root.
    let (_, _, log) = get(&c, app.url("/console/log?lang=vi")).await;
    assert!(
        log.contains("Kiểm tra ngay") && log.contains("đang dùng"),
        "{log}"
    );
    if shots() {
        shoot_html("console-office-log-vi", &app.base, &log).await;
    }
    let (s, _, verified) = get(&c, app.url("/console/log/verify?lang=vi")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        verified.contains("data-intact=\"true\"") && verified.contains("Nhật ký còn nguyên vẹn"),
        "{verified}"
    );
    if shots() {
        shoot_html("console-office-log-verify-vi", &app.base, &verified).await;
    }
    let (s, _, clones) = get(&c, app.url("/console/clones?lang=vi")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(clones.contains("không có tem nào"), "{clones}");

    // Ten days before the certificates end, then five days after (sign in again: the
    // session is years old by then).
    let until = day("2028-08-31");
    app.clock.set_today(until - chrono::Days::new(10));
    let c = browser();
    sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (_, _, soon) = get(&c, app.url("/console/expiring?lang=vi")).await;
    assert!(
        soon.contains("còn 10 ngày") && soon.contains("Mật hoa dừa"),
        "{soon}"
    );
    assert!(soon.contains(&format!("/console/products/{first_product}?lang=vi")));
    if shots() {
        shoot_html("console-office-expiring-vi", &app.base, &soon).await;
    }
    app.clock.set_today(until + chrono::Days::new(5));
    let c = browser();
    sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (_, _, gone) = get(&c, app.url("/console/expiring?lang=en")).await;
    assert!(gone.contains("ended 5 days ago"), "{gone}");
    assert!(
        !gone.contains("expiring?older=1"),
        "nothing older yet: {gone}"
    );
    // A hundred days after, the ended certificates move behind a link of their own.
    app.clock.set_today(until + chrono::Days::new(100));
    let c = browser();
    sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (_, _, later) = get(&c, app.url("/console/expiring?lang=vi")).await;
    assert!(!later.contains("Mật hoa dừa"), "{later}");
    assert!(later.contains("/console/expiring?older=1"), "{later}");
    assert!(later.contains("đã hết hạn hơn 90 ngày"), "{later}");
    let (s, _, older) = get(&c, app.url("/console/expiring?older=1&lang=vi")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        older.contains("Mật hoa dừa") && older.contains("đã hết hạn 100 ngày trước"),
        "{older}"
    );
    app.stop().await;
}

#[tokio::test]
async fn producers_inspectors_and_forged_forms_are_refused_the_office_pages() {
    let (app, _tmp, subject, _, product) = office().await;
    let c = browser();
    sign_in(&app, &c, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let producer = person(&app, &c, "ba.sau", "producer_manager", subject).await;
    let inspector = person(&app, &c, "thanh.tra", "inspector", subject).await;
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{product}/certificates"))
        .await;
    let cert = certs[0]["id"].as_u64().unwrap();
    let pages = [
        "/console/products".to_owned(),
        format!("/console/products/{product}"),
        format!("/console/certificates/{cert}/supersede"),
        format!("/console/certificates/{cert}/revoke"),
        "/console/expiring".into(),
        "/console/reports".into(),
        "/console/clones".into(),
        "/console/log".into(),
        "/console/log/verify".into(),
    ];
    for (who, client) in [("producer", &producer), ("inspector", &inspector)] {
        for p in &pages {
            let (s, _, html) = get(client, app.url(&format!("{p}?lang=vi"))).await;
            assert_eq!(s, StatusCode::NOT_FOUND, "{who} {p}");
            assert!(html.contains("Trang này không có"), "{who} {p}: {html}");
            assert!(
                !html.contains("1306") && !html.contains("Kiểm tra ngay"),
                "{who} {p}: no data"
            );
        }
        // With the person's own token where a page gives one (the refusal is then the
        // service's), else without (the CSRF check refuses first).
        let (_, _, own) = get(client, app.url("/console?lang=vi")).await;
        let token = if own.contains("name=\"csrf\"") {
            csrf(&own)
        } else {
            String::new()
        };
        let (s, _, _) = post(
            client,
            app.url(&format!("/console/certificates/{cert}/revoke?lang=vi")),
            &[("reason", "thử"), ("csrf", &token)],
        )
        .await;
        assert!(
            [StatusCode::NOT_FOUND, StatusCode::FORBIDDEN].contains(&s),
            "{who} may not revoke: {s}"
        );
    }
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{product}/certificates"))
        .await;
    assert!(certs[0]["revocation"].is_null(), "nothing was revoked");

    // The office's own form without its token.
    let (s, _, html) = post(
        &c,
        app.url("/console/products?lang=vi"),
        &[
            ("subject_id", &subject.to_string()),
            ("name", "Kẹo"),
            ("group", "food"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(html.contains("Biểu mẫu đã cũ"), "{html}");
    let (_, products) = app.get(ADMIN, "/api/v1/products").await;
    assert!(
        !products.to_string().contains("\"Kẹo\""),
        "nothing was registered"
    );
    app.stop().await;
}
