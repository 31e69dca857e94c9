//! Restoring a backup into an empty store (a sled data directory or a PostgreSQL issuer
//! with no data): verify the file, write its records into a staged store, bring back the
//! sealed secrets when the passphrase is given, check the staged store as `doctor` does,
//! and only then keep it.

use super::sealed::{self, SecretRecord};
use super::{BackupError, Frame, Manifest, PrivateKeys, Verified, read, verify_file};
use crate::crypto::{KeyRing, KeyStore};
use crate::ops::doctor;
use crate::store::{Staged, StoreUrl};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::path::Path;

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub verified: Verified,
    /// Records written (a v1 backup's derived trees are rebuilt, not counted).
    pub records: u64,
    /// Batch records whose signatures were checked after the restore.
    pub batches_checked: u64,
    /// Key set files written (with `--keys-dir`).
    pub key_files: Vec<String>,
    /// Secret records (scratch-off PIN secrets) restored from the sealed bundle.
    pub secrets_restored: u64,
    /// Secret records the backup had but that were not restored: left out of a backup made
    /// without private keys, or sealed and no passphrase given.
    pub secrets_missing: u64,
}

impl Restored {
    /// What the operator should know about the secrets, if anything.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let n = self.secrets_missing;
        if n > 0 && self.verified.manifest.private_keys.is_none() {
            notes.push(format!(
                "this backup was made without --with-private-keys, so it holds no \
                 scratch-off PIN secrets: PIN checks of the {n} batch(es) that had them will \
                 fail (their labels still verify). A backup made with --with-private-keys \
                 carries them sealed."
            ));
        } else if n > 0 {
            notes.push(format!(
                "the scratch-off PIN secrets of {n} batch(es) are sealed in this backup and \
                 were not restored (no passphrase given): PIN checks of those batches will \
                 fail. Restore again into an empty directory with the passphrase \
                 (--passphrase-file or OCOP_TRACE_BACKUP_PASSPHRASE) to bring them back."
            ));
        }
        notes
    }
}

/// What to open of a backup's sealed bundle.
#[derive(Clone, Copy, Default)]
pub struct Unseal<'a> {
    /// Write the sealed key set here (an empty or new directory).
    pub keys: Option<&'a KeyStore>,
    /// The backup's passphrase: needed with `keys`; without, it still restores the sealed
    /// secret records.
    pub passphrase: Option<&'a str>,
}

fn is_empty_dir(dir: &Path) -> Result<bool, BackupError> {
    match std::fs::read_dir(dir) {
        Ok(mut it) => Ok(it.next().is_none()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(source) => Err(BackupError::File {
            path: dir.to_owned(),
            source,
        }),
    }
}

/// Restores a backup into an empty data directory; with `keys`, also writes the sealed key
/// set (and brings back the sealed secrets). See [`restore_with`].
pub fn restore(
    path: &Path,
    data_dir: &Path,
    trusted: Option<&KeyRing>,
    keys: Option<PrivateKeys<'_>>,
) -> Result<Restored, BackupError> {
    let unseal = Unseal {
        keys: keys.as_ref().map(|k| k.keys),
        passphrase: keys.as_ref().map(|k| k.passphrase),
    };
    restore_with(path, &StoreUrl::Sled(data_dir.to_owned()), trusted, unseal)
}

/// Restores a backup into an empty store at `target`: verifies the file, writes the
/// records into a staged store, restores the sealed secrets when a passphrase is given,
/// checks every batch record and the log against the manifest, and only then keeps the
/// store (sled: moved into `data_dir/v1`). With `unseal.keys`, also writes the sealed key
/// set.
pub fn restore_with(
    path: &Path,
    target: &StoreUrl,
    trusted: Option<&KeyRing>,
    unseal: Unseal<'_>,
) -> Result<Restored, BackupError> {
    if let StoreUrl::Sled(data_dir) = target
        && !is_empty_dir(data_dir)?
    {
        return Err(BackupError::Refused(format!(
            "{} is not empty; restore only into an empty or new directory",
            data_dir.display()
        )));
    }
    if let Some(k) = unseal.keys
        && k.exists()
    {
        return Err(BackupError::Refused(format!(
            "{} already holds a key set; restore keys into an empty directory",
            k.dir().display()
        )));
    }
    let first = verify_file(path, trusted)?;
    let m = &first.manifest;
    if unseal.keys.is_some() && m.private_keys.is_none() {
        return Err(BackupError::Refused(
            "this backup has no private keys to restore (it was made without \
             --with-private-keys); leave out --keys-dir to restore the data alone"
                .into(),
        ));
    }
    if unseal.keys.is_some() && unseal.passphrase.is_none() {
        return Err(BackupError::Refused(
            "the private keys in this backup are sealed: give its passphrase with \
             --passphrase-file FILE or OCOP_TRACE_BACKUP_PASSPHRASE"
                .into(),
        ));
    }
    // The bundle is opened (an expensive key derivation) only when something in it is wanted.
    let open_bundle = m.private_keys.is_some()
        && unseal.passphrase.is_some()
        && (unseal.keys.is_some() || m.secret_records > 0);
    let staged = Staged::create(target)?;
    let (records, sealed) = write_records(path, &staged, trusted, &first)?;
    let mut opened = None;
    if let (true, Some(bundle), Some(params), Some(pass)) = (
        open_bundle,
        sealed,
        m.private_keys.as_ref(),
        unseal.passphrase,
    ) {
        let o = sealed::open(&bundle, params, pass, &m.format)?;
        put_secrets(&staged, &o.records, m)?;
        opened = Some(o);
    }
    let secrets_restored = opened.as_ref().map_or(0, |o| o.records.len() as u64);
    let batches_checked = check_staged(staged, &first)?;
    let mut key_files = Vec::new();
    if let (Some(keys), Some(o)) = (unseal.keys, &opened) {
        key_files = o.files.iter().map(|(n, _)| n.clone()).collect();
        keys.write_files(&o.files)
            .map_err(|e| BackupError::Refused(e.to_string()))?;
    }
    Ok(Restored {
        secrets_missing: first
            .manifest
            .secret_records
            .saturating_sub(secrets_restored),
        verified: first,
        records,
        batches_checked,
        key_files,
        secrets_restored,
    })
}

/// The logical relation a record of the file goes to: the name itself in v2; in v1 its
/// tree's relation, or `None` for what the engine derives (skipped, rebuilt on reopen).
fn target(version: u8, relation: &str, key: &[u8]) -> Result<Option<String>, BackupError> {
    if version == 1 {
        super::v1::target(relation, key)
            .map(|r| r.map(str::to_owned))
            .map_err(BackupError::Format)
    } else {
        Ok(Some(relation.to_owned()))
    }
}

/// Pass 2: writes every record into the staged store; returns the count written and the
/// sealed bundle, if any.
fn write_records(
    path: &Path,
    staged: &Staged,
    trusted: Option<&KeyRing>,
    first: &Verified,
) -> Result<(u64, Option<Vec<u8>>), BackupError> {
    let store = staged.store();
    let f = std::fs::File::open(path).map_err(|source| BackupError::File {
        path: path.to_owned(),
        source,
    })?;
    let version = first.manifest.version();
    let mut relation: Option<String> = None;
    let mut records = 0u64;
    let mut sealed = None;
    let second = read(f, trusted, |frame| {
        match frame {
            Frame::Tree(name) => relation = Some(name.clone()),
            Frame::Record(k, v) => {
                let r = relation
                    .as_deref()
                    .ok_or_else(|| BackupError::Format("a record before any relation".into()))?;
                if let Some(r) = target(version, r, k)? {
                    store.put_record(&r, k, v)?;
                    records += 1;
                }
            }
            Frame::Keys(b) => sealed = Some(b.clone()),
            Frame::End => {}
        }
        Ok(())
    })?;
    // The file could have changed between the two passes.
    if second.manifest != first.manifest {
        return Err(BackupError::Altered(
            "the file changed while it was being restored".into(),
        ));
    }
    Ok((records, sealed))
}

/// Writes the secret records of an opened bundle, which must be what the manifest counts
/// (their relations named as the backup's format names them).
fn put_secrets(staged: &Staged, records: &[SecretRecord], m: &Manifest) -> Result<(), BackupError> {
    let altered = || BackupError::Altered("the sealed secrets do not match the manifest".into());
    if records.len() as u64 != m.secret_records {
        return Err(altered());
    }
    for (relation, key, value) in records {
        let r = target(m.version(), relation, key)
            .ok()
            .flatten()
            .filter(|r| crate::store::is_secret(r, key))
            .ok_or_else(altered)?;
        staged.store().put_record(&r, key, value)?;
    }
    Ok(())
}

/// Checks the staged store against the manifest and moves it into place; returns how many
/// batch record signatures were checked.
fn check_staged(staged: Staged, first: &Verified) -> Result<u64, BackupError> {
    let m = &first.manifest;
    staged.store().set_id_floor(m.id_high_water)?;
    let staged = staged.reopen()?;
    let store = staged.store();
    let ring = KeyRing::from_jwks(&m.jwks).map_err(BackupError::Signature)?;
    let report = doctor::examine(store, Some(&ring))?;
    if let Some(p) = report.problems.first() {
        return Err(BackupError::Check(format!(
            "{} problem(s), first: {} — {}",
            report.problems.len(),
            p.code,
            p.detail
        )));
    }
    let root = if m.log_size == 0 {
        crate::tlog::EMPTY_ROOT
    } else {
        store.log_root(m.log_size)?
    };
    if store.log_size()? != m.log_size || STANDARD.encode(root) != m.log_root {
        return Err(BackupError::Check(
            "the restored log's size or root differs from the signed manifest".into(),
        ));
    }
    staged.commit()?;
    Ok(report.batches_checked)
}
