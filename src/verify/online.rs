//! Online verification against the store, as a shopper's scan triggers it.

use super::{Severity, VerdictCode};
use crate::crypto::KeyStatus;
use crate::domain::{
    Address, Batch, CertStatus, Certificate, IssuingLevel, Origin, Product, Recall, Subject,
    SubjectKind,
};
use crate::label::{LabelError, LabelIdentity, SignedLabel, UnitLabel};
use crate::service::{App, ServiceError};
use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::sync::Arc;

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
    fn new(c: &Certificate, today: NaiveDate) -> Self {
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
    pub certificates: Vec<Certificate>,
    pub current: Option<Certificate>,
    pub recall: Option<Recall>,
    pub log_index: Option<u64>,
    pub pin_enabled: bool,
}

/// Batch contexts and already-checked signatures, valid for one log size.
#[derive(Debug, Default)]
pub struct VerifyCache {
    generation: u64,
    contexts: std::collections::HashMap<String, Arc<BatchContext>>,
    valid: std::collections::HashSet<[u8; 32]>,
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
    pub scans: Option<crate::service::ScanSummary>,
    /// Whether the batch has scratch-off PINs.
    pub pin_enabled: bool,
    /// When this unit's PIN was first entered correctly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Index of the batch's issuance in the public log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_index: Option<u64>,
}

impl Verdict {
    fn bare(code: VerdictCode, detail: String, today: NaiveDate) -> Self {
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

    /// The same verdict with another code (and its severity and sentences).
    pub fn with_code(mut self, code: VerdictCode, detail: String) -> Self {
        let fresh = Self::bare(code, detail, self.checked_on);
        self.code = fresh.code;
        self.severity = fresh.severity;
        self.signature_valid = fresh.signature_valid;
        self.message = fresh.message;
        self.detail = fresh.detail;
        self
    }
}

impl App {
    /// The batch a label names, with every fact a verdict shows, from a cache that is
    /// dropped whenever the log grows (any write to the store appends to the log).
    fn batch_context(&self, id: &LabelIdentity) -> Result<Option<Arc<BatchContext>>, ServiceError> {
        let generation = self.store.log_size()?;
        let key = id.message_form();
        if let Ok(mut cache) = self.verify_cache.lock() {
            if cache.generation != generation {
                cache.generation = generation;
                cache.contexts.clear();
            }
            if let Some(ctx) = cache.contexts.get(&key) {
                return Ok(Some(ctx.clone()));
            }
        }
        let batch = match id {
            LabelIdentity::Gs1 { gtin, lot } => match self.store.product_by_gtin(gtin)? {
                Some(p) => self.store.batch_by_lot(p.id, lot)?,
                None => None,
            },
            LabelIdentity::Batch { id } => self.store.batch(*id)?,
        };
        let Some(batch) = batch else { return Ok(None) };
        let product: Option<Product> = self.store.product(batch.product_id)?;
        let subject: Option<Subject> = self.store.subject(batch.subject_id)?;
        let certificates = self.store.certificates_of(batch.product_id)?;
        let ctx = Arc::new(BatchContext {
            product: product.map(|p| ProductFacts {
                id: p.id,
                name: p.name,
                group: p.group,
                gtin: p.gtin.map(|g| g.to_string()),
                brand: p.brand,
            }),
            subject: subject.map(|s| SubjectFacts {
                id: s.id,
                name: s.name,
                kind: s.kind,
                address: s.address,
            }),
            facts: BatchFacts {
                id: batch.id,
                gtin: batch.gtin.as_ref().map(ToString::to_string),
                lot: batch.lot.to_string(),
                production_date: batch.production_date,
                expiry_date: batch.expiry_date,
                quantity: batch.quantity,
                origin: batch.origin.clone(),
                issued_at: batch.issued_at.to_rfc3339(),
            },
            current: certificates
                .iter()
                .rev()
                .find(|c| c.superseded_by.is_none())
                .cloned(),
            certificates,
            recall: self.store.recall(batch.id)?,
            log_index: self.store.batch_log_index(batch.id)?,
            pin_enabled: self.store.pin_secret(batch.id)?.is_some(),
            batch,
        });
        if let Ok(mut cache) = self.verify_cache.lock() {
            if cache.contexts.len() > 50_000 {
                cache.contexts.clear();
            }
            cache.contexts.insert(key, ctx.clone());
        }
        Ok(Some(ctx))
    }

    /// Checks a label's signature, remembering labels already found valid (Ed25519 is
    /// deterministic, so a valid (message, signature) pair stays valid while its key does).
    fn signature_ok(&self, key: &crate::crypto::Issuer, msg: &[u8], sig: &[u8; 64]) -> bool {
        let digest: [u8; 32] = Sha256::new()
            .chain_update(msg)
            .chain_update(sig)
            .finalize()
            .into();
        if let Ok(cache) = self.verify_cache.lock()
            && cache.valid.contains(&digest)
        {
            return true;
        }
        let ok = key.check(msg, sig);
        if ok && let Ok(mut cache) = self.verify_cache.lock() {
            if cache.valid.len() > 200_000 {
                cache.valid.clear();
            }
            cache.valid.insert(digest);
        }
        ok
    }

    /// Verifies a parsed (or unparseable) label against keys, store and today's date.
    pub fn verify_label(
        &self,
        parsed: Result<SignedLabel, LabelError>,
    ) -> Result<Verdict, ServiceError> {
        let today = self.clock.today();
        let signed = match parsed {
            Ok(s) => s,
            Err(e) => return Ok(Verdict::bare(VerdictCode::Malformed, e.0, today)),
        };
        let label = &signed.label;
        let mut v = Verdict::bare(VerdictCode::Genuine, String::new(), today);
        v.label = Some(LabelFacts::from_label(label));
        let Some(key) = self.keys.get(&label.kid) else {
            let d = format!("key {} is not one of the issuer's keys", label.kid);
            return Ok(v.with_code(VerdictCode::UnknownKey, d));
        };
        if key.record.status == KeyStatus::Revoked {
            let d = format!("key {} was revoked", label.kid);
            return Ok(v.with_code(VerdictCode::KeyRevoked, d));
        }
        let Some(ctx) = self.batch_context(&label.identity)? else {
            let d = format!("no batch {}", label.identity.message_form());
            return Ok(v.with_code(VerdictCode::UnknownBatch, d));
        };
        let batch = &ctx.batch;
        if label.serial == 0 || label.serial > batch.quantity {
            let d = format!("serial {} is outside 1..={}", label.serial, batch.quantity);
            return Ok(v.with_code(VerdictCode::SerialOutOfRange, d));
        }
        // The label must be exactly what we would have issued: same key, same claims, and a
        // signature over them. A signature moved to another serial or batch fails here.
        if *label != batch.unit_label(label.serial)
            || !self.signature_ok(key, &label.message(), &signed.sig)
        {
            let d = "the signature does not match this serial, batch and claims".into();
            return Ok(v.with_code(VerdictCode::BadSignature, d));
        }
        v.product = ctx.product.clone();
        v.subject = ctx.subject.clone();
        v.batch = Some(ctx.facts.clone());
        v.certificate = ctx
            .current
            .as_ref()
            .map(|c| CertificateFacts::new(c, today));
        v.recall = ctx.recall.clone();
        v.history = ctx
            .certificates
            .iter()
            .map(|c| CertificateFacts::new(c, today))
            .collect();
        v.log_index = ctx.log_index;
        v.pin_enabled = ctx.pin_enabled;
        let cert_status = v.certificate.as_ref().map(|c| c.status);
        let (code, detail) = if let Some(r) = &v.recall {
            (
                VerdictCode::BatchRecalled,
                format!("recalled on {}: {}", r.date, r.reason),
            )
        } else if batch.expiry_date < today {
            (
                VerdictCode::ProductExpired,
                format!("expired on {}", batch.expiry_date),
            )
        } else {
            match cert_status {
                Some(CertStatus::Revoked) | None => (
                    VerdictCode::CertificateRevoked,
                    "the product's certificate is revoked".into(),
                ),
                Some(CertStatus::Expired) => (
                    VerdictCode::CertificateExpired,
                    "the product's certificate has expired".into(),
                ),
                Some(CertStatus::Expiring) => (
                    VerdictCode::CertificateExpiring,
                    "the product's certificate ends within 30 days".into(),
                ),
                Some(CertStatus::Active | CertStatus::Superseded) => {
                    (VerdictCode::Genuine, "signature valid".into())
                }
            }
        };
        Ok(v.with_code(code, detail))
    }
}
