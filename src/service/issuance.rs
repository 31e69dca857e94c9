//! Issuing batches (signed records), unit labels and recalls.

use super::{App, ServiceError};
use crate::crypto::{Issuer, sign_jws};
use crate::domain::{Action, Principal};
use crate::domain::{
    Batch, BatchId, Certificate, DomainError, NewBatch, Origin, Product, Recall, Subject,
    text::nfc_text,
};
use crate::label::{LabelClaims, LabelIdentity, UnitLabel};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest;

/// `typ` of the JWS header of a batch record.
pub const RECORD_TYP: &str = "ocop-batch-record+jws";

/// The signed batch record (payload of the JWS), version 1. See `docs/batch-record.md`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct BatchRecord {
    /// Always `ocop-trace/batch-record/v1`.
    pub format: String,
    pub batch: RecordBatch,
    pub product: Product,
    /// base64url SHA-256 of the product's passport content (its canonical JSON) at
    /// issuance; absent when the product has no content, so older records keep their bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    pub subject: Subject,
    pub certificate: Certificate,
    /// How this batch's unit labels are built.
    pub label: RecordLabel,
    pub kid: String,
    pub issued_at: DateTime<Utc>,
}

/// Batch facts inside a record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct RecordBatch {
    pub id: BatchId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<String>,
    pub lot: String,
    pub production_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub quantity: u32,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Label parameters inside a record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct RecordLabel {
    pub format: String,
    /// The identity line of the label message, e.g. `01/08930000000019/10/LOT1`.
    pub identity: String,
    pub serials: String,
    pub star: u8,
    pub valid_until: NaiveDate,
}

/// One page of label URLs.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LabelPage {
    pub batch_id: BatchId,
    pub quantity: u32,
    pub from: u32,
    pub to: u32,
    pub labels: Vec<LabelEntry>,
    /// Serial to pass as `from` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_from: Option<u32>,
}

/// A serial and its URL.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LabelEntry {
    pub serial: u32,
    pub url: String,
}

/// Most labels one page may hold.
pub const MAX_PAGE: u32 = 1000;

impl Batch {
    /// The identity its labels carry.
    pub fn label_identity(&self) -> LabelIdentity {
        match &self.gtin {
            Some(gtin) => LabelIdentity::Gs1 {
                gtin: gtin.clone(),
                lot: self.lot.clone(),
            },
            None => LabelIdentity::Batch { id: self.id },
        }
    }

    /// The unsigned label of one serial.
    pub fn unit_label(&self, serial: u32) -> UnitLabel {
        UnitLabel {
            kid: self.kid.clone(),
            identity: self.label_identity(),
            serial,
            claims: LabelClaims {
                star: self.star,
                valid_until: self.cert_valid_until,
            },
        }
    }
}

impl App {
    fn signer(&self) -> Result<&Issuer, ServiceError> {
        self.keys.active().ok_or(ServiceError::NoSigningKey)
    }

    /// Declares and signs a batch of a certified product. The caller must be an admin or the
    /// producer owning the product; the product's certificate must be valid today.
    pub fn issue_batch(&self, who: &Principal, input: NewBatch) -> Result<Batch, ServiceError> {
        let facts = input.validate()?;
        // One read for everything below (one round trip on a networked store).
        let read = self
            .store
            .issuance_facts(facts.product_id, &facts.lot)?
            .ok_or_else(|| {
                ServiceError::NotFound(format!("product {} does not exist", facts.product_id))
            })?;
        let product = read.product;
        who.check(Action::ActFor(product.subject_id))?;
        let subject = read.subject.ok_or_else(|| {
            ServiceError::NotFound(format!("subject {} does not exist", product.subject_id))
        })?;
        let today = self.clock.today();
        let cert = Certificate::in_force(&read.certificates, today)
            .cloned()
            .ok_or_else(|| {
                DomainError::CertificateNotActive(format!(
                    "product {} has no OCOP certificate",
                    product.id
                ))
            })?;
        let status = cert.status_on(today);
        if !status.is_valid() {
            return Err(DomainError::CertificateNotActive(format!(
                "the certificate of product {} is {status:?} on {today}; batches can only be issued under a valid certificate",
                product.id
            ))
            .into());
        }
        if facts.expiry_date < today {
            return Err(DomainError::InvalidDate(format!(
                "expiry date {} has already passed",
                facts.expiry_date
            ))
            .into());
        }
        if read.lot_taken {
            return Err(crate::store::Conflict::new(
                "lot_taken",
                format!("lot {} already exists for this product", facts.lot),
            )
            .into());
        }
        let signer = self.signer()?;
        let now = self.clock.now();
        let scratch_pin = facts.scratch_pin;
        let mut batch = Batch {
            id: self.store.next_id()?,
            product_id: product.id,
            subject_id: subject.id,
            certificate_id: cert.id,
            gtin: product.gtin.clone(),
            lot: facts.lot,
            production_date: facts.production_date,
            expiry_date: facts.expiry_date,
            quantity: facts.quantity,
            origin: facts.origin,
            notes: facts.notes,
            star: cert.star,
            cert_valid_until: cert.valid_until,
            kid: signer.record.kid.clone(),
            issued_at: now,
            record: String::new(),
        };
        let record = BatchRecord {
            format: "ocop-trace/batch-record/v1".into(),
            batch: RecordBatch {
                id: batch.id,
                gtin: batch.gtin.as_ref().map(ToString::to_string),
                lot: batch.lot.to_string(),
                production_date: batch.production_date,
                expiry_date: batch.expiry_date,
                quantity: batch.quantity,
                origin: batch.origin.clone(),
                notes: batch.notes.clone(),
            },
            label: RecordLabel {
                format: crate::label::DOMAIN.into(),
                identity: batch.label_identity().message_form(),
                serials: format!("1..={}", batch.quantity),
                star: batch.star.get(),
                valid_until: batch.cert_valid_until,
            },
            content: read.content.and_then(|c| c.hash()),
            product,
            subject,
            certificate: cert,
            kid: batch.kid.clone(),
            issued_at: now,
        };
        let payload = serde_json::to_vec(&record)
            .map_err(|e| crate::store::StoreError::Backend(format!("encode record: {e}")))?;
        batch.record = sign_jws(signer, RECORD_TYP, &payload).ok_or(ServiceError::NoSigningKey)?;
        let record_hash: String = sha2::Sha256::digest(batch.record.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let ev = crate::domain::LogEvent::batch_issued(self.clock.now(), who, &batch, &record_hash);
        if scratch_pin {
            // Written before the batch so an acknowledged batch always has its PINs.
            self.enable_pins(batch.id)?;
        }
        self.store.insert_batch(&batch, &ev)??;
        Ok(batch)
    }

    /// A batch the caller may read.
    pub fn batch_for(&self, who: &Principal, id: BatchId) -> Result<Batch, ServiceError> {
        let b = self
            .store
            .batch(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("batch {id} does not exist")))?;
        who.check(Action::ReadSubject(b.subject_id))?;
        Ok(b)
    }

    /// The key that signs a batch's labels; refused once that key is revoked, since its
    /// labels would only ever verify as `key_revoked`.
    pub fn batch_signer(&self, batch: &Batch) -> Result<&Issuer, ServiceError> {
        let issuer = self
            .keys
            .get(&batch.kid)
            .ok_or(ServiceError::NoSigningKey)?;
        if issuer.record.status == crate::crypto::KeyStatus::Revoked {
            return Err(crate::store::Conflict::new(
                "key_revoked",
                format!(
                    "batch {} was signed with key {}, which is revoked; its labels can no longer be printed",
                    batch.id, batch.kid
                ),
            )
            .into());
        }
        Ok(issuer)
    }

    /// Signs one unit label and returns its URL. Labels are computed, never stored.
    pub fn label_url(&self, batch: &Batch, serial: u32) -> Result<String, ServiceError> {
        let label = batch.unit_label(serial);
        let issuer = self.batch_signer(batch)?;
        let sig = issuer
            .sign(&label.message())
            .ok_or(ServiceError::NoSigningKey)?;
        Ok(label.url(&self.base_url, &sig))
    }

    /// A page of label URLs for serials `from..=to` (at most [`MAX_PAGE`]).
    pub fn label_page(
        &self,
        batch: &Batch,
        from: Option<u32>,
        to: Option<u32>,
        limit: Option<u32>,
    ) -> Result<LabelPage, ServiceError> {
        let from = from.unwrap_or(1);
        let to = to.unwrap_or(batch.quantity);
        let limit = limit.unwrap_or(100).clamp(1, MAX_PAGE);
        if from == 0 || from > to || to > batch.quantity {
            return Err(DomainError::InvalidSerialRange(format!(
                "serial range {from}..={to} is not within 1..={}",
                batch.quantity
            ))
            .into());
        }
        let end = to.min(from.saturating_add(limit - 1));
        let labels = (from..=end)
            .map(|serial| {
                Ok(LabelEntry {
                    serial,
                    url: self.label_url(batch, serial)?,
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(LabelPage {
            batch_id: batch.id,
            quantity: batch.quantity,
            from,
            to: end,
            labels,
            next_from: (end < to).then(|| end + 1),
        })
    }

    /// Recalls a batch (its producer or an admin).
    pub fn recall_batch(
        &self,
        who: &Principal,
        id: BatchId,
        reason: &str,
        date: Option<NaiveDate>,
    ) -> Result<Recall, ServiceError> {
        let b = self.batch_for(who, id)?;
        who.check(Action::Recall(b.subject_id))?;
        let r = Recall {
            batch_id: id,
            reason: nfc_text("reason", reason, 500)?,
            date: date.unwrap_or_else(|| self.clock.today()),
            recorded_at: self.clock.now(),
            actor: who.token_id.clone(),
        };
        let ev = crate::domain::LogEvent::batch_recalled(self.clock.now(), who, id, &r);
        self.store.insert_recall(&r, &ev)??;
        Ok(r)
    }
}
