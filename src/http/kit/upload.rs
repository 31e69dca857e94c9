//! Reading uploads: the multipart body of a photo or a document, with its fields checked by
//! name, for the API and the console alike.

use crate::domain::DocumentKind;
use crate::domain::NewDocument;
use crate::http::ApiError;
use axum::http::StatusCode;

/// Body limit of the upload routes: a little over the 5 MB a file may have, so a file just
/// over 5 MB gets the clear `file_too_large` and not a cut-off upload.
pub const UPLOAD_BODY_LIMIT: usize = crate::domain::UPLOAD_LIMIT + 512 * 1024;

/// The fields of a photo upload.
pub const PHOTO_FIELDS: &[&str] = &["photo"];

/// The fields of a document upload.
pub const DOCUMENT_FIELDS: &[&str] = &[
    "kind",
    "number",
    "issuer",
    "issued_on",
    "valid_until",
    "file",
];

/// A document upload (documents the multipart body; any other field is refused).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    dead_code,
    reason = "describes the form; the handler reads the fields by name"
)]
pub struct DocumentUpload {
    /// `food_safety_certificate`, `declaration_of_conformity` or `test_report`.
    kind: String,
    number: String,
    issuer: String,
    /// `YYYY-MM-DD`, optional.
    issued_on: Option<String>,
    /// `YYYY-MM-DD`, optional.
    valid_until: Option<String>,
    /// A PDF, or a JPEG, PNG or WebP scan, at most 5 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The fields of a multipart body: text fields by name, and the bytes of `file_field`. A
/// field not in `allowed` is refused, as the document says.
pub async fn read_multipart(
    mut mp: axum::extract::Multipart,
    file_field: &str,
    allowed: &[&str],
) -> Result<(std::collections::HashMap<String, String>, Option<Vec<u8>>), ApiError> {
    let mut text = std::collections::HashMap::new();
    let mut file = None;
    while let Some(field) = mp.next_field().await.map_err(upload_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if !allowed.contains(&name.as_str()) {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_upload",
                format!(
                    "unexpected form field; the fields are {}",
                    allowed.join(", ")
                ),
            ));
        }
        let bytes = field.bytes().await.map_err(upload_error)?;
        if name == file_field {
            file = Some(bytes.to_vec());
        } else if let Ok(s) = String::from_utf8(bytes.to_vec()) {
            text.insert(name, s);
        }
    }
    Ok((text, file))
}

/// A multipart upload read from `req`: its text fields and the bytes of `file_field`, which
/// must be there (`what` names it in the refusal).
pub async fn read_upload<S: Send + Sync>(
    req: axum::extract::Request,
    state: &S,
    file_field: &str,
    allowed: &[&str],
    what: &str,
) -> Result<(std::collections::HashMap<String, String>, Vec<u8>), ApiError> {
    use axum::extract::FromRequest;
    let crate::http::kit::extract::ApiMultipart(mp) =
        crate::http::kit::extract::ApiMultipart::from_request(req, state).await?;
    let (fields, file) = read_multipart(mp, file_field, allowed).await?;
    let bytes = file.ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_upload",
            format!("send {what} in a form field named {file_field}"),
        )
    })?;
    Ok((fields, bytes))
}

/// Reads a document's facts from form fields.
pub fn document_facts(
    f: &std::collections::HashMap<String, String>,
) -> Result<NewDocument, ApiError> {
    let bad = |m: &str| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_document", m);
    let get = |k: &str| f.get(k).map(|s| s.trim()).filter(|s| !s.is_empty());
    let date = |k: &str| {
        get(k)
            .map(|s| s.parse::<chrono::NaiveDate>())
            .transpose()
            .map_err(|_| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_date",
                    format!("{k} must be a date YYYY-MM-DD"),
                )
            })
    };
    Ok(NewDocument {
        kind: get("kind").and_then(DocumentKind::parse).ok_or_else(|| {
            bad("kind must be food_safety_certificate, declaration_of_conformity or test_report")
        })?,
        number: get("number").unwrap_or_default().to_owned(),
        issuer: get("issuer").unwrap_or_default().to_owned(),
        issued_on: date("issued_on")?,
        valid_until: date("valid_until")?,
    })
}

/// A photo upload (documents the multipart body; any other field is refused).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(
    dead_code,
    reason = "describes the form; the handler reads the field by name"
)]
pub struct PhotoUpload {
    /// A JPEG, PNG or WebP image, at most 5 MB and 10,000 px a side.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

fn upload_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the upload is larger than 5 MB",
        )
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_upload", e.body_text())
    }
}
