//! Who may call what: every operation of the served OpenAPI document, called by each kind
//! of caller, gets the status the access rules promise. A route missing from the table
//! fails the test, so a new route cannot be left out.

use crate::helpers::{ADMIN, TestApp};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Who an operation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Audience {
    /// Anyone, without a token.
    Public,
    /// Any token; each sees what it may (a producer its own batches).
    AnyToken,
    /// The office and inspectors, and the producer whose subject it is.
    OwnRead,
    /// The office and the producer whose subject it is.
    OwnWrite,
    /// The office and inspectors.
    Reader,
    /// The office only.
    Admin,
}

const TABLE: &[(&str, Audience)] = &[
    ("get /", Audience::Public),
    ("get /01/{gtin}", Audience::Public),
    ("get /01/{gtin}/10/{lot}", Audience::Public),
    ("get /01/{gtin}/10/{lot}/21/{serial}", Audience::Public),
    ("post /01/{gtin}/10/{lot}/21/{serial}", Audience::Public),
    ("get /l/{batch}/{serial}", Audience::Public),
    ("post /l/{batch}/{serial}", Audience::Public),
    ("get /.well-known/gs1resolver", Audience::Public),
    ("get /verify/photo", Audience::Public),
    ("post /verify/photo", Audience::Public),
    ("post /report", Audience::Public),
    ("get /metrics", Audience::Public),
    ("get /api/v1/openapi.json", Audience::Public),
    ("get /dashboard", Audience::Public),
    ("get /catalogue", Audience::Public),
    ("get /catalogue/products/{id}", Audience::Public),
    (
        "get /catalogue/products/{id}/listing-check",
        Audience::Public,
    ),
    ("get /assets/site.css", Audience::Public),
    ("get /favicon.ico", Audience::Public),
    ("get /assets/office-logo", Audience::Public),
    ("get /robots.txt", Audience::Public),
    ("get /.well-known/jwks.json", Audience::Public),
    ("get /.well-known/ocop-status", Audience::Public),
    ("get /healthz", Audience::Public),
    ("get /api/v1/verify", Audience::Public),
    ("get /api/v1/log/checkpoint", Audience::Public),
    ("get /api/v1/log/checkpoint/{size}", Audience::Public),
    ("get /api/v1/log/entries", Audience::Public),
    ("get /api/v1/log/proof/consistency", Audience::Public),
    ("get /api/v1/log/proof/inclusion", Audience::Public),
    ("get /api/v1/catalogue", Audience::Public),
    (
        "get /api/v1/catalogue/products/{id}/listing-check",
        Audience::Public,
    ),
    ("get /api/v1/dashboard.csv", Audience::Public),
    ("get /api/v1/dashboard/summary", Audience::Public),
    ("get /api/v1/batches", Audience::AnyToken),
    ("get /api/v1/batches/{id}", Audience::OwnRead),
    ("get /api/v1/batches/{id}/epcis", Audience::OwnRead),
    ("get /api/v1/batches/{id}/events", Audience::OwnRead),
    // Without `format`, a JSON listing (a read); printed formats are checked below.
    ("get /api/v1/batches/{id}/labels", Audience::OwnRead),
    // A printed label is a print run: the producer's (or the office's) act.
    (
        "get /api/v1/batches/{id}/labels/{serial}",
        Audience::OwnWrite,
    ),
    ("get /api/v1/batches/{id}/print-runs", Audience::OwnRead),
    ("get /api/v1/batches/{id}/record", Audience::OwnRead),
    ("get /api/v1/batches/{id}/scan-anomalies", Audience::OwnRead),
    ("get /api/v1/products/{id}", Audience::OwnRead),
    ("get /api/v1/products/{id}/certificates", Audience::OwnRead),
    ("get /api/v1/products/{id}/content", Audience::OwnRead),
    ("put /api/v1/products/{id}/content", Audience::OwnWrite),
    ("post /api/v1/products/{id}/photos", Audience::OwnWrite),
    (
        "delete /api/v1/products/{id}/photos/{photo}",
        Audience::OwnWrite,
    ),
    ("post /api/v1/products/{id}/documents", Audience::OwnWrite),
    // Inspectors (and the admin) confirm documents; producers never confirm their own.
    (
        "post /api/v1/products/{id}/documents/{doc}/confirm",
        Audience::Reader,
    ),
    ("get /media/{file}", Audience::Public),
    ("get /api/v1/subjects/{id}", Audience::OwnRead),
    ("post /api/v1/batches", Audience::OwnWrite),
    ("post /api/v1/batches/{id}/events", Audience::OwnWrite),
    ("post /api/v1/batches/{id}/recall", Audience::OwnWrite),
    ("get /api/v1/certificates", Audience::Reader),
    ("get /api/v1/dashboard", Audience::Reader),
    ("get /api/v1/products", Audience::Reader),
    ("get /api/v1/reports", Audience::Reader),
    ("get /api/v1/search/batches", Audience::Reader),
    ("get /api/v1/subjects", Audience::Reader),
    ("get /api/v1/tokens", Audience::Admin),
    ("post /api/v1/admin/backup", Audience::Admin),
    (
        "post /api/v1/certificates/{id}/potential-5-star",
        Audience::Admin,
    ),
    ("post /api/v1/certificates/{id}/revoke", Audience::Admin),
    ("post /api/v1/certificates/{id}/supersede", Audience::Admin),
    ("post /api/v1/products", Audience::Admin),
    ("post /api/v1/products/{id}/certificates", Audience::Admin),
    ("post /api/v1/subjects", Audience::Admin),
    ("post /api/v1/tokens", Audience::Admin),
    ("post /api/v1/tokens/{id}/revoke", Audience::Admin),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Nobody,
    OtherProducer,
    Inspector,
    OwnProducer,
    Admin,
}

fn allowed(a: Audience, c: Caller) -> bool {
    use Caller::*;
    match a {
        Audience::Public => true,
        Audience::AnyToken => c != Nobody,
        Audience::OwnRead => matches!(c, Inspector | OwnProducer | Admin),
        Audience::OwnWrite => matches!(c, OwnProducer | Admin),
        Audience::Reader => matches!(c, Inspector | Admin),
        Audience::Admin => c == Admin,
    }
}

/// Ids of subject A's records, for path parameters.
struct Ids {
    subject: u64,
    product: u64,
    certificate: u64,
    batch: u64,
    spare_token: String,
}

fn path_for(template: &str, ids: &Ids) -> String {
    let id = if template.starts_with("/api/v1/subjects/") {
        ids.subject.to_string()
    } else if template.starts_with("/api/v1/products/")
        || template.starts_with("/api/v1/catalogue/products/")
    {
        ids.product.to_string()
    } else if template.starts_with("/api/v1/certificates/") {
        ids.certificate.to_string()
    } else if template.starts_with("/api/v1/tokens/") {
        ids.spare_token.clone()
    } else {
        ids.batch.to_string()
    };
    let path = template
        .replace("{id}", &id)
        .replace("{serial}", "1")
        .replace("{size}", "1")
        .replace("{doc}", "1");
    match template {
        "/api/v1/verify" => format!("{path}?url=http%3A%2F%2Fexample.org%2Fl%2F1%2F1"),
        "/api/v1/log/proof/consistency" => format!("{path}?first=1&second=2"),
        "/api/v1/log/proof/inclusion" => format!("{path}?index=0&size=2"),
        "/api/v1/certificates" => format!("{path}?status=active"),
        _ => path,
    }
}

fn body_for(template: &str, ids: &Ids, n: usize) -> Value {
    let cert = json!({"star": 4, "decision_no": "77/QĐ-UBND", "decision_date": "2026-11-20",
        "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"});
    match template {
        "/api/v1/subjects" => json!({"name": "Tổ hợp tác Chè", "kind": "cooperative_group",
            "registration_no": "X-1", "address": {"province": "Vĩnh Long", "commune": "xã Hòa Tân"}}),
        "/api/v1/products" => json!({"subject_id": ids.subject, "name": "Trà", "group": "food",
            "subgroup": "1.3"}),
        "/api/v1/products/{id}/certificates" | "/api/v1/certificates/{id}/supersede" => cert,
        "/api/v1/certificates/{id}/revoke" | "/api/v1/batches/{id}/recall" => {
            json!({"reason": "kiểm tra quyền"})
        }
        "/api/v1/certificates/{id}/potential-5-star" => json!({"value": true}),
        "/api/v1/tokens" => json!({"role": "inspector"}),
        "/api/v1/batches" => {
            TestApp::batch_body(ids.product, &format!("ACC-{n}"), 10, "2027-11-20")
        }
        "/api/v1/batches/{id}/events" => json!({"type": "packing", "time": "2026-11-21T08:00:00Z"}),
        _ => json!({}),
    }
}

#[tokio::test]
async fn every_operation_answers_each_caller_as_the_access_rules_say() {
    let (app, _tmp) = TestApp::spawn().await;
    let a = app.subject("Hợp tác xã A", "cooperative").await;
    let b = app.subject("Hộ kinh doanh B", "household_business").await;
    let product = app.product(a, "Kẹo dừa", None).await;
    let certificate = app.certificate(product, 4, "province", "2025-09-15").await["id"]
        .as_u64()
        .unwrap();
    let own = app.producer_token(a).await;
    let other = app.producer_token(b).await;
    let batch = app.batch(&own, product, "ACC-0", 10, "2027-11-20").await["id"]
        .as_u64()
        .unwrap();
    let (_, inspector) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    let inspector = inspector["token"].as_str().unwrap().to_owned();
    let (_, spare) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    let ids = Ids {
        subject: a,
        product,
        certificate,
        batch,
        spare_token: spare["record"]["id"].as_str().unwrap().to_owned(),
    };

    let doc: Value = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            let key = format!("{method} {template}");
            let Some((_, audience)) = TABLE.iter().find(|(k, _)| *k == key) else {
                failures.push(format!("{key}: not in the access table"));
                continue;
            };
            seen.push(key.clone());
            let callers = [
                (Caller::Nobody, None),
                (Caller::OtherProducer, Some(other.as_str())),
                (Caller::Inspector, Some(inspector.as_str())),
                (Caller::OwnProducer, Some(own.as_str())),
                (Caller::Admin, Some(ADMIN)),
            ];
            for (caller, token) in callers {
                n += 1;
                let url = app.url(&path_for(template, &ids));
                let mut req = match method {
                    "get" => app.client.get(url),
                    "delete" => app.client.delete(url),
                    "put" => app.client.put(url).json(&body_for(template, &ids, n)),
                    _ => app.client.post(url).json(&body_for(template, &ids, n)),
                };
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                let status = req.send().await.unwrap().status();
                let ok = if allowed(*audience, caller) {
                    status != StatusCode::UNAUTHORIZED
                        && status != StatusCode::FORBIDDEN
                        && !status.is_server_error()
                } else if caller == Caller::Nobody {
                    status == StatusCode::UNAUTHORIZED
                } else {
                    status == StatusCode::FORBIDDEN
                };
                if !ok {
                    failures.push(format!("{key} as {caller:?}: {status}"));
                }
            }
        }
    }
    for (key, _) in TABLE {
        if !seen.iter().any(|s| s == key) {
            failures.push(format!("{key}: in the table but not served"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn inspectors_list_label_urls_but_only_the_producer_and_the_office_print() {
    let (app, _tmp) = TestApp::spawn().await;
    let a = app.subject("Hợp tác xã A", "cooperative").await;
    let product = app.product(a, "Kẹo dừa", None).await;
    app.certificate(product, 4, "province", "2025-09-15").await;
    let own = app.producer_token(a).await;
    let batch = app.batch(&own, product, "PR-1", 10, "2027-11-20").await["id"]
        .as_u64()
        .unwrap();
    let (_, inspector) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    let inspector = inspector["token"].as_str().unwrap();
    for (token, format, want) in [
        (inspector, "json", StatusCode::OK),
        (inspector, "csv", StatusCode::FORBIDDEN),
        (inspector, "pdf", StatusCode::FORBIDDEN),
        (own.as_str(), "csv", StatusCode::OK),
        (ADMIN, "pdf", StatusCode::OK),
    ] {
        let (status, _) = app
            .get(
                token,
                &format!("/api/v1/batches/{batch}/labels?format={format}"),
            )
            .await;
        assert_eq!(status, want, "{format}");
    }
    let (_, runs) = app
        .get(inspector, &format!("/api/v1/batches/{batch}/print-runs"))
        .await;
    assert_eq!(
        runs.as_array().unwrap().len(),
        2,
        "only the producer's CSV and the office's PDF"
    );
}
