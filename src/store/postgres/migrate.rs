//! Versioned migrations: numbered SQL files under `migrations/postgres/`, each applied once
//! in its own transaction, in order, under an advisory lock so two processes migrating at
//! once do not both apply one. A database whose schema is newer than this binary knows is
//! refused, never downgraded.

use crate::store::StoreError;
pub use crate::store::url::redact;
use tokio_postgres::{Client, NoTls};

/// Every migration this binary knows: (version, name, SQL).
pub const MIGRATIONS: &[(i32, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../../../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "engine",
        include_str!("../../../migrations/postgres/0002_engine.sql"),
    ),
    (
        3,
        "sign_in_failures",
        include_str!("../../../migrations/postgres/0003_sign_in_failures.sql"),
    ),
    (
        4,
        "code_steps",
        include_str!("../../../migrations/postgres/0004_code_steps.sql"),
    ),
    (
        5,
        "scan_changes",
        include_str!("../../../migrations/postgres/0005_scan_changes.sql"),
    ),
];

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

/// The newest schema version this binary carries.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

/// Runs `f` on a connection of its own, on a thread of its own with a small runtime, so
/// the operator commands and the engine's start-up can call it from anywhere (inside
/// another runtime too).
fn on_connection<T: Send>(
    url: &str,
    f: impl AsyncFnOnce(&mut Client) -> Result<T, StoreError> + Send,
) -> Result<T, StoreError> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| StoreError::Backend(format!("runtime: {e}")))?;
                rt.block_on(async {
                    let (mut client, conn) =
                        tokio_postgres::connect(url, NoTls).await.map_err(|e| {
                            // The server answered and refused (a password, a database
                            // that does not exist): the operator must act, not wait.
                            match e.as_db_error() {
                                Some(db) => StoreError::Open {
                                    path: redact(url),
                                    reason: db.message().to_owned(),
                                },
                                None => StoreError::Unavailable(format!(
                                    "cannot reach PostgreSQL at {}: {e}",
                                    redact(url)
                                )),
                            }
                        })?;
                    let driver = tokio::spawn(conn);
                    let out = f(&mut client).await;
                    drop(client);
                    let _ = driver.await;
                    out
                })
            })
            .join()
            .unwrap_or_else(|_| Err(StoreError::Backend("the migration thread failed".into())))
    })
}

fn backend(url: &str) -> impl Fn(tokio_postgres::Error) -> StoreError + '_ {
    move |e| {
        let detail = e
            .as_db_error()
            .map_or_else(|| e.to_string(), |d| d.message().to_owned());
        StoreError::Backend(format!("PostgreSQL at {}: {detail}", redact(url)))
    }
}

async fn current_version(db: &Client, url: &str) -> Result<Option<i32>, StoreError> {
    let exists: bool = db
        .query_one(
            "SELECT to_regclass('public.schema_version') IS NOT NULL",
            &[],
        )
        .await
        .map_err(backend(url))?
        .get(0);
    if !exists {
        return Ok(None);
    }
    let row = db
        .query_one("SELECT max(version) FROM schema_version", &[])
        .await
        .map_err(backend(url))?;
    Ok(row.get(0))
}

/// Runs SQL that needs no answer on a connection of its own (e.g. `CREATE DATABASE`, which
/// cannot run inside a transaction).
pub fn execute(url: &str, sql: &str) -> Result<(), StoreError> {
    on_connection(url, async |db| {
        db.batch_execute(sql).await.map_err(backend(url))
    })
}

/// Whether the database at `url` is reachable, and its schema version.
pub fn schema_state(url: &str) -> Result<SchemaState, StoreError> {
    on_connection(url, async |db| {
        Ok(SchemaState {
            current: current_version(db, url).await?,
            latest: latest(),
        })
    })
}

/// Applies every migration the database lacks; returns the versions applied (none when it
/// was up to date). Refuses a database whose schema is newer than this binary's.
pub fn migrate(url: &str) -> Result<Vec<i32>, StoreError> {
    on_connection(url, async |db| {
        db.execute("SELECT pg_advisory_lock($1)", &[&MIGRATE_LOCK])
            .await
            .map_err(backend(url))?;
        let result = apply(db, url).await;
        let _ = db
            .execute("SELECT pg_advisory_unlock($1)", &[&MIGRATE_LOCK])
            .await;
        result
    })
}

async fn apply(db: &mut Client, url: &str) -> Result<Vec<i32>, StoreError> {
    let current = current_version(db, url).await?.unwrap_or(0);
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
        let tx = db.transaction().await.map_err(backend(url))?;
        tx.batch_execute(sql).await.map_err(|e| {
            let detail = e
                .as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned());
            StoreError::Backend(format!("migration {version} ({name}) failed: {detail}"))
        })?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1) ON CONFLICT DO NOTHING",
            &[version],
        )
        .await
        .map_err(backend(url))?;
        tx.commit().await.map_err(backend(url))?;
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
