//! What a phone sees: the label URL answers with a verdict page (Vietnamese first) or JSON,
//! counts the scan, takes scratch-off PINs, reports of fakes, and photos of labels.

use super::i18n::Lang;
use super::respond::{Notice, Shell, page, wants_json};
use super::verdict_page::{PinAnswer, VerdictPage};
use super::{ApiError, AppState, blocking, resolver};
use crate::label::SignedLabel;
use crate::service::{ServiceError, is_bot};
use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, Multipart, OriginalUri, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

/// The client's address: the socket peer, or the first `X-Forwarded-For` hop when the
/// server is configured to trust its reverse proxy.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, ApiError> {
        if s.app.trust_forwarded
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .and_then(|v| v.trim().parse().ok())
        {
            return Ok(Self(Some(ip)));
        }
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

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
pub async fn label(
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
        &VerdictPage::new(&verdict, lang, &uri, None, named.as_deref()),
    ))
}

/// POST of a scratch-off PIN to a label URL.
pub async fn claim(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let verdict = s.app.scan_label(parse(&uri), None)?;
    let (batch, serial) = match (&verdict.batch, &verdict.label) {
        (Some(b), Some(l)) if verdict.code.signature_valid() && verdict.pin_enabled => {
            (b.id, l.serial)
        }
        _ => {
            let named = s.app.named_batch(&parse(&uri))?;
            let view = VerdictPage::new(&verdict, lang, &uri, None, named.as_deref());
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
        &VerdictPage::new(&fresh, lang, &uri, Some(answer), named.as_deref()),
    ))
}

/// POST /report — a shopper's report of a suspected fake (no account needed).
pub async fn report(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    lang: Lang,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let source = s
        .app
        .source_fingerprint(ip, user_agent(&headers), s.app.clock.today())?;
    let back = form.get("label").cloned();
    let app = s.app.clone();
    let stored = blocking(move || {
        let field = |k: &str| form.get(k).map(String::as_str);
        app.report_fake(
            source,
            field("label"),
            field("text").unwrap_or(""),
            field("place"),
        )
    })
    .await?;
    let t = lang.t();
    let (status, code, msg) = if stored.is_some() {
        (StatusCode::CREATED, "report_received", t.report_thanks)
    } else {
        (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            t.report_limited,
        )
    };
    if wants_json(&headers) {
        let body = serde_json::json!({"code": code, "message": msg});
        return Ok((status, axum::Json(body)).into_response());
    }
    let shell = Shell::new(lang, &uri, t.report_summary);
    let mut notice = Notice::new(shell, t.report_summary, msg, stored.is_none());
    // Only a path on this site: "//host" would lead the shopper elsewhere.
    if let Some(label) = back.filter(|l| l.starts_with('/') && !l.starts_with("//")) {
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

/// GET /verify/photo — the upload form.
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

/// POST /verify/photo — decode the QR in a photo, then show the same verdict.
pub async fn photo(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    lang: Lang,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let bytes = match photo_field(&mut multipart).await {
        Ok(b) => b,
        Err(e) if !wants_json(&headers) => {
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
        Err(_) if !wants_json(&headers) => {
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
        &VerdictPage::new(&verdict, lang, &label_uri, None, named.as_deref()),
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
