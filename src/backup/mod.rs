//! Backups (format `ocop-trace/backup/v2`, docs/backup-format.md): a consistent snapshot of
//! every logical relation of the store (`store::relations`), a SHA-256 over the body, and a
//! manifest signed by the issuer key. Restoring verifies all of it, then every batch record
//! and the log, before the restored store is kept. Format v1 files (sled's tree layout) are
//! still read and restored (`v1.rs` maps their trees).

mod frame;
mod read;
mod restore;
mod sealed;
mod v1;

pub use frame::{BodyReader, Frame, FrameError, MAGIC, MAGIC_V1};
pub use read::{Verified, read, verify_file};
pub use restore::{Restored, Unseal, restore, restore_with};
pub use sealed::{MIN_PASSPHRASE, SealError, SealParams};

use crate::crypto::{Jwks, KeyRing, KeyStore, sign_jws};
use crate::store::{EPHEMERAL_RELATIONS, SnapshotItem, Store, StoreError};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The manifest's `format` of the backups written: logical relations.
pub const FORMAT: &str = "ocop-trace/backup/v2";
/// The `format` of backups written before v2 (sled's tree layout), still read.
pub const FORMAT_V1: &str = "ocop-trace/backup/v1";
/// The manifest JWS header's `typ`.
pub const MANIFEST_TYP: &str = "ocop-backup-manifest+jws";

/// Records in one relation (v1: one sled tree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeCount {
    pub name: String,
    pub records: u64,
}

/// What a backup holds; signed by the issuer key and stored after the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`] (or [`FORMAT_V1`] for an older backup).
    pub format: String,
    pub created_at: DateTime<Utc>,
    /// Layout version of the data directory the trees come from.
    pub store_version: u32,
    /// Length of the body (magic through the `E` frame).
    pub body_bytes: u64,
    /// SHA-256 of the body, lowercase hex.
    pub body_sha256: String,
    /// Every relation in the body, in body order, with its record count.
    pub trees: Vec<TreeCount>,
    /// Ids issued after a restore start above this.
    pub id_high_water: u64,
    /// The issuance log in the snapshot.
    pub log_size: u64,
    /// RFC 6962 root of the log at `log_size`, standard base64 (as in checkpoints).
    pub log_root: String,
    /// The public keys that verify the manifest and every record in the snapshot.
    pub jwks: Jwks,
    /// Present when the body has a sealed private key bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_keys: Option<SealParams>,
    /// Records of secret relations (scratch-off PIN secrets) kept out of the clear body:
    /// sealed in the private key bundle when there is one, else left out of the backup.
    /// Absent when zero, so backups of stores without them keep their bytes.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub secret_records: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Manifest {
    /// The format version (1 or 2); `read` has checked that it matches the body's magic.
    pub fn version(&self) -> u8 {
        if self.format == FORMAT_V1 { 1 } else { 2 }
    }

    /// Where the secret records (PIN secrets) went, for operators; `None` when there were none.
    pub fn secrets_summary(&self) -> Option<String> {
        let where_ = if self.private_keys.is_some() {
            "sealed with the private keys"
        } else {
            "left out (never written in clear; back up --with-private-keys to keep them)"
        };
        (self.secret_records > 0).then(|| format!("{} {where_}", self.secret_records))
    }
}

/// Why a backup could not be written, read or restored.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the backup: {0}")]
    Write(std::io::Error),
    #[error("{path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the backup is damaged or not a backup: {0}")]
    Format(String),
    #[error("the manifest signature does not verify: {0}")]
    Signature(String),
    #[error("the backup was altered: {0}")]
    Altered(String),
    #[error(transparent)]
    Seal(#[from] SealError),
    #[error("{0}")]
    Refused(String),
    #[error("the restored store fails its checks: {0}")]
    Check(String),
}

impl From<FrameError> for BackupError {
    fn from(e: FrameError) -> Self {
        match e {
            FrameError::Io(e) => Self::Format(format!("read error: {e}")),
            FrameError::Format(m) => Self::Format(m),
        }
    }
}

/// Private keys to seal into a backup.
pub struct PrivateKeys<'a> {
    pub keys: &'a KeyStore,
    pub passphrase: &'a str,
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Writes a backup of `store` to `out`, signed with the ring's active key.
pub fn create(
    store: &dyn Store,
    ring: &KeyRing,
    private: Option<PrivateKeys<'_>>,
    now: DateTime<Utc>,
    out: &mut dyn Write,
) -> Result<Manifest, BackupError> {
    let signer = ring
        .active()
        .ok_or_else(|| BackupError::Refused("no active issuer key to sign the manifest".into()))?;
    // Key files and passphrase first: a weak passphrase or unreadable key file fails before
    // any byte is written. The bundle itself is sealed after the walk, with the secrets.
    let sealer = match private {
        Some(p) => {
            let files = p
                .keys
                .files()
                .map_err(|e| BackupError::Refused(e.to_string()))?;
            Some((files, sealed::Sealer::new(p.passphrase)?))
        }
        None => None,
    };
    let mut secrets: Vec<sealed::SecretRecord> = Vec::new();
    let mut secret_records = 0u64;
    let mut buffered = BufWriter::with_capacity(1 << 20, out);
    let mut body = frame::BodyWriter::new(&mut buffered);
    body.put(MAGIC).map_err(BackupError::Write)?;
    let mut trees: Vec<TreeCount> = Vec::new();
    let mut log: Option<(u64, String)> = None;
    let mut io_error = None;
    let mut skipping = false;
    let high_water = store.snapshot(&mut |item| {
        let written = match item {
            SnapshotItem::Log { size, root } => {
                log = Some((size, STANDARD.encode(root)));
                Ok(())
            }
            // Sessions and the like never leave the server (EPHEMERAL_RELATIONS).
            SnapshotItem::Tree(name) if EPHEMERAL_RELATIONS.contains(&name) => {
                skipping = true;
                Ok(())
            }
            SnapshotItem::Record(..) if skipping => Ok(()),
            SnapshotItem::Tree(name) => {
                skipping = false;
                trees.push(TreeCount {
                    name: name.to_owned(),
                    records: 0,
                });
                body.tree(name)
            }
            SnapshotItem::Record(k, v) => match trees.last_mut() {
                // A secret never goes into the clear body: sealed with the keys, or left out.
                Some(t) if crate::store::is_secret(&t.name, k) => {
                    secret_records += 1;
                    if sealer.is_some() {
                        secrets.push((t.name.clone(), k.to_vec(), v.to_vec().into()));
                    }
                    Ok(())
                }
                Some(t) => {
                    t.records += 1;
                    body.record(k, v)
                }
                None => body.record(k, v),
            },
        };
        written.map_err(|e| {
            let msg = e.to_string();
            io_error = Some(e);
            StoreError::Backend(msg)
        })
    });
    if let Some(e) = io_error {
        return Err(BackupError::Write(e));
    }
    let high_water = high_water?;
    let sealed = match sealer {
        Some((files, sealer)) => Some(sealer.seal(&files, &secrets, FORMAT)?),
        None => None,
    };
    drop(secrets);
    if let Some((bytes, _)) = &sealed {
        body.keys(bytes).map_err(BackupError::Write)?;
    }
    let (digest, body_bytes, _) = body.end().map_err(BackupError::Write)?;
    let (log_size, log_root) = match log {
        Some(l) => l,
        None => (0, STANDARD.encode(crate::tlog::EMPTY_ROOT)),
    };
    let manifest = Manifest {
        format: FORMAT.into(),
        created_at: now,
        store_version: crate::store::STORE_VERSION,
        body_bytes,
        body_sha256: hex(&digest),
        trees,
        id_high_water: high_water,
        log_size,
        log_root,
        jwks: ring.jwks(),
        private_keys: sealed.map(|(_, p)| p),
        secret_records,
    };
    let payload = serde_json::to_vec(&manifest).map_err(|e| BackupError::Refused(e.to_string()))?;
    let jws = sign_jws(signer, MANIFEST_TYP, &payload)
        .ok_or_else(|| BackupError::Refused("the active key cannot sign".into()))?;
    let len =
        u32::try_from(jws.len()).map_err(|_| BackupError::Refused("manifest too large".into()))?;
    buffered
        .write_all(&len.to_be_bytes())
        .and_then(|()| buffered.write_all(jws.as_bytes()))
        .and_then(|()| buffered.flush())
        .map_err(BackupError::Write)?;
    Ok(manifest)
}

/// Writes a backup into a new file (never overwriting one), synced before returning.
pub fn create_file(
    store: &dyn Store,
    ring: &KeyRing,
    private: Option<PrivateKeys<'_>>,
    now: DateTime<Utc>,
    path: &Path,
) -> Result<Manifest, BackupError> {
    let file_err = |source| BackupError::File {
        path: path.to_owned(),
        source,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(file_err)?;
    let made = create(store, ring, private, now, &mut f).and_then(|m| {
        f.sync_all().map_err(file_err)?;
        Ok(m)
    });
    if made.is_err() {
        // A half-written backup must not be mistaken for a good one.
        let _ = std::fs::remove_file(path);
    }
    made
}
