//! What a verdict shows: the facts of the label, batch, product, producer and certificate,
//! and the verdict itself.

use super::{Severity, VerdictCode};
use crate::domain::{
    Address, Batch, CertStatus, Certificate, IssuingLevel, Origin, Recall, SubjectKind,
};
use crate::label::UnitLabel;
use chrono::NaiveDate;
use serde::Serialize;

/// The verdict sentence in both languages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Messages {
    pub vi: &'static str,
    pub en: &'static str,
}

/// What the label itself says.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LabelFacts {
    pub kid: String,
    /// Identity line of the signed message.
    pub identity: String,
    pub serial: u32,
    pub star: u8,
    pub certificate_valid_until: NaiveDate,
}

impl LabelFacts {
    /// Facts of a parsed label.
    pub fn from_label(l: &UnitLabel) -> Self {
        Self {
            kid: l.kid.clone(),
            identity: l.identity.message_form(),
            serial: l.serial,
            star: l.claims.star.get(),
            certificate_valid_until: l.claims.valid_until,
        }
    }
}

/// Batch facts shown to a shopper.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BatchFacts {
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    pub lot: String,
    pub production_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub quantity: u32,
    pub origin: Origin,
    pub issued_at: String,
}

impl From<&Batch> for BatchFacts {
    fn from(b: &Batch) -> Self {
        Self {
            id: b.id,
            gtin: b.gtin.as_ref().map(ToString::to_string),
            lot: b.lot.to_string(),
            production_date: b.production_date,
            expiry_date: b.expiry_date,
            quantity: b.quantity,
            origin: b.origin.clone(),
            issued_at: b.issued_at.to_rfc3339(),
        }
    }
}

/// Certificate facts with the status as of the check.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificateFacts {
    pub id: u64,
    pub star: u8,
    pub potential_5_star: bool,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub issuing_body: String,
    pub level: IssuingLevel,
    pub valid_until: NaiveDate,
    pub status: CertStatus,
}

impl CertificateFacts {
    pub(crate) fn new(c: &Certificate, today: NaiveDate) -> Self {
        Self {
            id: c.id,
            star: c.star.get(),
            potential_5_star: c.potential_5_star,
            decision_no: c.decision_no.clone(),
            decision_date: c.decision_date,
            issuing_body: c.issuing_body.clone(),
            level: c.level,
            valid_until: c.valid_until,
            status: c.status_on(today),
        }
    }
}

/// Product facts shown to a shopper.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProductFacts {
    pub id: u64,
    pub name: String,
    pub group: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
}

/// Producer facts shown to a shopper.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubjectFacts {
    pub id: u64,
    pub name: String,
    pub kind: SubjectKind,
    pub address: Address,
}

/// Everything about a batch a verdict shows, cached between scans.
#[derive(Debug)]
pub struct BatchContext {
    pub batch: Batch,
    pub product: Option<ProductFacts>,
    pub subject: Option<SubjectFacts>,
    pub facts: BatchFacts,
    /// Every certificate of the product, oldest first.
    pub certificates: Vec<Certificate>,
    pub recall: Option<Recall>,
    pub log_index: Option<u64>,
    pub pin_enabled: bool,
    /// How to reach the producer, for the page (the JSON verdict does not carry it).
    pub contact: crate::domain::Contact,
}

/// The answer to a scan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Verdict {
    pub code: VerdictCode,
    pub severity: Severity,
    /// True when the label's signature is valid.
    pub signature_valid: bool,
    pub message: Messages,
    /// Technical detail for inspectors (English).
    pub detail: String,
    pub checked_on: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<LabelFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<SubjectFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchFacts>,
    /// The product's current certificate, with its status today.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateFacts>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<Recall>,
    /// The product's rating history, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<CertificateFacts>,
    /// Scans of this unit (when counted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scans: Option<super::ScanSummary>,
    /// Whether the batch has scratch-off PINs.
    pub pin_enabled: bool,
    /// When this unit's PIN was first entered correctly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Index of the batch's issuance in the public log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}
