//! Housekeeping beside the relation-agnostic verbs (`logical.rs`): tree names, the id floor,
//! and a restore staged beside the live store.

use super::SledStore;
use super::codec::backend;
use super::db::Core;
use super::trees::ID_FLOOR_KEY;
use crate::store::{STORE_VERSION, Store, StoreError};
use std::path::{Path, PathBuf};

/// sled's default tree, which this store never writes.
const DEFAULT_TREE: &[u8] = b"__sled__default";

impl Core {
    /// Names of the trees that hold data, sorted.
    pub fn tree_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .db
            .tree_names()
            .into_iter()
            .filter(|n| n.as_ref() != DEFAULT_TREE)
            .map(|n| String::from_utf8_lossy(&n).into_owned())
            .collect();
        names.sort();
        names
    }

    /// Makes new ids start above `high_water` and flushes.
    pub fn set_id_floor(&self, high_water: u64) -> Result<(), StoreError> {
        self.meta
            .insert(ID_FLOOR_KEY, &high_water.to_be_bytes())
            .map_err(backend)?;
        self.flush()
    }

    /// A fresh id above the floor. sled ids start at 0; 0 is kept free so "after: None"
    /// needs no special case.
    pub fn next_id(&self) -> Result<u64, StoreError> {
        self.db
            .generate_id()
            .map(|n| n + 1 + self.id_floor)
            .map_err(backend)
    }

    /// Bytes on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        self.db.size_on_disk().map_err(backend)
    }
}

/// Opens the store of an existing data directory, refusing to create one (a mistyped
/// `--data-dir` must not come out as an empty, healthy store).
pub fn open_existing(data_dir: &Path) -> Result<SledStore, StoreError> {
    let path = data_dir.join(format!("v{STORE_VERSION}"));
    if !path.join("conf").exists() && !path.join("db").exists() {
        return Err(StoreError::Open {
            path: path.display().to_string(),
            reason: "no store here (wrong --data-dir?)".into(),
        });
    }
    SledStore::open(data_dir)
}

/// The staging directory of a restore; removed when dropped before the commit.
struct StagingDir {
    staging: PathBuf,
    data_dir: PathBuf,
    committed: bool,
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// A store being restored into `{data_dir}/.restore-partial`: written record by record,
/// checked, then moved to `{data_dir}/v1` by [`Staged::commit`]. Dropped before that, it
/// removes everything it wrote, so a failed restore leaves no store behind.
pub struct Staged {
    dir: StagingDir,
    store: SledStore,
    /// Whether the derived trees were rebuilt since the last record was written.
    ready: bool,
}

impl Staged {
    /// Opens an empty staging store inside `data_dir`.
    pub fn create(data_dir: &Path) -> Result<Self, StoreError> {
        let dir = StagingDir {
            staging: data_dir.join(".restore-partial"),
            data_dir: data_dir.to_owned(),
            committed: false,
        };
        let store = SledStore::open(&dir.staging)?;
        Ok(Self {
            dir,
            store,
            ready: false,
        })
    }

    /// The staged store.
    pub fn store(&self) -> &dyn Store {
        &self.store
    }

    /// Rebuilds the derived trees (indexes, log nodes and size) from the restored logical
    /// relations, then closes and reopens the staged store, as a server will open it.
    pub fn reopen(self) -> Result<Self, StoreError> {
        let Self { dir, store, .. } = self;
        store.core.rebuild_derived()?;
        drop(store);
        let store = SledStore::open(&dir.staging)?;
        Ok(Self {
            dir,
            store,
            ready: true,
        })
    }

    /// Flushes the staged store (rebuilding the derived trees unless [`Staged::reopen`] just
    /// did) and moves it into place as `{data_dir}/v1`.
    pub fn commit(self) -> Result<(), StoreError> {
        let Self {
            mut dir,
            store,
            ready,
        } = self;
        if !ready {
            store.core.rebuild_derived()?;
        }
        store.flush()?;
        drop(store);
        let from = dir.staging.join(format!("v{STORE_VERSION}"));
        let to = dir.data_dir.join(format!("v{STORE_VERSION}"));
        std::fs::rename(&from, &to).map_err(|e| StoreError::Open {
            path: to.display().to_string(),
            reason: format!("cannot move the restored store into place: {e}"),
        })?;
        dir.committed = true;
        let _ = std::fs::remove_dir_all(&dir.staging);
        Ok(())
    }
}
