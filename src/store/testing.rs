//! A store in a temporary directory, for service-level tests without HTTP:
//!
//! ```
//! use ocop_trace::store::testing;
//! let temp = testing::temp().expect("temp store");
//! let app = ocop_trace::service::App::new(
//!     temp.store(),
//!     ocop_trace::crypto::KeyRing::new(Vec::new()),
//!     "https://example.test",
//!     ocop_trace::clock::Clock::default(),
//! );
//! assert_eq!(app.store.log_size().ok(), Some(0));
//! ```
//!
//! Public rather than test-only so integration tests, benches and other crates' tests can use
//! it too; it needs no dev-dependency (the directory lives under [`std::env::temp_dir`]).

use super::{SledStore, Store, StoreError};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A fresh store whose directory (and, on PostgreSQL, database) is removed when this is
/// dropped (drop it last: the store must not be used after that).
pub struct TempStore {
    store: Arc<dyn Store>,
    dir: PathBuf,
    _db: Option<TempDatabase>,
}

/// The environment variable naming a PostgreSQL server for tests (an address whose user
/// may create databases); `scripts/test` sets it, and PostgreSQL tests skip without it.
pub const TEST_PG_ENV: &str = "OCOP_TRACE_TEST_PG";

/// A database of its own for one test, dropped (connections and all) with this.
pub struct TempDatabase {
    admin: String,
    name: String,
    url: String,
}

impl TempDatabase {
    /// A new, empty database on the server `OCOP_TRACE_TEST_PG` names, or `None` when it
    /// is unset.
    pub fn create() -> Result<Option<Self>, StoreError> {
        let Ok(admin) = std::env::var(TEST_PG_ENV) else {
            return Ok(None);
        };
        let name = format!("ocop_test_{}", unique());
        super::postgres::execute(&admin, &format!("CREATE DATABASE {name}"))?;
        let url = super::postgres::with_database(&admin, &name);
        Ok(Some(Self { admin, name, url }))
    }

    /// The database's address (for `--store`).
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        let _ = super::postgres::execute(
            &self.admin,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

/// Process id, time and a counter: unique across parallel tests and test binaries.
fn unique() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

impl TempStore {
    /// The store, to hand to [`crate::service::App::new`].
    pub fn store(&self) -> Arc<dyn Store> {
        self.store.clone()
    }

    /// The data directory the store lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The database's address, on PostgreSQL (for a second instance on it).
    pub fn url(&self) -> Option<&str> {
        self._db.as_ref().map(TempDatabase::url)
    }
}

impl Drop for TempStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        // Fields drop in order after this: the store's connections, then its database.
    }
}

/// Opens an empty store in a new directory under the system temp directory.
pub fn temp() -> Result<TempStore, StoreError> {
    let dir = std::env::temp_dir().join(format!("ocop-trace-test-{}", unique()));
    let store = SledStore::open(&dir)?;
    Ok(TempStore {
        store: Arc::new(store),
        dir,
        _db: None,
    })
}

/// Opens an empty PostgreSQL store in a database of its own, or `None` when no test
/// server is configured ([`TEST_PG_ENV`]).
pub fn temp_pg() -> Result<Option<TempStore>, StoreError> {
    let Some(db) = TempDatabase::create()? else {
        return Ok(None);
    };
    let store = super::postgres::PgStore::open(db.url())?;
    Ok(Some(TempStore {
        store: Arc::new(store),
        dir: std::env::temp_dir().join(format!("ocop-trace-test-{}", unique())),
        _db: Some(db),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::crypto::KeyRing;
    use crate::service::App;

    /// A service verb runs over a temporary store, no server involved.
    #[test]
    fn pins_issued_by_the_service_verify_over_a_temp_store() {
        let temp = temp().unwrap();
        let app = App::new(
            temp.store(),
            KeyRing::new(Vec::new()),
            "https://example.test",
            Clock::default(),
        );
        assert_eq!(app.pin_for(7, 1).unwrap(), None);
        app.enable_pins(7).unwrap();
        let pin = app.pin_for(7, 1).unwrap().unwrap();
        assert_eq!(pin.len(), 8);
        assert_ne!(app.pin_for(7, 2).unwrap(), Some(pin.clone()));
        let dir = temp.dir().to_owned();
        assert!(dir.exists());
        drop(app);
        drop(temp);
        assert!(!dir.exists());
    }
}
