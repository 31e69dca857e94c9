//! A batch in the console: the confirmation of what was signed, and printing a serial range
//! as an A4 PDF sheet (with a warning before a range is printed again).

use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::session::SignedIn;
use crate::http::catalogue::Catalogue;
use crate::http::i18n::{Lang, fill, query_value};
use crate::http::labels::pdf_response;
use crate::http::respond::{Shell, page};
use crate::http::{ApiError, AppState, blocking};
use crate::service::{BatchPage, LabelFormat, RangeOutput, RangeRequest, default_sheet};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// Most labels one PDF holds (the API's limit).
const PDF_MAX: u32 = 10_000;

/// The batch page.
#[derive(Template)]
#[template(path = "console/batch.html")]
struct BatchView {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    fresh: bool,
    facts: Vec<(&'static str, String)>,
    recall: Option<String>,
    runs: Vec<(String, bool)>,
    may_recall: bool,
}

/// The print page (also the warning before a reprint).
#[derive(Template)]
#[template(path = "console/print.html")]
struct PrintView {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    /// The batch page's title, for the link back.
    batch: String,
    from: String,
    to: String,
    error: Option<String>,
    warning: Option<String>,
    runs: Vec<(String, bool)>,
}

/// The print form.
#[derive(Debug, Deserialize)]
pub struct PrintForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    reprint: Option<String>,
    #[serde(default)]
    csrf: String,
}

fn runs(lang: Lang, t: &'static Catalogue, p: &BatchPage) -> Vec<(String, bool)> {
    p.runs
        .iter()
        .map(|r| {
            let line = fill(
                t.print_run_line,
                &[
                    &lang.number(r.from.into()),
                    &lang.number(r.to.into()),
                    &lang.moment(r.at),
                ],
            );
            (line, r.reprint)
        })
        .collect()
}

pub(super) fn load(s: &AppState, who: &SignedIn, id: u64) -> Result<BatchPage, ApiError> {
    Ok(s.app.batch_page(&who.person.principal, id)?)
}

/// GET /console/batches/{id}
pub async fn show(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
) -> Response {
    let p = match load(&s, &who, id) {
        Ok(p) => p,
        Err(e) => return service_page(who.lang, &e),
    };
    let (lang, t) = (who.lang, who.lang.t());
    let b = &p.view.batch;
    let mut facts = vec![
        (
            t.product,
            p.product
                .as_ref()
                .map_or_else(|| format!("#{}", b.product_id), |p| p.name.clone()),
        ),
        (t.rating, fill(t.stars, &[&b.star.get().to_string()])),
        (t.lot, b.lot.to_string()),
        (t.produced, lang.date(b.production_date)),
        (t.expires, lang.date(b.expiry_date)),
        (
            t.quantity,
            lang.count(u64::from(b.quantity), t.unit_one, t.unit_many),
        ),
        (t.origin, origin_line(b)),
        (
            t.signature,
            fill(t.signed_at, &[&lang.moment(b.issued_at), &b.kid]),
        ),
    ];
    if p.pins {
        facts.push((t.pins, t.pin_yes.into()));
    }
    let heading = fill(t.batch_title, &[b.lot.as_str()]);
    let view = BatchView {
        shell: Shell::new(lang, &uri, heading.clone()),
        nav: Some(Nav::of(lang, &who.person)),
        id,
        heading,
        fresh: query_value(&uri, "new") == Some("1"),
        facts,
        recall: p
            .view
            .recall
            .as_ref()
            .map(|r| fill(t.recall_done, &[&lang.date(r.date), &r.reason])),
        runs: runs(lang, t, &p),
        may_recall: p.may_recall,
    };
    page(StatusCode::OK, &view)
}

fn origin_line(b: &crate::domain::Batch) -> String {
    let o = &b.origin;
    [
        Some(o.region.as_str()),
        o.commune.as_deref(),
        o.district.as_deref(),
        Some(o.province.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

#[expect(
    clippy::too_many_arguments,
    reason = "one page, its inputs spelled out"
)]
fn print_page(
    who: &SignedIn,
    uri: &Uri,
    p: &BatchPage,
    status: StatusCode,
    from: String,
    to: String,
    error: Option<String>,
    warning: Option<String>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let heading = fill(t.print_title, &[p.view.batch.lot.as_str()]);
    let view = PrintView {
        shell: Shell::new(lang, uri, heading.clone()),
        nav: Some(Nav::of(lang, &who.person)),
        id: p.view.batch.id,
        heading,
        batch: fill(t.batch_title, &[p.view.batch.lot.as_str()]),
        from,
        to,
        error,
        warning,
        runs: runs(lang, t, p),
    };
    page(status, &view)
}

/// GET /console/batches/{id}/print
pub async fn print_form(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
) -> Response {
    let p = match load(&s, &who, id) {
        Ok(p) => p,
        Err(e) => return service_page(who.lang, &e),
    };
    // Start after what was printed last, so the usual next step is no reprint.
    let next = p
        .runs
        .iter()
        .map(|r| r.to)
        .max()
        .map_or(1, |m| m.saturating_add(1));
    let q = p.view.batch.quantity;
    let from = if next > q { 1 } else { next };
    let to = q.min(from.saturating_add(PDF_MAX - 1));
    print_page(
        &who,
        &uri,
        &p,
        StatusCode::OK,
        from.to_string(),
        to.to_string(),
        None,
        None,
    )
}

/// POST /console/batches/{id}/print — the PDF, or the form again with a refusal or the
/// warning that the range was printed before.
pub async fn print(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
    axum::Form(f): axum::Form<PrintForm>,
) -> Response {
    if let Some(r) = who.csrf_refusal(&f.csrf) {
        return r;
    }
    let p = match load(&s, &who, id) {
        Ok(p) => p,
        Err(e) => return service_page(who.lang, &e),
    };
    let (lang, t) = (who.lang, who.lang.t());
    let q = p.view.batch.quantity;
    let range = match (f.from.trim().parse::<u32>(), f.to.trim().parse::<u32>()) {
        (Ok(a), Ok(b)) if a >= 1 && a <= b && b <= q && b - a < PDF_MAX => Some((a, b)),
        _ => None,
    };
    let Some((from, to)) = range else {
        let msg = fill(t.err_range, &[&lang.number(q.into())]);
        return print_page(
            &who,
            &uri,
            &p,
            StatusCode::UNPROCESSABLE_ENTITY,
            f.from,
            f.to,
            Some(msg),
            None,
        );
    };
    let principal = who.person.principal.clone();
    let before = match s.app.overlapping_runs(&principal, id, from, to) {
        Ok(r) => r,
        Err(e) => return service_page(lang, &e.into()),
    };
    if !before.is_empty() && f.reprint.is_none() {
        let lo = before
            .iter()
            .map(|r| r.from.max(from))
            .min()
            .unwrap_or(from);
        let hi = before.iter().map(|r| r.to.min(to)).max().unwrap_or(to);
        let span = format!("{}–{}", lang.number(lo.into()), lang.number(hi.into()));
        let warning = fill(t.reprint_warning, &[&span]);
        return print_page(
            &who,
            &uri,
            &p,
            StatusCode::CONFLICT,
            f.from,
            f.to,
            None,
            Some(warning),
        );
    }
    let app = s.app.clone();
    let req = RangeRequest {
        format: LabelFormat::Pdf,
        from: Some(from),
        to: Some(to),
        limit: None,
        sheet: default_sheet(),
    };
    match blocking(move || app.label_range(&principal, id, req)).await {
        Ok(RangeOutput::Pdf(job, sheet)) => pdf_response(job, sheet),
        Ok(_) => redirect(&href(lang, &format!("/console/batches/{id}/print"))),
        Err(e) if e.code == "invalid_serial_range" => {
            let msg = fill(t.err_range, &[&lang.number(q.into())]);
            print_page(
                &who,
                &uri,
                &p,
                StatusCode::UNPROCESSABLE_ENTITY,
                f.from,
                f.to,
                Some(msg),
                None,
            )
        }
        Err(e) => service_page(lang, &e),
    }
}
