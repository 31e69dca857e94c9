//! PostgreSQL behind the [`Store`] trait: real tables (migrations under
//! `migrations/postgres/`, applied on open and by `ocop-trace store migrate`), every row
//! keyed by the issuer first so the schema distributes with Citus, and several service
//! instances on one database (docs/scale-out.md). This file opens the engine and is the
//! trait's table of which file answers which verb; each relation lives in its own file,
//! and every logged write goes through [`conn::Pg::logged`].

mod accounts;
mod batches;
mod conn;
mod group;
mod log;
mod maintenance;
mod migrate;
mod open;
mod passport;
mod records;
mod registry;
mod restore;
mod restore_rows;
mod scan_stats;
mod scans;
#[cfg(test)]
mod tests;

pub use migrate::{MIGRATIONS, SchemaState, execute, latest, migrate, redact, schema_state};
pub use open::{DEFAULT_ISSUER, PgStore, split_issuer, with_database};
pub use restore::Staged;

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

impl Store for PgStore {
    fn next_id(&self) -> Result<u64, StoreError> {
        self.pg.next_id()
    }
    fn insert_subject(&self, s: &Subject, ev: &LogEvent) -> Outcome<()> {
        self.pg.insert_subject(s, ev)
    }
    fn subject(&self, id: SubjectId) -> Result<Option<Subject>, StoreError> {
        self.pg.subject(id)
    }
    fn subjects(&self, after: Option<SubjectId>, limit: usize) -> Result<Vec<Subject>, StoreError> {
        self.pg.subjects(after, limit)
    }
    fn insert_product(&self, p: &Product, ev: &LogEvent) -> Outcome<()> {
        self.pg.insert_product(p, ev)
    }
    fn product(&self, id: ProductId) -> Result<Option<Product>, StoreError> {
        self.pg.product(id)
    }
    fn product_by_gtin(&self, gtin: &Gtin) -> Result<Option<Product>, StoreError> {
        self.pg.product_by_gtin(gtin)
    }
    fn products(&self, after: Option<ProductId>, limit: usize) -> Result<Vec<Product>, StoreError> {
        self.pg.products(after, limit)
    }
    fn insert_certificate(
        &self,
        c: &Certificate,
        supersede: Option<(CertificateId, NaiveDate)>,
        ev: &LogEvent,
    ) -> Outcome<()> {
        self.pg.insert_certificate(c, supersede, ev)
    }
    fn certificate(&self, id: CertificateId) -> Result<Option<Certificate>, StoreError> {
        self.pg.certificate(id)
    }
    fn certificates(
        &self,
        after: Option<CertificateId>,
        limit: usize,
    ) -> Result<Vec<Certificate>, StoreError> {
        self.pg.certificates(after, limit)
    }
    fn certificates_of(&self, product: ProductId) -> Result<Vec<Certificate>, StoreError> {
        self.pg.certificates_of(product)
    }
    fn revoke_certificate(
        &self,
        id: CertificateId,
        r: &Revocation,
        ev: &LogEvent,
    ) -> Outcome<Certificate> {
        self.pg.revoke_certificate(id, r, ev)
    }
    fn insert_batch(&self, b: &Batch, ev: &LogEvent) -> Outcome<()> {
        self.pg.insert_batch(b, ev)
    }
    fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError> {
        self.pg.batch(id)
    }
    fn batch_by_lot(&self, product: ProductId, lot: &Lot) -> Result<Option<Batch>, StoreError> {
        self.pg.batch_by_lot(product, lot)
    }
    fn issuance_facts(
        &self,
        product: ProductId,
        lot: &Lot,
    ) -> Result<Option<super::IssuanceFacts>, StoreError> {
        self.pg.issuance_facts(product, lot)
    }
    fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError> {
        self.pg.batches(subject, after, limit)
    }
    fn insert_recall(&self, r: &Recall, ev: &LogEvent) -> Outcome<()> {
        self.pg.insert_recall(r, ev)
    }
    fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError> {
        self.pg.recall(batch)
    }
    fn insert_print_run(&self, r: &PrintRun, ev: &LogEvent) -> Result<(), StoreError> {
        self.pg.insert_print_run(r, ev)
    }
    fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError> {
        self.pg.print_runs(batch)
    }
    fn add_scan_stats(&self, rows: &[(BatchId, u32, ScanStats)]) -> Result<ScanRows, StoreError> {
        self.pg.add_scan_stats(rows)
    }
    fn scan_stats(&self, batch: BatchId, serial: u32) -> Result<Option<ScanStats>, StoreError> {
        self.pg.scan_stats(batch, serial)
    }
    fn scans_of_batch(&self, batch: BatchId) -> Result<Vec<(u32, ScanStats)>, StoreError> {
        let rows = self.pg.scans_of_batch(batch)?;
        Ok(rows.into_iter().map(|(_, n, s)| (n, s)).collect())
    }
    fn scanned_serials(&self, batch: BatchId) -> Result<Vec<u32>, StoreError> {
        self.pg.scanned_serials(batch)
    }
    fn scans_changed(&self, since: Option<u64>) -> Result<ScanChanges, StoreError> {
        self.pg.scans_changed(since)
    }
    fn pin_secret(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError> {
        self.pg.pin_secret(batch)
    }
    fn set_pin_secret(&self, batch: BatchId, secret: &[u8]) -> Result<(), StoreError> {
        self.pg.set_pin_secret(batch, secret)
    }
    fn claim_state(&self, batch: BatchId, serial: u32) -> Result<Option<ClaimState>, StoreError> {
        self.pg.claim_state(batch, serial)
    }
    fn update_claim(
        &self,
        batch: BatchId,
        serial: u32,
        f: &dyn Fn(ClaimState) -> ClaimState,
    ) -> Result<ClaimState, StoreError> {
        self.pg.update_claim(batch, serial, f)
    }
    fn insert_report(&self, r: &Report) -> Result<(), StoreError> {
        self.pg.insert_report(r)
    }
    fn reports(&self, after: Option<u64>, limit: usize) -> Result<Vec<Report>, StoreError> {
        self.pg.reports(after, limit)
    }
    fn install_secret(&self) -> Result<[u8; 32], StoreError> {
        self.pg.install_secret()
    }
    fn add_scan_verdicts(&self, counts: &[(String, String, u64)]) -> Result<(), StoreError> {
        self.pg.add_scan_verdicts(counts)
    }
    fn scan_verdicts(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        self.pg.scan_verdicts()
    }
    fn insert_trace_event(&self, t: &TraceEvent, ev: &LogEvent) -> Result<(), StoreError> {
        self.pg.insert_trace_event(t, ev)
    }
    fn trace_events(&self, batch: BatchId) -> Result<Vec<TraceEvent>, StoreError> {
        self.pg.trace_events(batch)
    }
    fn update_certificate(&self, c: &Certificate, ev: &LogEvent) -> Outcome<()> {
        self.pg.update_certificate(c, ev)
    }
    fn insert_token(&self, t: &TokenRecord, ev: &LogEvent) -> Result<(), StoreError> {
        self.pg.insert_token(t, ev)
    }
    fn insert_account(&self, a: &Account, ev: &LogEvent) -> Outcome<()> {
        self.pg.insert_account(a, ev)
    }
    fn update_account(&self, a: &Account, events: &[LogEvent]) -> Outcome<()> {
        self.pg.update_account(a, events)
    }
    fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        self.pg.account(id)
    }
    fn account_by_login(&self, login: &str) -> Result<Option<Account>, StoreError> {
        self.pg.account_by_login(login)
    }
    fn account_by_setup(&self, hash: &[u8; 32]) -> Result<Option<Account>, StoreError> {
        self.pg.account_by_setup(hash)
    }
    fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.pg.accounts()
    }
    fn insert_session(&self, hash: &[u8; 32], s: &Session) -> Result<(), StoreError> {
        self.pg.insert_session(hash, s)
    }
    fn session(&self, hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        self.pg.session(hash)
    }
    fn touch_session(
        &self,
        hash: &[u8; 32],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.pg.touch_session(hash, at)
    }
    fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        self.pg.delete_session(hash)
    }
    fn delete_sessions_of(&self, account: AccountId) -> Result<usize, StoreError> {
        self.pg.delete_sessions_of(account)
    }
    fn add_failure(
        &self,
        key: &str,
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.pg.add_failure(key, at, forget_before)
    }
    fn failures(
        &self,
        key: &str,
        after: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        self.pg.failures(key, after, limit)
    }
    fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        self.pg.clear_failures(key)
    }
    fn put_code_step(
        &self,
        hash: &[u8; 32],
        step: &CodeStep,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.pg.put_code_step(hash, step, now)
    }
    fn code_step(&self, hash: &[u8; 32]) -> Result<Option<CodeStep>, StoreError> {
        self.pg.code_step(hash)
    }
    fn delete_code_step(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        self.pg.delete_code_step(hash)
    }
    fn append_event(&self, ev: &LogEvent) -> Result<u64, StoreError> {
        self.pg.append_event(ev)
    }
    fn append_events(&self, evs: &[LogEvent]) -> Result<u64, StoreError> {
        self.pg.append_events(evs)
    }
    fn log_size(&self) -> Result<u64, StoreError> {
        self.pg.log_size()
    }
    fn generation(&self) -> u64 {
        self.pg.generation()
    }
    fn log_entries(&self, start: u64, end: u64) -> Result<Vec<(Vec<u8>, Hash)>, StoreError> {
        self.pg.log_entries(start, end)
    }
    fn log_root(&self, size: u64) -> Result<Hash, StoreError> {
        self.pg.log_root(size)
    }
    fn log_inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>, StoreError> {
        self.pg.log_inclusion(index, size)
    }
    fn log_consistency(&self, m: u64, n: u64) -> Result<Vec<Hash>, StoreError> {
        self.pg.log_consistency(m, n)
    }
    fn logged_key_statuses(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.pg.logged_key_statuses()
    }
    fn log_key_status(&self, kid: &str, status: &str, ev: &LogEvent) -> Result<(), StoreError> {
        self.pg.log_key_status(kid, status, ev)
    }
    fn batch_log_index(&self, batch: BatchId) -> Result<Option<u64>, StoreError> {
        self.pg.batch_log_index(batch)
    }
    fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        self.pg.token_by_hash(hash)
    }
    fn token_count(&self) -> Result<usize, StoreError> {
        self.pg.token_count()
    }
    fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        self.pg.tokens()
    }
    fn revoke_token(
        &self,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
        by: &str,
        ev: &LogEvent,
    ) -> Outcome<TokenRecord> {
        self.pg.revoke_token(id, at, by, ev)
    }
    fn touch_token(
        &self,
        hash: &[u8; 32],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        self.pg.touch_token(hash, at)
    }
    fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        self.pg.snapshot(visit)
    }
    fn relations(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.pg.relations()
    }
    fn records(&self, relation: &str, visit: &mut RecordVisitor<'_>) -> Result<(), StoreError> {
        self.pg.records(relation, visit)
    }
    fn put_record(&self, relation: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        self.pg.put_record(relation, key, value)
    }
    fn set_id_floor(&self, high_water: u64) -> Result<(), StoreError> {
        self.pg.set_id_floor(high_water)
    }
    fn flush(&self) -> Result<(), StoreError> {
        self.pg.flush()
    }
    fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.pg.size_on_disk()
    }
    fn put_report_handling(
        &self,
        h: &crate::domain::ReportHandling,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        self.pg.put_report_handling(h, ev)
    }
    fn report_handlings(&self) -> Result<Vec<crate::domain::ReportHandling>, StoreError> {
        self.pg.report_handlings()
    }
    fn totp(&self, account: AccountId) -> Result<Option<TotpRecord>, StoreError> {
        self.pg.totp(account)
    }
    fn set_totp(
        &self,
        account: AccountId,
        rec: Option<&TotpRecord>,
        events: &[LogEvent],
    ) -> Result<(), StoreError> {
        self.pg.set_totp(account, rec, events)
    }
    fn use_totp_step(&self, account: AccountId, step: u64) -> Result<bool, StoreError> {
        self.pg.use_totp_step(account, step)
    }
    fn product_content(&self, product: ProductId) -> Result<Option<ProductContent>, StoreError> {
        self.pg.product_content(product)
    }
    fn put_product_content(
        &self,
        c: &ProductContent,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        self.pg.put_product_content(c, media, ev)
    }
    fn media(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.pg.media(hash)
    }
    fn put_document(
        &self,
        d: &Document,
        media: &[(String, Vec<u8>)],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        self.pg.put_document(d, media, ev)
    }
    fn documents_of(&self, product: ProductId) -> Result<Vec<Document>, StoreError> {
        self.pg.documents_of(product)
    }
    fn documents(&self) -> Result<Vec<Document>, StoreError> {
        self.pg.documents()
    }
}
