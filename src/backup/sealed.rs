//! The private key bundle of a backup, sealed with a passphrase: Argon2id derives a 256-bit
//! key, XChaCha20-Poly1305 encrypts the key set files and the records of the secret
//! relations (scratch-off PIN secrets), which never appear in the clear body.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Associated data bound into the ciphertext, so a bundle cannot be moved to another format:
/// `<format> private keys` (`ocop-trace/backup/v2 private keys`; v1 bundles say v1, and their
/// records name v1 trees).
fn aad(format: &str) -> Vec<u8> {
    format!("{format} private keys").into_bytes()
}
/// Shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 12;

/// How the bundle was sealed (recorded in the signed manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealParams {
    /// Always `argon2id`.
    pub kdf: String,
    /// Argon2 memory in KiB.
    pub m_cost_kib: u32,
    /// Argon2 passes.
    pub t_cost: u32,
    /// Argon2 lanes.
    pub p_cost: u32,
    /// 16 random bytes, base64url.
    pub salt: String,
    /// Always `xchacha20poly1305`.
    pub cipher: String,
    /// 24 random bytes, base64url.
    pub nonce: String,
    /// Names of the sealed files.
    pub files: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct Bundle {
    files: Vec<BundleFile>,
    /// Left out when empty, so a bundle without secrets reads as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    records: Vec<BundleRecord>,
}

#[derive(Serialize, Deserialize)]
struct BundleRecord {
    relation: String,
    /// base64url of the key.
    key: String,
    /// base64url of the value.
    value: String,
}

/// One record of a secret relation: relation name, key, value.
pub type SecretRecord = (String, Vec<u8>, Zeroizing<Vec<u8>>);

/// What an opened bundle holds.
pub struct Opened {
    /// Key set files by name.
    pub files: Vec<(String, Vec<u8>)>,
    /// Records of secret relations.
    pub records: Vec<SecretRecord>,
}

#[derive(Serialize, Deserialize)]
struct BundleFile {
    name: String,
    /// base64url of the file bytes.
    content: String,
}

/// Why a bundle could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The passphrase is too short.
    #[error("the passphrase must be at least {MIN_PASSPHRASE} characters")]
    WeakPassphrase,
    /// Wrong passphrase, or the bundle was altered.
    #[error("the private keys cannot be decrypted: wrong passphrase or an altered bundle")]
    Decrypt,
    /// Parameters outside what this version writes.
    #[error("unsupported key bundle parameters: {0}")]
    Params(String),
}

fn derive(passphrase: &str, salt: &[u8], p: &SealParams) -> Result<Zeroizing<[u8; 32]>, SealError> {
    // Bounded so a hostile manifest cannot ask for gigabytes of memory.
    if p.m_cost_kib > 1024 * 1024 || p.t_cost > 16 || p.p_cost > 8 {
        return Err(SealError::Params("Argon2 cost too high".into()));
    }
    let params = Params::new(p.m_cost_kib, p.t_cost, p.p_cost, Some(32))
        .map_err(|e| SealError::Params(e.to_string()))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| SealError::Params(e.to_string()))?;
    Ok(key)
}

/// A derived key, ready to seal: derived before the snapshot starts, so a weak passphrase
/// fails before any byte is written, and used after it, when the secret records are known.
pub struct Sealer {
    key: Zeroizing<[u8; 32]>,
    params: SealParams,
    nonce: [u8; 24],
}

impl Sealer {
    /// Derives the key for a new bundle from `passphrase`.
    pub fn new(passphrase: &str) -> Result<Self, SealError> {
        if passphrase.chars().count() < MIN_PASSPHRASE {
            return Err(SealError::WeakPassphrase);
        }
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut salt);
        OsRng.fill_bytes(&mut nonce);
        let params = SealParams {
            kdf: "argon2id".into(),
            m_cost_kib: 64 * 1024,
            t_cost: 3,
            p_cost: 1,
            salt: crate::crypto::b64url(&salt),
            cipher: "xchacha20poly1305".into(),
            nonce: crate::crypto::b64url(&nonce),
            files: Vec::new(),
        };
        let key = derive(passphrase, &salt, &params)?;
        Ok(Self { key, params, nonce })
    }

    /// Seals key set files and secret records for a backup of `format`.
    pub fn seal(
        self,
        files: &[(String, Zeroizing<Vec<u8>>)],
        records: &[SecretRecord],
        format: &str,
    ) -> Result<(Vec<u8>, SealParams), SealError> {
        let mut params = self.params;
        params.files = files.iter().map(|(n, _)| n.clone()).collect();
        let bundle = Zeroizing::new(
            serde_json::to_vec(&Bundle {
                files: files
                    .iter()
                    .map(|(name, bytes)| BundleFile {
                        name: name.clone(),
                        content: crate::crypto::b64url(bytes),
                    })
                    .collect(),
                records: records
                    .iter()
                    .map(|(relation, key, value)| BundleRecord {
                        relation: relation.clone(),
                        key: crate::crypto::b64url(key),
                        value: crate::crypto::b64url(value),
                    })
                    .collect(),
            })
            .map_err(|e| SealError::Params(e.to_string()))?,
        );
        let cipher = XChaCha20Poly1305::new(self.key.as_ref().into());
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&self.nonce),
                Payload {
                    msg: &bundle,
                    aad: &aad(format),
                },
            )
            .map_err(|_| SealError::Params("encryption failed".into()))?;
        Ok((sealed, params))
    }
}

/// Seals key set files with a passphrase (no secret records).
#[cfg(test)]
fn seal(
    files: &[(String, Zeroizing<Vec<u8>>)],
    passphrase: &str,
) -> Result<(Vec<u8>, SealParams), SealError> {
    Sealer::new(passphrase)?.seal(files, &[], super::FORMAT)
}

/// Opens the sealed bundle of a backup of `format`, returning the key set files by name and
/// the secret records.
pub fn open(
    sealed: &[u8],
    params: &SealParams,
    passphrase: &str,
    format: &str,
) -> Result<Opened, SealError> {
    if params.kdf != "argon2id" || params.cipher != "xchacha20poly1305" {
        return Err(SealError::Params(format!(
            "{} / {}",
            params.kdf, params.cipher
        )));
    }
    let salt = crate::crypto::b64url_decode(&params.salt)
        .filter(|s| s.len() >= 8)
        .ok_or_else(|| SealError::Params("bad salt".into()))?;
    let nonce = crate::crypto::b64url_decode(&params.nonce)
        .filter(|n| n.len() == 24)
        .ok_or_else(|| SealError::Params("bad nonce".into()))?;
    let key = derive(passphrase, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(key.as_ref().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: sealed,
                    aad: &aad(format),
                },
            )
            .map_err(|_| SealError::Decrypt)?,
    );
    let bundle: Bundle = serde_json::from_slice(&plain).map_err(|_| SealError::Decrypt)?;
    let b64 = |s: &str| crate::crypto::b64url_decode(s).ok_or(SealError::Decrypt);
    let files = bundle
        .files
        .into_iter()
        .map(|f| Ok((f.name, b64(&f.content)?)))
        .collect::<Result<_, SealError>>()?;
    let records = bundle
        .records
        .into_iter()
        .map(|r| Ok((r.relation, b64(&r.key)?, Zeroizing::new(b64(&r.value)?))))
        .collect::<Result<_, SealError>>()?;
    Ok(Opened { files, records })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let files = vec![("keyset.json".to_owned(), Zeroizing::new(b"{}".to_vec()))];
        let (sealed, params) = seal(&files, "correct horse battery").unwrap();
        let back = open(
            &sealed,
            &params,
            "correct horse battery",
            super::super::FORMAT,
        )
        .unwrap();
        assert_eq!(back.files, vec![("keyset.json".to_owned(), b"{}".to_vec())]);
        assert!(back.records.is_empty());
        assert!(matches!(
            open(
                &sealed,
                &params,
                "wrong horse battery",
                super::super::FORMAT
            ),
            Err(SealError::Decrypt)
        ));
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert!(matches!(
            open(
                &flipped,
                &params,
                "correct horse battery",
                super::super::FORMAT
            ),
            Err(SealError::Decrypt)
        ));
        assert!(matches!(
            seal(&files, "short"),
            Err(SealError::WeakPassphrase)
        ));
    }

    #[test]
    fn secret_records_round_trip_sealed() {
        let secret = Zeroizing::new(b"pin-secret-bytes".to_vec());
        let records = vec![("pin_secrets".to_owned(), vec![0, 7], secret.clone())];
        let (sealed, params) = Sealer::new("correct horse battery")
            .unwrap()
            .seal(&[], &records, super::super::FORMAT)
            .unwrap();
        assert!(!sealed.windows(secret.len()).any(|w| w == secret.as_slice()));
        let back = open(
            &sealed,
            &params,
            "correct horse battery",
            super::super::FORMAT,
        )
        .unwrap();
        assert_eq!(back.records.len(), 1);
        assert_eq!(back.records[0].0, "pin_secrets");
        assert!(matches!(
            open(
                &sealed,
                &params,
                "correct horse battery",
                super::super::FORMAT_V1
            ),
            Err(SealError::Decrypt)
        ));
        assert_eq!(back.records[0].1, vec![0, 7]);
        assert_eq!(*back.records[0].2, *secret);
    }
}
