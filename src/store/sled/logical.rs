//! The logical relations (`store::relations`) on sled: which tree holds each, the
//! relation-agnostic verbs over them (list, walk, write, snapshot), and the rebuild of every
//! derived tree (indexes, log nodes and size, batch → log index) from the primary ones when
//! a restored store is made ready. The tree names never leave this module's parent.

use super::accounts::setup_key;
use super::codec::backend;
use super::db::Core;
use super::trees::{self as keys, *};
use crate::domain::{Account, Batch, Certificate, Product};
use crate::store::derive::LogRebuild;
use crate::store::relations::{self as rel, INSTALL_SECRET_KEY};
use crate::store::{RecordVisitor, SnapshotItem, StoreError};

/// Logical relation → the tree that holds it, in relation name order.
pub(super) const TREES: &[(&str, &str)] = &[
    (rel::ACCOUNTS, T_ACCOUNTS),
    (rel::BATCHES, T_BATCHES),
    (rel::CERTIFICATES, T_CERTS),
    (rel::CLAIMS, T_CLAIMS),
    (rel::DOCUMENTS, T_DOCUMENTS),
    (rel::KEY_STATUS, T_LOGGED_KEYS),
    (rel::LOG_ENTRIES, T_LOG_ENTRIES),
    (rel::MEDIA, T_MEDIA),
    (rel::META, T_META),
    (rel::PIN_SECRETS, T_PINS),
    (rel::PRINT_RUNS, T_PRINT_RUNS),
    (rel::PRODUCT_CONTENT, T_CONTENT),
    (rel::PRODUCTS, T_PRODUCTS),
    (rel::RECALLS, T_RECALLS),
    (rel::REPORT_HANDLINGS, T_REPORT_HANDLING),
    (rel::REPORTS, T_REPORTS),
    (rel::SCAN_VERDICTS, T_SCAN_VERDICTS),
    (rel::SCANS, T_SCANS),
    (rel::SESSIONS, T_SESSIONS),
    (rel::SUBJECTS, T_SUBJECTS),
    (rel::TOKENS, T_TOKENS),
    (rel::TOTP, T_TOTP),
    (rel::TRACE_EVENTS, T_TRACE),
];

/// Trees derived from the primary ones, emptied and rebuilt by [`Core::rebuild_derived`].
const DERIVED: &[&str] = &[
    T_GTIN,
    T_PRODUCT_CERTS,
    T_LOTS,
    T_SUBJECT_BATCHES,
    T_LOGINS,
    T_SETUP_LINKS,
    T_BATCH_LOG,
    T_LOG_NODES,
    T_LOG_META,
];

/// A record decoded for an index, or `None` when it does not decode (doctor names it).
fn json<T: serde::de::DeserializeOwned>(v: &[u8]) -> Option<T> {
    serde_json::from_slice(v).ok()
}

fn tree_of(relation: &str) -> Option<&'static str> {
    TREES.iter().find(|(r, _)| *r == relation).map(|(_, t)| *t)
}

/// `meta` also holds sled's format marker and id floor: only the install secret is data.
fn is_data(relation: &str, key: &[u8]) -> bool {
    relation != rel::META || key == INSTALL_SECRET_KEY
}

impl Core {
    /// The tree of a logical relation if some write created it (looking creates nothing).
    fn existing(&self, relation: &str) -> Result<Option<sled::Tree>, StoreError> {
        match tree_of(relation) {
            Some(name) if self.tree_names().iter().any(|n| n == name) => self.tree(name).map(Some),
            _ => Ok(None),
        }
    }

    /// Visits one relation's records in key order.
    pub fn records(&self, relation: &str, visit: &mut RecordVisitor<'_>) -> Result<(), StoreError> {
        let Some(tree) = self.existing(relation)? else {
            return Ok(());
        };
        for kv in tree.iter() {
            let (k, v) = kv.map_err(backend)?;
            if is_data(relation, &k) {
                visit(&k, &v)?;
            }
        }
        Ok(())
    }

    /// Every logical relation that holds data, with its record count.
    pub fn relations(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let mut out = Vec::new();
        for (relation, _) in TREES {
            let mut n = 0u64;
            self.records(relation, &mut |_, _| {
                n += 1;
                Ok(())
            })?;
            if n > 0 {
                out.push(((*relation).to_owned(), n));
            }
        }
        Ok(out)
    }

    /// Writes one record as a backup holds it (unlogged, not flushed).
    pub fn put_record(&self, relation: &str, key: &[u8], value: &[u8]) -> Result<(), StoreError> {
        crate::store::relations::check_record(relation, key)?;
        let name = tree_of(relation)
            .ok_or_else(|| StoreError::Backend(format!("no tree for relation {relation}")))?;
        let tree = self.tree(name)?;
        self.unlogged(|| tree.insert(key, value).map_err(backend).map(|_| ()))
    }

    /// See [`crate::store::Store::snapshot`]: relations with no records are not visited.
    pub fn snapshot(
        &self,
        visit: &mut dyn FnMut(SnapshotItem<'_>) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let _exclusive = self.exclusive();
        let high_water = self.next_id()?;
        let size = self.log.size()?;
        visit(SnapshotItem::Log {
            size,
            root: self.log.root(size)?,
        })?;
        for (relation, _) in TREES {
            let mut started = false;
            self.records(relation, &mut |k, v| {
                if !started {
                    visit(SnapshotItem::Tree(relation))?;
                    started = true;
                }
                visit(SnapshotItem::Record(k, v))
            })?;
        }
        Ok(high_water)
    }

    /// Rebuilds every derived tree from the primary ones: after a restore or copy wrote the
    /// logical relations, before the store is reopened. A record that does not decode is
    /// left out of the indexes (doctor then names it); a log with a gap is refused.
    pub fn rebuild_derived(&self) -> Result<(), StoreError> {
        for name in DERIVED {
            self.tree(name)?.clear().map_err(backend)?;
        }
        let index = |from: &str, to: &str, f: &dyn Fn(&[u8], &mut sled::Batch)| {
            let mut batch = sled::Batch::default();
            self.records(from, &mut |_, v| {
                f(v, &mut batch);
                Ok(())
            })?;
            self.tree(to)?.apply_batch(batch).map_err(backend)
        };
        index(rel::PRODUCTS, T_GTIN, &|v, b| {
            if let Some(Product {
                id, gtin: Some(g), ..
            }) = json(v)
            {
                b.insert(g.as_str().as_bytes(), &keys::id(id));
            }
        })?;
        index(rel::CERTIFICATES, T_PRODUCT_CERTS, &|v, b| {
            if let Some(c) = json::<Certificate>(v) {
                b.insert(&keys::pair(c.product_id, c.id), &[]);
            }
        })?;
        index(rel::BATCHES, T_LOTS, &|v, b| {
            if let Some(x) = json::<Batch>(v) {
                b.insert(keys::id_text(x.product_id, x.lot.as_str()), &keys::id(x.id));
            }
        })?;
        index(rel::BATCHES, T_SUBJECT_BATCHES, &|v, b| {
            if let Some(x) = json::<Batch>(v) {
                b.insert(&keys::pair(x.subject_id, x.id), &[]);
            }
        })?;
        index(rel::ACCOUNTS, T_LOGINS, &|v, b| {
            if let Some(a) = json::<Account>(v) {
                b.insert(a.login.as_bytes(), &keys::id(a.id));
            }
        })?;
        index(rel::ACCOUNTS, T_SETUP_LINKS, &|v, b| {
            if let Some((k, a)) = json::<Account>(v).and_then(|a| Some((setup_key(&a)?, a))) {
                b.insert(k, &keys::id(a.id));
            }
        })?;
        self.rebuild_log()?;
        self.flush()
    }

    /// The log's node records, size and batch → `batch_issued` index, from its entries.
    fn rebuild_log(&self) -> Result<(), StoreError> {
        let mut rebuild = LogRebuild::default();
        let mut nodes = sled::Batch::default();
        self.records(rel::LOG_ENTRIES, &mut |k, v| {
            let index =
                read_id(k, 0)
                    .filter(|_| k.len() == 8)
                    .ok_or_else(|| StoreError::Corrupt {
                        tree: rel::LOG_ENTRIES,
                        key: format!("{k:02x?}"),
                        reason: "a log entry key is not an 8-byte index".into(),
                    })?;
            let record: Vec<u8> = rebuild.push(index, v)?.concat();
            nodes.insert(&super::log::record_key(index), record);
            Ok(())
        })?;
        self.log.nodes.apply_batch(nodes).map_err(backend)?;
        let mut batch_log = sled::Batch::default();
        for (batch, index) in &rebuild.issued {
            batch_log.insert(&keys::id(*batch), &index.to_be_bytes());
        }
        self.tree(T_BATCH_LOG)?
            .apply_batch(batch_log)
            .map_err(backend)?;
        if rebuild.size() > 0 {
            self.log
                .meta
                .insert(LOG_SIZE_KEY, &rebuild.size().to_be_bytes())
                .map_err(backend)?;
        }
        Ok(())
    }
}
