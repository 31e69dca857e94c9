//! The photo check: a picture of a label, its QR code decoded on the server, answered with
//! the same verdict as the label's URL.

use crate::http::kit::extract::ApiMultipart;
use crate::http::kit::i18n::Lang;
use crate::http::kit::respond::{Notice, Shell, page, wants_html, wants_json};
use crate::http::public::verdict_page::VerdictPage;
use crate::http::{ApiError, AppState, ErrorBody};
use crate::label::SignedLabel;
use crate::verify::Verdict;
use askama::Template;
use axum::extract::{Multipart, OriginalUri, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

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
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    let url = match read_photo(multipart).await? {
        Ok(url) => url,
        Err(problem) => return refused(lang, &uri, &headers, problem),
    };
    let verdict = s.app.scan_label(SignedLabel::parse_url(&url), None)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    if wants_json(&headers) {
        return Ok(axum::Json(verdict).into_response());
    }
    let facts = s
        .app
        .label_page_facts(&verdict, &SignedLabel::parse_url(&url), true)?;
    let view = VerdictPage::of_label(&verdict, lang, &label_path(&url), None, &facts);
    Ok(page(StatusCode::OK, &view))
}

/// Why a photo gave no label URL.
enum Problem {
    /// The upload itself was unreadable or too large.
    Upload(ApiError),
    /// Not an image the decoder reads.
    NotImage(String),
    /// An image without a readable QR code.
    NoQr,
}

/// The label URL in the uploaded photo, or why there is none.
async fn read_photo(mut multipart: Multipart) -> Result<Result<String, Problem>, ApiError> {
    let bytes = match photo_field(&mut multipart).await {
        Ok(b) => b,
        Err(e) => return Ok(Err(Problem::Upload(e))),
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
    Ok(match decoded {
        Ok(Some(url)) => Ok(url),
        Ok(None) => Err(Problem::NoQr),
        Err(e) => Err(Problem::NotImage(e.to_string())),
    })
}

/// A browser gets a page it can retry from; a program gets `{code, message}`.
fn refused(lang: Lang, uri: &Uri, headers: &HeaderMap, p: Problem) -> Result<Response, ApiError> {
    let t = lang.t();
    match p {
        Problem::Upload(e) if wants_html(headers) => {
            Ok(photo_problem(lang, uri, e.status, t.photo_bad_upload))
        }
        Problem::Upload(e) => Err(e),
        Problem::NoQr => Ok(no_qr(lang, uri, headers)),
        Problem::NotImage(_) if wants_html(headers) => Ok(photo_problem(
            lang,
            uri,
            StatusCode::UNPROCESSABLE_ENTITY,
            t.photo_not_image,
        )),
        Problem::NotImage(e) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_an_image",
            e,
        )),
    }
}

/// The path and query of a decoded label URL, for the page's own links.
fn label_path(url: &str) -> Uri {
    url.split_once("://")
        .and_then(|(_, r)| r.find('/').map(|i| r[i..].to_owned()))
        .and_then(|p| p.parse().ok())
        .unwrap_or_default()
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
