//! JWS compact serialization (RFC 7515) over Ed25519 for batch records, backup manifests and
//! anything else signed with the issuer key. New signatures say `alg: Ed25519`, the
//! fully-specified name RFC 9864 registers; `EdDSA` (RFC 8037), which RFC 9864 deprecates, is
//! still accepted because records signed with it are printed on products for years.

use super::{KeyRing, KeyStatus, b64url, b64url_decode};
use serde::{Deserialize, Serialize};

/// `alg` of every JWS signed from now on (RFC 9864).
pub const JWS_ALG: &str = "Ed25519";

/// The `alg` values a JWS may carry: the current one and the polymorphic `EdDSA` of documents
/// signed before RFC 9864. With an OKP/Ed25519 key both mean the same pure Ed25519 signature,
/// so accepting both adds no algorithm; anything else (`none`, HMAC, other curves) is refused
/// before any key is looked at.
pub const ACCEPTED_ALGS: [&str; 2] = [JWS_ALG, "EdDSA"];

/// The protected header of a batch record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct JwsHeader {
    pub alg: String,
    pub kid: String,
    pub typ: String,
}

/// Why a JWS did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    #[error("not a JWS compact serialization")]
    Malformed,
    #[error("unsupported algorithm {0}")]
    Algorithm(String),
    #[error("unknown key {0}")]
    UnknownKey(String),
    #[error("key {0} is revoked")]
    KeyRevoked(String),
    #[error("signature does not verify")]
    BadSignature,
}

/// Signs `payload` (JSON bytes) with `issuer`, returning `header.payload.signature`.
pub fn sign_jws(issuer: &super::Issuer, typ: &str, payload: &[u8]) -> Option<String> {
    let header = JwsHeader {
        alg: JWS_ALG.into(),
        kid: issuer.record.kid.clone(),
        typ: typ.into(),
    };
    let header = serde_json::to_vec(&header).ok()?;
    let signing_input = format!("{}.{}", b64url(&header), b64url(payload));
    let sig = issuer.sign(signing_input.as_bytes())?;
    Some(format!("{signing_input}.{}", b64url(&sig)))
}

/// Verifies a batch record JWS against the ring and returns its header and payload bytes.
pub fn verify_jws(ring: &KeyRing, jws: &str) -> Result<(JwsHeader, Vec<u8>), JwsError> {
    verify_jws_typ(ring, jws, super::super::service::RECORD_TYP)
}

/// Verifies a compact JWS whose header `typ` must be `typ`.
pub fn verify_jws_typ(
    ring: &KeyRing,
    jws: &str,
    typ: &str,
) -> Result<(JwsHeader, Vec<u8>), JwsError> {
    let mut parts = jws.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed);
    };
    let header: JwsHeader = b64url_decode(h)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or(JwsError::Malformed)?;
    if !ACCEPTED_ALGS.contains(&header.alg.as_str()) {
        return Err(JwsError::Algorithm(header.alg));
    }
    if header.typ != typ {
        return Err(JwsError::Malformed);
    }
    let payload = b64url_decode(p).ok_or(JwsError::Malformed)?;
    let sig: [u8; 64] = b64url_decode(s)
        .and_then(|b| b.try_into().ok())
        .ok_or(JwsError::Malformed)?;
    let key = ring
        .get(&header.kid)
        .ok_or_else(|| JwsError::UnknownKey(header.kid.clone()))?;
    if key.record.status == KeyStatus::Revoked {
        return Err(JwsError::KeyRevoked(header.kid));
    }
    let signing_input = &jws[..h.len() + 1 + p.len()];
    if !key.check(signing_input.as_bytes(), &sig) {
        return Err(JwsError::BadSignature);
    }
    Ok((header, payload))
}

#[cfg(test)]
mod tests;
