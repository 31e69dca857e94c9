//! The embedded sled store: one tree per relation, named after its key layout.

use super::{Conflict, Outcome, STORE_VERSION, Store, StoreError, keys};
use crate::access::TokenRecord;
use crate::domain::{
    Batch, BatchId, Certificate, CertificateId, Gtin, Lot, PrintRun, Product, ProductId, Recall,
    Revocation, Subject, SubjectId,
};
use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};
use std::path::{Path, PathBuf};

const T_META: &str = "meta";
const T_SUBJECTS: &str = "subjectid_subject";
const T_PRODUCTS: &str = "productid_product";
const T_GTIN: &str = "gtin_productid";
const T_CERTS: &str = "certid_certificate";
const T_PRODUCT_CERTS: &str = "productid_certid";
const T_BATCHES: &str = "batchid_batch";
const T_LOTS: &str = "productid_lot_batchid";
const T_SUBJECT_BATCHES: &str = "subjectid_batchid";
const T_RECALLS: &str = "batchid_recall";
const T_TOKENS: &str = "tokenhash_token";
const T_PRINT_RUNS: &str = "batchid_runid_printrun";

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
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(64 * 1024 * 1024)
            .open()
            .map_err(|e| {
                open_err(match e {
                    sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => {
                        "the store is in use by another ocop-trace process".into()
                    }
                    other => format!("{other}; run `ocop-trace doctor` or restore a backup"),
                })
            })?;
        let tree = |name: &str| db.open_tree(name).map_err(backend);
        let meta = tree(T_META)?;
        let marker = format!("ocop-trace/store/v{STORE_VERSION}");
        match meta.get("format").map_err(backend)? {
            Some(v) if v.as_ref() != marker.as_bytes() => {
                return Err(open_err(format!(
                    "unexpected store format '{}'",
                    String::from_utf8_lossy(&v)
                )));
            }
            Some(_) => {}
            None => {
                meta.insert("format", marker.as_bytes()).map_err(backend)?;
            }
        }
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
            path,
            db,
        })
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
        self.db.generate_id().map(|n| n + 1).map_err(backend)
    }

    fn insert_subject(&self, s: &Subject) -> Outcome<()> {
        let v = encode(s)?;
        let prev = self
            .subjects
            .compare_and_swap(keys::id(s.id), None as Option<&[u8]>, Some(v))
            .map_err(backend)?;
        Ok(prev.map_err(|_| Conflict::new("conflict", format!("subject {} exists", s.id))))
    }

    fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        Self::get(&self.subjects, T_SUBJECTS, &keys::id(id))
    }

    fn subjects(&self, after: Option<SubjectId>, limit: usize) -> Result<Vec<Subject>, StoreError> {
        Self::page(&self.subjects, T_SUBJECTS, after, limit)
    }

    fn insert_product(&self, p: &Product) -> Outcome<()> {
        let v = encode(p)?;
        let res = (&self.products, &self.gtins).transaction(|(products, gtins)| {
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
            Ok(())
        });
        match res {
            Ok(()) => Ok(Ok(())),
            Err(e) => tx_err(e).map(Err),
        }
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
    ) -> Outcome<()> {
        let v = encode(c)?;
        let res = (&self.certs, &self.product_certs).transaction(|(certs, index)| {
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
            Ok(())
        });
        match res {
            Ok(()) => Ok(Ok(())),
            Err(e) => tx_err(e).map(Err),
        }
    }

    fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
        Self::get(&self.certs, T_CERTS, &keys::id(id))
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

    fn revoke_certificate(&self, id: CertificateId, r: &Revocation) -> Outcome<Certificate> {
        let key = keys::id(id);
        let res = self.certs.transaction(|certs| {
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
            Ok(c)
        });
        match res {
            Ok(c) => Ok(Ok(c)),
            Err(e) => tx_err(e).map(Err),
        }
    }

    fn insert_batch(&self, b: &Batch) -> Outcome<()> {
        let v = encode(b)?;
        let lot_key = keys::id_text(b.product_id, b.lot.as_str());
        let res = (&self.batches, &self.lots, &self.subject_batches).transaction(
            |(batches, lots, by_subject)| {
                if lots.get(lot_key.as_slice())?.is_some() {
                    return Err(ConflictableTransactionError::Abort(Conflict::new(
                        "lot_taken",
                        format!("lot {} already exists for this product", b.lot),
                    )));
                }
                batches.insert(&keys::id(b.id), v.as_slice())?;
                lots.insert(lot_key.as_slice(), &keys::id(b.id))?;
                by_subject.insert(&keys::pair(b.subject_id, b.id), &[])?;
                Ok(())
            },
        );
        match res {
            Ok(()) => {
                self.flush()?;
                Ok(Ok(()))
            }
            Err(e) => tx_err(e).map(Err),
        }
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

    fn insert_recall(&self, r: &Recall) -> Outcome<()> {
        let v = encode(r)?;
        let prev = self
            .recalls
            .compare_and_swap(keys::id(r.batch_id), None as Option<&[u8]>, Some(v))
            .map_err(backend)?;
        self.flush()?;
        Ok(prev.map_err(|_| {
            Conflict::new(
                "already_recalled",
                format!("batch {} is already recalled", r.batch_id),
            )
        }))
    }

    fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError> {
        Self::get(&self.recalls, T_RECALLS, &keys::id(batch))
    }

    fn insert_print_run(&self, r: &PrintRun) -> Result<(), StoreError> {
        self.print_runs
            .insert(keys::pair(r.batch_id, r.id), encode(r)?)
            .map_err(backend)?;
        self.flush()
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

    fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError> {
        let hash = crate::crypto::b64url_decode(&t.hash)
            .ok_or_else(|| StoreError::Backend("token hash is not base64url".into()))?;
        self.tokens.insert(hash, encode(t)?).map_err(backend)?;
        self.flush()
    }

    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        Self::get(&self.tokens, T_TOKENS, hash)
    }

    fn token_count(&self) -> Result<usize, StoreError> {
        Ok(self.tokens.len())
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(backend)
    }

    fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.db.size_on_disk().map_err(backend)
    }
}
