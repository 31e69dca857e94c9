//! The verdict page's view: the facts of a [`Verdict`] as the rows a shopper reads, every
//! label and sentence from the catalogue, dates in the shopper's form. The banner answers
//! "can I trust this?" first — a PIN that was used before changes it, not a line below it —
//! then the advice, then the product.

use super::advice::{pin_steps, steps};
use super::catalogue::{cert_status, headline, subject_kind, why};
use super::i18n::{Lang, fill};
use super::respond::Shell;
use crate::domain::CertStatus;
use crate::ops::office::tel_href;
use crate::service::ClaimOutcome;
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

/// One line of facts: a label, its value, and a link when the value is a phone number.
pub struct Row {
    key: &'static str,
    value: String,
    href: Option<String>,
}

fn row(key: &'static str, value: impl Into<String>) -> Row {
    Row {
        key,
        value: value.into(),
        href: None,
    }
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
    rows: Vec<Row>,
    inspector: Vec<Row>,
    pin_form: bool,
    pin_note: Option<String>,
    self_path: String,
    /// A suspected fake puts the report form first and open: that is the shopper's next step.
    report_first: bool,
    /// The product's passport (photos, story, confirmed documents), for a genuine label.
    pub(super) passport: Option<super::passport_view::PassportView>,
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
    ) -> Self {
        let t = lang.t();
        let checked = match pin {
            Some(PinAnswer::Checked(o)) => Some(o),
            _ => None,
        };
        // A PIN used before or locked is worse news than a genuine label: it sets the banner.
        let (pin_severity, pin_head) = match checked {
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
        let steps = checked
            .and_then(|o| pin_steps(t, o))
            .unwrap_or_else(|| steps(t, v.code));
        // The banner already says what the PIN showed; the line below is for the other answers.
        let claim = pin
            .filter(|_| pin_head.is_none())
            .map(|p| claim_line(lang, p));
        let pin_note = v
            .claimed_at
            .filter(|_| pin.is_none())
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
            rows: rows(v, lang, named),
            inspector: inspector(v, lang),
            pin_form: v.pin_enabled && v.code.signature_valid(),
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

fn stars(n: u8) -> String {
    "★".repeat(usize::from(n))
}

/// The facts, in the order a shopper asks about them: what, how good, who, where, when.
fn rows(v: &Verdict, lang: Lang, named: Option<&BatchContext>) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    // A recall is the one fact that changes what the shopper does: first.
    if let Some(r) = &v.recall {
        rows.push(row(
            t.recall,
            format!("{} — {}", lang.date(r.date), r.reason),
        ));
    }
    if let Some(p) = &v.product {
        rows.push(row(t.product, p.name.clone()));
        if let Some(g) = crate::domain::Rules::get().group(&p.group) {
            let name = if lang == Lang::En { &g.en } else { &g.vi };
            rows.push(row(t.group, name.clone()));
        }
    }
    if let Some(c) = &v.certificate {
        let potential = if c.potential_5_star {
            t.potential_5_star
        } else {
            ""
        };
        let status = cert_status(t, c.status);
        rows.push(row(
            t.rating,
            format!("{}{potential} — {status}", stars(c.star)),
        ));
        let date = lang.date(c.decision_date);
        rows.push(row(
            t.certificate,
            fill(t.decision_of, &[&c.decision_no, &date, &c.issuing_body]),
        ));
        // A revoked certificate's "valid until" is stale: say when and why it ended instead.
        let revocation = named
            .and_then(|n| n.certificates.iter().find(|x| x.id == c.id))
            .and_then(|x| x.revocation.as_ref());
        match (c.status, revocation) {
            (CertStatus::Revoked, Some(r)) => rows.push(row(
                t.revoked_on,
                fill(t.revoked_text, &[&lang.date(r.date), &r.reason]),
            )),
            (CertStatus::Revoked, None) => {}
            (CertStatus::Expired, _) => rows.push(row(t.expired_on, lang.date(c.valid_until))),
            _ => rows.push(row(t.valid_until, lang.date(c.valid_until))),
        }
    }
    if v.history.len() > 1 {
        let h: Vec<String> = v
            .history
            .iter()
            .map(|c| format!("{} {}", stars(c.star), lang.date(c.decision_date)))
            .collect();
        rows.push(row(t.rating_history, h.join(" → ")));
    }
    rows.extend(origin_rows(v, lang, named));
    rows
}

/// Who made it, how to reach them, where, which batch, and this unit's scans.
fn origin_rows(v: &Verdict, lang: Lang, named: Option<&BatchContext>) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    if let Some(s) = &v.subject {
        let kind = subject_kind(t, s.kind);
        // "Hợp tác xã X (Hợp tác xã)" says the kind twice.
        let name = if s.name.to_lowercase().starts_with(&kind.to_lowercase()) {
            s.name.clone()
        } else {
            format!("{} ({kind})", s.name)
        };
        rows.push(row(t.producer, name));
        if let Some(phone) = named.and_then(|n| n.contact.phone.as_ref()) {
            rows.push(Row {
                key: t.phone,
                value: phone.clone(),
                href: Some(tel_href(phone)),
            });
        }
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
        rows.push(row(t.address, addr.join(", ")));
    }
    if let Some(b) = &v.batch {
        rows.push(row(t.origin, b.origin.region.clone()));
        rows.push(row(t.lot, b.lot.clone()));
        rows.push(row(t.produced, lang.date(b.production_date)));
        rows.push(row(t.expires, lang.date(b.expiry_date)));
        if let Some(l) = &v.label {
            let of = fill(
                t.serial_of,
                &[&l.serial.to_string(), &b.quantity.to_string()],
            );
            rows.push(row(t.serial, of));
        }
    }
    if let Some(sc) = &v.scans {
        // A PIN answer or a bot's view counts no scan: do not print "0 times, first on ".
        if let Some(first) = sc.first.filter(|_| sc.count > 0) {
            let day = lang.day_of(first);
            let text = if sc.count == 1 {
                fill(t.scans_text_once, &[&day])
            } else {
                fill(t.scans_text, &[&sc.count.to_string(), &day])
            };
            rows.push(row(t.scans, text));
        }
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
