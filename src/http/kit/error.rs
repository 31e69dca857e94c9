//! The HTTP error type: JSON `{code, message}` with a stable code and the right status.

use crate::render::RenderError;
use crate::service::ServiceError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Body of every error response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid_gtin`.
    pub code: String,
    /// Human-readable explanation (English).
    pub message: String,
}

/// An error as the API reports it.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ApiError {
    /// An error with status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// 401.
    pub fn unauthorized(msg: &str) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", msg)
    }

    /// 403.
    pub fn forbidden(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", msg)
    }

    /// 404.
    pub fn not_found(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", msg)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = axum::Json(ErrorBody {
            code: self.code,
            message: self.message,
        });
        (self.status, body).into_response()
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Domain(d) => {
                Self::new(StatusCode::UNPROCESSABLE_ENTITY, d.code(), d.to_string())
            }
            ServiceError::Conflict(c) if c.code == "not_found" => {
                Self::new(StatusCode::NOT_FOUND, c.code, c.message)
            }
            ServiceError::Conflict(c) => Self::new(StatusCode::CONFLICT, c.code, c.message),
            ServiceError::NotFound(m) => Self::not_found(m),
            ServiceError::Forbidden(m) => Self::forbidden(m),
            ServiceError::Unauthenticated(m) => Self::unauthorized(&m),
            e @ ServiceError::Throttled(_) => {
                Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", e.to_string())
            }
            ServiceError::NoSigningKey => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "no_signing_key",
                ServiceError::NoSigningKey.to_string(),
            ),
            ServiceError::Render(e) => {
                let status = match e {
                    RenderError::BadSize(_) | RenderError::TooSmall(_) | RenderError::Qr(_) => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    _ => StatusCode::INTERNAL_SERVER_ERROR,
                };
                Self::new(status, e.code(), e.to_string())
            }
            ServiceError::Store(crate::store::StoreError::Unavailable(m)) => {
                tracing::error!(error = %m, "store unavailable");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "store_unavailable",
                    "the store cannot be reached right now; try again shortly",
                )
            }
            ServiceError::Store(s) => {
                // The cause is logged; the client gets an opaque message.
                tracing::error!(error = %s, "store failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; the operator has been notified in the logs",
                )
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let (status, code) = match &r {
            JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            JsonRejection::JsonDataError(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
            JsonRejection::MissingJsonContentType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            _ => (StatusCode::BAD_REQUEST, "invalid_body"),
        };
        Self::new(status, code, r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_path", r.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text())
    }
}

impl From<FormRejection> for ApiError {
    fn from(r: FormRejection) -> Self {
        let (status, code) = match &r {
            FormRejection::InvalidFormContentType(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            }
            _ => (StatusCode::BAD_REQUEST, "invalid_form"),
        };
        Self::new(status, code, r.body_text())
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(r: MultipartRejection) -> Self {
        let (status, code) = match r.status() {
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            StatusCode::PAYLOAD_TOO_LARGE => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            _ => (StatusCode::BAD_REQUEST, "invalid_upload"),
        };
        Self::new(status, code, r.body_text())
    }
}

// Documented error responses: the OpenAPI description names these, ApiError builds them.

/// 400: a path, query or JSON body that does not parse (`invalid_path`, `invalid_query`,
/// `invalid_json`), or a value the operation refuses outright.
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct BadRequest(pub ErrorBody);

/// 401: no valid bearer token (`unauthorized`).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct Unauthorized(pub ErrorBody);

/// 403: the token's role or subject may not do this (`forbidden`).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct Forbidden(pub ErrorBody);

/// 404: no such record (`not_found`).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct NotFound(pub ErrorBody);

/// 409: the request conflicts with the records' state (e.g. a duplicate lot or GTIN, an
/// already revoked certificate).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct Conflict(pub ErrorBody);

/// 413: the body is larger than the operation accepts (`payload_too_large`).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct PayloadTooLarge(pub ErrorBody);

/// 415: the body is not `application/json` (`unsupported_media_type`).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct UnsupportedMediaType(pub ErrorBody);

/// 422: well-formed JSON that breaks a rule (`invalid_body`, or a domain code such as
/// `invalid_gtin`).
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct Unprocessable(pub ErrorBody);

/// 429: too many attempts from this credential or network (`rate_limited`); the message says
/// how many seconds to wait.
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct TooManyRequests(pub ErrorBody);

/// 503: no active signing key (`no_signing_key`); the operator must rotate one in.
#[derive(utoipa::ToResponse)]
#[allow(dead_code, reason = "describes a response; ApiError builds the body")]
pub struct Unavailable(pub ErrorBody);
