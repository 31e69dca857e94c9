//! What the inspector's console pages read: batch search in pages with a count, and one
//! batch's whole history — signed record, certificates then and now, print runs, scans and
//! clone suspicions, traceability events, recall, and its issuance-log entry with the
//! inclusion proof checked here against the latest signed checkpoint. Every verb checks
//! [`Action::Inspect`]: the office and inspectors, never a producer.

use super::{App, BatchHit, BatchSearch, BatchView, RecordView, ServiceError};
use crate::crypto::{KeyRecord, KeyRing, KeyStatus};
use crate::domain::{
    Action, CertStatus, Certificate, Lot, Principal, PrintRun, Product, ScanStats, Subject,
    TraceEvent,
};
use crate::tlog::{self, Checkpoint, Hash};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

/// One page of search results, the number of all matches, and what the form offers.
#[derive(Debug)]
pub struct SearchPage {
    pub hits: Vec<BatchHit>,
    pub total: usize,
    pub subjects: Vec<Subject>,
    pub products: Vec<Product>,
    /// Every body that issued a certificate, by name.
    pub bodies: Vec<String>,
}

/// How a batch's units were scanned, in sum.
#[derive(Debug, Default)]
pub struct ScanTally {
    /// Units scanned at least once.
    pub units: usize,
    pub scans: u64,
    /// Places (coarse network regions) summed over units.
    pub places: usize,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

/// Why an issuance-log entry did not check out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofFailure {
    /// No valid issuer key signed the checkpoint.
    Checkpoint,
    /// The entry is not this batch's issuance, or names another record.
    Entry,
    /// The inclusion proof does not lead from the entry to the checkpoint's root.
    Path,
}

/// A batch's issuance-log entry and the outcome of checking it.
#[derive(Debug)]
pub struct LogCheck {
    pub index: u64,
    /// The size of the checkpoint the proof was checked against.
    pub size: u64,
    /// When that checkpoint was signed (they are signed on request).
    pub signed_at: DateTime<Utc>,
    pub outcome: Result<(), ProofFailure>,
}

/// Everything the history page shows about one batch.
#[derive(Debug)]
pub struct BatchHistory {
    pub view: BatchView,
    pub product: Option<Product>,
    pub subject: Option<Subject>,
    /// The signed record, checked against the key set, or why it does not verify.
    pub record: Result<RecordView, String>,
    pub key: Option<KeyRecord>,
    pub cert_issued: Option<Certificate>,
    pub cert_now: Option<Certificate>,
    pub today: NaiveDate,
    pub runs: Vec<PrintRun>,
    pub scans: ScanTally,
    pub anomalies: Vec<(u32, ScanStats)>,
    pub events: Vec<TraceEvent>,
    pub log: Option<LogCheck>,
}

impl BatchHistory {
    /// A certificate's status today.
    pub fn status(&self, c: &Certificate) -> CertStatus {
        c.status_on(self.today)
    }
}

/// Search results fetched per store pass.
const CHUNK: usize = 1000;

impl App {
    /// The matches of `q` from the `skip`-th, at most `take` of them, and how many match in
    /// all. Reuses the API's search, one chunk at a time, so the filters mean the same.
    pub fn inspect_matches(
        &self,
        who: &Principal,
        q: &BatchSearch,
        skip: usize,
        take: usize,
    ) -> Result<(Vec<BatchHit>, usize), ServiceError> {
        who.check(Action::Inspect)?;
        let mut q = BatchSearch {
            limit: Some(CHUNK),
            ..q.clone()
        };
        let (mut kept, mut total) = (Vec::new(), 0usize);
        loop {
            let chunk = self.search_batches(who, &q)?;
            let n = chunk.len();
            q.after = chunk.last().map(|h| h.batch.id);
            for h in chunk {
                if total >= skip && kept.len() < take {
                    kept.push(h);
                }
                total += 1;
            }
            if n < CHUNK {
                break;
            }
        }
        Ok((kept, total))
    }

    /// The search page: one page of matches, their count, and the subjects and products the
    /// form lists.
    pub fn inspect_search(
        &self,
        who: &Principal,
        q: &BatchSearch,
        skip: usize,
        take: usize,
    ) -> Result<SearchPage, ServiceError> {
        let (hits, total) = self.inspect_matches(who, q, skip, take)?;
        let products = self.store.products(None, usize::MAX)?;
        let mut bodies = Vec::new();
        for p in &products {
            bodies.extend(
                self.store
                    .certificates_of(p.id)?
                    .into_iter()
                    .map(|c| c.issuing_body),
            );
        }
        bodies.sort_by_key(|b| (super::fold(b), b.clone()));
        bodies.dedup();
        Ok(SearchPage {
            hits,
            total,
            subjects: self.store.subjects(None, usize::MAX)?,
            products,
            bodies,
        })
    }

    /// The batch's EPCIS document, for the office and inspectors only.
    pub fn inspect_epcis(
        &self,
        who: &Principal,
        id: u64,
    ) -> Result<serde_json::Value, ServiceError> {
        who.check(Action::Inspect)?;
        self.epcis_document(who, id)
    }

    /// The batch's EPCIS document with the batch's lot, which names the downloaded file.
    pub fn inspect_epcis_file(
        &self,
        who: &Principal,
        id: u64,
    ) -> Result<(String, Lot), ServiceError> {
        let doc = self.inspect_epcis(who, id)?;
        Ok((doc.to_string(), self.batch_for(who, id)?.lot))
    }

    /// A batch's whole history, its log entry checked.
    pub fn batch_history(&self, who: &Principal, id: u64) -> Result<BatchHistory, ServiceError> {
        who.check(Action::Inspect)?;
        let view = self.batch_view(who, id)?;
        let b = &view.batch;
        let record = match self.batch_record(who, id) {
            Ok(r) => Ok(r),
            Err(ServiceError::Conflict(c)) => Err(c.message),
            Err(e) => return Err(e),
        };
        self.write_back_scans()?;
        let mut scans = ScanTally::default();
        let mut anomalies = Vec::new();
        for (serial, s) in self.store.scans_of_batch(b.id)? {
            scans.units += 1;
            scans.scans += s.count;
            scans.places += s.places.len();
            scans.first = match (scans.first, s.first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            scans.last = scans.last.max(s.last);
            if self.clone_suspected(&s) {
                anomalies.push((serial, s));
            }
        }
        let log = match view.log_index {
            Some(index) => Some(self.check_log_entry(index, b.id, &b.record)?),
            None => None,
        };
        Ok(BatchHistory {
            product: self.store.product(b.product_id)?,
            subject: self.store.subject(b.subject_id)?,
            record,
            key: self.keys.get(&b.kid).map(|k| k.record.clone()),
            cert_issued: self.store.certificate(b.certificate_id)?,
            cert_now: self.current_certificate(b.product_id)?,
            today: self.clock.today(),
            runs: self.store.print_runs(b.id)?,
            events: self.store.trace_events(b.id)?,
            scans,
            anomalies,
            log,
            view,
        })
    }

    /// Signs the latest checkpoint, then checks the entry's inclusion proof against it, as an
    /// outside verifier would with the public endpoints.
    fn check_log_entry(
        &self,
        index: u64,
        batch_id: u64,
        record: &str,
    ) -> Result<LogCheck, ServiceError> {
        let signed_at = self.clock.now();
        let note = self.log_checkpoint(None)?;
        let size = note
            .lines()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let entry = self
            .store
            .log_entries(index, index + 1)?
            .pop()
            .map(|(bytes, _)| bytes)
            .unwrap_or_default();
        let proof = if index < size {
            self.store.log_inclusion(index, size)?
        } else {
            Vec::new()
        };
        let outcome =
            check_inclusion(&note, &self.keys, &entry, index, &proof, batch_id, record).map(|_| ());
        Ok(LogCheck {
            index,
            size,
            signed_at,
            outcome,
        })
    }
}

/// Checks that `entry`, at `index`, is the issuance of batch `batch_id` with signed record
/// `record`, and that `proof` leads from it to the root of the checkpoint `note`, signed by a
/// key of `keys` that is not revoked. Uses only the public log's data and the tlog code.
pub fn check_inclusion(
    note: &str,
    keys: &KeyRing,
    entry: &[u8],
    index: u64,
    proof: &[Hash],
    batch_id: u64,
    record: &str,
) -> Result<Checkpoint, ProofFailure> {
    let name = note.lines().next().unwrap_or_default();
    let cp = keys
        .iter()
        .filter(|k| k.record.status != KeyStatus::Revoked)
        .find_map(|k| tlog::open_checkpoint(note, name, &k.verifying.to_bytes()).ok())
        .ok_or(ProofFailure::Checkpoint)?;
    let parsed: serde_json::Value =
        serde_json::from_slice(entry).map_err(|_| ProofFailure::Entry)?;
    let record_sha256 = crate::service::hex(&Sha256::digest(record.as_bytes()));
    let names_it = parsed["kind"] == "batch_issued"
        && parsed["data"]["batch_id"].as_u64() == Some(batch_id)
        && parsed["data"]["record_sha256"].as_str() == Some(record_sha256.as_str());
    if !names_it {
        return Err(ProofFailure::Entry);
    }
    let leaf = tlog::leaf_hash(entry);
    if !tlog::verify_inclusion(&leaf, index, cp.size, proof, &cp.root) {
        return Err(ProofFailure::Path);
    }
    Ok(cp)
}

#[cfg(test)]
#[path = "inspection_tests.rs"]
mod tests;
