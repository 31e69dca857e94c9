//! Scan stats on PostgreSQL: a write-back adds a whole buffer of units in a few statements
//! (never one round trip per unit), and each instance reads what the others added since
//! its last look, so that neither a first scan nor a repeat scan reads a row.
//!
//! "Since its last look" is a transaction-id cursor: every write stamps the row with its
//! transaction's id, and a look returns the rows stamped at or above the oldest
//! transaction still running at the previous look (`pg_snapshot_xmin`). A transaction that
//! had not committed then has an id at least that high, so no row is missed however
//! commits interleave; rows seen twice are harmless (a look reads the row's whole state).

use super::batches::serial;
use super::conn::{Db, Pg, Tx, big, decode, decode_opt, encode};
use crate::domain::{BatchId, ScanStats};
use crate::store::{ScanChanges, ScanRows, StoreError};
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use std::collections::HashMap;

/// How often a write-back retries units another instance inserted at the same moment.
const INSERT_RACES: usize = 4;

/// The buffer's rows as column arrays, for `unnest`.
#[derive(Default)]
struct Columns {
    batch: Vec<i64>,
    serial: Vec<i32>,
    count: Vec<i64>,
    first: Vec<DateTime<Utc>>,
    last: Vec<DateTime<Utc>>,
    rec: Vec<Vec<u8>>,
}

impl Columns {
    fn push(&mut self, batch: BatchId, unit: u32, s: &ScanStats) -> Result<(), StoreError> {
        let (Some(first), Some(last)) = (s.first, s.last) else {
            return Ok(()); // nothing counted: a unit never scanned has no row
        };
        self.batch.push(big(batch));
        self.serial.push(serial(unit));
        self.count.push(big(s.count));
        self.first.push(first);
        self.last.push(last);
        self.rec.push(encode(s)?);
        Ok(())
    }
}

impl Pg {
    /// Adds each row to the stored stats under the rows' locks, so two instances'
    /// write-backs sum whatever their order: existing rows are locked, merged and updated
    /// in one statement each way; new ones are inserted unless another instance just did,
    /// and those are merged on the next round.
    pub(super) fn add_scan_stats(
        &self,
        rows: &[(BatchId, u32, ScanStats)],
    ) -> Result<ScanRows, StoreError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut todo: Vec<&(BatchId, u32, ScanStats)> = rows.iter().collect();
        // One lock order for every instance, so two write-backs cannot deadlock.
        todo.sort_by_key(|(b, n, _)| (*b, *n));
        self.transaction(|t| {
            let mut after = Vec::with_capacity(rows.len());
            for _ in 0..INSERT_RACES {
                todo = add_round(t, &todo, &mut after)?;
                if todo.is_empty() {
                    return Ok(after);
                }
            }
            Err(StoreError::Backend(
                "scan write-back kept racing other instances' inserts".into(),
            ))
        })
    }

    /// A unit's stored stats.
    pub(super) fn scan_stats(
        &self,
        batch: BatchId,
        unit: u32,
    ) -> Result<Option<ScanStats>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM scans WHERE issuer = $1 AND batch_id = $2 AND serial = $3",
                &[db.issuer(), &big(batch), &serial(unit)],
            )?;
            decode_opt("scans", row)
        })
    }

    /// Every unit of a batch with stored stats, in serial order.
    pub(super) fn scans_of_batch(&self, batch: BatchId) -> Result<ScanRows, StoreError> {
        let rows = self.with(|db| {
            db.rows(
                "SELECT serial, rec FROM scans WHERE issuer = $1 AND batch_id = $2 ORDER BY serial",
                &[db.issuer(), &big(batch)],
            )
        })?;
        rows.iter()
            .map(|r| {
                let unit = u32::try_from(r.get::<_, i32>(0)).unwrap_or_default();
                Ok((
                    batch,
                    unit,
                    decode("scans", format!("{batch}/{unit}"), r.get(1))?,
                ))
            })
            .collect()
    }

    /// The serials of a batch that have stored stats.
    pub(super) fn scanned_serials(&self, batch: BatchId) -> Result<Vec<u32>, StoreError> {
        let rows = self.with(|db| {
            db.rows(
                "SELECT serial FROM scans WHERE issuer = $1 AND batch_id = $2",
                &[db.issuer(), &big(batch)],
            )
        })?;
        Ok(rows
            .iter()
            .filter_map(|r| u32::try_from(r.get::<_, i32>(0)).ok())
            .collect())
    }

    /// The stats other processes wrote since the look that returned `since` (none, only a
    /// cursor, when `since` is `None`), and the cursor for the next look.
    pub(super) fn scans_changed(&self, since: Option<u64>) -> Result<ScanChanges, StoreError> {
        self.with(|db| {
            // Taken before the rows are read: anything not committed by now is found next time.
            let next: String = db
                .one("SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &[])?
                .get(0);
            let next = next
                .parse::<u64>()
                .map_err(|e| StoreError::Backend(format!("transaction id {next:?}: {e}")))?;
            let Some(since) = since else {
                return Ok((Vec::new(), next));
            };
            let rows = db.rows(
                "SELECT batch_id, serial, rec FROM scans \
                 WHERE issuer = $1 AND xid >= $2::text::xid8 AND writer <> $3",
                &[db.issuer(), &since.to_string(), &self.writer],
            )?;
            let mut out = Vec::with_capacity(rows.len());
            for r in &rows {
                let (b, n): (i64, i32) = (r.get(0), r.get(1));
                let stats = decode("scans", format!("{b}/{n}"), r.get(2))?;
                out.push((
                    super::conn::id(b),
                    u32::try_from(n).unwrap_or_default(),
                    stats,
                ));
            }
            Ok((out, next))
        })
    }
}

/// One round of a write-back: merges into the rows that exist, inserts the ones that do
/// not (pushing the stats written to `after`), and returns the units another instance
/// inserted meanwhile (to merge next round).
fn add_round<'r>(
    t: &Tx<'_, '_>,
    todo: &[&'r (BatchId, u32, ScanStats)],
    after: &mut ScanRows,
) -> Result<Vec<&'r (BatchId, u32, ScanStats)>, StoreError> {
    let batches: Vec<i64> = todo.iter().map(|(b, _, _)| big(*b)).collect();
    let serials: Vec<i32> = todo.iter().map(|(_, n, _)| serial(*n)).collect();
    let stored = t.rows(
        "SELECT s.batch_id, s.serial, s.rec FROM scans s \
         JOIN unnest($2::bigint[], $3::int[]) AS u(b, n) ON s.batch_id = u.b AND s.serial = u.n \
         WHERE s.issuer = $1 ORDER BY s.batch_id, s.serial FOR UPDATE OF s",
        &[t.issuer(), &batches, &serials],
    )?;
    let mut old: HashMap<(i64, i32), ScanStats> = HashMap::with_capacity(stored.len());
    for r in &stored {
        let (b, n): (i64, i32) = (r.get(0), r.get(1));
        old.insert((b, n), decode("scans", format!("{b}/{n}"), r.get(2))?);
    }
    let (mut merged, mut fresh) = (Columns::default(), Columns::default());
    let mut fresh_units = Vec::new();
    for unit in todo.iter().copied() {
        let (b, n, more) = unit;
        match old.remove(&(big(*b), serial(*n))) {
            Some(mut s) => {
                s.merge(more);
                merged.push(*b, *n, &s)?;
                after.push((*b, *n, s));
            }
            None if more.first.is_some() => {
                fresh.push(*b, *n, more)?;
                fresh_units.push(unit);
            }
            None => {}
        }
    }
    if !merged.batch.is_empty() {
        write(t, &merged, false)?;
    }
    if fresh.batch.is_empty() {
        return Ok(Vec::new());
    }
    let inserted: std::collections::HashSet<(i64, i32)> = write(t, &fresh, true)?
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let (done, raced): (Vec<_>, Vec<_>) = fresh_units
        .into_iter()
        .partition(|(b, n, _)| inserted.contains(&(big(*b), serial(*n))));
    after.extend(done.into_iter().cloned());
    Ok(raced)
}

/// Updates existing rows, or inserts new ones (`insert`; returning the keys written, a
/// row another instance inserted first being left alone).
fn write<C: GenericClient>(
    db: &Db<'_, C>,
    c: &Columns,
    insert: bool,
) -> Result<Vec<tokio_postgres::Row>, StoreError> {
    let sql = if insert {
        "INSERT INTO scans (issuer, batch_id, serial, scan_count, first_at, last_at, rec, writer) \
         SELECT $1, u.b, u.n, u.c, u.f, u.l, u.r, $8 FROM unnest($2::bigint[], $3::int[], \
         $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::bytea[]) AS u(b, n, c, f, l, r) \
         ON CONFLICT (issuer, batch_id, serial) DO NOTHING RETURNING batch_id, serial"
    } else {
        "UPDATE scans s SET scan_count = u.c, first_at = u.f, last_at = u.l, rec = u.r, \
         writer = $8, xid = pg_current_xact_id() FROM unnest($2::bigint[], $3::int[], \
         $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::bytea[]) AS u(b, n, c, f, l, r) \
         WHERE s.issuer = $1 AND s.batch_id = u.b AND s.serial = u.n"
    };
    db.rows(
        sql,
        &[
            db.issuer(),
            &c.batch,
            &c.serial,
            &c.count,
            &c.first,
            &c.last,
            &c.rec,
            &db.pg.writer,
        ],
    )
}
