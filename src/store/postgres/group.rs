//! Batch issuance commits in groups. Every logged write holds the issuer's log lock until
//! its commit, so one instance alone could append no faster than one commit (and its
//! disk flush) at a time, and several instances share that one lock. Issuances that arrive
//! while a group is committing wait and go into the next group: one transaction, one lock,
//! one flush for all of them, each batch still written with its own log entry, and none
//! answered before the commit that holds it.
//!
//! No thread of its own: the first request to find nobody committing commits the group
//! (its own issuance included), then hands the turn to the oldest waiting request.

use super::batches::{BatchRow, INSERT_BATCH};
use super::conn::{Db, Pg, Tx, blocking, encode};
use crate::domain::{Batch, LogEvent};
use crate::store::{Conflict, Outcome, StoreError};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
use tokio_postgres::types::ToSql;

/// Issuances committed in one transaction at most (bounds one group's latency).
const GROUP_MAX: usize = 64;

/// What a waiting request is told.
enum Turn {
    /// Its issuance committed (or was refused, or failed).
    Done(Outcome<()>),
    /// Nobody is committing: it commits the next group.
    Lead,
}

struct Issuance {
    batch: Batch,
    rec: Vec<u8>,
    event: LogEvent,
    reply: Sender<Turn>,
}

/// Issuances waiting for a group, and whether one is being committed.
#[derive(Default)]
pub(super) struct Queue(Mutex<State>);

#[derive(Default)]
struct State {
    waiting: Vec<Issuance>,
    committing: bool,
}

impl Queue {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Pg {
    /// Issues a batch with its log event, refused when its product already has the lot.
    pub(super) fn insert_batch(&self, b: &Batch, ev: &LogEvent) -> Outcome<()> {
        let (reply, answer) = channel();
        let lead = {
            let mut q = self.issuing.state();
            q.waiting.push(Issuance {
                batch: b.clone(),
                rec: encode(b)?,
                event: ev.clone(),
                reply,
            });
            !std::mem::replace(&mut q.committing, true)
        };
        if lead {
            self.commit_next_group();
        }
        loop {
            match wait_for(&answer) {
                Turn::Done(outcome) => return outcome,
                Turn::Lead => self.commit_next_group(),
            }
        }
    }

    /// Commits what is waiting, then passes the turn on (or ends it when nobody waits).
    fn commit_next_group(&self) {
        let group: Vec<Issuance> = {
            let mut q = self.issuing.state();
            let n = q.waiting.len().min(GROUP_MAX);
            q.waiting.drain(..n).collect()
        };
        self.commit_group(group);
        let mut q = self.issuing.state();
        match q.waiting.first() {
            Some(next) => {
                if next.reply.send(Turn::Lead).is_err() {
                    // Its request is gone (it cannot be: a request waits for its answer);
                    // end the turn so the next arrival leads.
                    q.committing = false;
                }
            }
            None => q.committing = false,
        }
    }

    /// One transaction for the group; if it fails for a reason other than the database
    /// being away, each issuance is tried alone, so one bad batch fails only itself.
    fn commit_group(&self, group: Vec<Issuance>) {
        match self.write_group(&group) {
            Ok(outcomes) => {
                for (it, outcome) in group.iter().zip(outcomes) {
                    let _ = it.reply.send(Turn::Done(Ok(outcome)));
                }
            }
            Err(e) if group.len() > 1 && !matches!(e, StoreError::Unavailable(_)) => {
                for it in group {
                    self.commit_group(vec![it]);
                }
            }
            Err(e) => {
                for it in &group {
                    let _ = it.reply.send(Turn::Done(Err(e.clone())));
                }
            }
        }
    }

    /// Writes the group's batches and log entries in one transaction, the batch rows sent
    /// together. A batch whose lot its product already has (stored, or earlier in the group)
    /// inserts nothing; then the transaction is rolled back and written again without it,
    /// so the log indexes stay contiguous (rare: the service checks the lot before).
    fn write_group(&self, group: &[Issuance]) -> Result<Vec<Result<(), Conflict>>, StoreError> {
        let mut taken = vec![false; group.len()];
        loop {
            let mut c = self.client()?;
            let tx = self.wait(c.transaction()).map_err(|e| self.error(e))?;
            let db: Tx<'_, '_> = Db { pg: self, c: &tx };
            let first = self.lock_log(&db)?;
            let live: Vec<usize> = (0..group.len()).filter(|&i| !taken[i]).collect();
            let rows: Vec<BatchRow<'_>> = (first..)
                .zip(&live)
                .map(|(index, &i)| BatchRow::new(&group[i].batch, &group[i].rec, Some(index)))
                .collect();
            let params: Vec<Vec<&(dyn ToSql + Sync)>> = rows
                .iter()
                .map(|r| r.params(db.issuer()).to_vec())
                .collect();
            let sql = format!("{INSERT_BATCH} ON CONFLICT (issuer, product_id, lot) DO NOTHING");
            let written = db.exec_each(&sql, &params)?;
            let refused: Vec<usize> = live
                .iter()
                .zip(&written)
                .filter(|(_, n)| **n == 0)
                .map(|(i, _)| *i)
                .collect();
            if !refused.is_empty() {
                // Dropping the transaction rolls it back.
                refused.iter().for_each(|&i| taken[i] = true);
                continue;
            }
            let events: Vec<LogEvent> = live.iter().map(|&i| group[i].event.clone()).collect();
            let nodes = self.append_logged(&db, first, &events)?;
            self.wait(tx.commit()).map_err(|e| self.error(e))?;
            self.committed(nodes);
            return Ok(group
                .iter()
                .zip(taken)
                .map(|(it, taken)| match taken {
                    false => Ok(()),
                    true => Err(Conflict::new(
                        "lot_taken",
                        format!("lot {} already exists for this product", it.batch.lot),
                    )),
                })
                .collect());
        }
    }
}

/// Waits for a turn (off the async worker, which serves other requests meanwhile).
fn wait_for(answer: &Receiver<Turn>) -> Turn {
    blocking(|| answer.recv()).unwrap_or_else(|_| {
        Turn::Done(Err(StoreError::Backend(
            "the issuance's group was dropped unanswered".into(),
        )))
    })
}
