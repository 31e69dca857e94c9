//! The steps of a print from the console, so its handler only chains them: check the form
//! against the batch (the page again when it cannot print yet: recalled, wrong fields, a
//! preview, or a range printed before without the reprint box), produce the file with one
//! service verb, and hand it over with a file name made from the lot and range.

use super::batch::load;
use super::pages::service_page;
use super::print::{named, print_page};
use super::print_form::{Layout, PrintForm, layout, range, too_small};
use super::session::SignedIn;
use crate::access::Principal;
use crate::http::AppState;
use crate::http::kit::i18n::fill;
use crate::http::kit::stream::{csv_response, pdf_response};
use crate::render::SheetSpec;
use crate::service::{App, BatchPage, LabelFormat, RangeOutput, RangeRequest, ServiceError};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A print the form asks for and the batch allows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    from: u32,
    to: u32,
    layout: Layout,
}

/// What a print produces.
pub(super) enum Output {
    Range(Box<RangeOutput>, u32, u32),
    Single(LabelFormat, Vec<u8>, u32),
}

fn stop<T>(page: Response) -> Result<T, Box<Response>> {
    Err(Box::new(page))
}

/// Loads the batch and checks the form against it; `Err` is the page to show instead: the
/// refusal, or the print page as [`plan`] answers.
pub(super) fn prepare(
    s: &AppState,
    who: &SignedIn,
    id: u64,
    f: PrintForm,
) -> Result<(BatchPage, Plan, PrintForm), Box<Response>> {
    let p = load(s, who, id).map_err(|e| Box::new(service_page(who.lang, &e)))?;
    let (plan, f) = plan(s, who, &p, f)?;
    Ok((p, plan, f))
}

/// Checks the form against the batch; `Err` is the print page to show instead (boxed: a
/// response is large and this is the rare path).
pub(super) fn plan(
    s: &AppState,
    who: &SignedIn,
    p: &BatchPage,
    f: PrintForm,
) -> Result<(Plan, PrintForm), Box<Response>> {
    let (ok, bad, conflict) = (
        StatusCode::OK,
        StatusCode::UNPROCESSABLE_ENTITY,
        StatusCode::CONFLICT,
    );
    if p.view.recall.is_some() {
        return stop(print_page(who, p, conflict, f, Vec::new(), None));
    }
    let (lang, t) = (who.lang, who.lang.t());
    let q = p.view.batch.quantity;
    let l = match layout(&f, t) {
        Ok(l) => l,
        Err(errors) => return stop(print_page(who, p, bad, f, errors, None)),
    };
    let Some((from, to)) = range(&f, &l, q) else {
        let msg = fill(t.err_range, &[&lang.number(q.into())]);
        return stop(print_page(who, p, bad, f, vec![("from", msg)], None));
    };
    if f.action == "preview" {
        return stop(print_page(who, p, ok, f, Vec::new(), None));
    }
    let before = s
        .app
        .overlapping_runs(&who.person.principal, p.view.batch.id, from, to)
        .map_err(|e| Box::new(service_page(lang, &e.into())))?;
    if !before.is_empty() && f.reprint.is_none() {
        let lo = before
            .iter()
            .map(|r| r.from.max(from))
            .min()
            .unwrap_or(from);
        let hi = before.iter().map(|r| r.to.min(to)).max().unwrap_or(to);
        let span = format!("{}–{}", lang.number(lo.into()), lang.number(hi.into()));
        let warning = Some(fill(t.reprint_warning, &[&span]));
        return stop(print_page(who, p, conflict, f, Vec::new(), warning));
    }
    Ok((
        Plan {
            from,
            to,
            layout: l,
        },
        f,
    ))
}

/// Records the print run and makes its file (a blocking call: run it off the async workers).
pub(super) fn produce(
    app: &App,
    who: &Principal,
    id: u64,
    plan: Plan,
) -> Result<Output, ServiceError> {
    let Plan { from, to, layout } = plan;
    let range = |format, sheet| RangeRequest {
        format,
        from: Some(from),
        to: Some(to),
        limit: None,
        sheet,
    };
    Ok(match layout {
        Layout::Sheet(sheet) => {
            let out = app.label_range(who, id, range(LabelFormat::Pdf, sheet))?;
            Output::Range(Box::new(out), from, to)
        }
        Layout::Single(LabelFormat::Csv, _) => {
            let out = app.label_range(who, id, range(LabelFormat::Csv, SheetSpec::default()))?;
            Output::Range(Box::new(out), from, to)
        }
        Layout::Single(format, spec) => {
            let (_, body) = app.render_single_label(who, id, from, format, &spec)?;
            Output::Single(format, body, from)
        }
    })
}

/// The file of a print, named after the lot and range.
pub(super) fn deliver(out: Output, lot: &str) -> Response {
    match out {
        Output::Range(range, from, to) => match *range {
            RangeOutput::Pdf(job, sheet) => named(pdf_response(job, sheet), lot, from, to, "pdf"),
            RangeOutput::Csv(job) => named(csv_response(job), lot, from, to, "csv"),
            // `produce` never asks for a JSON page.
            RangeOutput::Page(..) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        },
        Output::Single(format, body, serial) => {
            let (mime, ext) = if format == LabelFormat::Svg {
                ("image/svg+xml", "svg")
            } else {
                ("image/png", "png")
            };
            let resp = ([(header::CONTENT_TYPE, mime)], body).into_response();
            named(resp, lot, serial, serial, ext)
        }
    }
}

/// The preview's PNG: not a print run, so never kept by a cache.
pub(super) fn png(bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response()
}

/// The page for a print the service refused: beside the size fields when the label is too
/// small for its code, else the refusal page.
pub(super) fn refused(
    who: &SignedIn,
    p: &BatchPage,
    f: PrintForm,
    plan: &Plan,
    e: ServiceError,
) -> Response {
    match too_small(who.lang.t(), who.lang, &plan.layout, &e) {
        Some(err) => print_page(who, p, StatusCode::UNPROCESSABLE_ENTITY, f, vec![err], None),
        None => service_page(who.lang, &e.into()),
    }
}
