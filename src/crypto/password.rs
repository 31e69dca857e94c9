//! Argon2id password hashes (PHC strings) and random secrets for sessions and setup links.
//! The parameters are argon2's defaults (m = 19 MiB, t = 2, p = 1), OWASP's minimum for
//! Argon2id; they are inside each PHC string, so raising them later keeps old hashes valid.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Hashes a password with a fresh random salt; `None` only if Argon2 refuses its input.
pub fn hash_password(password: &str) -> Option<String> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).ok()?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// True if `password` matches the PHC string `hash`.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Spends the time of one verification against a fixed hash, so that a sign-in with an
/// unknown name takes as long as one with a wrong password.
pub fn waste_verification(password: &str) {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    if let Some(h) = DUMMY.get_or_init(|| hash_password("ocop-trace dummy password")) {
        let _ = verify_password(password, h);
    }
}

/// 32 random bytes, base64url: a session id, a CSRF token or a setup link secret.
pub fn random_secret() -> String {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    super::b64url(&raw)
}

/// SHA-256 of a secret: what the store keeps instead of the secret.
pub fn secret_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_password("dừa sáp Cầu Kè").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("dừa sáp Cầu Kè", &h));
        assert!(!verify_password("dua sap Cau Ke", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(random_secret(), random_secret());
    }
}
