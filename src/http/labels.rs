//! Label output routes: URL pages (JSON), CSV for inkjet lines, PDF sheets, single PNG/SVG
//! labels, and the print-run history.

use super::extract::{ApiPath, ApiQuery, Auth};
use super::openapi::{Conflict, Forbidden, NotFound, Unavailable, Unprocessable};
use super::stream::stream_body;
use super::{ApiError, AppState, blocking};
use crate::domain::PrintRun;
use crate::render::{Ecc, LabelSpec, RenderError, SheetSpec};
use crate::service::{
    LabelFormat, LabelPage, PrintJob, PrintNotice, RangeOutput, RangeRequest, default_sheet,
};
use axum::body::Body;
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

fn notice_header(resp: &mut Response, job: &PrintJob) {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&job.run.id.to_string()) {
        h.insert("x-print-run", v);
    }
    if job.run.reprint {
        h.insert("x-print-reprint", HeaderValue::from_static("true"));
    }
    if let Some(n) = &job.notice
        && let Ok(v) = HeaderValue::from_str(&n.en)
    {
        h.insert("x-ocop-notice", v);
    }
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
    Ok(
        match blocking(move || app.label_range(&who, id, q.into())).await? {
            RangeOutput::Page(page, notice) => {
                axum::Json(LabelPageView { page, notice }).into_response()
            }
            RangeOutput::Csv(job) => csv_response(job),
            RangeOutput::Pdf(job, sheet) => pdf_response(job, sheet),
        },
    )
}

fn attachment(resp: &mut Response, content_type: &'static str, name: &str) {
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
}

/// CSV rows for an inkjet line, streamed as an attachment (the API and the console).
pub(super) fn csv_response(job: PrintJob) -> Response {
    let (id, f, t) = (job.batch.id, job.run.from, job.run.to);
    let mut resp = Response::new(Body::empty());
    notice_header(&mut resp, &job);
    *resp.body_mut() = stream_body("label output", move |w| {
        let issuer = job.issuer().ok_or(RenderError::Font)?;
        let template = job.batch.unit_label(f);
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pin = |serial: u32| job.pin(serial).unwrap_or_default();
        let pins: Option<&(dyn Fn(u32) -> String + Sync)> = if job.pin(f).is_some() {
            Some(&pin)
        } else {
            None
        };
        crate::label::bulk::write_csv(issuer, &template, &job.base_url, f, t, threads, pins, w)?;
        Ok::<(), RenderError>(())
    });
    attachment(
        &mut resp,
        "text/csv; charset=utf-8",
        &format!("labels-{id}-{f}-{t}.csv"),
    );
    resp
}

/// An A4 sheet of labels, streamed as an attachment (the API and the console).
pub(super) fn pdf_response(job: PrintJob, sheet: SheetSpec) -> Response {
    let (id, f, t) = (job.batch.id, job.run.from, job.run.to);
    let mut resp = Response::new(Body::empty());
    notice_header(&mut resp, &job);
    *resp.body_mut() = stream_body("label output", move |w| {
        let contents = (f..=t).map(|serial| job.content(serial).ok_or(RenderError::Font));
        crate::render::write_pdf_sheet(&sheet, contents, w)?;
        Ok::<(), RenderError>(())
    });
    attachment(
        &mut resp,
        "application/pdf",
        &format!("labels-{id}-{f}-{t}.pdf"),
    );
    resp
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
    let mut resp = body.into_response();
    notice_header(&mut resp, &job);
    let mime = if format == LabelFormat::Svg {
        "image/svg+xml"
    } else {
        "image/png"
    };
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    Ok(resp)
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
