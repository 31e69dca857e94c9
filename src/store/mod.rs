//! Storage behind a trait written in domain verbs. Handlers and services never see sled.

mod keys;
mod sled_store;

pub use sled_store::SledStore;

use crate::access::TokenRecord;
use crate::domain::{
    Batch, BatchId, Certificate, CertificateId, Gtin, Lot, PrintRun, Product, ProductId, Recall,
    Revocation, Subject, SubjectId,
};
use chrono::NaiveDate;

/// The layout version of the data directory (`{data_dir}/v1`).
pub const STORE_VERSION: u32 = 1;

/// An expected refusal (duplicate, missing parent, state conflict): a value, not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub code: &'static str,
    pub message: String,
}

impl Conflict {
    /// A conflict with a stable code.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The store failed (I/O, corruption): not the caller's fault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("storage error: {0}")]
    Backend(String),
    #[error("stored record under {tree}/{key} cannot be decoded: {reason}")]
    Corrupt {
        tree: &'static str,
        key: String,
        reason: String,
    },
}

/// Result of a write that may be refused for a domain reason.
pub type Outcome<T> = Result<Result<T, Conflict>, StoreError>;

/// Everything the service stores.
pub trait Store: Send + Sync + 'static {
    /// A fresh, never reused id.
    fn next_id(&self) -> Result<u64, StoreError>;

    fn insert_subject(&self, s: &Subject) -> Outcome<()>;
    fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError>;
    /// Subjects with id greater than `after`, in id order.
    fn subjects(&self, after: Option<SubjectId>, limit: usize) -> Result<Vec<Subject>, StoreError>;

    /// Refused when the GTIN is already registered.
    fn insert_product(&self, p: &Product) -> Outcome<()>;
    fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError>;
    fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError>;
    fn products(&self, after: Option<ProductId>, limit: usize) -> Result<Vec<Product>, StoreError>;

    /// Stores a certificate; with `supersede`, atomically marks that older certificate of
    /// the same product as superseded on the given day.
    fn insert_certificate(
        &self,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
    ) -> Outcome<()>;
    fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError>;
    /// All certificates of a product, oldest first.
    fn certificates_of(&self, product: ProductId) -> Result<Vec<Certificate>, StoreError>;
    fn revoke_certificate(&self, id: CertificateId, r: &Revocation) -> Outcome<Certificate>;

    /// Stores an issued batch (lot unique per product) and flushes before returning.
    fn insert_batch(&self, b: &Batch) -> Outcome<()>;
    fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError>;
    fn batch_by_lot(&self, product: ProductId, lot: &Lot) -> Result<Option<Batch>, StoreError>;
    /// Batches in id order, optionally only those of one subject.
    fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError>;

    /// Refused if the batch is already recalled.
    fn insert_recall(&self, r: &Recall) -> Outcome<()>;
    fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError>;

    /// Records a print run (flushed before returning).
    fn insert_print_run(&self, r: &PrintRun) -> Result<(), StoreError>;
    /// A batch's print runs, oldest first.
    fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError>;

    fn insert_token(&self, t: &TokenRecord) -> Result<(), StoreError>;
    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError>;
    fn token_count(&self) -> Result<usize, StoreError>;

    /// Durably writes everything written so far.
    fn flush(&self) -> Result<(), StoreError>;
    /// Bytes the store occupies on disk.
    fn size_on_disk(&self) -> Result<u64, StoreError>;
}
