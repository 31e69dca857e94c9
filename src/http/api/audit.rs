//! Inspector routes: traceability events, EPCIS export, certificates by status, search.

use crate::domain::{CertStatus, Certificate, NewTraceEvent, TraceEvent};
use crate::http::kit::error::{Conflict, Forbidden, NotFound};
use crate::http::kit::extract::{AdminOnly, ApiJson, ApiPath, ApiQuery, Auth, Reader};
use crate::http::{ApiError, AppState, blocking};
use crate::service::{BatchHit, BatchSearch, CertificateRow};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;

/// Record a traceability event (producers: own batches; inspectors: inspections).
#[utoipa::path(post, path = "/api/v1/batches/{id}/events", tag = "producer", request_body = NewTraceEvent,
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 201, description = "Created", body = TraceEvent), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn add_event(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<NewTraceEvent>,
) -> Result<(StatusCode, axum::Json<TraceEvent>), ApiError> {
    let app = s.app.clone();
    let ev = blocking(move || app.record_trace_event(&who, id, body)).await?;
    Ok((StatusCode::CREATED, axum::Json(ev)))
}

/// A batch's traceability events.
#[utoipa::path(get, path = "/api/v1/batches/{id}/events", tag = "producer",
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<TraceEvent>), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn list_events(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<Vec<TraceEvent>>, ApiError> {
    Ok(axum::Json(s.app.batch_events(&who, id)?))
}

/// The batch's history as an EPCIS 2.0 JSON-LD `EPCISDocument`.
#[utoipa::path(get, path = "/api/v1/batches/{id}/epcis", tag = "producer",
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "The EPCIS 2.0 `EPCISDocument` (JSON-LD)",
            content_type = "application/ld+json", body = serde_json::Value),
        (status = 403, response = Forbidden), (status = 404, response = NotFound)))]
pub async fn epcis(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<impl IntoResponse, ApiError> {
    let doc = s.app.epcis_document(&who, id)?;
    Ok((
        [(header::CONTENT_TYPE, "application/ld+json")],
        doc.to_string(),
    ))
}

/// `?status=` filter.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusQuery {
    /// active, expiring (within 30 days), expired, revoked or superseded.
    pub status: CertStatus,
}

/// Certificates by status today — e.g. the expiry notice list (`status=expiring`).
#[utoipa::path(get, path = "/api/v1/certificates", tag = "admin", params(StatusQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<CertificateRow>), (status = 403, response = Forbidden)))]
pub async fn certificates(
    State(s): State<AppState>,
    Reader(who): Reader,
    ApiQuery(q): ApiQuery<StatusQuery>,
) -> Result<axum::Json<Vec<CertificateRow>>, ApiError> {
    Ok(axum::Json(s.app.certificates_by_status(&who, q.status)?))
}

/// Potential-5★ flag change.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PotentialRequest {
    pub value: bool,
    #[serde(default)]
    pub note: Option<String>,
}

/// Set or clear the potential-5★ flag of a 4★ certificate.
#[utoipa::path(post, path = "/api/v1/certificates/{id}/potential-5-star", tag = "admin",
    params(("id" = u64, Path, description = "Certificate id")),
    request_body = PotentialRequest, security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Certificate), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn potential(
    State(s): State<AppState>,
    AdminOnly(who): AdminOnly,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<PotentialRequest>,
) -> Result<axum::Json<Certificate>, ApiError> {
    let app = s.app.clone();
    let cert =
        blocking(move || app.set_potential_5_star(&who, id, body.value, body.note.as_deref()))
            .await?;
    Ok(axum::Json(cert))
}

/// A scanned unit whose scans exceed the clone thresholds.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Anomaly {
    pub serial: u32,
    pub scans: crate::domain::ScanStats,
}

/// Units of a batch that look cloned (scanned too often or from too many sources).
#[utoipa::path(get, path = "/api/v1/batches/{id}/scan-anomalies", tag = "admin",
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<Anomaly>), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn anomalies(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<Vec<Anomaly>>, ApiError> {
    let list = s.app.scan_anomalies(&who, id)?;
    Ok(axum::Json(
        list.into_iter()
            .map(|(serial, scans)| Anomaly { serial, scans })
            .collect(),
    ))
}

/// `after`/`limit` paging.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportPaging {
    /// Only reports with a greater id.
    pub after: Option<u64>,
    /// Page size: default 100; 0 counts as 1 and more than 1000 as 1000.
    pub limit: Option<usize>,
}

/// Shoppers' reports of suspected fakes.
#[utoipa::path(get, path = "/api/v1/reports", tag = "admin", params(ReportPaging),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<crate::domain::Report>), (status = 403, response = Forbidden)))]
pub async fn reports(
    State(s): State<AppState>,
    Reader(who): Reader,
    ApiQuery(q): ApiQuery<ReportPaging>,
) -> Result<axum::Json<Vec<crate::domain::Report>>, ApiError> {
    let limit = q.limit.unwrap_or(100).clamp(1, 1000);
    Ok(axum::Json(s.app.reports(&who, q.after, limit)?))
}

/// Search batches by subject, product, GTIN, lot, issuing body, certificate status, dates,
/// recall status or name (diacritics ignored).
#[utoipa::path(get, path = "/api/v1/search/batches", tag = "admin", params(BatchSearch),
    security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<BatchHit>), (status = 403, response = Forbidden),
        (status = 422, response = crate::http::kit::error::Unprocessable)))]
pub async fn search_batches(
    State(s): State<AppState>,
    Reader(who): Reader,
    ApiQuery(q): ApiQuery<BatchSearch>,
) -> Result<axum::Json<Vec<BatchHit>>, ApiError> {
    Ok(axum::Json(s.app.search_batches(&who, &q)?))
}
