//! Producer routes: batches, their signed records, label URLs and recalls.

use crate::domain::{Batch, NewBatch, Recall};
use crate::http::api::admin::page_size;
use crate::http::kit::error::{
    BadRequest, Conflict, Forbidden, NotFound, Unavailable, Unprocessable,
};
use crate::http::kit::extract::{ApiJson, ApiPath, ApiQuery, Auth, Writer};
use crate::http::{ApiError, AppState, blocking};
use crate::service::{BatchFilter, BatchView, RecordView};
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

/// Filters and paging of the batch list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// Only items with a greater id (the last id of the previous page).
    pub after: Option<u64>,
    /// Page size: default 100; 0 counts as 1 and more than 1000 as 1000.
    pub limit: Option<usize>,
    /// Product id.
    pub product: Option<u64>,
    /// Producer's subject id (a producer sees only its own anyway).
    pub subject: Option<u64>,
    /// GTIN-8, -12, -13 or -14 (check digit checked).
    pub gtin: Option<String>,
    /// Stars the batch was issued with (3, 4 or 5).
    pub star: Option<u8>,
}

/// List batches (a producer sees its own).
#[utoipa::path(get, path = "/api/v1/batches", tag = "producer", params(BatchQuery),
    security(("bearer" = [])), responses((status = 200, description = "Success", body = Vec<Batch>),
        (status = 400, response = BadRequest), (status = 422, response = Unprocessable)))]
pub async fn list_batches(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiQuery(q): ApiQuery<BatchQuery>,
) -> Result<axum::Json<Vec<Batch>>, ApiError> {
    let (limit, after, f) = (page_size(q.limit), q.after, q.into_filter());
    let app = s.app.clone();
    Ok(axum::Json(
        blocking(move || app.batches_filtered(&who, &f, after, limit)).await?,
    ))
}

impl BatchQuery {
    /// The filter the query asks for.
    fn into_filter(self) -> BatchFilter {
        BatchFilter {
            product: self.product,
            subject: self.subject,
            gtin: self.gtin,
            star: self.star,
        }
    }
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
