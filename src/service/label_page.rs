//! What a label's page shows beside its verdict — the batch the label names, the batch's
//! public journey, the product's passport — and a PIN posted to a label, one verb each, so
//! the page handlers only render.

use super::{App, ClaimOutcome, PublicPassport, PublicStep, ServiceError};
use crate::label::{LabelError, SignedLabel};
use crate::verify::{BatchContext, Verdict};
use std::net::IpAddr;
use std::sync::Arc;

/// The parts of a label's page that every unit of a batch shows alike (each one cached).
#[derive(Debug, Default)]
pub struct LabelPageFacts {
    /// The batch the label names, whatever the verdict: a fake's claims are shown so the
    /// shopper can compare them with the pack.
    pub named: Option<Arc<BatchContext>>,
    /// The batch's public journey; empty unless the signature is valid.
    pub journey: Arc<Vec<PublicStep>>,
    /// The product's passport, for a genuine label when the page shows one.
    pub passport: Option<Arc<PublicPassport>>,
}

/// A PIN posted to a label URL, and what came of it.
#[derive(Debug)]
pub enum PinPost {
    /// The label takes no PIN (it does not verify, or its batch has none): nothing was
    /// checked or counted.
    NotTaken(Verdict),
    /// The PIN was checked (`Some`), or refused unread for not being eight digits (`None`,
    /// no try spent); the verdict is the one after the check.
    Answered {
        /// The service's answer to a well-formed PIN.
        outcome: Option<ClaimOutcome>,
        /// The label's verdict after the check (a claim shows on it at once).
        verdict: Verdict,
    },
}

impl PinPost {
    /// The verdict the page shows.
    pub fn verdict(&self) -> &Verdict {
        match self {
            Self::NotTaken(v) | Self::Answered { verdict: v, .. } => v,
        }
    }
}

impl App {
    /// What the page of `parsed` shows beside verdict `v`. A label that fails the check
    /// gets no journey and no passport: a fake must not borrow the real product's photos. A
    /// passport the store cannot read is left out rather than fail the page (the verdict
    /// matters more than the photos).
    pub fn label_page_facts(
        &self,
        v: &Verdict,
        parsed: &Result<SignedLabel, LabelError>,
        with_passport: bool,
    ) -> Result<LabelPageFacts, ServiceError> {
        let named = self.named_batch(parsed)?;
        let genuine = v.code.signature_valid();
        let journey = match &v.batch {
            Some(b) if genuine => self.public_timeline(b.id)?,
            _ => Arc::default(),
        };
        let passport = match &v.product {
            Some(p) if genuine && with_passport => self
                .public_passport(p.id)
                .inspect_err(|e| tracing::warn!(error = %e, product = p.id, "passport not shown"))
                .ok(),
            _ => None,
        };
        Ok(LabelPageFacts {
            named,
            journey,
            passport,
        })
    }

    /// A scratch-off PIN posted to the label `parse` reads: checked and counted only when the
    /// label is genuine and its batch takes PINs. A claim is a flushed write: call this off
    /// the async workers.
    pub fn post_pin(
        &self,
        parse: impl Fn() -> Result<SignedLabel, LabelError>,
        ip: Option<IpAddr>,
        user_agent: &str,
        pin: &str,
    ) -> Result<PinPost, ServiceError> {
        let verdict = self.scan_label(parse(), None)?;
        let (batch, serial) = match (&verdict.batch, &verdict.label) {
            (Some(b), Some(l)) if verdict.code.signature_valid() && verdict.pin_enabled => {
                (b.id, l.serial)
            }
            _ => return Ok(PinPost::NotTaken(verdict)),
        };
        let source = self.source_fingerprint(ip, user_agent, self.clock.today())?;
        // The service refuses a PIN that is not eight digits before it counts an attempt.
        let outcome = match self.claim_pin(batch, serial, pin, source) {
            Ok(o) => Some(o),
            Err(ServiceError::Domain(_)) => None,
            Err(e) => return Err(e),
        };
        let verdict = self.scan_label(parse(), None)?;
        Ok(PinPost::Answered { outcome, verdict })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> (crate::store::testing::TempStore, App) {
        let temp = crate::store::testing::temp().unwrap_or_else(|e| panic!("{e}"));
        let app = crate::service::test_app::app(&temp, Some(7));
        (temp, app)
    }

    fn first_label(app: &App) -> String {
        let report = crate::demo::load(app).unwrap_or_else(|e| panic!("{e}"));
        let id = report.batches[0];
        let batch = app.store.batch(id).ok().flatten();
        let batch = batch.unwrap_or_else(|| panic!("batch {id}"));
        app.label_url(&batch, 1).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_forged_label_names_its_batch_but_borrows_no_journey_or_passport() {
        let (_temp, app) = app();
        let url = first_label(&app);
        let genuine = SignedLabel::parse_url(&url);
        let v = app
            .verify_label(genuine.clone())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(v.code.signature_valid(), "{:?}", v.code);
        let f = app
            .label_page_facts(&v, &genuine, false)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(f.named.is_some() && f.passport.is_none());
        // One character of the signature changed: same batch named, nothing else shown.
        let at = url.find("s=").map_or(0, |i| i + 5);
        let swap = if url.as_bytes()[at] == b'A' { "B" } else { "A" };
        let forged_url = format!("{}{swap}{}", &url[..at], &url[at + 1..]);
        let forged = SignedLabel::parse_url(&forged_url);
        let v = app
            .verify_label(forged.clone())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!v.code.signature_valid(), "{:?}", v.code);
        let f = app
            .label_page_facts(&v, &forged, true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(f.named.is_some(), "a fake's claims are shown to compare");
        assert!(f.journey.is_empty() && f.passport.is_none());
    }

    #[test]
    fn a_pin_posted_to_a_batch_without_pins_is_not_taken() {
        let (_temp, app) = app();
        let url = first_label(&app);
        let posted = app
            .post_pin(|| SignedLabel::parse_url(&url), None, "test", "12345678")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(posted, PinPost::NotTaken(_)), "{posted:?}");
        assert!(posted.verdict().code.signature_valid());
    }
}
