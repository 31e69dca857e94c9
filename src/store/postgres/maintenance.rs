//! Ids, the write generation (following other instances' writes), appends that change
//! nothing else, and what operators ask of a store (flush, size, id floor).

use super::conn::{CHANNEL, Pg, big, id};
use crate::domain::LogEvent;
use crate::store::StoreError;
use futures_util::StreamExt;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio_postgres::AsyncMessage;

/// Ids an instance takes from the issuer's counter at once (see `Pg::next_id`).
pub(super) const ID_BLOCK: u64 = 32;

/// How often the follower checks the log size besides listening: a notice lost while its
/// connection was down still reaches the caches within this.
const BACKSTOP: Duration = Duration::from_millis(500);

/// Keeps the generation moving with other instances' logged writes: a connection of its
/// own LISTENs on [`CHANNEL`] and, as a backstop, reads the log size every [`BACKSTOP`].
/// It reconnects on its own when the server goes away and comes back.
pub(super) fn follow(pg: &Pg, cfg: tokio_postgres::Config) {
    let Some(rt) = pg.handle() else { return };
    let generation = pg.generation.clone();
    let issuer = pg.issuer.clone();
    rt.spawn(async move {
        loop {
            if let Ok((client, mut conn)) = cfg.connect(tokio_postgres::NoTls).await {
                let (tx, mut notices) = tokio::sync::mpsc::unbounded_channel::<String>();
                let driver = tokio::spawn(async move {
                    let mut messages = futures_util::stream::poll_fn(move |cx| conn.poll_message(cx));
                    while let Some(Ok(m)) = messages.next().await {
                        if let AsyncMessage::Notification(n) = m {
                            let _ = tx.send(n.payload().to_owned());
                        }
                    }
                });
                if client.batch_execute(&format!("LISTEN {CHANNEL}")).await.is_ok() {
                    // Whatever happened while we were not listening.
                    generation.fetch_add(1, Ordering::Release);
                    let mut last: Option<i64> = None;
                    loop {
                        tokio::select! {
                            n = notices.recv() => match n {
                                Some(p) if p == issuer => {
                                    generation.fetch_add(1, Ordering::Release);
                                }
                                Some(_) => {}
                                None => break,
                            },
                            () = tokio::time::sleep(BACKSTOP) => {
                                let size = client.query_one(
                                    "SELECT coalesce(max(idx) + 1, 0) FROM log_entries WHERE issuer = $1",
                                    &[&issuer],
                                ).await;
                                let Ok(row) = size else { break };
                                let size: i64 = row.get(0);
                                if last.is_some_and(|l| l != size) {
                                    generation.fetch_add(1, Ordering::Release);
                                }
                                last = Some(size);
                            }
                        }
                    }
                }
                driver.abort();
            }
            tokio::time::sleep(BACKSTOP).await;
        }
    });
}

impl Pg {
    /// A fresh id. The issuer's counter is advanced [`ID_BLOCK`] at a time under its row
    /// lock and the block handed out from memory: one commit (and one disk flush on the
    /// counter's hot row, which every instance shares) per block, not per id. Ids stay
    /// unique and are never reused; a stopped instance leaves the rest of its block unused,
    /// and ids of two instances interleave rather than follow creation order.
    pub(super) fn next_id(&self) -> Result<u64, StoreError> {
        let mut block = self
            .ids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if block.start >= block.end {
            let row = self.with(|db| {
                db.one(
                    "UPDATE ids SET last_id = last_id + $2 WHERE issuer = $1 RETURNING last_id",
                    &[db.issuer(), &big(ID_BLOCK)],
                )
            })?;
            let last = id(row.get(0));
            *block = last.saturating_sub(ID_BLOCK) + 1..last + 1;
        }
        let n = block.start;
        block.start += 1;
        Ok(n)
    }

    /// See [`crate::store::Store::generation`].
    pub(super) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub(super) fn append_event(&self, ev: &LogEvent) -> Result<u64, StoreError> {
        self.append_events(std::slice::from_ref(ev))
    }

    pub(super) fn append_events(&self, evs: &[LogEvent]) -> Result<u64, StoreError> {
        self.logged_infallible(evs, |_, first| Ok(first))
    }

    /// Every acknowledged write is already committed: nothing to do.
    pub(super) fn flush(&self) -> Result<(), StoreError> {
        self.commit_staged()
    }

    /// The database's size (shared by every issuer it holds).
    pub(super) fn size_on_disk(&self) -> Result<u64, StoreError> {
        let row = self.with(|db| db.one("SELECT pg_database_size(current_database())", &[]))?;
        Ok(id(row.get(0)))
    }

    /// Makes new ids start above `high_water`, after committing what a restore staged.
    pub(super) fn set_id_floor(&self, high_water: u64) -> Result<(), StoreError> {
        self.commit_staged()?;
        self.with(|db| {
            db.exec(
                "UPDATE ids SET last_id = greatest(last_id, $2) WHERE issuer = $1",
                &[db.issuer(), &big(high_water)],
            )
        })?;
        // A block taken before may lie below the floor.
        *self
            .ids
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = 0..0;
        Ok(())
    }
}
