//! A browser never gets an error as JSON when the server fails: whatever handler answered
//! a 500 or 503 with the API's `{code, message}` body, a person who asked for a page gets
//! one in their language instead (a store outage reaches every handler, and each would
//! otherwise need to remember this). API paths keep their JSON.

use super::i18n::Lang;
use super::respond::{Notice, Shell, page, wants_html};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Seconds a browser is asked to wait before retrying during an outage.
const RETRY_AFTER: &str = "30";

/// Middleware: replaces a JSON 500/503 answer to a browser by the matching page.
pub async fn pages_for_people(req: Request, next: Next) -> Response {
    let for_person = wants_html(req.headers()) && !req.uri().path().starts_with("/api/");
    if !for_person {
        return next.run(req).await;
    }
    let lang = Lang::negotiate(req.uri(), req.headers());
    let uri = req.uri().clone();
    let r = next.run(req).await;
    let json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let t = lang.t();
    match r.status() {
        StatusCode::SERVICE_UNAVAILABLE if json => {
            let shell = Shell::new(lang, &uri, t.unavailable_title);
            let mut r = page(
                StatusCode::SERVICE_UNAVAILABLE,
                &Notice::new(shell, t.unavailable_title, t.unavailable_text, true),
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
            r
        }
        StatusCode::INTERNAL_SERVER_ERROR if json => {
            let shell = Shell::new(lang, &uri, t.error_title);
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                &Notice::new(shell, t.error_title, t.error_text, true),
            )
        }
        _ => r,
    }
}
