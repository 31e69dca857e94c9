//! A shopper's report of a suspected fake: stored with the network's fingerprint (a few a
//! day per network), answered with a page in the shopper's language or JSON.

use crate::http::kit::extract::{ApiForm, ClientIp};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::{Notice, Shell, page, wants_html, wants_json};
use crate::http::public::label::user_agent;
use crate::http::{ApiError, AppState, ErrorBody, blocking};
use crate::service::{App, ScanSource, ServiceError};
use axum::extract::{OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// The report form's fields, read by name.
type Fields = std::collections::HashMap<String, String>;

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
    let today = s.app.clock.today();
    let source = s.app.source_fingerprint(ip, user_agent(&headers), today)?;
    let back = form.get("label").cloned();
    let app = s.app.clone();
    let stored = blocking(move || Ok(file_report(&app, source, &form))).await?;
    answer(lang, &uri, &headers, back, stored)
}

/// Stores the report the form describes.
fn file_report(
    app: &App,
    source: ScanSource,
    form: &Fields,
) -> Result<Option<crate::domain::Report>, ServiceError> {
    let field = |k: &str| form.get(k).map(String::as_str);
    app.report_fake(
        source,
        field("label"),
        field("text").unwrap_or(""),
        field("place"),
        field("phone"),
    )
}

/// The answer to a report: thanks and its number, the network's limit reached, or (for a
/// browser) what to correct, with the way back to the label page it came from.
fn answer(
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
    back: Option<String>,
    stored: Result<Option<crate::domain::Report>, ServiceError>,
) -> Result<Response, ApiError> {
    let t = lang.t();
    // Only a path on this site: "//host" would lead the shopper elsewhere.
    let back = back.filter(|l| l.starts_with('/') && !l.starts_with("//"));
    let stored = match stored {
        Ok(r) => r,
        // A browser gets a page in its language, with the way back to the form.
        Err(ServiceError::Domain(e)) if wants_html(headers) => {
            let line = if e.to_string().starts_with("phone") {
                t.report_bad_phone
            } else {
                t.report_what
            };
            let shell = Shell::new(lang, uri, t.report_summary);
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
    if wants_json(headers) {
        let mut body = serde_json::json!({"code": code, "message": msg});
        if let Some(r) = &reference {
            body["reference"] = serde_json::json!(r);
        }
        return Ok((status, axum::Json(body)).into_response());
    }
    let shell = Shell::new(lang, uri, t.report_summary);
    let mut notice = Notice::new(shell, t.report_summary, msg, stored.is_none());
    if let Some(r) = &reference {
        notice.lines.push(fill(t.report_reference, &[r]));
    }
    if let Some(label) = back {
        notice.links.insert(0, (label, t.back_to_label));
    }
    Ok(page(status, &notice))
}
