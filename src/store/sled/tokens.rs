//! The access relations: API tokens (by hash) and the issuer key statuses already logged.
//! Each method is the [`Store`](crate::store::Store) verb of the same name.

use super::codec::{backend, decode, encode, refuse, tx_decode, tx_encode};
use super::db::Core;
use super::trees::{T_LOGGED_KEYS, T_TOKENS};
use crate::access::TokenRecord;
use crate::domain::LogEvent;
use crate::store::{Outcome, StoreError};

/// The access trees.
pub(super) struct Tokens {
    pub(super) tokens: sled::Tree,
    pub(super) logged_keys: sled::Tree,
}

impl Tokens {
    /// Opens the trees.
    pub(super) fn open(core: &Core) -> Result<Self, StoreError> {
        Ok(Self {
            tokens: core.tree(T_TOKENS)?,
            logged_keys: core.tree(T_LOGGED_KEYS)?,
        })
    }

    pub(super) fn insert_token(
        &self,
        core: &Core,
        t: &TokenRecord,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        let hash = crate::crypto::b64url_decode(&t.hash)
            .ok_or_else(|| StoreError::Backend("token hash is not base64url".into()))?;
        core.insert_logged(&self.tokens, &hash, &encode(t)?, ev)
    }

    pub(super) fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        Core::get(&self.tokens, T_TOKENS, hash)
    }

    pub(super) fn token_count(&self) -> usize {
        self.tokens.len()
    }

    pub(super) fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        self.tokens
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                decode(T_TOKENS, &k, &v)
            })
            .collect()
    }

    pub(super) fn revoke_token(
        &self,
        core: &Core,
        id: &str,
        at: chrono::DateTime<chrono::Utc>,
        by: &str,
        ev: &LogEvent,
    ) -> Outcome<TokenRecord> {
        // Tokens are few; finding one by id is a scan outside the transaction, and the
        // transaction re-reads it so a concurrent revocation is seen.
        let mut found = None;
        for kv in self.tokens.iter() {
            let (k, v) = kv.map_err(backend)?;
            let t: TokenRecord = decode(T_TOKENS, &k, &v)?;
            if t.id == id {
                found = Some(k);
                break;
            }
        }
        let Some(key) = found else {
            return Ok(Err(crate::store::Conflict::new(
                "not_found",
                format!("no token {id}"),
            )));
        };
        core.logged(&[&self.tokens], std::slice::from_ref(ev), |t, _| {
            let raw = t[0]
                .get(&key)?
                .ok_or_else(|| refuse("not_found", format!("no token {id}")))?;
            let mut token: TokenRecord = tx_decode(T_TOKENS, &key, &raw)?;
            if token.revoked_at.is_some() {
                return Err(refuse(
                    "already_revoked",
                    format!("token {id} is already revoked"),
                ));
            }
            token.revoked_at = Some(at);
            token.revoked_by = Some(by.to_owned());
            t[0].insert(&key, tx_encode(&token)?)?;
            Ok(token)
        })
    }

    pub(super) fn touch_token(
        &self,
        core: &Core,
        hash: &[u8; 32],
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        core.unlogged(|| {
            self.tokens
                .update_and_fetch(hash, |old| {
                    // Returning None would delete: an undecodable record is left as it is.
                    let old = old?;
                    let touched =
                        serde_json::from_slice::<TokenRecord>(old)
                            .ok()
                            .and_then(|mut t| {
                                t.last_used_at = Some(at);
                                serde_json::to_vec(&t).ok()
                            });
                    Some(touched.unwrap_or_else(|| old.to_vec()))
                })
                .map_err(backend)
        })?;
        Ok(())
    }

    pub(super) fn logged_key_statuses(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.logged_keys
            .iter()
            .map(|kv| {
                let (k, v) = kv.map_err(backend)?;
                Ok((
                    String::from_utf8_lossy(&k).into_owned(),
                    String::from_utf8_lossy(&v).into_owned(),
                ))
            })
            .collect()
    }

    pub(super) fn log_key_status(
        &self,
        core: &Core,
        kid: &str,
        status: &str,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        core.insert_logged(&self.logged_keys, kid.as_bytes(), status.as_bytes(), ev)
    }
}
