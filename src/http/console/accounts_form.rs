//! The new-account form as typed, the request it makes, and the sentences of the accounts
//! pages' refusals (a new account's field errors, a disable that was refused).

use crate::domain::{Account, Role};
use crate::http::ApiError;
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::fill;
use crate::service::NewAccount;
use serde::Deserialize;

/// A field's name and the sentence shown beside it.
pub(super) type FieldError = (&'static str, &'static str);

/// What was typed into the new-account form, and what was wrong with it.
#[derive(Debug, Default, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub(super) login: String,
    #[serde(default)]
    pub(super) display_name: String,
    #[serde(default)]
    pub(super) role: String,
    #[serde(default)]
    pub(super) subject_id: String,
    #[serde(default)]
    pub(super) csrf: String,
}

super::posted::csrf_forms!(AccountForm);

impl AccountForm {
    /// The account to create; a role that is not one is the role field's error. Only a
    /// producer's account belongs to a subject.
    pub(super) fn request(&self, t: &'static Catalogue) -> Result<NewAccount, FieldError> {
        let role = Role::ALL.into_iter().find(|r| r.as_str() == self.role);
        let Some(role) = role else {
            return Err(("role", t.err_role));
        };
        let subject_id = self.subject_id.trim().parse::<u64>().ok();
        Ok(NewAccount {
            login: self.login.clone(),
            display_name: self.display_name.clone(),
            role,
            subject_id: if role.is_producer() { subject_id } else { None },
        })
    }
}

/// The field and sentence of a refused new account.
pub(super) fn field_error(t: &'static Catalogue, e: &ApiError) -> Option<FieldError> {
    Some(match e.code.as_str() {
        "invalid_login" => ("login", t.err_login),
        "login_taken" => ("login", t.err_login_taken),
        "invalid_text" => ("display_name", t.err_display_name),
        "invalid_token_request" => ("subject_id", t.err_subject),
        "forbidden" => ("role", t.err_role),
        "not_found" => ("subject_id", t.err_subject),
        _ => return None,
    })
}

/// What a disable came to, in words: the sentence and whether it reports a problem; a
/// refusal that is not the person's doing stays an error for the refusal page.
pub(super) fn disabled_line(
    t: &'static Catalogue,
    done: Result<Account, ApiError>,
) -> Result<(String, bool), ApiError> {
    match done {
        Ok(a) => Ok((fill(t.account_disabled_done, &[&a.display_name]), false)),
        Err(e) if e.code == "disable_own_account" => Ok((t.disable_own.into(), true)),
        Err(e) if e.code == "last_admin" => Ok((t.last_admin.into(), true)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::kit::i18n::Lang;
    use axum::http::StatusCode;

    fn form(role: &str, subject: &str) -> AccountForm {
        AccountForm {
            login: "lan".into(),
            display_name: "Chị Lan".into(),
            role: role.into(),
            subject_id: subject.into(),
            csrf: String::new(),
        }
    }

    #[test]
    fn only_a_producers_account_keeps_the_subject_typed() {
        let t = Lang::En.t();
        let producer = form(Role::ProducerStaff.as_str(), " 7 ").request(t);
        assert_eq!(producer.map(|r| r.subject_id).ok(), Some(Some(7)));
        let office = form(Role::OfficeStaff.as_str(), "7").request(t);
        assert_eq!(office.map(|r| r.subject_id).ok(), Some(None));
        assert_eq!(
            form("boss", "7").request(t).err(),
            Some(("role", t.err_role))
        );
    }

    #[test]
    fn a_disable_of_the_last_admin_is_a_problem_in_words_and_others_stay_errors() {
        let t = Lang::En.t();
        let last = ApiError::new(StatusCode::CONFLICT, "last_admin", "x");
        assert_eq!(
            disabled_line(t, Err(last)).ok(),
            Some((t.last_admin.into(), true))
        );
        let gone = ApiError::new(StatusCode::NOT_FOUND, "not_found", "x");
        assert!(disabled_line(t, Err(gone)).is_err());
    }
}
