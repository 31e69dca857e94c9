//! Label output routes: URL pages (JSON), CSV for inkjet lines, PDF sheets, single PNG/SVG
//! labels, and the print-run history.

use crate::domain::PrintRun;
use crate::http::kit::error::{Conflict, Forbidden, NotFound, Unavailable, Unprocessable};
use crate::http::kit::extract::{ApiPath, ApiQuery, Auth};
use crate::http::kit::stream::notice_header;
use crate::http::kit::stream::{csv_response, pdf_response};
use crate::http::{ApiError, AppState, blocking};
use crate::render::{Ecc, LabelSpec, SheetSpec};
use crate::service::{
    LabelFormat, LabelPage, PrintNotice, RangeOutput, RangeRequest, default_sheet,
};
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// The formats of a label range (the document's view of [`LabelFormat`]).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(
    dead_code,
    reason = "documents the values of `format`; LabelFormat parses them"
)]
pub enum RangeFormat {
    Json,
    Csv,
    Pdf,
}

/// The formats of a single label (the document's view of [`LabelFormat`]).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(
    dead_code,
    reason = "documents the values of `format`; LabelFormat parses them"
)]
pub enum SingleFormat {
    Png,
    Svg,
}

/// Options of a label range request.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// `json` (default, paged URLs), `csv` (serial,url rows) or `pdf` (A4 sheet).
    #[param(value_type = Option<RangeFormat>)]
    pub format: Option<LabelFormat>,
    /// First serial (default 1).
    #[param(minimum = 1)]
    pub from: Option<u32>,
    /// Last serial (default: the batch quantity for csv/pdf; one page for json).
    #[param(minimum = 1)]
    pub to: Option<u32>,
    /// JSON page size (default 100, max 1000).
    pub limit: Option<u32>,
    /// PDF grid (default 3 × 8 on A4).
    pub columns: Option<u32>,
    pub rows: Option<u32>,
    /// PDF page margin and gap between labels, mm (default 8 and 3).
    pub margin_mm: Option<f32>,
    pub gap_mm: Option<f32>,
    /// QR error correction: `M` (default) or `Q`.
    pub ecc: Option<Ecc>,
}

/// Options of a single label.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SingleQuery {
    /// `png` (default) or `svg`.
    #[param(value_type = Option<SingleFormat>)]
    pub format: Option<LabelFormat>,
    /// Label size in mm (default 50 × 30) and resolution (default 300 dpi).
    pub width_mm: Option<f32>,
    pub height_mm: Option<f32>,
    pub dpi: Option<u32>,
    pub ecc: Option<Ecc>,
}

impl From<RangeQuery> for RangeRequest {
    fn from(q: RangeQuery) -> Self {
        let defaults = default_sheet();
        Self {
            format: q.format.unwrap_or(LabelFormat::Json),
            from: q.from,
            to: q.to,
            limit: q.limit,
            sheet: SheetSpec {
                columns: q.columns.unwrap_or(defaults.columns),
                rows: q.rows.unwrap_or(defaults.rows),
                margin_mm: q.margin_mm.unwrap_or(defaults.margin_mm),
                gap_mm: q.gap_mm.unwrap_or(defaults.gap_mm),
                ecc: q.ecc.unwrap_or(defaults.ecc),
            },
        }
    }
}

impl SingleQuery {
    /// The format (default PNG) and the label spec (default 50 × 30 mm at 300 dpi, ECC M).
    fn into_parts(self) -> (LabelFormat, LabelSpec) {
        let spec = LabelSpec {
            width_mm: self.width_mm.unwrap_or(50.0),
            height_mm: self.height_mm.unwrap_or(30.0),
            dpi: self.dpi.unwrap_or(300),
            ecc: self.ecc.unwrap_or(Ecc::M),
        };
        (self.format.unwrap_or(LabelFormat::Png), spec)
    }
}

/// A JSON page of label URLs. A listing is not a print run: only CSV, PDF, PNG and SVG
/// outputs, which are meant for printing, are recorded as print runs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LabelPageView {
    #[serde(flatten)]
    pub page: LabelPage,
    /// Set when labels printed today would carry no stars, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<PrintNotice>,
}

/// Label output for a serial range: JSON page of URLs, CSV, or an A4 PDF sheet.
#[utoipa::path(get, path = "/api/v1/batches/{id}/labels", tag = "producer",
    params(("id" = u64, Path, description = "Batch id"), RangeQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "`format=json`: a page of URLs; `csv`: `serial,url` rows (streamed); `pdf`: an A4 sheet (streamed). CSV and PDF are print runs (`X-Print-Run`, `X-Print-Reprint`, `X-Ocop-Notice` headers)",
            content((LabelPageView = "application/json"), (String = "text/csv; charset=utf-8"),
                (Vec<u8> = "application/pdf"))),
        (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable), (status = 503, response = Unavailable)))]
pub async fn labels(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> Result<Response, ApiError> {
    let app = s.app.clone();
    Ok(range_response(
        blocking(move || app.label_range(&who, id, q.into())).await?,
    ))
}

/// A range of labels in the format asked: a JSON page, a CSV stream or a PDF sheet.
fn range_response(out: RangeOutput) -> Response {
    match out {
        RangeOutput::Page(page, notice) => {
            axum::Json(LabelPageView { page, notice }).into_response()
        }
        RangeOutput::Csv(job) => csv_response(job),
        RangeOutput::Pdf(job, sheet) => pdf_response(job, sheet),
    }
}

/// One label as PNG or SVG.
#[utoipa::path(get, path = "/api/v1/batches/{id}/labels/{serial}", tag = "producer",
    params(("id" = u64, Path, description = "Batch id"),
        ("serial" = u32, Path, description = "Unit serial, 1 to the batch quantity"), SingleQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The label (a print run: `X-Print-Run` header)",
            content((Vec<u8> = "image/png"), (String = "image/svg+xml"))),
        (status = 403, response = Forbidden), (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 422, response = Unprocessable), (status = 503, response = Unavailable)))]
pub async fn single_label(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath((id, serial)): ApiPath<(u64, u32)>,
    ApiQuery(q): ApiQuery<SingleQuery>,
) -> Result<Response, ApiError> {
    let (format, spec) = q.into_parts();
    let app = s.app.clone();
    let (job, body) =
        blocking(move || app.render_single_label(&who, id, serial, format, &spec)).await?;
    Ok(image_response(format, &job, body))
}

/// One rendered label with its type and the print run's notice.
fn image_response(
    format: LabelFormat,
    job: &crate::service::PrintJob,
    body: impl IntoResponse,
) -> Response {
    let mut resp = body.into_response();
    notice_header(&mut resp, job);
    let mime = if format == LabelFormat::Svg {
        "image/svg+xml"
    } else {
        "image/png"
    };
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    resp
}

/// A batch's print runs (who printed which serials, reprints flagged).
#[utoipa::path(get, path = "/api/v1/batches/{id}/print-runs", tag = "producer",
    params(("id" = u64, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "Success", body = Vec<PrintRun>), (status = 403, response = Forbidden),
        (status = 404, response = NotFound)))]
pub async fn print_runs(
    State(s): State<AppState>,
    Auth(who): Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<Vec<PrintRun>>, ApiError> {
    Ok(axum::Json(s.app.print_runs(&who, id)?))
}
