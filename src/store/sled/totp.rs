//! Two-step verification secrets, one record per account in `accountid_totp`. Kept apart from
//! the account record so that a backup seals them (`SECRET_RELATIONS`) while accounts stay in
//! clear. Each method is the [`Store`](crate::store::Store) verb of the same name.

use super::accounts::Accounts;
use super::codec::{encode, tx_decode, tx_encode};
use super::db::Core;
use super::trees::{self as keys, T_TOTP};
use crate::domain::{AccountId, LogEvent, TotpRecord};
use crate::store::StoreError;

impl Accounts {
    /// The tree, if it exists or `create` is set. A store where nobody ever enrolled has no
    /// such tree at all, as before two-step verification existed.
    fn totp_tree(&self, core: &Core, create: bool) -> Result<Option<&sled::Tree>, StoreError> {
        if let Some(t) = self.totp.get() {
            return Ok(Some(t));
        }
        if !create && !core.tree_names().iter().any(|n| n == T_TOTP) {
            return Ok(None);
        }
        let tree = core.tree(T_TOTP)?;
        Ok(Some(self.totp.get_or_init(|| tree)))
    }

    pub(super) fn totp(
        &self,
        core: &Core,
        account: AccountId,
    ) -> Result<Option<TotpRecord>, StoreError> {
        match self.totp_tree(core, false)? {
            Some(t) => Core::get(t, T_TOTP, &keys::id(account)),
            None => Ok(None),
        }
    }

    /// Replaces or removes the record with its log events, in one flushed transaction.
    pub(super) fn set_totp(
        &self,
        core: &Core,
        account: AccountId,
        rec: Option<&TotpRecord>,
        events: &[LogEvent],
    ) -> Result<(), StoreError> {
        let value = rec.map(encode).transpose()?;
        let key = keys::id(account);
        let Some(tree) = self.totp_tree(core, value.is_some())? else {
            // Nothing to remove; the events are still logged.
            core.logged_infallible(&[], events, |_, _| Ok(()))?;
            return Ok(());
        };
        core.logged_infallible(&[tree], events, |t, _| {
            match &value {
                Some(v) => t[0].insert(&key, v.as_slice())?,
                None => t[0].remove(&key)?,
            };
            Ok(())
        })
    }

    /// Advances the record's last used step in one transaction (sled retries it when
    /// another thread wrote the key meanwhile).
    pub(super) fn use_totp_step(
        &self,
        core: &Core,
        account: AccountId,
        step: u64,
    ) -> Result<bool, StoreError> {
        let Some(tree) = self.totp_tree(core, false)? else {
            return Ok(false);
        };
        let key = keys::id(account);
        core.logged_infallible(&[tree], &[], |t, _| {
            let Some(raw) = t[0].get(key)? else {
                return Ok(false);
            };
            let mut rec: TotpRecord = tx_decode(T_TOTP, &key, &raw)?;
            if rec.last_step >= step {
                return Ok(false);
            }
            rec.last_step = step;
            t[0].insert(key.as_slice(), tx_encode(&rec)?)?;
            Ok(true)
        })
    }
}
