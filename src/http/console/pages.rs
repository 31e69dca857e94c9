//! What every console page shares: the bar with the person's name and the sign-out form,
//! redirects, and the refusal and error pages (pages in the person's language, never JSON).

use crate::http::ApiError;
use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::{Notice, Shell, page};
use crate::service::Person;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// The console bar: who is signed in, and the sign-out form with its CSRF token.
#[derive(Debug, Clone)]
pub struct Nav {
    /// "Signed in as …".
    pub line: String,
    pub csrf: String,
    /// The person's role may use two-step verification: the bar links to its page.
    pub totp: bool,
}

impl Nav {
    /// The bar of a view test: signed in as `name`, token `c`, no two-step link.
    #[cfg(test)]
    pub fn for_test(name: &str) -> Self {
        Self {
            line: name.to_owned(),
            csrf: "c".into(),
            totp: false,
        }
    }

    /// The bar for a signed-in person.
    pub fn of(lang: Lang, p: &Person) -> Self {
        Self {
            line: crate::http::kit::i18n::fill(lang.t().signed_in_as, &[&p.account.display_name]),
            csrf: p.session.csrf.clone(),
            totp: crate::service::totp_role(p.account.role),
        }
    }
}

/// A console path with the page language kept (`/console/x?lang=vi`).
pub fn href(lang: Lang, path: &str) -> String {
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}lang={}", lang.code())
}

/// 303 See Other to `to` (post/redirect/get).
pub fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Where a request without a live session goes.
pub fn sign_in_redirect(lang: Lang) -> Response {
    redirect(&href(lang, "/console/sign-in"))
}

fn notice(lang: Lang, status: StatusCode, heading: &'static str, line: &str) -> Response {
    let uri = Uri::from_static("/console");
    let t = lang.t();
    let mut n = Notice::new(Shell::new(lang, &uri, heading), heading, line, true);
    n.links = vec![(href(lang, "/console"), t.back_console)];
    page(status, &n)
}

/// The page for anything the person may not see, or that does not exist: the same page for
/// both, so that a producer learns nothing about another subject's records.
pub fn refused(lang: Lang) -> Response {
    let t = lang.t();
    notice(lang, StatusCode::NOT_FOUND, t.refused_title, t.refused_text)
}

/// A state-changing form without its CSRF token (or with another session's).
pub fn refused_csrf(lang: Lang) -> Response {
    let t = lang.t();
    notice(lang, StatusCode::FORBIDDEN, t.csrf_title, t.csrf_text)
}

/// A form body that does not read as the form (a field missing, a number that is none).
pub fn unreadable_form(lang: Lang) -> Response {
    let t = lang.t();
    notice(
        lang,
        StatusCode::BAD_REQUEST,
        t.unreadable_title,
        t.unreadable_text,
    )
}

/// The page for a failure that is not the person's doing; the cause goes to the log.
pub fn failed(lang: Lang, e: &ApiError) -> Response {
    tracing::error!(code = %e.code, error = %e.message, "console request failed");
    let t = lang.t();
    if e.status == StatusCode::SERVICE_UNAVAILABLE {
        return notice(
            lang,
            StatusCode::SERVICE_UNAVAILABLE,
            t.unavailable_title,
            t.unavailable_text,
        );
    }
    notice(
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        t.error_title,
        t.error_text,
    )
}

/// The page for a service refusal that is not a form's field error.
pub fn service_page(lang: Lang, e: &ApiError) -> Response {
    match e.status {
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => refused(lang),
        _ => failed(lang, e),
    }
}

/// The id in a console path; an id that is not a number is the refusal page, not text.
pub struct IdPath(pub u64);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for IdPath {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        s: &S,
    ) -> Result<Self, Response> {
        let lang = Lang::negotiate(&parts.uri, &parts.headers);
        axum::extract::Path::<u64>::from_request_parts(parts, s)
            .await
            .map(|p| Self(p.0))
            .map_err(|_| refused(lang))
    }
}
