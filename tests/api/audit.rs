//! Inspector audit: a product's rating history through labels and the log, traceability
//! events and their EPCIS export, certificate lists, search.

use crate::helpers::{ADMIN, TestApp, day};
use ocop_trace::crypto::{Jwks, KeyRing};
use ocop_trace::tlog;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn unhex(s: &str) -> [u8; 32] {
    let v: Vec<u8> = (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect();
    v.try_into().unwrap()
}

async fn inspector(app: &TestApp) -> String {
    let (_, t) = app
        .post(ADMIN, "/api/v1/tokens", &json!({"role": "inspector"}))
        .await;
    t["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_rating_history_shows_in_labels_and_in_the_log_with_valid_proofs() {
    let (app, _tmp) = TestApp::spawn().await;
    let subject = app.subject("HTX Dừa Tân Hòa", "cooperative").await;
    let product = app.product(subject, "Kẹo dừa", Some("8930000000019")).await;
    let c3 = app.certificate(product, 3, "province", "2025-08-01").await;
    let token = app.producer_token(subject).await;
    let a = app.batch(&token, product, "A-1", 10, "2027-12-31").await;
    let (s, c4) = app
        .post(ADMIN, &format!("/api/v1/certificates/{}/supersede", c3["id"]),
            &json!({"star": 4, "decision_no": "77/QĐ-UBND", "decision_date": "2026-02-01", "issuing_body": "UBND tỉnh Vĩnh Long", "level": "province"}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let b = app.batch(&token, product, "B-1", 10, "2027-12-31").await;
    assert_eq!((a["star"].as_u64(), b["star"].as_u64()), (Some(3), Some(4)));
    let (ua, ub) = (
        app.label(&token, a["id"].as_u64().unwrap(), 1).await,
        app.label(&token, b["id"].as_u64().unwrap(), 1).await,
    );
    assert!(ua.contains("&c=3-") && ub.contains("&c=4-"));
    // The 3★ label is still genuine: the product holds a (higher) valid certificate.
    let va = app.verdict(&ua).await;
    assert_eq!(va["code"], "genuine");
    assert_eq!(va["certificate"]["star"], 4);
    assert_eq!(app.code(&ub).await, "genuine");
    let (_, history) = app
        .get(ADMIN, &format!("/api/v1/products/{product}/certificates"))
        .await;
    assert_eq!(history.as_array().unwrap().len(), 2);
    // Revocation: both batches' labels now say so.
    let (s, _) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{}/revoke", c4["id"]),
            &json!({"reason": "Không duy trì tiêu chí"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(app.code(&ua).await, "certificate_revoked");
    assert_eq!(app.code(&ub).await, "certificate_revoked");

    // The log tells the same story, and each batch's entry is provably included.
    let (_, entries) = app.get("", "/api/v1/log/entries").await;
    let kinds: Vec<String> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            serde_json::from_str::<Value>(e["entry"].as_str().unwrap()).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .filter(|k| k.starts_with("certificate") || k == "batch_issued")
        .collect();
    assert_eq!(
        kinds,
        [
            "certificate_granted",
            "batch_issued",
            "certificate_upgraded",
            "batch_issued",
            "certificate_revoked"
        ]
    );
    let note = app
        .client
        .get(app.url("/api/v1/log/checkpoint"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let jwks: Jwks = app
        .client
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ring = KeyRing::from_jwks(&jwks).unwrap();
    let key = ring.iter().next().unwrap().verifying.to_bytes();
    let cp = tlog::open_checkpoint(&note, note.lines().next().unwrap(), &key).unwrap();
    for batch in [&a, &b] {
        let (_, view) = app
            .get(ADMIN, &format!("/api/v1/batches/{}", batch["id"]))
            .await;
        let index = view["log_index"].as_u64().unwrap();
        let (_, p) = app
            .get(
                "",
                &format!("/api/v1/log/proof/inclusion?index={index}&size={}", cp.size),
            )
            .await;
        let entry = &entries[index as usize]["entry"];
        let leaf = tlog::leaf_hash(entry.as_str().unwrap().as_bytes());
        let proof: Vec<[u8; 32]> = p["proof"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| unhex(h.as_str().unwrap()))
            .collect();
        assert!(tlog::verify_inclusion(
            &leaf, index, cp.size, &proof, &cp.root
        ));
        assert!(
            entry
                .as_str()
                .unwrap()
                .contains(&format!("\"batch_id\":{}", batch["id"]))
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn traceability_events_export_as_epcis_2() {
    let (app, _tmp) = TestApp::spawn().await;
    let subject = app.subject("Công ty TNHH Kẹo Dừa Bến Tre", "company").await;
    let product = app
        .product(subject, "Kẹo dừa sáp", Some("8930000000019"))
        .await;
    app.certificate(product, 4, "province", "2025-09-01").await;
    let token = app.producer_token(subject).await;
    let b = app
        .batch(&token, product, "KD-2611", 500, "2027-11-30")
        .await;
    let id = b["id"].as_u64().unwrap();
    let path = format!("/api/v1/batches/{id}/events");
    let place = json!({"province": "Vĩnh Long", "commune": "xã Hòa Tân", "gln": "8930000000019"});
    let ok = [
        json!({"type": "harvest", "time": "2026-10-01T02:00:00Z", "place": place, "supplier": {"name": "Hộ ông Năm Dừa"}}),
        json!({"type": "transformation", "time": "2026-10-05T02:00:00Z", "inputs": [{"lot": "DUA-0110", "description": "Dừa sáp tươi", "quantity_kg": 1200.0}]}),
        json!({"type": "packing", "time": "2026-10-06T02:00:00Z"}),
        json!({"type": "shipping", "time": "2026-10-07T02:00:00Z", "customer": {"name": "Siêu thị Co.opmart Trà Vinh", "gln": "8930000000019"}}),
    ];
    for body in &ok {
        let (s, e) = app.post(&token, &path, body).await;
        assert_eq!(s, StatusCode::CREATED, "{e}");
    }
    // Producers do not inspect; inspectors only inspect.
    let inspection = json!({"type": "inspection", "time": "2026-10-08T02:00:00Z", "notes": "Đạt"});
    let (s, _) = app.post(&token, &path, &inspection).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let insp = inspector(&app).await;
    let (s, _) = app.post(&insp, &path, &inspection).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app.post(&insp, &path, &ok[2]).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Bad events.
    let (s, e) = app
        .post(
            &token,
            &path,
            &json!({"type": "transformation", "time": "2026-10-05T02:00:00Z"}),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_text"))
    );
    let (s, e) = app
        .post(
            &token,
            &path,
            &json!({"type": "packing", "time": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_date"))
    );
    let (s, _) = app
        .post(
            &token,
            &path,
            &json!({"type": "teleport", "time": "2026-10-05T02:00:00Z"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    app.post(
        &token,
        &format!("/api/v1/batches/{id}/recall"),
        &json!({"reason": "Kiểm tra lại"}),
    )
    .await;

    let r = app
        .client
        .get(app.url(&format!("/api/v1/batches/{id}/epcis")))
        .bearer_auth(&insp)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/ld+json");
    let doc: Value = r.json().await.unwrap();
    assert_eq!(
        doc["@context"],
        json!([
            "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
            {"ocop": "https://ocop-trace.example/ns/epcis#"}
        ])
    );
    assert_eq!(
        (doc["type"].as_str(), doc["schemaVersion"].as_str()),
        (Some("EPCISDocument"), Some("2.0"))
    );
    assert!(doc["creationDate"].is_string());
    let events = doc["epcisBody"]["eventList"].as_array().unwrap();
    // issuance + 5 recorded + recall
    assert_eq!(events.len(), 7);
    // One canonical identifier per lot, whatever host serves the export (docs/epcis.md).
    let class = "https://id.gs1.org/01/08930000000019/10/KD-2611";
    for e in events {
        for field in [
            "type",
            "eventID",
            "eventTime",
            "eventTimeZoneOffset",
            "bizStep",
        ] {
            assert!(e[field].is_string(), "{field} missing in {e}");
        }
        assert!(e["eventID"].as_str().unwrap().starts_with("ni:///sha-256;"));
        match e["type"].as_str().unwrap() {
            "ObjectEvent" => {
                assert!(["ADD", "OBSERVE", "DELETE"].contains(&e["action"].as_str().unwrap()));
            }
            "TransformationEvent" => {
                assert!(e.get("action").is_none());
                assert_eq!(
                    e["inputQuantityList"][0]["epcClass"],
                    "urn:ocop-trace:lot:DUA-0110"
                );
                assert_eq!(e["inputQuantityList"][0]["uom"], "KGM");
                assert_eq!(e["outputQuantityList"][0]["epcClass"], class);
            }
            other => panic!("unexpected {other}"),
        }
    }
    // The transformation creates the units, so issuing the labels only encodes them, and the
    // harvest commissions raw material, not a second lot of finished units.
    assert_eq!(events[0]["bizStep"], "encoding");
    assert_eq!(events[0]["action"], "OBSERVE");
    assert_eq!(events[0]["quantityList"][0]["epcClass"], class);
    assert_eq!(events[1]["bizStep"], "commissioning");
    assert_eq!(events[1]["epcList"], json!([]));
    assert!(events[1].get("quantityList").is_none());
    assert_eq!(events[1]["ocop:province"], "Vĩnh Long");
    assert_eq!(events[2]["ilmd"]["cbvmda:lotNumber"], "KD-2611");
    assert_eq!(
        events[1]["readPoint"]["id"],
        "https://id.gs1.org/414/8930000000019"
    );
    assert!(
        events[1]["sourceList"][0]["source"]
            .as_str()
            .unwrap()
            .starts_with("urn:ocop-trace:party:")
    );
    assert_eq!(
        events[4]["destinationList"][0]["destination"],
        "https://id.gs1.org/417/8930000000019"
    );
    assert_eq!(events[5]["bizStep"], "inspecting");
    assert_eq!(events[6]["disposition"], "recalled");
    let (_, listed) = app
        .get(&token, &format!("/api/v1/batches/{id}/events"))
        .await;
    assert_eq!(listed.as_array().unwrap().len(), 5);
    app.stop().await;
}

#[tokio::test]
async fn inspectors_list_expiring_certificates_and_search_batches() {
    let (app, _tmp) = TestApp::spawn().await;
    let subject = app.subject("HTX Mắm Bò Hóc Trà Cú", "cooperative").await;
    let old = app
        .product(subject, "Mắm bò hóc", Some("8930000000019"))
        .await;
    // A 4★ by the old province before the 2025 merger; valid until 2027-05-09.
    let (s, c_old) = app
        .post(ADMIN, &format!("/api/v1/products/{old}/certificates"),
            &json!({"star": 4, "decision_no": "5/QĐ-UBND", "decision_date": "2024-05-10", "issuing_body": "UBND tỉnh Trà Vinh", "level": "province"}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let new = app.product(subject, "Cốm dẹp", None).await;
    app.certificate(new, 3, "province", "2026-01-10").await;
    let token = app.producer_token(subject).await;
    app.batch(&token, old, "MB-01", 50, "2027-03-01").await;
    let b2 = app.batch(&token, new, "CD-01", 50, "2027-03-01").await;
    app.post(
        &token,
        &format!("/api/v1/batches/{}/recall", b2["id"]),
        &json!({"reason": "Ẩm mốc"}),
    )
    .await;
    let insp = inspector(&app).await;

    // Expiry notice list, 30 days ahead of 2027-05-09.
    app.clock.set_today(day("2027-04-20"));
    let (s, rows) = app.get(&insp, "/api/v1/certificates?status=expiring").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(
        (
            rows[0]["product_name"].as_str(),
            rows[0]["days_left"].as_i64()
        ),
        (Some("Mắm bò hóc"), Some(19))
    );
    app.clock.set_today(day("2027-06-01"));
    let (_, rows) = app.get(&insp, "/api/v1/certificates?status=expired").await;
    assert_eq!(rows[0]["certificate"]["id"], c_old["id"]);
    app.clock.reset();

    // Potential 5★ on the 4★ only.
    let cid = c_old["id"].as_u64().unwrap();
    let (s, c) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{cid}/potential-5-star"),
            &json!({"value": true}),
        )
        .await;
    assert_eq!(
        (s, c["potential_5_star"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    let (s, c) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{cid}/potential-5-star"),
            &json!({"value": false}),
        )
        .await;
    assert_eq!(
        (s, c["potential_5_star"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    let (_, certs) = app
        .get(ADMIN, &format!("/api/v1/products/{new}/certificates"))
        .await;
    let (s, e) = app
        .post(
            ADMIN,
            &format!("/api/v1/certificates/{}/potential-5-star", certs[0]["id"]),
            &json!({"value": true}),
        )
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_star"))
    );

    // Search.
    let count = |v: &Value| v.as_array().unwrap().len();
    let (_, hits) = app.get(&insp, "/api/v1/search/batches?q=COM%20DEP").await;
    assert_eq!(
        (count(&hits), hits[0]["batch"]["lot"].as_str()),
        (1, Some("CD-01"))
    );
    let (_, hits) = app
        .get(&insp, "/api/v1/search/batches?q=mam%20bo%20hoc")
        .await;
    assert_eq!(count(&hits), 2, "the subject's name matches too");
    let (_, hits) = app
        .get(&insp, "/api/v1/search/batches?gtin=8930000000019")
        .await;
    assert_eq!(count(&hits), 1);
    let (_, hits) = app.get(&insp, "/api/v1/search/batches?lot=CD-01").await;
    assert_eq!(count(&hits), 1);
    let (_, hits) = app.get(&insp, "/api/v1/search/batches?recalled=true").await;
    assert_eq!(
        (count(&hits), hits[0]["recall"]["reason"].as_str()),
        (1, Some("Ẩm mốc"))
    );
    // The merged province's successor finds certificates issued under the old name.
    let (_, hits) = app
        .get(
            &insp,
            "/api/v1/search/batches?issuing_body=UBND%20t%E1%BB%89nh%20V%C4%A9nh%20Long",
        )
        .await;
    assert_eq!(count(&hits), 2);
    let (_, hits) = app
        .get(
            &insp,
            "/api/v1/search/batches?issuing_body=UBND%20t%E1%BB%89nh%20Tr%C3%A0%20Vinh",
        )
        .await;
    assert_eq!(count(&hits), 1);
    let (_, hits) = app
        .get(
            &insp,
            &format!("/api/v1/search/batches?subject_id={subject}&cert_status=active&limit=1"),
        )
        .await;
    assert_eq!(count(&hits), 1);
    let (s, _) = app.get(&token, "/api/v1/search/batches").await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = app.get(&insp, "/api/v1/search/batches?gtin=123").await;
    assert_eq!(
        (s, e["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_gtin"))
    );
    app.stop().await;
}
