//! The member tables of docs/batch-record.md against a record the service really signs:
//! every member the code emits is documented, and every documented member is emitted unless
//! the docs call it optional.

use crate::helpers::{ADMIN, TestApp};
use ocop_trace::crypto::b64url_decode;
use reqwest::StatusCode;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A JSON value keeping its objects' member order (serde_json's `Value` sorts them).
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Other,
}

impl Ordered {
    fn member(&self, name: &str) -> &Ordered {
        match self {
            Ordered::Object(members) => members
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no member {name}")),
            Ordered::Other => panic!("not an object"),
        }
    }

    fn names(&self) -> Vec<&str> {
        match self {
            Ordered::Object(members) => members.iter().map(|(k, _)| k.as_str()).collect(),
            Ordered::Other => panic!("not an object"),
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Ordered>()? {
                    members.push((k, v));
                }
                Ok(Ordered::Object(members))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Ordered::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// The documented member names under `heading`, in table order.
fn documented_order(doc: &str, heading: &str) -> Vec<String> {
    let table = doc
        .split(heading)
        .nth(1)
        .and_then(|s| s.split("\n\n").find(|block| block.starts_with('|')))
        .unwrap_or_default();
    table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(k, _)| k.to_owned()))
        .collect()
}

/// The rows of the table under `heading`: member name → whether its type says optional.
fn documented(doc: &str, heading: &str) -> BTreeMap<String, bool> {
    let table = doc
        .split(heading)
        .nth(1)
        .and_then(|s| s.split("\n\n").find(|block| block.starts_with('|')))
        .unwrap_or_default();
    let rows: BTreeMap<String, bool> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(name, rest)| {
            let kind = rest.split('|').nth(1).unwrap_or_default();
            (name.to_owned(), kind.contains("optional"))
        })
        .collect();
    assert!(
        !rows.is_empty(),
        "docs/batch-record.md has no table under {heading:?}"
    );
    rows
}

fn check(doc: &str, heading: &str, object: &Value) {
    let docs = documented(doc, heading);
    let emitted = object.as_object().unwrap();
    for name in emitted.keys() {
        assert!(
            docs.contains_key(name),
            "{heading}: the record has `{name}`, which docs/batch-record.md does not document"
        );
    }
    for (name, optional) in &docs {
        assert!(
            *optional || emitted.contains_key(name),
            "{heading}: docs/batch-record.md documents `{name}` as always present, but the record lacks it"
        );
    }
}

#[tokio::test]
async fn the_member_tables_in_the_docs_match_a_signed_record() {
    let (app, _tmp) = TestApp::spawn().await;
    let (s, subject) = app
        .post(
            ADMIN,
            "/api/v1/subjects",
            &json!({
                "name": "Hợp tác xã Dừa Sáp Cầu Kè", "kind": "cooperative",
                "registration_no": "SAMPLE-HTX-0001",
                "address": {"province": "Trà Vinh", "district": "Cầu Kè", "commune": "xã Hòa Tân", "street": "Ấp 1"},
                "contact": {"phone": "0294 3555 001", "email": "htx@example.vn"},
                "gln": "8930000190017",
                "channels": [{"kind": "ecommerce", "url": "https://shop.example.vn/htx"}],
                "craft_village": "Làng nghề kẹo dừa"
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{subject}");
    let (s, product) = app
        .post(
            ADMIN,
            "/api/v1/products",
            &json!({
                "subject_id": subject["id"], "name": "Kẹo dừa sáp", "group": "food",
                "subgroup": "1.3", "gtin": "8930000000019", "brand": "Hòa Tân",
                "raw_material_region": "Cầu Kè", "green_chain": {"region": "Vùng dừa sáp Cầu Kè"},
                "brand_supported": true, "trademark_registered": true,
                "listings": ["https://shop.example.vn/keo-dua-sap"], "tourism": true
            }),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{product}");
    let product_id = product["id"].as_u64().unwrap();
    let (s, cert) = app
        .post(
            ADMIN,
            &format!("/api/v1/products/{product_id}/certificates"),
            &json!({"star": 3, "score": 62, "decision_no": "1306/QĐ-UBND",
                    "decision_date": "2025-09-01", "issuing_body": "UBND tỉnh Trà Vinh",
                    "level": "province"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{cert}");
    let producer = app.producer_token(subject["id"].as_u64().unwrap()).await;
    let mut body = TestApp::batch_body(product_id, "CK2611-01", 1000, "2030-01-01");
    body["notes"] = json!("Mẻ đầu vụ");
    body["origin"]["commune"] = json!("xã Hòa Tân");
    let (s, batch) = app.post(&producer, "/api/v1/batches", &body).await;
    assert_eq!(s, StatusCode::CREATED, "{batch}");
    let (s, record) = app
        .get(ADMIN, &format!("/api/v1/batches/{}/record", batch["id"]))
        .await;
    assert_eq!(s, StatusCode::OK, "{record}");
    app.stop().await;

    let payload = &record["payload"];
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/batch-record.md"))
        .unwrap();
    check(&doc, "### Top level (`BatchRecord`)", payload);
    check(&doc, "### `batch` (`RecordBatch`)", &payload["batch"]);
    check(&doc, "### `product` (`Product`)", &payload["product"]);
    check(&doc, "### `subject` (`Subject`)", &payload["subject"]);
    check(
        &doc,
        "### `certificate` (`Certificate`)",
        &payload["certificate"],
    );
    check(&doc, "### `label` (`RecordLabel`)", &payload["label"]);
    // "Members appear in the order listed": read the signed bytes, not a re-serialisation.
    let jws = record["jws"].as_str().unwrap();
    let signed = b64url_decode(jws.split('.').nth(1).unwrap()).unwrap();
    let ordered: Ordered = serde_json::from_slice(&signed).unwrap();
    for (heading, path) in [
        ("### Top level (`BatchRecord`)", None),
        ("### `batch` (`RecordBatch`)", Some("batch")),
        ("### `product` (`Product`)", Some("product")),
        ("### `subject` (`Subject`)", Some("subject")),
        ("### `certificate` (`Certificate`)", Some("certificate")),
        ("### `label` (`RecordLabel`)", Some("label")),
    ] {
        let object = path.map_or(&ordered, |p| ordered.member(p));
        let emitted = object.names();
        let listed: Vec<String> = documented_order(&doc, heading)
            .into_iter()
            .filter(|name| emitted.contains(&name.as_str()))
            .collect();
        assert_eq!(
            emitted, listed,
            "{heading}: members out of the documented order"
        );
    }
    // The product's members are all present here, so its table is held in full both ways.
    let product = ordered.member("product").names();
    assert_eq!(product, documented_order(&doc, "### `product` (`Product`)"));
}
