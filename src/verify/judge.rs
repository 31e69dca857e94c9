//! The verdict as a pure function of what is known about a label: no store, no clock, no
//! cache. Online verification, the CLI's offline check and any later offline verifier feed
//! it facts gathered their own way and get the same precedence of codes.

use super::{BatchContext, CertificateFacts, LabelFacts, Messages, Verdict, VerdictCode};
use crate::domain::{CertStatus, Certificate, Rules};
use crate::label::{LabelError, SignedLabel};
use chrono::NaiveDate;
use serde::Serialize;

/// The signing key named by the label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyState {
    /// Not one of the issuer's keys.
    Unknown,
    /// One of the issuer's keys, revoked: nothing it signed can be trusted.
    Revoked,
    /// An active or retired key of the issuer.
    Trusted,
}

/// What the verifier knows of the batch the label names.
#[derive(Debug, Clone, Copy)]
pub enum BatchKnowledge<'a> {
    /// The register's facts (online).
    Known(&'a BatchContext),
    /// The register has no such batch (online).
    NotFound,
    /// No register at hand (offline): only the label's own claims can be judged.
    Offline,
}

/// Scans of this unit and whether they look like several copies of one label.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ScanSummary {
    /// Scans of this unit so far, this one included.
    pub count: u64,
    pub first: Option<chrono::DateTime<chrono::Utc>>,
    pub distinct_sources: usize,
}

/// A scan summary with the clone-detection policy's judgement of it.
#[derive(Debug, Clone)]
pub struct ScanEvidence {
    pub summary: ScanSummary,
    /// The policy found more scans or places than one unit can have.
    pub suspected: bool,
    /// Why, for inspectors (English).
    pub detail: String,
}

/// Everything a verdict depends on.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub key: KeyState,
    pub batch: BatchKnowledge<'a>,
    /// The label is exactly what the issuer would have issued for this serial (same claims,
    /// valid signature). Read only when the key is trusted and, online, the batch is known
    /// and the serial in range, so callers may skip the check otherwise.
    pub signature_ok: bool,
}

/// Why a verdict has its code, for inspectors (English).
type Detail = String;

/// Codes in precedence order: the first whose condition holds is the verdict. Conditions of
/// the label itself come first (a forged label's batch facts mean nothing), then the
/// batch's state, then the certificate's, then the scans.
pub const PRECEDENCE: [VerdictCode; 13] = [
    VerdictCode::Malformed,
    VerdictCode::UnknownKey,
    VerdictCode::KeyRevoked,
    VerdictCode::UnknownBatch,
    VerdictCode::SerialOutOfRange,
    VerdictCode::BadSignature,
    VerdictCode::BatchRecalled,
    VerdictCode::ProductExpired,
    VerdictCode::CertificateRevoked,
    VerdictCode::CertificateExpired,
    VerdictCode::CloneSuspected,
    VerdictCode::CertificateExpiring,
    VerdictCode::Genuine,
];

/// Judges a label on `today` from `facts` and, for a counted scan, its evidence.
pub fn judge(
    label: Result<&SignedLabel, &LabelError>,
    facts: &Facts<'_>,
    today: NaiveDate,
    scans: Option<&ScanEvidence>,
) -> Verdict {
    let signed = match label {
        Ok(s) => s,
        Err(e) => return Verdict::bare(VerdictCode::Malformed, e.0.clone(), today),
    };
    let l = &signed.label;
    let (code, detail) = condition(signed, facts, today, scans);
    let mut v = Verdict::bare(code, detail, today);
    v.label = Some(LabelFacts::from_label(l));
    if let (BatchKnowledge::Known(ctx), true) = (facts.batch, code.signature_valid()) {
        v.product = ctx.product.clone();
        v.subject = ctx.subject.clone();
        v.batch = Some(ctx.facts.clone());
        v.certificate = ctx.current(today).map(|c| CertificateFacts::new(c, today));
        v.recall = ctx.recall.clone();
        v.history = ctx
            .certificates
            .iter()
            .map(|c| CertificateFacts::new(c, today))
            .collect();
        v.log_index = ctx.log_index;
        v.pin_enabled = ctx.pin_enabled;
        v.scans = scans.map(|s| s.summary.clone());
    }
    v
}

/// The first condition of [`PRECEDENCE`] that holds, with its detail.
fn condition(
    signed: &SignedLabel,
    facts: &Facts<'_>,
    today: NaiveDate,
    scans: Option<&ScanEvidence>,
) -> (VerdictCode, Detail) {
    let l = &signed.label;
    let kid = &l.kid;
    let offline = matches!(facts.batch, BatchKnowledge::Offline);
    match facts.key {
        KeyState::Unknown if offline => {
            return (
                VerdictCode::UnknownKey,
                format!("key {kid} is not in the JWKS"),
            );
        }
        KeyState::Unknown => {
            let d = format!("key {kid} is not one of the issuer's keys");
            return (VerdictCode::UnknownKey, d);
        }
        KeyState::Revoked if offline => {
            return (VerdictCode::KeyRevoked, format!("key {kid} is revoked"));
        }
        KeyState::Revoked => return (VerdictCode::KeyRevoked, format!("key {kid} was revoked")),
        KeyState::Trusted => {}
    }
    let ctx = match facts.batch {
        BatchKnowledge::NotFound => {
            let d = format!("no batch {}", l.identity.message_form());
            return (VerdictCode::UnknownBatch, d);
        }
        BatchKnowledge::Offline => return offline_claims(signed, facts, today),
        BatchKnowledge::Known(ctx) => ctx,
    };
    let batch = &ctx.batch;
    if l.serial == 0 || l.serial > batch.quantity {
        let d = format!("serial {} is outside 1..={}", l.serial, batch.quantity);
        return (VerdictCode::SerialOutOfRange, d);
    }
    if !facts.signature_ok {
        let d = "the signature does not match this serial, batch and claims".into();
        return (VerdictCode::BadSignature, d);
    }
    if let Some(r) = &ctx.recall {
        return (
            VerdictCode::BatchRecalled,
            format!("recalled on {}: {}", r.date, r.reason),
        );
    }
    if batch.expiry_date < today {
        let d = format!("expired on {}", batch.expiry_date);
        return (VerdictCode::ProductExpired, d);
    }
    match ctx.current(today).map(|c| c.status_on(today)) {
        Some(CertStatus::Revoked) | None => (
            VerdictCode::CertificateRevoked,
            "the product's certificate is revoked".into(),
        ),
        Some(CertStatus::Expired) => (
            VerdictCode::CertificateExpired,
            "the product's certificate has expired".into(),
        ),
        _ if scans.is_some_and(|s| s.suspected) => (
            VerdictCode::CloneSuspected,
            scans.map(|s| s.detail.clone()).unwrap_or_default(),
        ),
        Some(CertStatus::Expiring) => (
            VerdictCode::CertificateExpiring,
            "the product's certificate ends within 30 days".into(),
        ),
        Some(CertStatus::Active | CertStatus::Superseded) => {
            (VerdictCode::Genuine, "signature valid".into())
        }
    }
}

/// Offline, the label's own claims stand in for the register: its signature and the
/// certificate validity it was issued with.
fn offline_claims(
    signed: &SignedLabel,
    facts: &Facts<'_>,
    today: NaiveDate,
) -> (VerdictCode, Detail) {
    let kid = &signed.label.kid;
    if !facts.signature_ok {
        let d = "the signature does not match the label's content".into();
        return (VerdictCode::BadSignature, d);
    }
    let until = signed.label.claims.valid_until;
    if today > until {
        let d = format!("signature valid; the certificate claimed by the label ended on {until}");
        return (VerdictCode::CertificateExpired, d);
    }
    if (until - today).num_days() <= Rules::get().expiring_window_days {
        let d = format!("signature valid; the certificate ends on {until}");
        return (VerdictCode::CertificateExpiring, d);
    }
    let d = format!("signature valid (key {kid}); certificate valid until {until}");
    (VerdictCode::Genuine, d)
}

impl BatchContext {
    /// The product's certificate in force on `day`.
    pub fn current(&self, day: NaiveDate) -> Option<&Certificate> {
        Certificate::in_force(&self.certificates, day)
    }
}

impl Verdict {
    /// A verdict with only its code, sentences and detail.
    pub(crate) fn bare(code: VerdictCode, detail: String, today: NaiveDate) -> Self {
        Self {
            code,
            severity: code.severity(),
            signature_valid: code.signature_valid(),
            message: Messages {
                vi: code.message_vi(),
                en: code.message_en(),
            },
            detail,
            checked_on: today,
            label: None,
            product: None,
            subject: None,
            batch: None,
            certificate: None,
            recall: None,
            history: Vec::new(),
            scans: None,
            pin_enabled: false,
            claimed_at: None,
            log_index: None,
        }
    }
}
