//! Bringing a cached portfolio index up to date: the log entries appended since it was built
//! name what they touched, and only those records are read again. Separate from the full
//! build because its correctness argument (which entry kinds matter, batches counted ahead)
//! is its own.

use super::index::{PortfolioIndex, ProductEntry};
use crate::domain::{BatchId, CertificateId, ProductId, SubjectId};
use crate::service::{App, ServiceError};
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What a run of log entries touches in the portfolio.
#[derive(Debug, Default)]
pub(super) struct Touched {
    subjects: BTreeSet<SubjectId>,
    /// Products to refetch with their certificates.
    products: BTreeSet<ProductId>,
    /// Revoked certificates: their product is looked up.
    revoked: BTreeSet<CertificateId>,
    /// Batches issued, in log order.
    pub(super) batches: Vec<BatchId>,
}

impl Touched {
    fn is_empty(&self) -> bool {
        self.subjects.is_empty()
            && self.products.is_empty()
            && self.revoked.is_empty()
            && self.batches.is_empty()
    }
}

/// The kind and data of a log entry (see `docs/log-format.md`).
#[derive(Deserialize)]
struct EntryHead {
    kind: String,
    data: serde_json::Value,
}

/// Reads what entries touch; `None` when one cannot be understood (unknown kind, missing
/// id), so the caller rebuilds.
pub(super) fn touched<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Option<Touched> {
    use crate::domain::EventKind as K;
    let mut t = Touched::default();
    for bytes in entries {
        let head: EntryHead = serde_json::from_slice(bytes).ok()?;
        let id = |key: &str| head.data.get(key).and_then(serde_json::Value::as_u64);
        match K::parse(&head.kind)? {
            // Nothing the portfolio shows.
            K::KeyAdded
            | K::KeyStatusChanged
            | K::TokenCreated
            | K::TokenRevoked
            | K::PrintRun
            | K::TraceEvent
            | K::BatchRecalled
            | K::AccountCreated
            | K::AccountRoleChanged
            | K::AccountDisabled
            | K::AccountReset
            | K::AccountTotpEnabled
            | K::AccountTotpRemoved
            | K::ProductContentUpdated
            | K::DocumentAdded
            | K::DocumentConfirmed
            | K::ReportHandled => {}
            K::SubjectRegistered => {
                t.subjects.insert(id("subject_id")?);
            }
            K::ProductRegistered
            | K::CertificateGranted
            | K::CertificateUpgraded
            | K::CertificateDowngraded
            | K::CertificateRenewed
            | K::Potential5StarSet
            | K::Potential5StarCleared => {
                t.products.insert(id("product_id")?);
            }
            K::CertificateRevoked => {
                t.revoked.insert(id("certificate_id")?);
            }
            K::BatchIssued => t.batches.push(id("batch_id")?),
        }
    }
    Some(t)
}

impl App {
    /// Applies log entries `[from, to)` to `prev`; `None` if one cannot be understood or names
    /// a record that is missing.
    pub(super) fn update_portfolio(
        &self,
        prev: &Arc<PortfolioIndex>,
        from: u64,
        to: u64,
    ) -> Result<Option<Arc<PortfolioIndex>>, ServiceError> {
        let entries = self.store.log_entries(from, to)?;
        let Some(mut t) = touched(entries.iter().map(|(bytes, _)| bytes.as_slice())) else {
            return Ok(None);
        };
        if t.is_empty() {
            return Ok(Some(prev.clone()));
        }
        let mut idx = PortfolioIndex::clone(prev);
        for id in std::mem::take(&mut t.revoked) {
            let Some(c) = self.store.certificate(id)? else {
                return Ok(None);
            };
            t.products.insert(c.product_id);
        }
        for id in t.subjects {
            let Some(s) = self.store.subject(id)? else {
                return Ok(None);
            };
            let renamed = idx.subjects.get(&id).is_some_and(|old| old.name != s.name);
            let s = Arc::new(s);
            idx.subjects.insert(id, s.clone());
            if renamed {
                // Its products' search text carries the subject's name.
                for e in idx
                    .products
                    .iter_mut()
                    .filter(|e| e.product.subject_id == id)
                {
                    let old = e.as_ref().clone();
                    *e = Arc::new(ProductEntry::new(old.product, old.certificates, Some(&s)));
                }
            }
        }
        for id in t.products {
            let Some(p) = self.store.product(id)? else {
                return Ok(None);
            };
            let certs = self.store.certificates_of(id)?;
            let subject = idx.subjects.get(&p.subject_id).cloned();
            idx.put_product(ProductEntry::new(p, certs, subject.as_deref()));
        }
        for id in t.batches {
            if idx.counted_ahead.remove(&id) {
                continue;
            }
            let Some(b) = self.store.batch(id)? else {
                return Ok(None);
            };
            idx.count_batch(&b);
        }
        Ok(Some(Arc::new(idx)))
    }
}
