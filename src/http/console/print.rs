//! Printing a batch from the console: a serial range and a layout (A4 sheets as PDF with
//! their grid, one label as PNG or SVG sized in mm, or CSV rows for an inkjet line), a
//! preview of the first label that is not a print run, the warning before a range is printed
//! again, and the batch's print history.

use super::batch::{load, runs};
use super::pages::{IdPath, Nav, service_page};
use super::posted::Posted;
use super::print_flow as flow;
use super::print_form::{PrintForm, layout, preview_label};
use super::session::SignedIn;
use crate::http::kit::i18n::fill;
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use crate::service::{BatchPage, LabelFormat};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// The print page (also the warning before a reprint, and the preview).
#[derive(Template)]
#[template(path = "console/print.html")]
struct PrintView {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    /// The batch page's title, for the link back.
    batch: String,
    form: PrintForm,
    csv_hint: String,
    errors: Vec<(&'static str, String)>,
    warning: Option<String>,
    /// Why nothing can be printed: the batch was recalled (no form, no download).
    recalled: Option<String>,
    /// (src, alt, heading, width and height in CSS px at 96 dpi)
    preview: Option<(String, String, String, u32, u32)>,
    runs: Vec<(String, bool)>,
}

impl PrintView {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

pub(super) fn print_page(
    who: &SignedIn,
    p: &BatchPage,
    status: StatusCode,
    form: PrintForm,
    errors: Vec<(&'static str, String)>,
    warning: Option<String>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let b = &p.view.batch;
    let uri: Uri = format!("/console/batches/{}/print", b.id)
        .parse()
        .unwrap_or_default();
    let heading = fill(t.print_title, &[b.lot.as_str()]);
    let preview = match (errors.is_empty(), layout(&form, t)) {
        (true, Ok(l)) => l.label().and_then(|spec| {
            let serial: u32 = form.from.trim().parse().ok()?;
            let serial = serial.clamp(1, b.quantity);
            let enc = |v: &str| {
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            let q = [
                ("serial", serial.to_string()),
                ("layout", form.layout.clone()),
                ("columns", form.columns.clone()),
                ("rows", form.rows.clone()),
                ("width_mm", form.width_mm.clone()),
                ("height_mm", form.height_mm.clone()),
                ("lang", lang.code().to_owned()),
            ]
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect::<Vec<_>>()
            .join("&");
            let px = |mm: f32| (mm * 96.0 / 25.4).round() as u32;
            Some((
                format!("/console/batches/{}/preview?{q}", b.id),
                fill(t.preview_alt, &[&serial.to_string(), b.lot.as_str()]),
                fill(t.preview_title, &[&lang.number(serial.into())]),
                px(spec.width_mm),
                px(spec.height_mm),
            ))
        }),
        _ => None,
    };
    let view = PrintView {
        shell: Shell::new(lang, &uri, heading.clone()),
        nav: Some(Nav::of(lang, &who.person)),
        id: b.id,
        heading,
        batch: fill(t.batch_title, &[b.lot.as_str()]),
        csv_hint: fill(
            t.layout_csv_hint,
            &[if p.pins { t.layout_csv_pin } else { "" }],
        ),
        form,
        errors,
        warning,
        recalled: p
            .view
            .recall
            .as_ref()
            .map(|r| fill(t.print_recalled, &[&lang.date(r.date), &r.reason])),
        preview: preview.filter(|_| p.view.recall.is_none()),
        runs: runs(lang, t, p),
    };
    page(status, &view)
}

/// GET /console/batches/{id}/print
pub async fn print_form(State(s): State<AppState>, IdPath(id): IdPath, who: SignedIn) -> Response {
    match load(&s, &who, id) {
        Ok(p) => print_page(
            &who,
            &p,
            StatusCode::OK,
            PrintForm::next(&p),
            Vec::new(),
            None,
        ),
        Err(e) => service_page(who.lang, &e),
    }
}

/// `Content-Disposition` with a file name a person recognises: `tem-MHD-2612-1-24.pdf`.
pub(super) fn named(mut resp: Response, lot: &str, from: u32, to: u32, ext: &str) -> Response {
    let lot: String = lot
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = if from == to {
        format!("tem-{lot}-so-{from}.{ext}")
    } else {
        format!("tem-{lot}-{from}-{to}.{ext}")
    };
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// POST /console/batches/{id}/print — the preview, the file, or the form again with a
/// refusal or the warning that the range was printed before.
pub async fn print(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    Posted { who, form: f }: Posted<PrintForm>,
) -> Response {
    let (p, plan, f) = match flow::prepare(&s, &who, id, f) {
        Ok(x) => x,
        Err(page) => return *page,
    };
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    match blocking(move || Ok(flow::produce(&app, &principal, id, plan))).await {
        Ok(Ok(out)) => flow::deliver(out, &p.view.batch.lot.to_string()),
        Ok(Err(e)) => flow::refused(&who, &p, f, &plan, e),
        Err(e) => service_page(who.lang, &e),
    }
}

/// GET /console/batches/{id}/preview — the first label of the chosen range as PNG, for the
/// print page's `<img>`. Not a print run: nothing is recorded.
pub async fn preview(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    who: SignedIn,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let Some((serial, spec)) = preview_label(&q, who.lang.t()) else {
        return StatusCode::UNPROCESSABLE_ENTITY.into_response();
    };
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    let format = LabelFormat::Png;
    match blocking(move || app.label_preview(&principal, id, serial, format, &spec)).await {
        Ok(png) => flow::png(png),
        Err(e) => service_page(who.lang, &e),
    }
}
