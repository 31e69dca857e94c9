//! A browser never gets an error as JSON when the server fails: whatever handler answered
//! a 500 or 503 with the API's `{code, message}` body, a person who asked for a page gets
//! one in their language instead (a store outage reaches every handler, and each would
//! otherwise need to remember this). API paths keep their JSON.

use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::{Notice, Shell, page, wants_html};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri, header};
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
    failure_page(lang, &uri, &r).unwrap_or(r)
}

/// The page for a server failure answered as JSON; `None` for anything else.
fn failure_page(lang: Lang, uri: &Uri, r: &Response) -> Option<Response> {
    let json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let t = lang.t();
    let (heading, line) = match r.status() {
        _ if !json => return None,
        StatusCode::SERVICE_UNAVAILABLE => (t.unavailable_title, t.unavailable_text),
        StatusCode::INTERNAL_SERVER_ERROR => (t.error_title, t.error_text),
        _ => return None,
    };
    let shell = Shell::new(lang, uri, heading);
    let mut page = page(r.status(), &Notice::new(shell, heading, line, true));
    if r.status() == StatusCode::SERVICE_UNAVAILABLE {
        page.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
    }
    Some(page)
}
