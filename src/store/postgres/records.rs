//! The relation-agnostic verbs (backup, doctor, `store copy`) on PostgreSQL: each logical
//! relation (`store::relations`, keys and values as docs/backup-format.md says) is a query
//! over the tables. Writing records back is `restore_rows.rs`.

use super::conn::{Db, Pg, id};
use crate::store::relations as rel;
use crate::store::{RecordVisitor, SnapshotItem, StoreError};
use deadpool_postgres::GenericClient;

/// Every logical relation (`store::relations`), in name order, with the query that lists
/// its records as `(key, value)` in key order (`$1` the issuer). Only primary data: the
/// tables' index columns, the log nodes and the log size are derived from it.
pub(super) const RELATIONS: &[(&str, &str)] = &[
    (
        rel::ACCOUNTS,
        "SELECT int8send(id), rec FROM accounts WHERE issuer = $1",
    ),
    (
        rel::BATCHES,
        "SELECT int8send(id), rec FROM batches WHERE issuer = $1",
    ),
    (
        rel::CERTIFICATES,
        "SELECT int8send(id), rec FROM certificates WHERE issuer = $1",
    ),
    (
        rel::CLAIMS,
        "SELECT int8send(batch_id) || int8send(serial::bigint), rec FROM claims WHERE issuer = $1",
    ),
    (
        rel::DOCUMENTS,
        "SELECT int8send(product_id) || int8send(id), rec FROM documents WHERE issuer = $1",
    ),
    (
        rel::KEY_STATUS,
        "SELECT convert_to(kid, 'UTF8'), convert_to(status, 'UTF8') FROM key_status \
         WHERE issuer = $1",
    ),
    (
        rel::LOG_ENTRIES,
        "SELECT int8send(idx), entry FROM log_entries WHERE issuer = $1",
    ),
    (
        rel::MEDIA,
        "SELECT convert_to(sha256, 'UTF8'), bytes FROM media WHERE issuer = $1",
    ),
    (
        rel::META,
        "SELECT convert_to(key, 'UTF8'), value FROM meta \
         WHERE issuer = $1 AND key = 'install_secret'",
    ),
    (
        rel::PIN_SECRETS,
        "SELECT int8send(batch_id), secret FROM pin_secrets WHERE issuer = $1",
    ),
    (
        rel::PRINT_RUNS,
        "SELECT int8send(batch_id) || int8send(id), rec FROM print_runs WHERE issuer = $1",
    ),
    (
        rel::PRODUCT_CONTENT,
        "SELECT int8send(product_id), rec FROM product_content WHERE issuer = $1",
    ),
    (
        rel::PRODUCTS,
        "SELECT int8send(id), rec FROM products WHERE issuer = $1",
    ),
    (
        rel::RECALLS,
        "SELECT int8send(batch_id), rec FROM recalls WHERE issuer = $1",
    ),
    (
        rel::REPORT_HANDLINGS,
        "SELECT int8send(report_id), rec FROM report_handlings WHERE issuer = $1",
    ),
    (
        rel::REPORTS,
        "SELECT int8send(id), rec FROM reports WHERE issuer = $1",
    ),
    (
        rel::SCAN_VERDICTS,
        "SELECT convert_to(month || '/' || code, 'UTF8'), int8send(scan_count) \
         FROM scan_verdicts WHERE issuer = $1",
    ),
    (
        rel::SCANS,
        "SELECT int8send(batch_id) || int8send(serial::bigint), rec FROM scans WHERE issuer = $1",
    ),
    (
        rel::SESSIONS,
        "SELECT hash, rec FROM sessions WHERE issuer = $1",
    ),
    (
        rel::SUBJECTS,
        "SELECT int8send(id), rec FROM subjects WHERE issuer = $1",
    ),
    (
        rel::TOKENS,
        "SELECT hash, rec FROM tokens WHERE issuer = $1",
    ),
    (
        rel::TOTP,
        "SELECT int8send(account_id), rec FROM totp WHERE issuer = $1",
    ),
    (
        rel::TRACE_EVENTS,
        "SELECT int8send(batch_id) || int8send(id), rec FROM trace_events WHERE issuer = $1",
    ),
];

fn query(relation: &str) -> Option<String> {
    RELATIONS
        .iter()
        .find(|r| r.0 == relation)
        .map(|r| format!("SELECT k, v FROM ({}) q (k, v) ORDER BY k", r.1))
}

fn visit_rows<C: GenericClient>(
    db: &Db<'_, C>,
    relation: &str,
    visit: &mut crate::store::RecordVisitor<'_>,
) -> Result<(), StoreError> {
    let Some(sql) = query(relation) else {
        return Ok(());
    };
    for row in db.rows(&sql, &[db.issuer()])? {
        visit(row.get(0), row.get(1))?;
    }
    Ok(())
}

impl Pg {
    /// Every relation that holds data, in name order, with its record count.
    pub(super) fn relations(&self) -> Result<Vec<(String, u64)>, StoreError> {
        self.with(|db| {
            let mut out = Vec::new();
            for (name, sql) in RELATIONS {
                let row = db.one(&format!("SELECT count(*) FROM ({sql}) q"), &[db.issuer()])?;
                let n = id(row.get(0));
                if n > 0 {
                    out.push(((*name).to_owned(), n));
                }
            }
            Ok(out)
        })
    }

    /// Visits one relation's records in key order.
    pub(super) fn records(
        &self,
        relation: &str,
        visit: &mut RecordVisitor<'_>,
    ) -> Result<(), StoreError> {
        self.with(|db| visit_rows(db, relation, visit))
    }

    /// Visits every relation in one repeatable-read transaction: a state between two
    /// commits, whatever the other instances write meanwhile.
    pub(super) fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let mut c = self.client()?;
        let tx = self
            .wait(
                c.build_transaction()
                    .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start(),
            )
            .map_err(|e| self.error(e))?;
        let db = Db { pg: self, c: &tx };
        let row = db.one("SELECT last_id FROM ids WHERE issuer = $1", &[db.issuer()])?;
        let high_water = id(row.get(0)).saturating_add(1);
        // In the snapshot's own transaction: the log exactly as its records have it.
        let (size, root) = super::log::state(&db)?;
        visit(SnapshotItem::Log { size, root })?;
        for (name, _) in RELATIONS {
            let mut started = false;
            visit_rows(&db, name, &mut |k, v| {
                if !started {
                    visit(SnapshotItem::Tree(name))?;
                    started = true;
                }
                visit(SnapshotItem::Record(k, v))
            })?;
        }
        Ok(high_water)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_logical_relation_has_a_query_in_name_order() {
        let names: Vec<&str> = super::RELATIONS.iter().map(|r| r.0).collect();
        assert_eq!(names, crate::store::relations::ALL);
    }
}
