//! Province office routes: subjects, products, certificates, tokens.

use crate::access::{Role, TokenRecord};
use crate::domain::{Certificate, NewCertificate, NewProduct, NewSubject, Product, Subject};
use crate::http::kit::error::{BadRequest, Conflict, Forbidden, NotFound, Unprocessable};
use crate::http::kit::extract::{AdminOnly, ApiJson, ApiPath, ApiQuery, Auth, Reader};
use crate::http::{ApiError, AppState, blocking};
use crate::service::{ProductFilter, SubjectFilter, TokenRequest};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Filters and paging of the subject list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubjectQuery {
    /// Only items with a greater id (the last id of the previous page).
    pub after: Option<u64>,
    /// Page size: default 100; 0 counts as 1 and more than 1000 as 1000.
    pub limit: Option<usize>,
    /// Legal form.
    pub kind: Option<crate::domain::SubjectKind>,
    /// Commune or ward of the address (same letters, any case).
    pub commune: Option<String>,
    /// Province of the address (same letters, any case).
    pub province: Option<String>,
}

/// Filters and paging of the product list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    /// Only items with a greater id (the last id of the previous page).
    pub after: Option<u64>,
    /// Page size: default 100; 0 counts as 1 and more than 1000 as 1000.
    pub limit: Option<usize>,
    /// GTIN-8, -12, -13 or -14 (check digit checked).
    pub gtin: Option<String>,
    /// Producer's subject id.
    pub subject: Option<u64>,
    /// Stars of the certificate in force today (3, 4 or 5).
    pub star: Option<u8>,
    /// Today's standing of the current certificate.
    pub cert_status: Option<crate::domain::CertStatus>,
    /// Commune or ward of the producer's address.
    pub commune: Option<String>,
    /// Province of the producer's address.
    pub province: Option<String>,
}

impl ProductQuery {
    /// The service's filter, `after` and the page size.
    fn split(self) -> (ProductFilter, Option<u64>, usize) {
        let f = ProductFilter {
            gtin: self.gtin,
            subject: self.subject,
            star: self.star,
            cert_status: self.cert_status,
            commune: self.commune,
            province: self.province,
        };
        (f, self.after, page_size(self.limit))
    }
}

/// A list's page size: default 100; 0 counts as 1 and more than 1000 as 1000.
pub(in crate::http) fn page_size(limit: Option<usize>) -> usize {
    limit.unwrap_or(100).clamp(1, 1000)
}

type Created<T> = Result<(StatusCode, axum::Json<T>), ApiError>;
type Json<T> = Result<axum::Json<T>, ApiError>;

/// Register a subject (producer).
#[utoipa::path(post, path = "/api/v1/subjects", tag = "admin", request_body = NewSubject,
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Subject), (status = 403, response = Forbidden),
        (status = 409, response = Conflict)))]
pub async fn create_subject(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(body): ApiJson<NewSubject>,
) -> Created<Subject> {
    let app = s.app.clone();
    let subject = blocking(move || app.create_subject(&who, body)).await?;
    Ok((StatusCode::CREATED, axum::Json(subject)))
}

/// List subjects.
#[utoipa::path(get, path = "/api/v1/subjects", tag = "admin", params(SubjectQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<Subject>), (status = 400, response = BadRequest),
        (status = 403, response = Forbidden)))]
pub async fn list_subjects(
    State(s): State<AppState>,
    Reader(who): Reader,
    ApiQuery(q): ApiQuery<SubjectQuery>,
) -> Json<Vec<Subject>> {
    let (limit, after, f) = (page_size(q.limit), q.after, q.into_filter());
    let app = s.app.clone();
    Ok(axum::Json(
        blocking(move || app.subjects_filtered(&who, &f, after, limit)).await?,
    ))
}

impl SubjectQuery {
    /// The filter the query asks for.
    fn into_filter(self) -> SubjectFilter {
        SubjectFilter {
            kind: self.kind,
            commune: self.commune,
            province: self.province,
        }
    }
}

/// One subject.
#[utoipa::path(get, path = "/api/v1/subjects/{id}", tag = "admin",
    params(("id" = u64, Path, description = "Subject id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Subject), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn get_subject(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Json<Subject> {
    Ok(axum::Json(s.app.subject(&who, id)?))
}

/// Register a product of a subject.
#[utoipa::path(post, path = "/api/v1/products", tag = "admin", request_body = NewProduct,
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Product), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn create_product(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(body): ApiJson<NewProduct>,
) -> Created<Product> {
    let app = s.app.clone();
    let product = blocking(move || app.create_product(&who, body)).await?;
    Ok((StatusCode::CREATED, axum::Json(product)))
}

/// List products.
#[utoipa::path(get, path = "/api/v1/products", tag = "admin", params(ProductQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<Product>), (status = 400, response = BadRequest),
        (status = 403, response = Forbidden), (status = 422, response = Unprocessable)))]
pub async fn list_products(
    State(s): State<AppState>,
    Reader(who): Reader,
    ApiQuery(q): ApiQuery<ProductQuery>,
) -> Json<Vec<Product>> {
    let (f, after, limit) = q.split();
    let app = s.app.clone();
    Ok(axum::Json(
        blocking(move || app.products_filtered(&who, &f, after, limit)).await?,
    ))
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "admin",
    params(("id" = u64, Path, description = "Product id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Product), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn get_product(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Json<Product> {
    Ok(axum::Json(s.app.product(&who, id)?))
}

/// Grant a certificate to a product (the first, or a new one after revocation).
#[utoipa::path(post, path = "/api/v1/products/{id}/certificates", tag = "admin",
    params(("id" = u64, Path, description = "Product id")),
    request_body = NewCertificate, security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Certificate), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn grant_certificate(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<NewCertificate>,
) -> Created<Certificate> {
    let app = s.app.clone();
    let cert = blocking(move || app.grant_certificate(&who, id, body)).await?;
    Ok((StatusCode::CREATED, axum::Json(cert)))
}

/// A product's certificates, oldest first (its rating history).
#[utoipa::path(get, path = "/api/v1/products/{id}/certificates", tag = "admin",
    params(("id" = u64, Path, description = "Product id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<Certificate>), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn list_certificates(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Json<Vec<Certificate>> {
    Ok(axum::Json(s.app.product_certificates(&who, id)?))
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
    params(("id" = u64, Path, description = "Certificate id")),
    request_body = RevokeRequest, security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Certificate), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn revoke_certificate(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<RevokeRequest>,
) -> Json<Certificate> {
    let app = s.app.clone();
    let cert = blocking(move || app.revoke_certificate(&who, id, &body.reason, body.date)).await?;
    Ok(axum::Json(cert))
}

/// Replace a certificate by a new decision (renewal, upgrade, downgrade).
#[utoipa::path(post, path = "/api/v1/certificates/{id}/supersede", tag = "admin",
    params(("id" = u64, Path, description = "Certificate id")),
    request_body = NewCertificate, security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Certificate), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn supersede_certificate(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<NewCertificate>,
) -> Created<Certificate> {
    let app = s.app.clone();
    let cert = blocking(move || app.supersede_certificate(&who, id, body)).await?;
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

impl From<NewToken> for TokenRequest {
    fn from(t: NewToken) -> Self {
        Self {
            role: t.role,
            subject_id: t.subject_id,
            label: t.label,
        }
    }
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
    responses((status = 201, description = "Created", body = IssuedToken), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn create_token(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiJson(body): ApiJson<NewToken>,
) -> Created<IssuedToken> {
    let app = s.app.clone();
    let (token, record) = blocking(move || app.create_token(&who, body.into())).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(IssuedToken { token, record }),
    ))
}
