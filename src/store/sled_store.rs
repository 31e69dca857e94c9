//! The embedded sled store: one tree per relation, named after its key layout.

use super::sled_log;
use super::{Conflict, Outcome, STORE_VERSION, Store, StoreError, keys};
use crate::access::TokenRecord;
use crate::domain::LogEvent;
use crate::domain::{
    Batch, BatchId, Certificate, CertificateId, ClaimState, Gtin, Lot, PrintRun, Product,
    ProductId, Recall, Report, Revocation, ScanStats, Subject, SubjectId, TraceEvent,
};
use crate::tlog::{self, Hash};
use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use std::path::{Path, PathBuf};

/// Tree `meta`.
pub const T_META: &str = "meta";
/// Tree `subjectid_subject`.
pub const T_SUBJECTS: &str = "subjectid_subject";
/// Tree `productid_product`.
pub const T_PRODUCTS: &str = "productid_product";
/// Tree `gtin_productid`.
pub const T_GTIN: &str = "gtin_productid";
/// Tree `certid_certificate`.
pub const T_CERTS: &str = "certid_certificate";
/// Tree `productid_certid`.
pub const T_PRODUCT_CERTS: &str = "productid_certid";
/// Tree `batchid_batch`.
pub const T_BATCHES: &str = "batchid_batch";
/// Tree `productid_lot_batchid`.
pub const T_LOTS: &str = "productid_lot_batchid";
/// Tree `subjectid_batchid`.
pub const T_SUBJECT_BATCHES: &str = "subjectid_batchid";
/// Tree `batchid_recall`.
pub const T_RECALLS: &str = "batchid_recall";
/// Tree `tokenhash_token`.
pub const T_TOKENS: &str = "tokenhash_token";
/// Tree `batchid_runid_printrun`.
pub const T_PRINT_RUNS: &str = "batchid_runid_printrun";
/// Log entries by index.
pub const T_LOG_ENTRIES: &str = "logindex_entry";
/// Log node records by the index of the leaf whose append completed them.
pub const T_LOG_NODES: &str = "logindex_nodes";
/// Log size.
pub const T_LOG_META: &str = "logmeta";
/// Tree `batchid_logindex`.
pub const T_BATCH_LOG: &str = "batchid_logindex";
/// Tree `kid_loggedstatus`.
pub const T_LOGGED_KEYS: &str = "kid_loggedstatus";
/// Tree `batchid_eventid_traceevent`.
pub const T_TRACE: &str = "batchid_eventid_traceevent";
/// Tree `batchid_serial_scans`.
pub const T_SCANS: &str = "batchid_serial_scans";
/// Tree `batchid_pinsecret`.
pub const T_PINS: &str = "batchid_pinsecret";
/// Tree `batchid_serial_claim`.
pub const T_CLAIMS: &str = "batchid_serial_claim";
/// Tree `reportid_report`.
pub const T_REPORTS: &str = "reportid_report";
/// Tree `month_verdict_scans`: key `YYYY-MM/verdict_code`, value a u64 big-endian count.
pub const T_SCAN_VERDICTS: &str = "month_verdict_scans";

/// Meta key of the id floor (see [`SledStore::set_id_floor`]).
const ID_FLOOR_KEY: &[u8] = b"id_floor";

/// One step of a [`SledStore::snapshot`] walk.
#[derive(Debug, Clone, Copy)]
pub enum SnapshotItem<'a> {
    /// The records that follow belong to this tree.
    Tree(&'a str),
    /// One key and value of the current tree.
    Record(&'a [u8], &'a [u8]),
}

/// sled-backed [`Store`].
pub struct SledStore {
    db: sled::Db,
    path: PathBuf,
    subjects: sled::Tree,
    products: sled::Tree,
    gtins: sled::Tree,
    certs: sled::Tree,
    product_certs: sled::Tree,
    batches: sled::Tree,
    lots: sled::Tree,
    subject_batches: sled::Tree,
    recalls: sled::Tree,
    tokens: sled::Tree,
    print_runs: sled::Tree,
    log_entries: sled::Tree,
    log_nodes: sled::Tree,
    log_meta: sled::Tree,
    batch_log: sled::Tree,
    logged_keys: sled::Tree,
    trace: sled::Tree,
    scans: sled::Tree,
    pins: sled::Tree,
    claims: sled::Tree,
    reports: sled::Tree,
    meta: sled::Tree,
    /// Writers share it; a backup holds it alone so its snapshot sees no half-applied write.
    gate: std::sync::RwLock<()>,
    /// Added to sled's id generator: a restored store continues above the ids it holds.
    id_floor: u64,
}

fn backend(e: sled::Error) -> StoreError {
    StoreError::Backend(e.to_string())
}

fn tx_err(e: TransactionError<Conflict>) -> Result<Conflict, StoreError> {
    match e {
        TransactionError::Abort(c) => Ok(c),
        TransactionError::Storage(e) => Err(backend(e)),
    }
}

fn encode<T: Serialize>(v: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|e| StoreError::Backend(format!("encode: {e}")))
}

fn decode<T: DeserializeOwned>(
    tree: &'static str,
    key: &[u8],
    bytes: &[u8],
) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        tree,
        key: hex(key),
        reason: e.to_string(),
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

impl SledStore {
    /// Opens (or creates) the store under `data_dir/v1`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(format!("v{STORE_VERSION}"));
        let open_err = |reason: String| StoreError::Open {
            path: path.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(&path).map_err(|e| open_err(e.to_string()))?;
        let config = sled::Config::new()
            .path(&path)
            .cache_capacity(64 * 1024 * 1024);
        // sled can panic on some damaged files: report that like any other failed open.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()))
            .map_err(|_| {
                open_err(
                    "the store files are damaged (the storage engine failed reading them); \
                     restore the latest backup into a new directory with `ocop-trace restore`"
                        .into(),
                )
            })?;
        let db = opened.map_err(|e| {
            open_err(match e {
                sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => {
                    "the store is in use by another ocop-trace process".into()
                }
                other => format!(
                    "{other}; `ocop-trace doctor` tells more, and `ocop-trace restore` \
                     brings back the latest backup into a new directory"
                ),
            })
        })?;
        let tree = |name: &str| db.open_tree(name).map_err(backend);
        let meta = tree(T_META)?;
        let marker = format!("ocop-trace/store/v{STORE_VERSION}");
        // Outside sled's directory, so it survives whatever happens to sled's files.
        let created = data_dir.join(format!("v{STORE_VERSION}.created"));
        match meta.get("format").map_err(backend)? {
            Some(v) if v.as_ref() != marker.as_bytes() => {
                return Err(open_err(format!(
                    "unexpected store format '{}'",
                    String::from_utf8_lossy(&v)
                )));
            }
            Some(_) => {}
            None if created.exists() => {
                // sled opens unreadable files as an empty store; serving that would look
                // like every record vanished.
                let since = std::fs::read_to_string(&created).unwrap_or_default();
                return Err(open_err(format!(
                    "the store was created {} but opens empty: its files are damaged or \
                     were removed. Nothing was changed; restore the latest backup into a new \
                     directory with `ocop-trace restore`",
                    since.trim()
                )));
            }
            None => {
                meta.insert("format", marker.as_bytes()).map_err(backend)?;
                db.flush().map_err(backend)?;
            }
        }
        if !created.exists() {
            let stamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            std::fs::write(&created, format!("{stamp}\n")).map_err(|e| open_err(e.to_string()))?;
        }
        let id_floor = match meta.get(ID_FLOOR_KEY).map_err(backend)? {
            None => 0,
            Some(v) => <[u8; 8]>::try_from(v.as_ref())
                .map(u64::from_be_bytes)
                .map_err(|_| open_err("the id floor in the meta tree is not 8 bytes".into()))?,
        };
        let (log_meta, log_nodes) = (tree(T_LOG_META)?, tree(T_LOG_NODES)?);
        sled_log::migrate_nodes(&db, &log_meta, &log_nodes)?;
        Ok(Self {
            subjects: tree(T_SUBJECTS)?,
            products: tree(T_PRODUCTS)?,
            gtins: tree(T_GTIN)?,
            certs: tree(T_CERTS)?,
            product_certs: tree(T_PRODUCT_CERTS)?,
            batches: tree(T_BATCHES)?,
            lots: tree(T_LOTS)?,
            subject_batches: tree(T_SUBJECT_BATCHES)?,
            recalls: tree(T_RECALLS)?,
            tokens: tree(T_TOKENS)?,
            print_runs: tree(T_PRINT_RUNS)?,
            log_entries: tree(T_LOG_ENTRIES)?,
            log_nodes,
            log_meta,
            batch_log: tree(T_BATCH_LOG)?,
            logged_keys: tree(T_LOGGED_KEYS)?,
            trace: tree(T_TRACE)?,
            scans: tree(T_SCANS)?,
            pins: tree(T_PINS)?,
            claims: tree(T_CLAIMS)?,
            reports: tree(T_REPORTS)?,
            id_floor,
            meta,
            path,
            db,
            gate: std::sync::RwLock::new(()),
        })
    }

    /// Maps a transaction result and flushes: every logged change is durable when reported.
    fn finish<T>(&self, res: Result<T, TransactionError<Conflict>>) -> Outcome<T> {
        match res {
            Ok(v) => {
                self.flush()?;
                Ok(Ok(v))
            }
            Err(e) => tx_err(e).map(Err),
        }
    }

    /// Inserts one value and appends its log event in one transaction, then flushes.
    fn insert_logged(
        &self,
        tree: &sled::Tree,
        key: &[u8],
        value: &[u8],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        let trees = (tree, &self.log_entries, &self.log_nodes, &self.log_meta);
        let res = trees.transaction(|(t, le, ln, lm)| {
            t.insert(key, value)?;
            sled_log::append(le, ln, lm, ev)?;
            Ok(())
        });
        self.finish(res)?
            .map_err(|c| StoreError::Backend(c.message))
    }

    /// Shared by writers; see [`SledStore::snapshot`].
    fn writing(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        // A panicking writer cannot leave `()` inconsistent: ignore poisoning.
        self.gate
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Names of the trees that hold data (sled's unused default tree left out), sorted.
    pub fn tree_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .db
            .tree_names()
            .into_iter()
            .filter(|n| n.as_ref() != b"__sled__default")
            .map(|n| String::from_utf8_lossy(&n).into_owned())
            .collect();
        names.sort();
        names
    }

    /// Writes one record into a tree of a store being restored (not logged: the log's own
    /// trees are restored record by record too).
    pub fn restore_record(
        &self,
        tree: &sled::Tree,
        key: &[u8],
        value: &[u8],
    ) -> Result<(), StoreError> {
        tree.insert(key, value).map_err(backend).map(|_| ())
    }

    /// Makes new ids start above `high_water` (after a restore) and flushes.
    pub fn set_id_floor(&self, high_water: u64) -> Result<(), StoreError> {
        self.meta
            .insert(ID_FLOOR_KEY, &high_water.to_be_bytes())
            .map_err(backend)?;
        self.flush()
    }

    /// Direct access to one tree, for operator tools (doctor) and tamper tests.
    pub fn raw_tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db.open_tree(name).map_err(backend)
    }

    /// The versioned directory sled lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn get<T: DeserializeOwned>(
        tree: &sled::Tree,
        name: &'static str,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        match tree.get(key).map_err(backend)? {
            Some(v) => decode(name, key, &v).map(Some),
            None => Ok(None),
        }
    }

    fn page<T: DeserializeOwned>(
        tree: &sled::Tree,
        name: &'static str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<T>, StoreError> {
        tree.range(keys::after(after)..)
            .take(limit)
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(name, &k, &v)
            })
            .collect()
    }
}

impl Store for SledStore {
    fn next_id(&self) -> Result<u64, StoreError> {
        // sled ids start at 0; 0 is kept free so "after: None" needs no special case.
        self.db
            .generate_id()
            .map(|n| n + 1 + self.id_floor)
            .map_err(backend)
    }

    fn insert_subject(&self, s: &Subject, ev: &LogEvent) -> Outcome<()> {
        let _gate = self.writing();
        let v = encode(s)?;
        let res = (
            &self.subjects,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        )
            .transaction(|(subjects, le, ln, lm)| {
                if subjects.get(keys::id(s.id))?.is_some() {
                    return Err(ConflictableTransactionError::Abort(Conflict::new(
                        "conflict",
                        format!("subject {} exists", s.id),
                    )));
                }
                subjects.insert(&keys::id(s.id), v.as_slice())?;
                sled_log::append(le, ln, lm, ev)?;
                Ok(())
            });
        self.finish(res)
    }

    fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        Self::get(&self.subjects, T_SUBJECTS, &keys::id(id))
    }

    fn subjects(&self, after: Option<SubjectId>, limit: usize) -> Result<Vec<Subject>, StoreError> {
        Self::page(&self.subjects, T_SUBJECTS, after, limit)
    }

    fn insert_product(&self, p: &Product, ev: &LogEvent) -> Outcome<()> {
        let _gate = self.writing();
        let v = encode(p)?;
        let trees = (
            &self.products,
            &self.gtins,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        );
        let res = trees.transaction(|(products, gtins, le, ln, lm)| {
            if let Some(g) = &p.gtin {
                if gtins.get(g.as_str())?.is_some() {
                    return Err(ConflictableTransactionError::Abort(Conflict::new(
                        "gtin_taken",
                        format!("GTIN {g} is already registered to another product"),
                    )));
                }
                gtins.insert(g.as_str(), &keys::id(p.id))?;
            }
            products.insert(&keys::id(p.id), v.as_slice())?;
            sled_log::append(le, ln, lm, ev)?;
            Ok(())
        });
        self.finish(res)
    }

    fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        Self::get(&self.products, T_PRODUCTS, &keys::id(id))
    }

    fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        match self.gtins.get(gtin.as_str()).map_err(backend)? {
            Some(id) => match keys::read_id(&id, 0) {
                Some(id) => self.product(id),
                None => Err(StoreError::Corrupt {
                    tree: T_GTIN,
                    key: gtin.to_string(),
                    reason: "product id is not 8 bytes".into(),
                }),
            },
            None => Ok(None),
        }
    }

    fn products(&self, after: Option<ProductId>, limit: usize) -> Result<Vec<Product>, StoreError> {
        Self::page(&self.products, T_PRODUCTS, after, limit)
    }

    fn insert_certificate(
        &self,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
        ev: &LogEvent,
    ) -> Outcome<()> {
        let _gate = self.writing();
        let v = encode(c)?;
        let trees = (
            &self.certs,
            &self.product_certs,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        );
        let res = trees.transaction(|(certs, index, le, ln, lm)| {
            if let Some((old_id, on)) = supersede {
                let abort = |code, msg: String| {
                    Err(ConflictableTransactionError::Abort(Conflict::new(
                        code, msg,
                    )))
                };
                let Some(raw) = certs.get(keys::id(old_id))? else {
                    return abort("not_found", format!("certificate {old_id} does not exist"));
                };
                let mut old: Certificate = match serde_json::from_slice(&raw) {
                    Ok(o) => o,
                    Err(e) => return abort("corrupt", format!("certificate {old_id}: {e}")),
                };
                if old.product_id != c.product_id {
                    return abort(
                        "certificate_mismatch",
                        format!("certificate {old_id} belongs to another product"),
                    );
                }
                if old.superseded_by.is_some() {
                    return abort(
                        "already_superseded",
                        format!("certificate {old_id} was already superseded"),
                    );
                }
                old.superseded_by = Some(c.id);
                old.superseded_on = Some(on);
                let raw = serde_json::to_vec(&old).map_err(|e| {
                    ConflictableTransactionError::Abort(Conflict::new("corrupt", e.to_string()))
                })?;
                certs.insert(&keys::id(old_id), raw)?;
            }
            certs.insert(&keys::id(c.id), v.as_slice())?;
            index.insert(&keys::pair(c.product_id, c.id), &[])?;
            sled_log::append(le, ln, lm, ev)?;
            Ok(())
        });
        self.finish(res)
    }

    fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
        Self::get(&self.certs, T_CERTS, &keys::id(id))
    }

    fn certificates(
        &self,
        after: Option<CertificateId>,
        limit: usize,
    ) -> Result<Vec<Certificate>, StoreError> {
        Self::page(&self.certs, T_CERTS, after, limit)
    }

    fn certificates_of(&self, product: ProductId) -> Result<Vec<Certificate>, StoreError> {
        let mut out = Vec::new();
        for kv in self.product_certs.scan_prefix(keys::id(product)) {
            let (k, _) = kv.map_err(backend)?;
            if let Some(id) = keys::read_id(&k, 8)
                && let Some(c) = self.certificate(id)?
            {
                out.push(c);
            }
        }
        Ok(out)
    }

    fn revoke_certificate(
        &self,
        id: CertificateId,
        r: &Revocation,
        ev: &LogEvent,
    ) -> Outcome<Certificate> {
        let _gate = self.writing();
        let key = keys::id(id);
        let trees = (
            &self.certs,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        );
        let res = trees.transaction(|(certs, le, ln, lm)| {
            let abort = |code, msg: String| {
                Err(ConflictableTransactionError::Abort(Conflict::new(
                    code, msg,
                )))
            };
            let Some(raw) = certs.get(key)? else {
                return abort("not_found", format!("certificate {id} does not exist"));
            };
            let mut c: Certificate = match serde_json::from_slice(&raw) {
                Ok(c) => c,
                Err(e) => return abort("corrupt", format!("certificate {id}: {e}")),
            };
            if c.revocation.is_some() {
                return abort(
                    "already_revoked",
                    format!("certificate {id} is already revoked"),
                );
            }
            c.revocation = Some(r.clone());
            let raw = serde_json::to_vec(&c).map_err(|e| {
                ConflictableTransactionError::Abort(Conflict::new("corrupt", e.to_string()))
            })?;
            certs.insert(&key, raw)?;
            sled_log::append(le, ln, lm, ev)?;
            Ok(c)
        });
        self.finish(res)
    }

    fn insert_batch(&self, b: &Batch, ev: &LogEvent) -> Outcome<()> {
        let _gate = self.writing();
        let v = encode(b)?;
        let lot_key = keys::id_text(b.product_id, b.lot.as_str());
        let trees = (
            &self.batches,
            &self.lots,
            &self.subject_batches,
            &self.batch_log,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        );
        let res = trees.transaction(|(batches, lots, by_subject, batch_log, le, ln, lm)| {
            if lots.get(lot_key.as_slice())?.is_some() {
                return Err(ConflictableTransactionError::Abort(Conflict::new(
                    "lot_taken",
                    format!("lot {} already exists for this product", b.lot),
                )));
            }
            batches.insert(&keys::id(b.id), v.as_slice())?;
            lots.insert(lot_key.as_slice(), &keys::id(b.id))?;
            by_subject.insert(&keys::pair(b.subject_id, b.id), &[])?;
            let index = sled_log::append(le, ln, lm, ev)?;
            batch_log.insert(&keys::id(b.id), &index.to_be_bytes())?;
            Ok(())
        });
        self.finish(res)
    }

    fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError> {
        Self::get(&self.batches, T_BATCHES, &keys::id(id))
    }

    fn batch_by_lot(&self, product: ProductId, lot: &Lot) -> Result<Option<Batch>, StoreError> {
        match self
            .lots
            .get(keys::id_text(product, lot.as_str()))
            .map_err(backend)?
        {
            Some(v) => match keys::read_id(&v, 0) {
                Some(id) => self.batch(id),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError> {
        let Some(subject) = subject else {
            return Self::page(&self.batches, T_BATCHES, after, limit);
        };
        let start = keys::pair(subject, after.map_or(0, |a| a.saturating_add(1)));
        let end = keys::pair(subject, u64::MAX);
        let mut out = Vec::new();
        for kv in self.subject_batches.range(start..=end).take(limit) {
            let (k, _) = kv.map_err(backend)?;
            if let Some(id) = keys::read_id(&k, 8)
                && let Some(b) = self.batch(id)?
            {
                out.push(b);
            }
        }
        Ok(out)
    }

    fn insert_recall(&self, r: &Recall, ev: &LogEvent) -> Outcome<()> {
        let _gate = self.writing();
        let v = encode(r)?;
        let trees = (
            &self.recalls,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        );
        let res = trees.transaction(|(recalls, le, ln, lm)| {
            if recalls.get(keys::id(r.batch_id))?.is_some() {
                return Err(ConflictableTransactionError::Abort(Conflict::new(
                    "already_recalled",
                    format!("batch {} is already recalled", r.batch_id),
                )));
            }
            recalls.insert(&keys::id(r.batch_id), v.as_slice())?;
            sled_log::append(le, ln, lm, ev)?;
            Ok(())
        });
        self.finish(res)
    }

    fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError> {
        Self::get(&self.recalls, T_RECALLS, &keys::id(batch))
    }

    fn insert_print_run(&self, r: &PrintRun, ev: &LogEvent) -> Result<(), StoreError> {
        let _gate = self.writing();
        self.insert_logged(
            &self.print_runs,
            &keys::pair(r.batch_id, r.id),
            &encode(r)?,
            ev,
        )
    }

    fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError> {
        self.print_runs
            .scan_prefix(keys::id(batch))
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(T_PRINT_RUNS, &k, &v)
            })
            .collect()
    }

    fn record_scan(
        &self,
        batch: BatchId,
        serial: u32,
        source: u64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<ScanStats, StoreError> {
        let _gate = self.writing();
        let key = keys::pair(batch, u64::from(serial));
        let updated = self
            .scans
            .update_and_fetch(key, |old| {
                let mut stats: ScanStats = old
                    .and_then(|v| serde_json::from_slice(v).ok())
                    .unwrap_or_default();
                stats.add(source, at);
                serde_json::to_vec(&stats).ok()
            })
            .map_err(backend)?;
        match updated {
            Some(v) => decode(T_SCANS, &key, &v),
            None => Ok(ScanStats::default()),
        }
    }

    fn scan_stats(&self, batch: BatchId, serial: u32) -> Result<Option<ScanStats>, StoreError> {
        Self::get(&self.scans, T_SCANS, &keys::pair(batch, u64::from(serial)))
    }

    fn scans_of_batch(&self, batch: BatchId) -> Result<Vec<(u32, ScanStats)>, StoreError> {
        self.scans
            .scan_prefix(keys::id(batch))
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                let serial = keys::read_id(&k, 8).unwrap_or_default() as u32;
                Ok((serial, decode(T_SCANS, &k, &v)?))
            })
            .collect()
    }

    fn pin_secret(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self
            .pins
            .get(keys::id(batch))
            .map_err(backend)?
            .map(|v| v.to_vec()))
    }

    fn set_pin_secret(&self, batch: BatchId, secret: &[u8]) -> Result<(), StoreError> {
        let _gate = self.writing();
        self.pins.insert(keys::id(batch), secret).map_err(backend)?;
        self.flush()
    }

    fn claim_state(&self, batch: BatchId, serial: u32) -> Result<Option<ClaimState>, StoreError> {
        Self::get(
            &self.claims,
            T_CLAIMS,
            &keys::pair(batch, u64::from(serial)),
        )
    }

    fn update_claim(
        &self,
        batch: BatchId,
        serial: u32,
        f: &dyn Fn(ClaimState) -> ClaimState,
    ) -> Result<ClaimState, StoreError> {
        let _gate = self.writing();
        let key = keys::pair(batch, u64::from(serial));
        let updated = self
            .claims
            .update_and_fetch(key, |old| {
                let state: ClaimState = old
                    .and_then(|v| serde_json::from_slice(v).ok())
                    .unwrap_or_default();
                serde_json::to_vec(&f(state)).ok()
            })
            .map_err(backend)?;
        self.flush()?;
        match updated {
            Some(v) => decode(T_CLAIMS, &key, &v),
            None => Ok(ClaimState::default()),
        }
    }

    fn insert_report(&self, r: &Report) -> Result<(), StoreError> {
        let _gate = self.writing();
        self.reports
            .insert(keys::id(r.id), encode(r)?)
            .map_err(backend)?;
        self.flush()
    }

    fn reports(&self, after: Option<u64>, limit: usize) -> Result<Vec<Report>, StoreError> {
        Self::page(&self.reports, T_REPORTS, after, limit)
    }

    fn add_scan_verdicts(&self, counts: &[(String, String, u64)]) -> Result<(), StoreError> {
        let _gate = self.writing();
        let tree = self.raw_tree(T_SCAN_VERDICTS)?;
        for (month, code, n) in counts {
            let key = format!("{month}/{code}");
            tree.update_and_fetch(key.as_bytes(), |old| {
                let before = old
                    .and_then(|v| <[u8; 8]>::try_from(v).ok())
                    .map_or(0, u64::from_be_bytes);
                Some(before.saturating_add(*n).to_be_bytes().to_vec())
            })
            .map_err(backend)?;
        }
        Ok(())
    }

    fn scan_verdicts(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        self.raw_tree(T_SCAN_VERDICTS)?
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                let corrupt = |reason: &str| StoreError::Corrupt {
                    tree: T_SCAN_VERDICTS,
                    key: String::from_utf8_lossy(&k).into_owned(),
                    reason: reason.into(),
                };
                let key = std::str::from_utf8(&k).map_err(|_| corrupt("key is not UTF-8"))?;
                let (month, code) = key
                    .split_once('/')
                    .ok_or_else(|| corrupt("key is not month/code"))?;
                let n = <[u8; 8]>::try_from(v.as_ref())
                    .map(u64::from_be_bytes)
                    .map_err(|_| corrupt("count is not 8 bytes"))?;
                Ok((month.to_owned(), code.to_owned(), n))
            })
            .collect()
    }

    fn install_secret(&self) -> Result<[u8; 32], StoreError> {
        let _gate = self.writing();
        use rand_core::RngCore;
        let mut fresh = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut fresh);
        // Keep the first secret ever written, even if two threads race here.
        let _ = self
            .meta
            .compare_and_swap("install_secret", None as Option<&[u8]>, Some(&fresh[..]))
            .map_err(backend)?;
        let v = self
            .meta
            .get("install_secret")
            .map_err(backend)?
            .ok_or_else(|| StoreError::Backend("install secret missing".into()))?;
        <[u8; 32]>::try_from(v.as_ref()).map_err(|_| StoreError::Corrupt {
            tree: T_META,
            key: "install_secret".into(),
            reason: "not 32 bytes".into(),
        })
    }

    fn insert_trace_event(&self, t: &TraceEvent, ev: &LogEvent) -> Result<(), StoreError> {
        let _gate = self.writing();
        self.insert_logged(&self.trace, &keys::pair(t.batch_id, t.id), &encode(t)?, ev)
    }

    fn trace_events(&self, batch: BatchId) -> Result<Vec<TraceEvent>, StoreError> {
        self.trace
            .scan_prefix(keys::id(batch))
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(T_TRACE, &k, &v)
            })
            .collect()
    }

    fn update_certificate(&self, c: &Certificate, ev: &LogEvent) -> Outcome<()> {
        let _gate = self.writing();
        let v = encode(c)?;
        let trees = (
            &self.certs,
            &self.log_entries,
            &self.log_nodes,
            &self.log_meta,
        );
        let res = trees.transaction(|(certs, le, ln, lm)| {
            if certs.get(keys::id(c.id))?.is_none() {
                return Err(ConflictableTransactionError::Abort(Conflict::new(
                    "not_found",
                    format!("certificate {} does not exist", c.id),
                )));
            }
            certs.insert(&keys::id(c.id), v.as_slice())?;
            sled_log::append(le, ln, lm, ev)?;
            Ok(())
        });
        self.finish(res)
    }

    fn insert_token(&self, t: &TokenRecord, ev: &LogEvent) -> Result<(), StoreError> {
        let _gate = self.writing();
        let hash = crate::crypto::b64url_decode(&t.hash)
            .ok_or_else(|| StoreError::Backend("token hash is not base64url".into()))?;
        self.insert_logged(&self.tokens, &hash, &encode(t)?, ev)
    }

    fn append_event(&self, ev: &LogEvent) -> Result<u64, StoreError> {
        let _gate = self.writing();
        let trees = (&self.log_entries, &self.log_nodes, &self.log_meta);
        let res = trees.transaction(|(le, ln, lm)| sled_log::append(le, ln, lm, ev));
        self.finish(res)?
            .map_err(|c| StoreError::Backend(c.message))
    }

    fn append_events(&self, evs: &[LogEvent]) -> Result<u64, StoreError> {
        let _gate = self.writing();
        let trees = (&self.log_entries, &self.log_nodes, &self.log_meta);
        let res = trees.transaction(|(le, ln, lm)| sled_log::append_many(le, ln, lm, evs));
        self.finish(res)?
            .map_err(|c| StoreError::Backend(c.message))
    }

    fn log_size(&self) -> Result<u64, StoreError> {
        sled_log::size(&self.log_meta)
    }

    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<(Vec<u8>, Hash)>, StoreError> {
        let nodes = sled_log::TreeNodes(&self.log_nodes);
        (start..end)
            .map(|i| {
                let entry = self
                    .log_entries
                    .get(i.to_be_bytes())
                    .map_err(backend)?
                    .ok_or_else(|| StoreError::Corrupt {
                        tree: T_LOG_ENTRIES,
                        key: i.to_string(),
                        reason: "missing entry".into(),
                    })?;
                let leaf =
                    tlog::NodeReader::node(&nodes, 0, i)?.ok_or_else(|| StoreError::Corrupt {
                        tree: T_LOG_NODES,
                        key: format!("0/{i}"),
                        reason: "missing leaf hash".into(),
                    })?;
                Ok((entry.to_vec(), leaf))
            })
            .collect()
    }

    fn log_root(&self, size: u64) -> Result<Hash, StoreError> {
        tlog::root(&sled_log::TreeNodes(&self.log_nodes), size).map_err(sled_log::tree_err)
    }

    fn log_inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError> {
        tlog::inclusion_proof(&sled_log::TreeNodes(&self.log_nodes), index, size)
            .map_err(sled_log::tree_err)
    }

    fn log_consistency(&self, m: u64, n: u64) -> Result<Vec<Hash>, StoreError> {
        tlog::consistency_proof(&sled_log::TreeNodes(&self.log_nodes), m, n)
            .map_err(sled_log::tree_err)
    }

    fn logged_key_statuses(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.logged_keys
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    String::from_utf8_lossy(&v).into_owned(),
                ))
            })
            .collect()
    }

    fn log_key_status(&self, kid: &str, status: &str, ev: &LogEvent) -> Result<(), StoreError> {
        let _gate = self.writing();
        self.insert_logged(&self.logged_keys, kid.as_bytes(), status.as_bytes(), ev)
    }

    fn batch_log_index(&self, batch: BatchId) -> Result<Option<u64>, StoreError> {
        Ok(self
            .batch_log
            .get(keys::id(batch))
            .map_err(backend)?
            .and_then(|v| keys::read_id(&v, 0)))
    }

    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        Self::get(&self.tokens, T_TOKENS, hash)
    }

    fn token_count(&self) -> Result<usize, StoreError> {
        Ok(self.tokens.len())
    }

    fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        self.tokens
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(T_TOKENS, &k, &v)
            })
            .collect()
    }

    fn revoke_token(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
        by: &str,
        ev: &LogEvent,
    ) -> Outcome<TokenRecord> {
        let _gate = self.writing();
        let mut found = None;
        for kv in self.tokens.iter() {
            let (k, v) = kv.map_err(backend)?;
            let t: TokenRecord = decode(T_TOKENS, &k, &v)?;
            if t.id == id {
                found = Some((k, t));
                break;
            }
        }
        let Some((key, mut t)) = found else {
            return Ok(Err(Conflict::new("not_found", format!("no token {id}"))));
        };
        if t.revoked_at.is_some() {
            return Ok(Err(Conflict::new(
                "already_revoked",
                format!("token {id} is already revoked"),
            )));
        }
        t.revoked_at = Some(at);
        t.revoked_by = Some(by.to_owned());
        self.insert_logged(&self.tokens, &key, &encode(&t)?, ev)?;
        Ok(Ok(t))
    }

    fn touch_token(
        &self,
        hash: &[u8; 32],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let _gate = self.writing();
        self.tokens
            .update_and_fetch(hash, |old| {
                // Returning None would delete: an undecodable record is left as it is.
                let old = old?;
                let touched = serde_json::from_slice::<TokenRecord>(old)
                    .ok()
                    .and_then(|mut t| {
                        t.last_used_at = Some(at);
                        serde_json::to_vec(&t).ok()
                    });
                Some(touched.unwrap_or_else(|| old.to_vec()))
            })
            .map_err(backend)?;
        Ok(())
    }

    /// Visits every record of every tree (tree by tree in name order, keys in order) while
    /// writes wait, so the visit sees a state between two writes. Returns an id above every
    /// id in the snapshot, for a restored store to continue from.
    fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let _exclusive = self
            .gate
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let high_water = self.db.generate_id().map_err(backend)? + 1 + self.id_floor;
        for name in self.tree_names() {
            let tree = self.raw_tree(&name)?;
            visit(SnapshotItem::Tree(&name))?;
            for kv in tree.iter() {
                let (k, v) = kv.map_err(backend)?;
                visit(SnapshotItem::Record(&k, &v))?;
            }
        }
        Ok(high_water)
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(backend)
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.db.size_on_disk().map_err(backend)
    }
}
