//! What a phone sees: the label URL answers with a verdict page (Vietnamese first) or JSON,
//! counts the scan, takes scratch-off PINs, reports of fakes, and photos of labels.

use super::html::esc;
use super::{ApiError, AppState};
use crate::label::SignedLabel;
use crate::service::{ClaimOutcome, is_bot};
use crate::verify::{Severity, Verdict};
use axum::extract::{ConnectInfo, FromRequestParts, Multipart, OriginalUri, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write;
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

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

fn english(uri: &axum::http::Uri, headers: &HeaderMap) -> bool {
    match uri
        .query()
        .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("lang=")))
    {
        Some(l) => l == "en",
        None => headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.trim_start().starts_with("en")),
    }
}

/// Security headers of every page: no scripts, no third parties, no referrer (the query
/// holds the signature).
fn secure(body: String) -> Response {
    (
        [
            (header::REFERRER_POLICY, "no-referrer"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        Html(body),
    )
        .into_response()
}

/// GET (and HEAD) of a label URL.
pub async fn label(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    method: Method,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
) -> Result<Response, ApiError> {
    let parsed = SignedLabel::parse_parts(uri.path(), uri.query().unwrap_or(""));
    let source = if counts_as_scan(&method, &headers) {
        let ua = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Some(s.app.source_fingerprint(ip, ua, s.app.clock.today())?)
    } else {
        None
    };
    // Microseconds of in-memory work (cached batch facts, one sled counter update): run it
    // inline; a hop to the blocking pool would cost more than the work.
    let verdict = s.app.scan_label(parsed, source)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    if wants_json(&headers) {
        return Ok(axum::Json(verdict).into_response());
    }
    let en = english(&uri, &headers);
    Ok(secure(render(&verdict, en, &uri, None)))
}

/// POST of a scratch-off PIN to a label URL.
pub async fn claim(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let parsed = SignedLabel::parse_parts(uri.path(), uri.query().unwrap_or(""));
    let verdict = s.app.scan_label(parsed, None)?;
    let en = english(&uri, &headers);
    let (Some(batch), Some(label)) = (verdict.batch.as_ref(), verdict.label.as_ref()) else {
        return Ok(secure(render(&verdict, en, &uri, None)));
    };
    if !verdict.code.signature_valid() || !verdict.pin_enabled {
        return Ok(secure(render(&verdict, en, &uri, None)));
    }
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let source = s.app.source_fingerprint(ip, ua, s.app.clock.today())?;
    let pin = form.get("pin").map(String::as_str).unwrap_or("");
    let outcome = match s.app.claim_pin(batch.id, label.serial, pin, source) {
        Ok(o) => o,
        Err(crate::service::ServiceError::Domain(_)) => ClaimOutcome::Wrong { remaining: 0 },
        Err(e) => return Err(e.into()),
    };
    if wants_json(&headers) {
        return Ok(axum::Json(outcome).into_response());
    }
    let fresh = s.app.scan_label(
        SignedLabel::parse_parts(uri.path(), uri.query().unwrap_or("")),
        None,
    )?;
    Ok(secure(render(&fresh, en, &uri, Some(&outcome))))
}

fn stars(n: u8) -> String {
    "★".repeat(usize::from(n))
}

fn date_vn(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The verdict page: banner, product, certificate and rating history, producer, origin,
/// batch, serial, scans, PIN form, report form. Under 30 KB, no external requests.
pub fn render(
    v: &Verdict,
    en: bool,
    uri: &axum::http::Uri,
    claim: Option<&ClaimOutcome>,
) -> String {
    let t = |vi: &'static str, e: &'static str| if en { e } else { vi };
    let (colour, icon) = match v.severity {
        Severity::Ok => ("#1b7f3b", "✔"),
        Severity::Notice => ("#1f6fb2", "ℹ"),
        Severity::Warning => ("#b26a00", "⚠"),
        Severity::Danger => ("#b3261e", "✖"),
    };
    let self_path = format!("{}?{}", uri.path(), uri.query().unwrap_or(""));
    let other_lang = {
        let q: Vec<&str> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.starts_with("lang=") && !p.is_empty())
            .collect();
        format!(
            "{}?{}&lang={}",
            uri.path(),
            q.join("&"),
            if en { "vi" } else { "en" }
        )
    };
    let mut b = String::with_capacity(8 * 1024);
    let _ = write!(
        b,
        "<div class=\"v\" style=\"background:{colour}\" data-code=\"{code}\" role=\"status\"><span class=\"i\">{icon}</span> {msg}</div>\
<p class=\"lang\"><a href=\"{ol}\">{ln}</a></p>",
        code = v.code.as_str(),
        msg = esc(if en { v.message.en } else { v.message.vi }),
        ol = esc(&other_lang),
        ln = if en { "Tiếng Việt" } else { "English" },
    );
    if let Some(c) = claim {
        let (cls, text) = match (c, en) {
            (ClaimOutcome::Claimed { .. }, false) => ("ok", "Mã PIN đúng. Sản phẩm đã được xác nhận chính hãng và ghi nhận lần kích hoạt đầu tiên.".to_owned()),
            (ClaimOutcome::Claimed { .. }, true) => ("ok", "Correct PIN. This unit is confirmed and its first activation recorded.".to_owned()),
            (ClaimOutcome::AlreadyClaimed { at }, false) => ("bad", format!("Mã PIN này đã được kích hoạt ngày {} — có thể là hàng giả hoặc bao bì tái sử dụng.", date_vn(at.date_naive()))),
            (ClaimOutcome::AlreadyClaimed { at }, true) => ("bad", format!("This PIN was already activated on {} — possible counterfeit or reused packaging.", at.date_naive())),
            (ClaimOutcome::Wrong { remaining }, false) => ("bad", format!("Mã PIN không đúng. Còn {remaining} lần thử.")),
            (ClaimOutcome::Wrong { remaining }, true) => ("bad", format!("Wrong PIN. {remaining} attempts left.")),
            (ClaimOutcome::Locked, false) => ("bad", "Đã nhập sai quá nhiều lần. Mã này bị khóa.".to_owned()),
            (ClaimOutcome::Locked, true) => ("bad", "Too many wrong PINs. This code is locked.".to_owned()),
        };
        let _ = write!(b, "<p class=\"{cls}\" data-claim>{}</p>", esc(&text));
    }
    b.push_str("<dl>");
    let mut row = |k: &str, val: &str| {
        let _ = write!(b, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(val));
    };
    if let Some(p) = &v.product {
        row(t("Sản phẩm", "Product"), &p.name);
        if let Some(g) = crate::domain::Rules::get().group(&p.group) {
            row(t("Nhóm", "Group"), if en { &g.en } else { &g.vi });
        }
    }
    if let Some(c) = &v.certificate {
        let status = match (c.status, en) {
            (crate::domain::CertStatus::Active, false) => "còn hiệu lực",
            (crate::domain::CertStatus::Expiring, false) => "sắp hết hạn",
            (crate::domain::CertStatus::Expired, false) => "đã hết hạn",
            (crate::domain::CertStatus::Revoked, false) => "đã bị thu hồi",
            (crate::domain::CertStatus::Superseded, false) => "đã được thay thế",
            (s, true) => match s {
                crate::domain::CertStatus::Active => "active",
                crate::domain::CertStatus::Expiring => "expiring",
                crate::domain::CertStatus::Expired => "expired",
                crate::domain::CertStatus::Revoked => "revoked",
                crate::domain::CertStatus::Superseded => "superseded",
            },
        };
        let potential = if c.potential_5_star {
            t(" (tiềm năng 5 sao)", " (potential 5★)")
        } else {
            ""
        };
        row(
            t("Hạng OCOP", "OCOP rating"),
            &format!("{}{potential} — {status}", stars(c.star)),
        );
        row(
            t("Giấy chứng nhận", "Certificate"),
            &format!(
                "{} {} {} — {}",
                c.decision_no,
                t("ngày", "of"),
                date_vn(c.decision_date),
                c.issuing_body
            ),
        );
        row(t("Hiệu lực đến", "Valid until"), &date_vn(c.valid_until));
    }
    if v.history.len() > 1 {
        let h: Vec<String> = v
            .history
            .iter()
            .map(|c| format!("{} {}", stars(c.star), date_vn(c.decision_date)))
            .collect();
        row(t("Lịch sử xếp hạng", "Rating history"), &h.join(" → "));
    }
    if let Some(s) = &v.subject {
        row(
            t("Chủ thể", "Producer"),
            &format!(
                "{} ({})",
                s.name,
                if en {
                    format!("{:?}", s.kind)
                } else {
                    s.kind.vi().to_owned()
                }
            ),
        );
        let a = &s.address;
        let addr: Vec<&str> = [
            a.street.as_deref(),
            a.commune.as_deref(),
            a.district.as_deref(),
            Some(a.province.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        row(t("Địa chỉ", "Address"), &addr.join(", "));
    }
    if let Some(bt) = &v.batch {
        row(
            t("Vùng nguyên liệu", "Raw-material origin"),
            &bt.origin.region,
        );
        row(t("Lô", "Lot"), &bt.lot);
        row(t("Ngày sản xuất", "Produced"), &date_vn(bt.production_date));
        row(t("Hạn sử dụng", "Expires"), &date_vn(bt.expiry_date));
        if let Some(l) = &v.label {
            row(
                t("Số thứ tự", "Serial"),
                &format!("{}/{}", l.serial, bt.quantity),
            );
        }
    }
    if let Some(r) = &v.recall {
        row(
            t("Thu hồi", "Recall"),
            &format!("{} — {}", date_vn(r.date), r.reason),
        );
    }
    if let Some(sc) = &v.scans {
        let first = sc
            .first
            .map(|f| date_vn(f.date_naive()))
            .unwrap_or_default();
        let text = if en {
            format!(
                "This label has been scanned {} times; first on {first}.",
                sc.count
            )
        } else {
            format!(
                "Tem này đã được quét {} lần; lần đầu ngày {first}.",
                sc.count
            )
        };
        row(t("Lượt quét", "Scans"), &text);
    }
    if let Some(i) = v.log_index {
        row(
            t("Sổ công khai", "Public log"),
            &format!("{} #{i}", t("ghi nhận tại mục", "recorded as entry")),
        );
    }
    b.push_str("</dl>");
    if v.pin_enabled && v.code.signature_valid() {
        match v.claimed_at {
            Some(at) if claim.is_none() => {
                let _ = write!(
                    b,
                    "<p class=\"note\">{} {}</p>",
                    t(
                        "Mã PIN của tem này đã được kích hoạt ngày",
                        "This label's PIN was activated on"
                    ),
                    date_vn(at.date_naive())
                );
            }
            _ => {}
        }
        let _ = write!(
            b,
            "<form method=\"post\" action=\"{}\"><label>{} <input name=\"pin\" inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"10\" size=\"10\"></label> <button>{}</button></form>",
            esc(&self_path),
            t("Mã PIN dưới lớp cào:", "PIN under the scratch-off:"),
            t("Kiểm tra", "Check")
        );
    }
    let _ = write!(
        b,
        "<details><summary>{}</summary><form method=\"post\" action=\"/report\"><input type=\"hidden\" name=\"label\" value=\"{}\">\
<p><textarea name=\"text\" rows=\"3\" maxlength=\"2000\" required placeholder=\"{}\"></textarea></p><p><input name=\"place\" maxlength=\"200\" placeholder=\"{}\"></p><button>{}</button></form></details>",
        t("Báo nghi vấn hàng giả", "Report a suspected fake"),
        esc(&self_path),
        t("Điều gì có vẻ không đúng?", "What looks wrong?"),
        t("Nơi mua (không bắt buộc)", "Place of purchase (optional)"),
        t("Gửi", "Send")
    );
    let _ = write!(
        b,
        "<p class=\"small\"><a href=\"/verify/photo\">{}</a> · {}</p>",
        t("Kiểm tra bằng ảnh chụp tem", "Check a photo of a label"),
        esc(&v.detail)
    );
    page_shell(
        if en { "en" } else { "vi" },
        &format!("OCOP — {}", v.code.as_str()),
        &b,
    )
}

/// The shell of shopper pages (inline CSS, no scripts).
pub fn page_shell(lang: &str, title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{}</title><style>body{{font-family:system-ui,sans-serif;margin:0;max-width:32em;color:#1d1d1f}}\
.v{{color:#fff;padding:1em;font-size:1.15em;line-height:1.4}}.i{{font-size:1.4em}}.lang{{text-align:right;margin:.3em .8em}}\
dl{{margin:.5em .8em}}dt{{font-weight:600;margin-top:.5em}}dd{{margin:0}}form,details,p.small,p.note,p.ok,p.bad{{margin:.8em}}\
p.ok{{color:#1b7f3b;font-weight:600}}p.bad{{color:#b3261e;font-weight:600}}textarea,input{{width:95%;font-size:1em}}\
button{{font-size:1em;padding:.4em 1em}}.small{{font-size:.8em;color:#666}}a{{color:#1f6fb2}}</style></head><body>{body}</body></html>",
        esc(title)
    )
}

/// POST /report — a shopper's report of a suspected fake (no account needed).
pub async fn report(
    State(s): State<AppState>,
    headers: HeaderMap,
    ClientIp(ip): ClientIp,
    axum::Form(form): axum::Form<std::collections::HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let source = s.app.source_fingerprint(ip, ua, s.app.clock.today())?;
    let en = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|l| l.starts_with("en"));
    let text = form.get("text").map(String::as_str).unwrap_or("");
    let stored = s.app.report_fake(
        source,
        form.get("label").map(String::as_str),
        text,
        form.get("place").map(String::as_str),
    )?;
    let (status, msg) = match (stored.is_some(), en) {
        (true, false) => (
            StatusCode::CREATED,
            "Cảm ơn bạn. Báo cáo đã được gửi tới cơ quan quản lý OCOP của tỉnh.",
        ),
        (true, true) => (
            StatusCode::CREATED,
            "Thank you. Your report was sent to the province's OCOP office.",
        ),
        (false, false) => (
            StatusCode::TOO_MANY_REQUESTS,
            "Bạn đã gửi nhiều báo cáo. Vui lòng thử lại sau.",
        ),
        (false, true) => (
            StatusCode::TOO_MANY_REQUESTS,
            "You have sent several reports. Please try again later.",
        ),
    };
    if wants_json(&headers) {
        let body = serde_json::json!({"code": if stored.is_some() { "report_received" } else { "rate_limited" }, "message": msg});
        return Ok((status, axum::Json(body)).into_response());
    }
    let mut r = secure(page_shell(
        if en { "en" } else { "vi" },
        "OCOP",
        &format!("<p class=\"ok\">{}</p>", esc(msg)),
    ));
    *r.status_mut() = status;
    Ok(r)
}

/// GET /verify/photo — the upload form.
pub async fn photo_form() -> Response {
    secure(page_shell(
        "vi",
        "OCOP — ảnh tem",
        "<form method=\"post\" action=\"/verify/photo\" enctype=\"multipart/form-data\"><p>Chụp ảnh tem OCOP và tải lên để kiểm tra · Upload a photo of the label</p>\
<input type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\" capture=\"environment\"> <button>Kiểm tra · Check</button></form>",
    ))
}

/// Largest photo accepted.
pub const PHOTO_LIMIT: usize = 5 * 1024 * 1024;

/// POST /verify/photo — decode the QR in a photo, then show the same verdict.
pub async fn photo(
    State(s): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let mut bytes = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_upload", e.body_text()))?
    {
        if field.name() == Some("photo") {
            let data = field.bytes().await.map_err(|e| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    e.body_text(),
                )
            })?;
            bytes = Some(data);
            break;
        }
    }
    let Some(bytes) = bytes else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_upload",
            "send the image in a form field named photo",
        ));
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
        Ok(None) => {
            let msg = "Không tìm thấy mã QR trong ảnh. Hãy chụp gần hơn, đủ sáng, giữ máy thẳng. · No QR code found: take the photo closer, in good light, held straight.";
            if wants_json(&headers) {
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    axum::Json(serde_json::json!({"code": "no_qr_found", "message": msg})),
                )
                    .into_response());
            }
            let mut r = secure(page_shell(
                "vi",
                "OCOP",
                &format!(
                    "<p class=\"bad\">{}</p><p><a href=\"/verify/photo\">↺</a></p>",
                    esc(msg)
                ),
            ));
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(r);
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
    let uri: axum::http::Uri = url
        .split_once("://")
        .and_then(|(_, r)| r.find('/').map(|i| r[i..].to_owned()))
        .and_then(|p| p.parse().ok())
        .unwrap_or_default();
    Ok(secure(render(&verdict, false, &uri, None)))
}
