//! The home page, and the answer for unknown URLs (a page for a browser, JSON for a client).

use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::{Shell, page};
use axum::extract::OriginalUri;
use axum::http::StatusCode;
use axum::response::Response;

/// Unknown routes: a 404 page for a browser, JSON `{code, message}` for an API client.
pub async fn not_found(
    OriginalUri(uri): OriginalUri,
    headers: axum::http::HeaderMap,
    lang: Lang,
) -> Response {
    let line = lang.t().not_found_text;
    let msg = "no such route; see /api/v1/openapi.json";
    crate::http::kit::respond::not_found(lang, &uri, &headers, msg, line)
}

/// The home page.
#[derive(askama::Template)]
#[template(path = "home.html")]
struct Home {
    shell: Shell,
}

/// The home page: what the service is and how to check a label.
#[utoipa::path(get, path = "/", tag = "pages",
    params(("lang" = Option<String>, Query, description = "`en` for the page in English")),
    responses((status = 200, description = "The home page", content_type = "text/html", body = String)),
    extensions(("x-raw-url" = json!(true))))]
pub async fn home(OriginalUri(uri): OriginalUri, lang: Lang) -> Response {
    let t = lang.t();
    let shell = Shell::new(lang, &uri, format!("{} — {}", t.home_title, t.site_name));
    page(StatusCode::OK, &Home { shell })
}
