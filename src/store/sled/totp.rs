//! Two-step verification secrets, one record per account in `accountid_totp`. Kept apart from
//! the account record so that a backup seals them (`SECRET_RELATIONS`) while accounts stay in
//! clear. Each method is the [`Store`](crate::store::Store) verb of the same name.

use super::accounts::Accounts;
use super::codec::encode;
use super::db::Core;
use super::trees::{self as keys, T_TOTP};
use crate::domain::{AccountId, LogEvent, TotpRecord};
use crate::store::StoreError;

impl Accounts {
    pub(super) fn totp(&self, account: AccountId) -> Result<Option<TotpRecord>, StoreError> {
        Core::get(&self.totp, T_TOTP, &keys::id(account))
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
        core.logged_infallible(&[&self.totp], events, |t, _| {
            match &value {
                Some(v) => t[0].insert(&key, v.as_slice())?,
                None => t[0].remove(&key)?,
            };
            Ok(())
        })
    }
}
