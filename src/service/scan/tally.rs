//! Scan counts held in memory and written behind: the monthly verdict tally for the dashboard
//! and the per-unit counts of the [`ScanBuffer`](crate::service::ScanBuffer). Separate from
//! the verdict because writing once a second instead of once a scan is what keeps the verify
//! path fast, and the write-back rules (retry, shutdown) are their own concern.

use super::ScanState;
use crate::service::{App, ServiceError};
use crate::store::Store;
use crate::verify::VerdictCode;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Scans counted since the tally was last written, by (month `YYYY-MM`, verdict code).
#[derive(Debug, Default)]
pub(super) struct Tally {
    pending: BTreeMap<(String, &'static str), u64>,
    /// When the oldest pending scan was counted.
    since: Option<Instant>,
}

/// How long counted scans may wait in memory before they are written to the store: one
/// write per second instead of one per scan keeps the verify path at its speed.
const TALLY_WRITE_AFTER: Duration = Duration::from_secs(1);

/// The store the tally goes to, kept so that dropping the state writes what is left.
pub(super) struct TallyStore(Arc<dyn Store>);

impl std::fmt::Debug for TallyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TallyStore")
    }
}

impl ScanState {
    /// Takes the pending counts as store rows.
    fn take_tally(&self) -> Vec<(String, String, u64)> {
        let Ok(mut t) = self.tally.lock() else {
            return Vec::new();
        };
        t.since = None;
        std::mem::take(&mut t.pending)
            .into_iter()
            .map(|((month, code), n)| (month, code.to_owned(), n))
            .collect()
    }

    /// Puts counts back after a failed write.
    fn restore_tally(&self, rows: Vec<(String, String, u64)>) {
        let Ok(mut t) = self.tally.lock() else {
            return;
        };
        t.since.get_or_insert_with(Instant::now);
        for (month, code, n) in rows {
            if let Some(code) = VerdictCode::ALL
                .iter()
                .map(|c| c.as_str())
                .find(|c| *c == code)
            {
                *t.pending.entry((month, code)).or_default() += n;
            }
        }
    }
}

impl Drop for ScanState {
    fn drop(&mut self) {
        if let Some(store) = self.tally_store.get() {
            if let Err(e) = self.buffer.write_back(store.0.as_ref()) {
                tracing::warn!(error = %e, "scan counts not written back");
            }
            let rows = self.take_tally();
            if !rows.is_empty() && store.0.add_scan_verdicts(&rows).is_ok() {
                let _ = store.0.flush();
            }
        }
    }
}

/// Real scans of unit labels in one month and the verdicts they got.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema, PartialEq)]
pub struct ScanMonth {
    /// `YYYY-MM` (UTC).
    pub month: String,
    pub scans: u64,
    /// Verdict code → scans.
    pub verdicts: BTreeMap<String, u64>,
}

impl App {
    /// Counts one real scan in the monthly tally, writing the tally once it is old enough.
    pub(super) fn tally_scan(&self, code: VerdictCode) -> Result<(), ServiceError> {
        let state = &self.scan_state;
        state
            .tally_store
            .get_or_init(|| TallyStore(self.store.clone()));
        // The month in Vietnam (UTC+7), as the dashboard shows it.
        let month = (self.clock.now() + chrono::TimeDelta::hours(7))
            .format("%Y-%m")
            .to_string();
        let due = match state.tally.lock() {
            Ok(mut t) => {
                *t.pending.entry((month, code.as_str())).or_default() += 1;
                t.since.get_or_insert_with(Instant::now).elapsed() >= TALLY_WRITE_AFTER
            }
            Err(_) => false,
        };
        // The verdict is already decided: a tally the store cannot take now stays pending
        // for the next try rather than failing the shopper's scan.
        if due && let Err(e) = self.write_scan_tally() {
            tracing::warn!(error = %e, "scan tally not written; kept for the next try");
        }
        Ok(())
    }

    /// Writes the counted scans held in memory to the store (the server does this every
    /// [`WRITE_BACK_EVERY`](crate::service::WRITE_BACK_EVERY) and at shutdown).
    pub fn write_back_scans(&self) -> Result<(), ServiceError> {
        Ok(self.scan_state.buffer.write_back(self.store.as_ref())?)
    }

    /// Writes the pending scan counts to the store.
    pub fn write_scan_tally(&self) -> Result<(), ServiceError> {
        let rows = self.scan_state.take_tally();
        if rows.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.store.add_scan_verdicts(&rows) {
            self.scan_state.restore_tally(rows);
            return Err(e.into());
        }
        Ok(())
    }

    /// Scans per month with their verdicts, pending ones included.
    pub fn scans_by_month(&self) -> Result<Vec<ScanMonth>, ServiceError> {
        self.write_scan_tally()?;
        let mut out: Vec<ScanMonth> = Vec::new();
        for (month, code, n) in self.store.scan_verdicts()? {
            if out.last().is_none_or(|m| m.month != month) {
                out.push(ScanMonth {
                    month,
                    scans: 0,
                    verdicts: BTreeMap::new(),
                });
            }
            if let Some(m) = out.last_mut() {
                m.scans += n;
                *m.verdicts.entry(code).or_default() += n;
            }
        }
        Ok(out)
    }
}
