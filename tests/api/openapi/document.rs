//! The served document against the router itself: the same paths and methods, every `$ref`
//! resolved, parameters where they are, the errors the extractors answer, valid OpenAPI 3.1.

use crate::helpers::{ADMIN, TestApp};
use ocop_trace::startup::{ServeConfig, prepare};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn served_document(app: &TestApp) -> Value {
    let r = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    r.json().await.unwrap()
}

/// The path templates the router matches. axum lists them only in its `Debug` form, as
/// `RouteId(n): "/path"`; a route added with a bare `.route(…)` shows up here too.
async fn router_paths() -> BTreeSet<String> {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = ServeConfig {
        listen: "127.0.0.1:0".into(),
        data_dir: tmp.path().join("data"),
        store: None,
        keys_dir: tmp.path().join("keys"),
        base_url: None,
        demo: false,
        admin_token: Some(ADMIN.into()),
        trust_forwarded: false,
        scan_policy: Default::default(),
        shutdown_grace: std::time::Duration::from_secs(1),
        office: Default::default(),
        console_require_totp: false,
    };
    let prepared = prepare(&cfg).await.unwrap();
    let debug = format!("{:?}", ocop_trace::http::build_router(prepared.app.clone()));
    let paths: BTreeSet<String> = debug
        .split("RouteId(")
        .skip(1)
        .filter_map(|rest| rest.split_once("): \"")?.1.split('"').next())
        // The fallback's catch-all is axum's own, not a route; the console is pages for
        // people behind a session (docs/console.md), not part of the API.
        .filter(|p| !p.contains("__private__axum") && !p.starts_with("/console"))
        .map(str::to_owned)
        .collect();
    assert!(paths.len() > 40, "cannot read the routes from {debug:.400}");
    paths
}

/// `/a/{b}/c` with every parameter set to `1`.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|seg| if seg.starts_with('{') { "1" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every path of the router is in the document with the same methods, and nothing else is.
/// The methods come from the server itself: an unsupported method answers 405 with `Allow`.
#[tokio::test]
async fn the_document_lists_every_route_and_method_of_the_router() {
    let (app, _tmp) = TestApp::spawn().await;
    let doc = served_document(&app).await;
    let documented: BTreeMap<String, BTreeSet<String>> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, item)| {
            let methods = METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(|m| m.to_string())
                .collect();
            (path.clone(), methods)
        })
        .collect();
    let mut failures = Vec::new();
    let routed = router_paths().await;
    for path in &routed {
        let r = app
            .client
            .request(reqwest::Method::PATCH, app.url(&concrete(path)))
            .send()
            .await
            .unwrap();
        let allow = r
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_lowercase();
        let served: BTreeSet<String> = allow
            .split(',')
            .map(|m| m.trim().to_owned())
            // axum answers HEAD wherever it answers GET; the document lists GET.
            .filter(|m| !m.is_empty() && m != "head")
            .collect();
        if r.status() != reqwest::StatusCode::METHOD_NOT_ALLOWED {
            failures.push(format!("{path}: PATCH answered {}", r.status()));
        }
        match documented.get(path) {
            None => failures.push(format!("{path}: served but not in the document")),
            Some(methods) if *methods != served => failures.push(format!(
                "{path}: serves {served:?}, the document lists {methods:?}"
            )),
            Some(_) => {}
        }
    }
    for path in documented.keys() {
        if !routed.contains(path) {
            failures.push(format!("{path}: documented but not served"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r);
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// Every `$ref` points at a component that exists, every templated path parameter is declared
/// in the path (and nothing else is), secured operations answer 401, every error response is
/// the `ErrorBody`, and optional query parameters admit the empty value the server ignores.
#[tokio::test]
async fn the_document_is_complete_and_consistent() {
    let (app, _tmp) = TestApp::spawn().await;
    let doc = served_document(&app).await;
    let mut failures = Vec::new();
    // A marker for the document's own derivation (`openapi::RAW_URL`), never for clients.
    if doc.to_string().contains("x-raw-url") {
        failures.push("x-raw-url left in the document".to_owned());
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in &all {
        let target = r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(&doc, |v, key| &v[key]));
        if target.is_none_or(Value::is_null) {
            failures.push(format!("unresolved $ref {r}"));
        }
    }
    assert!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer",
        "no bearer scheme"
    );
    let mut operations = 0;
    let mut secured = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let templated: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            operations += 1;
            let key = format!("{method} {path}");
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let in_path: BTreeSet<&str> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .filter_map(|p| p["name"].as_str())
                .collect();
            if in_path != templated {
                failures.push(format!("{key}: path parameters {in_path:?}"));
            }
            for p in params.iter().filter(|p| p["in"] == "query") {
                if p["required"] == false && p["allowEmptyValue"] != true {
                    failures.push(format!(
                        "{key}: {} does not admit an empty value",
                        p["name"]
                    ));
                }
            }
            let responses = op["responses"].as_object().unwrap();
            let is_secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            if is_secured {
                secured += 1;
                if !responses.contains_key("401") {
                    failures.push(format!("{key}: secured without 401"));
                }
            } else if responses.contains_key("401") || responses.contains_key("403") {
                failures.push(format!("{key}: public but documents 401/403"));
            }
            if !templated.is_empty() || op["requestBody"]["content"]["application/json"].is_object()
            {
                let raw = op["tags"][0] == "labels" || op["tags"][0] == "pages";
                if !raw && !responses.contains_key("400") {
                    failures.push(format!("{key}: parses parameters or a body without 400"));
                }
            }
            for (status, response) in responses {
                let response = match response["$ref"].as_str() {
                    Some(r) => &doc["components"]["responses"][r.rsplit('/').next().unwrap()],
                    None => response,
                };
                let json = &response["content"]["application/json"]["schema"]["$ref"];
                if status.starts_with('4')
                    && response["content"].get("application/json").is_some()
                    && *json != "#/components/schemas/ErrorBody"
                {
                    failures.push(format!("{key}: {status} JSON is not ErrorBody"));
                }
            }
        }
    }
    assert!(operations >= 60, "{operations} operations");
    assert!(secured >= 31, "{secured} secured operations");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// openapi-spec-validator (Python) accepts the served document as OpenAPI 3.1.
#[tokio::test]
async fn the_document_validates_as_openapi_3_1() {
    if super::skip_python() {
        return;
    }
    let (app, tmp) = TestApp::spawn().await;
    let doc = served_document(&app).await;
    let file = tmp.path().join("openapi.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/check_openapi.py");
    let (ok, text) = super::python(&[script, file.to_str().unwrap()], tmp.path());
    assert!(ok, "{text}");
    assert!(text.trim_end().ends_with("0 failed"), "{text}");
}
