//! Person accounts of the console: who signs in (a username or a phone number), with which
//! role, and the rules a password must meet. Hashing lives in [`crate::crypto::password`];
//! sessions and setup links are made by the service.

use super::{DomainError, Role, SubjectId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifier of an account in the store.
pub type AccountId = u64;

/// Fewest characters a password may have.
pub const PASSWORD_MIN: usize = 10;
/// Most characters a password may have (Argon2 takes any length; this bounds the work).
pub const PASSWORD_MAX: usize = 128;

/// Passwords people pick first, refused whatever their length (a short embedded list of the
/// most common ones, and their Vietnamese favourites).
const COMMON: &str = include_str!("common_passwords.txt");

/// A stored person account. The password is kept only as an Argon2id PHC string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    /// The sign-in name: a username (lowercase) or a phone number (`0` and 9–10 digits).
    pub login: String,
    /// The name the console greets the person with.
    pub display_name: String,
    pub role: Role,
    /// The subject a producer's person is confined to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<SubjectId>,
    /// Argon2id PHC string; `None` until the person sets a password through the setup link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    /// The one-time setup (or reset) link that is still open, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup: Option<SetupLink>,
    pub created_at: DateTime<Utc>,
    /// Credential id of whoever created it (`system` for the command line).
    pub created_by: String,
    /// Set when disabled; a disabled account signs in nowhere and its sessions end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<DateTime<Utc>>,
}

/// An open setup link: only the SHA-256 of its secret is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupLink {
    /// SHA-256 of the secret in the link, base64url.
    pub hash: String,
    pub expires_at: DateTime<Utc>,
}

/// A signed-in person's session. Stored under the SHA-256 of its id, so neither the store
/// nor a copy of it can be used to take over a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub account_id: AccountId,
    /// The token every state-changing form of this session carries.
    pub csrf: String,
    pub created_at: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
}

/// A sign-in between its password step and its code step, stored under the SHA-256 of the
/// code step's cookie secret so that any instance can finish it. `password_ok` is false
/// when the password was wrong: the code step then fails like a wrong code, so the
/// password step never tells whether the password was right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeStep {
    pub account_id: AccountId,
    pub password_ok: bool,
    pub expires_at: DateTime<Utc>,
    /// Wrong codes tried so far.
    pub tries: u8,
}

impl Account {
    /// The credential id used in log entries and print runs (`acct_17`).
    pub fn credential_id(&self) -> String {
        credential_id(self.id)
    }

    /// True when the account may sign in.
    pub fn enabled(&self) -> bool {
        self.disabled_at.is_none()
    }
}

/// The credential id of an account id.
pub fn credential_id(id: AccountId) -> String {
    format!("acct_{id}")
}

/// Normalises a sign-in name: a phone number (`+84…`, spaces and dots allowed) becomes its
/// national form `0…`; a username is 3–32 of `a-z 0-9 . _ -`, compared in lowercase.
pub fn parse_login(raw: &str) -> Result<String, DomainError> {
    let s = raw.trim();
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let national = compact
        .strip_prefix("+84")
        .map(|rest| format!("0{rest}"))
        .unwrap_or_else(|| compact.clone());
    if (10..=11).contains(&national.len())
        && national.starts_with('0')
        && national.bytes().all(|b| b.is_ascii_digit())
    {
        return Ok(national);
    }
    let lower = s.to_lowercase();
    let ok = (3..=32).contains(&lower.len())
        && lower
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && lower
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(lower)
    } else {
        Err(DomainError::InvalidLogin(
            "a username is 3–32 letters a–z, digits, '.', '_' or '-'; a phone number is 10 or 11 digits starting with 0 or +84".into(),
        ))
    }
}

/// Refuses a password that is too short, too long, one of the most common, or the login.
pub fn check_password(password: &str, login: &str) -> Result<(), DomainError> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(DomainError::WeakPassword(format!(
            "a password has at least {PASSWORD_MIN} characters"
        )));
    }
    if n > PASSWORD_MAX {
        return Err(DomainError::WeakPassword(format!(
            "a password has at most {PASSWORD_MAX} characters"
        )));
    }
    let lower = password.to_lowercase();
    if lower == login || COMMON.lines().any(|c| c.trim() == lower) {
        return Err(DomainError::WeakPassword(
            "this password is among the most commonly used; choose another".into(),
        ));
    }
    Ok(())
}

/// An account's authenticator secret (RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second steps).
/// Kept in its own relation, sealed in backups like the PIN secrets, and never shown on a page
/// once enrolment is confirmed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpRecord {
    /// The 20-byte secret, base64url.
    pub secret: String,
    /// When the person confirmed it with a code; `None` while enrolment is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolled_at: Option<DateTime<Utc>>,
    /// The last time step whose code was accepted: no code of that step or earlier works
    /// again (no replay within the window).
    #[serde(default)]
    pub last_step: u64,
}

impl std::fmt::Debug for TotpRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TotpRecord")
            .field("secret", &"<redacted>")
            .field("enrolled_at", &self.enrolled_at)
            .field("last_step", &self.last_step)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_usernames_or_phone_numbers() {
        assert_eq!(parse_login(" +84 912 345 678 "), Ok("0912345678".into()));
        assert_eq!(parse_login("0912.345.678"), Ok("0912345678".into()));
        assert_eq!(parse_login("Lan.Nguyen"), Ok("lan.nguyen".into()));
        assert!(parse_login("ab").is_err());
        assert!(parse_login("nguyễn").is_err());
        assert!(parse_login(".hidden").is_err());
    }

    #[test]
    fn passwords_must_be_long_and_uncommon() {
        assert!(check_password("short", "lan").is_err());
        assert!(check_password("1234567890", "lan").is_err());
        assert!(check_password("matkhau123", "lan").is_err());
        assert!(check_password("0912345678", "0912345678").is_err());
        assert!(check_password("dừa sáp Cầu Kè 2026", "lan").is_ok());
    }
}
