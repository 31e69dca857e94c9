//! The batch relations: batches (with the lot, subject and issuance-log indexes), recalls,
//! print runs and traceability events. Each method is the [`Store`](crate::store::Store) verb
//! of the same name.

use super::codec::{backend, encode, refuse};
use super::db::Core;
use super::trees::{
    self as keys, T_BATCH_LOG, T_BATCHES, T_LOTS, T_PRINT_RUNS, T_RECALLS, T_SUBJECT_BATCHES,
    T_TRACE,
};
use crate::domain::{
    Batch, BatchId, LogEvent, Lot, PrintRun, ProductId, Recall, SubjectId, TraceEvent,
};
use crate::store::{Outcome, StoreError};

/// The batch relations' trees.
pub(super) struct Batches {
    pub(super) batches: sled::Tree,
    pub(super) lots: sled::Tree,
    pub(super) by_subject: sled::Tree,
    pub(super) batch_log: sled::Tree,
    pub(super) recalls: sled::Tree,
    pub(super) print_runs: sled::Tree,
    pub(super) trace: sled::Tree,
}

impl Batches {
    /// Opens the trees.
    pub(super) fn open(core: &Core) -> Result<Self, StoreError> {
        Ok(Self {
            batches: core.tree(T_BATCHES)?,
            lots: core.tree(T_LOTS)?,
            by_subject: core.tree(T_SUBJECT_BATCHES)?,
            batch_log: core.tree(T_BATCH_LOG)?,
            recalls: core.tree(T_RECALLS)?,
            print_runs: core.tree(T_PRINT_RUNS)?,
            trace: core.tree(T_TRACE)?,
        })
    }

    pub(super) fn insert_batch(&self, core: &Core, b: &Batch, ev: &LogEvent) -> Outcome<()> {
        let v = encode(b)?;
        let lot_key = keys::id_text(b.product_id, b.lot.as_str());
        let trees = [&self.batches, &self.lots, &self.by_subject, &self.batch_log];
        core.logged(&trees, std::slice::from_ref(ev), |t, index| {
            let (batches, lots, by_subject, batch_log) = (&t[0], &t[1], &t[2], &t[3]);
            if lots.get(lot_key.as_slice())?.is_some() {
                return Err(refuse(
                    "lot_taken",
                    format!("lot {} already exists for this product", b.lot),
                ));
            }
            batches.insert(&keys::id(b.id), v.as_slice())?;
            lots.insert(lot_key.as_slice(), &keys::id(b.id))?;
            by_subject.insert(&keys::pair(b.subject_id, b.id), &[])?;
            batch_log.insert(&keys::id(b.id), &index.to_be_bytes())?;
            Ok(())
        })
    }

    pub(super) fn batch(&self, id: BatchId) -> Result<Option<Batch>, StoreError> {
        Core::get(&self.batches, T_BATCHES, &keys::id(id))
    }

    pub(super) fn batch_by_lot(
        &self,
        product: ProductId,
        lot: &Lot,
    ) -> Result<Option<Batch>, StoreError> {
        let found = self
            .lots
            .get(keys::id_text(product, lot.as_str()))
            .map_err(backend)?;
        match found.and_then(|v| keys::read_id(&v, 0)) {
            Some(id) => self.batch(id),
            None => Ok(None),
        }
    }

    pub(super) fn batches(
        &self,
        subject: Option<SubjectId>,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, StoreError> {
        let Some(subject) = subject else {
            return Core::page(&self.batches, T_BATCHES, after, limit);
        };
        let start = keys::pair(subject, after.map_or(0, |a| a.saturating_add(1)));
        let end = keys::pair(subject, u64::MAX);
        let mut out = Vec::new();
        for kv in self.by_subject.range(start..=end).take(limit) {
            let (k, _) = kv.map_err(backend)?;
            if let Some(id) = keys::read_id(&k, 8)
                && let Some(b) = self.batch(id)?
            {
                out.push(b);
            }
        }
        Ok(out)
    }

    pub(super) fn batch_log_index(&self, batch: BatchId) -> Result<Option<u64>, StoreError> {
        Ok(self
            .batch_log
            .get(keys::id(batch))
            .map_err(backend)?
            .and_then(|v| keys::read_id(&v, 0)))
    }

    pub(super) fn insert_recall(&self, core: &Core, r: &Recall, ev: &LogEvent) -> Outcome<()> {
        let v = encode(r)?;
        core.logged(&[&self.recalls], std::slice::from_ref(ev), |t, _| {
            if t[0].get(keys::id(r.batch_id))?.is_some() {
                return Err(refuse(
                    "already_recalled",
                    format!("batch {} is already recalled", r.batch_id),
                ));
            }
            t[0].insert(&keys::id(r.batch_id), v.as_slice())?;
            Ok(())
        })
    }

    pub(super) fn recall(&self, batch: BatchId) -> Result<Option<Recall>, StoreError> {
        Core::get(&self.recalls, T_RECALLS, &keys::id(batch))
    }

    pub(super) fn insert_print_run(
        &self,
        core: &Core,
        r: &PrintRun,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        core.insert_logged(
            &self.print_runs,
            &keys::pair(r.batch_id, r.id),
            &encode(r)?,
            ev,
        )
    }

    pub(super) fn print_runs(&self, batch: BatchId) -> Result<Vec<PrintRun>, StoreError> {
        Core::with_prefix(&self.print_runs, T_PRINT_RUNS, &keys::id(batch))
    }

    pub(super) fn insert_trace_event(
        &self,
        core: &Core,
        t: &TraceEvent,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        core.insert_logged(&self.trace, &keys::pair(t.batch_id, t.id), &encode(t)?, ev)
    }

    pub(super) fn trace_events(&self, batch: BatchId) -> Result<Vec<TraceEvent>, StoreError> {
        Core::with_prefix(&self.trace, T_TRACE, &keys::id(batch))
    }
}
