//! The verdict page's view: the facts of a [`Verdict`] as the rows a shopper reads, every
//! label and sentence from the catalogue, dates in the shopper's form.

use super::catalogue::{cert_status, subject_kind, why};
use super::i18n::{Lang, fill};
use super::respond::Shell;
use crate::service::ClaimOutcome;
use crate::verify::{Severity, Verdict};
use askama::Template;
use axum::http::Uri;

/// What became of a PIN the shopper typed, as the page reports it.
#[derive(Debug, Clone, Copy)]
pub enum PinAnswer<'a> {
    /// The service's answer to a well-formed PIN.
    Checked(&'a ClaimOutcome),
    /// Not eight digits: nothing was checked and no attempt was spent.
    Malformed,
}

/// The verdict page.
#[derive(Template)]
#[template(path = "verdict.html")]
pub struct VerdictPage {
    shell: Shell,
    tone: &'static str,
    icon: &'static str,
    code: &'static str,
    message: &'static str,
    claim: Option<(bool, String)>,
    rows: Vec<(&'static str, String)>,
    pin_form: bool,
    pin_note: Option<String>,
    self_path: String,
    why: &'static str,
    /// Danger verdicts open the report form: that is the shopper's next step.
    report_open: bool,
}

impl VerdictPage {
    /// The page of `v` at `uri`, with the answer to a PIN if one was just entered.
    pub fn new(v: &Verdict, lang: Lang, uri: &Uri, pin: Option<PinAnswer<'_>>) -> Self {
        let t = lang.t();
        let (tone, icon) = match v.severity {
            Severity::Ok => ("ok", "✔"),
            Severity::Notice => ("notice", "ℹ"),
            Severity::Warning => ("warning", "⚠"),
            Severity::Danger => ("danger", "✖"),
        };
        let pin_form = v.pin_enabled && v.code.signature_valid();
        let pin_note = v
            .claimed_at
            .filter(|_| pin.is_none())
            .map(|at| fill(t.pin_activated_on, &[&lang.day_of(at)]));
        Self {
            shell: Shell::new(lang, uri, format!("{} — {}", t.verdict_title, t.site_name)),
            tone,
            icon,
            code: v.code.as_str(),
            message: match lang {
                Lang::Vi => v.message.vi,
                Lang::En => v.message.en,
            },
            claim: pin.map(|p| claim_line(lang, p)),
            rows: rows(v, lang),
            pin_form,
            pin_note,
            self_path: format!("{}?{}", uri.path(), uri.query().unwrap_or("")),
            why: why(t, v.code),
            report_open: v.severity == Severity::Danger,
        }
    }
}

fn claim_line(lang: Lang, pin: PinAnswer<'_>) -> (bool, String) {
    let t = lang.t();
    match pin {
        PinAnswer::Malformed => (false, t.claim_malformed.to_owned()),
        PinAnswer::Checked(ClaimOutcome::Claimed { .. }) => (true, t.claim_ok.to_owned()),
        PinAnswer::Checked(ClaimOutcome::AlreadyClaimed { at }) => {
            (false, fill(t.claim_already, &[&lang.day_of(*at)]))
        }
        PinAnswer::Checked(ClaimOutcome::Wrong { remaining }) => {
            (false, fill(t.claim_wrong, &[&remaining.to_string()]))
        }
        PinAnswer::Checked(ClaimOutcome::Locked) => (false, t.claim_locked.to_owned()),
    }
}

fn stars(n: u8) -> String {
    "★".repeat(usize::from(n))
}

/// The facts, in the order a shopper asks about them: what, how good, who, where, when.
fn rows(v: &Verdict, lang: Lang) -> Vec<(&'static str, String)> {
    let t = lang.t();
    let mut rows = Vec::new();
    // A recall is the one fact that changes what the shopper does: first.
    if let Some(r) = &v.recall {
        rows.push((t.recall, format!("{} — {}", lang.date(r.date), r.reason)));
    }
    if let Some(p) = &v.product {
        rows.push((t.product, p.name.clone()));
        if let Some(g) = crate::domain::Rules::get().group(&p.group) {
            let name = if lang == Lang::En { &g.en } else { &g.vi };
            rows.push((t.group, name.clone()));
        }
    }
    if let Some(c) = &v.certificate {
        let potential = if c.potential_5_star {
            t.potential_5_star
        } else {
            ""
        };
        let status = cert_status(t, c.status);
        rows.push((t.rating, format!("{}{potential} — {status}", stars(c.star))));
        let date = lang.date(c.decision_date);
        rows.push((
            t.certificate,
            fill(t.decision_of, &[&c.decision_no, &date, &c.issuing_body]),
        ));
        rows.push((t.valid_until, lang.date(c.valid_until)));
    }
    if v.history.len() > 1 {
        let h: Vec<String> = v
            .history
            .iter()
            .map(|c| format!("{} {}", stars(c.star), lang.date(c.decision_date)))
            .collect();
        rows.push((t.rating_history, h.join(" → ")));
    }
    rows.extend(origin_rows(v, lang));
    rows
}

/// Who made it, where, which batch, and what the register knows of this unit.
fn origin_rows(v: &Verdict, lang: Lang) -> Vec<(&'static str, String)> {
    let t = lang.t();
    let mut rows = Vec::new();
    if let Some(s) = &v.subject {
        rows.push((
            t.producer,
            format!("{} ({})", s.name, subject_kind(t, s.kind)),
        ));
        let a = &s.address;
        let addr: Vec<&str> = [
            a.street.as_deref(),
            a.commune.as_deref(),
            a.district.as_deref(),
            Some(a.province.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        rows.push((t.address, addr.join(", ")));
    }
    if let Some(b) = &v.batch {
        rows.push((t.origin, b.origin.region.clone()));
        rows.push((t.lot, b.lot.clone()));
        rows.push((t.produced, lang.date(b.production_date)));
        rows.push((t.expires, lang.date(b.expiry_date)));
        if let Some(l) = &v.label {
            let of = fill(
                t.serial_of,
                &[&l.serial.to_string(), &b.quantity.to_string()],
            );
            rows.push((t.serial, of));
        }
    }
    if let Some(sc) = &v.scans {
        // A PIN answer or a bot's view counts no scan: do not print "0 times, first on ".
        if let Some(first) = sc.first.filter(|_| sc.count > 0) {
            let text = fill(t.scans_text, &[&sc.count.to_string(), &lang.day_of(first)]);
            rows.push((t.scans, text));
        }
    }
    if let Some(i) = v.log_index {
        rows.push((t.public_log, fill(t.log_entry, &[&i.to_string()])));
    }
    rows
}
