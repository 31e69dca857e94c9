//! JWS compact serialization with `alg: EdDSA` (RFC 7515, RFC 8037) for batch records.

use super::{KeyRing, KeyStatus, b64url, b64url_decode};
use serde::{Deserialize, Serialize};

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
        alg: "EdDSA".into(),
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
    if header.alg != "EdDSA" {
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
