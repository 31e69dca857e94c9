//! API tokens and the issuer key set's history in the log: creating, listing and revoking
//! tokens, the bootstrap admin token, and key changes made with the `keys` CLI.

use super::{App, ServiceError};
use crate::access::{
    Action, Principal, Role, TokenRecord, new_token, record_for_secret, token_hash,
};
use crate::crypto::b64url_decode;
use crate::domain::{DomainError, LogEvent, SubjectId, text::nfc_opt};
use crate::store::StoreError;
use subtle::ConstantTimeEq;

/// The principal of events the service records on its own (start-up, key changes).
pub fn system() -> Principal {
    Principal {
        token_id: "system".into(),
        role: Role::Admin,
        subject_id: None,
    }
}

/// What a new token is for.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub role: Role,
    /// Required for producer tokens: the subject the token is confined to.
    pub subject_id: Option<SubjectId>,
    pub label: Option<String>,
}

/// A caller who presented a valid token.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub principal: Principal,
    /// The token's last recorded use is a minute old or more: record this one with
    /// [`App::touch_token`] (off the request path; it is a write).
    pub touch: Option<[u8; 32]>,
}

impl App {
    /// Who a bearer token secret belongs to. Unknown and revoked tokens authenticate
    /// nobody.
    pub fn authenticate(&self, secret: &str) -> Result<Authenticated, ServiceError> {
        let unknown = || ServiceError::Unauthenticated("unknown or revoked token".into());
        let hash = token_hash(secret);
        let record = self
            .token_cache
            .get_or_read(&hash, || self.store.token_by_hash(&hash))?
            .ok_or_else(unknown)?;
        // Defence in depth: the lookup was by hash; compare the stored hash in constant time.
        let stored = b64url_decode(&record.hash).unwrap_or_default();
        if !bool::from(stored.as_slice().ct_eq(&hash)) {
            return Err(unknown());
        }
        if record.revoked_at.is_some() {
            return Err(ServiceError::Unauthenticated(
                "this token was revoked".into(),
            ));
        }
        let now = self.clock.now();
        // Last use is kept to the minute so authentication stays a read on most requests.
        let due = record
            .last_used_at
            .is_none_or(|t| now - t >= chrono::TimeDelta::minutes(1));
        if due {
            self.token_cache.used(&hash, now);
        }
        Ok(Authenticated {
            principal: Principal {
                token_id: record.id,
                role: record.role,
                subject_id: record.subject_id,
            },
            touch: due.then_some(hash),
        })
    }

    /// Records that the token with this hash was used now.
    pub fn touch_token(&self, hash: &[u8; 32]) -> Result<(), ServiceError> {
        Ok(self.store.touch_token(hash, self.clock.now())?)
    }

    /// Makes a token; returns its secret (shown once) and its stored record.
    pub fn create_token(
        &self,
        who: &Principal,
        req: TokenRequest,
    ) -> Result<(String, TokenRecord), ServiceError> {
        who.check(Action::Operate)?;
        let invalid = |m: &str| DomainError::InvalidTokenRequest(m.into());
        if !matches!(req.role, Role::Admin | Role::Producer | Role::Inspector) {
            return Err(invalid(
                "tokens are admin, producer or inspector; other roles are for person accounts",
            )
            .into());
        }
        match (req.role, req.subject_id) {
            (Role::Producer, None) => {
                return Err(invalid("a producer token needs subject_id").into());
            }
            (Role::Producer, Some(id)) => {
                if self.store.subject(id)?.is_none() {
                    return Err(ServiceError::NotFound(format!(
                        "subject {id} does not exist"
                    )));
                }
            }
            (_, Some(_)) => return Err(invalid("only producer tokens have a subject_id").into()),
            (_, None) => {}
        }
        let label = nfc_opt("label", req.label.as_deref(), 100)?;
        let now = self.clock.now();
        let (secret, record) = new_token(
            req.role,
            req.subject_id,
            label,
            Some(who.token_id.clone()),
            now,
        );
        let ev = LogEvent::token_created(now, who, &record.id, record.role, record.subject_id);
        self.store.insert_token(&record, &ev)?;
        Ok((secret, record))
    }

    /// Every token, oldest first.
    pub fn tokens(&self, who: &Principal) -> Result<Vec<TokenRecord>, ServiceError> {
        who.check(Action::Operate)?;
        let mut tokens = self.store.tokens()?;
        tokens.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        Ok(tokens)
    }

    /// Revokes a token (never the caller's own).
    pub fn revoke_token(&self, who: &Principal, id: &str) -> Result<TokenRecord, ServiceError> {
        who.check(Action::Operate)?;
        if id == who.token_id {
            return Err(ServiceError::Conflict(crate::store::Conflict::new(
                "revoke_own_token",
                "a token cannot revoke itself; use another admin token",
            )));
        }
        let now = self.clock.now();
        let ev = LogEvent::token_revoked(now, who, id);
        let revoked = self.store.revoke_token(id, now, &who.token_id, &ev);
        // Refused or not, nothing read before this may answer for a token any more.
        self.token_cache.forget_all();
        match revoked? {
            Ok(t) => Ok(t),
            Err(c) if c.code == "not_found" => Err(ServiceError::NotFound(c.message)),
            Err(c) => Err(ServiceError::Conflict(c)),
        }
    }

    /// On a store without tokens, installs the bootstrap admin token: `chosen` if given
    /// (returns `None`), else a random one (returns its secret, to be shown once).
    pub fn bootstrap_admin(&self, chosen: Option<&str>) -> Result<Option<String>, ServiceError> {
        if self.store.token_count()? > 0 {
            return Ok(None);
        }
        let now = self.clock.now();
        let label = Some("bootstrap admin".to_owned());
        let (secret, rec) = match chosen {
            Some(secret) if secret.len() < 16 => {
                return Err(DomainError::InvalidTokenRequest(
                    "OCOP_TRACE_ADMIN_TOKEN must be at least 16 characters".into(),
                )
                .into());
            }
            Some(secret) => (
                None,
                record_for_secret(secret, Role::Admin, None, label, None, now),
            ),
            None => {
                let (secret, rec) = new_token(Role::Admin, None, label, None, now);
                (Some(secret), rec)
            }
        };
        let ev = LogEvent::bootstrap_token_created(now, &system(), &rec.id, rec.role);
        self.store.insert_token(&rec, &ev)?;
        Ok(secret)
    }

    /// Appends `key_added` / `key_status_changed` entries for key set changes made with the
    /// `keys` CLI since the last start (the CLI works on files while the server is stopped).
    pub fn log_key_changes(&self) -> Result<(), StoreError> {
        let known: std::collections::HashMap<String, String> =
            self.store.logged_key_statuses()?.into_iter().collect();
        for key in self.keys.iter() {
            let status = key.record.status.as_str();
            let changed = match known.get(&key.record.kid) {
                None => false,
                Some(s) if s != status => true,
                Some(_) => continue,
            };
            let ev = LogEvent::key(
                self.clock.now(),
                &system(),
                changed,
                &key.record.kid,
                &key.record.x,
                status,
            );
            self.store.log_key_status(&key.record.kid, status, &ev)?;
        }
        Ok(())
    }
}
