//! Producer routes: batches, their signed records, label URLs and recalls.

use super::admin::Paging;
use super::extract::{ApiJson, ApiPath, ApiQuery, Auth, Writer};
use super::openapi::{Conflict, Forbidden, NotFound, Unavailable};
use super::{ApiError, AppState, blocking};
use crate::domain::{Batch, NewBatch, Recall};
use crate::service::{BatchView, RecordView};
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;

/// Declare a batch of a certified product and get its signed record.
#[utoipa::path(post, path = "/api/v1/batches", tag = "producer", request_body = NewBatch,
    security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Batch), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict),
        (status = 503, response = Unavailable)))]
pub async fn create_batch(
    State(s): State<AppState>,
    Writer(who): Writer,
    ApiJson(body): ApiJson<NewBatch>,
) -> Result<(StatusCode, axum::Json<Batch>), ApiError> {
    let app = s.app.clone();
    let batch = blocking(move || app.issue_batch(&who, body)).await?;
    Ok((StatusCode::CREATED, axum::Json(batch)))
}

/// List batches (a producer sees its own).
#[utoipa::path(get, path = "/api/v1/batches", tag = "producer", params(Paging),
    security(("bearer" = [])), responses((status = 200, description = "Success", body = Vec<Batch>)))]
pub async fn list_batches(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<axum::Json<Vec<Batch>>, ApiError> {
    Ok(axum::Json(s.app.batches(&who, p.after, p.limit())?))
}

/// One batch.
#[utoipa::path(get, path = "/api/v1/batches/{id}", tag = "producer",
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = BatchView), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn get_batch(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<BatchView>, ApiError> {
    Ok(axum::Json(s.app.batch_view(&who, id)?))
}

/// A batch's signed record.
#[utoipa::path(get, path = "/api/v1/batches/{id}/record", tag = "producer",
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = RecordView), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn get_record(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<RecordView>, ApiError> {
    Ok(axum::Json(s.app.batch_record(&who, id)?))
}

/// Recall request.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallRequest {
    pub reason: String,
    /// Defaults to today.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// Recall a batch.
#[utoipa::path(post, path = "/api/v1/batches/{id}/recall", tag = "producer",
    params(("id" = u64, Path, description = "Batch id")),
    request_body = RecallRequest, security(("bearer" = [])),
    responses((status = 201, description = "Created", body = Recall), (status = 403, response = Forbidden),
        (status = 404, response = NotFound), (status = 409, response = Conflict)))]
pub async fn recall_batch(
    State(s): State<AppState>,
    Writer(who): Writer,
    ApiPath(id): ApiPath<u64>,
    ApiJson(body): ApiJson<RecallRequest>,
) -> Result<(StatusCode, axum::Json<Recall>), ApiError> {
    let app = s.app.clone();
    let recall = blocking(move || app.recall_batch(&who, id, &body.reason, body.date)).await?;
    Ok((StatusCode::CREATED, axum::Json(recall)))
}
