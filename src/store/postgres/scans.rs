//! What the scan path writes in the background (scan stats added, never replaced; monthly
//! verdict tallies), PIN secrets and claims, shoppers' reports and the office's handling of
//! them, and the install secret.

use super::batches::serial;
use super::conn::{Db, Pg, big, decode, decode_all, decode_opt, encode};
use crate::domain::{BatchId, ClaimState, LogEvent, Report, ReportHandling, ScanStats};
use crate::store::StoreError;
use deadpool_postgres::GenericClient;

/// Meta key of the install secret (the same name sled's meta tree uses).
const INSTALL_SECRET: &str = "install_secret";

/// Writes a shopper's report.
pub(super) fn put_report<C: GenericClient>(
    db: &Db<'_, C>,
    r: &Report,
    rec: &[u8],
) -> Result<u64, StoreError> {
    db.exec(
        "INSERT INTO reports (issuer, id, at, batch_id, verdict, rec) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (issuer, id) DO UPDATE SET rec = EXCLUDED.rec",
        &[
            db.issuer(),
            &big(r.id),
            &r.at,
            &r.batch_id.map(big),
            &r.verdict,
            &rec,
        ],
    )
}

/// Writes the office's handling of a report.
pub(super) fn put_handling<C: GenericClient>(
    t: &Db<'_, C>,
    h: &ReportHandling,
    rec: &[u8],
) -> Result<(), StoreError> {
    t.exec(
        "INSERT INTO report_handlings (issuer, report_id, handled, note, handled_by, at, rec) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (issuer, report_id) DO UPDATE \
         SET handled = EXCLUDED.handled, note = EXCLUDED.note, \
         handled_by = EXCLUDED.handled_by, at = EXCLUDED.at, rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(h.report_id),
            &h.handled,
            &h.note,
            &h.by,
            &h.at,
            &rec,
        ],
    )?;
    Ok(())
}

/// Writes a unit's scan stats (a unit never scanned has no row).
pub(super) fn put_scans<C: GenericClient>(
    t: &Db<'_, C>,
    batch: BatchId,
    unit: u32,
    stats: &ScanStats,
    rec: &[u8],
) -> Result<(), StoreError> {
    let (Some(first), Some(last)) = (stats.first, stats.last) else {
        return Ok(());
    };
    t.exec(
        "INSERT INTO scans (issuer, batch_id, serial, scan_count, first_at, last_at, rec) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (issuer, batch_id, serial) \
             DO UPDATE SET scan_count = EXCLUDED.scan_count, first_at = EXCLUDED.first_at, \
             last_at = EXCLUDED.last_at, rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &big(batch),
            &serial(unit),
            &big(stats.count),
            &first,
            &last,
            &rec,
        ],
    )?;
    Ok(())
}

impl Pg {
    pub(super) fn pin_secret(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT secret FROM pin_secrets WHERE issuer = $1 AND batch_id = $2",
                &[db.issuer(), &big(batch)],
            )?;
            Ok(row.map(|r| r.get(0)))
        })
    }

    pub(super) fn set_pin_secret(&self, batch: BatchId, secret: &[u8]) -> Result<(), StoreError> {
        self.with(|db| {
            db.exec(
                "INSERT INTO pin_secrets (issuer, batch_id, secret) VALUES ($1, $2, $3) \
                 ON CONFLICT (issuer, batch_id) DO UPDATE SET secret = EXCLUDED.secret",
                &[db.issuer(), &big(batch), &secret],
            )
        })?;
        Ok(())
    }

    pub(super) fn claim_state(
        &self,
        batch: BatchId,
        unit: u32,
    ) -> Result<Option<ClaimState>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM claims WHERE issuer = $1 AND batch_id = $2 AND serial = $3",
                &[db.issuer(), &big(batch), &serial(unit)],
            )?;
            decode_opt("claims", row)
        })
    }

    /// Applies `f` under the unit's row lock, so two instances checking PINs of one unit at
    /// once cannot both claim it or lose a failure.
    pub(super) fn update_claim(
        &self,
        batch: BatchId,
        unit: u32,
        f: &dyn Fn(ClaimState) -> ClaimState,
    ) -> Result<ClaimState, StoreError> {
        let fresh = encode(&ClaimState::default())?;
        self.transaction(|t| {
            let params: [&(dyn tokio_postgres::types::ToSql + Sync); 4] =
                [t.issuer(), &big(batch), &serial(unit), &fresh];
            t.exec(
                "INSERT INTO claims (issuer, batch_id, serial, rec) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
                &params,
            )?;
            let row = t.one(
                "SELECT rec FROM claims WHERE issuer = $1 AND batch_id = $2 AND serial = $3 \
                 FOR UPDATE",
                &params[..3],
            )?;
            let before: ClaimState = decode("claims", format!("{batch}/{unit}"), row.get(0))?;
            let after = f(before);
            t.exec(
                "UPDATE claims SET rec = $4 WHERE issuer = $1 AND batch_id = $2 AND serial = $3",
                &[t.issuer(), &big(batch), &serial(unit), &encode(&after)?],
            )?;
            Ok(after)
        })
    }

    pub(super) fn insert_report(&self, r: &Report) -> Result<(), StoreError> {
        let rec = encode(r)?;
        self.with(|db| put_report(db, r, &rec))?;
        Ok(())
    }

    pub(super) fn reports(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<Report>, StoreError> {
        self.page("reports", after, limit)
    }

    pub(super) fn put_report_handling(
        &self,
        h: &ReportHandling,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        let rec = encode(h)?;
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            put_handling(t, h, &rec)?;
            Ok(())
        })
    }

    pub(super) fn report_handlings(&self) -> Result<Vec<ReportHandling>, StoreError> {
        self.with(|db| {
            let rows = db.rows(
                "SELECT rec FROM report_handlings WHERE issuer = $1 ORDER BY report_id",
                &[db.issuer()],
            )?;
            decode_all("report_handlings", &rows)
        })
    }

    /// Created once per issuer, by whichever instance asks first.
    pub(super) fn install_secret(&self) -> Result<[u8; 32], StoreError> {
        use rand_core::RngCore;
        let mut fresh = [0u8; 32];
        rand_core::OsRng.fill_bytes(&mut fresh);
        let row = self.with(|db| {
            db.exec(
                "INSERT INTO meta (issuer, key, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[db.issuer(), &INSTALL_SECRET, &fresh.as_slice()],
            )?;
            db.one(
                "SELECT value FROM meta WHERE issuer = $1 AND key = $2",
                &[db.issuer(), &INSTALL_SECRET],
            )
        })?;
        <[u8; 32]>::try_from(row.get::<_, &[u8]>(0)).map_err(|_| StoreError::Corrupt {
            tree: "meta",
            key: INSTALL_SECRET.into(),
            reason: "not 32 bytes".into(),
        })
    }

    pub(super) fn add_scan_verdicts(
        &self,
        counts: &[(String, String, u64)],
    ) -> Result<(), StoreError> {
        if counts.is_empty() {
            return Ok(());
        }
        self.transaction(|t| {
            for (month, code, n) in counts {
                t.exec(
                    "INSERT INTO scan_verdicts (issuer, month, code, scan_count) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (issuer, month, code) \
                     DO UPDATE SET scan_count = scan_verdicts.scan_count + EXCLUDED.scan_count",
                    &[t.issuer(), month, code, &big(*n)],
                )?;
            }
            Ok(())
        })
    }

    pub(super) fn scan_verdicts(&self) -> Result<Vec<(String, String, u64)>, StoreError> {
        let rows = self.with(|db| {
            db.rows(
                "SELECT month, code, scan_count FROM scan_verdicts WHERE issuer = $1 \
                 ORDER BY month, code",
                &[db.issuer()],
            )
        })?;
        Ok(rows
            .iter()
            .map(|r| {
                let month: String = r.get(0);
                (
                    month.trim_end().to_owned(),
                    r.get(1),
                    super::conn::id(r.get(2)),
                )
            })
            .collect())
    }
}
