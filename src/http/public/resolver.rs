//! GS1 Digital Link resolver behaviour for `/01/{gtin}` and `/01/{gtin}/10/{lot}`: a human
//! page by default, an RFC 9264 linkset on request, redirects for link types. Unknown lots
//! fall back to the product page with a notice; nothing here answers 500 for bad input.

use crate::domain::{Batch, Gtin, Lot, Product};
use crate::http::kit::extract::ApiPath;
use crate::http::kit::i18n::{Lang, query_value};
use crate::http::kit::respond::{page, wants_json};
use crate::http::public::product_view::ProductView;
use crate::http::{ApiError, AppState, ErrorBody};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{Value, json};

const VOC: &str = "https://gs1.org/voc/";

/// `?linkType=linkset` or `Accept: application/linkset+json`.
pub fn wants_linkset(uri: &Uri, headers: &HeaderMap) -> bool {
    query_value(uri, "linkType") == Some("linkset")
        || headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/linkset+json"))
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

/// The product with this GTIN, or the answer for a GTIN that is invalid or unknown.
fn find_product(
    s: &AppState,
    gtin: &str,
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Result<(Gtin, Product), Response>, ApiError> {
    let t = lang.t();
    let Ok(gtin) = Gtin::parse(gtin) else {
        let msg = "invalid GTIN";
        return Ok(Err(crate::http::kit::respond::not_found(
            lang,
            uri,
            headers,
            msg,
            t.invalid_gtin,
        )));
    };
    match s.app.product_by_gtin(&gtin)? {
        Some(p) => Ok(Ok((gtin, p))),
        None => {
            let msg = "no OCOP product has this GTIN";
            Ok(Err(crate::http::kit::respond::not_found(
                lang,
                uri,
                headers,
                msg,
                t.unknown_gtin,
            )))
        }
    }
}

/// The batch of `lot` under a product, if the lot is valid and known.
fn find_batch(s: &AppState, p: &Product, lot: &str) -> Result<Option<Batch>, ApiError> {
    match Lot::parse(lot) {
        Ok(l) => Ok(s.app.batch_by_lot(p.id, &l)?),
        Err(_) => Ok(None),
    }
}

/// The resolver's query: the language of the page and the link wanted.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "documents the query; the handlers read the raw URL"
)]
pub struct ResolverQuery {
    /// `linkset` for the RFC 9264 linkset; `gs1:pip`, `gs1:defaultLink`,
    /// `gs1:certificationInfo` or `gs1:verificationService` for a redirect to that link;
    /// anything else shows the page.
    #[param(rename = "linkType")]
    link_type: Option<String>,
    /// `en` for the page in English.
    lang: Option<String>,
}

/// The GS1 Digital Link resolver for a product (`/01/{gtin}`): its page, its JSON with
/// `Accept: application/json`, its linkset, or a redirect to one link.
#[utoipa::path(get, path = "/01/{gtin}", tag = "labels", operation_id = "resolve_product",
    params(("gtin" = String, Path, description = "GTIN-8, -12, -13 or -14"), ResolverQuery),
    responses(
        (status = 200, description = "The product page, the product as JSON, or its linkset (`?linkType=linkset` or `Accept: application/linkset+json`)",
            content((String = "text/html"), (crate::domain::Product = "application/json"), (serde_json::Value = "application/linkset+json"))),
        (status = 307, description = "`?linkType=gs1:…`: the link's target",
            headers(("Location" = String, description = "The link's target"))),
        (status = 400, response = crate::http::kit::error::BadRequest),
        (status = 404, description = "Invalid or unknown GTIN: a page for a browser, JSON for anyone else",
            content((String = "text/html"), (ErrorBody = "application/json")))))]
pub async fn product(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    lang: Lang,
    ApiPath(gtin): ApiPath<String>,
) -> Result<Response, ApiError> {
    let (gtin, p) = match find_product(&s, &gtin, lang, &uri, &headers)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let anchor = format!("{}/01/{gtin}", s.app.base_url);
    if let Some(r) = link_answer(&s, &uri, &headers, &anchor, &p, None) {
        return Ok(r);
    }
    if wants_json(&headers) {
        return Ok(axum::Json(&p).into_response());
    }
    let view = ProductView::product(&s, &p, lang, &uri)?;
    Ok(page(StatusCode::OK, &view))
}

/// The linkset or the redirect a request asks for, if it asks for one.
fn link_answer(
    s: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    anchor: &str,
    p: &Product,
    batch: Option<&Batch>,
) -> Option<Response> {
    if wants_linkset(uri, headers) {
        return Some(linkset_response(linkset(&s.app.base_url, anchor, p, batch)));
    }
    query_value(uri, "linkType").and_then(|lt| redirect_for(&s.app.base_url, lt, p))
}

/// The GS1 Digital Link resolver for a batch (`/01/{gtin}/10/{lot}`): the batch's page or
/// JSON, or the product with a notice when the lot is unknown; its linkset, or a redirect.
#[utoipa::path(get, path = "/01/{gtin}/10/{lot}", tag = "labels", operation_id = "resolve_batch",
    params(("gtin" = String, Path, description = "GTIN-8, -12, -13 or -14"),
        ("lot" = String, Path, description = "Lot, percent-encoded"), ResolverQuery),
    responses(
        (status = 200, description = "The batch page, the batch as JSON (`{product, lot, production_date, expiry_date, quantity, origin, recall}`, or `{notice, product}` for an unknown lot), or its linkset",
            content((String = "text/html"), (serde_json::Value = "application/json"), (serde_json::Value = "application/linkset+json"))),
        (status = 307, description = "`?linkType=gs1:…`: the link's target",
            headers(("Location" = String, description = "The link's target"))),
        (status = 400, response = crate::http::kit::error::BadRequest),
        (status = 404, description = "Invalid or unknown GTIN: a page for a browser, JSON for anyone else",
            content((String = "text/html"), (ErrorBody = "application/json")))))]
pub async fn batch(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    lang: Lang,
    ApiPath((gtin, lot)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (_, p) = match find_product(&s, &gtin, lang, &uri, &headers)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let found = find_batch(&s, &p, &lot)?;
    let anchor = format!("{}{}", s.app.base_url, uri.path());
    if let Some(r) = link_answer(&s, &uri, &headers, &anchor, &p, found.as_ref()) {
        return Ok(r);
    }
    batch_answer(&s, &p, found.as_ref(), lang, &uri, &headers)
}

/// A batch's page or JSON; the product's with a notice when the lot is unknown.
fn batch_answer(
    s: &AppState,
    p: &Product,
    found: Option<&Batch>,
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let Some(b) = found else {
        if wants_json(headers) {
            // The API's notice has always been bilingual in one string.
            let notice = "Không tìm thấy lô này; đây là thông tin của sản phẩm. · This lot is unknown; here is the product.";
            return Ok(axum::Json(json!({"notice": notice, "product": p})).into_response());
        }
        let mut view = ProductView::product(s, p, lang, uri)?;
        view.notice = Some(lang.t().unknown_lot);
        return Ok(page(StatusCode::OK, &view));
    };
    let recall = s.app.recall_of(b.id)?;
    if wants_json(headers) {
        return Ok(axum::Json(json!({"product": p, "lot": b.lot, "production_date": b.production_date,
            "expiry_date": b.expiry_date, "quantity": b.quantity, "origin": b.origin, "recall": recall})).into_response());
    }
    let view = ProductView::product(s, p, lang, uri)?.with_batch(b, recall.as_ref(), lang);
    Ok(page(StatusCode::OK, &view))
}

/// The linkset of a unit's Digital Link URI (`/01/{gtin}/10/{lot}/21/{serial}`): the
/// links of its batch, anchored at the unit.
pub fn unit_linkset(
    s: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    lang: Lang,
) -> Result<Response, ApiError> {
    let mut parts = uri.path().split('/').skip(1);
    let (gtin, lot) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("01"), Some(g), Some("10"), Some(l)) => (g, l),
        _ => ("", ""),
    };
    let lot = percent_encoding::percent_decode_str(lot).decode_utf8_lossy();
    let (_, p) = match find_product(s, gtin, lang, uri, headers)? {
        Ok(found) => found,
        Err(answer) => return Ok(answer),
    };
    let found = find_batch(s, &p, &lot)?;
    let anchor = format!("{}{}", s.app.base_url, uri.path());
    Ok(linkset_response(linkset(
        &s.app.base_url,
        &anchor,
        &p,
        found.as_ref(),
    )))
}

/// The resolver description (GS1 Digital Link resolver discovery).
#[utoipa::path(get, path = "/.well-known/gs1resolver", tag = "labels",
    responses((status = 200, description = "Resolver root, supported keys, link types and languages", body = serde_json::Value)))]
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
