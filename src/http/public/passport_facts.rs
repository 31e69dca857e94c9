//! The verdict page's product passport: the product with its OCOP stars, the certificate,
//! the producer, the batch and the batch's journey, grouped as a shopper asks about them.
//! Shared by the verdict page and, for the star badge, the resolver pages.

use crate::domain::{CertStatus, TraceEventType};
use crate::http::kit::catalogue::{Catalogue, cert_status, subject_kind};
use crate::http::kit::i18n::{Lang, fill};
use crate::ops::office::tel_href;
use crate::service::PublicStep;
use crate::verify::{BatchContext, Verdict};

/// One line of facts: a label, its value, and a link when the value is a phone number.
pub struct Row {
    pub key: &'static str,
    pub value: String,
    pub href: Option<String>,
}

/// A row without a link.
pub fn row(key: &'static str, value: impl Into<String>) -> Row {
    Row {
        key,
        value: value.into(),
        href: None,
    }
}

/// The OCOP stars as a badge: filled and empty stars drawn as text (hidden from screen
/// readers) and the rating in words beside them (the text alternative).
pub struct Badge {
    pub filled: String,
    pub empty: String,
    pub words: String,
    /// False when the certificate no longer holds (expired, revoked): the badge is greyed.
    pub valid: bool,
}

impl Badge {
    /// The badge of a `star`-star rating whose certificate stands at `status`; stars that no
    /// longer hold say so in words, not only in grey.
    pub fn new(t: &Catalogue, star: u8, potential_5: bool, status: CertStatus) -> Self {
        let star = star.min(5);
        let potential = if potential_5 { t.potential_5_star } else { "" };
        let valid = status.is_valid();
        let lapsed = if valid {
            String::new()
        } else {
            format!(" — {}", cert_status(t, status))
        };
        Self {
            filled: "★".repeat(usize::from(star)),
            empty: "☆".repeat(usize::from(5 - star)),
            words: format!(
                "{}{potential}{lapsed}",
                fill(t.pp_stars, &[&star.to_string()])
            ),
            valid,
        }
    }
}

/// One step of the batch's journey, as the page shows it.
pub struct Step {
    pub date: String,
    pub what: &'static str,
    pub place: Option<String>,
}

/// Everything the passport shows; empty parts are left out of the page.
pub struct Passport {
    pub name: Option<String>,
    pub group: Option<String>,
    pub badge: Option<Badge>,
    pub cert: Vec<Row>,
    pub producer: Vec<Row>,
    pub batch: Vec<Row>,
    pub journey: Vec<Step>,
}

impl Passport {
    /// The passport of a verdict, with the batch context and the public journey.
    pub fn new(
        v: &Verdict,
        lang: Lang,
        named: Option<&BatchContext>,
        journey: &[PublicStep],
    ) -> Self {
        let t = lang.t();
        let group = v.product.as_ref().and_then(|p| {
            let g = crate::domain::Rules::get().group(&p.group)?;
            Some(if lang == Lang::En { &g.en } else { &g.vi }.clone())
        });
        Self {
            name: v.product.as_ref().map(|p| p.name.clone()),
            group,
            badge: v
                .certificate
                .as_ref()
                .map(|c| Badge::new(t, c.star, c.potential_5_star, c.status)),
            cert: cert_rows(v, lang, named),
            producer: producer_rows(v, lang, named),
            batch: batch_rows(v, lang),
            journey: journey
                .iter()
                .map(|s| Step {
                    date: lang.day_of(s.time),
                    what: event_name(t, s.kind),
                    place: s.place.clone().filter(|p| !p.is_empty()),
                })
                .collect(),
        }
    }
}

/// The name of a traceability step in a shopper's words.
pub fn event_name(t: &Catalogue, k: TraceEventType) -> &'static str {
    match k {
        TraceEventType::Harvest => t.journey_harvest,
        TraceEventType::Commissioning => t.journey_commissioning,
        TraceEventType::Transformation => t.journey_transformation,
        TraceEventType::Packing => t.journey_packing,
        TraceEventType::Shipping => t.journey_shipping,
        TraceEventType::Receiving => t.journey_receiving,
        TraceEventType::Inspection => t.journey_inspection,
    }
}

fn stars(n: u8) -> String {
    "★".repeat(usize::from(n))
}

/// The certificate: its decision, then whether it holds and until when — or, revoked, when
/// and why it ended (never a stale "valid until").
fn cert_rows(v: &Verdict, lang: Lang, named: Option<&BatchContext>) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    let Some(c) = &v.certificate else {
        return rows;
    };
    rows.push(row(t.pp_status, cert_status(t, c.status)));
    let date = lang.date(c.decision_date);
    rows.push(row(
        t.certificate,
        fill(t.decision_of, &[&c.decision_no, &date, &c.issuing_body]),
    ));
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
    if v.history.len() > 1 {
        let h: Vec<String> = v
            .history
            .iter()
            .map(|c| format!("{} {}", stars(c.star), lang.date(c.decision_date)))
            .collect();
        rows.push(row(t.rating_history, h.join(" → ")));
    }
    rows
}

/// Who made it and how to reach them: a phone number is a tap-to-call link.
fn producer_rows(v: &Verdict, lang: Lang, named: Option<&BatchContext>) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    let Some(s) = &v.subject else {
        return rows;
    };
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
    // Today's units: street, commune, province. A district is history since July 2025.
    let a = &s.address;
    let addr: Vec<&str> = [
        a.street.as_deref(),
        a.commune.as_deref(),
        Some(a.province.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    rows.push(row(t.address, addr.join(", ")));
    rows
}

/// The batch: a recall first (it changes what the shopper does), then origin and dates.
fn batch_rows(v: &Verdict, lang: Lang) -> Vec<Row> {
    let t = lang.t();
    let mut rows = Vec::new();
    if let Some(r) = &v.recall {
        rows.push(row(
            t.recall,
            format!("{} — {}", lang.date(r.date), r.reason),
        ));
    }
    if let Some(b) = &v.batch {
        rows.push(row(t.lot, b.lot.clone()));
        rows.push(row(t.produced, lang.date(b.production_date)));
        rows.push(row(t.expires, lang.date(b.expiry_date)));
        rows.push(row(t.origin, b.origin.region.clone()));
        if let Some(l) = &v.label {
            let of = fill(
                t.serial_of,
                &[&l.serial.to_string(), &lang.number(u64::from(b.quantity))],
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
                fill(t.scans_text, &[&lang.number(sc.count), &day])
            };
            rows.push(row(t.scans, text));
        }
    }
    rows
}
