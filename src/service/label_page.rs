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
