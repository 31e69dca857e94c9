//! The bridge between the synchronous [`crate::store::Store`] verbs and the asynchronous
//! driver: a small runtime of the store's own drives tokio-postgres and the deadpool pool,
//! and each verb waits for its statements on the calling thread. Every logged write goes
//! through [`Pg::logged`], so the advisory lock, the log append, the change notice and the
//! commit are written once.

use crate::domain::LogEvent;
use crate::store::{Conflict, Outcome, StoreError};
use deadpool_postgres::{GenericClient, Pool};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::runtime::{Handle, Runtime, RuntimeFlavor};
use tokio_postgres::Row;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;

/// Statement parameters.
pub(super) type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// The channel every instance's logged writes notify on (payload: the issuer).
pub(super) const CHANNEL: &str = "ocop_changes";

/// The pool, the runtime that drives it, and what every relation shares.
pub(super) struct Pg {
    rt: Option<Runtime>,
    pub(super) pool: Pool,
    /// The province whose rows this instance reads and writes (first in every key).
    pub(super) issuer: String,
    /// The address with its password redacted, for messages.
    pub(super) shown: String,
    /// Advisory lock key of this issuer's log: appends take it in their transaction.
    lock_key: i64,
    /// Grows with every logged write seen, this instance's or (through LISTEN/NOTIFY and a
    /// log-size check) another's.
    pub(super) generation: Arc<AtomicU64>,
    pub(super) nodes: super::log::NodeCache,
    /// Records a restore put, written in one transaction by `commit_staged`.
    pub(super) staged: std::sync::Mutex<Vec<StagedRecord>>,
    /// The ids this instance took from the issuer's counter and has not handed out yet.
    pub(super) ids: std::sync::Mutex<std::ops::Range<u64>>,
    /// Batch issuances waiting to be committed together (see `group.rs`).
    pub(super) issuing: super::group::Queue,
    /// This process's mark on the scan rows it writes, so that reading what changed since
    /// a moment skips its own writes (random: instances agree on nothing beforehand).
    pub(super) writer: i64,
}

/// One backed-up record waiting for its restore's transaction: relation, key, value.
pub(super) type StagedRecord = (String, Vec<u8>, Vec<u8>);

impl Drop for Pg {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which tokio forbids inside another runtime's task.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// A connection from the pool (or a transaction on one) with synchronous statements.
pub(super) struct Db<'a, C: GenericClient> {
    pub(super) pg: &'a Pg,
    pub(super) c: &'a C,
}

impl<C: GenericClient> Db<'_, C> {
    /// All rows of a statement (prepared once per connection and cached).
    pub(super) fn rows(&self, sql: &str, p: Params<'_>) -> Result<Vec<Row>, StoreError> {
        self.pg
            .wait(async {
                let st = self.c.prepare_cached(sql).await?;
                self.c.query(&st, p).await
            })
            .map_err(|e| self.pg.error(e))
    }

    /// At most one row.
    pub(super) fn opt(&self, sql: &str, p: Params<'_>) -> Result<Option<Row>, StoreError> {
        self.pg
            .wait(async {
                let st = self.c.prepare_cached(sql).await?;
                self.c.query_opt(&st, p).await
            })
            .map_err(|e| self.pg.error(e))
    }

    /// Exactly one row.
    pub(super) fn one(&self, sql: &str, p: Params<'_>) -> Result<Row, StoreError> {
        self.opt(sql, p)?
            .ok_or_else(|| StoreError::Backend(format!("no row from: {sql}")))
    }

    /// One statement run with each parameter list, sent together (pipelined on the
    /// connection: one wait for all of them, not one round trip each); row counts in order.
    pub(super) fn exec_each(
        &self,
        sql: &str,
        each: &[Vec<&(dyn ToSql + Sync)>],
    ) -> Result<Vec<u64>, StoreError> {
        self.pg
            .wait(async {
                let st = self.c.prepare_cached(sql).await?;
                let runs = each.iter().map(|p| self.c.execute(&st, p));
                futures_util::future::try_join_all(runs).await
            })
            .map_err(|e| self.pg.error(e))
    }

    /// A statement's row count.
    pub(super) fn exec(&self, sql: &str, p: Params<'_>) -> Result<u64, StoreError> {
        self.pg
            .wait(async {
                let st = self.c.prepare_cached(sql).await?;
                self.c.execute(&st, p).await
            })
            .map_err(|e| self.pg.error(e))
    }

    /// The issuer, as a parameter.
    pub(super) fn issuer(&self) -> &String {
        &self.pg.issuer
    }
}

/// Runs `f`, which blocks, on this thread; on a worker of a multi-threaded runtime the
/// worker's other tasks move to another thread meanwhile.
pub(super) fn blocking<T>(f: impl FnOnce() -> T) -> T {
    let on_worker =
        Handle::try_current().is_ok_and(|h| h.runtime_flavor() == RuntimeFlavor::MultiThread);
    if on_worker {
        tokio::task::block_in_place(f)
    } else {
        f()
    }
}

/// A logged transaction: its statements, and the index its first event gets.
pub(super) type Tx<'a, 'b> = Db<'a, deadpool_postgres::Transaction<'b>>;

impl Pg {
    pub(super) fn new(
        pool: Pool,
        rt: Runtime,
        issuer: String,
        shown: String,
    ) -> Result<Self, StoreError> {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(format!("ocop-trace/log/{issuer}").as_bytes());
        let mut k = [0u8; 8];
        k.copy_from_slice(&digest[..8]);
        Ok(Self {
            rt: Some(rt),
            pool,
            issuer,
            shown,
            lock_key: i64::from_be_bytes(k),
            generation: Arc::new(AtomicU64::new(0)),
            nodes: super::log::NodeCache::default(),
            staged: std::sync::Mutex::default(),
            ids: std::sync::Mutex::new(0..0),
            issuing: super::group::Queue::default(),
            writer: {
                use rand_core::RngCore;
                // Never 0: that is the mark of rows written by a restore or a copy.
                (rand_core::OsRng.next_u64() >> 1) as i64 | 1
            },
        })
    }

    /// The store's runtime (present until drop).
    pub(super) fn handle(&self) -> Option<&Runtime> {
        self.rt.as_ref()
    }

    /// Runs `f` to completion on this thread, with the store's runtime as the context (the
    /// pool opens connections and times out there). On a worker of a multi-threaded runtime
    /// the worker's other tasks move to another thread while this one waits.
    pub(super) fn wait<F: Future>(&self, f: F) -> F::Output {
        let run = || {
            let _ctx = self.rt.as_ref().map(Runtime::enter);
            // Unconstrained: inside a task of the caller's runtime, tokio's cooperative
            // budget would run out after a hundred statements and defer the wake-up to a
            // scheduler this thread is blocking, a wait that never ends.
            futures_executor::block_on(tokio::task::unconstrained(f))
        };
        blocking(run)
    }

    /// A connection from the pool.
    pub(super) fn client(&self) -> Result<deadpool_postgres::Client, StoreError> {
        self.wait(self.pool.get()).map_err(|e| self.pool_error(e))
    }

    /// Runs `f` with a pooled connection.
    pub(super) fn with<T>(
        &self,
        f: impl FnOnce(&Db<'_, deadpool_postgres::Client>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let c = self.client()?;
        f(&Db { pg: self, c: &c })
    }

    /// Runs `body` in one transaction (unlogged writes that must be atomic, e.g. a claim).
    pub(super) fn transaction<T>(
        &self,
        body: impl FnOnce(&Tx<'_, '_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut c = self.client()?;
        let tx = self.wait(c.transaction()).map_err(|e| self.error(e))?;
        let out = body(&Db { pg: self, c: &tx })?;
        self.wait(tx.commit()).map_err(|e| self.error(e))?;
        Ok(out)
    }

    /// The one path for a logged change. In one transaction: takes this issuer's log lock
    /// (so appends from every instance are in order, with no gap and no duplicate), runs
    /// `body` (given the index the first event will get; it may refuse, and then nothing is
    /// written), appends `events`, notifies the other instances, and commits before
    /// reporting success.
    pub(super) fn logged<T>(
        &self,
        events: &[LogEvent],
        body: impl FnOnce(&Tx<'_, '_>, u64) -> Result<Result<T, Conflict>, StoreError>,
    ) -> Outcome<T> {
        let mut c = self.client()?;
        let tx = self.wait(c.transaction()).map_err(|e| self.error(e))?;
        let db = Db { pg: self, c: &tx };
        let first = self.lock_log(&db)?;
        let out = match body(&db, first) {
            Ok(Ok(v)) => v,
            // Dropping the transaction rolls it back.
            Ok(Err(c)) => return Ok(Err(c)),
            Err(e) => return Err(e),
        };
        let written = self.append_logged(&db, first, events)?;
        self.wait(tx.commit()).map_err(|e| self.error(e))?;
        self.committed(written);
        Ok(Ok(out))
    }

    /// Takes this issuer's log lock in the transaction; returns the log's size.
    pub(super) fn lock_log(&self, db: &Tx<'_, '_>) -> Result<u64, StoreError> {
        db.exec("SELECT pg_advisory_xact_lock($1)", &[&self.lock_key])?;
        super::log::size(db)
    }

    /// Appends `events` at `first` and notifies the other instances (on commit).
    pub(super) fn append_logged(
        &self,
        db: &Tx<'_, '_>,
        first: u64,
        events: &[LogEvent],
    ) -> Result<Vec<(u8, u64, crate::tlog::Hash)>, StoreError> {
        let written = super::log::append(db, first, events)?;
        db.exec("SELECT pg_notify($1, $2)", &[&CHANNEL, &self.issuer])?;
        Ok(written)
    }

    /// After a logged commit: keeps its new log nodes and makes the change visible.
    pub(super) fn committed(&self, written: Vec<(u8, u64, crate::tlog::Hash)>) {
        self.nodes.remember(written);
        // Before the answer, so a request that starts after it sees the change.
        self.generation.fetch_add(1, Ordering::Release);
    }

    /// [`Pg::logged`] for writes that cannot be refused.
    pub(super) fn logged_infallible<T>(
        &self,
        events: &[LogEvent],
        body: impl FnOnce(&Tx<'_, '_>, u64) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.logged(events, |t, first| body(t, first).map(Ok))?
            .map_err(|c| StoreError::Backend(format!("{}: {}", c.code, c.message)))
    }

    /// Maps a driver error: a server that cannot be reached is `Unavailable` (503), the rest
    /// a backend error naming the redacted address.
    pub(super) fn error(&self, e: tokio_postgres::Error) -> StoreError {
        let unreachable = e.is_closed()
            || e.code().is_some_and(|c| {
                c.code().starts_with("08")
                    || *c == SqlState::ADMIN_SHUTDOWN
                    || *c == SqlState::CRASH_SHUTDOWN
                    || *c == SqlState::CANNOT_CONNECT_NOW
            })
            || (e.code().is_none()
                && std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()));
        let detail = match e.as_db_error() {
            Some(db) => format!("{} ({})", db.message(), db.code().code()),
            None => e.to_string(),
        };
        if unreachable {
            StoreError::Unavailable(format!("PostgreSQL at {}: {detail}", self.shown))
        } else {
            StoreError::Backend(format!("PostgreSQL at {}: {detail}", self.shown))
        }
    }

    fn pool_error(&self, e: deadpool_postgres::PoolError) -> StoreError {
        match e {
            deadpool_postgres::PoolError::Backend(e) => match self.error(e) {
                StoreError::Backend(m) => StoreError::Unavailable(m),
                other => other,
            },
            other => StoreError::Unavailable(format!("PostgreSQL at {}: {other}", self.shown)),
        }
    }
}

/// Serialises a record (JSON, the bytes a backup carries, as sled stores them).
pub(super) fn encode<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, StoreError> {
    serde_json::to_vec(v).map_err(|e| StoreError::Backend(format!("encode: {e}")))
}

/// Deserialises a record, naming the table and key when it does not decode.
pub(super) fn decode<T: serde::de::DeserializeOwned>(
    table: &'static str,
    key: impl std::fmt::Display,
    bytes: &[u8],
) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        tree: table,
        key: key.to_string(),
        reason: e.to_string(),
    })
}

/// Decodes the `rec` column (column 0) of each row.
pub(super) fn decode_all<T: serde::de::DeserializeOwned>(
    table: &'static str,
    rows: &[Row],
) -> Result<Vec<T>, StoreError> {
    rows.iter()
        .map(|r| {
            let bytes: &[u8] = r
                .try_get(0)
                .map_err(|e| StoreError::Backend(e.to_string()))?;
            decode(table, "rec", bytes)
        })
        .collect()
}

/// The first row's record, if any.
pub(super) fn decode_opt<T: serde::de::DeserializeOwned>(
    table: &'static str,
    row: Option<Row>,
) -> Result<Option<T>, StoreError> {
    Ok(decode_all(table, row.as_slice())?.pop())
}

/// The serde name of a unit enum value (what typed text columns hold).
pub(super) fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Lowercase hex, for naming keys in errors.
pub(super) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A u64 id as PostgreSQL's bigint.
pub(super) fn big(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A bigint column as a u64 id.
pub(super) fn id(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}
