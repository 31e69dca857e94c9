//! Producer routes: batches, their signed records, label URLs and recalls.

use super::admin::Paging;
use super::extract::{ApiJson, ApiPath, ApiQuery, Auth, Writer};
use super::{ApiError, AppState, ErrorBody, blocking};
use crate::access::Role;
use crate::domain::{Batch, NewBatch, Recall};
use crate::service::ServiceError;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Declare a batch of a certified product and get its signed record.
#[utoipa::path(post, path = "/api/v1/batches", tag = "producer", request_body = NewBatch,
    security(("bearer" = [])),
    responses((status = 201, body = Batch), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
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
    security(("bearer" = [])), responses((status = 200, body = Vec<Batch>)))]
pub async fn list_batches(
    State(s): State<AppState>,
    auth: Auth,
    ApiQuery(p): ApiQuery<Paging>,
) -> Result<axum::Json<Vec<Batch>>, ApiError> {
    let subject = match auth.0.role {
        Role::Producer => auth.0.subject_id,
        Role::Admin | Role::Inspector => None,
    };
    let list = s
        .app
        .store
        .batches(subject, p.after, p.limit())
        .map_err(ServiceError::from)?;
    Ok(axum::Json(list))
}

/// One batch with its recall status.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchView {
    #[serde(flatten)]
    pub batch: Batch,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<Recall>,
    /// Index of this batch's `batch_issued` entry in the public log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

/// One batch.
#[utoipa::path(get, path = "/api/v1/batches/{id}", tag = "producer",
    security(("bearer" = [])),
    responses((status = 200, body = BatchView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_batch(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<BatchView>, ApiError> {
    let batch = s.app.batch_for(&auth.0, id)?;
    let recall = s.app.store.recall(id).map_err(ServiceError::from)?;
    let log_index = s
        .app
        .store
        .batch_log_index(id)
        .map_err(ServiceError::from)?;
    Ok(axum::Json(BatchView {
        batch,
        recall,
        log_index,
    }))
}

/// The signed record: the JWS and its decoded payload.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecordView {
    /// JWS compact serialization (`alg: EdDSA`).
    pub jws: String,
    pub kid: String,
    pub payload: crate::service::BatchRecord,
}

/// A batch's signed record.
#[utoipa::path(get, path = "/api/v1/batches/{id}/record", tag = "producer",
    security(("bearer" = [])),
    responses((status = 200, body = RecordView), (status = 404, body = ErrorBody)))]
pub async fn get_record(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<RecordView>, ApiError> {
    let batch = s.app.batch_for(&auth.0, id)?;
    let (header, payload) = crate::crypto::verify_jws(&s.app.keys, &batch.record).map_err(|e| {
        ApiError::new(
            StatusCode::CONFLICT,
            "record_invalid",
            format!("the stored record does not verify: {e}"),
        )
    })?;
    let payload = serde_json::from_slice(&payload).map_err(|e| {
        ApiError::new(
            StatusCode::CONFLICT,
            "record_invalid",
            format!("the stored record cannot be read: {e}"),
        )
    })?;
    Ok(axum::Json(RecordView {
        jws: batch.record,
        kid: header.kid,
        payload,
    }))
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
    request_body = RecallRequest, security(("bearer" = [])),
    responses((status = 201, body = Recall), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
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
