//! A restore's records on PostgreSQL: kept until the staged issuer is committed, then
//! written in one transaction, parents first, each into its table with the typed columns
//! filled from the record; what is derived (log nodes, each batch's `batch_issued` index) is
//! computed from the log entries in the same transaction.

use super::accounts::{put_account, put_token};
use super::batches::{put_batch, put_print_run, put_recall, put_trace_event};
use super::conn::{Pg, Tx, big, decode};
use super::passport::put_document;
use super::registry::{put_certificate, put_product, put_subject};
use super::scans::{put_handling, put_report, put_scans};
use crate::store::StoreError;
use crate::store::derive::LogRebuild;
use crate::store::relations as rel;

/// The order a restore writes relations in: parents before the rows that name them.
const RESTORE_ORDER: &[&str] = &[
    rel::META,
    rel::SUBJECTS,
    rel::PRODUCTS,
    rel::CERTIFICATES,
    rel::BATCHES,
    rel::REPORTS,
    rel::ACCOUNTS,
    rel::MEDIA,
];

/// Node rows written per statement when the log's tree is rebuilt.
const NODE_CHUNK: usize = 20_000;

fn key_id(relation: &'static str, key: &[u8], at: usize) -> Result<u64, StoreError> {
    key.get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| StoreError::Corrupt {
            tree: relation,
            key: super::conn::hex(key),
            reason: "the key is not the ids it should hold".into(),
        })
}

fn text(relation: &'static str, b: &[u8]) -> Result<String, StoreError> {
    String::from_utf8(b.to_vec()).map_err(|_| StoreError::Corrupt {
        tree: relation,
        key: super::conn::hex(b),
        reason: "not UTF-8".into(),
    })
}

/// Writes one record of a logical relation into its table, filling the typed columns from
/// the record; the record keeps its bytes.
fn restore_one(t: &Tx<'_, '_>, relation: &str, k: &[u8], v: &[u8]) -> Result<(), StoreError> {
    let i = t.issuer();
    match relation {
        rel::SUBJECTS => {
            put_subject(t, &decode("subjects", super::conn::hex(k), v)?, v)?;
        }
        rel::PRODUCTS => put_product(t, &decode("products", super::conn::hex(k), v)?, v)?,
        rel::CERTIFICATES => {
            put_certificate(t, &decode("certificates", super::conn::hex(k), v)?, v)?;
        }
        rel::BATCHES => put_batch(t, &decode("batches", super::conn::hex(k), v)?, v, None)?,
        rel::RECALLS => {
            put_recall(t, &decode("recalls", super::conn::hex(k), v)?, v)?;
        }
        rel::PRINT_RUNS => {
            put_print_run(t, &decode("print_runs", super::conn::hex(k), v)?, v)?;
        }
        rel::TRACE_EVENTS => {
            put_trace_event(t, &decode("trace_events", super::conn::hex(k), v)?, v)?;
        }
        rel::SCANS => {
            let (batch, unit) = (key_id("scans", k, 0)?, key_id("scans", k, 8)?);
            let unit = u32::try_from(unit).unwrap_or(u32::MAX);
            put_scans(t, batch, unit, &decode("scans", super::conn::hex(k), v)?, v)?;
        }
        rel::CLAIMS => {
            let (batch, unit) = (key_id("claims", k, 0)?, key_id("claims", k, 8)?);
            t.exec(
                "INSERT INTO claims (issuer, batch_id, serial, rec) VALUES ($1, $2, $3, $4)",
                &[i, &big(batch), &i32::try_from(unit).unwrap_or(i32::MAX), &v],
            )?;
        }
        rel::PIN_SECRETS => {
            t.exec(
                "INSERT INTO pin_secrets (issuer, batch_id, secret) VALUES ($1, $2, $3)",
                &[i, &big(key_id("pins", k, 0)?), &v],
            )?;
        }
        rel::REPORTS => {
            put_report(t, &decode("reports", super::conn::hex(k), v)?, v)?;
        }
        rel::REPORT_HANDLINGS => {
            put_handling(t, &decode("report_handlings", super::conn::hex(k), v)?, v)?;
        }
        rel::ACCOUNTS => put_account(t, &decode("accounts", super::conn::hex(k), v)?, v)?,
        rel::TOTP => {
            t.exec(
                "INSERT INTO totp (issuer, account_id, rec) VALUES ($1, $2, $3)",
                &[i, &big(key_id("totp", k, 0)?), &v],
            )?;
        }
        rel::SESSIONS => {
            let s: crate::domain::Session = decode("sessions", "session", v)?;
            t.exec(
                "INSERT INTO sessions (issuer, hash, account_id, last_seen, rec) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[i, &k, &big(s.account_id), &s.last_seen, &v],
            )?;
        }
        rel::TOKENS => put_token(t, &decode("tokens", super::conn::hex(k), v)?, k, v)?,
        rel::KEY_STATUS => {
            t.exec(
                "INSERT INTO key_status (issuer, kid, status) VALUES ($1, $2, $3)",
                &[i, &text(rel::KEY_STATUS, k)?, &text(rel::KEY_STATUS, v)?],
            )?;
        }
        rel::PRODUCT_CONTENT => {
            t.exec(
                "INSERT INTO product_content (issuer, product_id, rec) VALUES ($1, $2, $3)",
                &[i, &big(key_id("product_content", k, 0)?), &v],
            )?;
        }
        rel::DOCUMENTS => {
            put_document(t, &decode("documents", super::conn::hex(k), v)?, v)?;
        }
        rel::MEDIA => {
            t.exec(
                "INSERT INTO media (issuer, sha256, bytes) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
                &[i, &text(rel::MEDIA, k)?, &v],
            )?;
        }
        rel::SCAN_VERDICTS => {
            let key = text(rel::SCAN_VERDICTS, k)?;
            let Some((month, code)) = key.split_once('/') else {
                return Err(StoreError::Corrupt {
                    tree: rel::SCAN_VERDICTS,
                    key,
                    reason: "key is not month/code".into(),
                });
            };
            let n = key_id(rel::SCAN_VERDICTS, v, 0)?;
            t.exec(
                "INSERT INTO scan_verdicts (issuer, month, code, scan_count) VALUES ($1, $2, $3, $4)",
                &[i, &month, &code, &big(n)],
            )?;
        }
        rel::LOG_ENTRIES => {
            let index = key_id(rel::LOG_ENTRIES, k, 0)?;
            let leaf: crate::domain::LogLeaf = decode("log_entries", index, v)?;
            let kind = super::conn::name_of(&leaf.kind);
            t.exec(
                "INSERT INTO log_entries (issuer, idx, kind, at, entry, leaf_hash) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    i,
                    &big(index),
                    &kind,
                    &leaf.at,
                    &v,
                    &crate::tlog::leaf_hash(v).as_slice(),
                ],
            )?;
        }
        rel::META => {
            // `check_record` admitted only the install secret.
            t.exec(
                "INSERT INTO meta (issuer, key, value) VALUES ($1, 'install_secret', $2) \
                 ON CONFLICT (issuer, key) DO UPDATE SET value = EXCLUDED.value",
                &[i, &v],
            )?;
        }
        other => {
            return Err(StoreError::Backend(format!(
                "a backup relation this engine does not know: {other}"
            )));
        }
    }
    Ok(())
}

/// Computes the log's nodes and each batch's `batch_issued` index from the staged entries
/// and writes them (the entries themselves are already in the transaction).
fn derive_log(t: &Tx<'_, '_>, staged: &[(String, Vec<u8>, Vec<u8>)]) -> Result<(), StoreError> {
    let mut entries: Vec<(u64, &[u8])> = Vec::new();
    for (relation, k, v) in staged {
        if relation == rel::LOG_ENTRIES {
            entries.push((key_id(rel::LOG_ENTRIES, k, 0)?, v));
        }
    }
    entries.sort_by_key(|e| e.0);
    let mut rebuild = LogRebuild::default();
    let (mut levels, mut indexes, mut hashes) = (Vec::new(), Vec::new(), Vec::new());
    let flush = |levels: &mut Vec<i16>, indexes: &mut Vec<i64>, hashes: &mut Vec<Vec<u8>>| {
        t.exec(
            "INSERT INTO log_nodes (issuer, level, idx, hash) \
             SELECT $1, * FROM unnest($2::smallint[], $3::bigint[], $4::bytea[])",
            &[t.issuer(), &*levels, &*indexes, &*hashes],
        )?;
        levels.clear();
        indexes.clear();
        hashes.clear();
        Ok::<(), StoreError>(())
    };
    for (index, entry) in entries {
        for (level, hash) in (0u8..).zip(rebuild.push(index, entry)?) {
            levels.push(i16::from(level));
            indexes.push(big(index >> level));
            hashes.push(hash.to_vec());
        }
        if levels.len() >= NODE_CHUNK {
            flush(&mut levels, &mut indexes, &mut hashes)?;
        }
    }
    if !levels.is_empty() {
        flush(&mut levels, &mut indexes, &mut hashes)?;
    }
    let (batches, at): (Vec<i64>, Vec<i64>) = rebuild
        .issued
        .iter()
        .map(|(b, i)| (big(*b), big(*i)))
        .unzip();
    t.exec(
        "UPDATE batches SET log_idx = u.idx FROM unnest($2::bigint[], $3::bigint[]) u (id, idx) \
         WHERE batches.issuer = $1 AND batches.id = u.id",
        &[t.issuer(), &batches, &at],
    )?;
    Ok(())
}

impl Pg {
    /// Keeps a backed-up record until [`Pg::commit_staged`] writes them all in one
    /// transaction, parents first (a backup lists relations in name order).
    pub(super) fn put_record(
        &self,
        relation: &str,
        key: &[u8],
        value: &[u8],
    ) -> Result<(), StoreError> {
        rel::check_record(relation, key)?;
        self.staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((relation.to_owned(), key.to_vec(), value.to_vec()));
        Ok(())
    }

    /// Writes every staged record, and what is derived from them, in one transaction: all
    /// of a restore lands, or none.
    pub(super) fn commit_staged(&self) -> Result<(), StoreError> {
        let mut staged = std::mem::take(
            &mut *self
                .staged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if staged.is_empty() {
            return Ok(());
        }
        let rank = |r: &str| {
            RESTORE_ORDER
                .iter()
                .position(|x| *x == r)
                .unwrap_or(RESTORE_ORDER.len())
        };
        staged.sort_by_key(|(r, _, _)| rank(r));
        self.transaction(|t| {
            t.exec("SET CONSTRAINTS ALL DEFERRED", &[])?;
            for (relation, k, v) in &staged {
                restore_one(t, relation, k, v)?;
            }
            derive_log(t, &staged)
        })?;
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(())
    }
}
