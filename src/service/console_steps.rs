//! Console form posts that are one step for the person but several for the service: a
//! replacement decision (checked, or with confirmation recorded) beside the certificate it
//! replaces, a recall beside the batch page it was asked from, a password set through a
//! setup link beside the link's account, and two-step verification switched on or off.
//! Each returns what its page needs, and a refusal the page explains as a value.

use super::{App, BatchPage, ServiceError};
use crate::domain::{Account, Certificate, CertificateId, NewCertificate, Principal, Product};

/// A post of the replacement form.
#[derive(Debug)]
pub struct SupersedeStep {
    /// The certificate in force and its product.
    pub current: (Certificate, Product),
    /// The new certificate as checked (or as recorded, once confirmed), or why it was
    /// refused; `None` when the form sent no decision to check.
    pub outcome: Option<Result<Certificate, ServiceError>>,
}

/// A recall asked from a batch page.
#[derive(Debug)]
pub struct RecallStep {
    /// The batch page it was asked from.
    pub page: BatchPage,
    /// Why the recall was refused; `None` once it is recorded.
    pub refused: Option<ServiceError>,
}

/// What a setup-link post did to the password.
#[derive(Debug)]
pub enum PasswordSet {
    /// The two passwords typed differ: nothing was done.
    Mismatch,
    /// The password is set and the link closed.
    Set,
    /// Refused (a weak password, a link closed meanwhile).
    Refused(ServiceError),
}

impl App {
    /// The replacement of certificate `old`: with `confirmed` the decision is recorded,
    /// otherwise only checked. Refused outright when the certificate cannot be read.
    pub fn supersede_step(
        &self,
        who: &Principal,
        old: CertificateId,
        input: Option<NewCertificate>,
        confirmed: bool,
    ) -> Result<SupersedeStep, ServiceError> {
        let current = self.office_certificate(who, old)?;
        let outcome = input.map(|input| {
            if confirmed {
                self.supersede_certificate(who, old, input)
            } else {
                self.check_supersede(who, old, input)
            }
        });
        Ok(SupersedeStep { current, outcome })
    }

    /// Recalls batch `id` from its page; refused outright when the page cannot be read
    /// (then nothing is tried).
    pub fn recall_step(
        &self,
        who: &Principal,
        id: u64,
        reason: &str,
    ) -> Result<RecallStep, ServiceError> {
        let page = self.batch_page(who, id)?;
        let refused = self.recall_batch(who, id, reason, None).err();
        Ok(RecallStep { page, refused })
    }

    /// Sets a password through the setup link `secret`, once typed twice alike. Refused
    /// outright while the link is closed; returns the link's account for the form.
    pub fn setup_step(
        &self,
        secret: &str,
        password: &str,
        again: &str,
    ) -> Result<(Account, PasswordSet), ServiceError> {
        let account = self.setup_account_of(secret)?;
        if password != again {
            return Ok((account, PasswordSet::Mismatch));
        }
        let set = match self.setup_account(secret, password) {
            Ok(_) => PasswordSet::Set,
            Err(e) => PasswordSet::Refused(e),
        };
        Ok((account, set))
    }

    /// Turns the person's two-step verification on (`on`, confirming the pending secret)
    /// or off, with a current code.
    pub fn switch_totp(
        &self,
        who: &Principal,
        a: &Account,
        code: &str,
        on: bool,
    ) -> Result<(), ServiceError> {
        if on {
            self.confirm_totp(who, a, code).map(|_| ())
        } else {
            self.remove_totp(who, a, code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::NewAccount;
    use super::*;

    use crate::domain::Role;
    use crate::store::testing;

    fn app(temp: &testing::TempStore) -> App {
        crate::service::test_app::app(temp, None)
    }

    #[test]
    fn a_setup_post_sets_the_password_only_when_typed_twice_alike() -> Result<(), ServiceError> {
        let temp = testing::temp()?;
        let app = app(&temp);
        let admin = app.create_admin_account("quan.tri", "Quản trị", "Văn phòng OCOP 2026")?;
        let who = Principal {
            token_id: admin.credential_id(),
            role: Role::Admin,
            subject_id: None,
        };
        let req = NewAccount {
            login: "lan".into(),
            display_name: "Chị Lan".into(),
            role: Role::OfficeStaff,
            subject_id: None,
        };
        let issued = app.create_account(&who, req)?;
        let secret = issued.url.rsplit('/').next().unwrap_or_default();
        let (a, set) = app.setup_step(secret, "chè Tân Cương 2026", "chè Tân Cương 2025")?;
        assert!(matches!(set, PasswordSet::Mismatch) && a.login == "lan");
        assert!(app.setup_account_of(secret).is_ok(), "the link stays open");
        let (_, set) = app.setup_step(secret, "chè Tân Cương 2026", "chè Tân Cương 2026")?;
        assert!(matches!(set, PasswordSet::Set), "{set:?}");
        assert!(
            app.setup_step(secret, "x", "x").is_err(),
            "the link is closed"
        );
        Ok(())
    }

    #[test]
    fn a_step_on_a_record_that_cannot_be_read_is_refused_outright() -> Result<(), ServiceError> {
        let temp = testing::temp()?;
        let app = app(&temp);
        let office = Principal {
            token_id: "acct_1".into(),
            role: Role::OfficeStaff,
            subject_id: None,
        };
        assert!(matches!(
            app.supersede_step(&office, 99, None, false),
            Err(ServiceError::NotFound(_))
        ));
        assert!(app.recall_step(&office, 99, "hỏng").is_err());
        Ok(())
    }
}
