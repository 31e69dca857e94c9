//! The verdict page's view: the facts of a [`Verdict`] as the rows a shopper reads, every
//! label and sentence from the catalogue, dates in the shopper's form. The banner answers
//! "can I trust this?" first — a PIN that was used before changes it, not a line below it —
//! then the advice, then the product.

use crate::http::kit::catalogue::{headline, why};
use crate::http::kit::i18n::{Lang, fill};
use crate::http::kit::respond::Shell;
use crate::http::public::advice::{pin_steps, steps, used_before_steps};
use crate::http::public::passport_facts::{Passport, Row, row};
use crate::service::{ClaimOutcome, PublicStep};
use crate::verify::{BatchContext, Severity, Verdict, VerdictCode};
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
    headline: String,
    claim: Option<(bool, String)>,
    /// What the verdict means (the page's replacement for the API's `detail`).
    why: String,
    steps: Vec<&'static str>,
    /// What a label that is not genuine says it is, to compare with the pack.
    claims: Vec<Row>,
    /// The product passport (empty parts for a label that names no registered batch).
    pp: Passport,
    inspector: Vec<Row>,
    pin_form: bool,
    pin_note: Option<String>,
    self_path: String,
    /// A suspected fake puts the report form first and open: that is the shopper's next step.
    report_first: bool,
    /// The product's passport (photos, story, confirmed documents), for a genuine label.
    pub(in crate::http) passport: Option<crate::http::public::passport_view::PassportView>,
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Ok => 0,
        Severity::Notice => 1,
        Severity::Warning => 2,
        Severity::Danger => 3,
    }
}

impl VerdictPage {
    /// The page of `v` at `uri`, with the answer to a PIN if one was just entered and the
    /// batch the label names (looked up whatever the verdict).
    pub fn new(
        v: &Verdict,
        lang: Lang,
        uri: &Uri,
        pin: Option<PinAnswer<'_>>,
        named: Option<&BatchContext>,
        journey: &[PublicStep],
    ) -> Self {
        let t = lang.t();
        let checked = match pin {
            Some(PinAnswer::Checked(o)) => Some(o),
            _ => None,
        };
        // A genuine label whose PIN someone activated before this scan: amber, not green (the
        // new buyer of a refilled pack), worded so that the owner who activated it is calm.
        let used_before = v
            .claimed_at
            .filter(|_| pin.is_none() && v.severity == Severity::Ok);
        // A PIN used before or locked is worse news than a genuine label: it sets the banner.
        let (pin_severity, pin_head) = match checked {
            _ if used_before.is_some() => (
                Severity::Warning,
                used_before.map(|at| fill(t.head_pin_used_before, &[&lang.day_of(at)])),
            ),
            Some(ClaimOutcome::AlreadyClaimed { at }) => (
                Severity::Danger,
                Some(fill(t.head_pin_already, &[&lang.day_of(*at)])),
            ),
            Some(ClaimOutcome::Locked) => (Severity::Warning, Some(t.head_pin_locked.to_owned())),
            _ => (Severity::Ok, None),
        };
        let severity = if rank(pin_severity) > rank(v.severity) {
            pin_severity
        } else {
            v.severity
        };
        let (tone, icon) = match severity {
            Severity::Ok => ("ok", "✔"),
            Severity::Notice => ("notice", "ℹ"),
            Severity::Warning => ("warning", "⚠"),
            Severity::Danger => ("danger", "✖"),
        };
        let headline = pin_head
            .clone()
            .unwrap_or_else(|| headline(t, v.code).to_owned());
        let steps = match used_before {
            Some(_) => used_before_steps(t),
            None => checked
                .and_then(|o| pin_steps(t, o))
                .unwrap_or_else(|| steps(t, v.code)),
        };
        // The banner already says what the PIN showed; the line below is for the other answers.
        let claim = pin
            .filter(|_| pin_head.is_none())
            .map(|p| claim_line(lang, p));
        let pin_note = v
            .claimed_at
            .filter(|_| pin.is_none() && used_before.is_none())
            .map(|at| fill(t.pin_activated_on, &[&lang.day_of(at)]));
        // The report form comes first where the product may be fake; a recall or a date
        // past is no fake, and its advice (return it, do not use it) comes before a report.
        let suspect_fake = pin_severity == Severity::Danger
            || (v.severity == Severity::Danger
                && !matches!(
                    v.code,
                    VerdictCode::BatchRecalled | VerdictCode::ProductExpired
                ));
        let title = format!("{headline} — {}", t.site_name);
        Self {
            shell: Shell::new(lang, uri, title),
            tone,
            icon,
            code: v.code.as_str(),
            headline,
            claim,
            why: match (checked, &v.recall) {
                _ if used_before.is_some() => used_before
                    .map(|at| fill(t.why_pin_used_before, &[&lang.day_of(at)]))
                    .unwrap_or_default(),
                (Some(ClaimOutcome::AlreadyClaimed { .. }), _) => t.why_pin_already.to_owned(),
                (Some(ClaimOutcome::Locked), _) => t.why_pin_locked.to_owned(),
                // The recall's date and reason are what the shopper acts on: say them first.
                (_, Some(r)) if v.code == VerdictCode::BatchRecalled => {
                    fill(t.why_recalled_on, &[&lang.date(r.date), &r.reason])
                }
                _ => why(t, v.code).to_owned(),
            },
            steps,
            claims: if v.code.signature_valid() {
                Vec::new()
            } else {
                claims(v, lang, named)
            },
            pp: Passport::new(v, lang, named, journey),
            inspector: inspector(v, lang),
            // Once the PIN has answered for good (claimed, used before, locked), a second
            // form would only invite more tries.
            // Nor is a PIN any use on a product that must not be used.
            // A claimed unit is claimed: its form would only invite guesses.
            pin_form: v.pin_enabled
                && v.claimed_at.is_none()
                && v.code.signature_valid()
                && !matches!(
                    v.code,
                    VerdictCode::BatchRecalled | VerdictCode::ProductExpired
                )
                && !matches!(
                    checked,
                    Some(
                        ClaimOutcome::Claimed { .. }
                            | ClaimOutcome::AlreadyClaimed { .. }
                            | ClaimOutcome::Locked
                    )
                ),
            pin_note,
            self_path: format!("{}?{}", uri.path(), uri.query().unwrap_or("")),
            report_first: suspect_fake,
            passport: None,
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

/// What a label that failed the check names: product and lot from the register when the
/// batch exists, else the lot as printed, and the serial.
fn claims(v: &Verdict, lang: Lang, named: Option<&BatchContext>) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    if let Some(p) = named.and_then(|n| n.product.as_ref()) {
        rows.push(row(t.product, p.name.clone()));
    }
    if let Some(s) = named.and_then(|n| n.subject.as_ref()) {
        rows.push(row(t.producer, s.name.clone()));
    }
    let lot = named.map(|n| n.facts.lot.clone()).or_else(|| {
        let l = v.label.as_ref()?;
        l.identity.split_once("/10/").map(|(_, lot)| lot.to_owned())
    });
    if let Some(lot) = lot {
        rows.push(row(t.lot, lot));
    }
    if let Some(l) = &v.label {
        rows.push(row(t.serial, l.serial.to_string()));
    }
    rows
}

/// Facts only an inspector asks for, kept out of the shopper's way.
fn inspector(v: &Verdict, lang: Lang) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    if let Some(l) = &v.label {
        rows.push(row(t.insp_identity, l.identity.clone()));
    }
    if let Some(i) = v.log_index {
        rows.push(row(t.insp_log, fill(t.insp_log_entry, &[&i.to_string()])));
    }
    rows
}
