//! Key material and signatures. Only this module touches private keys.

mod jws;
mod keyset;
mod kid;
pub mod password;

pub use jws::{ACCEPTED_ALGS, JWS_ALG, JwsError, sign_jws, verify_jws, verify_jws_typ};
pub use keyset::{Issuer, KeyError, KeyRecord, KeyRing, KeyStatus, KeyStore};
pub use kid::{b64url, b64url_decode, kid_for};

use serde::{Deserialize, Serialize};

/// One public key in a JWKS (RFC 7517), OKP/Ed25519 as RFC 8037 defines it, plus our
/// `status` member (active / retired / revoked) so offline verifiers can honour revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub kid: String,
    /// Not emitted (docs/keys.md): a JWK names one algorithm, and these keys sign both
    /// `EdDSA` and `Ed25519` JWSs. Read, and ignored, in pinned copies that carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    #[serde(default, rename = "use", skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<KeyStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// A JWK Set.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}
