//! Province office routes: subjects, products, certificates, tokens.

use super::extract::{AdminOnly, ApiJson, ApiPath, ApiQuery, Auth};
use super::{ApiError, AppState, ErrorBody};
use crate::access::{Role, TokenRecord, new_token};
use crate::domain::{
    Certificate, NewCertificate, NewProduct, NewSubject, Product, Subject, text::nfc_opt,
};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const READERS: &[Role] = &[Role::Admin, Role::Inspector];

/// Paging for lists: items with id greater than `after`, at most `limit` (default 100, max 1000).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Paging {
    pub after: Option<u64>,
    pub limit: Option<usize>,
}

impl Paging {
    pub(super) fn limit(&self) -> usize {
        self.limit.unwrap_or(100).clamp(1, 1000)
    }
}

type Created<T> = Result<(StatusCode, axum::Json<T>), ApiError>;
type Json<T> = Result<axum::Json<T>, ApiError>;

/// Register a subject (producer).
#[utoipa::path(post, path = "/api/v1/subjects", tag = "admin", request_body = NewSubject,
    security(("bearer" = [])),
    responses((status = 201, body = Subject), (status = 422, body = ErrorBody)))]
pub async fn create_subject(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(body): ApiJson<NewSubject>,
) -> Created<Subject> {
    let subject = s.app.create_subject(&who, body)?;
    Ok((StatusCode::CREATED, axum::Json(subject)))
}

/// List subjects.
#[utoipa::path(get, path = "/api/v1/subjects", tag = "admin", params(Paging),
    security(("bearer" = [])), responses((status = 200, body = Vec<Subject>)))]
pub async fn list_subjects(
    State(s): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<Paging>,
) -> Json<Vec<Subject>> {
    auth.require(READERS)?;
    let list = s
        .app
        .store
        .subjects(p.after, p.limit())
        .map_err(crate::service::ServiceError::from)?;
    Ok(axum::Json(list))
}

/// One subject.
#[utoipa::path(get, path = "/api/v1/subjects/{id}", tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = Subject), (status = 404, body = ErrorBody)))]
pub async fn get_subject(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
) -> Json<Subject> {
    if !auth.0.may_read(id) {
        return Err(ApiError::forbidden(
            "this subject belongs to another producer",
        ));
    }
    let subject = s
        .app
        .store
        .subject(id)
        .map_err(crate::service::ServiceError::from)?
        .ok_or_else(|| ApiError::not_found(format!("subject {id} does not exist")))?;
    Ok(axum::Json(subject))
}

/// Register a product of a subject.
#[utoipa::path(post, path = "/api/v1/products", tag = "admin", request_body = NewProduct,
    security(("bearer" = [])),
    responses((status = 201, body = Product), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_product(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(body): ApiJson<NewProduct>,
) -> Created<Product> {
    let product = s.app.create_product(&who, body)?;
    Ok((StatusCode::CREATED, axum::Json(product)))
}

/// List products.
#[utoipa::path(get, path = "/api/v1/products", tag = "admin", params(Paging),
    security(("bearer" = [])), responses((status = 200, body = Vec<Product>)))]
pub async fn list_products(
    State(s): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<Paging>,
) -> Json<Vec<Product>> {
    auth.require(READERS)?;
    let list = s
        .app
        .store
        .products(p.after, p.limit())
        .map_err(crate::service::ServiceError::from)?;
    Ok(axum::Json(list))
}

fn readable_product(s: &AppState, auth: &Auth, id: u64) -> Result<Product, ApiError> {
    let product = s
        .app
        .store
        .product(id)
        .map_err(crate::service::ServiceError::from)?
        .ok_or_else(|| ApiError::not_found(format!("product {id} does not exist")))?;
    if !auth.0.may_read(product.subject_id) {
        return Err(ApiError::forbidden(
            "this product belongs to another producer",
        ));
    }
    Ok(product)
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = Product), (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
) -> Json<Product> {
    readable_product(&s, &auth, id).map(axum::Json)
}

/// Grant a certificate to a product (the first, or a new one after revocation).
#[utoipa::path(post, path = "/api/v1/products/{id}/certificates", tag = "admin",
    request_body = NewCertificate, security(("bearer" = [])),
    responses((status = 201, body = Certificate), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn grant_certificate(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<NewCertificate>,
) -> Created<Certificate> {
    let cert = s.app.grant_certificate(&who, id, body)?;
    Ok((StatusCode::CREATED, axum::Json(cert)))
}

/// A product's certificates, oldest first (its rating history).
#[utoipa::path(get, path = "/api/v1/products/{id}/certificates", tag = "admin",
    security(("bearer" = [])), responses((status = 200, body = Vec<Certificate>)))]
pub async fn list_certificates(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
) -> Json<Vec<Certificate>> {
    readable_product(&s, &auth, id)?;
    let list = s
        .app
        .store
        .certificates_of(id)
        .map_err(crate::service::ServiceError::from)?;
    Ok(axum::Json(list))
}

/// Revocation request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    pub reason: String,
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// Revoke a certificate.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/revoke", tag = "admin",
    request_body = RevokeRequest, security(("bearer" = [])),
    responses((status = 200, body = Certificate), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_certificate(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<RevokeRequest>,
) -> Json<Certificate> {
    Ok(axum::Json(s.app.revoke_certificate(
        &who,
        id,
        &body.reason,
        body.date,
    )?))
}

/// Replace a certificate by a new decision (renewal, upgrade, downgrade).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/supersede", tag = "admin",
    request_body = NewCertificate, security(("bearer" = [])),
    responses((status = 201, body = Certificate), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn supersede_certificate(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<NewCertificate>,
) -> Created<Certificate> {
    let cert = s.app.supersede_certificate(&who, id, body)?;
    Ok((StatusCode::CREATED, axum::Json(cert)))
}

/// Token request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    pub role: Role,
    /// Required for producer tokens: the subject the token is confined to.
    #[serde(default)]
    pub subject_id: Option<u64>,
    #[serde(default)]
    pub label: Option<String>,
}

/// A new token. `token` is shown only in this response.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IssuedToken {
    pub token: String,
    pub record: TokenRecord,
}

/// Create an API token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin", request_body = NewToken,
    security(("bearer" = [])),
    responses((status = 201, body = IssuedToken), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(body): ApiJson<NewToken>,
) -> Created<IssuedToken> {
    let invalid =
        |m: &str| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_token_request", m);
    match (body.role, body.subject_id) {
        (Role::Producer, None) => return Err(invalid("a producer token needs subject_id")),
        (Role::Producer, Some(id)) => {
            let exists = s
                .app
                .store
                .subject(id)
                .map_err(crate::service::ServiceError::from)?;
            if exists.is_none() {
                return Err(ApiError::not_found(format!("subject {id} does not exist")));
            }
        }
        (_, Some(_)) => return Err(invalid("only producer tokens have a subject_id")),
        (_, None) => {}
    }
    let label =
        nfc_opt("label", body.label.as_deref(), 100).map_err(crate::service::ServiceError::from)?;
    let (token, record) = new_token(
        body.role,
        body.subject_id,
        label,
        Some(who.token_id.clone()),
        s.app.clock.now(),
    );
    let ev = s.app.event(
        &who,
        "token_created",
        serde_json::json!({"token_id": record.id, "role": record.role, "subject_id": record.subject_id}),
    );
    s.app
        .store
        .insert_token(&record, &ev)
        .map_err(crate::service::ServiceError::from)?;
    Ok((
        StatusCode::CREATED,
        axum::Json(IssuedToken { token, record }),
    ))
}
