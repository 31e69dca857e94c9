//! The relation-agnostic verbs (backup, restore, doctor, `store copy`) on PostgreSQL. A
//! backup names relations and keys the way docs/backup-format.md does (ids big-endian, the
//! record's bytes as stored), so a backup of either engine restores into either: here each
//! relation is a query over the tables, and index relations (GTIN → product, login →
//! account, …) are derived from the rows they index, both ways.

use super::accounts::{put_account, put_token};
use super::batches::{put_batch, put_print_run, put_recall, put_trace_event};
use super::conn::{Db, Pg, Tx, big, decode, id};
use super::passport::put_document;
use super::registry::{put_certificate, put_product, put_subject};
use super::scans::{put_handling, put_report, put_scans};
use crate::store::{RecordVisitor, SnapshotItem, StoreError};
use deadpool_postgres::GenericClient;

/// Every relation a backup can carry, in name order, with the query that lists its
/// records as `(key, value)` in key order (`$1` the issuer).
const RELATIONS: &[(&str, &str)] = &[
    (
        "accountid_account",
        "SELECT int8send(id), rec FROM accounts WHERE issuer = $1",
    ),
    (
        "accountid_totp",
        "SELECT int8send(account_id), rec FROM totp WHERE issuer = $1",
    ),
    (
        "batchid_batch",
        "SELECT int8send(id), rec FROM batches WHERE issuer = $1",
    ),
    (
        "batchid_eventid_traceevent",
        "SELECT int8send(batch_id) || int8send(id), rec FROM trace_events WHERE issuer = $1",
    ),
    (
        "batchid_logindex",
        "SELECT int8send(id), int8send(log_idx) FROM batches \
         WHERE issuer = $1 AND log_idx IS NOT NULL",
    ),
    (
        "batchid_pinsecret",
        "SELECT int8send(batch_id), secret FROM pin_secrets WHERE issuer = $1",
    ),
    (
        "batchid_recall",
        "SELECT int8send(batch_id), rec FROM recalls WHERE issuer = $1",
    ),
    (
        "batchid_runid_printrun",
        "SELECT int8send(batch_id) || int8send(id), rec FROM print_runs WHERE issuer = $1",
    ),
    (
        "batchid_serial_claim",
        "SELECT int8send(batch_id) || int8send(serial::bigint), rec FROM claims WHERE issuer = $1",
    ),
    (
        "batchid_serial_scans",
        "SELECT int8send(batch_id) || int8send(serial::bigint), rec FROM scans WHERE issuer = $1",
    ),
    (
        "certid_certificate",
        "SELECT int8send(id), rec FROM certificates WHERE issuer = $1",
    ),
    (
        "gtin_productid",
        "SELECT convert_to(gtin, 'UTF8'), int8send(id) FROM products \
         WHERE issuer = $1 AND gtin IS NOT NULL",
    ),
    (
        "kid_loggedstatus",
        "SELECT convert_to(kid, 'UTF8'), convert_to(status, 'UTF8') FROM key_status \
         WHERE issuer = $1",
    ),
    (
        "logindex_entry",
        "SELECT int8send(idx), entry FROM log_entries WHERE issuer = $1",
    ),
    (
        "logindex_nodes",
        "SELECT int8send(((idx + 1) << level::int) - 1), string_agg(hash, ''::bytea ORDER BY level) \
         FROM log_nodes WHERE issuer = $1 GROUP BY 1",
    ),
    (
        "login_accountid",
        "SELECT convert_to(login, 'UTF8'), int8send(id) FROM accounts WHERE issuer = $1",
    ),
    (
        "logmeta",
        "SELECT convert_to('size', 'UTF8'), int8send(count(*)) FROM log_entries \
         WHERE issuer = $1 HAVING count(*) > 0",
    ),
    (
        "meta",
        "SELECT convert_to(key, 'UTF8'), value FROM meta WHERE issuer = $1",
    ),
    (
        "month_verdict_scans",
        "SELECT convert_to(month || '/' || code, 'UTF8'), int8send(scan_count) \
         FROM scan_verdicts WHERE issuer = $1",
    ),
    (
        "productid_certid",
        "SELECT int8send(product_id) || int8send(id), ''::bytea FROM certificates WHERE issuer = $1",
    ),
    (
        "productid_content",
        "SELECT int8send(product_id), rec FROM product_content WHERE issuer = $1",
    ),
    (
        "productid_docid_document",
        "SELECT int8send(product_id) || int8send(id), rec FROM documents WHERE issuer = $1",
    ),
    (
        "productid_lot_batchid",
        "SELECT int8send(product_id) || convert_to(lot, 'UTF8'), int8send(id) FROM batches \
         WHERE issuer = $1",
    ),
    (
        "productid_product",
        "SELECT int8send(id), rec FROM products WHERE issuer = $1",
    ),
    (
        "reportid_handling",
        "SELECT int8send(report_id), rec FROM report_handlings WHERE issuer = $1",
    ),
    (
        "reportid_report",
        "SELECT int8send(id), rec FROM reports WHERE issuer = $1",
    ),
    (
        "sessionhash_session",
        "SELECT hash, rec FROM sessions WHERE issuer = $1",
    ),
    (
        "setuphash_accountid",
        "SELECT setup_hash, int8send(id) FROM accounts WHERE issuer = $1 AND setup_hash IS NOT NULL",
    ),
    (
        "sha256_media",
        "SELECT convert_to(sha256, 'UTF8'), bytes FROM media WHERE issuer = $1",
    ),
    (
        "subjectid_batchid",
        "SELECT int8send(subject_id) || int8send(id), ''::bytea FROM batches WHERE issuer = $1",
    ),
    (
        "subjectid_subject",
        "SELECT int8send(id), rec FROM subjects WHERE issuer = $1",
    ),
    (
        "tokenhash_token",
        "SELECT hash, rec FROM tokens WHERE issuer = $1",
    ),
];

/// The order a restore writes relations in: parents before the rows that name them.
const RESTORE_ORDER: &[&str] = &[
    "meta",
    "subjectid_subject",
    "productid_product",
    "certid_certificate",
    "batchid_batch",
    "batchid_logindex",
    "reportid_report",
    "accountid_account",
    "sha256_media",
];

fn query(relation: &str) -> Option<String> {
    RELATIONS
        .iter()
        .find(|r| r.0 == relation)
        .map(|r| format!("SELECT k, v FROM ({}) q (k, v) ORDER BY k", r.1))
}

fn visit_rows<C: GenericClient>(
    db: &Db<'_, C>,
    relation: &str,
    visit: &mut crate::store::RecordVisitor<'_>,
) -> Result<(), StoreError> {
    let Some(sql) = query(relation) else {
        return Ok(());
    };
    for row in db.rows(&sql, &[db.issuer()])? {
        visit(row.get(0), row.get(1))?;
    }
    Ok(())
}

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

/// Writes one backed-up record into the tables. Index relations are derived from the
/// rows they index and are skipped, like the log size; the rest keeps its bytes.
fn restore_one(t: &Tx<'_, '_>, relation: &str, k: &[u8], v: &[u8]) -> Result<(), StoreError> {
    let i = t.issuer();
    match relation {
        "subjectid_subject" => {
            put_subject(t, &decode("subjects", super::conn::hex(k), v)?, v)?;
        }
        "productid_product" => put_product(t, &decode("products", super::conn::hex(k), v)?, v)?,
        "certid_certificate" => {
            put_certificate(t, &decode("certificates", super::conn::hex(k), v)?, v)?;
        }
        "batchid_batch" => put_batch(t, &decode("batches", super::conn::hex(k), v)?, v, None)?,
        "batchid_logindex" => {
            let batch = key_id("batchid_logindex", k, 0)?;
            let index = key_id("batchid_logindex", v, 0)?;
            t.exec(
                "UPDATE batches SET log_idx = $3 WHERE issuer = $1 AND id = $2",
                &[i, &big(batch), &big(index)],
            )?;
        }
        "batchid_recall" => {
            put_recall(t, &decode("recalls", super::conn::hex(k), v)?, v)?;
        }
        "batchid_runid_printrun" => {
            put_print_run(t, &decode("print_runs", super::conn::hex(k), v)?, v)?;
        }
        "batchid_eventid_traceevent" => {
            put_trace_event(t, &decode("trace_events", super::conn::hex(k), v)?, v)?;
        }
        "batchid_serial_scans" => {
            let (batch, unit) = (key_id("scans", k, 0)?, key_id("scans", k, 8)?);
            let unit = u32::try_from(unit).unwrap_or(u32::MAX);
            put_scans(t, batch, unit, &decode("scans", super::conn::hex(k), v)?, v)?;
        }
        "batchid_serial_claim" => {
            let (batch, unit) = (key_id("claims", k, 0)?, key_id("claims", k, 8)?);
            t.exec(
                "INSERT INTO claims (issuer, batch_id, serial, rec) VALUES ($1, $2, $3, $4)",
                &[i, &big(batch), &i32::try_from(unit).unwrap_or(i32::MAX), &v],
            )?;
        }
        "batchid_pinsecret" => {
            t.exec(
                "INSERT INTO pin_secrets (issuer, batch_id, secret) VALUES ($1, $2, $3)",
                &[i, &big(key_id("pins", k, 0)?), &v],
            )?;
        }
        "reportid_report" => {
            put_report(t, &decode("reports", super::conn::hex(k), v)?, v)?;
        }
        "reportid_handling" => {
            put_handling(t, &decode("report_handlings", super::conn::hex(k), v)?, v)?;
        }
        "accountid_account" => put_account(t, &decode("accounts", super::conn::hex(k), v)?, v)?,
        "accountid_totp" => {
            t.exec(
                "INSERT INTO totp (issuer, account_id, rec) VALUES ($1, $2, $3)",
                &[i, &big(key_id("totp", k, 0)?), &v],
            )?;
        }
        "sessionhash_session" => {
            let s: crate::domain::Session = decode("sessions", "session", v)?;
            t.exec(
                "INSERT INTO sessions (issuer, hash, account_id, last_seen, rec) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[i, &k, &big(s.account_id), &s.last_seen, &v],
            )?;
        }
        "tokenhash_token" => put_token(t, &decode("tokens", super::conn::hex(k), v)?, k, v)?,
        "kid_loggedstatus" => {
            t.exec(
                "INSERT INTO key_status (issuer, kid, status) VALUES ($1, $2, $3)",
                &[
                    i,
                    &text("kid_loggedstatus", k)?,
                    &text("kid_loggedstatus", v)?,
                ],
            )?;
        }
        "productid_content" => {
            t.exec(
                "INSERT INTO product_content (issuer, product_id, rec) VALUES ($1, $2, $3)",
                &[i, &big(key_id("product_content", k, 0)?), &v],
            )?;
        }
        "productid_docid_document" => {
            put_document(t, &decode("documents", super::conn::hex(k), v)?, v)?;
        }
        "sha256_media" => {
            t.exec(
                "INSERT INTO media (issuer, sha256, bytes) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
                &[i, &text("sha256_media", k)?, &v],
            )?;
        }
        "month_verdict_scans" => {
            let key = text("month_verdict_scans", k)?;
            let Some((month, code)) = key.split_once('/') else {
                return Err(StoreError::Corrupt {
                    tree: "month_verdict_scans",
                    key,
                    reason: "key is not month/code".into(),
                });
            };
            let n = key_id("month_verdict_scans", v, 0)?;
            t.exec(
                "INSERT INTO scan_verdicts (issuer, month, code, scan_count) VALUES ($1, $2, $3, $4)",
                &[i, &month, &code, &big(n)],
            )?;
        }
        "logindex_entry" => {
            let index = key_id("logindex_entry", k, 0)?;
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
        "logindex_nodes" => {
            let leaf = key_id("logindex_nodes", k, 0)?;
            for (level, hash) in v.chunks(32).enumerate() {
                let level = u8::try_from(level).unwrap_or(u8::MAX);
                t.exec(
                    "INSERT INTO log_nodes (issuer, level, idx, hash) VALUES ($1, $2, $3, $4)",
                    &[i, &i16::from(level), &big(leaf >> level), &hash],
                )?;
            }
        }
        "meta" => {
            // Only the install secret moves: the format marker and id floor are sled's own.
            if k == b"install_secret" {
                t.exec(
                    "INSERT INTO meta (issuer, key, value) VALUES ($1, 'install_secret', $2) \
                     ON CONFLICT (issuer, key) DO UPDATE SET value = EXCLUDED.value",
                    &[i, &v],
                )?;
            }
        }
        // Derived from the rows they index (or, for the log size, from the entries).
        "gtin_productid"
        | "productid_certid"
        | "productid_lot_batchid"
        | "subjectid_batchid"
        | "login_accountid"
        | "setuphash_accountid"
        | "logmeta" => {}
        other => {
            return Err(StoreError::Backend(format!(
                "a backup relation this engine does not know: {other}"
            )));
        }
    }
    Ok(())
}

impl Pg {
    /// Every relation that holds data, in name order, with its record count.
    pub(super) fn relations(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.with(|db| {
            let mut out = Vec::new();
            for (name, sql) in RELATIONS {
                let row = db.one(&format!("SELECT count(*) FROM ({sql}) q"), &[db.issuer()])?;
                let n = id(row.get(0));
                if n > 0 {
                    out.push(((*name).to_owned(), n));
                }
            }
            Ok(out)
        })
    }

    /// Visits one relation's records in key order.
    pub(super) fn records(
        &self,
        relation: &str,
        visit: &mut RecordVisitor<'_>,
    ) -> Result<(), StoreError> {
        self.with(|db| visit_rows(db, relation, visit))
    }

    /// Visits every relation in one repeatable-read transaction: a state between two
    /// commits, whatever the other instances write meanwhile.
    pub(super) fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut c = self.client()?;
        let tx = self
            .wait(
                c.build_transaction()
                    .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start(),
            )
            .map_err(|e| self.error(e))?;
        let db = Db { pg: self, c: &tx };
        let row = db.one("SELECT last_id FROM ids WHERE issuer = $1", &[db.issuer()])?;
        let high_water = id(row.get(0)).saturating_add(1);
        for (name, _) in RELATIONS {
            let mut started = false;
            visit_rows(&db, name, &mut |k, v| {
                if !started {
                    visit(SnapshotItem::Tree(name))?;
                    started = true;
                }
                visit(SnapshotItem::Record(k, v))
            })?;
        }
        Ok(high_water)
    }

    /// Keeps a backed-up record until [`Pg::commit_staged`] writes them all in one
    /// transaction, parents first (a backup lists relations in name order).
    pub(super) fn put_record(
        &self,
        relation: &str,
        key: &[u8],
        value: &[u8],
    ) -> Result<(), StoreError> {
        if !RELATIONS.iter().any(|r| r.0 == relation) {
            return Err(StoreError::Backend(format!(
                "a backup relation this engine does not know: {relation}"
            )));
        }
        self.staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((relation.to_owned(), key.to_vec(), value.to_vec()));
        Ok(())
    }

    /// Writes every staged record in one transaction: all of a restore lands, or none.
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
            Ok(())
        })?;
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::Release);
        Ok(())
    }
}
