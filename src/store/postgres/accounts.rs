//! Person accounts, console sessions, two-step verification, API tokens and the key
//! statuses recorded in the log. Sessions live in the database, so a session made on one
//! instance works on every other, and ending it on one ends it everywhere.

use super::conn::{Db, Pg, big, decode_all, decode_opt, encode, name_of};
use crate::access::TokenRecord;
use crate::crypto::b64url_decode;
use crate::domain::{Account, AccountId, CodeStep, LogEvent, Session, TotpRecord};
use crate::store::{Conflict, Outcome, StoreError};
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;

fn setup_hash(a: &Account) -> Option<Vec<u8>> {
    a.setup.as_ref().and_then(|s| b64url_decode(&s.hash))
}

/// Writes an account row (`rec` its encoded bytes).
pub(super) fn put_account<C: GenericClient>(
    db: &Db<'_, C>,
    a: &Account,
    rec: &[u8],
) -> Result<(), StoreError> {
    db.exec(
        "INSERT INTO accounts (issuer, id, login, role, subject_id, disabled_at, setup_hash, rec) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (issuer, id) DO UPDATE SET \
         role = EXCLUDED.role, subject_id = EXCLUDED.subject_id, \
         disabled_at = EXCLUDED.disabled_at, setup_hash = EXCLUDED.setup_hash, rec = EXCLUDED.rec",
        &[
            db.issuer(),
            &big(a.id),
            &a.login,
            &name_of(&a.role),
            &a.subject_id.map(big),
            &a.disabled_at,
            &setup_hash(a),
            &rec,
        ],
    )?;
    Ok(())
}

/// Writes an API token row under the hash of its secret.
pub(super) fn put_token<C: GenericClient>(
    t: &Db<'_, C>,
    tok: &TokenRecord,
    hash: &[u8],
    rec: &[u8],
) -> Result<(), StoreError> {
    t.exec(
        "INSERT INTO tokens (issuer, hash, token_id, role, subject_id, revoked_at, rec) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (issuer, hash) DO UPDATE SET \
         revoked_at = EXCLUDED.revoked_at, rec = EXCLUDED.rec",
        &[
            t.issuer(),
            &hash,
            &tok.id,
            &name_of(&tok.role),
            &tok.subject_id.map(big),
            &tok.revoked_at,
            &rec,
        ],
    )?;
    Ok(())
}

impl Pg {
    pub(super) fn insert_account(&self, a: &Account, ev: &LogEvent) -> Outcome<()> {
        self.logged(std::slice::from_ref(ev), |t, _| {
            let taken = t.opt(
                "SELECT 1 FROM accounts WHERE issuer = $1 AND login = $2",
                &[t.issuer(), &a.login],
            )?;
            if taken.is_some() {
                return Ok(Err(Conflict::new(
                    "login_taken",
                    format!("{} is taken", a.login),
                )));
            }
            put_account(t, a, &encode(a)?)?;
            Ok(Ok(()))
        })
    }

    pub(super) fn update_account(&self, a: &Account, events: &[LogEvent]) -> Outcome<()> {
        self.logged(events, |t, _| {
            let row = t.opt(
                "SELECT login FROM accounts WHERE issuer = $1 AND id = $2 FOR UPDATE",
                &[t.issuer(), &big(a.id)],
            )?;
            let Some(row) = row else {
                return Ok(Err(Conflict::new(
                    "not_found",
                    format!("no account {}", a.id),
                )));
            };
            if row.get::<_, &str>(0) != a.login {
                return Ok(Err(Conflict::new("conflict", "an account keeps its login")));
            }
            put_account(t, a, &encode(a)?)?;
            Ok(Ok(()))
        })
    }

    fn account_where(
        &self,
        cond: &str,
        value: &(dyn tokio_postgres::types::ToSql + Sync),
    ) -> Result<Option<Account>, StoreError> {
        let sql = format!("SELECT rec FROM accounts WHERE issuer = $1 AND {cond} = $2");
        self.with(|db| decode_opt("accounts", db.opt(&sql, &[db.issuer(), value])?))
    }

    pub(super) fn account(&self, id: AccountId) -> Result<Option<Account>, StoreError> {
        self.account_where("id", &big(id))
    }

    pub(super) fn account_by_login(&self, login: &str) -> Result<Option<Account>, StoreError> {
        self.account_where("login", &login)
    }

    pub(super) fn account_by_setup(&self, hash: &[u8; 32]) -> Result<Option<Account>, StoreError> {
        self.account_where("setup_hash", &hash.as_slice())
    }

    pub(super) fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        self.page("accounts", None, usize::MAX)
    }

    pub(super) fn insert_session(&self, hash: &[u8; 32], s: &Session) -> Result<(), StoreError> {
        let rec = encode(s)?;
        self.with(|db| {
            db.exec(
                "INSERT INTO sessions (issuer, hash, account_id, last_seen, rec) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (issuer, hash) DO UPDATE SET \
                 account_id = EXCLUDED.account_id, last_seen = EXCLUDED.last_seen, rec = EXCLUDED.rec",
                &[db.issuer(), &hash.as_slice(), &big(s.account_id), &s.last_seen, &rec],
            )
        })?;
        Ok(())
    }

    pub(super) fn session(&self, hash: &[u8; 32]) -> Result<Option<Session>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec, last_seen FROM sessions WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice()],
            )?;
            let Some(row) = row else { return Ok(None) };
            let mut s: Session = super::conn::decode("sessions", "session", row.get(0))?;
            // Touches update only the column: the record's copy may be older.
            s.last_seen = s.last_seen.max(row.get(1));
            Ok(Some(s))
        })
    }

    pub(super) fn touch_session(
        &self,
        hash: &[u8; 32],
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.with(|db| {
            db.exec(
                "UPDATE sessions SET last_seen = greatest(last_seen, $3) WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice(), &at],
            )
        })?;
        Ok(())
    }

    pub(super) fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        self.with(|db| {
            db.exec(
                "DELETE FROM sessions WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice()],
            )
        })?;
        Ok(())
    }

    pub(super) fn delete_sessions_of(&self, account: AccountId) -> Result<usize, StoreError> {
        let n = self.with(|db| {
            db.exec(
                "DELETE FROM sessions WHERE issuer = $1 AND account_id = $2",
                &[db.issuer(), &big(account)],
            )
        })?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// See [`crate::store::Store::add_failure`]: one insert, and the key's old rows go.
    pub(super) fn add_failure(
        &self,
        key: &str,
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.transaction(|t| {
            t.exec(
                "DELETE FROM sign_in_failures WHERE issuer = $1 AND key = $2 AND at < $3",
                &[t.issuer(), &key, &forget_before],
            )?;
            t.exec(
                "INSERT INTO sign_in_failures (issuer, key, at) VALUES ($1, $2, $3)",
                &[t.issuer(), &key, &at],
            )
        })?;
        Ok(())
    }

    pub(super) fn failures(
        &self,
        key: &str,
        after: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.with(|db| {
            db.rows(
                "SELECT at FROM sign_in_failures WHERE issuer = $1 AND key = $2 AND at > $3 \
                 ORDER BY at LIMIT $4",
                &[db.issuer(), &key, &after, &limit],
            )
        })?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    pub(super) fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        self.with(|db| {
            db.exec(
                "DELETE FROM sign_in_failures WHERE issuer = $1 AND key = $2",
                &[db.issuer(), &key],
            )
        })?;
        Ok(())
    }

    /// See [`crate::store::Store::put_code_step`].
    pub(super) fn put_code_step(
        &self,
        hash: &[u8; 32],
        step: &CodeStep,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.transaction(|t| {
            t.exec(
                "DELETE FROM code_steps WHERE issuer = $1 AND expires_at < $2",
                &[t.issuer(), &now],
            )?;
            t.exec(
                "INSERT INTO code_steps (issuer, hash, account_id, password_ok, expires_at, tries) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (issuer, hash) DO UPDATE SET \
                 tries = EXCLUDED.tries",
                &[
                    t.issuer(),
                    &hash.as_slice(),
                    &big(step.account_id),
                    &step.password_ok,
                    &step.expires_at,
                    &i16::from(step.tries),
                ],
            )
        })?;
        Ok(())
    }

    pub(super) fn code_step(&self, hash: &[u8; 32]) -> Result<Option<CodeStep>, StoreError> {
        let row = self.with(|db| {
            db.opt(
                "SELECT account_id, password_ok, expires_at, tries FROM code_steps \
                 WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice()],
            )
        })?;
        Ok(row.map(|r| CodeStep {
            account_id: super::conn::id(r.get(0)),
            password_ok: r.get(1),
            expires_at: r.get(2),
            tries: u8::try_from(r.get::<_, i16>(3)).unwrap_or(u8::MAX),
        }))
    }

    pub(super) fn delete_code_step(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        self.with(|db| {
            db.exec(
                "DELETE FROM code_steps WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice()],
            )
        })?;
        Ok(())
    }

    pub(super) fn totp(&self, account: AccountId) -> Result<Option<TotpRecord>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec FROM totp WHERE issuer = $1 AND account_id = $2",
                &[db.issuer(), &big(account)],
            )?;
            decode_opt("totp", row)
        })
    }

    pub(super) fn set_totp(
        &self,
        account: AccountId,
        rec: Option<&TotpRecord>,
        events: &[LogEvent],
    ) -> Result<(), StoreError> {
        let value = rec.map(encode).transpose()?;
        self.logged_infallible(events, |t, _| {
            match &value {
                Some(v) => t.exec(
                    "INSERT INTO totp (issuer, account_id, rec) VALUES ($1, $2, $3) \
                     ON CONFLICT (issuer, account_id) DO UPDATE SET rec = EXCLUDED.rec",
                    &[t.issuer(), &big(account), v],
                )?,
                None => t.exec(
                    "DELETE FROM totp WHERE issuer = $1 AND account_id = $2",
                    &[t.issuer(), &big(account)],
                )?,
            };
            Ok(())
        })
    }

    /// Advances the last used step under the record's row lock, so two instances given
    /// the same code at once cannot both pass.
    pub(super) fn use_totp_step(&self, account: AccountId, step: u64) -> Result<bool, StoreError> {
        self.transaction(|t| {
            let row = t.opt(
                "SELECT rec FROM totp WHERE issuer = $1 AND account_id = $2 FOR UPDATE",
                &[t.issuer(), &big(account)],
            )?;
            let Some(mut rec) = decode_opt::<TotpRecord>("totp", row)? else {
                return Ok(false);
            };
            if rec.last_step >= step {
                return Ok(false);
            }
            rec.last_step = step;
            t.exec(
                "UPDATE totp SET rec = $3 WHERE issuer = $1 AND account_id = $2",
                &[t.issuer(), &big(account), &encode(&rec)?],
            )?;
            Ok(true)
        })
    }

    pub(super) fn insert_token(&self, tok: &TokenRecord, ev: &LogEvent) -> Result<(), StoreError> {
        let hash = b64url_decode(&tok.hash)
            .ok_or_else(|| StoreError::Backend("token hash is not base64url".into()))?;
        let rec = encode(tok)?;
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            put_token(t, tok, &hash, &rec)?;
            Ok(())
        })
    }

    pub(super) fn token_by_hash(&self, hash: &[u8; 32]) -> Result<Option<TokenRecord>, StoreError> {
        self.with(|db| {
            let row = db.opt(
                "SELECT rec, last_used_at FROM tokens WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice()],
            )?;
            let Some(row) = row else { return Ok(None) };
            let mut tok: TokenRecord = super::conn::decode("tokens", "token", row.get(0))?;
            tok.last_used_at = tok.last_used_at.max(row.get(1));
            Ok(Some(tok))
        })
    }

    pub(super) fn token_count(&self) -> Result<usize, StoreError> {
        let row = self.with(|db| {
            db.one(
                "SELECT count(*) FROM tokens WHERE issuer = $1",
                &[db.issuer()],
            )
        })?;
        Ok(usize::try_from(row.get::<_, i64>(0)).unwrap_or_default())
    }

    pub(super) fn tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = self.with(|db| {
            db.rows(
                "SELECT rec, last_used_at FROM tokens WHERE issuer = $1 ORDER BY hash",
                &[db.issuer()],
            )
        })?;
        let mut out: Vec<TokenRecord> = decode_all("tokens", &rows)?;
        for (tok, row) in out.iter_mut().zip(&rows) {
            tok.last_used_at = tok.last_used_at.max(row.get(1));
        }
        Ok(out)
    }

    pub(super) fn revoke_token(
        &self,
        id: &str,
        at: DateTime<Utc>,
        by: &str,
        ev: &LogEvent,
    ) -> Outcome<TokenRecord> {
        self.logged(std::slice::from_ref(ev), |t, _| {
            let row = t.opt(
                "SELECT rec, hash FROM tokens WHERE issuer = $1 AND token_id = $2 FOR UPDATE",
                &[t.issuer(), &id],
            )?;
            let Some(row) = row else {
                return Ok(Err(Conflict::new("not_found", format!("no token {id}"))));
            };
            let mut tok: TokenRecord = super::conn::decode("tokens", id, row.get(0))?;
            if tok.revoked_at.is_some() {
                return Ok(Err(Conflict::new(
                    "already_revoked",
                    format!("token {id} is already revoked"),
                )));
            }
            tok.revoked_at = Some(at);
            tok.revoked_by = Some(by.to_owned());
            let hash: Vec<u8> = row.get(1);
            t.exec(
                "UPDATE tokens SET revoked_at = $3, rec = $4 WHERE issuer = $1 AND hash = $2",
                &[t.issuer(), &hash, &at, &encode(&tok)?],
            )?;
            Ok(Ok(tok))
        })
    }

    pub(super) fn touch_token(&self, hash: &[u8; 32], at: DateTime<Utc>) -> Result<(), StoreError> {
        self.with(|db| {
            db.exec(
                "UPDATE tokens SET last_used_at = greatest(last_used_at, $3) \
                 WHERE issuer = $1 AND hash = $2",
                &[db.issuer(), &hash.as_slice(), &at],
            )
        })?;
        Ok(())
    }

    pub(super) fn logged_key_statuses(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.with(|db| {
            db.rows(
                "SELECT kid, status FROM key_status WHERE issuer = $1 ORDER BY kid",
                &[db.issuer()],
            )
        })?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    pub(super) fn log_key_status(
        &self,
        kid: &str,
        status: &str,
        ev: &LogEvent,
    ) -> Result<(), StoreError> {
        self.logged_infallible(std::slice::from_ref(ev), |t, _| {
            t.exec(
                "INSERT INTO key_status (issuer, kid, status) VALUES ($1, $2, $3) \
                 ON CONFLICT (issuer, kid) DO UPDATE SET status = EXCLUDED.status",
                &[t.issuer(), &kid, &status],
            )?;
            Ok(())
        })
    }
}
