//! Opening a store: the engine is chosen here, nowhere else (sled for a directory, PostgreSQL
//! for a `postgres://` address).

use super::{SledStore, Store, StoreError, StoreUrl, postgres};
use std::path::Path;
use std::sync::Arc;

/// Opens (or creates) the store of a data directory. The engine is chosen here, nowhere else.
pub fn open(data_dir: &Path) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(SledStore::open(data_dir)?))
}

/// Opens the store an address names (`sled:DIR`, a plain path, or `postgres://…`; a
/// PostgreSQL address may name its province with `issuer=`, see docs/scale-out.md).
pub fn open_url(s: &str) -> Result<Arc<dyn Store>, StoreError> {
    let url = StoreUrl::parse(s).map_err(|reason| StoreError::Open {
        path: String::from("(store address)"),
        reason,
    })?;
    match &url {
        StoreUrl::Sled(dir) => open(dir),
        StoreUrl::Postgres(u) => Ok(Arc::new(postgres::PgStore::open(u)?)),
    }
}

/// Opens the store an operator tool names: `store` (an address, `--store`) when given, else
/// the sled store of `data_dir`; either must already hold a store (a mistyped address must
/// not come out as a new, empty, healthy one).
pub fn open_for_operator(
    store: Option<&str>,
    data_dir: &Path,
) -> Result<Arc<dyn Store>, StoreError> {
    let url = store
        .map(StoreUrl::parse)
        .transpose()
        .map_err(|reason| StoreError::Open {
            path: String::from("(store address)"),
            reason,
        })?;
    match url {
        None => open_existing(data_dir),
        Some(StoreUrl::Sled(dir)) => open_existing(&dir),
        Some(StoreUrl::Postgres(u)) => {
            let (conn, _) = postgres::split_issuer(&u);
            if postgres::schema_state(&conn)?.current.is_none() {
                return Err(StoreError::Open {
                    path: postgres::redact(&u),
                    reason: "no ocop-trace schema in this database (wrong --store?); \
                             `ocop-trace store migrate --store URL` prepares one"
                        .into(),
                });
            }
            Ok(Arc::new(postgres::PgStore::open(&u)?))
        }
    }
}

/// Opens the store of a data directory that must already hold one (operator tools: a
/// mistyped `--data-dir` must not come out as a new, empty, healthy store).
pub fn open_existing(data_dir: &Path) -> Result<Arc<dyn Store>, StoreError> {
    Ok(Arc::new(super::sled::open_existing(data_dir)?))
}
