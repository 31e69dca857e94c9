//! The console's passport uploads: a photo, a conformity document (multipart, with the
//! session's CSRF token as a field), and removing a photo. A refused upload is the editing
//! page again, in the person's language, with the reason beside the form that sent it.

use super::pages::{IdPath, service_page};
use super::passport::{back, with_error};
use super::session::SignedIn;
use crate::http::kit::upload::{DOCUMENT_FIELDS, PHOTO_FIELDS, document_facts, read_multipart};
use crate::http::{ApiError, AppState, blocking};
use axum::extract::{FromRequest, OriginalUri, Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::HashMap;

/// The sentence for an upload the service (or the reader) refused.
fn upload_sentence(lang: crate::http::kit::i18n::Lang, e: &ApiError) -> Option<&'static str> {
    let t = lang.t();
    Some(match e.code.as_str() {
        "invalid_image" => t.cc_err_not_image,
        "file_too_large" | "payload_too_large" => t.cc_err_too_big,
        "image_too_large" => t.cc_err_pixels,
        "too_many_photos" => t.cc_err_too_many,
        "photo_exists" => t.cc_err_duplicate,
        "no_file" => t.cc_err_no_file,
        "invalid_document" if e.message.contains("PDF") => t.cc_err_doc_file,
        "invalid_document" | "invalid_text" => t.cc_err_doc_fields,
        "invalid_date" => t.cc_err_doc_dates,
        "rate_limited" => t.cc_err_too_often,
        _ => return None,
    })
}

/// Reads a multipart body after checking the person may edit the product; `Err` is the
/// response to give (refusal, or the page with the reason).
async fn read(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    req: Request,
    file_field: &str,
    allowed: &[&str],
) -> Result<(HashMap<String, String>, Option<Vec<u8>>), ApiError> {
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    blocking(move || app.admit_upload(&p, id)).await?;
    let mp = axum::extract::Multipart::from_request(req, s)
        .await
        .map_err(ApiError::from)?;
    let mut fields = allowed.to_vec();
    fields.push("csrf");
    read_multipart(mp, file_field, &fields).await
}

/// The answer to a refused upload.
async fn refused(
    s: &AppState,
    who: &SignedIn,
    uri: &axum::http::Uri,
    id: u64,
    panel: &'static str,
    e: &ApiError,
    keep: HashMap<String, String>,
) -> Response {
    match upload_sentence(who.lang, e) {
        Some(line) => {
            let status = if e.status == StatusCode::PAYLOAD_TOO_LARGE {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            with_error(s, who, uri, id, status, (panel, line), |v| {
                if panel == "document" {
                    v.keep_document(keep);
                }
            })
            .await
        }
        None => service_page(who.lang, e),
    }
}

fn no_file() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "no_file",
        "no file chosen",
    )
}

/// POST /console/products/{id}/photos (multipart: `csrf`, `photo`).
pub async fn add_photo(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    req: Request,
) -> Response {
    let (fields, file) = match read(&s, &who, id, req, "photo", PHOTO_FIELDS).await {
        Ok(r) => r,
        Err(e) => return refused(&s, &who, &uri, id, "photo", &e, HashMap::new()).await,
    };
    if let Some(r) = who.csrf_refusal(fields.get("csrf").map_or("", String::as_str)) {
        return r;
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return refused(&s, &who, &uri, id, "photo", &no_file(), HashMap::new()).await;
    };
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.add_photo(&p, id, &bytes)).await {
        Ok(_) => back(who.lang, id, "photo"),
        Err(e) => refused(&s, &who, &uri, id, "photo", &e, HashMap::new()).await,
    }
}

/// The CSRF field of the remove-photo form.
#[derive(Debug, serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

impl CsrfForm {
    /// The token sent.
    pub fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// POST /console/products/{id}/photos/{photo}/remove
pub async fn remove_photo(
    State(s): State<AppState>,
    Path((id, photo)): Path<(u64, String)>,
    who: SignedIn,
    axum::Form(f): axum::Form<CsrfForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&f.csrf) {
        return r;
    }
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.remove_photo(&p, id, &photo)).await {
        Ok(_) => back(who.lang, id, "removed"),
        Err(e) => service_page(who.lang, &e),
    }
}

/// POST /console/products/{id}/documents (multipart: `csrf`, facts, `file`).
pub async fn add_document(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    req: Request,
) -> Response {
    let (mut fields, file) = match read(&s, &who, id, req, "file", DOCUMENT_FIELDS).await {
        Ok(r) => r,
        Err(e) => return refused(&s, &who, &uri, id, "document", &e, HashMap::new()).await,
    };
    if let Some(r) = who.csrf_refusal(fields.get("csrf").map_or("", String::as_str)) {
        return r;
    }
    // Dates as people type them (dd/mm/yyyy) become the API's form.
    for k in ["issued_on", "valid_until"] {
        if let Some(v) = fields.get_mut(k)
            && let Some(d) = super::passport_list::parse_day(v)
        {
            *v = d.to_string();
        }
    }
    let facts = match document_facts(&fields) {
        Ok(f) => f,
        Err(e) => return refused(&s, &who, &uri, id, "document", &e, fields).await,
    };
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return refused(&s, &who, &uri, id, "document", &no_file(), fields).await;
    };
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || app.add_document(&p, id, facts, &bytes)).await {
        Ok(_) => back(who.lang, id, "document"),
        Err(e) => refused(&s, &who, &uri, id, "document", &e, fields).await,
    }
}
