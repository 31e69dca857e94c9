//! Key ids and base64url helpers.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// base64url without padding (RFC 4648 §5), as JOSE uses.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding; `None` on any invalid input.
pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(s).ok()
}

/// The key id: the first 8 characters of the RFC 7638 JWK thumbprint (SHA-256 over
/// `{"crv":"Ed25519","kty":"OKP","x":"…"}`, base64url). Eight characters (48 bits) keep
/// the label URL short; the kid only selects a key, it is never trusted on its own.
pub fn kid_for(public_key: &[u8; 32]) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        b64url(public_key)
    );
    let digest = Sha256::digest(canonical.as_bytes());
    let mut thumb = b64url(&digest);
    thumb.truncate(8);
    thumb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kid_matches_rfc8037_thumbprint_prefix() {
        // RFC 8037 appendix A.3: the thumbprint of the example key is
        // kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k
        let x = b64url_decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap_or_default();
        let mut pk = [0u8; 32];
        pk.copy_from_slice(&x);
        assert_eq!(kid_for(&pk), "kPrK_qmx");
    }
}
