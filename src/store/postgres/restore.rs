//! A restore into PostgreSQL: only into an issuer that holds nothing yet, every record in
//! one transaction, and — when the restore's checks fail — the issuer's rows removed again,
//! so a failed restore leaves no store behind, as on sled.

use super::PgStore;
use super::conn::Pg;
use crate::store::{Store, StoreError};

/// Tables whose rows are not data: the id counter the open writes, failed sign-ins,
/// sign-ins between their two steps.
const BOOKKEEPING: &[&str] = &["ids", "schema_version", "sign_in_failures", "code_steps"];

/// The issuer's tables, from the catalogue: every data table carries the issuer column.
fn issuer_tables(pg: &Pg) -> Result<Vec<String>, StoreError> {
    let rows = pg.with(|db| {
        db.rows(
            "SELECT table_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'issuer' \
             AND table_name IN (SELECT table_name FROM information_schema.tables \
                                WHERE table_schema = current_schema() \
                                AND table_type = 'BASE TABLE') \
             ORDER BY 1",
            &[],
        )
    })?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

impl Pg {
    /// Whether this issuer has any data (rows besides its id counter).
    pub(super) fn holds_data(&self) -> Result<bool, StoreError> {
        for table in issuer_tables(self)? {
            if BOOKKEEPING.contains(&table.as_str()) {
                continue;
            }
            let sql = format!("SELECT EXISTS (SELECT 1 FROM \"{table}\" WHERE issuer = $1)");
            if self
                .with(|db| db.one(&sql, &[db.issuer()]))?
                .get::<_, bool>(0)
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Deletes every row of this issuer, in one transaction (other issuers are untouched).
    pub(super) fn remove_issuer(&self) -> Result<(), StoreError> {
        let tables = issuer_tables(self)?;
        self.transaction(|t| {
            t.exec("SET CONSTRAINTS ALL DEFERRED", &[])?;
            for table in &tables {
                let sql = format!("DELETE FROM \"{table}\" WHERE issuer = $1");
                t.exec(&sql, &[t.issuer()])?;
            }
            Ok(())
        })
    }
}

/// A PostgreSQL issuer being restored; see [`crate::store::Staged`].
pub struct Staged {
    store: PgStore,
    committed: bool,
}

impl Staged {
    /// Opens (and migrates) the database at `url`, refusing an issuer that already holds
    /// data: a restore never merges into or overwrites a live province.
    pub fn create(url: &str) -> Result<Self, StoreError> {
        let store = PgStore::open(url)?;
        if store.pg.holds_data()? {
            return Err(StoreError::Open {
                path: super::redact(url),
                reason: format!(
                    "issuer {} already holds data in this database; restore only into an \
                     empty one (a new database, or a new issuer= name)",
                    store.issuer()
                ),
            });
        }
        Ok(Self {
            store,
            committed: false,
        })
    }

    /// The staged store.
    pub fn store(&self) -> &dyn Store {
        &self.store
    }

    /// Writes what was staged (one transaction): the checks that follow read it back.
    pub fn reopen(self) -> Result<Self, StoreError> {
        self.store.pg.commit_staged()?;
        Ok(self)
    }

    /// Keeps what was restored.
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.store.pg.commit_staged()?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if let Err(e) = self.store.pg.remove_issuer() {
            tracing::error!(
                error = %e,
                "a failed restore could not remove what it wrote; drop the database or issuer by hand"
            );
        }
    }
}
