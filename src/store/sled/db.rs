//! What every relation shares: the sled database, the write gate, the log trees, and the one
//! path for a logged write (gate, transaction, log append, flush).

use super::codec::{Tx, backend, corrupt, decode, settle};
use super::log::LogTrees;
use super::trees::{ID_FLOOR_KEY, T_META};
use crate::domain::LogEvent;
use crate::store::{Outcome, STORE_VERSION, StoreError};
use serde::de::DeserializeOwned;
use sled::Transactional;
use sled::transaction::TransactionalTree;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The database and what every relation's writes go through.
pub(super) struct Core {
    pub(super) db: sled::Db,
    pub(super) path: PathBuf,
    pub(super) meta: sled::Tree,
    pub(super) log: LogTrees,
    /// Writers share it; a snapshot holds it alone so it sees no half-applied write.
    gate: RwLock<()>,
    /// Added to sled's id generator: a restored store continues above the ids it holds.
    pub(super) id_floor: u64,
    /// Grows with every logged write, in memory: the verify path's caches check it on every
    /// scan without a read from the store.
    generation: AtomicU64,
}

impl Core {
    /// Opens (or creates) the database under `data_dir/v1`, refusing one whose files were
    /// damaged or removed, and upgrades older layouts.
    pub(super) fn open(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(format!("v{STORE_VERSION}"));
        let open_err = |reason: String| StoreError::Open {
            path: path.display().to_string(),
            reason,
        };
        std::fs::create_dir_all(&path).map_err(|e| open_err(e.to_string()))?;
        // The verify path reads cached batch facts, not pages; a small page cache keeps the
        // server under its memory target while hundreds of thousands of units are scanned.
        let config = sled::Config::new()
            .path(&path)
            .cache_capacity(16 * 1024 * 1024);
        // sled can panic on some damaged files: report that like any other failed open.
        let try_open = || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open())).map_err(|_| {
                open_err(
                    "the store files are damaged (the storage engine failed reading them); \
                         restore the latest backup into a new directory with `ocop-trace restore`"
                        .into(),
                )
            })
        };
        // A store of this process that was just dropped (a restore reopening its staged
        // store, a test reopening its own) lets go of its file lock only when sled's
        // background thread has finished: wait a little for it rather than fail.
        let mut opened = try_open()?;
        for _ in 0..50 {
            match &opened {
                Err(e) if is_locked(e) => {
                    std::thread::sleep(std::time::Duration::from_millis(40));
                    opened = try_open()?;
                }
                _ => break,
            }
        }
        let db = opened.map_err(|e| {
            open_err(match e {
                e if is_locked(&e) => "the store is in use by another ocop-trace process".into(),
                other => format!(
                    "{other}; `ocop-trace doctor` tells more, and `ocop-trace restore` \
                     brings back the latest backup into a new directory"
                ),
            })
        })?;
        let meta = db.open_tree(T_META).map_err(backend)?;
        let marker = format!("ocop-trace/store/v{STORE_VERSION}");
        // Outside sled's directory, so it survives whatever happens to sled's files.
        let created = data_dir.join(format!("v{STORE_VERSION}.created"));
        match meta.get("format").map_err(backend)? {
            Some(v) if v.as_ref() != marker.as_bytes() => {
                return Err(open_err(format!(
                    "unexpected store format '{}'",
                    String::from_utf8_lossy(&v)
                )));
            }
            Some(_) => {}
            None if created.exists() => {
                // sled opens unreadable files as an empty store; serving that would look
                // like every record vanished.
                let since = std::fs::read_to_string(&created).unwrap_or_default();
                return Err(open_err(format!(
                    "the store was created {} but opens empty: its files are damaged or \
                     were removed. Nothing was changed; restore the latest backup into a new \
                     directory with `ocop-trace restore`",
                    since.trim()
                )));
            }
            None => {
                meta.insert("format", marker.as_bytes()).map_err(backend)?;
                db.flush().map_err(backend)?;
            }
        }
        if !created.exists() {
            let stamp = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            std::fs::write(&created, format!("{stamp}\n")).map_err(|e| open_err(e.to_string()))?;
        }
        let id_floor = match meta.get(ID_FLOOR_KEY).map_err(backend)? {
            None => 0,
            Some(v) => <[u8; 8]>::try_from(v.as_ref())
                .map(u64::from_be_bytes)
                .map_err(|_| open_err("the id floor in the meta tree is not 8 bytes".into()))?,
        };
        let log = LogTrees::open(&db)?;
        Ok(Self {
            db,
            path,
            meta,
            log,
            gate: RwLock::new(()),
            id_floor,
            generation: AtomicU64::new(0),
        })
    }

    /// One tree by name.
    pub(super) fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db.open_tree(name).map_err(backend)
    }

    /// Held by every write; see [`Core::exclusive`].
    fn shared(&self) -> RwLockReadGuard<'_, ()> {
        // A panicking writer cannot leave `()` inconsistent: ignore poisoning.
        self.gate.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Held by a snapshot: no write is half-applied while it is held.
    pub(super) fn exclusive(&self) -> RwLockWriteGuard<'_, ()> {
        self.gate.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The one path for a logged change, so no write can skip a step. Under the shared
    /// gate, in one transaction over `trees` and the log's trees, runs `body` (given the
    /// index the first event will get; it may refuse), appends `events`, and flushes before
    /// reporting success.
    pub(super) fn logged<T>(
        &self,
        trees: &[&sled::Tree],
        events: &[LogEvent],
        body: impl Fn(&[TransactionalTree], u64) -> Tx<T>,
    ) -> Outcome<T> {
        let _gate = self.shared();
        let mut all = trees.to_vec();
        all.extend([&self.log.entries, &self.log.nodes, &self.log.meta]);
        let res = all.as_slice().transaction(|tx| {
            let (own, log) = tx.split_at(trees.len());
            let [entries, nodes, meta] = log else {
                return Err(corrupt(StoreError::Backend("log trees missing".into())));
            };
            let first = super::log::tx_size(meta)?;
            let out = body(own, first)?;
            super::log::append_many(entries, nodes, meta, events)?;
            Ok(out)
        });
        let out = settle(res)?;
        if out.is_ok() {
            // Before the answer, so a request that starts after it sees the change.
            self.generation.fetch_add(1, Ordering::Release);
            self.flush()?;
        }
        Ok(out)
    }

    /// [`Core::logged`] for writes that cannot be refused.
    pub(super) fn logged_infallible<T>(
        &self,
        trees: &[&sled::Tree],
        events: &[LogEvent],
        body: impl Fn(&[TransactionalTree], u64) -> Tx<T>,
    ) -> Result<T, StoreError> {
        self.logged(trees, events, body)?
            .map_err(|c| StoreError::Backend(format!("{}: {}", c.code, c.message)))
    }

    /// Inserts one value and appends its log event, as [`Core::logged`] does.
    pub(super) fn insert_logged(
        &self,
        tree: &sled::Tree,
        key: &[u8],
        value: &[u8],
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        self.logged_infallible(&[tree], std::slice::from_ref(ev), |t, _| {
            t[0].insert(key, value)?;
            Ok(())
        })
    }

    /// The write generation (see [`crate::store::Store::generation`]).
    pub(super) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// An unlogged write (counters, claims, secrets) under the shared gate, so a snapshot
    /// never sees it half-applied.
    pub(super) fn unlogged<T>(
        &self,
        write: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let _gate = self.shared();
        write()
    }

    /// Durably writes everything written so far.
    pub(super) fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(backend)
    }

    /// Reads and decodes one record.
    pub(super) fn get<T: DeserializeOwned>(
        tree: &sled::Tree,
        name: &'static str,
        key: &[u8],
    ) -> Result<Option<T>, StoreError> {
        match tree.get(key).map_err(backend)? {
            Some(v) => decode(name, key, &v).map(Some),
            None => Ok(None),
        }
    }

    /// Up to `limit` records with id keys greater than `after`.
    pub(super) fn page<T: DeserializeOwned>(
        tree: &sled::Tree,
        name: &'static str,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<T>, StoreError> {
        tree.range(super::trees::after(after)..)
            .take(limit)
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(name, &k, &v)
            })
            .collect()
    }

    /// Every record whose key starts with `prefix`, decoded.
    pub(super) fn with_prefix<T: DeserializeOwned>(
        tree: &sled::Tree,
        name: &'static str,
        prefix: &[u8],
    ) -> Result<Vec<T>, StoreError> {
        tree.scan_prefix(prefix)
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(name, &k, &v)
            })
            .collect()
    }
}

/// True when sled could not take the store's file lock: another process (or a store of
/// this one not yet closed) holds it. sled wraps the OS error in one of its own words.
fn is_locked(e: &sled::Error) -> bool {
    match e {
        sled::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::WouldBlock
                || io
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<std::io::Error>())
                    .is_some_and(|inner| inner.kind() == std::io::ErrorKind::WouldBlock)
                || io.to_string().contains("could not acquire lock")
        }
        _ => false,
    }
}
