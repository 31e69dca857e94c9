//! Label output routes: URL pages (JSON), CSV for inkjet lines, PDF sheets, single PNG/SVG
//! labels, and the print-run history.

use super::extract::{ApiPath, ApiQuery, Auth};
use super::stream::stream_body;
use super::{ApiError, AppState, ErrorBody, blocking};
use crate::domain::PrintRun;
use crate::render::{Ecc, LabelSpec, RenderError, SheetSpec, lay_out, render_png, render_svg};
use crate::service::{LabelFormat, LabelPage, PrintJob, PrintNotice, ServiceError};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

/// Options of a label range request.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RangeQuery {
    /// `json` (default, paged URLs), `csv` (serial,url rows) or `pdf` (A4 sheet).
    pub format: Option<LabelFormat>,
    /// First serial (default 1).
    pub from: Option<u32>,
    /// Last serial (default: the batch quantity for csv/pdf; one page for json).
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
pub struct SingleQuery {
    /// `png` (default) or `svg`.
    pub format: Option<LabelFormat>,
    /// Label size in mm (default 50 × 30) and resolution (default 300 dpi).
    pub width_mm: Option<f32>,
    pub height_mm: Option<f32>,
    pub dpi: Option<u32>,
    pub ecc: Option<Ecc>,
}

/// A JSON page of label URLs with its print run.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LabelPageView {
    #[serde(flatten)]
    pub page: LabelPage,
    pub print_run: PrintRun,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<PrintNotice>,
}

fn render_err(e: RenderError) -> ApiError {
    let status = match e {
        RenderError::BadSize(_) | RenderError::TooSmall(_) | RenderError::Qr(_) => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    ApiError::new(status, e.code(), e.to_string())
}

async fn start(
    s: &AppState,
    auth: &Auth,
    id: u64,
    from: u32,
    to: u32,
    format: LabelFormat,
) -> Result<PrintJob, ApiError> {
    let app = s.app.clone();
    let who = auth.0.clone();
    blocking(move || app.start_print_run(&who, id, from, to, format)).await
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
#[utoipa::path(get, path = "/api/v1/batches/{id}/labels", tag = "producer", params(RangeQuery),
    security(("bearer" = [])),
    responses((status = 200, body = LabelPageView, description = "JSON; CSV and PDF stream as text/csv and application/pdf"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn labels(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> Result<Response, ApiError> {
    let format = q.format.unwrap_or(LabelFormat::Json);
    let batch = s.app.batch_for(&auth.0, id)?;
    let from = q.from.unwrap_or(1);
    match format {
        LabelFormat::Json => {
            let limit = q.limit.unwrap_or(100).clamp(1, crate::service::MAX_PAGE);
            let to = q.to.unwrap_or(batch.quantity);
            let end = to.min(from.saturating_add(limit - 1));
            // Validate the whole requested range first, then record the page served.
            let page = s
                .app
                .label_page(&batch, Some(from), Some(to), Some(limit))?;
            let job = start(&s, &auth, id, from, end, format).await?;
            let mut resp = axum::Json(LabelPageView {
                page,
                print_run: job.run.clone(),
                notice: job.notice.clone(),
            })
            .into_response();
            notice_header(&mut resp, &job);
            Ok(resp)
        }
        LabelFormat::Csv => {
            let to = q.to.unwrap_or(batch.quantity);
            let job = start(&s, &auth, id, from, to, format).await?;
            let (f, t) = (job.run.from, job.run.to);
            let filename = format!("attachment; filename=\"labels-{id}-{f}-{t}.csv\"");
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
                crate::label::bulk::write_csv(
                    issuer,
                    &template,
                    &job.base_url,
                    f,
                    t,
                    threads,
                    pins,
                    w,
                )?;
                Ok::<(), RenderError>(())
            });
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            if let Ok(v) = HeaderValue::from_str(&filename) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            Ok(resp)
        }
        LabelFormat::Pdf => {
            let sheet = SheetSpec {
                columns: q.columns.unwrap_or(3),
                rows: q.rows.unwrap_or(8),
                margin_mm: q.margin_mm.unwrap_or(8.0),
                gap_mm: q.gap_mm.unwrap_or(3.0),
                ecc: q.ecc.unwrap_or(Ecc::M),
            };
            let to = q.to.unwrap_or(batch.quantity);
            // Refuse a sheet whose cells cannot hold a label before recording a print run.
            let probe = s.app.label_url(&batch, from.clamp(1, batch.quantity))?;
            let spec = sheet.label_spec().map_err(render_err)?;
            lay_out(&spec, &probe_content(&probe, &batch)).map_err(render_err)?;
            let job = start(&s, &auth, id, from, to, format).await?;
            let (f, t) = (job.run.from, job.run.to);
            let filename = format!("attachment; filename=\"labels-{id}-{f}-{t}.pdf\"");
            let mut resp = Response::new(Body::empty());
            notice_header(&mut resp, &job);
            *resp.body_mut() = stream_body("label output", move |w| {
                let contents = (f..=t).map(|serial| job.content(serial).ok_or(RenderError::Font));
                crate::render::write_pdf_sheet(&sheet, contents, w)?;
                Ok::<(), RenderError>(())
            });
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            );
            if let Ok(v) = HeaderValue::from_str(&filename) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            Ok(resp)
        }
        LabelFormat::Png | LabelFormat::Svg => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_format",
            "png and svg are single labels: GET /api/v1/batches/{id}/labels/{serial}?format=png|svg; ranges come as pdf or csv",
        )),
    }
}

fn probe_content(url: &str, batch: &crate::domain::Batch) -> crate::render::LabelContent {
    crate::render::LabelContent {
        url: url.to_owned(),
        product_name: String::new(),
        stars: Some(batch.star.get()),
        lot: batch.lot.to_string(),
        expiry: batch.expiry_date,
        serial: batch.quantity,
        quantity: batch.quantity,
        extra: None,
    }
}

/// One label as PNG or SVG.
#[utoipa::path(get, path = "/api/v1/batches/{id}/labels/{serial}", tag = "producer", params(SingleQuery),
    security(("bearer" = [])),
    responses((status = 200, description = "image/png or image/svg+xml"),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn single_label(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath((id, serial)): ApiPath<(u64, u32)>,
    ApiQuery(q): ApiQuery<SingleQuery>,
) -> Result<Response, ApiError> {
    let format = q.format.unwrap_or(LabelFormat::Png);
    if !matches!(format, LabelFormat::Png | LabelFormat::Svg) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_format",
            "a single label is png or svg",
        ));
    }
    let spec = LabelSpec {
        width_mm: q.width_mm.unwrap_or(50.0),
        height_mm: q.height_mm.unwrap_or(30.0),
        dpi: q.dpi.unwrap_or(300),
        ecc: q.ecc.unwrap_or(Ecc::M),
    };
    // Validate size and range before recording the print run.
    let batch = s.app.batch_for(&auth.0, id)?;
    if serial == 0 || serial > batch.quantity {
        return Err(
            ServiceError::from(crate::domain::DomainError::InvalidSerialRange(format!(
                "serial {serial} is not within 1..={}",
                batch.quantity
            )))
            .into(),
        );
    }
    let probe = s.app.label_url(&batch, serial)?;
    lay_out(&spec, &probe_content(&probe, &batch)).map_err(render_err)?;
    let job = start(&s, &auth, id, serial, serial, format).await?;
    let rendered = tokio::task::spawn_blocking(move || {
        let content = job.content(serial).ok_or(RenderError::Font)?;
        let drawing = lay_out(&spec, &content)?;
        let body = match format {
            LabelFormat::Svg => render_svg(&drawing).into_bytes(),
            _ => render_png(&drawing, spec.dpi)?,
        };
        Ok::<_, RenderError>((job, body))
    })
    .await
    .map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
        )
    })?;
    let (job, body) = rendered.map_err(render_err)?;
    let mut resp = body.into_response();
    notice_header(&mut resp, &job);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if format == LabelFormat::Svg {
            "image/svg+xml"
        } else {
            "image/png"
        }),
    );
    Ok(resp)
}

/// A batch's print runs (who printed which serials, reprints flagged).
#[utoipa::path(get, path = "/api/v1/batches/{id}/print-runs", tag = "producer",
    security(("bearer" = [])), responses((status = 200, body = Vec<PrintRun>)))]
pub async fn print_runs(
    State(s): State<AppState>,
    auth: Auth,
    ApiPath(id): ApiPath<u64>,
) -> Result<axum::Json<Vec<PrintRun>>, ApiError> {
    let batch = s.app.batch_for(&auth.0, id)?;
    let runs = s
        .app
        .store
        .print_runs(batch.id)
        .map_err(ServiceError::from)?;
    Ok(axum::Json(runs))
}
