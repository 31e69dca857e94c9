//! A store being restored, on either engine: written record by record, checked, then kept
//! by [`Staged::commit`]. Dropped before that, it removes everything it wrote, so a failed
//! restore leaves no store behind.

use super::{Store, StoreError, StoreUrl, postgres, sled};

/// A restore's target store.
pub enum Staged {
    /// `{data_dir}/.restore-partial`, moved to `{data_dir}/v1` on commit.
    Sled(Box<sled::Staged>),
    /// An issuer with no data yet in a PostgreSQL database, written in one transaction.
    Postgres(Box<postgres::Staged>),
}

impl Staged {
    /// Opens an empty staging store at `target`; refuses a target that already holds data.
    pub fn create(target: &StoreUrl) -> Result<Self, StoreError> {
        match target {
            StoreUrl::Sled(dir) => {
                let empty = std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
                if !empty {
                    return Err(StoreError::Open {
                        path: dir.display().to_string(),
                        reason: "not empty; restore or copy only into an empty or new directory"
                            .into(),
                    });
                }
                sled::Staged::create(dir).map(|s| Self::Sled(Box::new(s)))
            }
            StoreUrl::Postgres(url) => {
                postgres::Staged::create(url).map(|s| Self::Postgres(Box::new(s)))
            }
        }
    }

    /// The staged store.
    pub fn store(&self) -> &dyn Store {
        match self {
            Self::Sled(s) => s.store(),
            Self::Postgres(s) => s.store(),
        }
    }

    /// Makes what was written readable the way a server will read it (sled: reopened, so
    /// layout upgrades apply; PostgreSQL: the staged records committed).
    pub fn reopen(self) -> Result<Self, StoreError> {
        match self {
            Self::Sled(s) => s.reopen().map(|s| Self::Sled(Box::new(s))),
            Self::Postgres(s) => s.reopen().map(|s| Self::Postgres(Box::new(s))),
        }
    }

    /// Keeps the restored store.
    pub fn commit(self) -> Result<(), StoreError> {
        match self {
            Self::Sled(s) => s.commit(),
            Self::Postgres(s) => s.commit(),
        }
    }
}
