//! Online backups: who may take one, what it may hold, and the consistent snapshot into a
//! private temporary file that the HTTP layer then streams.

use super::{App, ServiceError};
use crate::backup::{self, MIN_PASSPHRASE, Manifest, PrivateKeys};
use crate::crypto::KeyStore;
use crate::domain::{Action, DomainError, Principal};
use std::io::Seek;
use zeroize::Zeroizing;

/// What to put in a backup.
#[derive(Debug, Default)]
pub struct BackupOptions {
    /// Also seal the issuer's private keys into the backup (needs `passphrase`).
    pub with_private_keys: bool,
    pub passphrase: Option<Zeroizing<String>>,
}

impl App {
    /// Takes a signed backup of the whole store into an unlinked temporary file, rewound to
    /// its start. Writes wait only for this local copy, not for a client's download.
    pub fn backup_to_file(
        &self,
        who: &Principal,
        opts: BackupOptions,
    ) -> Result<(std::fs::File, Manifest), ServiceError> {
        who.check(Action::Operate)?;
        let invalid = |m: String| ServiceError::Domain(DomainError::InvalidBackupRequest(m));
        let private = match (opts.with_private_keys, opts.passphrase) {
            (false, None) => None,
            (false, Some(_)) => {
                return Err(invalid(
                    "passphrase is only used with with_private_keys".into(),
                ));
            }
            (true, None) => return Err(invalid("with_private_keys needs a passphrase".into())),
            (true, Some(p)) if p.chars().count() < MIN_PASSPHRASE => {
                return Err(invalid(format!(
                    "the passphrase must be at least {MIN_PASSPHRASE} characters"
                )));
            }
            (true, Some(p)) => match &self.keys_dir {
                Some(dir) => Some((KeyStore::new(dir.as_path()), p)),
                None => {
                    return Err(invalid(
                        "this server does not know its key directory".into(),
                    ));
                }
            },
        };
        let mut file = temp_file().map_err(internal)?;
        let keys = private.as_ref().map(|(ks, p)| PrivateKeys {
            keys: ks,
            passphrase: p.as_str(),
        });
        let m = backup::create(
            self.store.as_ref(),
            &self.keys,
            keys,
            self.clock.now(),
            &mut file,
        )
        .map_err(internal)?;
        file.rewind().map_err(internal)?;
        tracing::info!(token = %who.token_id, bytes = m.body_bytes, "backup taken");
        Ok((file, m))
    }
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Store(crate::store::StoreError::Backend(e.to_string()))
}

/// A new file in the temp directory, removed from the directory at once so nothing is left
/// behind whatever happens; the open handle keeps it readable.
fn temp_file() -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut rnd = [0u8; 12];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut rnd);
    let path = std::env::temp_dir().join(format!(
        "ocop-trace-backup-{}.tmp",
        crate::crypto::b64url(&rnd)
    ));
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(f)
}
