//! Credentials across two instances on one PostgreSQL database: an API token made on one
//! works on the other, and a revocation on one is refused there at once and on the other
//! within the second its token cache trusts a read (docs/scale-out.md); a two-step code sent
//! to both instances at the same moment signs in once.

use crate::console_support::{OFFICE_LOGIN, OFFICE_PASSWORD, browser, sign_in};
use crate::helpers::{ADMIN, TestApp, on_postgres};
use reqwest::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_on_one_instance_is_refused_on_the_other_within_a_second() {
    if !on_postgres() {
        return;
    }
    let (a, tmp) = TestApp::spawn().await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    let (s, made) = a
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{made}");
    let (secret, id) = (
        made["token"].as_str().unwrap(),
        made["record"]["id"].as_str().unwrap(),
    );
    // Both instances now hold the token as valid in their caches.
    for app in [&a, &b] {
        let (s, v) = app.get(secret, "/api/v1/batches").await;
        assert_eq!(s, StatusCode::OK, "{v}");
    }
    let (s, v) = a
        .post(ADMIN, &format!("/api/v1/tokens/{id}/revoke"), &json!({}))
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = a.get(secret, "/api/v1/batches").await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "revoked here, refused at once: {v}"
    );
    let start = Instant::now();
    loop {
        let (s, _) = b.get(secret, "/api/v1/batches").await;
        if s == StatusCode::UNAUTHORIZED {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_millis(1500),
            "the other instance still accepts a token revoked {:?} ago",
            start.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_code_sent_to_both_instances_at_once_signs_in_once() {
    use crate::totp::{code, code_at, enrol, sign_out, step_now};
    if !on_postgres() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    crate::console_support::create_office_admin(tmp.path());
    let a = TestApp::spawn_requiring_totp_in(tmp.path()).await;
    let b = TestApp::spawn_beside(tmp.path()).await;
    let (owner, thief) = (browser(), browser());
    sign_in(&a, &owner, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (key, _) = enrol(&a, &owner).await;
    sign_out(&a, &owner).await;
    // Both know the password and see the same code; each has a sign-in step of its own.
    let (_, owner_step) = sign_in(&a, &owner, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let (_, thief_step) = sign_in(&b, &thief, OFFICE_LOGIN, OFFICE_PASSWORD).await;
    let fresh = code_at(&key, step_now(&a) + 1);
    let (first, second) = tokio::join!(
        code(&a, &owner, &owner_step, &fresh),
        code(&b, &thief, &thief_step, &fresh)
    );
    let passed = [first.0, second.0]
        .iter()
        .filter(|s| **s == StatusCode::OK)
        .count();
    assert_eq!(passed, 1, "statuses {:?} and {:?}", first.0, second.0);
    b.stop().await;
    a.stop().await;
}
