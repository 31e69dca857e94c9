//! What a phone sees at a label URL: the verdict page (Vietnamese first) or JSON, the scan
//! counted, and scratch-off PINs taken. The page's parts are gathered by one service verb
//! and laid out in [`super::verdict_page`].

use crate::http::kit::extract::{ApiForm, ClientIp};
use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::{page, wants_json};
use crate::http::public::label_view::pin_json;
use crate::http::public::resolver;
use crate::http::public::verdict_page::{PinAnswer, VerdictPage};
use crate::http::{ApiError, AppState, ErrorBody, blocking};
use crate::label::SignedLabel;
use crate::service::{ClaimOutcome, is_bot};
use crate::verify::Verdict;
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// Link previews, prefetches and HEAD requests are not scans.
fn counts_as_scan(method: &Method, headers: &HeaderMap) -> bool {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
    method == Method::GET
        && !h("purpose").contains("prefetch")
        && !h("sec-purpose").contains("prefetch")
        && !h("x-moz").contains("prefetch")
        && !is_bot(h("user-agent"))
}

/// The request's user agent, empty when absent.
pub(super) fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn parse(uri: &Uri) -> Result<SignedLabel, crate::label::LabelError> {
    SignedLabel::parse_parts(uri.path(), uri.query().unwrap_or(""))
}

/// Whether this request counts as a scan, and from which network: link previews, prefetches,
/// HEAD requests and bots do not count.
fn scan_source(
    s: &AppState,
    method: &Method,
    headers: &HeaderMap,
    ip: Option<std::net::IpAddr>,
) -> Result<Option<crate::service::ScanSource>, ApiError> {
    let today = s.app.clock.today();
    Ok(counts_as_scan(method, headers)
        .then(|| s.app.source_fingerprint(ip, user_agent(headers), today))
        .transpose()?)
}

/// GET (and HEAD) of a label URL. A Digital Link URI answers its linkset on request, whatever
/// its depth; asking for links is not a scan. The verdict is microseconds of in-memory work
/// (cached batch facts, one unflushed counter update), so it runs inline: a hop to the
/// blocking pool would cost more than the work.
async fn label(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    method: Method,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
) -> Result<Response, ApiError> {
    if resolver::wants_linkset(&uri, &headers) && uri.path().starts_with("/01/") {
        return resolver::unit_linkset(&s, &uri, &headers, lang);
    }
    let source = scan_source(&s, &method, &headers, ip)?;
    let verdict = s.app.scan_label(parse(&uri), source)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    if wants_json(&headers) {
        return Ok(axum::Json(verdict).into_response());
    }
    let facts = s.app.label_page_facts(&verdict, &parse(&uri), true)?;
    Ok(page(
        StatusCode::OK,
        &VerdictPage::of_label(&verdict, lang, &uri, None, &facts),
    ))
}

/// The form of a label URL's POST: form fields are read by name, others ignored.
type Fields = std::collections::HashMap<String, String>;

/// POST of a scratch-off PIN to a label URL. The page after a checked PIN shows the passport;
/// the page of a label that takes no PIN does not.
async fn claim(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    form: Fields,
) -> Result<Response, ApiError> {
    let pin = form.get("pin").cloned().unwrap_or_default();
    let (app, path, agent) = (s.app.clone(), uri.clone(), user_agent(&headers).to_owned());
    let posted = blocking(move || app.post_pin(|| parse(&path), ip, &agent, &pin)).await?;
    if wants_json(&headers) {
        return Ok(pin_json(&posted));
    }
    let answer = PinAnswer::of(&posted);
    let facts = s
        .app
        .label_page_facts(posted.verdict(), &parse(&uri), answer.is_some())?;
    let view = VerdictPage::of_label(posted.verdict(), lang, &uri, answer, &facts);
    Ok(page(StatusCode::OK, &view))
}

/// A label URL's query: the signed claims. Any URL answers a verdict; one without them (or
/// with a wrong signature) answers `malformed` or `forged`.
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(
    dead_code,
    reason = "documents the query; the label parser reads the raw URL"
)]
pub struct LabelQuery {
    /// Label format version (`1`).
    v: Option<String>,
    /// Key id of the signing key.
    k: Option<String>,
    /// Offline claims: star and certificate end date (`4-280914`).
    c: Option<String>,
    /// The label's Ed25519 signature, base64url.
    s: Option<String>,
    /// `en` for the page in English (default Vietnamese, or `Accept-Language`).
    lang: Option<String>,
    /// `linkset` for the RFC 9264 linkset of the unit (GS1 Digital Link URLs only).
    #[param(rename = "linkType")]
    link_type: Option<String>,
}

/// The verdict of a unit's GS1 Digital Link label URL (what its QR code opens). Counts a
/// scan unless the request is a prefetch, a link preview or a bot.
#[utoipa::path(get, path = "/01/{gtin}/10/{lot}/21/{serial}", tag = "labels",
    params(
        ("gtin" = String, Path, description = "GTIN-14"),
        ("lot" = String, Path, description = "Lot, percent-encoded"),
        ("serial" = String, Path, description = "Unit serial, decimal; anything else answers `malformed`"),
        LabelQuery),
    responses(
        (status = 200, description = "The verdict page (Vietnamese unless asked), the verdict as JSON with `Accept: application/json`, or the unit's linkset",
            content((String = "text/html"), (Verdict = "application/json"), (serde_json::Value = "application/linkset+json"))),
        (status = 404, description = "A linkset was asked for an unknown or invalid GTIN",
            content((String = "text/html"), (ErrorBody = "application/json"))),
        (status = 429, description = "Too many label requests from this network",
            content((String = "text/html"), (ErrorBody = "application/json")),
            headers(("Retry-After" = u64, description = "Seconds until a request is accepted again")))),
    extensions(("x-raw-url" = json!(true))))]
pub async fn label_gs1(
    s: State<AppState>,
    uri: OriginalUri,
    method: Method,
    headers: HeaderMap,
    ip: ClientIp,
    lang: Lang,
) -> Result<Response, ApiError> {
    label(s, uri, method, headers, ip, lang).await
}

/// The verdict of a unit's short label URL (products without a GTIN).
#[utoipa::path(get, path = "/l/{batch}/{serial}", tag = "labels",
    params(
        ("batch" = String, Path, description = "Batch id, decimal; anything else answers `malformed`"),
        ("serial" = String, Path, description = "Unit serial, decimal; anything else answers `malformed`"),
        LabelQuery),
    responses(
        (status = 200, description = "The verdict page (Vietnamese unless asked), or the verdict as JSON with `Accept: application/json`",
            content((String = "text/html"), (Verdict = "application/json"))),
        (status = 429, description = "Too many label requests from this network",
            content((String = "text/html"), (ErrorBody = "application/json")),
            headers(("Retry-After" = u64, description = "Seconds until a request is accepted again")))),
    extensions(("x-raw-url" = json!(true))))]
pub async fn label_short(
    s: State<AppState>,
    uri: OriginalUri,
    method: Method,
    headers: HeaderMap,
    ip: ClientIp,
    lang: Lang,
) -> Result<Response, ApiError> {
    label(s, uri, method, headers, ip, lang).await
}

/// A scratch-off PIN entry.
#[derive(Debug, utoipa::ToSchema)]
#[allow(
    dead_code,
    reason = "documents the form; the handler reads the fields by name"
)]
pub struct PinForm {
    /// The 8 digits under the scratch-off layer. A malformed PIN is not counted as a try.
    pin: Option<String>,
}

/// Enter a unit's scratch-off PIN at its GS1 Digital Link label URL: the first correct entry
/// claims the unit.
#[utoipa::path(post, path = "/01/{gtin}/10/{lot}/21/{serial}", tag = "labels",
    params(
        ("gtin" = String, Path, description = "GTIN-14"),
        ("lot" = String, Path, description = "Lot, percent-encoded"),
        ("serial" = String, Path, description = "Unit serial"),
        LabelQuery),
    request_body(content = PinForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The verdict page with the answer, or the answer as JSON with `Accept: application/json`",
            content((String = "text/html"), (ClaimOutcome = "application/json"))),
        (status = 422, description = "JSON only: the PIN is not 8 digits (`invalid_pin`); the try was not counted", body = ErrorBody)),
    extensions(("x-raw-url" = json!(true))))]
pub async fn claim_gs1(
    s: State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    ip: ClientIp,
    lang: Lang,
    ApiForm(form): ApiForm<Fields>,
) -> Result<Response, ApiError> {
    claim(s, uri, headers, ip, lang, form).await
}

/// Enter a unit's scratch-off PIN at its short label URL.
#[utoipa::path(post, path = "/l/{batch}/{serial}", tag = "labels",
    params(
        ("batch" = String, Path, description = "Batch id"),
        ("serial" = String, Path, description = "Unit serial"),
        LabelQuery),
    request_body(content = PinForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "The verdict page with the answer, or the answer as JSON with `Accept: application/json`",
            content((String = "text/html"), (ClaimOutcome = "application/json"))),
        (status = 422, description = "JSON only: the PIN is not 8 digits (`invalid_pin`); the try was not counted", body = ErrorBody)),
    extensions(("x-raw-url" = json!(true))))]
pub async fn claim_short(
    s: State<AppState>,
    uri: OriginalUri,
    headers: HeaderMap,
    ip: ClientIp,
    lang: Lang,
    ApiForm(form): ApiForm<Fields>,
) -> Result<Response, ApiError> {
    claim(s, uri, headers, ip, lang, form).await
}
