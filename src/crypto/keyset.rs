//! The issuer key set on disk (`keyset.json` + one PKCS#8 PEM file per private key) and
//! the in-memory [`KeyRing`] the server signs and verifies with.

use super::{Jwk, Jwks, b64url, kid_for};
use chrono::{DateTime, Utc};
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey, spki::der::pem::LineEnding};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand_core::OsRng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use subtle::ConstantTimeEq;

const KEYSET_FILE: &str = "keyset.json";
const KEYSET_FORMAT: &str = "ocop-trace/keyset/v1";

/// Lifecycle of an issuer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// Signs new records and labels.
    Active,
    /// No longer signs; what it signed still verifies.
    Retired,
    /// Compromised or withdrawn: what it signed fails with `key_revoked`.
    Revoked,
}

impl KeyStatus {
    /// The serde name (`active`, `retired`, `revoked`), as the log and `keyset.json` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Retired => "retired",
            Self::Revoked => "revoked",
        }
    }
}

/// Public metadata of one key, as kept in `keyset.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRecord {
    pub kid: String,
    /// Public key, base64url.
    pub x: String,
    pub status: KeyStatus,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, Deserialize)]
struct KeysetFile {
    format: String,
    keys: Vec<KeyRecord>,
}

/// Errors from key management.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("no key set in {0} (run `ocop-trace keys init`)")]
    Missing(PathBuf),
    #[error("a key set already exists in {0}")]
    AlreadyExists(PathBuf),
    #[error(
        "private key file {path} is readable by group or others (mode {mode:o}); run `chmod 600 {path}`"
    )]
    InsecurePermissions { path: PathBuf, mode: u32 },
    #[error("key set file {path} is invalid: {reason}")]
    Invalid { path: PathBuf, reason: String },
    #[error("unknown key id {0}")]
    UnknownKid(String),
    #[error("{0}")]
    Refused(String),
    #[error("I/O error on {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> KeyError + '_ {
    move |source| KeyError::Io {
        path: path.to_owned(),
        source,
    }
}

/// One key as the running service holds it. The private half is present only for keys
/// whose PEM file exists; `Debug` never shows it.
pub struct Issuer {
    pub record: KeyRecord,
    pub verifying: VerifyingKey,
    signing: Option<SigningKey>,
}

impl fmt::Debug for Issuer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Issuer")
            .field("record", &self.record)
            .field("has_private_key", &self.signing.is_some())
            .finish()
    }
}

impl Issuer {
    /// Signs `msg` (deterministic Ed25519). `None` when this key has no private half.
    pub fn sign(&self, msg: &[u8]) -> Option<[u8; 64]> {
        self.signing.as_ref().map(|k| k.sign(msg).to_bytes())
    }

    /// Checks `sig` over `msg`. With the private key at hand the signature is recomputed
    /// and compared in constant time: Ed25519 signing is deterministic and about twice as
    /// fast as verification. Without it, a strict verification is done.
    pub fn check(&self, msg: &[u8], sig: &[u8; 64]) -> bool {
        match &self.signing {
            Some(k) => bool::from(k.sign(msg).to_bytes().ct_eq(sig)),
            None => self
                .verifying
                .verify_strict(msg, &Signature::from_bytes(sig))
                .is_ok(),
        }
    }

    /// The key's JWK with status.
    pub fn jwk(&self) -> Jwk {
        Jwk {
            kty: "OKP".into(),
            crv: "Ed25519".into(),
            x: self.record.x.clone(),
            kid: self.record.kid.clone(),
            // No `alg`: the key verifies `EdDSA` and `Ed25519` JWSs alike (docs/keys.md).
            alg: None,
            use_: Some("sig".into()),
            status: Some(self.record.status),
            created_at: Some(
                self.record
                    .created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
        }
    }

    /// Builds a verify-only issuer from a JWK (offline verification).
    pub fn from_jwk(jwk: &Jwk) -> Result<Self, String> {
        if jwk.kty != "OKP" || jwk.crv != "Ed25519" {
            return Err(format!("key {} is not an OKP Ed25519 key", jwk.kid));
        }
        // An `alg` is optional, but one naming another algorithm means the key is not ours.
        if let Some(alg) = jwk.alg.as_deref()
            && !super::ACCEPTED_ALGS.contains(&alg)
        {
            return Err(format!(
                "key {} is for alg {alg}, not Ed25519 or EdDSA",
                jwk.kid
            ));
        }
        let bytes = super::b64url_decode(&jwk.x)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| format!("key {} has an invalid x", jwk.kid))?;
        let verifying = VerifyingKey::from_bytes(&bytes)
            .map_err(|_| format!("key {} is not a valid Ed25519 point", jwk.kid))?;
        Ok(Self {
            record: KeyRecord {
                kid: jwk.kid.clone(),
                x: jwk.x.clone(),
                status: jwk.status.unwrap_or(KeyStatus::Active),
                created_at: DateTime::<Utc>::UNIX_EPOCH,
                retired_at: None,
                revoked_at: None,
            },
            verifying,
            signing: None,
        })
    }

    /// Builds an issuer from a private key (tests, vectors, benches).
    pub fn from_signing_key(signing: SigningKey, status: KeyStatus) -> Self {
        let verifying = signing.verifying_key();
        let pk = verifying.to_bytes();
        Self {
            record: KeyRecord {
                kid: kid_for(&pk),
                x: b64url(&pk),
                status,
                created_at: DateTime::<Utc>::UNIX_EPOCH,
                retired_at: None,
                revoked_at: None,
            },
            verifying,
            signing: Some(signing),
        }
    }
}

/// The keys the service knows, by kid.
#[derive(Debug, Default)]
pub struct KeyRing {
    keys: Vec<Issuer>,
    by_kid: HashMap<String, usize>,
}

impl KeyRing {
    /// Builds a ring from issuers.
    pub fn new(keys: Vec<Issuer>) -> Self {
        let by_kid = keys
            .iter()
            .enumerate()
            .map(|(i, k)| (k.record.kid.clone(), i))
            .collect();
        Self { keys, by_kid }
    }

    /// A verify-only ring from a JWKS document.
    pub fn from_jwks(jwks: &Jwks) -> Result<Self, String> {
        let keys = jwks
            .keys
            .iter()
            .map(Issuer::from_jwk)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self::new(keys))
    }

    /// The key that signs new records, if any.
    pub fn active(&self) -> Option<&Issuer> {
        self.keys
            .iter()
            .find(|k| k.record.status == KeyStatus::Active && k.signing.is_some())
    }

    /// Looks a key up by kid.
    pub fn get(&self, kid: &str) -> Option<&Issuer> {
        self.by_kid.get(kid).and_then(|i| self.keys.get(*i))
    }

    /// All keys.
    pub fn iter(&self) -> impl Iterator<Item = &Issuer> {
        self.keys.iter()
    }

    /// The public JWKS.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self.keys.iter().map(Issuer::jwk).collect(),
        }
    }
}

/// A key set file by name, its bytes wiped on drop.
pub type KeyFile = (String, zeroize::Zeroizing<Vec<u8>>);

/// The key set directory.
#[derive(Debug, Clone)]
pub struct KeyStore {
    dir: PathBuf,
}

impl KeyStore {
    /// A key store rooted at `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn file(&self) -> PathBuf {
        self.dir.join(KEYSET_FILE)
    }

    fn pem_path(&self, kid: &str) -> PathBuf {
        self.dir.join(format!("{kid}.pem"))
    }

    /// True when `keyset.json` exists.
    pub fn exists(&self) -> bool {
        self.file().exists()
    }

    /// Reads the public key records.
    pub fn records(&self) -> Result<Vec<KeyRecord>, KeyError> {
        let path = self.file();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyError::Missing(self.dir.clone()));
            }
            Err(e) => return Err(io_err(&path)(e)),
        };
        let file: KeysetFile = serde_json::from_str(&text).map_err(|e| KeyError::Invalid {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if file.format != KEYSET_FORMAT {
            return Err(KeyError::Invalid {
                path,
                reason: format!("unsupported format '{}'", file.format),
            });
        }
        Ok(file.keys)
    }

    fn write_records(&self, keys: &[KeyRecord]) -> Result<(), KeyError> {
        let path = self.file();
        let body = serde_json::to_vec_pretty(&KeysetFile {
            format: KEYSET_FORMAT.into(),
            keys: keys.to_vec(),
        })
        .map_err(|e| KeyError::Invalid {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        // Write then rename so a crash never leaves a half-written key set.
        let tmp = self.dir.join(".keyset.json.tmp");
        std::fs::write(&tmp, body).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(io_err(&path))
    }

    fn new_key(&self, now: DateTime<Utc>) -> Result<KeyRecord, KeyError> {
        std::fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        let signing = SigningKey::generate(&mut OsRng);
        let pk = signing.verifying_key().to_bytes();
        let kid = kid_for(&pk);
        let path = self.pem_path(&kid);
        // PKCS#8 v1 (RFC 8410, no embedded public key): the form OpenSSL 3.0 and most
        // libraries read; ed25519-dalek's own encoder writes v2.
        let pem = ed25519_dalek::pkcs8::KeypairBytes {
            secret_key: signing.to_bytes(),
            public_key: None,
        }
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Refused(format!("cannot encode key: {e}")))?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
            .map_err(io_err(&path))?;
        f.write_all(pem.as_bytes()).map_err(io_err(&path))?;
        f.sync_all().map_err(io_err(&path))?;
        Ok(KeyRecord {
            kid,
            x: b64url(&pk),
            status: KeyStatus::Active,
            created_at: now,
            retired_at: None,
            revoked_at: None,
        })
    }

    /// Creates a new key set with one active key.
    pub fn init(&self, now: DateTime<Utc>) -> Result<KeyRecord, KeyError> {
        if self.exists() {
            return Err(KeyError::AlreadyExists(self.dir.clone()));
        }
        let rec = self.new_key(now)?;
        self.write_records(std::slice::from_ref(&rec))?;
        Ok(rec)
    }

    /// Adds a new active key; the previous active key becomes retired (it keeps verifying).
    pub fn rotate(&self, now: DateTime<Utc>) -> Result<KeyRecord, KeyError> {
        let mut keys = self.records()?;
        let rec = self.new_key(now)?;
        for k in keys.iter_mut().filter(|k| k.status == KeyStatus::Active) {
            k.status = KeyStatus::Retired;
            k.retired_at = Some(now);
        }
        keys.push(rec.clone());
        self.write_records(&keys)?;
        Ok(rec)
    }

    /// Retires a key: it stops signing and keeps verifying what it signed. Retiring the
    /// active key leaves no signer until `rotate` (issuance then answers `no_signing_key`).
    pub fn retire(&self, kid: &str, now: DateTime<Utc>) -> Result<KeyRecord, KeyError> {
        self.change(kid, |k| match k.status {
            KeyStatus::Revoked => Err(KeyError::Refused(format!("{kid} is revoked"))),
            KeyStatus::Retired => Ok(()),
            KeyStatus::Active => {
                k.status = KeyStatus::Retired;
                k.retired_at = Some(now);
                Ok(())
            }
        })
    }

    /// Revokes a key: every signature it made then fails with `key_revoked`.
    pub fn revoke(&self, kid: &str, now: DateTime<Utc>) -> Result<KeyRecord, KeyError> {
        self.change(kid, |k| {
            if k.status != KeyStatus::Revoked {
                k.status = KeyStatus::Revoked;
                k.revoked_at = Some(now);
            }
            Ok(())
        })
    }

    fn change(
        &self,
        kid: &str,
        f: impl FnOnce(&mut KeyRecord) -> Result<(), KeyError>,
    ) -> Result<KeyRecord, KeyError> {
        let mut keys = self.records()?;
        let k = keys
            .iter_mut()
            .find(|k| k.kid == kid)
            .ok_or_else(|| KeyError::UnknownKid(kid.to_owned()))?;
        f(k)?;
        let out = k.clone();
        self.write_records(&keys)?;
        Ok(out)
    }

    /// The key set directory.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The public keys as a verify-only ring (no private file is read).
    pub fn public_ring(&self) -> Result<KeyRing, KeyError> {
        let jwks = super::Jwks {
            keys: self
                .records()?
                .into_iter()
                .map(|rec| super::Jwk {
                    kty: "OKP".into(),
                    crv: "Ed25519".into(),
                    x: rec.x,
                    kid: rec.kid,
                    alg: None,
                    use_: Some("sig".into()),
                    status: Some(rec.status),
                    created_at: None,
                })
                .collect(),
        };
        KeyRing::from_jwks(&jwks).map_err(|reason| KeyError::Invalid {
            path: self.file(),
            reason,
        })
    }

    /// The files of the key set (`keyset.json` and each private key PEM present), by name.
    pub fn files(&self) -> Result<Vec<KeyFile>, KeyError> {
        let mut out = Vec::new();
        let file = self.file();
        out.push((
            KEYSET_FILE.to_owned(),
            zeroize::Zeroizing::new(std::fs::read(&file).map_err(io_err(&file))?),
        ));
        for rec in self.records()? {
            let path = self.pem_path(&rec.kid);
            match std::fs::read(&path) {
                Ok(b) => out.push((format!("{}.pem", rec.kid), zeroize::Zeroizing::new(b))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_err(&path)(e)),
            }
        }
        Ok(out)
    }

    /// Writes key set files (from a backup) into an empty or missing directory, private
    /// files with mode 0600. Names other than `keyset.json` and `{kid}.pem` are refused.
    pub fn write_files(&self, files: &[(String, Vec<u8>)]) -> Result<(), KeyError> {
        if self.exists() {
            return Err(KeyError::Refused(format!(
                "{} already holds a key set; restore keys into an empty directory",
                self.dir.display()
            )));
        }
        for (name, _) in files {
            let safe = name == KEYSET_FILE
                || (name.ends_with(".pem")
                    && name.len() > 4
                    && name[..name.len() - 4]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            if !safe {
                return Err(KeyError::Refused(format!(
                    "unexpected key file name '{name}'"
                )));
            }
        }
        std::fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        // keyset.json last: until it exists the directory is not a key set.
        let mut ordered: Vec<&(String, Vec<u8>)> = files.iter().collect();
        ordered.sort_by_key(|(n, _)| n == KEYSET_FILE);
        for (name, bytes) in ordered {
            let path = self.dir.join(name);
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .map_err(io_err(&path))?;
            f.write_all(bytes).map_err(io_err(&path))?;
            f.sync_all().map_err(io_err(&path))?;
        }
        Ok(())
    }

    /// Private key files whose permissions let group or others read them.
    pub fn insecure_files(&self) -> Result<Vec<(PathBuf, u32)>, KeyError> {
        let mut out = Vec::new();
        for rec in self.records()? {
            let path = self.pem_path(&rec.kid);
            if let Ok(meta) = std::fs::metadata(&path) {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    out.push((path, mode));
                }
            }
        }
        Ok(out)
    }

    /// Loads every key, with private halves, refusing private files readable by others.
    pub fn load(&self) -> Result<KeyRing, KeyError> {
        if self.dir.join("TEST-ONLY").exists() {
            return Err(KeyError::Refused(format!(
                "{} holds test-only keys (published on purpose); use another --keys-dir",
                self.dir.display()
            )));
        }
        let mut issuers = Vec::new();
        for rec in self.records()? {
            let invalid = |reason: String| KeyError::Invalid {
                path: self.file(),
                reason,
            };
            let pk = super::b64url_decode(&rec.x)
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| invalid(format!("key {} has an invalid x", rec.kid)))?;
            let verifying = VerifyingKey::from_bytes(&pk)
                .map_err(|_| invalid(format!("key {} is not an Ed25519 point", rec.kid)))?;
            if kid_for(&pk) != rec.kid {
                return Err(invalid(format!("kid {} does not match its key", rec.kid)));
            }
            let signing = self.load_private(&rec.kid, &verifying)?;
            issuers.push(Issuer {
                record: rec,
                verifying,
                signing,
            });
        }
        Ok(KeyRing::new(issuers))
    }

    fn load_private(
        &self,
        kid: &str,
        verifying: &VerifyingKey,
    ) -> Result<Option<SigningKey>, KeyError> {
        let path = self.pem_path(kid);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err(&path)(e)),
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyError::InsecurePermissions { path, mode });
        }
        let pem = zeroize::Zeroizing::new(std::fs::read_to_string(&path).map_err(io_err(&path))?);
        let key = SigningKey::from_pkcs8_pem(&pem).map_err(|e| KeyError::Invalid {
            path: path.clone(),
            reason: format!("not a PKCS#8 Ed25519 private key: {e}"),
        })?;
        if key.verifying_key() != *verifying {
            return Err(KeyError::Invalid {
                path,
                reason: "private key does not match the public key in keyset.json".into(),
            });
        }
        Ok(Some(key))
    }
}

#[cfg(test)]
mod status_tests {
    use super::KeyStatus;

    #[test]
    fn status_names_are_the_serde_names() {
        for s in [KeyStatus::Active, KeyStatus::Retired, KeyStatus::Revoked] {
            let v = serde_json::to_value(s).ok();
            assert_eq!(v.as_ref().and_then(|v| v.as_str()), Some(s.as_str()));
        }
    }
}
