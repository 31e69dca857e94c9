//! The console's passport uploads: a photo, a conformity document (multipart, with the
//! session's CSRF token as a field), and removing a photo. A refused upload is the editing
//! page again, in the person's language, with the reason beside the form that sent it.

use super::pages::{IdPath, service_page};
use super::passport::{back, with_error};
use super::posted::Posted;
use super::session::SignedIn;
use crate::domain::NewDocument;
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

/// The status and sentence of a refused upload; `None` for a refusal that is no form's.
fn upload_refusal(
    lang: crate::http::kit::i18n::Lang,
    e: &ApiError,
) -> Option<(StatusCode, &'static str)> {
    let line = upload_sentence(lang, e)?;
    let status = if e.status == StatusCode::PAYLOAD_TOO_LARGE {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Some((status, line))
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
    match upload_refusal(who.lang, e) {
        Some((status, line)) => {
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

super::posted::csrf_forms!(CsrfForm);

/// POST /console/products/{id}/photos/{photo}/remove
pub async fn remove_photo(
    State(s): State<AppState>,
    Path((id, photo)): Path<(u64, String)>,
    Posted { who, .. }: Posted<CsrfForm>,
) -> Response {
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
    match store_document(&s, &who, id, &mut fields, file).await {
        Ok(()) => back(who.lang, id, "document"),
        Err(e) => refused(&s, &who, &uri, id, "document", &e, fields).await,
    }
}

/// The document's facts and its file, as the service takes them. Dates as people type them
/// (dd/mm/yyyy) become the API's form, in `fields` too: the page shows them again so.
fn document_input(
    fields: &mut HashMap<String, String>,
    file: Option<Vec<u8>>,
) -> Result<(NewDocument, Vec<u8>), ApiError> {
    for k in ["issued_on", "valid_until"] {
        if let Some(v) = fields.get_mut(k)
            && let Some(d) = super::passport_list::parse_day(v)
        {
            *v = d.to_string();
        }
    }
    let facts = document_facts(fields)?;
    let bytes = file.filter(|b| !b.is_empty()).ok_or_else(no_file)?;
    Ok((facts, bytes))
}

/// Reads the document form and adds the document.
async fn store_document(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    fields: &mut HashMap<String, String>,
    file: Option<Vec<u8>>,
) -> Result<(), ApiError> {
    let (facts, bytes) = document_input(fields, file)?;
    let (app, p) = (s.app.clone(), who.person.principal.clone());
    blocking(move || app.add_document(&p, id, facts, &bytes))
        .await
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::kit::i18n::Lang;

    #[test]
    fn a_refused_upload_is_a_sentence_with_its_status_or_no_form_refusal() {
        let t = Lang::Vi.t();
        let big = ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "big");
        assert_eq!(
            upload_refusal(Lang::Vi, &big),
            Some((StatusCode::PAYLOAD_TOO_LARGE, t.cc_err_too_big))
        );
        let bad = StatusCode::UNPROCESSABLE_ENTITY;
        let pdf = ApiError::new(bad, "invalid_document", "the file is not a PDF");
        assert_eq!(
            upload_refusal(Lang::Vi, &pdf),
            Some((bad, t.cc_err_doc_file))
        );
        let gone = ApiError::new(StatusCode::NOT_FOUND, "not_found", "no product");
        assert_eq!(upload_refusal(Lang::Vi, &gone), None);
    }

    #[test]
    fn a_document_needs_a_file_and_its_dates_are_kept_in_the_api_form() {
        let mut fields: HashMap<String, String> = [
            ("kind", "test_report"),
            ("number", "KN-12/2026"),
            ("issuer", "Quatest 1"),
            ("issued_on", "01/12/2026"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let refused = document_input(&mut fields, Some(Vec::new()));
        assert_eq!(refused.err().map(|e| e.code), Some("no_file".to_owned()));
        assert_eq!(fields["issued_on"], "2026-12-01");
        assert!(document_input(&mut fields, Some(b"%PDF-1.7".to_vec())).is_ok());
    }
}
