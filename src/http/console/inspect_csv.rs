//! The inspector's CSV downloads (written with the `csv` crate): search results, one row a
//! batch, and a batch's history, one row a happening. Columns have stable names and codes;
//! the `description` column is in the page's language. A UTF-8 byte-order mark leads, so
//! that spreadsheet programs read Vietnamese as Vietnamese.

use super::inspect_words::{event_details, event_name};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::service::{BatchHistory, BatchHit};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};

const BOM: &[u8] = "\u{feff}".as_bytes();

/// `bytes` as a download named `name` (ASCII, made by [`file_safe`]).
pub fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A lot code as a file-name part: GS1 lots may hold `"`, `/`, `%` and the like.
pub fn file_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    let mut out = BOM.to_vec();
    // Writing into memory cannot fail; an error would only leave the body short.
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// Search results: one row a batch.
pub fn results_csv(_lang: Lang, hits: &[BatchHit]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "batch_id",
        "lot",
        "gtin",
        "product",
        "producer",
        "issued_at",
        "production_date",
        "expiry_date",
        "quantity",
        "stars",
        "issuing_body",
        "certificate_status_today",
        "recalled_on",
        "recall_reason",
        "print_runs",
        "trace_events",
    ]);
    for h in hits {
        let b = &h.batch;
        let _ = w.write_record([
            b.id.to_string(),
            b.lot.to_string(),
            b.gtin
                .as_ref()
                .map(|g| g.as_str().to_owned())
                .unwrap_or_default(),
            h.product_name.clone(),
            h.subject_name.clone(),
            time(b.issued_at),
            b.production_date.to_string(),
            b.expiry_date.to_string(),
            b.quantity.to_string(),
            b.star.get().to_string(),
            h.issuing_body.clone(),
            h.cert_status
                .and_then(|s| serde_json::to_value(s).ok())
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            h.recall
                .as_ref()
                .map(|r| r.date.to_string())
                .unwrap_or_default(),
            h.recall
                .as_ref()
                .map(|r| r.reason.clone())
                .unwrap_or_default(),
            h.print_runs.to_string(),
            h.trace_events.to_string(),
        ]);
    }
    finish(w)
}

fn print_line(lang: Lang, t: &Catalogue, r: &crate::domain::PrintRun) -> String {
    let line = fill(
        t.print_run_line,
        &[
            &lang.number(r.from.into()),
            &lang.number(r.to.into()),
            &lang.moment(r.at),
        ],
    );
    if r.reprint {
        format!("{line} ({})", t.reprint_tag)
    } else {
        line
    }
}

/// A batch's history: issuance, print runs, events, recall and suspected copies, by time.
pub fn history_csv(lang: Lang, h: &BatchHistory) -> Vec<u8> {
    let t = lang.t();
    let b = &h.view.batch;
    let mut rows: Vec<(DateTime<Utc>, String, String)> = vec![(
        b.issued_at,
        "batch_issued".into(),
        fill(
            t.csv_issued,
            &[
                &lang.count(u64::from(b.quantity), t.unit_one, t.unit_many),
                &b.kid,
            ],
        ),
    )];
    for r in &h.runs {
        let kind = if r.reprint { "reprint" } else { "print_run" };
        rows.push((r.at, kind.into(), print_line(lang, t, r)));
    }
    for e in &h.events {
        let mut d = vec![event_name(t, e.event_type).to_owned()];
        d.extend(event_details(t, e));
        let kind = serde_json::to_value(e.event_type)
            .ok()
            .and_then(|v| v.as_str().map(|s| format!("event_{s}")))
            .unwrap_or_default();
        rows.push((e.time, kind, d.join(" · ")));
    }
    if let Some(r) = &h.view.recall {
        rows.push((
            r.recorded_at,
            "recall".into(),
            fill(t.recall_done, &[&lang.date(r.date), &r.reason]),
        ));
    }
    for (serial, s) in &h.anomalies {
        let line = fill(
            t.insp_anomaly_line,
            &[
                &lang.number((*serial).into()),
                &lang.count(s.count, t.scan_one, t.scan_many),
                &lang.count(s.places.len() as u64, t.place_one, t.place_many),
                &s.last.map(|d| lang.day_of(d)).unwrap_or_default(),
            ],
        );
        rows.push((
            s.last.unwrap_or(b.issued_at),
            "clone_suspected".into(),
            line,
        ));
    }
    rows.sort_by_key(|r| r.0);
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["time", "kind", "batch_id", "lot", "description"]);
    for (at, kind, description) in rows {
        let _ = w.write_record([
            time(at),
            kind,
            b.id.to_string(),
            b.lot.to_string(),
            description,
        ]);
    }
    finish(w)
}
