//! API tokens (the roles and access rules are in [`crate::domain::access`]). Tokens are random, shown once, and stored only as SHA-256 hashes.

use crate::crypto::b64url;
use crate::domain::SubjectId;
pub use crate::domain::access::{Action, Denied, Principal, Role};
use chrono::{DateTime, Utc};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A stored token: its hash, never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenRecord {
    /// Public token id, safe to log and to show.
    pub id: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<SubjectId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// SHA-256 of the secret, base64url.
    pub hash: String,
    /// When a request last authenticated with it (to the minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// Set when revoked; a revoked token authenticates nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Token id of whoever revoked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_by: Option<String>,
}

/// SHA-256 of a token secret.
pub fn token_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Makes a new token: `(secret, record)`. The secret is `ocop_` + 32 random bytes.
pub fn new_token(
    role: Role,
    subject_id: Option<SubjectId>,
    label: Option<String>,
    created_by: Option<String>,
    now: DateTime<Utc>,
) -> (String, TokenRecord) {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    let secret = format!("ocop_{}", b64url(&raw));
    let record = record_for_secret(&secret, role, subject_id, label, created_by, now);
    (secret, record)
}

/// The stored record of a given secret (used for an operator-chosen bootstrap token).
pub fn record_for_secret(
    secret: &str,
    role: Role,
    subject_id: Option<SubjectId>,
    label: Option<String>,
    created_by: Option<String>,
    now: DateTime<Utc>,
) -> TokenRecord {
    let hash = token_hash(secret);
    let id = format!("tok_{}", &b64url(&Sha256::digest(hash))[..10]);
    TokenRecord {
        id,
        role,
        subject_id,
        label,
        created_at: now,
        created_by,
        hash: b64url(&hash),
        last_used_at: None,
        revoked_at: None,
        revoked_by: None,
    }
}
