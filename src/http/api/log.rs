//! Public log routes: signed checkpoints, entries, inclusion and consistency proofs.

use crate::http::kit::error::Unprocessable;
use crate::http::kit::extract::{ApiPath, ApiQuery};
use crate::http::{ApiError, AppState};
use crate::service::{ConsistencyView, EntryView, InclusionView};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

/// The latest signed checkpoint (C2SP tlog-checkpoint, signed note).
#[utoipa::path(get, path = "/api/v1/log/checkpoint", tag = "public",
    responses((status = 200, description = "A C2SP signed note", content_type = "text/plain; charset=utf-8", body = String)))]
pub async fn checkpoint(State(s): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let note = s.app.log_checkpoint(None)?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note))
}

/// A signed checkpoint of the first `size` entries.
#[utoipa::path(get, path = "/api/v1/log/checkpoint/{size}", tag = "public",
    params(("size" = u64, Path, description = "Tree size, at most the log's size")),
    responses((status = 200, description = "A C2SP signed note", content_type = "text/plain; charset=utf-8", body = String),
        (status = 422, response = Unprocessable)))]
pub async fn checkpoint_at(
    State(s): State<AppState>,
    ApiPath(size): ApiPath<u64>,
) -> Result<impl IntoResponse, ApiError> {
    let note = s.app.log_checkpoint(Some(size))?;
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], note))
}

/// `start`/`end` of an entry range.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesQuery {
    /// First index (default 0).
    pub start: Option<u64>,
    /// One past the last index (default: the log size; at most 1000 entries per request).
    pub end: Option<u64>,
}

/// Log entries, exactly as hashed.
#[utoipa::path(get, path = "/api/v1/log/entries", tag = "public", params(EntriesQuery),
    responses((status = 200, description = "Success", body = Vec<EntryView>), (status = 422, response = Unprocessable)))]
pub async fn entries(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<EntriesQuery>,
) -> Result<axum::Json<Vec<EntryView>>, ApiError> {
    Ok(axum::Json(s.app.log_entries(q.start.unwrap_or(0), q.end)?))
}

/// Inclusion proof parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The entry's index.
    pub index: u64,
    /// Tree size (default: the current size).
    pub size: Option<u64>,
}

/// RFC 6962 inclusion proof of one entry.
#[utoipa::path(get, path = "/api/v1/log/proof/inclusion", tag = "public", params(InclusionQuery),
    responses((status = 200, description = "Success", body = InclusionView), (status = 422, response = Unprocessable)))]
pub async fn inclusion(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<InclusionQuery>,
) -> Result<axum::Json<InclusionView>, ApiError> {
    Ok(axum::Json(s.app.log_inclusion(q.index, q.size)?))
}

/// Consistency proof parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The older tree size.
    pub from: u64,
    /// Default: the current size.
    pub to: Option<u64>,
}

/// RFC 6962 consistency proof between two tree sizes.
#[utoipa::path(get, path = "/api/v1/log/proof/consistency", tag = "public", params(ConsistencyQuery),
    responses((status = 200, description = "Success", body = ConsistencyView), (status = 422, response = Unprocessable)))]
pub async fn consistency(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> Result<axum::Json<ConsistencyView>, ApiError> {
    Ok(axum::Json(s.app.log_consistency(q.from, q.to)?))
}
