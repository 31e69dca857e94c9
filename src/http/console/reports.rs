//! Shoppers' reports of fakes for the office: newest first, each handled or not, with the
//! office's note, who wrote it and when. The state lives beside the report (keyed by its
//! id), so the report stays as the shopper sent it.

use super::pages::{IdPath, Nav, href, redirect, service_page};
use super::posted::Posted;
use super::session::SignedIn;
use crate::http::kit::catalogue::short_verdict;
use crate::http::kit::i18n::{fill, query_value};
use crate::http::kit::respond::{Shell, page};
use crate::http::{AppState, blocking};
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use serde::Deserialize;

/// Most reports one page shows (newest first), so it stays small on a phone.
const SHOWN: usize = 100;

/// A report as the page shows it.
struct Row {
    id: u64,
    when: String,
    text: String,
    facts: Vec<String>,
    label: Option<String>,
    batch: Option<String>,
    handled: bool,
    note: String,
    by: Option<String>,
    saved: bool,
}

/// The reports page.
#[derive(Template)]
#[template(path = "console/reports.html")]
struct ReportsPage {
    shell: Shell,
    nav: Option<Nav>,
    summary: String,
    rows: Vec<Row>,
    error: Option<(u64, &'static str)>,
}

/// GET /console/reports
pub async fn list(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    who: SignedIn,
) -> Response {
    let saved = query_value(&uri, "saved").and_then(|v| v.parse().ok());
    reports_page(&s, &who, saved, None)
}

fn reports_page(
    s: &AppState,
    who: &SignedIn,
    saved: Option<u64>,
    error: Option<(u64, &'static str)>,
) -> Response {
    let (lang, t) = (who.lang, who.lang.t());
    let lines = match s.app.office_reports(&who.person.principal) {
        Ok(l) => l,
        Err(e) => return service_page(lang, &e.into()),
    };
    let open = lines
        .iter()
        .filter(|l| !l.handling.as_ref().is_some_and(|h| h.handled))
        .count() as u64;
    let summary = fill(
        t.reports_summary,
        &[
            &lang.count(lines.len() as u64, t.report_one, t.report_many),
            &lang.number(open),
        ],
    );
    let rows = lines
        .into_iter()
        .take(SHOWN)
        .map(|l| {
            let r = l.report;
            let mut facts = Vec::new();
            if let Some(p) = &r.place {
                facts.push(fill(t.report_where, &[p]));
            }
            if let Some(v) = &r.verdict {
                facts.push(fill(t.report_verdict, &[short_verdict(t, v)]));
            }
            let by = l.handling.as_ref().map(|h| {
                fill(
                    t.report_by,
                    &[
                        l.handled_by.as_deref().unwrap_or(h.by.as_str()),
                        &lang.moment(h.at),
                    ],
                )
            });
            Row {
                id: r.id,
                when: lang.moment(r.at),
                text: r.text,
                facts,
                label: r.label.filter(|l| l.starts_with('/')),
                batch: r
                    .batch_id
                    .map(|b| href(lang, &format!("/console/batches/{b}"))),
                handled: l.handling.as_ref().is_some_and(|h| h.handled),
                note: l
                    .handling
                    .as_ref()
                    .and_then(|h| h.note.clone())
                    .unwrap_or_default(),
                by,
                saved: saved == Some(r.id),
            }
        })
        .collect();
    let view = ReportsPage {
        shell: Shell::new(lang, &Uri::from_static("/console/reports"), t.reports_title),
        nav: Some(Nav::of(lang, &who.person)),
        summary,
        rows,
        error,
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, &view)
}

/// What the handling form sends.
#[derive(Debug, Deserialize)]
pub struct HandleForm {
    #[serde(default)]
    handled: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    csrf: String,
}

super::posted::csrf_forms!(HandleForm);

/// POST /console/reports/{id}
pub async fn handle(
    State(s): State<AppState>,
    IdPath(id): IdPath,
    Posted { who, form: f }: Posted<HandleForm>,
) -> Response {
    let lang = who.lang;
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    let handled = f.handled.is_some();
    match blocking(move || app.handle_report(&principal, id, handled, &f.note)).await {
        Ok(_) => redirect(&href(lang, &format!("/console/reports?saved={id}#r{id}"))),
        Err(e) if e.code == "invalid_text" => {
            reports_page(&s, &who, None, Some((id, lang.t().err_note)))
        }
        Err(e) => service_page(lang, &e),
    }
}
