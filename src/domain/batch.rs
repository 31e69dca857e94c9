//! Product batches (lots) and their recalls.

use super::{
    CertificateId, DomainError, Gtin, Lot, ProductId, Star, SubjectId,
    text::{nfc_notes, nfc_opt, nfc_text},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Identifier of a batch in the store.
pub type BatchId = u64;

/// The largest batch a producer may declare.
pub const MAX_QUANTITY: u32 = 10_000_000;

/// Where the raw material came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Origin {
    /// Raw-material region, e.g. "Vùng dừa sáp Cầu Kè".
    pub region: String,
    pub province: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
}

impl Origin {
    /// Region, commune, (old) district and province on one line, as the signed record
    /// states them.
    pub fn line(&self) -> String {
        [
            Some(self.region.as_str()),
            self.commune.as_deref(),
            self.district.as_deref(),
            Some(self.province.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

/// Input for declaring a batch.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBatch {
    pub product_id: ProductId,
    /// GS1 AI 10: 1–20 characters of GS1 character set 82.
    pub lot: String,
    pub production_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub quantity: u32,
    pub origin: Origin,
    #[serde(default)]
    pub notes: Option<String>,
    /// Print a hidden scratch-off PIN on every unit (second factor for shoppers).
    #[serde(default)]
    pub scratch_pin: bool,
}

/// Validated batch facts, before signing.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchFacts {
    pub product_id: ProductId,
    pub lot: Lot,
    pub production_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub quantity: u32,
    pub origin: Origin,
    pub notes: Option<String>,
    pub scratch_pin: bool,
}

impl NewBatch {
    /// Validates lot, dates, quantity and text.
    pub fn validate(self) -> Result<BatchFacts, DomainError> {
        let lot = Lot::parse(&self.lot)?;
        if self.expiry_date < self.production_date {
            return Err(DomainError::InvalidDate(format!(
                "expiry date {} is before production date {}",
                self.expiry_date, self.production_date
            )));
        }
        if !(1..=MAX_QUANTITY).contains(&self.quantity) {
            return Err(DomainError::InvalidQuantity(format!(
                "quantity must be from 1 to {MAX_QUANTITY}, got {}",
                self.quantity
            )));
        }
        Ok(BatchFacts {
            product_id: self.product_id,
            lot,
            production_date: self.production_date,
            expiry_date: self.expiry_date,
            quantity: self.quantity,
            origin: Origin {
                region: nfc_text("origin.region", &self.origin.region, 200)?,
                province: nfc_text("origin.province", &self.origin.province, 100)?,
                district: nfc_opt("origin.district", self.origin.district.as_deref(), 100)?,
                commune: nfc_opt("origin.commune", self.origin.commune.as_deref(), 100)?,
            },
            notes: nfc_notes(self.notes.as_deref(), 2000)?,
            scratch_pin: self.scratch_pin,
        })
    }
}

/// An issued batch: immutable once stored. `record` is the signed batch record (JWS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Batch {
    pub id: BatchId,
    pub product_id: ProductId,
    pub subject_id: SubjectId,
    pub certificate_id: CertificateId,
    /// The product's GTIN at issuance; labels use GS1 Digital Link when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub gtin: Option<Gtin>,
    #[schema(value_type = String)]
    pub lot: Lot,
    pub production_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub quantity: u32,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The star the labels claim (certificate at issuance).
    #[schema(value_type = u8)]
    pub star: Star,
    /// The certificate validity the labels claim.
    pub cert_valid_until: NaiveDate,
    pub kid: String,
    pub issued_at: DateTime<Utc>,
    /// The signed batch record, JWS compact serialization (see docs/batch-record.md).
    pub record: String,
}

/// A recall event for a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Recall {
    pub batch_id: BatchId,
    pub reason: String,
    pub date: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    /// Token id of whoever recorded it.
    pub actor: String,
}

/// One label output request: who printed which serials, when, in what format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PrintRun {
    pub id: u64,
    pub batch_id: BatchId,
    pub from: u32,
    pub to: u32,
    /// `json`, `csv`, `pdf`, `png` or `svg`.
    pub format: String,
    /// Token id of the caller.
    pub actor: String,
    pub at: DateTime<Utc>,
    /// True when some serial of the range was output before.
    pub reprint: bool,
    /// False when the certificate was not valid at print time, so no stars were printed.
    pub stars_printed: bool,
}
