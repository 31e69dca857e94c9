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

/// A fresh store whose directory is removed when this is dropped (drop it last: the store
/// must not be used after its directory is gone).
pub struct TempStore {
    store: Arc<dyn Store>,
    dir: PathBuf,
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
}

impl Drop for TempStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Opens an empty store in a new directory under the system temp directory.
pub fn temp() -> Result<TempStore, StoreError> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // Process id, time and a counter: unique across parallel tests and test binaries.
    let dir = std::env::temp_dir().join(format!(
        "ocop-trace-test-{}-{nanos}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let store = SledStore::open(&dir)?;
    Ok(TempStore {
        store: Arc::new(store),
        dir,
    })
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
