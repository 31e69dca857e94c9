//! Relation-agnostic verbs for backup, restore and doctor: list relations, walk and write
//! records, snapshot under the exclusive gate, and stage a restore beside the live store.

use super::SledStore;
use super::codec::backend;
use super::db::Core;
use super::trees::ID_FLOOR_KEY;
use crate::store::{RecordVisitor, STORE_VERSION, SnapshotItem, Store, StoreError};
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

    /// Every tree with its record count.
    pub fn relations(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.tree_names()
            .into_iter()
            .map(|name| Ok((name.clone(), self.tree(&name)?.len() as u64)))
            .collect()
    }

    /// Visits the records of one tree in key order; a tree that does not exist has none
    /// (and is not created by looking).
    pub fn records(&self, relation: &str, visit: &mut RecordVisitor<'_>) -> Result<(), StoreError> {
        if !self.tree_names().iter().any(|n| n == relation) {
            return Ok(());
        }
        for kv in self.tree(relation)?.iter() {
            let (k, v) = kv.map_err(backend)?;
            visit(&k, &v)?;
        }
        Ok(())
    }

    /// Writes one record as a backup holds it (unlogged, not flushed).
    pub fn put_record(&self, relation: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        let tree = self.tree(relation)?;
        self.unlogged(|| tree.insert(key, value).map_err(backend).map(|_| ()))
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

    /// See [`Store::snapshot`].
    pub fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let _exclusive = self.exclusive();
        let high_water = self.next_id()?;
        for name in self.tree_names() {
            let tree = self.tree(&name)?;
            visit(SnapshotItem::Tree(&name))?;
            for kv in tree.iter() {
                let (k, v) = kv.map_err(backend)?;
                visit(SnapshotItem::Record(&k, &v))?;
            }
        }
        Ok(high_water)
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
        Ok(Self { dir, store })
    }

    /// The staged store.
    pub fn store(&self) -> &dyn Store {
        &self.store
    }

    /// Closes and reopens the staged store, so what was restored gets the same layout
    /// upgrades (e.g. the log's node records) that opening an older store in place applies.
    pub fn reopen(self) -> Result<Self, StoreError> {
        let Self { dir, store } = self;
        drop(store);
        let store = SledStore::open(&dir.staging)?;
        Ok(Self { dir, store })
    }

    /// Flushes the staged store and moves it into place as `{data_dir}/v1`.
    pub fn commit(self) -> Result<(), StoreError> {
        let Self { mut dir, store } = self;
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
