//! Two-step verification (RFC 6238 TOTP) for office and inspector accounts: enrolment with a
//! secret confirmed by a code, the code step of a sign-in, turning it off, and the rule that
//! `console_require_totp` makes those roles enrol before anything else. Codes are checked
//! with one step of clock skew either way, and a step once used never works again.

use super::accounts::SignedIn;
use super::throttle::{PER_ACCOUNT, source_key};
use super::{App, ServiceError};
use crate::crypto::b64url;
use crate::crypto::password::{random_secret, secret_hash};
use crate::domain::{Account, AccountId, CodeStep, LogEvent, Principal, Role, TotpRecord};
use crate::store::Conflict;
use chrono::{DateTime, TimeDelta, Utc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use rand_core::{OsRng, RngCore};
use std::net::IpAddr;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per code (the authenticator apps' default).
pub const TOTP_STEP: u64 = 30;
/// How long the code step of a sign-in waits after the password step.
pub const CODE_STEP_LIFE: TimeDelta = TimeDelta::minutes(5);
/// Wrong codes one code step takes before the password must be given again.
const CODE_TRIES: u8 = 3;
/// The issuer name authenticator apps show next to the code.
const ISSUER: &str = "OCOP trace";

/// True for the roles that may (and under `console_require_totp` must) use two-step
/// verification: the office and inspectors, whose accounts reach every subject.
pub fn totp_role(role: Role) -> bool {
    matches!(role, Role::Admin | Role::OfficeStaff | Role::Inspector)
}

/// What the password step of a sign-in led to.
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in (no two-step verification on this account).
    Done(Box<SignedIn>),
    /// The code is needed: this secret goes into the code step's cookie.
    Code(String),
}

/// The enrolment page's facts.
#[derive(Debug, Clone)]
pub enum TotpState {
    /// On since this moment; the secret is never shown again.
    On {
        since: DateTime<Utc>,
        required: bool,
    },
    /// Not on yet: the secret to add to the app (base32) and its `otpauth://` URI.
    Pending { key: String, uri: String },
}

fn totp(secret: Vec<u8>) -> TOTP {
    TOTP::new_unchecked(Algorithm::SHA1, 6, 1, TOTP_STEP, secret)
}

/// The time step in `now ± 1` whose code `code` is (six digits, spaces allowed).
pub fn matching_step(secret: &[u8], code: &str, now: u64) -> Option<u64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret.to_vec());
    let step = now / TOTP_STEP;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| bool::from(t.generate(s * TOTP_STEP).as_bytes().ct_eq(code.as_bytes())))
}

fn secret_bytes(rec: &TotpRecord) -> Vec<u8> {
    crate::crypto::b64url_decode(&rec.secret).unwrap_or_default()
}

fn wrong_code() -> ServiceError {
    Conflict::new(
        "totp_code_wrong",
        "the code is not right or was already used",
    )
    .into()
}

impl App {
    /// The enrolled two-step record of an account that may have one.
    pub(super) fn enrolled_totp(&self, a: &Account) -> Result<Option<TotpRecord>, ServiceError> {
        if !totp_role(a.role) {
            return Ok(None);
        }
        Ok(self.store.totp(a.id)?.filter(|r| r.enrolled_at.is_some()))
    }

    /// After a password check: the code step if the account uses two-step verification
    /// (whether or not the password was right), else `None`.
    pub(super) fn code_step(
        &self,
        account: Option<&Account>,
        password_ok: bool,
    ) -> Result<Option<String>, ServiceError> {
        let Some(a) = account.filter(|a| a.enabled()) else {
            return Ok(None);
        };
        if self.enrolled_totp(a)?.is_none() {
            return Ok(None);
        }
        let now = self.clock.now();
        let step = CodeStep {
            account_id: a.id,
            password_ok,
            expires_at: now + CODE_STEP_LIFE,
            tries: 0,
        };
        let secret = random_secret();
        self.store
            .put_code_step(&secret_hash(&secret), &step, now)?;
        Ok(Some(secret))
    }

    /// The code step of a sign-in. A wrong code, a wrong password before it, or a code
    /// already used all fail alike and count against the same throttle as passwords; an
    /// expired or spent step is `NotFound` (the person starts again).
    pub fn sign_in_code(
        &self,
        step_secret: &str,
        code: &str,
        ip: Option<IpAddr>,
    ) -> Result<SignedIn, ServiceError> {
        let now = self.clock.now();
        let hash = secret_hash(step_secret);
        let expired = || ServiceError::NotFound("this sign-in has expired".into());
        let step = self
            .store
            .code_step(&hash)?
            .filter(|s| s.expires_at > now)
            .ok_or_else(expired)?;
        let account = self.store.account(step.account_id)?.ok_or_else(expired)?;
        let (by_name, by_net) = (format!("login:{}", account.login), source_key(ip));
        let throttle = &self.sign_in_throttle;
        if let Some(wait) = super::throttle::throttled(throttle, &by_name, &by_net, now)? {
            return Err(ServiceError::Throttled(wait));
        }
        let rec = self.enrolled_totp(&account)?;
        let unix = u64::try_from(now.timestamp()).unwrap_or(0);
        let matched = rec
            .as_ref()
            .and_then(|r| matching_step(&secret_bytes(r), code, unix).filter(|s| *s > r.last_step));
        // The step is marked used atomically: the same code sent to two instances at once
        // signs in once.
        let fresh = match (matched, step.password_ok, account.enabled()) {
            (Some(s), true, true) => self.store.use_totp_step(account.id, s)?,
            _ => false,
        };
        if !fresh {
            throttle.fail(&by_name, now)?;
            throttle.fail(&by_net, now)?;
            // The step closes after its tries; another instance may count one concurrently,
            // which gives one extra try at most (the name's throttle still counts each).
            let tries = step.tries.saturating_add(1);
            if tries >= CODE_TRIES {
                self.store.delete_code_step(&hash)?;
            } else {
                let counted = CodeStep { tries, ..step };
                self.store.put_code_step(&hash, &counted, now)?;
            }
            return Err(ServiceError::Unauthenticated(
                super::accounts::SIGN_IN_FAILED.into(),
            ));
        }
        self.store.delete_code_step(&hash)?;
        throttle.clear(&by_name)?;
        self.open_session(account)
    }

    /// The enrolment page: on (since when), or the pending secret to add to the app (made
    /// on first visit, the same on a reload until confirmed).
    pub fn totp_state(&self, who: &Principal, a: &Account) -> Result<TotpState, ServiceError> {
        self.own_totp_account(who, a)?;
        if let Some(rec) = self.store.totp(a.id)? {
            if let Some(since) = rec.enrolled_at {
                return Ok(TotpState::On {
                    since,
                    required: self.require_totp,
                });
            }
            return Ok(self.pending_state(a, &rec));
        }
        let mut raw = [0u8; 20];
        OsRng.fill_bytes(&mut raw);
        let rec = TotpRecord {
            secret: b64url(&raw),
            enrolled_at: None,
            last_step: 0,
        };
        self.store.set_totp(a.id, Some(&rec), &[])?;
        Ok(self.pending_state(a, &rec))
    }

    fn pending_state(&self, a: &Account, rec: &TotpRecord) -> TotpState {
        let key = match Secret::Raw(secret_bytes(rec)).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => String::new(),
        };
        let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
        let uri = format!(
            "otpauth://totp/{}:{}?secret={key}&issuer={}&algorithm=SHA1&digits=6&period={TOTP_STEP}",
            enc(ISSUER),
            enc(&a.login),
            enc(ISSUER)
        );
        TotpState::Pending { key, uri }
    }

    /// Only the person themselves, and only in a role that uses two-step verification.
    fn own_totp_account(&self, who: &Principal, a: &Account) -> Result<(), ServiceError> {
        if who.token_id != a.credential_id() || !totp_role(a.role) {
            return Err(ServiceError::Forbidden(
                "two-step verification is for office and inspector accounts".into(),
            ));
        }
        Ok(())
    }

    /// A code from the app, checked against the throttle of the person's name.
    fn check_own_code(
        &self,
        a: &Account,
        rec: &TotpRecord,
        code: &str,
    ) -> Result<u64, ServiceError> {
        let now = self.clock.now();
        let by_name = format!("login:{}", a.login);
        if let Some(wait) = self.sign_in_throttle.wait(&by_name, PER_ACCOUNT, now)? {
            return Err(ServiceError::Throttled(wait));
        }
        let unix = u64::try_from(now.timestamp()).unwrap_or(0);
        match matching_step(&secret_bytes(rec), code, unix).filter(|s| *s > rec.last_step) {
            Some(s) => Ok(s),
            None => {
                self.sign_in_throttle.fail(&by_name, now)?;
                Err(wrong_code())
            }
        }
    }

    /// Turns two-step verification on once the person types a code of the pending secret.
    pub fn confirm_totp(
        &self,
        who: &Principal,
        a: &Account,
        code: &str,
    ) -> Result<DateTime<Utc>, ServiceError> {
        self.own_totp_account(who, a)?;
        let mut rec = self
            .store
            .totp(a.id)?
            .filter(|r| r.enrolled_at.is_none())
            .ok_or_else(|| Conflict::new("totp_not_pending", "nothing to confirm"))?;
        let step = self.check_own_code(a, &rec, code)?;
        let now = self.clock.now();
        rec.enrolled_at = Some(now);
        rec.last_step = step;
        let ev = LogEvent::account_totp_enabled(now, who, a.id);
        self.store.set_totp(a.id, Some(&rec), &[ev])?;
        Ok(now)
    }

    /// Turns it off with a current code; refused while the configuration requires it (an
    /// admin's reset still clears it).
    pub fn remove_totp(
        &self,
        who: &Principal,
        a: &Account,
        code: &str,
    ) -> Result<(), ServiceError> {
        self.own_totp_account(who, a)?;
        if self.require_totp {
            return Err(Conflict::new("totp_required", "two-step verification is required").into());
        }
        let rec = self
            .enrolled_totp(a)?
            .ok_or_else(|| Conflict::new("totp_not_on", "two-step verification is off"))?;
        self.check_own_code(a, &rec, code)?;
        let ev = LogEvent::account_totp_removed(self.clock.now(), who, a.id);
        Ok(self.store.set_totp(a.id, None, &[ev])?)
    }

    /// Clears an account's two-step record (an admin's reset), logging it if it was on.
    pub(super) fn clear_totp(&self, who: &Principal, id: AccountId) -> Result<(), ServiceError> {
        let Some(rec) = self.store.totp(id)? else {
            return Ok(());
        };
        let events: Vec<LogEvent> = rec
            .enrolled_at
            .map(|_| LogEvent::account_totp_removed(self.clock.now(), who, id))
            .into_iter()
            .collect();
        Ok(self.store.set_totp(id, None, &events)?)
    }

    /// True if the configuration makes this account enrol before using the console.
    pub(super) fn must_enrol(&self, a: &Account) -> Result<bool, ServiceError> {
        Ok(self.require_totp && totp_role(a.role) && self.enrolled_totp(a)?.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_6238_sha1_vectors_hold() {
        // RFC 6238 appendix B, SHA-1 seed, the last six of the eight digits.
        let seed = b"12345678901234567890".to_vec();
        let t = totp(seed.clone());
        for (time, code) in [
            (59u64, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ] {
            assert_eq!(t.generate(time), code, "{time}");
            assert_eq!(matching_step(&seed, code, time), Some(time / TOTP_STEP));
        }
        assert_eq!(matching_step(&seed, "287 082", 59 + 30), Some(1));
        assert_eq!(matching_step(&seed, "287082", 59 + 90), None);
        assert_eq!(matching_step(&seed, "28708", 59), None);
    }
}
