//! The people relations: person accounts (with the login and open-setup-link indexes) and
//! console sessions. Account changes are logged writes; sessions are not (signing in is not
//! a trust-relevant change, and a session is worthless after a restore). Each method is the
//! [`Store`](crate::store::Store) verb of the same name.

use super::codec::{backend, decode, encode, refuse, tx_decode};
use super::db::Core;
use super::trees::{self as keys, T_ACCOUNTS, T_LOGINS, T_SESSIONS, T_SETUP_LINKS};
use crate::crypto::b64url_decode;
use crate::domain::{Account, AccountId, LogEvent, Session};
use crate::store::{Outcome, StoreError};
use chrono::{DateTime, Utc};

/// The people trees.
pub(super) struct Accounts {
    pub(super) accounts: sled::Tree,
    pub(super) logins: sled::Tree,
    pub(super) setup_links: sled::Tree,
    pub(super) sessions: sled::Tree,
    /// Two-step verification secrets, opened on first use (see `totp.rs`).
    pub(super) totp: std::sync::OnceLock<sled::Tree>,
}

/// The index key of an account's open setup link.
pub(super) fn setup_key(a: &Account) -> Option<Vec<u8>> {
    a.setup.as_ref().and_then(|s| b64url_decode(&s.hash))
}

impl Accounts {
    /// Opens the trees.
    pub(super) fn open(core: &Core) -> Result<Self, StoreError> {
        Ok(Self {
            accounts: core.tree(T_ACCOUNTS)?,
            logins: core.tree(T_LOGINS)?,
            setup_links: core.tree(T_SETUP_LINKS)?,
            sessions: core.tree(T_SESSIONS)?,
            totp: std::sync::OnceLock::new(),
        })
    }

    pub(super) fn insert_account(&self, core: &Core, a: &Account, ev: &LogEvent) -> Outcome<()> {
        let v = encode(a)?;
        let trees = [&self.accounts, &self.logins, &self.setup_links];
        core.logged(&trees, std::slice::from_ref(ev), |t, _| {
            if t[1].get(a.login.as_bytes())?.is_some() {
                return Err(refuse("login_taken", format!("{} is taken", a.login)));
            }
            t[0].insert(&keys::id(a.id), v.as_slice())?;
            t[1].insert(a.login.as_bytes(), &keys::id(a.id))?;
            if let Some(k) = setup_key(a) {
                t[2].insert(k, &keys::id(a.id))?;
            }
            Ok(())
        })
    }

    /// Replaces an account, keeping the setup-link index in step (the old link closes).
    pub(super) fn update_account(
        &self,
        core: &Core,
        a: &Account,
        events: &[LogEvent],
    ) -> Outcome<()> {
        let v = encode(a)?;
        let key = keys::id(a.id);
        let trees = [&self.accounts, &self.setup_links];
        core.logged(&trees, events, |t, _| {
            let raw = t[0]
                .get(key)?
                .ok_or_else(|| refuse("not_found", format!("no account {}", a.id)))?;
            let old: Account = tx_decode(T_ACCOUNTS, &key, &raw)?;
            if old.login != a.login {
                return Err(refuse("conflict", "an account keeps its login".into()));
            }
            if let Some(k) = setup_key(&old) {
                t[1].remove(k)?;
            }
            if let Some(k) = setup_key(a) {
                t[1].insert(k, &key)?;
            }
            t[0].insert(&key, v.as_slice())?;
            Ok(())
        })
    }

    pub(super) fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        Core::get(&self.accounts, T_ACCOUNTS, &keys::id(id))
    }

    /// The account an index entry points to.
    fn by_index(&self, index: &sled::Tree, key: &[u8]) -> Result<Option<Account>, StoreError> {
        match index.get(key).map_err(backend)? {
            Some(id) => match keys::read_id(&id, 0) {
                Some(id) => self.account(id),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    pub(super) fn account_by_login(&self, login: &str) -> Result<Option<Account>, StoreError> {
        self.by_index(&self.logins, login.as_bytes())
    }

    pub(super) fn account_by_setup(&self, hash: &[u8; 32]) -> Result<Option<Account>, StoreError> {
        self.by_index(&self.setup_links, hash)
    }

    pub(super) fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        Core::page(&self.accounts, T_ACCOUNTS, None, usize::MAX)
    }

    pub(super) fn insert_session(
        &self,
        core: &Core,
        hash: &[u8; 32],
        s: &Session,
    ) -> Result<(), StoreError> {
        let v = encode(s)?;
        core.unlogged(|| {
            self.sessions.insert(hash, v).map_err(backend)?;
            // A sign-in must survive a crash right after the answer.
            self.sessions.flush().map_err(backend)?;
            Ok(())
        })
    }

    pub(super) fn session(&self, hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        Core::get(&self.sessions, T_SESSIONS, hash)
    }

    pub(super) fn touch_session(
        &self,
        core: &Core,
        hash: &[u8; 32],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        core.unlogged(|| {
            self.sessions
                .update_and_fetch(hash, |old| {
                    // Returning None would delete: a session ended meanwhile stays ended.
                    let old = old?;
                    let touched = serde_json::from_slice::<Session>(old)
                        .ok()
                        .and_then(|mut s| {
                            s.last_seen = at;
                            serde_json::to_vec(&s).ok()
                        });
                    Some(touched.unwrap_or_else(|| old.to_vec()))
                })
                .map_err(backend)
        })?;
        Ok(())
    }

    /// Ends one session (flushed: sign-out must hold).
    pub(super) fn delete_session(&self, core: &Core, hash: &[u8; 32]) -> Result<(), StoreError> {
        core.unlogged(|| {
            self.sessions.remove(hash).map_err(backend)?;
            self.sessions.flush().map_err(backend)?;
            Ok(())
        })
    }

    /// Ends every session of an account; returns how many. Sessions are few (people, not
    /// shoppers), so this is a scan.
    pub(super) fn delete_sessions_of(
        &self,
        core: &Core,
        account: AccountId,
    ) -> Result<usize, StoreError> {
        core.unlogged(|| {
            let mut ended = 0;
            for kv in self.sessions.iter() {
                let (k, v) = kv.map_err(backend)?;
                // An undecodable session is ended too: it authenticates nobody anyway.
                let owner = decode::<Session>(T_SESSIONS, &k, &v).map(|s| s.account_id);
                if owner.as_ref().is_ok_and(|id| *id == account) || owner.is_err() {
                    self.sessions.remove(k).map_err(backend)?;
                    ended += 1;
                }
            }
            self.sessions.flush().map_err(backend)?;
            Ok(ended)
        })
    }
}
