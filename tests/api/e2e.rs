//! End to end in Chromium (scripts/e2e.mjs, playwright-core) against the real server: the
//! office registers a producer and its account, the producer sets a password, issues a
//! batch, downloads its A4 PDF (whose codes verify genuine) and recalls it (the shopper's
//! page then says recalled); and the session rules hold in a real browser (CSRF, sign-out,
//! disabling, another subject's batch, throttling). Every console page visited is shot at
//! 390 and 1280 px (`target/screenshots/console-<page>-<width>.png`), checked with axe-core
//! (no serious or critical violation), kept under 60 KB of HTML, and every tap target is at
//! least 44 px. Needs `npm ci` and
//! /usr/bin/chromium; OCOP_SKIP_BROWSER=1 skips it on machines without them.

use crate::console_support::{OFFICE_LOGIN, OFFICE_PASSWORD, office, pdf_codes, with_cookie};
use crate::helpers::{ADMIN, TestApp};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

const PRODUCER_LOGIN: &str = "0912345678";
const PRODUCER_PASSWORD: &str = "nước cốt dừa Cầu Kè 2026";
/// The most HTML one console page may weigh.
const PAGE_MAX_BYTES: u64 = 60 * 1024;

/// The node driver: one JSON command a line in, one JSON answer a line out.
struct Chromium {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    /// Pages audited, and what axe found on them.
    audited: Vec<String>,
    problems: Vec<String>,
    minor: Vec<String>,
}

impl Chromium {
    fn start() -> Self {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut child = Command::new("node")
            .arg(format!("{root}/scripts/e2e.mjs"))
            .env("OCOP_SCREENSHOTS_DIR", format!("{root}/target/screenshots"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Self {
            child,
            input,
            output,
            audited: Vec::new(),
            problems: Vec::new(),
            minor: Vec::new(),
        }
    }

    /// Runs one command; the server answers meanwhile on the runtime's other thread.
    fn call(&mut self, cmd: Value) -> Value {
        tokio::task::block_in_place(|| {
            writeln!(self.input, "{cmd}").unwrap();
            let mut line = String::new();
            self.output.read_line(&mut line).unwrap();
            let v: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line}"));
            assert_eq!(v["ok"], json!(true), "{cmd}: {}", v["error"]);
            v
        })
    }

    fn open(&mut self, who: &str, url: &str) -> (u64, String) {
        let v = self.call(json!({"op": "open", "who": who, "url": url}));
        (
            v["status"].as_u64().unwrap(),
            v["url"].as_str().unwrap().to_owned(),
        )
    }

    fn fill(&mut self, who: &str, fields: &[(&str, &str)]) {
        let map: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        self.call(json!({"op": "fill", "who": who, "fields": map}));
    }

    /// Clicks the main form's button and waits for the page it leads to.
    fn submit(&mut self, who: &str) -> (u64, String) {
        self.submit_with(who, "main form.form button")
    }

    fn submit_with(&mut self, who: &str, sel: &str) -> (u64, String) {
        let v = self.call(json!({"op": "submit", "who": who, "sel": sel}));
        (
            v["status"].as_u64().unwrap(),
            v["url"].as_str().unwrap().to_owned(),
        )
    }

    fn html(&mut self, who: &str) -> String {
        let v = self.call(json!({"op": "html", "who": who}));
        v["html"].as_str().unwrap().to_owned()
    }

    /// Screenshots, axe and the page's weight, for the page `who` is on.
    fn audit(&mut self, who: &str, name: &str) {
        let v = self.call(json!({"op": "audit", "who": who, "name": name}));
        self.audited.push(name.to_owned());
        let bytes = v["bytes"].as_u64().unwrap();
        assert!(bytes < PAGE_MAX_BYTES, "{name}: {bytes} bytes of HTML");
        let width = v["width"].as_u64().unwrap();
        assert!(width <= 390, "{name}: {width} px wide at 390 px");
        for small in v["small_targets"].as_array().unwrap() {
            self.problems
                .push(format!("{name}: tap target under 44 px: {small}"));
        }
        for viol in v["violations"].as_array().unwrap() {
            let line = format!("{name}: {viol}");
            match viol["impact"].as_str() {
                Some("serious" | "critical") => self.problems.push(line),
                _ => self.minor.push(line),
            }
        }
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "{}", json!({"op": "quit"}));
        // Never hang a failing test on the driver: give it ten seconds to close Chromium.
        for _ in 0..100 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The text of the first element carrying `attr` (`data-setup-link` and the like).
fn marked(html: &str, attr: &str) -> String {
    // The browser writes the attribute back as `attr=""`.
    let start = html.find(attr).unwrap_or_else(|| panic!("{attr}: {html}"));
    let at = start + html[start..].find('>').unwrap() + 1;
    html[at..at + html[at..].find('<').unwrap()]
        .trim()
        .to_owned()
}

/// Flow 1, second half: the office registers the producer's product (a wrong GTIN check
/// digit first, explained beside the field) and its OCOP certificate with the forms.
fn office_registers_product_and_certificate(b: &mut Chromium, app: &TestApp, subject: u64) -> u64 {
    b.open("office", &app.url("/console/products?lang=vi"));
    let id = subject.to_string();
    let product = |gtin: &'static str| {
        vec![
            ("#subject_id", id.clone()),
            ("#name", "Dừa sáp Cầu Kè".to_owned()),
            ("#group", "food".to_owned()),
            ("#gtin", gtin.to_owned()),
        ]
    };
    let fill = |b: &mut Chromium, fields: Vec<(&str, String)>| {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        b.fill("office", &pairs);
    };
    fill(b, product("8930000000027"));
    let (status, _) = b.submit("office");
    assert_eq!(status, 422, "a wrong check digit is refused");
    assert!(b.html("office").contains("phải là 6, không phải 7"));
    b.audit("office", "products-gtin-error");
    fill(b, product("8930000000026"));
    let (status, url) = b.submit("office");
    assert_eq!(status, 200, "{url}");
    assert!(b.html("office").contains("Đã đăng ký sản phẩm"));
    let product: u64 = url
        .split("/console/products/")
        .nth(1)
        .and_then(|r| r.split('?').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a product page: {url}"));
    b.audit("office", "product");

    let cert = [
        ("#decision_no", "1306/QĐ-UBND"),
        ("#decision_date", "15/09/2025"),
        ("#issuing_body", "UBND tỉnh Vĩnh Long"),
        ("#level", "province"),
        ("#star", "4"),
        ("#score", "78"),
    ];
    b.fill("office", &cert);
    let (status, _) = b.submit("office");
    assert_eq!(status, 200);
    let page = b.html("office");
    assert!(page.contains("1306/QĐ-UBND"), "{page}");
    b.audit("office", "product-certified");
    product
}

/// Flow 1: the office signs in, registers a subject, creates its manager's account and
/// registers the product and its certificate; the producer sets a password through the
/// setup link.
async fn office_registers_a_producer(b: &mut Chromium, app: &TestApp) -> u64 {
    b.open("office", &app.url("/console/sign-in?lang=vi"));
    b.audit("office", "sign-in");
    b.fill(
        "office",
        &[("#login", OFFICE_LOGIN), ("#password", OFFICE_PASSWORD)],
    );
    let (_, url) = b.submit("office");
    assert!(
        url.ends_with("/console?lang=vi"),
        "the office lands on its home: {url}"
    );
    b.audit("office", "office-home");

    b.open("office", &app.url("/console/subjects?lang=vi"));
    b.audit("office", "subjects");
    b.fill(
        "office",
        &[
            ("#name", "Hợp tác xã Dừa Sáp Cầu Kè"),
            ("#kind", "cooperative"),
            ("#registration_no", "HTX-2026-017"),
            ("#commune", "xã Hòa Tân"),
            ("#province", "Vĩnh Long"),
        ],
    );
    let (status, _) = b.submit("office");
    assert_eq!(status, 200);
    assert!(
        b.html("office")
            .contains("Đã đăng ký chủ thể Hợp tác xã Dừa Sáp Cầu Kè")
    );
    b.audit("office", "subject-saved");
    let (_, subjects) = app.get(ADMIN, "/api/v1/subjects").await;
    let subject = subjects
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Hợp tác xã Dừa Sáp Cầu Kè")
        .unwrap()["id"]
        .as_u64()
        .unwrap();

    b.open("office", &app.url("/console/accounts?lang=vi"));
    b.audit("office", "accounts");
    let id = subject.to_string();
    b.fill(
        "office",
        &[
            ("#display_name", "Chị Sáu (HTX Dừa Sáp)"),
            ("#login", "+84 912 345 678"),
            ("#role", "producer_manager"),
            ("#subject_id", &id),
        ],
    );
    let (status, _) = b.submit("office");
    assert_eq!(status, 200);
    let link = marked(&b.html("office"), "data-setup-link");
    assert!(link.starts_with(&app.url("/console/setup/")), "{link}");
    b.audit("office", "account-link");

    let product = office_registers_product_and_certificate(b, app, subject);

    let (status, _) = b.open("producer", &link);
    assert_eq!(status, 200);
    b.audit("producer", "setup");
    b.fill(
        "producer",
        &[
            ("#password", PRODUCER_PASSWORD),
            ("#password_again", PRODUCER_PASSWORD),
        ],
    );
    let (_, url) = b.submit("producer");
    assert!(
        url.contains("/console/sign-in") && url.contains("done=set"),
        "{url}"
    );
    product
}

/// Flow 2: the producer signs in, creates a batch and downloads its A4 PDF; the PDF's codes
/// verify genuine. Returns the batch id and the label URLs.
async fn producer_prints_a_batch(
    b: &mut Chromium,
    app: &TestApp,
    product: u64,
    dir: &std::path::Path,
) -> (u64, Vec<String>) {
    b.fill(
        "producer",
        &[("#login", "0912.345.678"), ("#password", PRODUCER_PASSWORD)],
    );
    let (_, url) = b.submit("producer");
    assert!(url.ends_with("/console?lang=vi"), "{url}");
    assert!(b.html("producer").contains("Dừa sáp Cầu Kè"));
    b.audit("producer", "home");
    b.open("producer", &app.url("/console/passport?lang=vi"));
    b.audit("producer", "passport");
    b.open(
        "producer",
        &app.url(&format!("/console/products/{product}/content?lang=vi")),
    );
    b.audit("producer", "content");

    b.open("producer", &app.url("/console/batches/new?lang=vi"));
    b.audit("producer", "batch-new");
    let product = product.to_string();
    let fields = |lot: &'static str| {
        vec![
            ("#product_id", product.as_str()),
            ("#lot", lot),
            ("#production_date", "01/11/2026"),
            ("#expiry_date", "30/06/2027"),
            ("#quantity", "30"),
            ("#region", "Vùng dừa sáp Cầu Kè"),
            ("#province", "Vĩnh Long"),
            ("#commune", "xã Hòa Tân"),
        ]
    };
    b.fill("producer", &fields("DS 2611 ✓"));
    let (status, _) = b.submit("producer");
    assert_eq!(status, 422);
    b.audit("producer", "batch-new-error");
    b.fill("producer", &fields("DS-2611"));
    let (status, url) = b.submit("producer");
    assert_eq!(status, 200, "{url}");
    assert!(b.html("producer").contains("Đã lưu và ký số lô hàng"));
    b.audit("producer", "batch");
    let batch: u64 = url
        .split("/console/batches/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    b.open(
        "producer",
        &app.url(&format!("/console/batches/{batch}/print?lang=vi")),
    );
    b.audit("producer", "print");
    b.fill("producer", &[("#from", "1"), ("#to", "3")]);
    let path = dir.join("sheet.pdf");
    let v = b.call(json!({"op": "download", "who": "producer",
        "sel": "main form.form button", "path": path.display().to_string()}));
    assert!(v["name"].as_str().unwrap().ends_with(".pdf"), "{v}");
    let codes = pdf_codes(&std::fs::read(&path).unwrap(), 3);
    assert_eq!(codes.len(), 3, "{codes:?}");
    assert_eq!(app.code(&codes[0]).await, "genuine");
    b.open("shopper", &format!("{}&lang=vi", codes[0]));
    assert!(b.html("shopper").contains("Sản phẩm chính hãng"));

    // The same range again is a warning page first.
    b.open(
        "producer",
        &app.url(&format!("/console/batches/{batch}/print?lang=vi")),
    );
    b.fill("producer", &[("#from", "1"), ("#to", "3")]);
    let (status, _) = b.submit("producer");
    assert_eq!(status, 409);
    b.audit("producer", "print-reprint");
    // Spoiled labels: the producer confirms and prints the range again.
    b.call(json!({"op": "check", "who": "producer", "sel": "#reprint"}));
    let again = dir.join("again.pdf");
    b.call(json!({"op": "download", "who": "producer",
        "sel": "main form.form button", "path": again.display().to_string()}));
    assert_eq!(pdf_codes(&std::fs::read(&again).unwrap(), 3), codes);
    (batch, codes)
}

/// Flow 3 (with flow 5's CSRF check on the way): a recall posted without its token is
/// refused; with it, the batch is recalled and the shopper's page of a label says so.
async fn producer_recalls_the_batch(b: &mut Chromium, app: &TestApp, batch: u64, code: &str) {
    let recall = app.url(&format!("/console/batches/{batch}/recall?lang=vi"));
    b.open("producer", &recall);
    b.audit("producer", "recall");
    b.call(json!({"op": "strip", "who": "producer", "name": "csrf"}));
    b.fill(
        "producer",
        &[("#reason", "Hàm lượng đường vượt ngưỡng công bố")],
    );
    let (status, _) = b.submit("producer");
    assert_eq!(status, 403, "a form without its CSRF token is refused");
    assert!(b.html("producer").contains("Biểu mẫu đã cũ"));
    b.audit("producer", "csrf-refused");
    assert_eq!(app.code(code).await, "genuine", "nothing was recalled");

    b.open("producer", &recall);
    b.fill(
        "producer",
        &[("#reason", "Hàm lượng đường vượt ngưỡng công bố")],
    );
    let (status, _) = b.submit("producer");
    assert_eq!(status, 200);
    assert!(b.html("producer").contains("Lô đã bị thu hồi ngày"));
    b.audit("producer", "batch-recalled");
    b.open("shopper", &format!("{code}&lang=vi"));
    let shopper = b.html("shopper");
    assert!(shopper.contains("Lô hàng đã bị thu hồi"), "{shopper}");
    assert_eq!(app.code(code).await, "batch_recalled");
}

/// Flow 4: the office makes an inspector's account; the inspector finds the batch by its
/// lot, and its history shows the reprint, the recall and the log entry's checked proof.
async fn inspector_audits_the_batch(b: &mut Chromium, app: &TestApp) {
    b.open("office", &app.url("/console/accounts?lang=vi"));
    b.fill(
        "office",
        &[
            ("#display_name", "Anh Tâm (thanh tra)"),
            ("#login", "kiem.tra"),
            ("#role", "inspector"),
        ],
    );
    let (status, _) = b.submit("office");
    assert_eq!(status, 200);
    let link = marked(&b.html("office"), "data-setup-link");
    b.open("inspector", &link);
    let password = "thanh tra Vĩnh Long 2026";
    b.fill(
        "inspector",
        &[("#password", password), ("#password_again", password)],
    );
    b.submit("inspector");
    b.fill(
        "inspector",
        &[("#login", "kiem.tra"), ("#password", password)],
    );
    let (_, url) = b.submit("inspector");
    assert!(
        url.contains("/console/inspect"),
        "an inspector starts at the search: {url}"
    );
    b.fill("inspector", &[("#f-lot", "DS-2611")]);
    let (status, _) = b.submit_with("inspector", "main form.inspect button");
    assert_eq!(status, 200);
    let found = b.html("inspector");
    assert!(found.contains("DS-2611"), "{found}");
    b.audit("inspector", "inspect-search");
    let (status, url) = b.submit_with("inspector", "ul.results a");
    assert_eq!(status, 200, "{url}");
    let history = b.html("inspector");
    assert!(history.contains("in lại"), "the reprint is marked");
    assert!(
        history.contains("Hàm lượng đường vượt ngưỡng công bố"),
        "the recall"
    );
    assert!(
        history.contains("data-proof=\"checked\""),
        "the log entry's proof is checked"
    );
    b.audit("inspector", "inspect-batch");
    b.open("inspector", &app.url("/console/documents?lang=vi"));
    b.audit("inspector", "documents");

    // The office's lists, each audited like every other console page.
    for (path, name) in [
        ("/console/expiring", "office-expiring"),
        ("/console/reports", "office-reports"),
        ("/console/clones", "office-clones"),
        ("/console/log", "office-log"),
        ("/console/log/verify", "office-log-verify"),
    ] {
        let (status, _) = b.open("office", &app.url(&format!("{path}?lang=vi")));
        assert_eq!(status, 200, "{path}");
        b.audit("office", name);
    }
    assert!(
        b.html("office").contains("data-intact=\"true\""),
        "the log checks out"
    );
}

/// Flow 5: another subject's batch, sign-out, throttling and disabling.
async fn sessions_hold_in_the_browser(b: &mut Chromium, app: &TestApp, other_batch: u64) {
    let (status, _) = b.open(
        "producer",
        &app.url(&format!("/console/batches/{other_batch}?lang=vi")),
    );
    assert_eq!(status, 404);
    let refusal = b.html("producer");
    assert!(refusal.contains("không thuộc cơ sở của bạn") && !refusal.contains("BUOI-01"));
    b.audit("producer", "refused");

    // After sign-out the old cookie opens nothing.
    let cookie = b.call(json!({"op": "cookie", "who": "producer", "name": "ocop_session"}));
    let cookie = format!("ocop_session={}", cookie["value"].as_str().unwrap());
    assert!(with_cookie(app, &cookie, "/console").await.is_some());
    b.open("producer", &app.url("/console?lang=vi"));
    let (_, url) = b.submit_with("producer", ".bar button.link");
    assert!(
        url.contains("/console/sign-in") && url.contains("done=out"),
        "{url}"
    );
    b.audit("producer", "signed-out");
    assert_eq!(with_cookie(app, &cookie, "/console").await, None);

    // A live session, then ten wrong passwords from elsewhere: even the right one waits.
    b.open("producer", &app.url("/console/sign-in?lang=vi"));
    b.fill(
        "producer",
        &[("#login", PRODUCER_LOGIN), ("#password", PRODUCER_PASSWORD)],
    );
    b.submit("producer");
    let (status, _) = b.open("producer", &app.url("/console?lang=vi"));
    assert_eq!(status, 200);
    let mut throttled = 0;
    for _ in 0..10 {
        b.open("stranger", &app.url("/console/sign-in?lang=vi"));
        b.fill(
            "stranger",
            &[
                ("#login", PRODUCER_LOGIN),
                ("#password", "sai mật khẩu rồi"),
            ],
        );
        let (status, _) = b.submit("stranger");
        assert!(status == 401 || status == 429, "{status}");
        throttled += usize::from(status == 429);
    }
    assert!(throttled >= 5, "{throttled}");
    b.open("stranger", &app.url("/console/sign-in?lang=vi"));
    b.fill(
        "stranger",
        &[("#login", PRODUCER_LOGIN), ("#password", PRODUCER_PASSWORD)],
    );
    let (status, _) = b.submit("stranger");
    assert_eq!(status, 429, "even the right password waits");
    assert!(b.html("stranger").contains("Đã thử sai quá nhiều lần"));
    b.audit("stranger", "sign-in-throttled");

    // The office disables the producer: the live session ends at once.
    b.open("office", &app.url("/console/accounts?lang=vi"));
    let accounts = b.html("office");
    let row = accounts.find(PRODUCER_LOGIN).unwrap();
    let at = row + accounts[row..].find("/disable?").unwrap();
    let id = accounts[..at].rsplit("/console/accounts/").next().unwrap();
    let sel = format!("form[action^=\"/console/accounts/{id}/disable\"] button");
    let (status, _) = b.submit_with("office", &sel);
    assert_eq!(status, 200);
    assert!(b.html("office").contains("đã kết thúc"));
    b.audit("office", "account-disabled");
    let (_, url) = b.open("producer", &app.url("/console?lang=vi"));
    assert!(url.contains("/console/sign-in"), "{url}");
}

/// The two-step verification pages, seen by the office: enrolment and the code step.
async fn office_sees_the_two_step_pages(b: &mut Chromium, app: &TestApp) {
    b.open("office", &app.url("/console/totp?lang=vi"));
    b.audit("office", "totp");
    let key = marked(&b.html("office"), "data-totp-key").replace(' ', "");
    let secret = totp_rs::Secret::Encoded(key).to_bytes().unwrap();
    let totp = totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, secret);
    let now = u64::try_from(app.clock.now().timestamp()).unwrap();
    b.fill("office", &[("#code", &totp.generate(now))]);
    let (status, _) = b.submit("office");
    assert_eq!(status, 200);
    b.audit("office", "totp-on");
    b.open("office2", &app.url("/console/sign-in?lang=vi"));
    b.fill(
        "office2",
        &[("#login", OFFICE_LOGIN), ("#password", OFFICE_PASSWORD)],
    );
    b.submit("office2");
    assert!(b.html("office2").contains("Nhập mã xác thực"));
    b.audit("office2", "sign-in-code");
    b.fill("office2", &[("#code", &totp.generate(now + 30))]);
    let (_, url) = b.submit("office2");
    assert!(url.ends_with("/console?lang=vi"), "{url}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_end_to_end_in_chromium() {
    if std::env::var_os("OCOP_SKIP_BROWSER").is_some() {
        eprintln!("skipped: OCOP_SKIP_BROWSER is set");
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    assert!(
        std::path::Path::new(&format!("{root}/node_modules/playwright-core")).exists(),
        "run `npm ci` first (scripts/test does), or set OCOP_SKIP_BROWSER=1"
    );
    let (app, tmp, _, other_batch, _) = office().await;
    let mut b = Chromium::start();
    let product = office_registers_a_producer(&mut b, &app).await;
    let (batch, codes) = producer_prints_a_batch(&mut b, &app, product, tmp.path()).await;
    producer_recalls_the_batch(&mut b, &app, batch, &codes[1]).await;
    inspector_audits_the_batch(&mut b, &app).await;
    sessions_hold_in_the_browser(&mut b, &app, other_batch).await;
    office_sees_the_two_step_pages(&mut b, &app).await;
    eprintln!("audited console pages: {:?}", b.audited);
    if !b.minor.is_empty() {
        eprintln!("minor or moderate axe findings: {:#?}", b.minor);
    }
    assert!(b.problems.is_empty(), "{:#?}", b.problems);
    drop(b);
    app.stop().await;
}
