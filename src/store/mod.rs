//! Storage behind a trait written in domain verbs. Handlers, services, backup and doctor
//! never see the engine: they get a `dyn Store` from [`open`] (or [`testing::temp`]), and
//! backup, restore and doctor work through the relation-agnostic verbs at the end of
//! [`Store`], so a second engine (e.g. PostgreSQL) only has to implement the trait.

pub mod derive;
mod error;
mod facts;
pub mod failures;
mod open;
pub mod postgres;
pub mod relations;
mod sled;
mod staged;
pub mod testing;
mod url;

pub use self::error::{Abort, Conflict, Outcome, StoreError};
pub use self::facts::IssuanceFacts;
pub use self::open::{open, open_existing, open_for_operator, open_url};
pub use self::url::StoreUrl;

pub use self::relations::{EPHEMERAL_RELATIONS, SECRET_RELATIONS, is_secret};
pub use self::sled::SledStore;
pub use self::staged::Staged;

use crate::access::TokenRecord;
use crate::domain::{Account, AccountId, CodeStep, Session, TotpRecord};
use crate::domain::{
    Batch, BatchId, Certificate, CertificateId, ClaimState, Gtin, LogEvent, Lot, PrintRun, Product,
    ProductId, Recall, Report, Revocation, ScanStats, Subject, SubjectId, TraceEvent,
};
use crate::domain::{Document, ProductContent};
use crate::tlog::Hash;
use chrono::NaiveDate;

/// The layout version of the data directory (`{data_dir}/v1`).
pub const STORE_VERSION: u32 = 1;

/// One step of a [`Store::snapshot`] walk.
#[derive(Debug, Clone, Copy)]
pub enum SnapshotItem<'a> {
    /// First, always: the log's size and root as of the snapshot (the records that follow
    /// are the state those entries describe).
    Log { size: u64, root: Hash },
    /// The records that follow belong to this relation.
    Tree(&'a str),
    /// One key and value of the current relation.
    Record(&'a [u8], &'a [u8]),
}

/// What [`Store::scans_changed`] returns: units with their stored stats, and the cursor for
/// the next call.
pub type ScanChanges = (ScanRows, u64);

/// Units of batches with their scan stats.
pub type ScanRows = Vec<(BatchId, u32, ScanStats)>;

/// Called with each key and value of a [`Store::records`] walk; an error stops the walk.
pub type RecordVisitor<'a> = dyn FnMut(&[u8], &[u8]) -> Result<(), StoreError> + 'a;

/// Everything the service stores.
pub trait Store: Send + Sync + 'static {
    /// A fresh, never reused id.
    fn next_id(&self) -> Result<u64, StoreError>;

    /// Every write verb also appends its `LogEvent` to the Merkle log, in one transaction.
    fn insert_subject(&self, s: &Subject, ev: &LogEvent) -> Outcome<()>;
    fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError>;
    /// Subjects with id greater than `after`, in id order.
    fn subjects(&self, after: Option<SubjectId>, limit: usize) -> Result<Vec<Subject>, StoreError>;

    /// Refused when the GTIN is already registered.
    fn insert_product(&self, p: &Product, ev: &LogEvent) -> Outcome<()>;
    fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError>;
    fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError>;
    fn products(&self, after: Option<ProductId>, limit: usize) -> Result<Vec<Product>, StoreError>;

    /// Stores a certificate; with `supersede`, atomically marks that older certificate of
    /// the same product as superseded on the given day.
    fn insert_certificate(
        &self,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
        ev: &LogEvent,
    ) -> Outcome<()>;
    fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError>;
    /// Certificates of every product in id order (for whole-portfolio views).
    fn certificates(
        &self,
        after: Option<CertificateId>,
        limit: usize,
    ) -> Result<Vec<Certificate>, StoreError>;
    /// All certificates of a product, oldest first.
    fn certificates_of(&self, product: ProductId) -> Result<Vec<Certificate>, StoreError>;
    fn revoke_certificate(
        &self,
        id: CertificateId,
        r: &Revocation,
        ev: &LogEvent,
    ) -> Outcome<Certificate>;

    /// Stores an issued batch (lot unique per product) and flushes before returning.
    fn insert_batch(&self, b: &Batch, ev: &LogEvent) -> Outcome<()>;
    fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError>;
    fn batch_by_lot(&self, product: ProductId, lot: &Lot) -> Result<Option<Batch>, StoreError>;
    /// What issuing a batch of `product` under `lot` reads; `None` when there is no such
    /// product. Engines across a network answer it in one round trip.
    fn issuance_facts(
        &self,
        product: ProductId,
        lot: &Lot,
    ) -> Result<Option<IssuanceFacts>, StoreError> {
        facts::read(self, product, lot)
    }
    /// Batches in id order, optionally only those of one subject.
    fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError>;

    /// Refused if the batch is already recalled.
    fn insert_recall(&self, r: &Recall, ev: &LogEvent) -> Outcome<()>;
    fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError>;

    /// Records a print run (flushed before returning).
    fn insert_print_run(&self, r: &PrintRun, ev: &LogEvent) -> Result<(), StoreError>;
    /// A batch's print runs, oldest first.
    fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError>;

    /// Adds scans counted since the last write-back to the stored stats of the given units
    /// ([`ScanStats::merge`]), so the counts of several instances sum and none overwrites
    /// another's. Not logged and not flushed. Returns each unit's stored stats after the
    /// addition (others' counts included), for the caller to show.
    fn add_scan_stats(&self, rows: &[(BatchId, u32, ScanStats)]) -> Result<ScanRows, StoreError>;
    /// Scan stats of one unit.
    fn scan_stats(&self, batch: BatchId, serial: u32) -> Result<Option<ScanStats>, StoreError>;
    /// Every scanned unit of a batch.
    fn scans_of_batch(&self, batch: BatchId) -> Result<Vec<(u32, ScanStats)>, StoreError>;
    /// The serials of a batch with stored stats (read once per batch, so that a unit's
    /// first scan needs no read).
    fn scanned_serials(&self, batch: BatchId) -> Result<Vec<u32>, StoreError>;
    /// The stats other processes wrote since the call that returned the cursor `since`
    /// (with `None`: no rows, only a cursor to start from), and the next cursor. Rows may
    /// come again; each holds the unit's whole stored state.
    fn scans_changed(&self, since: Option<u64>) -> Result<ScanChanges, StoreError>;
    /// The batch's scratch-off PIN secret, if PINs are enabled.
    fn pin_secret(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError>;
    /// Stores a batch's PIN secret (once, at issuance).
    fn set_pin_secret(&self, batch: BatchId, secret: &[u8]) -> Result<(), StoreError>;
    /// A unit's claim state (read only).
    fn claim_state(&self, batch: BatchId, serial: u32) -> Result<Option<ClaimState>, StoreError>;
    /// Applies `f` atomically to a unit's claim state and returns the new state.
    fn update_claim(
        &self,
        batch: BatchId,
        serial: u32,
        f: &dyn Fn(ClaimState) -> ClaimState,
    ) -> Result<ClaimState, StoreError>;
    /// Stores a shopper's report.
    fn insert_report(&self, r: &Report) -> Result<(), StoreError>;
    /// Reports, newest last, after `after`.
    fn reports(&self, after: Option<u64>, limit: usize) -> Result<Vec<Report>, StoreError>;
    /// A per-install random secret (created on first use), for salting scan fingerprints.
    fn install_secret(&self) -> Result<[u8; 32], StoreError>;
    /// Adds to the scan counts per (month `YYYY-MM`, verdict code). Not logged.
    fn add_scan_verdicts(&self, counts: &[(String, String, u64)]) -> Result<(), StoreError>;
    /// Scan counts per (month, verdict code), in month then code order.
    fn scan_verdicts(&self) -> Result<Vec<(String, String, u64)>, StoreError>;

    /// Records a traceability event of a batch.
    fn insert_trace_event(&self, t: &TraceEvent, ev: &LogEvent) -> Result<(), StoreError>;
    /// A batch's traceability events, in recording order.
    fn trace_events(&self, batch: BatchId) -> Result<Vec<TraceEvent>, StoreError>;
    /// Replaces a certificate's flags (e.g. potential 5★), logging why.
    fn update_certificate(&self, c: &Certificate, ev: &LogEvent) -> Outcome<()>;

    fn insert_token(&self, t: &TokenRecord, ev: &LogEvent) -> Result<(), StoreError>;

    /// Stores a new person account; refused (`login_taken`) when its login is in use.
    fn insert_account(&self, a: &Account, ev: &LogEvent) -> Outcome<()>;
    /// Replaces an account (its login never changes), appending `events` with it.
    fn update_account(&self, a: &Account, events: &[LogEvent]) -> Outcome<()>;
    fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError>;
    /// The account with this (normalised) login.
    fn account_by_login(&self, login: &str) -> Result<Option<Account>, StoreError>;
    /// The account whose open setup link has this secret hash.
    fn account_by_setup(&self, hash: &[u8; 32]) -> Result<Option<Account>, StoreError>;
    /// Every account in id order.
    fn accounts(&self) -> Result<Vec<Account>, StoreError>;
    /// Stores a session under the hash of its id (flushed, not logged).
    fn insert_session(&self, hash: &[u8; 32], s: &Session) -> Result<(), StoreError>;
    fn session(&self, hash: &[u8; 32]) -> Result<Option<Session>, StoreError>;
    /// Records that a session was used now (not flushed).
    fn touch_session(
        &self,
        hash: &[u8; 32],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;
    /// Ends one session (flushed).
    fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError>;
    /// Ends every session of an account (flushed); returns how many ended.
    fn delete_sessions_of(&self, account: AccountId) -> Result<usize, StoreError>;
    /// Counts a failed sign-in against `key` (`login:NAME`, `net:ADDRESS`), forgetting its
    /// failures before `forget_before`. Shared by every instance on the store, so guesses
    /// spread over instances count as one attacker's.
    fn add_failure(
        &self,
        key: &str,
        at: chrono::DateTime<chrono::Utc>,
        forget_before: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;
    /// The failures of `key` after `after`, oldest first, at most `limit`.
    fn failures(
        &self,
        key: &str,
        after: chrono::DateTime<chrono::Utc>,
        limit: usize,
    ) -> Result<Vec<chrono::DateTime<chrono::Utc>>, StoreError>;
    /// Forgets the failures of `key` (after a successful sign-in).
    fn clear_failures(&self, key: &str) -> Result<(), StoreError>;
    /// Keeps a sign-in's code step under the SHA-256 of its cookie secret (replacing one
    /// there), so that any instance can finish the sign-in; forgets expired steps.
    fn put_code_step(
        &self,
        hash: &[u8; 32],
        step: &CodeStep,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;
    /// The code step under `hash`, expired or not.
    fn code_step(&self, hash: &[u8; 32]) -> Result<Option<CodeStep>, StoreError>;
    /// Ends a code step (signed in, or out of tries).
    fn delete_code_step(&self, hash: &[u8; 32]) -> Result<(), StoreError>;

    /// Appends an event that changes nothing else (e.g. key rotation); returns its index.
    fn append_event(&self, ev: &LogEvent) -> Result<u64, StoreError>;
    /// Appends many events in one transaction and one flush (imports, benchmarks); returns
    /// the index of the first.
    fn append_events(&self, evs: &[LogEvent]) -> Result<u64, StoreError>;
    /// Number of log entries.
    fn log_size(&self) -> Result<u64, StoreError>;
    /// A number that changes with every logged write and is cheap to read (no I/O), for
    /// caches of what logged writes change. Only comparable within one process.
    fn generation(&self) -> u64;
    /// Entries `[start, end)` as stored bytes with their recorded leaf hashes.
    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<(Vec<u8>, Hash)>, StoreError>;
    /// Root of the first `size` entries.
    fn log_root(&self, size: u64) -> Result<Hash, StoreError>;
    /// RFC 6962 inclusion proof of entry `index` in the tree of `size`.
    fn log_inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError>;
    /// RFC 6962 consistency proof between sizes `m` and `n`.
    fn log_consistency(&self, m: u64, n: u64) -> Result<Vec<Hash>, StoreError>;
    /// Key statuses already recorded in the log (kid → status), so start-up need not replay it.
    fn logged_key_statuses(&self) -> Result<Vec<(String, String)>, StoreError>;
    /// Records a key status together with its log event.
    fn log_key_status(&self, kid: &str, status: &str, ev: &LogEvent) -> Result<(), StoreError>;
    /// Index of the `batch_issued` entry of a batch.
    fn batch_log_index(&self, batch: BatchId) -> Result<Option<u64>, StoreError>;
    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError>;
    fn token_count(&self) -> Result<usize, StoreError>;
    /// Every token record, in hash order.
    fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError>;
    /// Marks a token revoked (refused if unknown or already revoked), logging `ev`.
    fn revoke_token(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
        by: &str,
        ev: &LogEvent,
    ) -> Outcome<TokenRecord>;
    /// Records that a token was used (not logged, flushed in the background).
    fn touch_token(
        &self,
        hash: &[u8; 32],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError>;

    /// Visits every record of every logical relation that holds any ([`relations::ALL`],
    /// relation by relation in name order, keys in byte order) while writes wait, so the
    /// visit sees a state between two writes. Returns an id above every id in the snapshot,
    /// for a restored store to continue from.
    fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError>;

    // Relation-agnostic verbs for backup, restore, copy and doctor. They speak the logical
    // relations of `relations.rs` (what a backup carries), never an engine's own layout.

    /// Every logical relation that holds data, in name order, with its record count.
    fn relations(&self) -> Result<Vec<(String, u64)>, StoreError>;
    /// Visits every record of one relation in key order (none if it does not exist).
    fn records(&self, relation: &str, visit: &mut RecordVisitor<'_>) -> Result<(), StoreError>;
    /// Writes one record of a logical relation exactly as a backup holds it, bypassing
    /// indexes and the log: for a store being restored (and tests that plant damage). What
    /// the engine derives (indexes, log nodes and size) is built when a staged store is
    /// reopened ([`Staged::reopen`]). Refuses an unknown relation. Not flushed.
    fn put_record(&self, relation: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError>;
    /// Makes new ids start above `high_water` (after a restore) and flushes.
    fn set_id_floor(&self, high_water: u64) -> Result<(), StoreError>;

    /// Durably writes everything written so far.
    fn flush(&self) -> Result<(), StoreError>;
    /// Bytes the store occupies on disk.
    fn size_on_disk(&self) -> Result<u64, StoreError>;

    // ---- section: office (branch office) ----
    // verbs of this section go right below this line
    /// Records the office's handling of a report (replacing an earlier one) with its log event.
    fn put_report_handling(
        &self,
        h: &crate::domain::ReportHandling,
        ev: &LogEvent,
    ) -> Result<(), StoreError>;
    /// Every recorded handling, in report id order.
    fn report_handlings(&self) -> Result<Vec<crate::domain::ReportHandling>, StoreError>;

    // ---- section: inspector (branch inspector) ----
    // verbs of this section go right below this line

    // ---- section: producer (branch producer) ----
    // verbs of this section go right below this line

    // ---- section: sessions (branch sessions) ----
    // verbs of this section go right below this line
    /// An account's two-step verification record (pending or enrolled).
    fn totp(&self, account: AccountId) -> Result<Option<TotpRecord>, StoreError>;
    /// Replaces (or, with `None`, removes) an account's two-step verification record,
    /// appending `events` with it (flushed).
    fn set_totp(
        &self,
        account: AccountId,
        rec: Option<&TotpRecord>,
        events: &[LogEvent],
    ) -> Result<(), StoreError>;

    /// Marks the code of time step `step` used for `account`, only if no code of this or a
    /// later step was (checked and written atomically, so one code signs in once even when
    /// two instances receive it at the same moment); `false` when it was already used or the
    /// account has no record.
    fn use_totp_step(&self, account: AccountId, step: u64) -> Result<bool, StoreError>;

    // ---- section: content (branch content) ----
    // verbs of this section go right below this line

    /// A product's passport content.
    fn product_content(&self, product: ProductId) -> Result<Option<ProductContent>, StoreError>;
    /// Replaces a product's content, storing `media` (hash → bytes) with it, logging `ev`.
    fn put_product_content(
        &self,
        c: &ProductContent,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError>;
    /// The bytes of one stored media file by its lowercase hex SHA-256.
    fn media(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Stores (or replaces) a conformity document with its file, logging `ev`.
    fn put_document(
        &self,
        d: &Document,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError>;
    /// A product's documents, in id order.
    fn documents_of(&self, product: ProductId) -> Result<Vec<Document>, StoreError>;
    /// Every document, in product then id order (the inspectors' queue).
    fn documents(&self) -> Result<Vec<Document>, StoreError>;

    // ---- section: public (branch public) ----
    // verbs of this section go right below this line
}
