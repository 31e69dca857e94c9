//! Several service instances on one PostgreSQL database: what one writes the other serves,
//! concurrent issuance never duplicates an id, a lot or a log index, scan counts of both sum,
//! and console sessions and sign-in throttling hold across them. Runs in the suite's
//! PostgreSQL pass (`OCOP_TRACE_TEST_ENGINE=postgres`, which `scripts/test` runs).

use crate::console_support::with_cookie;
use crate::console_support::{
    OFFICE_LOGIN, OFFICE_PASSWORD, csrf, office, session_cookie, sign_in,
};
use crate::helpers::{ADMIN, TestApp, on_postgres};
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A shop on `a`: a producer's subject, a 4★ product and its token.
async fn shop(a: &TestApp) -> (u64, String) {
    let s = a.subject("Hợp tác xã Bưởi Da Xanh", "cooperative").await;
    let p = a.product(s, "Bưởi da xanh", None).await;
    a.certificate(p, 4, "province", "2025-09-01").await;
    (p, a.producer_token(s).await)
}

/// Asks `app` until `done` holds for the verdict of `url`; returns how long it took.
async fn until(app: &TestApp, url: &str, done: impl Fn(&Value) -> bool) -> Duration {
    let start = Instant::now();
    loop {
        let v = app.verdict(url).await;
        if done(&v) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "never seen on the other instance: {v}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_one_instance_issues_or_recalls_the_other_serves_within_a_second() {
    if !on_postgres() {
        return;
    }
    let (a, tmp) = TestApp::spawn().await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    let (product, token) = shop(&a).await;
    let batch = a.batch(&token, product, "BUOI-A1", 10, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    let url = a.label(&token, batch, 3).await;
    assert_eq!(b.code(&url).await, "genuine");
    // B has now cached the batch as genuine; a recall on A must still reach it.
    let (s, v) = a
        .post(
            &token,
            &format!("/api/v1/batches/{batch}/recall"),
            &json!({"reason": "Nhiễm khuẩn"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    let took = until(&b, &url, |v| v["code"] == "batch_recalled").await;
    eprintln!("a recall on A reached B's verdict in {took:?}");
    assert!(took < Duration::from_secs(1), "the recall took {took:?}");
    // And the other way round: B revokes, A's shopper page says so.
    let other = b.batch(&token, product, "BUOI-B1", 5, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    let url2 = b.label(&token, other, 1).await;
    assert_eq!(a.code(&url2).await, "genuine");
    let (_, certs) = b
        .get(ADMIN, &format!("/api/v1/products/{product}/certificates"))
        .await;
    let cert = certs[0]["id"].as_u64().or(certs["items"][0]["id"].as_u64());
    let (s, v) = b
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{}/revoke", cert.unwrap()),
            &json!({"reason": "Không đạt đánh giá lại"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let took = until(&a, &url2, |v| v["code"] != "genuine").await;
    assert!(
        took < Duration::from_secs(1),
        "the revocation took {took:?}"
    );
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_issuance_on_two_instances_never_duplicates_and_the_log_verifies() {
    if !on_postgres() {
        return;
    }
    let (a, tmp) = TestApp::spawn().await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    let (product, token) = shop(&a).await;
    let issue = |app: &TestApp, lot: String| {
        let body = TestApp::batch_body(product, &lot, 3, "2027-06-30");
        let (client, url, token) = (
            app.client.clone(),
            app.url("/api/v1/batches"),
            token.clone(),
        );
        async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            (r.status(), r.json::<Value>().await.unwrap())
        }
    };
    let mut tasks = Vec::new();
    for i in 0..12 {
        tasks.push(tokio::spawn(issue(&a, format!("LOT-{i}"))));
        tasks.push(tokio::spawn(issue(&b, format!("LOT-{i}"))));
    }
    let mut ids = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let (s, v) = t.await.unwrap();
        match s {
            StatusCode::CREATED => ids.push(v["id"].as_u64().unwrap()),
            StatusCode::CONFLICT => refused += 1,
            other => panic!("{other}: {v}"),
        }
    }
    // Each lot was sent to both instances at once: exactly one of each pair lands.
    assert_eq!((ids.len(), refused), (12, 12), "{ids:?}");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 12);
    // The log has no gap and no duplicate: the CLI proves it against both instances.
    for app in [&a, &b] {
        let out = crate::cli::bin()
            .args(["log", "verify", "--server", &app.base])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
    }
    let (_, list) = b.get(ADMIN, "/api/v1/batches?limit=100").await;
    let n = list.as_array().map_or(0, Vec::len);
    assert_eq!(n, 12, "{list}");
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_counts_of_two_instances_sum() {
    if !on_postgres() {
        return;
    }
    let (a, tmp) = TestApp::spawn().await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    let (product, token) = shop(&a).await;
    let batch = a.batch(&token, product, "BUOI-S", 4, "2027-06-30").await["id"]
        .as_u64()
        .unwrap();
    let url = a.label(&token, batch, 2).await;
    // The label as scanned through each instance (a label URL names one host).
    let scan = |app: &TestApp| {
        let r = app
            .client
            .get(url.replace(&a.base, &app.base))
            .header("Accept", "application/json")
            .header("X-Forwarded-For", "203.0.113.7");
        async move { r.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    for _ in 0..3 {
        scan(&a).await;
        scan(&b).await;
    }
    // Both instances now hold the unit. Counts are buffered per instance and added within
    // a write-back period; each instance then takes in what the other added, so the next
    // scan on either counts all of them (before, each held only its own).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(scan(&a).await["scans"]["count"], 7);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(scan(&b).await["scans"]["count"], 8);
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_and_sign_in_throttling_hold_across_instances() {
    if !on_postgres() {
        return;
    }
    let (a, tmp, ..) = office().await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    // A session made on A works on B.
    let cookie = session_cookie(&a, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let page = with_cookie(&b, &cookie, "/console?lang=vi").await;
    let page = page.expect("the session made on A is signed in on B");
    // Signing out on B ends it on A.
    let r = b
        .client
        .post(b.url("/console/sign-out"))
        .header(COOKIE, &cookie)
        .form(&[("csrf", csrf(&page))])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection() || r.status().is_success());
    assert!(with_cookie(&a, &cookie, "/console?lang=vi").await.is_none());
    assert!(with_cookie(&b, &cookie, "/console?lang=vi").await.is_none());

    // Wrong passwords sent round-robin to both count once: after the account's limit
    // (5), both refuse even the right password for a while.
    let guess = |app: &TestApp, password: &'static str| {
        let c = crate::console_support::browser();
        let app_url = app.url("/console/sign-in?lang=vi");
        async move {
            let form = c.get(&app_url).send().await.unwrap().text().await.unwrap();
            let r = c
                .post(&app_url)
                .form(&[
                    ("login", OFFICE_LOGIN),
                    ("password", password),
                    ("csrf", &csrf(&form)),
                ])
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    for i in 0..5 {
        let app = if i % 2 == 0 { &a } else { &b };
        let (s, _) = guess(app, "sai mật khẩu").await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "guess {i}");
    }
    for app in [&a, &b] {
        let (s, html) = guess(app, OFFICE_PASSWORD).await;
        assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{html}");
    }
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_one_instance_mid_issuance_leaves_nothing_partial_and_the_other_serves() {
    if !on_postgres() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut a = crate::crash::start(tmp.path());
    let b = crate::crash::start(tmp.path());
    let c = reqwest::Client::new();
    let client = c.clone();
    let post = move |base: &str, path: &str, body: Value| {
        let r = client
            .post(format!("{base}{path}"))
            .bearer_auth(ADMIN)
            .json(&body);
        async move {
            let r = r.send().await;
            match r {
                Ok(r) => (r.status(), r.json::<Value>().await.unwrap_or(Value::Null)),
                Err(_) => (StatusCode::BAD_GATEWAY, Value::Null),
            }
        }
    };
    let subject = json!({
        "name": "Hợp tác xã Thanh Long Chợ Gạo", "kind": "cooperative", "registration_no": "TG-1",
        "address": {"province": "Đồng Tháp", "district": "Chợ Gạo", "commune": "xã Quơn Long"},
        "contact": {"phone": "0273 3855 001"}
    });
    let (_, s) = post(&a.base, "/api/v1/subjects", subject).await;
    let body = json!({"subject_id": s["id"], "name": "Thanh long ruột đỏ", "group": "food", "subgroup": "1.3"});
    let (_, p) = post(&a.base, "/api/v1/products", body).await;
    let product = p["id"].as_u64().unwrap();
    let cert = json!({"star": 4, "level": "province", "decision_no": "12/QĐ-UBND",
        "decision_date": "2025-09-01", "issuing_body": "UBND tỉnh Đồng Tháp"});
    let path = format!("/api/v1/products/{product}/certificates");
    let (st, v) = post(&a.base, &path, cert).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    // A issues in a loop; it is killed while requests are in flight.
    let a_base = a.base.clone();
    let issuing = tokio::spawn({
        let post = post.clone();
        async move {
            let mut acked = Vec::new();
            for i in 0..400 {
                let body = TestApp::batch_body(product, &format!("A-{i}"), 50, "2027-06-30");
                match post(&a_base, "/api/v1/batches", body).await {
                    (StatusCode::CREATED, v) => acked.push(v["id"].as_u64().unwrap()),
                    (StatusCode::BAD_GATEWAY, _) => break,
                    (s, v) => panic!("{s}: {v}"),
                }
            }
            acked
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    a.child.kill().unwrap();
    a.child.wait().unwrap();
    let acked = issuing.await.unwrap();
    assert!(!acked.is_empty() && acked.len() < 400, "{}", acked.len());
    // B keeps serving: it issues, and every batch A acknowledged is there and verifies.
    let body = TestApp::batch_body(product, "B-after", 5, "2027-06-30");
    let (st, v) = post(&b.base, "/api/v1/batches", body).await;
    assert_eq!(st, StatusCode::CREATED, "{v}");
    for id in [acked[0], *acked.last().unwrap()] {
        let r = c
            .get(format!(
                "{}/api/v1/batches/{id}/labels?from=1&limit=1",
                b.base
            ))
            .bearer_auth(ADMIN)
            .send()
            .await
            .unwrap();
        let labels: Value = r.json().await.unwrap();
        let url = labels["labels"][0]["url"].as_str().unwrap().to_owned();
        let path = url
            .split_once("//")
            .map(|(_, r)| &r[r.find('/').unwrap()..])
            .unwrap();
        let v: Value = c
            .get(format!("{}{path}", b.base))
            .header("Accept", "application/json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["code"], "genuine", "{v}");
    }
    let out = crate::cli::bin()
        .args(["log", "verify", "--server", &b.base])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let mut b = b;
    b.child.kill().unwrap();
    b.child.wait().unwrap();
    // Nothing partial: doctor finds every row agreeing with its record and the log.
    crate::crash::doctor_ok(tmp.path(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_step_sign_in_may_finish_on_the_other_instance_and_a_code_works_once() {
    use crate::totp::{code, code_at, enrol, sign_out, step_now};
    if !on_postgres() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    crate::console_support::create_office_admin(tmp.path());
    let a = TestApp::spawn_requiring_totp_in(tmp.path()).await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    let office = crate::console_support::browser();
    sign_in(&a, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (key, _) = enrol(&a, &office).await;
    sign_out(&a, &office).await;
    // The password on A, the code on B: signed in.
    let (s, step) = sign_in(&a, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    assert_eq!(s, StatusCode::OK);
    assert!(step.contains("Nhập mã xác thực"), "{step}");
    let fresh = code_at(&key, step_now(&a) + 1);
    let (s, home) = code(&b, &office, &step, &fresh).await;
    assert_eq!(s, StatusCode::OK, "{home}");
    assert!(home.contains("Trang làm việc của văn phòng OCOP"), "{home}");
    sign_out(&b, &office).await;
    // The same code again, on the other instance: refused.
    let (_, step) = sign_in(&b, &office, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (s, _) = code(&a, &office, &step, &fresh).await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "a used code works once across instances"
    );
    b.stop().await;
    a.stop().await;
}
