//! `/console/inspect/batches/{id}`: a batch's whole history on one page, in words — what was
//! signed, certificates then and now, print runs, scans and clone suspicions, traceability
//! events, recall, and its issuance-log entry with the inclusion proof checked — and its
//! EPCIS and CSV downloads, with the session (no bearer token).

use super::inspect_csv::{attachment, file_safe, history_csv};
use super::inspect_words::{
    CertView, LogView, cert_view, event_details, event_name, key_words, log_view,
};
use super::pages::{IdPath, Nav, service_page};
use super::session::SignedIn;
use crate::http::AppState;
use crate::http::kit::i18n::fill;
use crate::http::kit::respond::{Shell, page};
use crate::service::BatchHistory;
use askama::Template;
use axum::extract::{OriginalUri, State};
use axum::http::StatusCode;
use axum::response::Response;

/// An event as the page says it.
struct EventRow {
    title: String,
    details: Vec<String>,
}

/// The history page.
#[derive(Template)]
#[template(path = "console/inspect_batch.html")]
struct HistoryView {
    shell: Shell,
    nav: Option<Nav>,
    id: u64,
    heading: String,
    recall: Option<String>,
    facts: Vec<(&'static str, String)>,
    signed_by: String,
    record_ok: bool,
    jws: String,
    payload: String,
    cert_then: CertView,
    cert_now: Option<CertView>,
    runs: Vec<(String, bool)>,
    scans: String,
    anomalies: Vec<String>,
    events: Vec<EventRow>,
    log: Option<LogView>,
    back: String,
}

fn view(who: &SignedIn, uri: &axum::http::Uri, h: &BatchHistory) -> HistoryView {
    let (lang, t) = (who.lang, who.lang.t());
    let b = &h.view.batch;
    let record = h.record.as_ref().ok();
    // Names as signed, when the record reads; the register's otherwise.
    let product = record
        .map(|r| r.payload.product.name.clone())
        .or_else(|| h.product.as_ref().map(|p| p.name.clone()))
        .unwrap_or_default();
    let producer = record
        .map(|r| r.payload.subject.name.clone())
        .or_else(|| h.subject.as_ref().map(|s| s.name.clone()))
        .unwrap_or_default();
    let mut facts = vec![
        (t.product, product.clone()),
        (t.producer, producer),
        (t.rating, fill(t.stars, &[&b.star.get().to_string()])),
        (t.lot, b.lot.to_string()),
    ];
    if let Some(g) = &b.gtin {
        facts.push((t.insp_gtin_short, g.as_str().to_owned()));
    }
    facts.extend([
        (t.produced, lang.date(b.production_date)),
        (t.expires, lang.date(b.expiry_date)),
        (
            t.quantity,
            lang.count(u64::from(b.quantity), t.unit_one, t.unit_many),
        ),
        (t.origin, b.origin.line()),
    ]);
    if let Some(n) = &b.notes {
        facts.push((t.insp_notes, n.clone()));
    }
    let s = &h.scans;
    let scans = match (s.first, s.last) {
        (Some(first), Some(last)) => fill(
            t.insp_scans_line,
            &[
                &lang.count(s.scans, t.scan_one, t.scan_many),
                &lang.count(s.units as u64, t.label_one, t.label_many),
                &lang.count(s.places as u64, t.place_one, t.place_many),
                &lang.day_of(first),
                &lang.day_of(last),
            ],
        ),
        _ => t.insp_scans_none.to_owned(),
    };
    let cert_then = match &h.cert_issued {
        Some(c) => cert_view(lang, t, c, h.today),
        None => CertView {
            line: t.insp_cert_missing.to_owned(),
            status: String::new(),
            tone: "bad",
            extra: None,
        },
    };
    let cert_now = match (&h.cert_now, &h.cert_issued) {
        (Some(now), Some(then)) if now.id == then.id => None,
        (Some(now), _) => Some(cert_view(lang, t, now, h.today)),
        (None, _) => Some(CertView {
            line: t.insp_no_cert.to_owned(),
            status: String::new(),
            tone: "bad",
            extra: None,
        }),
    };
    let heading = fill(t.insp_batch_title, &[b.lot.as_str()]);
    HistoryView {
        shell: Shell::new(lang, uri, format!("{heading} — {product}")).wide(),
        nav: Some(Nav::of(lang, &who.person)),
        id: b.id,
        heading,
        recall: h
            .view
            .recall
            .as_ref()
            .map(|r| fill(t.recall_done, &[&lang.date(r.date), &r.reason])),
        facts,
        signed_by: fill(
            t.insp_signed_by,
            &[&lang.moment(b.issued_at), &b.kid, &key_words(lang, t, h)],
        ),
        record_ok: h.record.is_ok(),
        jws: b.record.clone(),
        payload: record
            .and_then(|r| serde_json::to_string_pretty(&r.payload).ok())
            .unwrap_or_default(),
        cert_then,
        cert_now,
        runs: h
            .runs
            .iter()
            .map(|r| {
                let mut line = fill(
                    t.print_run_line,
                    &[
                        &lang.number(r.from.into()),
                        &lang.number(r.to.into()),
                        &lang.moment(r.at),
                    ],
                );
                if !r.stars_printed {
                    line = format!("{line} — {}", t.insp_no_stars);
                }
                (line, r.reprint)
            })
            .collect(),
        scans,
        anomalies: h
            .anomalies
            .iter()
            .map(|(serial, st)| {
                fill(
                    t.insp_anomaly_line,
                    &[
                        &lang.number((*serial).into()),
                        &lang.count(st.count, t.scan_one, t.scan_many),
                        &lang.count(st.places.len() as u64, t.place_one, t.place_many),
                        &st.last.map(|d| lang.day_of(d)).unwrap_or_default(),
                    ],
                )
            })
            .collect(),
        events: h
            .events
            .iter()
            .map(|e| EventRow {
                title: format!("{} — {}", event_name(t, e.event_type), lang.moment(e.time)),
                details: event_details(t, e),
            })
            .collect(),
        log: log_view(lang, t, h),
        back: format!("/console/inspect?lang={}", lang.code()),
    }
}

async fn load(
    s: &AppState,
    who: &SignedIn,
    id: u64,
) -> Result<BatchHistory, crate::http::ApiError> {
    let app = s.app.clone();
    let principal = who.person.principal.clone();
    crate::http::blocking(move || app.batch_history(&principal, id)).await
}

/// GET /console/inspect/batches/{id}
pub async fn show(
    State(s): State<AppState>,
    OriginalUri(uri): OriginalUri,
    IdPath(id): IdPath,
    who: SignedIn,
) -> Response {
    match load(&s, &who, id).await {
        Ok(h) => page(StatusCode::OK, &view(&who, &uri, &h)),
        Err(e) => service_page(who.lang, &e),
    }
}

/// GET /console/inspect/batches/{id}/epcis — the EPCIS 2.0 document, as a file.
pub async fn epcis(State(s): State<AppState>, IdPath(id): IdPath, who: SignedIn) -> Response {
    let (app, principal) = (s.app.clone(), who.person.principal.clone());
    match crate::http::blocking(move || app.inspect_epcis_file(&principal, id)).await {
        Ok((doc, lot)) => attachment(
            doc.into_bytes(),
            "application/ld+json",
            &format!("epcis-lo-{}.jsonld", file_safe(lot.as_str())),
        ),
        Err(e) => service_page(who.lang, &e),
    }
}

/// GET /console/inspect/batches/{id}/history.csv — the history as a table, as a file.
pub async fn csv(State(s): State<AppState>, IdPath(id): IdPath, who: SignedIn) -> Response {
    match load(&s, &who, id).await {
        Ok(h) => attachment(
            history_csv(who.lang, &h),
            "text/csv; charset=utf-8",
            &format!("lich-su-lo-{}.csv", file_safe(h.view.batch.lot.as_str())),
        ),
        Err(e) => service_page(who.lang, &e),
    }
}
