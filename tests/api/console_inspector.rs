//! The inspector's console over HTTP as a browser drives it: the office creates an inspector
//! account, the inspector searches with filters (pages keep them), opens a batch that was
//! printed twice, scanned and recalled, whose page shows the reprint, the recall reason and
//! the checked log proof, and downloads EPCIS and CSV files that parse. Producers get the
//! refusal page. Screenshots at 390 and 1280 px land in `target/screenshots/console-inspect-*`.

use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, PRODUCER_PASSWORD, browser, create_account, csrf, get, office,
    post, sign_in,
};
use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

const INSPECTOR_PASSWORD: &str = "kiểm tra lô hàng 2026";

/// Screenshots of a page at phone and desktop width.
async fn shoot(name: &str, base: &str, html: &str) {
    crate::screens::shoot_html_sizes(
        name,
        base,
        html,
        &[("-390", "390,2400"), ("-1280", "1280,1600")],
    )
    .await;
}

/// The office creates an account without a subject (inspector) or with one; the person sets
/// the password and signs in in a browser of their own.
async fn person(
    app: &TestApp,
    office: &reqwest::Client,
    login: &str,
    role: &str,
    subject: Option<u64>,
) -> reqwest::Client {
    let link = match subject {
        Some(s) => create_account(app, office, login, role, s).await,
        None => {
            let (_, _, page) = get(office, app.url("/console/accounts?lang=vi")).await;
            let (s, _, html) = post(
                office,
                app.url("/console/accounts?lang=vi"),
                &[
                    ("display_name", "Anh Tâm (thanh tra)"),
                    ("login", login),
                    ("role", role),
                    ("subject_id", ""),
                    ("csrf", &csrf(&page)),
                ],
            )
            .await;
            assert_eq!(s, StatusCode::OK, "{html}");
            let at = html.find("data-setup-link>").unwrap() + 16;
            html[at..at + html[at..].find('<').unwrap()].to_owned()
        }
    };
    let c = browser();
    let password = if subject.is_some() {
        PRODUCER_PASSWORD
    } else {
        INSPECTOR_PASSWORD
    };
    let (_, _, form) = get(&c, link.clone()).await;
    let (s, _, _) = post(
        &c,
        link,
        &[
            ("password", password),
            ("password_again", password),
            ("csrf", &csrf(&form)),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    c
}

fn hrefs<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.match_indices(&format!("href=\"{prefix}"))
        .map(|(i, _)| {
            let rest = &html[i + 6..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&").replace("&#38;", "&")
}

async fn download(c: &reqwest::Client, url: String) -> (String, String, Vec<u8>) {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
    let cd = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    (ct, cd, r.bytes().await.unwrap().to_vec())
}

fn csv_rows(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM for spreadsheets"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let head = r.headers().unwrap().clone();
    (head, r.records().map(Result::unwrap).collect())
}

#[tokio::test]
async fn an_inspector_searches_and_reads_a_reprinted_recalled_batch_with_its_proof_checked() {
    let (app, _tmp, subject, other_batch, product) = office().await;
    let office = browser();
    sign_in(&app, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let inspector = person(&app, &office, "thanh.tra", "inspector", None).await;
    let producer = person(
        &app,
        &office,
        "0912345678",
        "producer_manager",
        Some(subject),
    )
    .await;

    // 22 batches of the honey, one of them printed twice, scanned, traced and recalled.
    let token = app.producer_token(subject).await;
    for i in 1..=21 {
        app.batch(&token, product, &format!("MHD-{i:02}"), 10, "2027-06-30")
            .await;
    }
    let target = app
        .batch(&token, product, "MHD-TRA", 30, "2027-06-30")
        .await["id"]
        .as_u64()
        .unwrap();
    let url = app.label(&token, target, 1).await;
    for _ in 0..2 {
        let r = app
            .client
            .get(app.url(&format!(
                "/api/v1/batches/{target}/labels?format=csv&from=1&to=5"
            )))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    for ip in ["203.0.113.7", "198.51.100.9"] {
        crate::pages::browse(&app, &url, "vi", ip).await;
    }
    let (s, _) = app
        .post(
            &token,
            &format!("/api/v1/batches/{target}/events"),
            &json!({"type": "harvest", "time": "2026-10-01T02:00:00Z",
                "place": {"province": "Vĩnh Long", "commune": "xã Hòa Tân"},
                "supplier": {"name": "Hộ ông Năm Dừa"}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let reason = "Hàm lượng đường vượt ngưỡng công bố";
    let (s, _) = app
        .post(
            &token,
            &format!("/api/v1/batches/{target}/recall"),
            &json!({"reason": reason}),
        )
        .await;
    assert!(s.is_success(), "{s}");

    // The inspector's console opens on the search.
    let (s, home) = sign_in(&app, &inspector, "thanh.tra", INSPECTOR_PASSWORD).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    assert!(
        home.contains("Tìm lô hàng") && home.contains("name=\"gtin\""),
        "{home}"
    );
    for name in [
        "q", "subject", "product", "lot", "body", "status", "recalled", "from", "to",
    ] {
        assert!(
            home.contains(&format!("name=\"{name}\"")),
            "the {name} filter"
        );
    }
    assert!(home.contains("23 lô hàng khớp"), "every subject's batches");

    // A product filter over two pages: the next page keeps the filter.
    let (s, _, first) = get(
        &inspector,
        app.url(&format!("/console/inspect?lang=vi&product={product}")),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        first.contains("22 lô hàng khớp") && first.contains("Trang 1/2"),
        "{first}"
    );
    assert_eq!(hrefs(&first, "/console/inspect/batches/").len(), 20);
    assert!(!first.contains("BUOI-01"), "the filter holds");
    let next = unescape(
        hrefs(&first, "/console/inspect?")
            .into_iter()
            .find(|h| h.contains("page=2"))
            .unwrap(),
    );
    assert!(next.contains(&format!("product={product}")), "{next}");
    let (_, _, second) = get(&inspector, app.url(&next)).await;
    assert!(
        second.contains("Trang 2/2") && second.contains("rel=\"prev\""),
        "{second}"
    );
    assert_eq!(hrefs(&second, "/console/inspect/batches/").len(), 2);
    assert!(
        !second.contains("BUOI-01") && second.contains(&format!("value=\"{product}\" selected"))
    );
    shoot("console-inspect-search-vi", &app.base, &first).await;

    // Name (diacritics ignored), recall, lot and date filters; a bad GTIN is a field error.
    let (_, _, buoi) = get(&inspector, app.url("/console/inspect?lang=vi&q=buoi")).await;
    assert!(buoi.contains("1 lô hàng khớp") && buoi.contains("BUOI-01"));
    let (_, _, recalled) = get(&inspector, app.url("/console/inspect?lang=vi&recalled=yes")).await;
    assert!(
        recalled.contains("1 lô hàng khớp") && recalled.contains("MHD-TRA"),
        "{recalled}"
    );
    let (_, _, none) = get(
        &inspector,
        app.url("/console/inspect?lang=vi&from=01/01/2099"),
    )
    .await;
    assert!(none.contains("0 lô hàng khớp") && none.contains("value=\"01/01/2099\""));
    let (s, _, bad) = get(
        &inspector,
        app.url("/console/inspect?lang=vi&gtin=8930000000018&lot=MHD-01"),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("chữ số cuối là số kiểm tra") && bad.contains("value=\"MHD-01\""),
        "{bad}"
    );
    let (_, _, lot) = get(
        &inspector,
        app.url("/console/inspect?lang=vi&gtin=8930000000019&lot=MHD-01"),
    )
    .await;
    assert!(lot.contains("1 lô hàng khớp"), "{lot}");

    // The batch's history on one page.
    let page_url = hrefs(&recalled, &format!("/console/inspect/batches/{target}"))[0].to_owned();
    let (s, _, history) = get(&inspector, app.url(&unescape(&page_url))).await;
    assert_eq!(s, StatusCode::OK, "{history}");
    assert!(history.contains("in lại"), "the reprint is marked");
    assert!(history.contains(reason), "the recall reason");
    assert!(
        history.contains("data-proof=\"checked\"") && history.contains("Đã kiểm tra bằng chứng"),
        "{history}"
    );
    assert!(history.contains("Chữ ký số của bản ghi hợp lệ") && history.contains("Khi cấp tem"));
    assert!(history.contains("Thu hoạch nguyên liệu") && history.contains("Hộ ông Năm Dừa"));
    assert!(history.contains("2 lượt quét trên 1 tem"), "{history}");
    assert!(
        history.contains("<details"),
        "the compact record for the technical"
    );
    let (_, _, english) = get(
        &inspector,
        app.url(&format!("/console/inspect/batches/{target}?lang=en")),
    )
    .await;
    assert!(
        english.contains("proof checked against the checkpoint signed at"),
        "{english}"
    );
    assert!(english.contains("reprint") && english.contains(reason));
    shoot("console-inspect-batch-vi", &app.base, &history).await;
    shoot("console-inspect-batch-en", &app.base, &english).await;

    // The raw proof the page links to is the public endpoint's, and it verifies there too.
    let proof = unescape(hrefs(&history, "/api/v1/log/proof/inclusion")[0]);
    let (s, v) = app.get("", &proof).await;
    assert_eq!(s, StatusCode::OK);
    let (_, view) = app
        .get(crate::helpers::ADMIN, &format!("/api/v1/batches/{target}"))
        .await;
    assert_eq!(v["index"], view["log_index"]);

    // Downloads with the session alone.
    let (ct, cd, epcis) = download(
        &inspector,
        app.url(&format!("/console/inspect/batches/{target}/epcis")),
    )
    .await;
    assert_eq!(ct, "application/ld+json");
    assert!(
        cd.starts_with("attachment;") && cd.contains("epcis-lo-MHD-TRA.jsonld"),
        "{cd}"
    );
    let doc: Value = serde_json::from_slice(&epcis).unwrap();
    assert_eq!(doc["type"], "EPCISDocument");
    let list = doc["epcisBody"]["eventList"].as_array().unwrap();
    assert!(
        list.iter().any(|e| e["disposition"]
            .as_str()
            .is_some_and(|d| d.ends_with("recalled"))),
        "{doc}"
    );
    let (ct, cd, table) = download(
        &inspector,
        app.url(&format!(
            "/console/inspect/batches/{target}/history.csv?lang=vi"
        )),
    )
    .await;
    assert!(
        ct.starts_with("text/csv") && cd.contains("lich-su-lo-MHD-TRA.csv"),
        "{cd}"
    );
    let (head, rows) = csv_rows(&table);
    assert_eq!(&head[1], "kind");
    let kinds: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "reprint").count(),
        1,
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"recall")
            && kinds.contains(&"event_harvest")
            && kinds[0] == "event_harvest"
    );
    assert!(rows.iter().any(|r| r[4].contains(reason)));
    let csv_link = unescape(hrefs(&recalled, "/console/inspect.csv")[0]);
    let (_, cd, found) = download(&inspector, app.url(&csv_link)).await;
    assert!(cd.contains("attachment"), "{cd}");
    let (head, rows) = csv_rows(&found);
    assert_eq!(rows.len(), 1, "the filter holds in the CSV");
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("lot")], "MHD-TRA");
    assert_eq!(&rows[0][col("recall_reason")], reason);
    assert_eq!(&rows[0][col("print_runs")], "2");
    let (_, _, all) = download(&inspector, app.url("/console/inspect.csv?lang=vi")).await;
    assert_eq!(csv_rows(&all).1.len(), 23, "every match, not one page");

    // A revoked certificate: the history says when and why, the status filter finds it.
    let (_, certs) = app
        .get(
            crate::helpers::ADMIN,
            &format!("/api/v1/products/{product}/certificates"),
        )
        .await;
    let why = "Không duy trì tiêu chí sau đánh giá lại";
    let (s, _) = app
        .post(
            crate::helpers::ADMIN,
            &format!("/api/v1/certificates/{}/revoke", certs[0]["id"]),
            &json!({"reason": why}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (_, _, revoked) = get(
        &inspector,
        app.url(&format!("/console/inspect/batches/{target}?lang=vi")),
    )
    .await;
    assert!(
        revoked.contains("Tình trạng hôm nay: đã bị thu hồi") && revoked.contains(why),
        "{revoked}"
    );
    let (_, _, by_status) = get(
        &inspector,
        app.url("/console/inspect?lang=vi&status=revoked"),
    )
    .await;
    assert!(by_status.contains("22 lô hàng khớp"), "{by_status}");

    // The office reads these pages too.
    let (s, _, _) = get(
        &office,
        app.url(&format!("/console/inspect/batches/{target}?lang=vi")),
    )
    .await;
    assert_eq!(s, StatusCode::OK);

    // A producer gets the refusal page everywhere here, even for its own batch, and never
    // another subject's data.
    sign_in(&app, &producer, "0912345678", PRODUCER_PASSWORD).await;
    for path in [
        "/console/inspect?lang=vi".to_owned(),
        "/console/inspect.csv?lang=vi".to_owned(),
        format!("/console/inspect/batches/{other_batch}?lang=vi"),
        format!("/console/inspect/batches/{other_batch}/epcis"),
        format!("/console/inspect/batches/{other_batch}/history.csv"),
        format!("/console/inspect/batches/{target}?lang=vi"),
    ] {
        let (s, _, html) = get(&producer, app.url(&path)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
        assert!(
            html.contains("không thuộc cơ sở của bạn") && !html.contains("BUOI"),
            "{path}: {html}"
        );
    }
    let (_, _, english) = get(
        &producer,
        app.url(&format!("/console/inspect/batches/{other_batch}?lang=en")),
    )
    .await;
    assert!(
        english.contains("does not belong to your business"),
        "in the producer's language"
    );
    app.stop().await;
}
