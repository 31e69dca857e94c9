//! The passport in the console: a producer's manager fills in the product's details, uploads
//! photos and a document through multipart forms with the session's CSRF token, sees refusals
//! as pages in their language, and the office confirms the document in the inspectors' queue.
//! Screenshots go to target/screenshots/.

use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, PRODUCER_PASSWORD, browser, create_account, csrf, get, office,
    post, sign_in,
};
use crate::content::jpeg;
use crate::helpers::ADMIN;
use crate::screens::{shoot, shoot_html};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

async fn send(c: &reqwest::Client, url: String, form: Form) -> (StatusCode, String, String) {
    let r = c.post(url).multipart(form).send().await.unwrap();
    let (s, u) = (r.status(), r.url().to_string());
    (s, u, r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_producer_fills_in_the_passport_and_the_office_confirms_a_document() {
    let (app, _tmp, subject, other_batch, product) = office().await;
    let shots = std::env::var_os("OCOP_NO_SCREENSHOTS").is_none();
    let staff = browser();
    sign_in(&app, &staff, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let link = create_account(&app, &staff, "ba.sau", "producer_manager", subject).await;
    let producer = browser();
    let (_, _, setup) = get(&producer, link.clone()).await;
    post(
        &producer,
        link,
        &[
            ("password", PRODUCER_PASSWORD),
            ("password_again", PRODUCER_PASSWORD),
            ("csrf", &csrf(&setup)),
        ],
    )
    .await;
    let (s, home) = sign_in(&app, &producer, "ba.sau", PRODUCER_PASSWORD).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    assert!(
        home.contains("/console/passport?lang=vi"),
        "the home links the passport"
    );

    let (_, _, list) = get(&producer, app.url("/console/passport?lang=vi")).await;
    assert!(
        list.contains("Mật hoa dừa") && list.contains("Còn thiếu"),
        "{list}"
    );
    let page_url = app.url(&format!("/console/products/{product}/content?lang=vi"));
    let (s, _, page) = get(&producer, page_url.clone()).await;
    assert_eq!(s, StatusCode::OK);
    for needle in [
        "<label for=\"story\">",
        "<label for=\"photo\">",
        "Cách dùng",
        "Hướng dẫn bảo quản",
        "Tối đa 6 ảnh",
    ] {
        assert!(page.contains(needle), "{needle}");
    }

    // The text form: saved, and what it said comes back.
    let (s, url, saved) = post(
        &producer,
        app.url(&format!("/console/products/{product}/content?lang=vi")),
        &[
            ("story", "Mật hoa dừa nấu từ nhựa hoa dừa Cầu Kè."),
            ("net_quantity", "250 ml"),
            ("usage", "Pha với nước ấm."),
            ("csrf", &csrf(&page)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(url.contains("done=saved"), "{url}");
    assert!(saved.contains("Đã lưu thông tin sản phẩm.") && saved.contains("250 ml"));
    assert!(
        !saved.contains("<li>Hướng dẫn sử dụng</li>"),
        "usage is no longer missing"
    );

    // A photo, then a file that is not one (a page in Vietnamese, then in English), then
    // a form without its token.
    let photo = |bytes: Vec<u8>, token: &str| {
        Form::new()
            .text("csrf", token.to_owned())
            .part("photo", Part::bytes(bytes).file_name("anh.jpg"))
    };
    let photos = app.url(&format!("/console/products/{product}/photos?lang=vi"));
    let (s, url, added) = send(
        &producer,
        photos.clone(),
        photo(jpeg(1500, 1000, 80), &csrf(&saved)),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{added}");
    assert!(
        url.contains("done=photo") && added.contains("src=\"/media/"),
        "{url}"
    );
    let (s, _, bad) = send(
        &producer,
        photos.clone(),
        photo(b"not a photo".to_vec(), &csrf(&added)),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("Tệp này không phải ảnh JPEG, PNG hoặc WebP"),
        "{bad}"
    );
    assert!(bad.contains("aria-invalid=\"true\""));
    if shots {
        shoot_html("console-content-bad-photo-vi", &app.base, &bad).await;
    }
    let en = app.url(&format!("/console/products/{product}/photos?lang=en"));
    let (s, _, bad_en) = send(&producer, en, photo(b"not a photo".to_vec(), &csrf(&added))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_en.contains("This file is not a JPEG, PNG or WebP image"),
        "{bad_en}"
    );
    let (s, _, _) = send(&producer, photos, photo(jpeg(64, 64, 1), "forged")).await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "an upload without the session's token"
    );

    // A document waits for an inspector.
    let doc = Form::new()
        .text("csrf", csrf(&added))
        .text("kind", "test_report")
        .text("number", "KN-2026/1234")
        .text(
            "issuer",
            "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng Vĩnh Long",
        )
        .text("valid_until", "31/12/2027")
        .part(
            "file",
            Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec()).file_name("kn.pdf"),
        );
    let (s, url, sent) = send(
        &producer,
        app.url(&format!("/console/products/{product}/documents?lang=vi")),
        doc,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{sent}");
    assert!(
        url.contains("done=document") && sent.contains("Chờ cán bộ xác nhận"),
        "{url}"
    );
    if shots {
        shoot_html("console-content-vi", &app.base, &sent).await;
    }

    // Another producer's product is the refusal page.
    let (_, b) = app
        .get(ADMIN, &format!("/api/v1/batches/{other_batch}"))
        .await;
    let other = b["batch"]["product_id"]
        .as_u64()
        .or(b["product_id"].as_u64())
        .unwrap();
    let (s, _, _) = get(
        &producer,
        app.url(&format!("/console/products/{other}/content?lang=vi")),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _, _) = get(&producer, app.url("/console/documents?lang=vi")).await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "producers have no confirmation queue"
    );

    // The office confirms it; then it is no longer waiting.
    let (s, _, queue) = get(&staff, app.url("/console/documents?lang=vi")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        queue.contains("KN-2026/1234") && queue.contains("Phiếu kết quả kiểm nghiệm"),
        "{queue}"
    );
    if shots {
        shoot_html("console-documents-vi", &app.base, &queue).await;
    }
    let at = queue.find("/confirm?lang=vi").unwrap();
    let action = &queue[queue[..at].rfind("action=\"").unwrap() + 8..at + 16];
    let (s, url, done) = post(&staff, app.url(action), &[("csrf", &csrf(&queue))]).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        url.contains("done=1")
            && done.contains("Đã xác nhận giấy tờ.")
            && done.contains("Không có giấy tờ nào chờ xác nhận."),
        "{done}"
    );
    let (_, _, public) = get(
        &browser(),
        app.url(&format!("/catalogue/products/{product}?lang=vi")),
    )
    .await;
    assert!(
        public.contains("KN-2026/1234"),
        "confirmed: it shows publicly"
    );
    assert!(public.contains("data-first-photo") && public.contains("250 ml"));
    if shots {
        shoot(
            "product-passport-vi",
            app.url(&format!("/catalogue/products/{product}?lang=vi")),
        )
        .await;
    }
}
