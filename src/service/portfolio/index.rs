//! The in-memory portfolio index: every subject and product with its certificates, and
//! batches counted by month, read from the store once and cached under the log size it
//! reflects. Separate from the views (dashboard, catalogue) because it is the one part that
//! reads the store and must stay right while other requests write.

use super::update::touched;
use crate::domain::{Batch, BatchId, Certificate, Product, ProductId, Subject};
use crate::service::{App, ServiceError, fold};
use chrono::Datelike;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// One product as the portfolio sees it.
#[derive(Debug, Clone)]
pub struct ProductEntry {
    pub product: Product,
    /// Its certificates, in id order.
    pub certificates: Vec<Certificate>,
    /// Folded product name + brand + subject name, for search.
    pub search_text: String,
}

impl ProductEntry {
    pub(super) fn new(
        product: Product,
        certificates: Vec<Certificate>,
        subject: Option<&Subject>,
    ) -> Self {
        let search_text = fold(&format!(
            "{} {} {}",
            product.name,
            product.brand.as_deref().unwrap_or(""),
            subject.map_or("", |s| s.name.as_str())
        ));
        Self {
            product,
            certificates,
            search_text,
        }
    }
}

/// What the portfolio computations read. Built once from the store, then brought up to date
/// from the log entries appended since (every write appends one), refetching only what they
/// name. Records sit behind `Arc`s so an update copies pointers, not records.
#[derive(Debug, Default, Clone)]
pub struct PortfolioIndex {
    pub subjects: HashMap<u64, Arc<Subject>>,
    /// Products in id order.
    pub products: Vec<Arc<ProductEntry>>,
    /// Month (YYYY-MM) → (batches, labels).
    pub batches_by_month: BTreeMap<String, (u64, u64)>,
    /// Batches a full build counted although their `batch_issued` entry lies at or after the
    /// generation it is filed under (written while it read): the next update skips them.
    pub(super) counted_ahead: HashSet<u64>,
}

impl PortfolioIndex {
    /// The product with this id.
    pub fn product(&self, id: ProductId) -> Option<&ProductEntry> {
        self.products
            .binary_search_by_key(&id, |e| e.product.id)
            .ok()
            .and_then(|i| self.products.get(i))
            .map(|e| e.as_ref())
    }

    /// Inserts or replaces a product, keeping id order.
    pub(super) fn put_product(&mut self, entry: ProductEntry) {
        let id = entry.product.id;
        match self.products.binary_search_by_key(&id, |e| e.product.id) {
            Ok(i) => {
                if let Some(slot) = self.products.get_mut(i) {
                    *slot = Arc::new(entry);
                }
            }
            Err(i) => self.products.insert(i, Arc::new(entry)),
        }
    }

    pub(super) fn count_batch(&mut self, b: &Batch) {
        // The month in Vietnam (UTC+7): a batch issued at 06:00 on 1 December in Hà Nội is
        // December's, not November's.
        let vn = b.issued_at + chrono::TimeDelta::hours(7);
        let month = format!("{:04}-{:02}", vn.year(), vn.month());
        let e = self.batches_by_month.entry(month).or_default();
        e.0 += 1;
        e.1 += u64::from(b.quantity);
    }
}

/// Appended entries read before giving up on an update and rebuilding (a rebuild reads
/// every subject, product, certificate and batch: about a second at national scale).
const MAX_UPDATE_ENTRIES: u64 = 20_000;

impl App {
    /// The portfolio index as of the current log size: the cached one, brought up to date
    /// from the entries appended since, or rebuilt.
    pub fn portfolio(&self) -> Result<Arc<PortfolioIndex>, ServiceError> {
        let generation = self.store.log_size()?;
        let cached = self.portfolio_cache.lock().ok().and_then(|c| c.clone());
        let idx = match cached {
            // Another request already got further: that index is at least as new.
            Some((g, idx)) if g >= generation => return Ok(idx),
            Some((g, idx)) if generation - g <= MAX_UPDATE_ENTRIES => {
                match self.update_portfolio(&idx, g, generation)? {
                    Some(updated) => updated,
                    None => Arc::new(self.build_portfolio(generation)?),
                }
            }
            _ => Arc::new(self.build_portfolio(generation)?),
        };
        if let Ok(mut cache) = self.portfolio_cache.lock()
            && cache.as_ref().is_none_or(|(g, _)| *g < generation)
        {
            *cache = Some((generation, idx.clone()));
        }
        Ok(idx)
    }

    /// Reads every subject, product, certificate and batch into a new index filed under
    /// `generation` (a log size read before reading anything).
    fn build_portfolio(&self, generation: u64) -> Result<PortfolioIndex, ServiceError> {
        let mut idx = PortfolioIndex::default();
        let mut after = None;
        loop {
            let page = self.store.subjects(after, 1000)?;
            let Some(last) = page.last().map(|s| s.id) else {
                break;
            };
            idx.subjects
                .extend(page.into_iter().map(|s| (s.id, Arc::new(s))));
            after = Some(last);
        }
        // One pass over all certificates beats a prefix scan per product.
        let mut by_product: HashMap<u64, Vec<Certificate>> = HashMap::new();
        let mut after = None;
        loop {
            let page = self.store.certificates(after, 1000)?;
            let Some(last) = page.last().map(|c| c.id) else {
                break;
            };
            for c in page {
                by_product.entry(c.product_id).or_default().push(c);
            }
            after = Some(last);
        }
        let mut after = None;
        loop {
            let page = self.store.products(after, 1000)?;
            let Some(last) = page.last().map(|p| p.id) else {
                break;
            };
            for p in page {
                let certs = by_product.remove(&p.id).unwrap_or_default();
                let subject = idx.subjects.get(&p.subject_id).map(Arc::as_ref);
                let entry = ProductEntry::new(p, certs, subject);
                idx.products.push(Arc::new(entry));
            }
            after = Some(last);
        }
        // Batch ids come in order, so "did the scan see it" is a binary search.
        let mut seen: Vec<BatchId> = Vec::new();
        let mut after = None;
        loop {
            let page = self.store.batches(None, after, 1000)?;
            let Some(last) = page.last().map(|b| b.id) else {
                break;
            };
            for b in page {
                idx.count_batch(&b);
                seen.push(b.id);
            }
            after = Some(last);
        }
        // Batches issued while this ran may have been counted already; their entries come
        // after `generation`, so the next update must not count them again.
        let now = self.store.log_size()?;
        if now > generation {
            let entries = self.store.log_entries(generation, now)?;
            for (bytes, _) in &entries {
                if let Some(t) = touched([bytes.as_slice()]) {
                    for id in t.batches {
                        if seen.binary_search(&id).is_ok() {
                            idx.counted_ahead.insert(id);
                        }
                    }
                }
            }
        }
        Ok(idx)
    }
}
