//! Batches (with the signed record byte for byte), recalls, print runs and trace events.

use super::conn::{Db, Pg, big, decode, decode_all, decode_opt, encode, name_of};
use crate::domain::{
    Batch, BatchId, LogEvent, Lot, PrintRun, ProductId, Recall, SubjectId, TraceEvent,
};
use crate::store::{Conflict, IssuanceFacts, Outcome, StoreError};
use deadpool_postgres::GenericClient;
use tokio_postgres::types::ToSql;

/// A serial number as PostgreSQL's integer (serials fit: a batch has at most a few million).
pub(super) fn serial(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The statement that writes a batch row; [`BatchRow::params`] are its parameters.
pub(super) const INSERT_BATCH: &str = "INSERT INTO batches (issuer, id, product_id, subject_id, \
     certificate_id, gtin, lot, production_date, expiry_date, quantity, star, kid, issued_at, \
     record, rec, log_idx) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";

/// A batch's row, its values owned (so many can be sent at once).
pub(super) struct BatchRow<'a> {
    b: &'a Batch,
    ids: [i64; 4],
    gtin: Option<&'a str>,
    lot: &'a str,
    quantity: i32,
    star: i16,
    rec: &'a [u8],
    log_idx: Option<i64>,
}

impl<'a> BatchRow<'a> {
    /// The row of `b` (`rec` its encoded bytes, `log_idx` its `batch_issued` entry).
    pub(super) fn new(b: &'a Batch, rec: &'a [u8], log_idx: Option<u64>) -> Self {
        Self {
            b,
            ids: [b.id, b.product_id, b.subject_id, b.certificate_id].map(big),
            gtin: b.gtin.as_ref().map(|g| g.as_str()),
            lot: b.lot.as_str(),
            quantity: i32::try_from(b.quantity).unwrap_or(i32::MAX),
            star: i16::from(b.star.get()),
            rec,
            log_idx: log_idx.map(big),
        }
    }

    /// The parameters of [`INSERT_BATCH`] after the issuer.
    pub(super) fn params<'p>(&'p self, issuer: &'p String) -> [&'p (dyn ToSql + Sync); 16] {
        let b = self.b;
        [
            issuer,
            &self.ids[0],
            &self.ids[1],
            &self.ids[2],
            &self.ids[3],
            &self.gtin,
            &self.lot,
            &b.production_date,
            &b.expiry_date,
            &self.quantity,
            &self.star,
            &b.kid,
            &b.issued_at,
            &b.record,
            &self.rec,
            &self.log_idx,
        ]
    }
}

/// Writes a batch row (`rec` its encoded bytes, `log_idx` its `batch_issued` entry).
pub(super) fn put_batch<C: GenericClient>(
    t: &Db<'_, C>,
    b: &Batch,
    rec: &[u8],
    log_idx: Option<u64>,
) -> Result<(), StoreError> {
    let row = BatchRow::new(b, rec, log_idx);
    t.exec(INSERT_BATCH, &row.params(t.issuer()))?;
    Ok(())
}

/// Writes a recall; false when the batch was already recalled.
pub(super) fn put_recall<C: GenericClient>(
    t: &Db<'_, C>,
    r: &Recall,
    rec: &[u8],
) -> Result<bool, StoreError> {
    let n = t.exec(
        "INSERT INTO recalls (issuer, batch_id, recall_date, reason, recorded_at, actor, rec) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        &[
            t.issuer(),
            &big(r.batch_id),
            &r.date,
            &r.reason,
            &r.recorded_at,
            &r.actor,
            &rec,
        ],
    )?;
    Ok(n > 0)
}

/// Writes a print run.
pub(super) fn put_print_run<C: GenericClient>(
    t: &Db<'_, C>,
    r: &PrintRun,
    rec: &[u8],
) -> Result<(), StoreError> {
    t.exec(
        "INSERT INTO print_runs (issuer, batch_id, id, format, from_serial, to_serial, \
         reprint, at, rec) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (issuer, batch_id, id) DO UPDATE SET rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(r.batch_id),
            &big(r.id),
            &r.format,
            &serial(r.from),
            &serial(r.to),
            &r.reprint,
            &r.at,
            &rec,
        ],
    )?;
    Ok(())
}

/// Writes a trace event.
pub(super) fn put_trace_event<C: GenericClient>(
    t: &Db<'_, C>,
    e: &TraceEvent,
    rec: &[u8],
) -> Result<(), StoreError> {
    t.exec(
        "INSERT INTO trace_events (issuer, batch_id, id, event_type, event_time, rec) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (issuer, batch_id, id) DO UPDATE SET rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(e.batch_id),
            &big(e.id),
            &name_of(&e.event_type),
            &e.time,
            &rec,
        ],
    )?;
    Ok(())
}

impl Pg {
    pub(super) fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM batches WHERE issuer = $1 AND id = $2",
                &[db.issuer(), &big(id)],
            )?;
            decode_opt("batches", row)
        })
    }

    pub(super) fn batch_by_lot(
        &self,
        product: ProductId,
        lot: &Lot,
    ) -> Result<Option<Batch>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM batches WHERE issuer = $1 AND product_id = $2 AND lot = $3",
                &[db.issuer(), &big(product), &lot.as_str()],
            )?;
            decode_opt("batches", row)
        })
    }

    /// [`crate::store::Store::issuance_facts`] in one statement.
    pub(super) fn issuance_facts(
        &self,
        product: ProductId,
        lot: &Lot,
    ) -> Result<Option<IssuanceFacts>, StoreError> {
        let row = self.with(|db| {
            db.opt(
                "SELECT p.rec, \
                   (SELECT s.rec FROM subjects s WHERE s.issuer = p.issuer AND s.id = p.subject_id), \
                   ARRAY(SELECT c.rec FROM certificates c \
                         WHERE c.issuer = p.issuer AND c.product_id = p.id ORDER BY c.id), \
                   (SELECT pc.rec FROM product_content pc \
                    WHERE pc.issuer = p.issuer AND pc.product_id = p.id), \
                   EXISTS (SELECT 1 FROM batches b \
                           WHERE b.issuer = p.issuer AND b.product_id = p.id AND b.lot = $3) \
                 FROM products p WHERE p.issuer = $1 AND p.id = $2",
                &[db.issuer(), &big(product), &lot.as_str()],
            )
        })?;
        let Some(r) = row else { return Ok(None) };
        let certificates: Vec<Vec<u8>> = r.get(2);
        Ok(Some(IssuanceFacts {
            product: decode("products", product, r.get(0))?,
            subject: r
                .get::<_, Option<&[u8]>>(1)
                .map(|b| decode("subjects", product, b))
                .transpose()?,
            certificates: certificates
                .iter()
                .map(|b| decode("certificates", product, b))
                .collect::<Result<_, _>>()?,
            content: r
                .get::<_, Option<&[u8]>>(3)
                .map(|b| decode("product_content", product, b))
                .transpose()?,
            lot_taken: r.get(4),
        }))
    }

    pub(super) fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError> {
        let Some(subject) = subject else {
            return self.page("batches", after, limit);
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM batches WHERE issuer = $1 AND subject_id = $2 AND id > $3 \
                 ORDER BY id LIMIT $4",
                &[db.issuer(), &big(subject), &after.map_or(0, big), &limit],
            )?;
            decode_all("batches", &rows)
        })
    }

    pub(super) fn batch_log_index(&self, batch: BatchId) -> Result<Option<u64>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT log_idx FROM batches WHERE issuer = $1 AND id = $2",
                &[db.issuer(), &big(batch)],
            )?;
            Ok(row
                .and_then(|r| r.get::<_, Option<i64>>(0))
                .map(super::conn::id))
        })
    }

    pub(super) fn insert_recall(&self, r: &Recall, ev: &LogEvent) -> Outcome<()> {
        let rec = encode(r)?;
        self.logged(std::slice::from_ref(ev), |t, _| {
            let n = u64::from(put_recall(t, r, &rec)?);
            Ok(if n == 0 {
                Err(Conflict::new(
                    "already_recalled",
                    format!("batch {} is already recalled", r.batch_id),
                ))
            } else {
                Ok(())
            })
        })
    }

    pub(super) fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM recalls WHERE issuer = $1 AND batch_id = $2",
                &[db.issuer(), &big(batch)],
            )?;
            decode_opt("recalls", row)
        })
    }

    pub(super) fn insert_print_run(&self, r: &PrintRun, ev: &LogEvent) -> Result<(), StoreError> {
        let rec = encode(r)?;
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            put_print_run(t, r, &rec)?;
            Ok(())
        })
    }

    pub(super) fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError> {
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM print_runs WHERE issuer = $1 AND batch_id = $2 ORDER BY id",
                &[db.issuer(), &big(batch)],
            )?;
            decode_all("print_runs", &rows)
        })
    }

    pub(super) fn insert_trace_event(
        &self,
        e: &TraceEvent,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        let rec = encode(e)?;
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            put_trace_event(t, e, &rec)?;
            Ok(())
        })
    }

    pub(super) fn trace_events(&self, batch: BatchId) -> Result<Vec<TraceEvent>, StoreError> {
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM trace_events WHERE issuer = $1 AND batch_id = $2 ORDER BY id",
                &[db.issuer(), &big(batch)],
            )?;
            decode_all("trace_events", &rows)
        })
    }
}
