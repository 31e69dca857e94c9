//! Passport routes: a product's content, photos and conformity documents (API), and the
//! media files public pages show, served same-origin, immutable and content-addressed.

use crate::domain::{ContentInput, Document, ProductContent};
use crate::http::kit::error::{Conflict, Forbidden, NotFound};
use crate::http::kit::extract::{ApiJson, ApiPath, Auth, Writer};
use crate::http::kit::upload::{
    DOCUMENT_FIELDS, DocumentUpload, PHOTO_FIELDS, PhotoUpload, document_facts, read_upload,
};
use crate::http::{ApiError, AppState, blocking};
use crate::service::ContentView;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A product's passport: content, documents (confirmed or not) and the label fields missing.
#[utoipa::path(get, path = "/api/v1/products/{id}/content", tag = "producer",
    params(("id" = u64, Path, description = "Product id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = ContentView),
        (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
pub async fn get_content(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<ContentView>, ApiError> {
    Ok(axum::Json(s.app.content_view(&who, id)?))
}

/// Replace a product's text content (story, ingredients, usage, storage, net quantity,
/// warnings, group label fields). Photos stay.
#[utoipa::path(put, path = "/api/v1/products/{id}/content", tag = "producer",
    params(("id" = u64, Path, description = "Product id")), request_body = ContentInput,
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = ProductContent),
        (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
pub async fn put_content(
    State(s): State<AppState>,
    Writer(who): Writer,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<axum::Json<ProductContent>, ApiError> {
    let body = content_input(body)?;
    let app = s.app.clone();
    Ok(axum::Json(
        blocking(move || app.set_content_text(&who, id, body)).await?,
    ))
}

/// The content of a PUT: serde would read a struct of optional fields from an array too, so
/// only an object is one.
fn content_input(body: serde_json::Value) -> Result<ContentInput, ApiError> {
    let invalid = |m: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", m);
    if !body.is_object() {
        return Err(invalid("the content is a JSON object".into()));
    }
    serde_json::from_value(body).map_err(|e| invalid(e.to_string()))
}

/// Refuses a caller who may not edit the product, or uploads too often, before the upload
/// is read.
async fn may_edit(s: &AppState, who: &crate::domain::Principal, id: u64) -> Result<(), ApiError> {
    let (app, who) = (s.app.clone(), who.clone());
    blocking(move || app.admit_upload(&who, id)).await
}

/// Add a photo: re-encoded as JPEG in two sizes (about 1200 and 320 px), metadata removed.
#[utoipa::path(post, path = "/api/v1/products/{id}/photos", tag = "producer",
    params(("id" = u64, Path, description = "Product id")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 201, description = "Created: the content with the new photo", body = ProductContent),
        (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, description = "Not an image (`invalid_image`), over 5 MB (`file_too_large`), too many pixels (`image_too_large`), or a seventh photo (`too_many_photos`)", body = crate::http::ErrorBody),
        (status = 429, response = crate::http::kit::error::TooManyRequests)))]
pub async fn add_photo(
    State(s): State<AppState>,
    Writer(who): Writer,
    ApiPath(id): ApiPath<u64>,
    req: Request,
) -> Result<(StatusCode, axum::Json<ProductContent>), ApiError> {
    may_edit(&s, &who, id).await?;
    let (_, bytes) = read_upload(req, &s, "photo", PHOTO_FIELDS, "the image").await?;
    let app = s.app.clone();
    let c = blocking(move || app.add_photo(&who, id, &bytes)).await?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

/// Remove a photo.
#[utoipa::path(delete, path = "/api/v1/products/{id}/photos/{photo}", tag = "producer",
    params(("id" = u64, Path, description = "Product id"),
        ("photo" = String, Path, description = "Photo id (the SHA-256 of its large size)")),
    security(("bearer" = [])),
    responses((status = 200, description = "Success: the content without the photo", body = ProductContent),
        (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
pub async fn remove_photo(
    State(s): State<AppState>,
    Writer(who): Writer,
    ApiPath((id, photo)): ApiPath<(u64, String)>,
) -> Result<axum::Json<ProductContent>, ApiError> {
    let app = s.app.clone();
    Ok(axum::Json(
        blocking(move || app.remove_photo(&who, id, &photo)).await?,
    ))
}

/// Add a conformity document (food-safety certificate, declaration of conformity, test
/// report) with its file. It shows publicly once an inspector confirms it.
#[utoipa::path(post, path = "/api/v1/products/{id}/documents", tag = "producer",
    params(("id" = u64, Path, description = "Product id")),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Document),
        (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 422, description = "A field or the file is not acceptable", body = crate::http::ErrorBody),
        (status = 429, response = crate::http::kit::error::TooManyRequests)))]
pub async fn add_document(
    State(s): State<AppState>,
    Writer(who): Writer,
    ApiPath(id): ApiPath<u64>,
    req: Request,
) -> Result<(StatusCode, axum::Json<Document>), ApiError> {
    may_edit(&s, &who, id).await?;
    let (fields, bytes) = read_upload(req, &s, "file", DOCUMENT_FIELDS, "the document").await?;
    let facts = document_facts(&fields)?;
    let app = s.app.clone();
    let d = blocking(move || app.add_document(&who, id, facts, &bytes)).await?;
    Ok((StatusCode::CREATED, axum::Json(d)))
}

/// Confirm a document (inspectors): from now on it shows on the product's public pages.
#[utoipa::path(post, path = "/api/v1/products/{id}/documents/{doc}/confirm", tag = "producer",
    params(("id" = u64, Path, description = "Product id"), ("doc" = u64, Path, description = "Document id")),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Document),
        (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 409, response = Conflict)))]
pub async fn confirm_document(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath((id, doc)): ApiPath<(u64, u64)>,
) -> Result<axum::Json<Document>, ApiError> {
    let app = s.app.clone();
    Ok(axum::Json(
        blocking(move || app.confirm_document(&who, id, doc)).await?,
    ))
}

/// A photo or document file by the SHA-256 of its bytes: immutable, cached for a year.
#[utoipa::path(get, path = "/media/{file}", tag = "pages",
    params(("file" = String, Path, description = "`{sha256}.jpg` or `{sha256}.pdf`")),
    responses((status = 200, description = "The file", content_type = "image/jpeg", body = Vec<u8>),
        (status = 304, description = "Not modified (If-None-Match)"),
        (status = 404, description = "No such file", body = crate::http::ErrorBody)))]
pub async fn media(
    State(s): State<AppState>,
    headers: HeaderMap,
    crate::http::kit::session::Viewer(viewer): crate::http::kit::session::Viewer,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Result<Response, ApiError> {
    let (hash, ext) = file.rsplit_once('.').ok_or_else(no_media)?;
    let (app, wanted) = (s.app.clone(), hash.to_owned());
    let found = blocking(move || app.media_file(&wanted, viewer.as_ref())).await?;
    match found {
        Some(file) if ext == extension(&file) => Ok(media_response(file, hash, &headers)),
        _ => Err(no_media()),
    }
}

fn no_media() -> ApiError {
    ApiError::not_found("no such media file")
}

/// The extension a media file is served under: a hash with the wrong one is no file.
fn extension(file: &crate::service::MediaFile) -> &'static str {
    if file.mime == "application/pdf" {
        "pdf"
    } else {
        "jpg"
    }
}

/// A media file as served: immutable by its hash (304 to a matching `If-None-Match`),
/// cached publicly only when anyone may see it, and never able to run a script.
fn media_response(file: crate::service::MediaFile, hash: &str, headers: &HeaderMap) -> Response {
    let etag = format!("\"{hash}\"");
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut r = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, file.bytes).into_response()
    };
    let h = r.headers_mut();
    if !matches {
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.mime));
    }
    // A document not yet confirmed is for a few people: no shared cache may keep it.
    let cache = if file.public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A PDF opens in the browser's viewer with no script and no way to reach the site.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    r
}
