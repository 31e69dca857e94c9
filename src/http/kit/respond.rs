//! The one way a page leaves the server: rendered from a template inside the shared layout,
//! with the security headers every page carries. Also the shell's static files and the
//! pages that answer for unknown URLs.

use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, switch_href};
use crate::http::{ApiError, ErrorBody};
use askama::Template;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// No scripts at all, styles only from our own stylesheet, forms only to ourselves, never
/// framed. Label URLs carry the signature in the query, hence no referrer. `connect-src
/// 'self'` grants nothing a page can use (no script runs) but lets audit tools such as
/// Lighthouse fetch /robots.txt from within the page.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What the layout needs from every page: language, title, and the way to the other language.
#[derive(Debug, Clone)]
pub struct Shell {
    /// The page's language.
    pub lang: Lang,
    /// The interface sentences in that language.
    pub t: &'static Catalogue,
    /// The `<title>`.
    pub title: String,
    /// This same URL in the other language.
    pub switch_href: String,
    /// Wide pages (dashboard) get a wider column than a phone-first verdict.
    pub wide: bool,
    /// The province office named in the footer and in advice.
    pub office: std::sync::Arc<crate::ops::Office>,
    /// A console page: the footer's sign-in entry would point where the person already is.
    pub console: bool,
}

impl Shell {
    /// A shell for the page at `uri`.
    pub fn new(lang: Lang, uri: &Uri, title: impl Into<String>) -> Self {
        Self {
            lang,
            t: lang.t(),
            title: title.into(),
            switch_href: switch_href(uri, lang.other()),
            wide: false,
            office: crate::http::kit::office::current(),
            console: uri.path().starts_with("/console"),
        }
    }

    /// True when the office has a logo to show beside its name.
    pub fn has_logo(&self) -> bool {
        self.office.logo.is_some()
    }

    /// The office's name in the page's language.
    pub fn office_name(&self) -> &str {
        self.office.name_in(self.lang == Lang::En)
    }

    /// The same shell with the wide column.
    pub fn wide(mut self) -> Self {
        self.wide = true;
        self
    }
}

/// Renders a page template and sets the security headers. A template that fails to render
/// (it cannot, short of a formatting bug) answers 500 rather than half a page.
pub fn page(status: StatusCode, template: &impl Template) -> Response {
    let body = match template.render() {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "page template failed");
            return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
        }
    };
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    r
}

/// An API client that asked for JSON and not for a page.
pub fn wants_json(headers: &HeaderMap) -> bool {
    accept(headers).is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

/// A browser: it lists `text/html` in `Accept`.
pub fn wants_html(headers: &HeaderMap) -> bool {
    accept(headers).is_some_and(|a| a.contains("text/html"))
}

fn accept(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())
}

/// A short page: a heading, sentences, and links onward. Errors, thanks, notices.
#[derive(Template)]
#[template(path = "notice.html")]
pub struct Notice {
    /// The layout.
    pub shell: Shell,
    /// The heading.
    pub heading: &'static str,
    /// The sentences under it.
    pub lines: Vec<String>,
    /// True when the message reports a problem (shown in red).
    pub bad: bool,
    /// Links onward: (href, text).
    pub links: Vec<(String, &'static str)>,
}

impl Notice {
    /// A notice with a link back home.
    pub fn new(shell: Shell, heading: &'static str, line: impl Into<String>, bad: bool) -> Self {
        let home = (format!("/?lang={}", shell.lang.code()), shell.t.back_home);
        Self {
            shell,
            heading,
            lines: vec![line.into()],
            bad,
            links: vec![home],
        }
    }
}

/// A 404: the page saying `line` for a browser, JSON `{code, message}` for anyone else.
pub fn not_found(
    lang: Lang,
    uri: &Uri,
    headers: &HeaderMap,
    message: &str,
    line: &'static str,
) -> Response {
    if !wants_html(headers) {
        return ApiError::not_found(message).into_response();
    }
    let t = lang.t();
    let shell = Shell::new(lang, uri, t.not_found_title);
    page(
        StatusCode::NOT_FOUND,
        &Notice::new(shell, t.not_found_title, line, true),
    )
}

/// 429 with `Retry-After`: a page for a browser, `{code: "rate_limited", message}` else.
pub fn too_many(lang: Lang, uri: &Uri, headers: &HeaderMap, retry_after: u64) -> Response {
    let t = lang.t();
    let mut r = if wants_html(headers) {
        let shell = Shell::new(lang, uri, t.busy_title);
        page(
            StatusCode::TOO_MANY_REQUESTS,
            &Notice::new(shell, t.busy_title, t.busy_text, true),
        )
    } else {
        let body = ErrorBody {
            code: "rate_limited".into(),
            message: "too many requests from this network; retry after the given seconds".into(),
        };
        (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// The one stylesheet of every page.
#[utoipa::path(get, path = "/assets/site.css", tag = "pages",
    responses((status = 200, description = "The stylesheet", content_type = "text/css; charset=utf-8", body = String)))]
pub async fn stylesheet() -> Response {
    static_file(
        "text/css; charset=utf-8",
        include_str!("../../../templates/site.css"),
    )
}

/// The site icon: a small SVG (browsers accept it by its content type).
#[utoipa::path(get, path = "/favicon.ico", tag = "pages",
    responses((status = 200, description = "The icon", content_type = "image/svg+xml", body = String)))]
pub async fn favicon() -> Response {
    static_file(
        "image/svg+xml",
        include_str!("../../../templates/favicon.svg"),
    )
}

/// The configured office's logo (`office_logo`), from this origin; 404 when none is set.
#[utoipa::path(get, path = "/assets/office-logo", tag = "pages",
    responses((status = 200, description = "The office's logo", content_type = "image/png", body = Vec<u8>),
        (status = 404, description = "No logo is configured", body = ErrorBody)))]
pub async fn office_logo() -> Response {
    match crate::http::kit::office::current().logo.as_ref() {
        Some(logo) => logo_response(logo.content_type, &logo.bytes),
        None => ApiError::not_found("no office logo is configured").into_response(),
    }
}

/// The logo's bytes, cached for a day; an SVG opened on its own runs nothing and loads
/// nothing.
fn logo_response(content_type: &'static str, bytes: &[u8]) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CACHE_CONTROL, "public, max-age=86400"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'",
        ),
    ];
    (headers, axum::body::Bytes::from(bytes.to_vec())).into_response()
}

/// Crawlers may read the catalogue, not individual labels or the API.
#[utoipa::path(get, path = "/robots.txt", tag = "pages",
    responses((status = 200, description = "robots.txt", content_type = "text/plain; charset=utf-8", body = String)))]
pub async fn robots() -> Response {
    static_file(
        "text/plain; charset=utf-8",
        "User-agent: *\nDisallow: /l/\nDisallow: /01/*/21/\nDisallow: /api/\nDisallow: /report\nDisallow: /verify/\n",
    )
}

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
