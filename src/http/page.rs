//! The label URL itself: a verdict as JSON (`Accept: application/json`) or as a small
//! Vietnamese-first HTML page.

use super::ApiError;
use super::AppState;
use super::html::esc;
use crate::label::SignedLabel;
use crate::verify::{Severity, Verdict};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};

/// GET of a label URL.
pub async fn label(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let parsed = SignedLabel::parse_parts(uri.path(), uri.query().unwrap_or(""));
    let verdict = s.app.verify_label(parsed)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains("application/json") {
        return Ok(axum::Json(verdict).into_response());
    }
    let english = uri
        .query()
        .is_some_and(|q| q.split('&').any(|p| p == "lang=en"))
        || headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|l| l.trim_start().starts_with("en"));
    Ok((
        [
            (header::REFERRER_POLICY, "no-referrer"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        Html(render(&verdict, english)),
    )
        .into_response())
}

fn render(v: &Verdict, en: bool) -> String {
    let (colour, icon) = match v.severity {
        Severity::Ok => ("#1b7f3b", "✔"),
        Severity::Notice => ("#1f6fb2", "ℹ"),
        Severity::Warning => ("#b26a00", "!"),
        Severity::Danger => ("#b3261e", "✖"),
    };
    let message = if en { v.message.en } else { v.message.vi };
    let t = |vi: &'static str, en_: &'static str| if en { en_ } else { vi };
    let mut rows = String::new();
    let mut row = |k: &str, val: String| {
        rows.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(k),
            esc(&val)
        ));
    };
    if let Some(p) = &v.product {
        row(t("Sản phẩm", "Product"), p.name.clone());
    }
    if let Some(c) = &v.certificate {
        row(
            t("Hạng OCOP", "OCOP rating"),
            format!("{} ({:?})", "★".repeat(usize::from(c.star)), c.status),
        );
        row(
            t("Giấy chứng nhận", "Certificate"),
            format!(
                "{} — {} — {}",
                c.decision_no, c.decision_date, c.issuing_body
            ),
        );
        row(t("Hiệu lực đến", "Valid until"), c.valid_until.to_string());
    }
    if let Some(sub) = &v.subject {
        row(t("Chủ thể", "Producer"), sub.name.clone());
    }
    if let Some(b) = &v.batch {
        row(t("Lô", "Lot"), b.lot.clone());
        row(t("Vùng nguyên liệu", "Origin"), b.origin.region.clone());
        row(
            t("Ngày sản xuất", "Produced"),
            b.production_date.to_string(),
        );
        row(t("Hạn sử dụng", "Expires"), b.expiry_date.to_string());
    }
    if let (Some(l), Some(b)) = (&v.label, &v.batch) {
        row(
            t("Số thứ tự", "Serial"),
            format!("{}/{}", l.serial, b.quantity),
        );
    }
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>OCOP — {code}</title><style>body{{font-family:sans-serif;margin:0;max-width:30em}}\
.v{{background:{colour};color:#fff;padding:1em;font-size:1.2em}}table{{margin:1em;border-collapse:collapse}}\
th{{text-align:left;padding-right:1em;vertical-align:top}}</style></head>\
<body><div class=\"v\" data-code=\"{code}\">{icon} {message}</div><table>{rows}</table></body></html>",
        lang = if en { "en" } else { "vi" },
        code = v.code.as_str(),
        message = esc(message),
    )
}
