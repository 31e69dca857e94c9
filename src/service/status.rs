//! The signed status snapshot (`docs/status-snapshot.md`): what an offline verifier needs
//! beyond the key set to reach the online verdicts — key statuses, recalled batches and
//! batches whose product's certificate is revoked — signed by the issuer key, with a
//! sequence number (the log size it reflects) and a validity end after which it must not be
//! trusted. Built once per store generation and shared.

use super::{App, ServiceError};
use crate::domain::{CertStatus, Certificate};
use crate::verify::{BatchLine, KeyLine, STATUS_TYP, STATUS_VALID_DAYS, StatusSnapshot};
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::{Arc, Mutex, PoisonError};

/// The snapshot last built, with the store generation it was built at.
#[derive(Debug, Default)]
pub struct StatusCache {
    last: Mutex<Option<(u64, Arc<String>)>>,
}

impl App {
    /// The current status snapshot as a compact JWS (signed by the active issuer key).
    pub fn status_snapshot(&self) -> Result<Arc<String>, ServiceError> {
        let generation = self.store.generation();
        let mut last = self
            .status_cache
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((g, jws)) = last.as_ref()
            && *g == generation
        {
            return Ok(jws.clone());
        }
        let snapshot = self.build_status(self.clock.now())?;
        let payload = serde_json::to_vec(&snapshot)
            .map_err(|e| ServiceError::Store(crate::store::StoreError::Backend(e.to_string())))?;
        let issuer = self.keys.active().ok_or(ServiceError::NoSigningKey)?;
        let jws = crate::crypto::sign_jws(issuer, STATUS_TYP, &payload)
            .ok_or(ServiceError::NoSigningKey)?;
        let jws = Arc::new(jws);
        *last = Some((generation, jws.clone()));
        Ok(jws)
    }

    /// What the snapshot says now: recalls, and batches under a revoked certificate.
    pub fn build_status(&self, now: DateTime<Utc>) -> Result<StatusSnapshot, ServiceError> {
        let today = self.clock.today();
        let keys = self
            .keys
            .iter()
            .map(|k| KeyLine {
                kid: k.record.kid.clone(),
                status: k.record.status.as_str().to_owned(),
            })
            .collect();
        let mut batches = Vec::new();
        let mut revoked: std::collections::HashMap<u64, Option<Certificate>> =
            std::collections::HashMap::new();
        for b in self.store.batches(None, None, usize::MAX)? {
            let identity = b.label_identity().message_form();
            if let Some(r) = self.store.recall(b.id)? {
                batches.push(BatchLine {
                    batch: identity,
                    status: "batch_recalled".into(),
                    date: r.date,
                    reason: r.reason,
                });
                continue;
            }
            let current = match revoked.get(&b.product_id) {
                Some(c) => c.clone(),
                None => {
                    let certs = self.store.certificates_of(b.product_id)?;
                    let c = Certificate::in_force(&certs, today)
                        .filter(|c| c.status_on(today) == CertStatus::Revoked)
                        .cloned();
                    revoked.insert(b.product_id, c.clone());
                    c
                }
            };
            if let Some(rev) = current.and_then(|c| c.revocation) {
                batches.push(BatchLine {
                    batch: identity,
                    status: "certificate_revoked".into(),
                    date: rev.date,
                    reason: rev.reason,
                });
            }
        }
        Ok(StatusSnapshot {
            iss: self.base_url.to_string(),
            seq: self.store.log_size()?,
            generated_at: now,
            valid_until: now + TimeDelta::days(STATUS_VALID_DAYS),
            keys,
            batches,
        })
    }
}
