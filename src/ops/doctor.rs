//! `doctor`: a read-only examination of a store — counts per relation, records that do not
//! decode, batch records whose signature fails or disagrees with the stored batch, dangling
//! references, and the issuance log recomputed from its entries.

use crate::crypto::{KeyRing, verify_jws};
use crate::domain::{Batch, Certificate, LogLeaf, PrintRun, Product, Recall, Subject};
use crate::service::BatchRecord;
use crate::store::relations::{
    BATCHES as T_BATCHES, CERTIFICATES as T_CERTS, PRINT_RUNS as T_PRINT_RUNS,
    PRODUCTS as T_PRODUCTS, RECALLS as T_RECALLS, SUBJECTS as T_SUBJECTS,
};
use crate::store::{Store, StoreError};
use crate::tlog::{self, MemoryTree};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable code: `undecodable`, `bad_signature`, `record_mismatch`, `dangling_reference`,
    /// `missing_index`, `log_entry`, `log_root`, `key_permissions`.
    pub code: &'static str,
    /// Where and what.
    pub detail: String,
}

/// What `doctor` found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Records per logical relation.
    pub trees: Vec<(String, u64)>,
    /// Batch records whose signature was checked.
    pub batches_checked: u64,
    /// Log entries recomputed.
    pub log_entries: u64,
    pub problems: Vec<Problem>,
}

impl Report {
    fn problem(&mut self, code: &'static str, detail: String) {
        self.problems.push(Problem { code, detail });
    }

    /// True when nothing was found wrong.
    pub fn healthy(&self) -> bool {
        self.problems.is_empty()
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Decodes every value of a tree, reporting the ones that fail.
fn decode_all<T: DeserializeOwned>(
    store: &dyn Store,
    tree: &'static str,
    report: &mut Report,
) -> Result<Vec<T>, StoreError> {
    let mut out = Vec::new();
    store.records(tree, &mut |k, v| {
        match serde_json::from_slice(v) {
            Ok(x) => out.push(x),
            Err(e) => report.problem("undecodable", format!("{tree}/{}: {e}", hex(k))),
        }
        Ok(())
    })?;
    Ok(out)
}

/// Examines `store`; with `ring`, also checks every batch record's signature.
pub fn examine(store: &dyn Store, ring: Option<&KeyRing>) -> Result<Report, StoreError> {
    let mut report = Report {
        trees: store.relations()?,
        ..Report::default()
    };
    let subjects: Vec<Subject> = decode_all(store, T_SUBJECTS, &mut report)?;
    let products: Vec<Product> = decode_all(store, T_PRODUCTS, &mut report)?;
    let certs: Vec<Certificate> = decode_all(store, T_CERTS, &mut report)?;
    let recalls: Vec<Recall> = decode_all(store, T_RECALLS, &mut report)?;
    let runs: Vec<PrintRun> = decode_all(store, T_PRINT_RUNS, &mut report)?;

    let subject_ids: HashSet<u64> = subjects.iter().map(|s| s.id).collect();
    let product_ids: HashSet<u64> = products.iter().map(|p| p.id).collect();
    let cert_ids: HashSet<u64> = certs.iter().map(|c| c.id).collect();
    for p in &products {
        if !subject_ids.contains(&p.subject_id) {
            report.problem(
                "dangling_reference",
                format!("product {} names missing subject {}", p.id, p.subject_id),
            );
        }
    }
    for c in &certs {
        if !product_ids.contains(&c.product_id) {
            report.problem(
                "dangling_reference",
                format!(
                    "certificate {} names missing product {}",
                    c.id, c.product_id
                ),
            );
        }
    }
    // The log is read once; its batch_issued entries are then matched against the batches.
    let issued = check_log(store, store.log_size()?, &mut report)?;
    // Batches are the bulk of a store: checked one at a time, never all held in memory.
    let mut batch_ids: HashSet<u64> = HashSet::new();
    store.records(T_BATCHES, &mut |k, v| {
        let b: Batch = match serde_json::from_slice(v) {
            Ok(b) => b,
            Err(e) => {
                report.problem("undecodable", format!("{T_BATCHES}/{}: {e}", hex(k)));
                return Ok(());
            }
        };
        batch_ids.insert(b.id);
        check_batch(
            store,
            ring,
            &b,
            &issued,
            &mut report,
            |kind, id| match kind {
                "product" => product_ids.contains(&id),
                "subject" => subject_ids.contains(&id),
                _ => cert_ids.contains(&id),
            },
        )
    })?;
    for r in &recalls {
        if !batch_ids.contains(&r.batch_id) {
            report.problem(
                "dangling_reference",
                format!("recall names missing batch {}", r.batch_id),
            );
        }
    }
    for r in &runs {
        if !batch_ids.contains(&r.batch_id) {
            report.problem(
                "dangling_reference",
                format!("print run {} names missing batch {}", r.id, r.batch_id),
            );
        }
    }

    Ok(report)
}

fn check_batch(
    store: &dyn Store,
    ring: Option<&KeyRing>,
    b: &Batch,
    issued: &HashMap<u64, u64>,
    report: &mut Report,
    exists: impl Fn(&str, u64) -> bool,
) -> Result<(), StoreError> {
    for (kind, id) in [
        ("product", b.product_id),
        ("subject", b.subject_id),
        ("certificate", b.certificate_id),
    ] {
        if !exists(kind, id) {
            report.problem(
                "dangling_reference",
                format!("batch {} names missing {kind} {id}", b.id),
            );
        }
    }
    match store.batch_by_lot(b.product_id, &b.lot) {
        Ok(Some(found)) if found.id == b.id => {}
        Ok(_) => report.problem(
            "missing_index",
            format!(
                "batch {}: lot {} is not indexed to it",
                b.id,
                b.lot.as_str()
            ),
        ),
        Err(e) => report.problem("missing_index", format!("batch {}: {e}", b.id)),
    }
    match store.batch_log_index(b.id)? {
        Some(i) if issued.get(&b.id) == Some(&i) => {}
        Some(i) => report.problem(
            "missing_index",
            format!(
                "batch {}: log entry {i} is not its batch_issued event",
                b.id
            ),
        ),
        None => report.problem(
            "missing_index",
            format!("batch {}: no issuance log entry", b.id),
        ),
    }
    let Some(ring) = ring else {
        return Ok(());
    };
    report.batches_checked += 1;
    match verify_jws(ring, &b.record) {
        Ok((header, payload)) => match serde_json::from_slice::<BatchRecord>(&payload) {
            Ok(rec) => {
                let same = rec.batch.id == b.id
                    && rec.batch.lot == b.lot.as_str()
                    && rec.batch.quantity == b.quantity
                    && rec.batch.production_date == b.production_date
                    && rec.batch.expiry_date == b.expiry_date
                    && rec.product.id == b.product_id
                    && rec.certificate.id == b.certificate_id
                    && header.kid == b.kid;
                if !same {
                    report.problem(
                        "record_mismatch",
                        format!(
                            "batch {}: stored fields differ from its signed record",
                            b.id
                        ),
                    );
                }
            }
            Err(e) => report.problem(
                "record_mismatch",
                format!("batch {}: signed record cannot be read: {e}", b.id),
            ),
        },
        Err(e) => report.problem("bad_signature", format!("batch {}: {e}", b.id)),
    }
    Ok(())
}

/// Recomputes every leaf hash and the root from the entries and compares with the stored
/// hashes and the stored root; returns the index of each batch's `batch_issued` entry.
fn check_log(
    store: &dyn Store,
    size: u64,
    report: &mut Report,
) -> Result<HashMap<u64, u64>, StoreError> {
    let mut issued = HashMap::new();
    let mut tree = MemoryTree::new();
    let mut i = 0u64;
    while i < size {
        let end = (i + 4096).min(size);
        let entries = match store.log_entries(i, end) {
            Ok(e) => e,
            Err(e) => {
                report.problem("log_entry", format!("entries {i}..{end}: {e}"));
                return Ok(issued);
            }
        };
        for (entry, stored_leaf) in entries {
            let (index, leaf) = tree.append(&entry);
            if leaf != stored_leaf {
                report.problem(
                    "log_entry",
                    format!("entry {index}: its hash differs from the stored leaf hash"),
                );
            }
            match serde_json::from_slice::<LogLeaf>(&entry) {
                Ok(l) if l.index == index => {
                    if let Some(batch) = crate::store::derive::issued_batch(&l) {
                        issued.insert(batch, index);
                    }
                }
                Ok(l) => report.problem(
                    "log_entry",
                    format!("entry {index} says it is entry {}", l.index),
                ),
                Err(e) => report.problem("log_entry", format!("entry {index}: {e}")),
            }
        }
        i = end;
    }
    report.log_entries = size;
    if size > 0 {
        let recomputed = tlog::root(&tree, size).map_err(|e| StoreError::Backend(e.to_string()))?;
        match store.log_root(size) {
            Ok(stored) if stored == recomputed => {}
            Ok(_) => report.problem(
                "log_root",
                format!("the stored tree's root at size {size} differs from the entries' root"),
            ),
            Err(e) => report.problem("log_root", format!("root at {size}: {e}")),
        }
    }
    Ok(issued)
}

/// Opens the store of an existing data directory (opening a missing one would create it).
pub fn open_existing(data_dir: &std::path::Path) -> Result<std::sync::Arc<dyn Store>, StoreError> {
    crate::store::open_existing(data_dir)
}
