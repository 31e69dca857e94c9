//! The embedded sled store: one tree per relation or index, named after its key layout
//! (`trees.rs`); `logical.rs` maps the trait's logical relations onto them.
//! Each relation lives in its own file; every logged write goes through
//! [`db::Core::logged`], so the gate, transaction, log append and flush are written once.
//! This file is the [`Store`] trait's table of which relation answers which verb.

mod accounts;
mod batches;
mod codec;
mod db;
mod log;
#[cfg(test)]
mod log_tests;
mod logical;
#[cfg(test)]
mod logical_tests;
mod maintenance;
mod office;
mod passport;
mod registry;
mod scans;
#[cfg(test)]
mod tests;
mod tokens;
mod totp;
mod trees;

pub use maintenance::{Staged, open_existing};

use super::{Outcome, RecordVisitor, ScanChanges, ScanRows, SnapshotItem, Store, StoreError};
use crate::access::TokenRecord;
use crate::domain::{Account, AccountId, CodeStep, Session, TotpRecord};
use crate::domain::{
    Batch, BatchId, Certificate, CertificateId, ClaimState, Gtin, LogEvent, Lot, PrintRun, Product,
    ProductId, Recall, Report, Revocation, ScanStats, Subject, SubjectId, TraceEvent,
};
use crate::domain::{Document, ProductContent};
use crate::tlog::Hash;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

/// sled-backed [`Store`].
pub struct SledStore {
    core: db::Core,
    registry: registry::Registry,
    batches: batches::Batches,
    scans: scans::Scans,
    tokens: tokens::Tokens,
    accounts: accounts::Accounts,
    /// Failed sign-ins: in memory, since only this process can open the store.
    failures: crate::store::failures::Failures,
    /// Sign-ins between their two steps: in memory, like the failures.
    code_steps: crate::store::failures::CodeSteps,
}

impl SledStore {
    /// Opens (or creates) the store under `data_dir/v1`.
    pub fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let core = db::Core::open(data_dir)?;
        Ok(Self {
            registry: registry::Registry::open(&core)?,
            batches: batches::Batches::open(&core)?,
            scans: scans::Scans::open(&core)?,
            tokens: tokens::Tokens::open(&core)?,
            accounts: accounts::Accounts::open(&core)?,
            failures: Default::default(),
            code_steps: Default::default(),
            core,
        })
    }

    /// The versioned directory sled lives in.
    pub fn path(&self) -> &Path {
        &self.core.path
    }
}

impl Store for SledStore {
    fn next_id(&self) -> Result<u64, StoreError> {
        self.core.next_id()
    }

    fn insert_subject(&self, s: &Subject, ev: &LogEvent) -> Outcome<()> {
        self.registry.insert_subject(&self.core, s, ev)
    }
    fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        self.registry.subject(id)
    }
    fn subjects(&self, after: Option<SubjectId>, limit: usize) -> Result<Vec<Subject>, StoreError> {
        self.registry.subjects(after, limit)
    }
    fn insert_product(&self, p: &Product, ev: &LogEvent) -> Outcome<()> {
        self.registry.insert_product(&self.core, p, ev)
    }
    fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        self.registry.product(id)
    }
    fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        self.registry.product_by_gtin(gtin)
    }
    fn products(&self, after: Option<ProductId>, limit: usize) -> Result<Vec<Product>, StoreError> {
        self.registry.products(after, limit)
    }
    fn insert_certificate(
        &self,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
        ev: &LogEvent,
    ) -> Outcome<()> {
        self.registry
            .insert_certificate(&self.core, c, supersede, ev)
    }
    fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
        self.registry.certificate(id)
    }
    fn certificates(
        &self,
        after: Option<CertificateId>,
        limit: usize,
    ) -> Result<Vec<Certificate>, StoreError> {
        self.registry.certificates(after, limit)
    }
    fn certificates_of(&self, product: ProductId) -> Result<Vec<Certificate>, StoreError> {
        self.registry.certificates_of(product)
    }
    fn revoke_certificate(
        &self,
        id: CertificateId,
        r: &Revocation,
        ev: &LogEvent,
    ) -> Outcome<Certificate> {
        self.registry.revoke_certificate(&self.core, id, r, ev)
    }
    fn update_certificate(&self, c: &Certificate, ev: &LogEvent) -> Outcome<()> {
        self.registry.update_certificate(&self.core, c, ev)
    }

    fn insert_batch(&self, b: &Batch, ev: &LogEvent) -> Outcome<()> {
        self.batches.insert_batch(&self.core, b, ev)
    }
    fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError> {
        self.batches.batch(id)
    }
    fn batch_by_lot(&self, product: ProductId, lot: &Lot) -> Result<Option<Batch>, StoreError> {
        self.batches.batch_by_lot(product, lot)
    }
    fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError> {
        self.batches.batches(subject, after, limit)
    }
    fn batch_log_index(&self, batch: BatchId) -> Result<Option<u64>, StoreError> {
        self.batches.batch_log_index(batch)
    }
    fn insert_recall(&self, r: &Recall, ev: &LogEvent) -> Outcome<()> {
        self.batches.insert_recall(&self.core, r, ev)
    }
    fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError> {
        self.batches.recall(batch)
    }
    fn insert_print_run(&self, r: &PrintRun, ev: &LogEvent) -> Result<(), StoreError> {
        self.batches.insert_print_run(&self.core, r, ev)
    }
    fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError> {
        self.batches.print_runs(batch)
    }
    fn insert_trace_event(&self, t: &TraceEvent, ev: &LogEvent) -> Result<(), StoreError> {
        self.batches.insert_trace_event(&self.core, t, ev)
    }
    fn trace_events(&self, batch: BatchId) -> Result<Vec<TraceEvent>, StoreError> {
        self.batches.trace_events(batch)
    }

    fn add_scan_stats(&self, rows: &[(BatchId, u32, ScanStats)]) -> Result<ScanRows, StoreError> {
        self.scans.add_scan_stats(&self.core, rows)
    }
    fn scan_stats(&self, batch: BatchId, serial: u32) -> Result<Option<ScanStats>, StoreError> {
        self.scans.scan_stats(batch, serial)
    }
    fn scans_of_batch(&self, batch: BatchId) -> Result<Vec<(u32, ScanStats)>, StoreError> {
        self.scans.scans_of_batch(batch)
    }
    fn scanned_serials(&self, batch: BatchId) -> Result<Vec<u32>, StoreError> {
        self.scans.scanned_serials(batch)
    }
    /// One process owns a sled store: nobody else adds scans.
    fn scans_changed(&self, _since: Option<u64>) -> Result<ScanChanges, StoreError> {
        Ok((Vec::new(), 0))
    }
    fn pin_secret(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError> {
        self.scans.pin_secret(batch)
    }
    fn set_pin_secret(&self, batch: BatchId, secret: &[u8]) -> Result<(), StoreError> {
        self.scans.set_pin_secret(&self.core, batch, secret)
    }
    fn claim_state(&self, batch: BatchId, serial: u32) -> Result<Option<ClaimState>, StoreError> {
        self.scans.claim_state(batch, serial)
    }
    fn update_claim(
        &self,
        batch: BatchId,
        serial: u32,
        f: &dyn Fn(ClaimState) -> ClaimState,
    ) -> Result<ClaimState, StoreError> {
        self.scans.update_claim(&self.core, batch, serial, f)
    }
    fn insert_report(&self, r: &Report) -> Result<(), StoreError> {
        self.scans.insert_report(&self.core, r)
    }
    fn reports(&self, after: Option<u64>, limit: usize) -> Result<Vec<Report>, StoreError> {
        self.scans.reports(after, limit)
    }
    fn install_secret(&self) -> Result<[u8; 32], StoreError> {
        self.scans.install_secret(&self.core)
    }
    fn add_scan_verdicts(&self, counts: &[(String, String, u64)]) -> Result<(), StoreError> {
        self.scans.add_scan_verdicts(&self.core, counts)
    }
    fn scan_verdicts(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        self.scans.scan_verdicts(&self.core)
    }

    fn insert_token(&self, t: &TokenRecord, ev: &LogEvent) -> Result<(), StoreError> {
        self.tokens.insert_token(&self.core, t, ev)
    }
    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        self.tokens.token_by_hash(hash)
    }
    fn token_count(&self) -> Result<usize, StoreError> {
        Ok(self.tokens.token_count())
    }
    fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        self.tokens.tokens()
    }
    fn revoke_token(
        &self,
        id: &str,
        at: DateTime<Utc>,
        by: &str,
        ev: &LogEvent,
    ) -> Outcome<TokenRecord> {
        self.tokens.revoke_token(&self.core, id, at, by, ev)
    }
    fn touch_token(&self, hash: &[u8; 32], at: DateTime<Utc>) -> Result<(), StoreError> {
        self.tokens.touch_token(&self.core, hash, at)
    }
    fn logged_key_statuses(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.tokens.logged_key_statuses()
    }
    fn log_key_status(&self, kid: &str, status: &str, ev: &LogEvent) -> Result<(), StoreError> {
        self.tokens.log_key_status(&self.core, kid, status, ev)
    }

    fn insert_account(&self, a: &Account, ev: &LogEvent) -> Outcome<()> {
        self.accounts.insert_account(&self.core, a, ev)
    }
    fn update_account(&self, a: &Account, events: &[LogEvent]) -> Outcome<()> {
        self.accounts.update_account(&self.core, a, events)
    }
    fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        self.accounts.account(id)
    }
    fn account_by_login(&self, login: &str) -> Result<Option<Account>, StoreError> {
        self.accounts.account_by_login(login)
    }
    fn account_by_setup(&self, hash: &[u8; 32]) -> Result<Option<Account>, StoreError> {
        self.accounts.account_by_setup(hash)
    }
    fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.accounts.accounts()
    }
    fn insert_session(&self, hash: &[u8; 32], s: &Session) -> Result<(), StoreError> {
        self.accounts.insert_session(&self.core, hash, s)
    }
    fn session(&self, hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        self.accounts.session(hash)
    }
    fn touch_session(&self, hash: &[u8; 32], at: DateTime<Utc>) -> Result<(), StoreError> {
        self.accounts.touch_session(&self.core, hash, at)
    }
    fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        self.accounts.delete_session(&self.core, hash)
    }
    fn delete_sessions_of(&self, account: AccountId) -> Result<usize, StoreError> {
        self.accounts.delete_sessions_of(&self.core, account)
    }
    fn add_failure(
        &self,
        key: &str,
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.failures.add(key, at, forget_before);
        Ok(())
    }
    fn failures(
        &self,
        key: &str,
        after: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        Ok(self.failures.after(key, after, limit))
    }
    fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        self.failures.clear(key);
        Ok(())
    }
    fn put_code_step(
        &self,
        hash: &[u8; 32],
        step: &CodeStep,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.code_steps.put(hash, step, now);
        Ok(())
    }
    fn code_step(&self, hash: &[u8; 32]) -> Result<Option<CodeStep>, StoreError> {
        Ok(self.code_steps.get(hash))
    }
    fn delete_code_step(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        self.code_steps.remove(hash);
        Ok(())
    }
    fn totp(&self, account: AccountId) -> Result<Option<TotpRecord>, StoreError> {
        self.accounts.totp(&self.core, account)
    }
    fn set_totp(
        &self,
        account: AccountId,
        rec: Option<&TotpRecord>,
        events: &[LogEvent],
    ) -> Result<(), StoreError> {
        self.accounts.set_totp(&self.core, account, rec, events)
    }

    fn use_totp_step(&self, account: AccountId, step: u64) -> Result<bool, StoreError> {
        self.accounts.use_totp_step(&self.core, account, step)
    }
    fn append_event(&self, ev: &LogEvent) -> Result<u64, StoreError> {
        self.append_events(std::slice::from_ref(ev))
    }
    fn append_events(&self, evs: &[LogEvent]) -> Result<u64, StoreError> {
        self.core.logged_infallible(&[], evs, |_, first| Ok(first))
    }
    fn log_size(&self) -> Result<u64, StoreError> {
        self.core.log.size()
    }
    fn generation(&self) -> u64 {
        self.core.generation()
    }
    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<(Vec<u8>, Hash)>, StoreError> {
        self.core.log.entries(start, end)
    }
    fn log_root(&self, size: u64) -> Result<Hash, StoreError> {
        self.core.log.root(size)
    }
    fn log_inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError> {
        self.core.log.inclusion(index, size)
    }
    fn log_consistency(&self, m: u64, n: u64) -> Result<Vec<Hash>, StoreError> {
        self.core.log.consistency(m, n)
    }

    fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        self.core.snapshot(visit)
    }
    fn relations(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.core.relations()
    }
    fn records(&self, relation: &str, visit: &mut RecordVisitor<'_>) -> Result<(), StoreError> {
        self.core.records(relation, visit)
    }
    fn put_record(&self, relation: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.core.put_record(relation, key, value)
    }
    fn set_id_floor(&self, high_water: u64) -> Result<(), StoreError> {
        self.core.set_id_floor(high_water)
    }
    fn flush(&self) -> Result<(), StoreError> {
        self.core.flush()
    }
    fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.core.size_on_disk()
    }

    // ---- section: office (branch office) ----
    fn put_report_handling(
        &self,
        h: &crate::domain::ReportHandling,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        office::put_report_handling(&self.core, h, ev)
    }
    fn report_handlings(&self) -> Result<Vec<crate::domain::ReportHandling>, StoreError> {
        office::report_handlings(&self.core)
    }

    // ---- section: content (branch content) ----
    fn product_content(&self, product: ProductId) -> Result<Option<ProductContent>, StoreError> {
        passport::product_content(&self.core, product)
    }
    fn put_product_content(
        &self,
        c: &ProductContent,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        passport::put_product_content(&self.core, c, media, ev)
    }
    fn media(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        passport::media(&self.core, hash)
    }
    fn put_document(
        &self,
        d: &Document,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        passport::put_document(&self.core, d, media, ev)
    }
    fn documents_of(&self, product: ProductId) -> Result<Vec<Document>, StoreError> {
        passport::documents_of(&self.core, product)
    }
    fn documents(&self) -> Result<Vec<Document>, StoreError> {
        passport::documents(&self.core)
    }
}
