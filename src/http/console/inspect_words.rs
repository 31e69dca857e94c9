//! The history page's sentences: event kinds and details, certificates with their status
//! today, the signing key's standing, and the log check's outcome.

use crate::crypto::KeyStatus;
use crate::domain::{CertStatus, Certificate, TraceEvent, TraceEventType};
use crate::http::kit::catalogue::{Catalogue, cert_status};
use crate::http::kit::i18n::{Lang, fill};
use crate::service::{BatchHistory, ProofFailure};

/// A certificate as the page says it.
pub(super) struct CertView {
    pub(super) line: String,
    pub(super) status: String,
    pub(super) tone: &'static str,
    pub(super) extra: Option<String>,
}

/// The issuance-log paragraph and the raw data's links.
pub(super) struct LogView {
    pub(super) ok: bool,
    pub(super) line: String,
    pub(super) links: Vec<(String, &'static str)>,
}

/// A trace event's kind in words.
pub(super) fn event_name(t: &Catalogue, k: TraceEventType) -> &'static str {
    match k {
        TraceEventType::Harvest => t.ev_harvest,
        TraceEventType::Commissioning => t.ev_commissioning,
        TraceEventType::Transformation => t.ev_transformation,
        TraceEventType::Packing => t.ev_packing,
        TraceEventType::Shipping => t.ev_shipping,
        TraceEventType::Receiving => t.ev_receiving,
        TraceEventType::Inspection => t.ev_inspection,
    }
}

/// What an event says beyond its kind and time.
pub(super) fn event_details(t: &Catalogue, e: &TraceEvent) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(p) = &e.place {
        let place = [
            p.commune.as_deref(),
            p.district.as_deref(),
            Some(&p.province),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        out.push(fill(t.ev_at, &[&place]));
    }
    if let Some(s) = &e.supplier {
        out.push(fill(t.ev_from, &[&s.name]));
    }
    if let Some(c) = &e.customer {
        out.push(fill(t.ev_to, &[&c.name]));
    }
    if !e.inputs.is_empty() {
        let lots = e
            .inputs
            .iter()
            .map(|i| match &i.description {
                Some(d) => format!("{d} ({})", fill(t.ev_input_lot, &[&i.lot])),
                None => fill(t.ev_input_lot, &[&i.lot]),
            })
            .collect::<Vec<_>>()
            .join("; ");
        out.push(fill(t.ev_inputs, &[&lots]));
    }
    out.extend(e.notes.clone());
    out
}

pub(super) fn cert_view(
    lang: Lang,
    t: &'static Catalogue,
    c: &Certificate,
    today: chrono::NaiveDate,
) -> CertView {
    let status = c.status_on(today);
    let extra = match (status, &c.revocation, c.superseded_on) {
        (CertStatus::Revoked, Some(r), _) => {
            Some(fill(t.insp_revoked_on, &[&lang.date(r.date), &r.reason]))
        }
        (CertStatus::Superseded, _, Some(d)) => Some(fill(t.insp_superseded_on, &[&lang.date(d)])),
        _ => None,
    };
    CertView {
        line: fill(
            t.product_cert,
            &[
                &fill(t.stars, &[&c.star.get().to_string()]),
                &c.decision_no,
                &lang.date(c.decision_date),
                &c.issuing_body,
                &lang.date(c.valid_until),
            ],
        ),
        status: fill(t.insp_status_today, &[cert_status(t, status)]),
        tone: if status.is_valid() { "ok" } else { "bad" },
        extra,
    }
}

pub(super) fn key_words(lang: Lang, t: &'static Catalogue, h: &BatchHistory) -> String {
    match &h.key {
        None => t.key_unknown.to_owned(),
        Some(k) => match k.status {
            KeyStatus::Active => t.key_active_long.to_owned(),
            KeyStatus::Retired => t.key_retired_long.to_owned(),
            KeyStatus::Revoked => fill(
                t.key_revoked_long,
                &[&k.revoked_at.map(|d| lang.day_of(d)).unwrap_or_default()],
            ),
        },
    }
}

pub(super) fn log_view(lang: Lang, t: &'static Catalogue, h: &BatchHistory) -> Option<LogView> {
    let l = h.log.as_ref()?;
    let index = lang.number(l.index);
    let line = match l.outcome {
        Ok(()) => fill(
            t.insp_log_ok,
            &[
                &index,
                &lang.count(l.size, t.entry_one, t.entry_many),
                &lang.moment(l.signed_at),
            ],
        ),
        Err(ProofFailure::Checkpoint) => t.insp_log_bad_checkpoint.to_owned(),
        Err(ProofFailure::Entry) => fill(t.insp_log_bad_entry, &[&index]),
        Err(ProofFailure::Path) => fill(t.insp_log_bad_path, &[&index]),
    };
    let (i, n) = (l.index, l.size);
    Some(LogView {
        ok: l.outcome.is_ok(),
        line,
        links: vec![
            (
                format!("/api/v1/log/proof/inclusion?index={i}&size={n}"),
                t.insp_raw_proof,
            ),
            (
                format!("/api/v1/log/entries?start={i}&end={}", i + 1),
                t.insp_raw_entry,
            ),
            (format!("/api/v1/log/checkpoint/{n}"), t.insp_raw_checkpoint),
        ],
    })
}
