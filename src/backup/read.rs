//! Reading a backup file of either format: frames, body SHA-256 and length, relation record
//! counts, relation names the format knows, and the manifest signature.

use super::{BackupError, FORMAT, FORMAT_V1, Frame, MANIFEST_TYP, Manifest, TreeCount, hex, v1};
use crate::crypto::{KeyRing, verify_jws_typ};
use std::io::{BufReader, Read};
use std::path::Path;

/// A backup whose checksum and manifest signature verified.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: Manifest,
    /// The key that signed the manifest.
    pub kid: String,
    /// True when the signing key was in a key set the caller trusts (not only the backup's).
    pub pinned: bool,
}

/// Reads a whole backup, calling `visit` for each frame, then checks the checksum, the
/// counts and the manifest signature (against `trusted` when given, else the backup's JWKS).
pub fn read(
    input: impl Read,
    trusted: Option<&KeyRing>,
    mut visit: impl FnMut(&Frame) -> Result<(), BackupError>,
) -> Result<Verified, BackupError> {
    let mut body = super::BodyReader::open(BufReader::with_capacity(1 << 20, input))?;
    let version = body.version();
    let mut counts: Vec<TreeCount> = Vec::new();
    let mut saw_keys = false;
    loop {
        let f = body.next_frame()?;
        match &f {
            Frame::Tree(name) => {
                if counts.iter().any(|t| &t.name == name) {
                    return Err(BackupError::Format(format!(
                        "relation {name} appears twice"
                    )));
                }
                known_name(version, name)?;
                counts.push(TreeCount {
                    name: name.clone(),
                    records: 0,
                });
            }
            Frame::Record(..) => match counts.last_mut() {
                Some(t) => t.records += 1,
                None => return Err(BackupError::Format("a record before any relation".into())),
            },
            Frame::Keys(_) => saw_keys = true,
            Frame::End => {}
        }
        visit(&f)?;
        if matches!(f, Frame::End) {
            break;
        }
    }
    let (digest, bytes, jws) = body.finish()?;
    let jws = String::from_utf8(jws)
        .map_err(|_| BackupError::Signature("the manifest is not ASCII".into()))?;
    let (manifest, kid, pinned) = check_manifest(&jws, trusted)?;
    if manifest.version() != version {
        return Err(BackupError::Altered(format!(
            "the body is format v{version} but the signed manifest says {}",
            manifest.format
        )));
    }
    if manifest.body_sha256 != hex(&digest) || manifest.body_bytes != bytes {
        return Err(BackupError::Altered(format!(
            "body SHA-256 is {} over {bytes} bytes; the signed manifest says {} over {} bytes",
            hex(&digest),
            manifest.body_sha256,
            manifest.body_bytes
        )));
    }
    if manifest.trees != counts {
        return Err(BackupError::Altered(
            "the relations and record counts differ from the manifest".into(),
        ));
    }
    if saw_keys != manifest.private_keys.is_some() {
        return Err(BackupError::Altered(
            "the private key bundle does not match the manifest".into(),
        ));
    }
    Ok(Verified {
        manifest,
        kid,
        pinned,
    })
}

/// Refuses a relation (v2) or tree (v1) name the format does not have: a v2 body never
/// holds a derived relation, and an unknown name must fail before anything is restored.
fn known_name(version: u8, name: &str) -> Result<(), BackupError> {
    let known = if version == 1 {
        v1::relation_of(name).map(|_| ())
    } else if crate::store::relations::is_known(name) {
        Ok(())
    } else {
        Err(format!("'{name}' is not a relation of format v2"))
    };
    known.map_err(BackupError::Format)
}

fn check_manifest(
    jws: &str,
    trusted: Option<&KeyRing>,
) -> Result<(Manifest, String, bool), BackupError> {
    // The payload is read unverified only to find the backup's own key set; it is trusted
    // after the signature checks against that (or the caller's) key set.
    let payload = jws
        .split('.')
        .nth(1)
        .and_then(crate::crypto::b64url_decode)
        .ok_or_else(|| BackupError::Signature("the manifest is not a JWS".into()))?;
    let claimed: Manifest = serde_json::from_slice(&payload)
        .map_err(|e| BackupError::Signature(format!("the manifest cannot be read: {e}")))?;
    if claimed.format != FORMAT && claimed.format != FORMAT_V1 {
        return Err(BackupError::Format(format!(
            "unsupported backup format '{}'",
            claimed.format
        )));
    }
    let own = KeyRing::from_jwks(&claimed.jwks).map_err(BackupError::Signature)?;
    let (header, verified) = verify_jws_typ(trusted.unwrap_or(&own), jws, MANIFEST_TYP)
        .map_err(|e| BackupError::Signature(e.to_string()))?;
    if verified != payload {
        return Err(BackupError::Signature("payload mismatch".into()));
    }
    Ok((claimed, header.kid, trusted.is_some()))
}

/// Verifies a backup file without restoring it.
pub fn verify_file(path: &Path, trusted: Option<&KeyRing>) -> Result<Verified, BackupError> {
    let f = std::fs::File::open(path).map_err(|source| BackupError::File {
        path: path.to_owned(),
        source,
    })?;
    read(f, trusted, |_| Ok(()))
}
