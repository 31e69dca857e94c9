//! Online verification glue: gathers the facts [`judge`] needs from the key ring, the store
//! and two caches (batch contexts, labels already found valid), then judges.

use super::{App, ServiceError};
use crate::crypto::KeyStatus;
use crate::label::{LabelError, LabelIdentity, SignedLabel};
use crate::verify::{
    BatchContext, BatchFacts, BatchKnowledge, Facts, KeyState, ProductFacts, ScanEvidence,
    SubjectFacts, Verdict, judge,
};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Batch contexts and already-checked signatures, valid for one log size.
#[derive(Debug, Default)]
pub struct VerifyCache {
    generation: u64,
    contexts: std::collections::HashMap<String, Arc<BatchContext>>,
    valid: std::collections::HashSet<[u8; 32]>,
}

/// The facts about one label, gathered once, judged with or without scan evidence.
pub(crate) struct Gathered {
    pub parsed: Result<SignedLabel, LabelError>,
    key: KeyState,
    pub ctx: Option<Arc<BatchContext>>,
    signature_ok: bool,
}

impl Gathered {
    /// The unit a scan of this label counts for: only a label exactly as issued, by a
    /// trusted key, for a known batch (a forged or foreign label has no unit to count).
    pub fn unit(&self) -> Option<(u64, u32)> {
        let (Ok(signed), Some(ctx)) = (&self.parsed, &self.ctx) else {
            return None;
        };
        (self.key == KeyState::Trusted && self.signature_ok)
            .then_some((ctx.batch.id, signed.label.serial))
    }

    /// The verdict on `today`, with the evidence of a counted scan.
    pub fn judge(&self, today: chrono::NaiveDate, scans: Option<&ScanEvidence>) -> Verdict {
        let batch = match (&self.ctx, &self.parsed) {
            (Some(ctx), _) => BatchKnowledge::Known(ctx),
            _ => BatchKnowledge::NotFound,
        };
        let facts = Facts {
            key: self.key,
            batch,
            signature_ok: self.signature_ok,
        };
        judge(self.parsed.as_ref(), &facts, today, scans)
    }
}

impl App {
    /// Verifies a parsed (or unparseable) label against keys, store and today's date.
    pub fn verify_label(
        &self,
        parsed: Result<SignedLabel, LabelError>,
    ) -> Result<Verdict, ServiceError> {
        Ok(self.gather(parsed)?.judge(self.clock.today(), None))
    }

    /// The batch a label names, whatever the verdict on it: a page shows a forged label's
    /// claims next to the warning so the shopper can compare them with the pack. Cached.
    pub fn named_batch(
        &self,
        parsed: &Result<SignedLabel, LabelError>,
    ) -> Result<Option<Arc<BatchContext>>, ServiceError> {
        match parsed {
            Ok(signed) => self.batch_context(&signed.label.identity),
            Err(_) => Ok(None),
        }
    }

    /// Looks up what a verdict on `parsed` depends on; store reads only when the label
    /// parses and names a trusted key.
    pub(crate) fn gather(
        &self,
        parsed: Result<SignedLabel, LabelError>,
    ) -> Result<Gathered, ServiceError> {
        let mut g = Gathered {
            parsed,
            key: KeyState::Unknown,
            ctx: None,
            signature_ok: false,
        };
        let Ok(signed) = &g.parsed else {
            return Ok(g);
        };
        let label = &signed.label;
        let Some(key) = self.keys.get(&label.kid) else {
            return Ok(g);
        };
        if key.record.status == KeyStatus::Revoked {
            g.key = KeyState::Revoked;
            return Ok(g);
        }
        g.key = KeyState::Trusted;
        g.ctx = self.batch_context(&label.identity)?;
        if let Some(ctx) = &g.ctx
            && (1..=ctx.batch.quantity).contains(&label.serial)
        {
            // The label must be exactly what we would have issued: same key, same claims,
            // and a signature over them. A signature moved to another serial or batch fails.
            g.signature_ok = *label == ctx.batch.unit_label(label.serial)
                && self.signature_ok(key, &label.message(), &signed.sig);
        }
        Ok(g)
    }

    /// The batch a label names, with every fact a verdict shows, from a cache that is
    /// dropped whenever the log grows (any write to the store appends to the log).
    fn batch_context(&self, id: &LabelIdentity) -> Result<Option<Arc<BatchContext>>, ServiceError> {
        let generation = self.store.generation();
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
        let product = self.store.product(batch.product_id)?;
        let subject = self.store.subject(batch.subject_id)?;
        let contact = subject.as_ref().map(|s| s.contact.clone());
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
            facts: BatchFacts::from(&batch),
            certificates: self.store.certificates_of(batch.product_id)?,
            recall: self.store.recall(batch.id)?,
            log_index: self.store.batch_log_index(batch.id)?,
            pin_enabled: self.store.pin_secret(batch.id)?.is_some(),
            contact: contact.unwrap_or_default(),
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
            if cache.valid.len() > 50_000 {
                cache.valid.clear();
            }
            cache.valid.insert(digest);
        }
        ok
    }
}
