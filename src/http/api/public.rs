//! Public API routes: health, keys, the status snapshot, metrics, OpenAPI and verification
//! by URL.

use crate::crypto::Jwks;
use crate::http::kit::extract::ApiQuery;
use crate::http::{ApiError, AppState, ErrorBody};
use crate::label::SignedLabel;
use crate::verify::Verdict;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Health report.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    pub status: &'static str,
    pub version: &'static str,
    /// Key id that signs new batches, if any.
    pub signing_kid: Option<String>,
}

/// Liveness and readiness.
#[utoipa::path(get, path = "/healthz", tag = "public", responses((status = 200, description = "Success", body = Health)))]
pub async fn healthz(State(s): State<AppState>) -> axum::Json<Health> {
    axum::Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
        signing_kid: s.app.keys.active().map(|k| k.record.kid.clone()),
    })
}

/// The issuer's public keys (RFC 7517 / RFC 8037), with status.
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "public", responses((status = 200, description = "Success", body = Jwks)))]
pub async fn jwks(State(s): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        axum::Json(s.app.keys.jwks()),
    )
}

/// The signed status snapshot: key statuses, recalled batches and batches under a revoked
/// certificate, for verifiers with no network (`docs/status-snapshot.md`).
#[utoipa::path(get, path = "/.well-known/ocop-status", tag = "public",
    responses((status = 200, description = "A compact JWS (`typ: ocop-status+jwt`)", content_type = "application/jose", body = String),
        (status = 503, response = crate::http::kit::error::Unavailable)))]
pub async fn status_snapshot(State(s): State<AppState>) -> Result<Response, ApiError> {
    let app = s.app.clone();
    let jws = crate::http::blocking(move || app.status_snapshot()).await?;
    let headers = [
        (header::CONTENT_TYPE, "application/jose"),
        (header::CACHE_CONTROL, "public, max-age=300"),
    ];
    Ok((headers, jws.as_str().to_owned()).into_response())
}

/// `?url=` of a label to check.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// The label URL as scanned (shorter than 2048 characters). Any URL answers a verdict;
    /// one that is not a label URL answers `malformed`.
    #[param(min_length = 1, max_length = 2048)]
    pub url: String,
}

impl VerifyQuery {
    /// Refuses a URL no label has.
    fn check(&self) -> Result<(), ApiError> {
        if self.url.len() > 2048 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "url_too_long",
                "label URLs are shorter than 2048 characters",
            ));
        }
        Ok(())
    }
}

/// Verify any label URL (for apps that scanned a code themselves); not a counted scan.
#[utoipa::path(get, path = "/api/v1/verify", tag = "public", params(VerifyQuery),
    responses((status = 200, description = "Success", body = Verdict),
        (status = 400, description = "No `url`, or one of 2048 characters or more (`url_too_long`)", body = ErrorBody)))]
pub async fn verify_url(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<VerifyQuery>,
) -> Result<axum::Json<Verdict>, ApiError> {
    q.check()?;
    // The same verdict as the label URL (an existing clone suspicion included), but not a
    // counted scan.
    let verdict = s.app.scan_label(SignedLabel::parse_url(&q.url), None)?;
    s.metrics.observe_verdict(verdict.code.as_str());
    Ok(axum::Json(verdict))
}

/// The served OpenAPI document, added to the router once the document is complete.
#[derive(Debug, Clone)]
pub struct OpenApiJson(pub Arc<String>);

/// This OpenAPI 3.1 document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "public",
    responses((status = 200, description = "OpenAPI 3.1", body = serde_json::Value)))]
pub async fn openapi(Extension(doc): Extension<OpenApiJson>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        doc.0.as_str().to_owned(),
    )
}

/// Prometheus metrics in the OpenMetrics text format.
#[utoipa::path(get, path = "/metrics", tag = "public",
    responses((status = 200, description = "Requests, verdicts, store size",
        content_type = "application/openmetrics-text; version=1.0.0; charset=utf-8", body = String)))]
pub async fn metrics(State(s): State<AppState>) -> impl IntoResponse {
    let app = s.app.clone();
    // The store's size is a gauge: a store that cannot say keeps the last value.
    let sizes = tokio::task::spawn_blocking(move || app.store_gauges().ok()).await;
    if let Ok(Some((entries, bytes))) = sizes {
        s.metrics.set_store(entries, bytes);
    }
    let mime = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    ([(header::CONTENT_TYPE, mime)], s.metrics.render())
}
