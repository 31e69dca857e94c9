//! Versioned migrations: numbered SQL files under `migrations/postgres/`, each applied once
//! in its own transaction, in order, under an advisory lock so two processes migrating at
//! once do not both apply one. A database whose schema is newer than this binary knows is
//! refused, never downgraded.

use crate::store::StoreError;
pub use crate::store::url::redact;
use postgres::{Client, NoTls};

/// Every migration this binary knows: (version, name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[(
    1,
    "init",
    include_str!("../../../migrations/postgres/0001_init.sql"),
)];

/// Serialises migrations across processes (any constant both sides agree on).
const MIGRATE_LOCK: i64 = 0x6f63_6f70_6d69_6772;

/// Where a database stands against this binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaState {
    /// The version applied, or `None` for a database without the schema.
    pub current: Option<i32>,
    /// The newest version this binary carries.
    pub latest: i32,
}

fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

fn connect(url: &str) -> Result<Client, StoreError> {
    Client::connect(url, NoTls).map_err(|e| {
        StoreError::Backend(format!("cannot reach PostgreSQL at {}: {e}", redact(url)))
    })
}

fn backend(url: &str) -> impl Fn(postgres::Error) -> StoreError + '_ {
    move |e| StoreError::Backend(format!("PostgreSQL at {}: {e}", redact(url)))
}

fn current_version(db: &mut Client, url: &str) -> Result<Option<i32>, StoreError> {
    let exists: bool = db
        .query_one(
            "SELECT to_regclass('public.schema_version') IS NOT NULL",
            &[],
        )
        .map_err(backend(url))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = db
        .query_one("SELECT max(version) FROM schema_version", &[])
        .map_err(backend(url))?;
    Ok(row.get(0))
}

/// Whether the database at `url` is reachable, and its schema version.
pub fn schema_state(url: &str) -> Result<SchemaState, StoreError> {
    let mut db = connect(url)?;
    Ok(SchemaState {
        current: current_version(&mut db, url)?,
        latest: latest(),
    })
}

/// Applies every migration the database lacks; returns the versions applied (none when it
/// was up to date). Refuses a database whose schema is newer than this binary's.
pub fn migrate(url: &str) -> Result<Vec<i32>, StoreError> {
    let mut db = connect(url)?;
    db.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])
        .map_err(backend(url))?;
    let result = apply(&mut db, url);
    let _ = db.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK]);
    result
}

fn apply(db: &mut Client, url: &str) -> Result<Vec<i32>, StoreError> {
    let current = current_version(db, url)?.unwrap_or(0);
    if current > latest() {
        return Err(StoreError::Backend(format!(
            "the database at {} has schema version {current}, newer than this binary's {}: \
             upgrade ocop-trace before using it",
            redact(url),
            latest()
        )));
    }
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        let mut tx = db.transaction().map_err(backend(url))?;
        tx.batch_execute(sql).map_err(|e| {
            StoreError::Backend(format!("migration {version} ({name}) failed: {e}"))
        })?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT DO NOTHING",
            &[version],
        )
        .map_err(backend(url))?;
        tx.commit().map_err(backend(url))?;
        applied.push(*version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgres://ocop:s3cret@db.vl.gov.vn:5432/ocop"),
            "postgres://ocop:***@db.vl.gov.vn:5432/ocop"
        );
        assert_eq!(redact("postgres://db/ocop"), "postgres://db/ocop");
        assert!(!redact("postgresql://u:p%40ss@h/d").contains("p%40ss"));
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.0, i as i32 + 1);
        }
    }
}
