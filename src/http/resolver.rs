//! GS1 Digital Link resolver behaviour for `/01/{gtin}` and `/01/{gtin}/10/{lot}`: a human
//! page by default, an RFC 9264 linkset on request, redirects for link types. Unknown lots
//! fall back to the product page with a notice; nothing here answers 500 for bad input.

use super::html::esc;
use super::page::page_shell;
use super::{ApiError, AppState};
use crate::domain::{Batch, Gtin, Lot, Product};
use crate::service::ServiceError;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::{Value, json};
use std::fmt::Write;

const VOC: &str = "https://gs1.org/voc/";

fn query_param<'a>(uri: &'a axum::http::Uri, key: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .find_map(|p| p.strip_prefix(key)?.strip_prefix('='))
}

fn wants_linkset(uri: &axum::http::Uri, headers: &HeaderMap) -> bool {
    query_param(uri, "linkType") == Some("linkset")
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/linkset+json"))
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

fn link(href: String, title: &str) -> Value {
    json!([{"href": href, "title": title, "type": "text/html", "hreflang": ["vi", "en"]}])
}

fn linkset(base: &str, anchor: &str, product: &Product, batch: Option<&Batch>) -> Value {
    let page = format!("{base}/catalogue/products/{}", product.id);
    let mut set = json!({
        "anchor": anchor,
        format!("{VOC}defaultLink"): link(page.clone(), "Thông tin sản phẩm OCOP / OCOP product information"),
        format!("{VOC}pip"): link(page.clone(), "Thông tin sản phẩm / Product information page"),
        format!("{VOC}certificationInfo"): link(page, "Giấy chứng nhận OCOP / OCOP certificate"),
        format!("{VOC}verificationService"): link(format!("{base}/verify/photo"), "Xác thực tem / Verify a label"),
    });
    if let Some(b) = batch {
        set[format!("{VOC}traceability")] = link(
            format!("{base}/api/v1/batches/{}/events", b.id),
            "Truy xuất lô hàng / Batch traceability",
        );
        set[format!("{VOC}epcis")] = json!([{"href": format!("{base}/api/v1/batches/{}/epcis", b.id), "title": "EPCIS 2.0", "type": "application/ld+json"}]);
        set[format!("{VOC}recallStatus")] =
            link(anchor.to_owned(), "Tình trạng thu hồi / Recall status");
    }
    json!({"linkset": [set]})
}

fn linkset_response(v: Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/linkset+json")],
        v.to_string(),
    )
        .into_response()
}

fn redirect_for(base: &str, link_type: &str, product: &Product) -> Option<Response> {
    let page = format!("{base}/catalogue/products/{}", product.id);
    let target = match link_type {
        "gs1:pip" | "gs1:defaultLink" | "gs1:certificationInfo" => page,
        "gs1:verificationService" => format!("{base}/verify/photo"),
        _ => return None,
    };
    Some(Redirect::temporary(&target).into_response())
}

fn not_found_page(what: &str) -> Response {
    let body = format!("<p class=\"bad\">{}</p>", esc(what));
    (StatusCode::NOT_FOUND, Html(page_shell("vi", "OCOP", &body))).into_response()
}

fn product_body(s: &AppState, p: &Product, notice: Option<&str>) -> Result<String, ServiceError> {
    let mut b = String::new();
    if let Some(n) = notice {
        let _ = write!(b, "<p class=\"note\" data-notice>{}</p>", esc(n));
    }
    let _ = write!(
        b,
        "<dl><dt>Sản phẩm · Product</dt><dd>{}</dd>",
        esc(&p.name)
    );
    let today = s.app.clock.today();
    if let Some(c) = s.app.current_certificate(p.id)? {
        let _ = write!(
            b,
            "<dt>Hạng OCOP · Rating</dt><dd>{} — {:?}</dd><dt>Giấy chứng nhận · Certificate</dt><dd>{} — {}</dd>",
            "★".repeat(usize::from(c.star.get())),
            c.status_on(today),
            esc(&c.decision_no),
            esc(&c.issuing_body)
        );
    }
    if let Some(sub) = s.app.store.subject(p.subject_id)? {
        let _ = write!(b, "<dt>Chủ thể · Producer</dt><dd>{}</dd>", esc(&sub.name));
    }
    let _ = write!(
        b,
        "</dl><p class=\"small\"><a href=\"/catalogue/products/{}\">›</a></p>",
        p.id
    );
    Ok(b)
}

/// `/01/{gtin}`: the product.
pub async fn product(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path(gtin): Path<String>,
) -> Result<Response, ApiError> {
    let Ok(gtin) = Gtin::parse(&gtin) else {
        return Ok(not_found_page("Mã GTIN không hợp lệ. · Invalid GTIN."));
    };
    let Some(p) = s
        .app
        .store
        .product_by_gtin(&gtin)
        .map_err(ServiceError::from)?
    else {
        return Ok(not_found_page(
            "Không có sản phẩm OCOP nào với mã GTIN này. · No OCOP product has this GTIN.",
        ));
    };
    let anchor = format!("{}/01/{gtin}", s.app.base_url);
    if wants_linkset(&uri, &headers) {
        return Ok(linkset_response(linkset(
            &s.app.base_url,
            &anchor,
            &p,
            None,
        )));
    }
    if let Some(r) =
        query_param(&uri, "linkType").and_then(|lt| redirect_for(&s.app.base_url, lt, &p))
    {
        return Ok(r);
    }
    if wants_json(&headers) {
        return Ok(axum::Json(&p).into_response());
    }
    Ok(Html(page_shell("vi", &p.name, &product_body(&s, &p, None)?)).into_response())
}

/// `/01/{gtin}/10/{lot}`: the batch, or the product with a notice for an unknown lot.
pub async fn batch(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    Path((gtin, lot)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let Ok(gtin) = Gtin::parse(&gtin) else {
        return Ok(not_found_page("Mã GTIN không hợp lệ. · Invalid GTIN."));
    };
    let Some(p) = s
        .app
        .store
        .product_by_gtin(&gtin)
        .map_err(ServiceError::from)?
    else {
        return Ok(not_found_page(
            "Không có sản phẩm OCOP nào với mã GTIN này. · No OCOP product has this GTIN.",
        ));
    };
    let found = match Lot::parse(&lot) {
        Ok(l) => s
            .app
            .store
            .batch_by_lot(p.id, &l)
            .map_err(ServiceError::from)?,
        Err(_) => None,
    };
    let anchor = format!("{}{}", s.app.base_url, uri.path());
    if wants_linkset(&uri, &headers) {
        return Ok(linkset_response(linkset(
            &s.app.base_url,
            &anchor,
            &p,
            found.as_ref(),
        )));
    }
    if let Some(r) =
        query_param(&uri, "linkType").and_then(|lt| redirect_for(&s.app.base_url, lt, &p))
    {
        return Ok(r);
    }
    let Some(b) = found else {
        let notice = "Không tìm thấy lô này; đây là thông tin của sản phẩm. · This lot is unknown; here is the product.";
        if wants_json(&headers) {
            return Ok(axum::Json(json!({"notice": notice, "product": p})).into_response());
        }
        return Ok(Html(page_shell(
            "vi",
            &p.name,
            &product_body(&s, &p, Some(notice))?,
        ))
        .into_response());
    };
    let recall = s.app.store.recall(b.id).map_err(ServiceError::from)?;
    if wants_json(&headers) {
        return Ok(axum::Json(json!({"product": p, "lot": b.lot, "production_date": b.production_date,
            "expiry_date": b.expiry_date, "quantity": b.quantity, "origin": b.origin, "recall": recall})).into_response());
    }
    let mut body = product_body(&s, &p, None)?;
    let _ = write!(
        body,
        "<dl><dt>Lô · Lot</dt><dd>{}</dd><dt>Ngày sản xuất · Produced</dt><dd>{}</dd><dt>Hạn sử dụng · Expires</dt><dd>{}</dd><dt>Vùng nguyên liệu · Origin</dt><dd>{}</dd></dl>",
        esc(b.lot.as_str()),
        b.production_date,
        b.expiry_date,
        esc(&b.origin.region)
    );
    if let Some(r) = recall {
        let _ = write!(
            body,
            "<p class=\"bad\" data-recall>Lô hàng đã bị thu hồi · Batch recalled: {}</p>",
            esc(&r.reason)
        );
    }
    Ok(Html(page_shell("vi", &p.name, &body)).into_response())
}

/// `/.well-known/gs1resolver`: the resolver description.
pub async fn description(State(s): State<AppState>) -> Response {
    axum::Json(json!({
        "name": "ocop-trace resolver",
        "resolverRoot": s.app.base_url.as_ref(),
        "supportedPrimaryKeys": ["01"],
        "supportedQualifiers": ["10", "21"],
        "linkTypeDefaultCanBeLinkset": true,
        "supportedLinkType": [
            format!("{VOC}defaultLink"), format!("{VOC}pip"), format!("{VOC}certificationInfo"),
            format!("{VOC}verificationService"), format!("{VOC}traceability"), format!("{VOC}epcis"),
            format!("{VOC}recallStatus")
        ],
        "supportedLanguages": ["vi", "en"],
    }))
    .into_response()
}
