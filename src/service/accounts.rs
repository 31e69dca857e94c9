//! Person accounts and console sessions: creating accounts with one-time setup links,
//! setting a password through one, signing in (throttled) and out, and disabling, resetting
//! or re-roling an account. Who may manage whom is [`Action::ManageAccount`].

use super::throttle::{source_key, throttled};
use super::totp::SignInStep;
use super::{App, ServiceError, system};
use crate::crypto::b64url;
use crate::crypto::password::{
    hash_password, random_secret, secret_hash, verify_password, waste_verification,
};
use crate::domain::LogEvent;
use crate::domain::{
    Account, AccountId, Action, DomainError, Principal, Role, Session, SetupLink, SubjectId,
    check_password, parse_login, text::nfc_text,
};
use crate::store::Conflict;
use chrono::{DateTime, TimeDelta, Utc};
use std::net::IpAddr;

/// A session unused this long ends.
pub const SESSION_IDLE: TimeDelta = TimeDelta::hours(2);
/// A session ends this long after sign-in, however busy.
pub const SESSION_MAX: TimeDelta = TimeDelta::hours(12);
/// A setup (or reset) link works this long, once.
pub const SETUP_LIFE: TimeDelta = TimeDelta::hours(72);
/// Last-seen is recorded at most this often, so most requests only read.
const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// The one sentence every failed sign-in gets, whatever failed: it never tells whether the
/// name exists.
pub const SIGN_IN_FAILED: &str = "the name or the password is not right";

/// What a new account is for.
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Username or phone number, as typed.
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// Required for producer roles.
    pub subject_id: Option<SubjectId>,
}

/// A setup link just made: its secret is in the URL, shown once.
#[derive(Debug, Clone)]
pub struct SetupIssued {
    pub account: Account,
    /// `{base}/console/setup/{secret}`.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// A new session: the secret goes into the cookie, never into the store.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub secret: String,
    pub session: Session,
    pub account: Account,
}

/// The person behind a session cookie.
#[derive(Debug, Clone)]
pub struct Person {
    pub account: Account,
    pub session: Session,
    pub principal: Principal,
    /// Last-seen is a minute old or more: record it with [`App::touch_session`].
    pub touch: Option<[u8; 32]>,
    /// The configuration requires two-step verification of this account and it is not on:
    /// every console page but enrolment sends the person there.
    pub must_enrol: bool,
}

impl Account {
    /// The principal a signed-in account acts as.
    pub fn principal(&self) -> Principal {
        Principal {
            token_id: self.credential_id(),
            role: self.role,
            subject_id: self.subject_id,
        }
    }
}

fn not_found(id: AccountId) -> ServiceError {
    ServiceError::NotFound(format!("account {id} does not exist"))
}

impl App {
    fn setup_link(&self) -> (String, SetupLink) {
        let secret = random_secret();
        let link = SetupLink {
            hash: b64url(&secret_hash(&secret)),
            expires_at: self.clock.now() + SETUP_LIFE,
        };
        (secret, link)
    }

    fn setup_url(&self, secret: &str) -> String {
        format!("{}/console/setup/{secret}", self.base_url)
    }

    /// Creates a person account with a one-time setup link for its password.
    pub fn create_account(
        &self,
        who: &Principal,
        req: NewAccount,
    ) -> Result<SetupIssued, ServiceError> {
        who.check(Action::ManageAccount(req.role, req.subject_id))?;
        let invalid = |m: &str| DomainError::InvalidTokenRequest(m.into());
        if !req.role.for_people() {
            return Err(invalid(
                "the producer role is for API tokens; people are producer managers or staff",
            )
            .into());
        }
        match (req.role.is_producer(), req.subject_id) {
            (true, None) => return Err(invalid("a producer's account needs its subject").into()),
            (true, Some(id)) if self.store.subject(id)?.is_none() => {
                return Err(ServiceError::NotFound(format!(
                    "subject {id} does not exist"
                )));
            }
            (false, Some(_)) => {
                return Err(invalid("only producers' accounts belong to a subject").into());
            }
            _ => {}
        }
        let (secret, link) = self.setup_link();
        let expires_at = link.expires_at;
        let account = self.new_account(who, &req, None, Some(link))?;
        Ok(SetupIssued {
            account,
            url: self.setup_url(&secret),
            expires_at,
        })
    }

    fn new_account(
        &self,
        who: &Principal,
        req: &NewAccount,
        password_hash: Option<String>,
        setup: Option<SetupLink>,
    ) -> Result<Account, ServiceError> {
        let now = self.clock.now();
        let account = Account {
            id: self.store.next_id()?,
            login: parse_login(&req.login)?,
            display_name: nfc_text("display_name", &req.display_name, 100)?,
            role: req.role,
            subject_id: req.subject_id,
            password_hash,
            setup,
            created_at: now,
            created_by: who.token_id.clone(),
            disabled_at: None,
        };
        let ev = LogEvent::account_created(now, who, &account);
        self.store.insert_account(&account, &ev)??;
        Ok(account)
    }

    /// The first office admin, from the command line (`ocop-trace accounts create-admin`),
    /// with a password chosen there.
    pub fn create_admin_account(
        &self,
        login: &str,
        display_name: &str,
        password: &str,
    ) -> Result<Account, ServiceError> {
        let normal = parse_login(login)?;
        check_password(password, &normal)?;
        let hash = hash_password(password)
            .ok_or_else(|| DomainError::WeakPassword("this password cannot be hashed".into()))?;
        let req = NewAccount {
            login: login.into(),
            display_name: display_name.into(),
            role: Role::Admin,
            subject_id: None,
        };
        self.new_account(&system(), &req, Some(hash), None)
    }

    /// The account whose setup link this is, while the link is open.
    pub fn setup_account_of(&self, secret: &str) -> Result<Account, ServiceError> {
        let closed =
            || ServiceError::NotFound("this setup link is used, expired or unknown".into());
        let account = self
            .store
            .account_by_setup(&secret_hash(secret))?
            .ok_or_else(closed)?;
        let open = account
            .setup
            .as_ref()
            .is_some_and(|l| l.expires_at > self.clock.now());
        if !open || !account.enabled() {
            return Err(closed());
        }
        Ok(account)
    }

    /// Sets the password through a setup link, which then closes.
    pub fn setup_account(&self, secret: &str, password: &str) -> Result<Account, ServiceError> {
        let mut account = self.setup_account_of(secret)?;
        check_password(password, &account.login)?;
        account.password_hash =
            Some(hash_password(password).ok_or_else(|| {
                DomainError::WeakPassword("this password cannot be hashed".into())
            })?);
        account.setup = None;
        self.store.update_account(&account, &[])??;
        Ok(account)
    }

    /// Signs a person in who does not use two-step verification (an account that does is
    /// refused like a wrong password: it signs in through [`App::sign_in_start`]).
    pub fn sign_in(
        &self,
        login: &str,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<SignedIn, ServiceError> {
        match self.sign_in_start(login, password, ip)? {
            SignInStep::Done(s) => Ok(*s),
            SignInStep::Code(_) => Err(ServiceError::Unauthenticated(SIGN_IN_FAILED.into())),
        }
    }

    /// The password step of a sign-in. Every failure is the same [`SIGN_IN_FAILED`] and
    /// costs the same time; failures are throttled per name and per network. An account with
    /// two-step verification gets the code step whether or not the password was right, so
    /// this step never tells.
    pub fn sign_in_start(
        &self,
        login: &str,
        password: &str,
        ip: Option<IpAddr>,
    ) -> Result<SignInStep, ServiceError> {
        let now = self.clock.now();
        let name = parse_login(login).unwrap_or_else(|_| login.trim().to_lowercase());
        let (by_name, by_net) = (format!("login:{name}"), source_key(ip));
        let throttle = &self.sign_in_throttle;
        if let Some(wait) = throttled(throttle, &by_name, &by_net, now)? {
            return Err(ServiceError::Throttled(wait));
        }
        let account = self.store.account_by_login(&name)?;
        let hash = account
            .as_ref()
            .filter(|a| a.enabled())
            .and_then(|a| a.password_hash.as_deref());
        let ok = match hash {
            Some(h) => verify_password(password, h),
            None => {
                waste_verification(password);
                false
            }
        };
        if !ok {
            throttle.fail(&by_name, now)?;
            throttle.fail(&by_net, now)?;
        }
        if let Some(step) = self.code_step(account.as_ref(), ok)? {
            return Ok(SignInStep::Code(step));
        }
        let Some(account) = account.filter(|_| ok) else {
            return Err(ServiceError::Unauthenticated(SIGN_IN_FAILED.into()));
        };
        throttle.clear(&by_name)?;
        Ok(SignInStep::Done(Box::new(self.open_session(account)?)))
    }

    /// A new session for an account whose sign-in succeeded.
    pub(super) fn open_session(&self, account: Account) -> Result<SignedIn, ServiceError> {
        let now = self.clock.now();
        let secret = random_secret();
        let session = Session {
            account_id: account.id,
            csrf: random_secret(),
            created_at: now,
            last_seen: now,
        };
        self.store.insert_session(&secret_hash(&secret), &session)?;
        Ok(SignedIn {
            secret,
            session,
            account,
        })
    }

    /// The person a session cookie belongs to. A session past its idle or absolute expiry,
    /// or of a disabled account, authenticates nobody (and is ended).
    pub fn person(&self, secret: &str) -> Result<Person, ServiceError> {
        let nobody = || ServiceError::Unauthenticated("not signed in".into());
        let hash = secret_hash(secret);
        let session = self.store.session(&hash)?.ok_or_else(nobody)?;
        let now = self.clock.now();
        let account = self.store.account(session.account_id)?;
        let live = now - session.last_seen < SESSION_IDLE && now - session.created_at < SESSION_MAX;
        let Some(account) = account.filter(|a| a.enabled() && live) else {
            self.store.delete_session(&hash)?;
            return Err(nobody());
        };
        Ok(Person {
            must_enrol: self.must_enrol(&account)?,
            principal: account.principal(),
            touch: (now - session.last_seen >= TOUCH_EVERY).then_some(hash),
            account,
            session,
        })
    }

    /// Records that a session was used now.
    pub fn touch_session(&self, hash: &[u8; 32]) -> Result<(), ServiceError> {
        Ok(self.store.touch_session(hash, self.clock.now())?)
    }

    /// Ends the session of this cookie secret at once.
    pub fn sign_out(&self, secret: &str) -> Result<(), ServiceError> {
        Ok(self.store.delete_session(&secret_hash(secret))?)
    }

    /// An account the caller may manage.
    fn managed(&self, who: &Principal, id: AccountId) -> Result<Account, ServiceError> {
        let a = self.store.account(id)?.ok_or_else(|| not_found(id))?;
        who.check(Action::ManageAccount(a.role, a.subject_id))?;
        Ok(a)
    }

    /// Disables an account; its sessions end at once.
    pub fn disable_account(&self, who: &Principal, id: AccountId) -> Result<Account, ServiceError> {
        let mut a = self.managed(who, id)?;
        if a.credential_id() == who.token_id {
            return Err(Conflict::new(
                "disable_own_account",
                "you cannot disable your own account",
            )
            .into());
        }
        if !a.enabled() {
            return Ok(a);
        }
        self.keep_an_admin(&a)?;
        let now = self.clock.now();
        a.disabled_at = Some(now);
        a.setup = None;
        self.store
            .update_account(&a, &[LogEvent::account_disabled(now, who, id)])??;
        self.store.delete_sessions_of(id)?;
        Ok(a)
    }

    /// Issues a new setup link (a password reset): the old password stops working and the
    /// account's sessions end.
    pub fn reset_account(
        &self,
        who: &Principal,
        id: AccountId,
    ) -> Result<SetupIssued, ServiceError> {
        let mut a = self.managed(who, id)?;
        if !a.enabled() {
            return Err(
                Conflict::new("account_disabled", "a disabled account cannot be reset").into(),
            );
        }
        let (secret, link) = self.setup_link();
        let expires_at = link.expires_at;
        a.password_hash = None;
        a.setup = Some(link);
        let ev = LogEvent::account_reset(self.clock.now(), who, id, expires_at);
        self.store.update_account(&a, &[ev])??;
        // A reset is also the way back for a person who lost their authenticator.
        self.clear_totp(who, id)?;
        self.store.delete_sessions_of(id)?;
        Ok(SetupIssued {
            account: a,
            url: self.setup_url(&secret),
            expires_at,
        })
    }

    /// Gives an account another role (within the same kind: office or the same producer).
    pub fn change_role(
        &self,
        who: &Principal,
        id: AccountId,
        role: Role,
    ) -> Result<Account, ServiceError> {
        let mut a = self.managed(who, id)?;
        who.check(Action::ManageAccount(role, a.subject_id))?;
        if !role.for_people() || role.is_producer() != a.role.is_producer() {
            return Err(DomainError::InvalidTokenRequest(
                "an office account stays an office account and a producer's stays a producer's"
                    .into(),
            )
            .into());
        }
        if role == a.role {
            return Ok(a);
        }
        self.keep_an_admin(&a)?;
        let ev = LogEvent::account_role_changed(self.clock.now(), who, id, a.role, role);
        a.role = role;
        self.store.update_account(&a, &[ev])??;
        // The sessions carry the old role's rights: end them.
        self.store.delete_sessions_of(id)?;
        Ok(a)
    }

    /// Refuses to take `a` away from the admins when it is the office's last active admin
    /// account: nobody could then manage accounts from the console.
    fn keep_an_admin(&self, a: &Account) -> Result<(), ServiceError> {
        if a.role != Role::Admin || !a.enabled() {
            return Ok(());
        }
        let others = self.store.accounts()?.into_iter().any(|o| {
            o.id != a.id && o.role == Role::Admin && o.enabled() && o.password_hash.is_some()
        });
        if others {
            return Ok(());
        }
        Err(Conflict::new(
            "last_admin",
            "this is the office's last active administrator; make another account administrator first",
        )
        .into())
    }

    /// The accounts the caller may manage, in id order.
    pub fn managed_accounts(&self, who: &Principal) -> Result<Vec<Account>, ServiceError> {
        Ok(self
            .store
            .accounts()?
            .into_iter()
            .filter(|a| who.may(Action::ManageAccount(a.role, a.subject_id)))
            .collect())
    }
}
