//! `store copy`: moves a province's data from one store to another (sled to PostgreSQL, or
//! back) into a target that holds nothing yet, and proves the copy before keeping it:
//! record counts per relation, every batch record's signature and every log entry
//! (`doctor`'s checks), the log's size and root against the source's, and every media file
//! against its SHA-256. A failed check leaves no target store behind.

use super::doctor;
use crate::crypto::KeyRing;
use crate::store::relations::MEDIA;
use crate::store::{EPHEMERAL_RELATIONS, SnapshotItem, Staged, Store, StoreError, StoreUrl};
use sha2::{Digest, Sha256};

/// What a copy moved and checked.
#[derive(Debug, Clone, Default)]
pub struct Copied {
    /// Records per logical relation, equal in source and target.
    pub relations: Vec<(String, u64)>,
    /// Batch records whose signatures were checked in the target.
    pub batches_checked: u64,
    /// Log entries, with the root both stores give for them (base64).
    pub log_size: u64,
    pub log_root: String,
    /// Media files whose bytes matched their SHA-256 name.
    pub media_checked: u64,
}

/// Why a copy did not land.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The target differs from the source; nothing was kept.
    #[error("the copy does not match its source, so nothing was kept: {0}")]
    Check(String),
}

/// Copies everything `from` holds (but sessions: people sign in again) into the empty store
/// at `to`, checks it, and keeps it. `ring` checks batch signatures (the issuer's keys).
pub fn copy(from: &dyn Store, to: &StoreUrl, ring: Option<&KeyRing>) -> Result<Copied, CopyError> {
    let staged = Staged::create(to)?;
    let mut relations: Vec<(String, u64)> = Vec::new();
    let mut log = None;
    let mut skipping = false;
    let high_water = {
        let target = staged.store();
        from.snapshot(&mut |item| {
            match item {
                SnapshotItem::Log { size, root } => {
                    use base64::Engine;
                    log = Some((size, base64::engine::general_purpose::STANDARD.encode(root)));
                }
                SnapshotItem::Tree(name) => {
                    skipping = EPHEMERAL_RELATIONS.contains(&name);
                    if !skipping {
                        relations.push((name.to_owned(), 0));
                    }
                }
                SnapshotItem::Record(..) if skipping => {}
                SnapshotItem::Record(k, v) => {
                    if let Some((name, n)) = relations.last_mut() {
                        target.put_record(name, k, v)?;
                        *n += 1;
                    }
                }
            }
            Ok(())
        })?
    };
    staged.store().set_id_floor(high_water)?;
    let staged = staged.reopen()?;
    let target = staged.store();
    let (log_size, log_root) = match log {
        Some(l) => l,
        None => log_state(from)?,
    };
    check_counts(target, &relations)?;
    let report = doctor::examine(target, ring)?;
    if let Some(p) = report.problems.first() {
        return Err(CopyError::Check(format!(
            "{} problem(s), first: {} — {}",
            report.problems.len(),
            p.code,
            p.detail
        )));
    }
    if log_state(target)? != (log_size, log_root.clone()) {
        return Err(CopyError::Check(
            "the target's log size or root differs from the source's".into(),
        ));
    }
    let media_checked = check_media(target)?;
    staged.commit()?;
    Ok(Copied {
        relations,
        batches_checked: report.batches_checked,
        log_size,
        log_root,
        media_checked,
    })
}

fn log_state(store: &dyn Store) -> Result<(u64, String), StoreError> {
    use base64::Engine;
    let size = store.log_size()?;
    let root = if size == 0 {
        crate::tlog::EMPTY_ROOT
    } else {
        store.log_root(size)?
    };
    Ok((size, base64::engine::general_purpose::STANDARD.encode(root)))
}

/// Every relation the source had holds as many records in the target.
fn check_counts(target: &dyn Store, expected: &[(String, u64)]) -> Result<(), CopyError> {
    for (name, n) in expected {
        let mut got = 0u64;
        target.records(name, &mut |_, _| {
            got += 1;
            Ok(())
        })?;
        if got != *n {
            return Err(CopyError::Check(format!(
                "{name}: {n} record(s) in the source, {got} in the target"
            )));
        }
    }
    Ok(())
}

/// Every media file's bytes hash to its name.
fn check_media(target: &dyn Store) -> Result<u64, CopyError> {
    let mut checked = 0u64;
    let mut bad = None;
    target.records(MEDIA, &mut |k, v| {
        let digest = Sha256::digest(v);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        if k == hex.as_bytes() {
            checked += 1;
        } else if bad.is_none() {
            bad = Some(String::from_utf8_lossy(k).into_owned());
        }
        Ok(())
    })?;
    match bad {
        Some(name) => Err(CopyError::Check(format!(
            "media file {name} does not hash to its name"
        ))),
        None => Ok(checked),
    }
}
