//! What a phone sees: the label URL answers with a verdict page (Vietnamese first) or JSON,
//! counts the scan, takes scratch-off PINs, reports of fakes, and photos of labels.

use crate::http::kit::extract::ClientIp;
use crate::http::kit::extract::{ApiForm, ApiMultipart};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Notice, Shell, page, wants_json};
use crate::http::public::verdict_page::{PinAnswer, VerdictPage};
use crate::http::{ApiError, AppState, ErrorBody, blocking, public::resolver};
use crate::label::SignedLabel;
use crate::service::{ClaimOutcome, ServiceError, is_bot};
use crate::verify::Verdict;
use askama::Template;
use axum::extract::{Multipart, OriginalUri, State};
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

fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn parse(uri: &Uri) -> Result<SignedLabel, crate::label::LabelError> {
    SignedLabel::parse_parts(uri.path(), uri.query().unwrap_or(""))
}

/// GET (and HEAD) of a label URL.
async fn label(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    method: Method,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
) -> Result<Response, ApiError> {
    // A Digital Link URI answers its linkset on request, whatever its depth; asking for
    // links is not a scan.
    if resolver::wants_linkset(&uri, &headers) && uri.path().starts_with("/01/") {
        return resolver::unit_linkset(&s, &uri, &headers, lang);
    }
    let source = if counts_as_scan(&method, &headers) {
        Some(
            s.app
                .source_fingerprint(ip, user_agent(&headers), s.app.clock.today())?,
        )
    } else {
        None
    };
    // Microseconds of in-memory work (cached batch facts, one unflushed counter update): run it
    // inline; a hop to the blocking pool would cost more than the work.
    let verdict = s.app.scan_label(parse(&uri), source)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    if wants_json(&headers) {
        return Ok(axum::Json(verdict).into_response());
    }
    let named = s.app.named_batch(&parse(&uri))?;
    Ok(page(
        StatusCode::OK,
        &VerdictPage::new(
            &verdict,
            lang,
            &uri,
            None,
            named.as_deref(),
            &journey(&s, &verdict)?,
        )
        .with_passport(&s.app, &verdict, lang),
    ))
}

/// The public journey of the batch a verdict confirms; none for a label that is not genuine.
fn journey(
    s: &AppState,
    v: &Verdict,
) -> Result<std::sync::Arc<Vec<crate::service::PublicStep>>, ApiError> {
    match &v.batch {
        Some(b) if v.code.signature_valid() => Ok(s.app.public_timeline(b.id)?),
        _ => Ok(std::sync::Arc::default()),
    }
}

/// The form of a label URL's POST: form fields are read by name, others ignored.
type Fields = std::collections::HashMap<String, String>;

/// POST of a scratch-off PIN to a label URL.
async fn claim(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    form: Fields,
) -> Result<Response, ApiError> {
    let verdict = s.app.scan_label(parse(&uri), None)?;
    let (batch, serial) = match (&verdict.batch, &verdict.label) {
        (Some(b), Some(l)) if verdict.code.signature_valid() && verdict.pin_enabled => {
            (b.id, l.serial)
        }
        _ if wants_json(&headers) => return Ok(no_pin_json(&verdict)),
        _ => {
            let named = s.app.named_batch(&parse(&uri))?;
            let steps = journey(&s, &verdict)?;
            let view = VerdictPage::new(&verdict, lang, &uri, None, named.as_deref(), &steps);
            return Ok(page(StatusCode::OK, &view));
        }
    };
    let source = s
        .app
        .source_fingerprint(ip, user_agent(&headers), s.app.clock.today())?;
    let pin = form.get("pin").cloned().unwrap_or_default();
    // The service refuses a PIN that is not eight digits before it counts an attempt. A
    // claim is a flushed write: it runs off the async workers.
    let app = s.app.clone();
    let claimed = blocking(move || Ok(app.claim_pin(batch, serial, &pin, source))).await?;
    let outcome = match claimed {
        Ok(o) => Some(o),
        Err(ServiceError::Domain(_)) => None,
        Err(e) => return Err(e.into()),
    };
    if wants_json(&headers) {
        return Ok(match outcome {
            Some(o) => axum::Json(o).into_response(),
            None => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_pin",
                "a PIN has 8 digits; this try was not counted",
            )
            .into_response(),
        });
    }
    let answer = outcome
        .as_ref()
        .map_or(PinAnswer::Malformed, PinAnswer::Checked);
    let fresh = s.app.scan_label(parse(&uri), None)?;
    let named = s.app.named_batch(&parse(&uri))?;
    Ok(page(
        StatusCode::OK,
        &VerdictPage::new(
            &fresh,
            lang,
            &uri,
            Some(answer),
            named.as_deref(),
            &journey(&s, &fresh)?,
        )
        .with_passport(&s.app, &fresh, lang),
    ))
}

/// The JSON answer to a PIN posted to a label that takes none: nothing was checked or counted.
fn no_pin_json(v: &Verdict) -> Response {
    let (status, code, message) = if v.code.signature_valid() {
        (
            StatusCode::CONFLICT,
            "pin_not_enabled",
            "this batch's labels have no scratch-off PIN; nothing was checked",
        )
    } else {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "label_not_genuine",
            "this label does not verify, so it has no PIN to check",
        )
    };
    ApiError::new(status, code, message).into_response()
}

/// A shopper's report of a suspected fake.
#[derive(Debug, utoipa::ToSchema)]
#[allow(
    dead_code,
    reason = "documents the form; the handler reads the fields by name"
)]
pub struct ReportForm {
    /// What looks wrong (required).
    text: String,
    /// The label URL or its path, when the report comes from a verdict page.
    label: Option<String>,
    /// Where the product was bought.
    place: Option<String>,
    /// A phone number for the office to call back (8 to 15 digits; optional).
    phone: Option<String>,
}

/// Report a suspected fake (no account needed; a few reports per network a day).
#[utoipa::path(post, path = "/report", tag = "labels",
    params(("lang" = Option<String>, Query, description = "`en` for the answer page in English")),
    request_body(content = ReportForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 201, description = "Stored; a thank-you page with the report number, or `{code: report_received, message, reference}` (`BC-000123`)",
            content((String = "text/html"), (ErrorBody = "application/json"))),
        (status = 422, description = "No description (`invalid_text`)", body = ErrorBody),
        (status = 429, description = "Too many reports from this network: a page, or `{code: rate_limited, message}`",
            content((String = "text/html"), (ErrorBody = "application/json")))),
    extensions(("x-raw-url" = json!(true))))]
pub async fn report(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    ApiForm(form): ApiForm<Fields>,
) -> Result<Response, ApiError> {
    let source = s
        .app
        .source_fingerprint(ip, user_agent(&headers), s.app.clock.today())?;
    let back = form.get("label").cloned();
    let app = s.app.clone();
    let stored = blocking(move || {
        let field = |k: &str| form.get(k).map(String::as_str);
        Ok(app.report_fake(
            source,
            field("label"),
            field("text").unwrap_or(""),
            field("place"),
            field("phone"),
        ))
    })
    .await?;
    let t = lang.t();
    // Only a path on this site: "//host" would lead the shopper elsewhere.
    let back = back.filter(|l| l.starts_with('/') && !l.starts_with("//"));
    let stored = match stored {
        Ok(r) => r,
        // A browser gets a page in its language, with the way back to the form.
        Err(ServiceError::Domain(e)) if crate::http::kit::respond::wants_html(&headers) => {
            let line = if e.to_string().starts_with("phone") {
                t.report_bad_phone
            } else {
                t.report_what
            };
            let shell = Shell::new(lang, &uri, t.report_summary);
            let mut notice = Notice::new(shell, t.report_summary, line, true);
            if let Some(label) = back {
                notice.links.insert(0, (label, t.report_back));
            }
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &notice));
        }
        Err(e) => return Err(e.into()),
    };
    let (status, code, msg) = if stored.is_some() {
        (StatusCode::CREATED, "report_received", t.report_thanks)
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            t.report_limited,
        )
    };
    let reference = stored.as_ref().map(crate::domain::Report::reference);
    if wants_json(&headers) {
        let mut body = serde_json::json!({"code": code, "message": msg});
        if let Some(r) = &reference {
            body["reference"] = serde_json::json!(r);
        }
        return Ok((status, axum::Json(body)).into_response());
    }
    let shell = Shell::new(lang, &uri, t.report_summary);
    let mut notice = Notice::new(shell, t.report_summary, msg, stored.is_none());
    if let Some(r) = &reference {
        notice.lines.push(fill(t.report_reference, &[r]));
    }
    if let Some(label) = back {
        notice.links.insert(0, (label, t.back_to_label));
    }
    Ok(page(status, &notice))
}

/// The photo upload form.
#[derive(Template)]
#[template(path = "photo.html")]
struct PhotoForm {
    shell: Shell,
}

/// The page to upload a photo of a label.
#[utoipa::path(get, path = "/verify/photo", tag = "labels",
    params(("lang" = Option<String>, Query, description = "`en` for the page in English")),
    responses((status = 200, description = "The upload form", content_type = "text/html", body = String)),
    extensions(("x-raw-url" = json!(true))))]
pub async fn photo_form(OriginalUri(uri): OriginalUri, lang: Lang) -> Response {
    let shell = Shell::new(lang, &uri, lang.t().photo_title);
    page(StatusCode::OK, &PhotoForm { shell })
}

/// Largest photo accepted.
pub const PHOTO_LIMIT: usize = 5 * 1024 * 1024;

/// The bytes of the multipart field `photo`.
async fn photo_field(multipart: &mut Multipart) -> Result<axum::body::Bytes, ApiError> {
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_upload", e.body_text()))?
    {
        if field.name() == Some("photo") {
            return field.bytes().await.map_err(|e| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    e.body_text(),
                )
            });
        }
    }
    Err(ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_upload",
        "send the image in a form field named photo",
    ))
}

/// A photo upload. Other fields are not read; the document admits none, so a client sends
/// only the photo.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    dead_code,
    reason = "documents the multipart form; the handler reads it as a stream"
)]
pub struct PhotoUpload {
    /// A JPEG or PNG photo of a label, at most 5 MB.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// Decode the QR code in a photo of a label and answer the same verdict as its URL.
#[utoipa::path(post, path = "/verify/photo", tag = "labels",
    params(("lang" = Option<String>, Query, description = "`en` for the page in English")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "The verdict page, or the verdict as JSON with `Accept: application/json`",
            content((String = "text/html"), (Verdict = "application/json"))),
        (status = 422, description = "Not an image (`not_an_image`), or no readable QR code in it (`no_qr_found`; a page with advice)",
            content((ErrorBody = "application/json"), (String = "text/html")))),
    extensions(("x-raw-url" = json!(true))))]
pub async fn photo(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    lang: Lang,
    ApiMultipart(mut multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let bytes = match photo_field(&mut multipart).await {
        Ok(b) => b,
        // A browser gets a page it can retry from; a program gets `{code, message}`.
        Err(e) if crate::http::kit::respond::wants_html(&headers) => {
            return Ok(photo_problem(
                lang,
                &uri,
                e.status,
                lang.t().photo_bad_upload,
            ));
        }
        Err(e) => return Err(e),
    };
    let decoded = tokio::task::spawn_blocking(move || crate::render::decode_photo(&bytes))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            )
        })?;
    let url = match decoded {
        Ok(Some(url)) => url,
        Ok(None) => return Ok(no_qr(lang, &uri, &headers)),
        Err(_) if crate::http::kit::respond::wants_html(&headers) => {
            let t = lang.t();
            return Ok(photo_problem(
                lang,
                &uri,
                StatusCode::UNPROCESSABLE_ENTITY,
                t.photo_not_image,
            ));
        }
        Err(e) => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "not_an_image",
                e,
            ));
        }
    };
    let verdict = s.app.scan_label(SignedLabel::parse_url(&url), None)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    if wants_json(&headers) {
        return Ok(axum::Json(verdict).into_response());
    }
    let label_uri: Uri = url
        .split_once("://")
        .and_then(|(_, r)| r.find('/').map(|i| r[i..].to_owned()))
        .and_then(|p| p.parse().ok())
        .unwrap_or_default();
    let named = s.app.named_batch(&SignedLabel::parse_url(&url))?;
    Ok(page(
        StatusCode::OK,
        &VerdictPage::new(
            &verdict,
            lang,
            &label_uri,
            None,
            named.as_deref(),
            &journey(&s, &verdict)?,
        )
        .with_passport(&s.app, &verdict, lang),
    ))
}

/// An upload a browser sent that is no photo we can read: a page saying so, with a retry.
fn photo_problem(lang: Lang, uri: &Uri, status: StatusCode, line: &'static str) -> Response {
    let t = lang.t();
    let mut n = Notice::new(
        Shell::new(lang, uri, t.photo_title),
        t.photo_title,
        line,
        true,
    );
    n.links.insert(
        0,
        (format!("/verify/photo?lang={}", lang.code()), t.photo_retry),
    );
    page(status, &n)
}

/// A photo without a readable QR code: say how to take a better one.
fn no_qr(lang: Lang, uri: &Uri, headers: &HeaderMap) -> Response {
    let t = lang.t();
    if wants_json(headers) {
        // API clients keep the message they have always had, both languages in one.
        let msg = "Không tìm thấy mã QR trong ảnh. Hãy chụp gần hơn, đủ sáng, giữ máy thẳng. · No QR code found: take the photo closer, in good light, held straight.";
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(serde_json::json!({"code": "no_qr_found", "message": msg})),
        )
            .into_response();
    }
    photo_problem(lang, uri, StatusCode::UNPROCESSABLE_ENTITY, t.photo_no_qr)
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
