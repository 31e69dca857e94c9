//! Who may see or do what: every access rule of the service, in one place. Service verbs
//! call [`Principal::check`] before they read or change anything; the HTTP layer only
//! authenticates.

use super::SubjectId;
use serde::{Deserialize, Serialize};

/// What a token (and later a person) may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Province OCOP office: registers subjects, products, certificates, tokens.
    Admin,
    /// A producer, confined to its own subject.
    Producer,
    /// Reads everything.
    Inspector,
}

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub token_id: String,
    pub role: Role,
    pub subject_id: Option<SubjectId>,
}

/// Something a caller asks to do, with the subject it concerns where that matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// List the whole registry (subjects, products) or read the portfolio in full.
    ReadRegistry,
    /// Read one subject's data (its record, products, certificates, batches, labels).
    ReadSubject(SubjectId),
    /// Register subjects, products and certificates; supersede and revoke certificates.
    ManageRegistry,
    /// Create, list and revoke API tokens; take backups.
    Operate,
    /// Issue batches, print labels, recall and record events for a subject.
    ActFor(SubjectId),
    /// Read across producers for audit: search, anomalies, reports, history.
    Inspect,
    /// Record an inspection event on a batch of `subject`.
    RecordInspection(SubjectId),
    /// Flag or clear a certificate's potential 5★.
    AssessPotential,
}

/// A refused action, with a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

impl Role {
    /// Reads everything (admin, inspector).
    pub fn reads_all(self) -> bool {
        matches!(self, Self::Admin | Self::Inspector)
    }

    /// May change anything at all (admin, producer).
    pub fn writes(self) -> bool {
        matches!(self, Self::Admin | Self::Producer)
    }
}

impl Principal {
    /// True if the caller may do `a`.
    pub fn may(&self, a: Action) -> bool {
        let own = |s: SubjectId| self.role == Role::Producer && self.subject_id == Some(s);
        match a {
            Action::ReadRegistry | Action::Inspect => self.role.reads_all(),
            Action::ReadSubject(s) => self.role.reads_all() || own(s),
            Action::ManageRegistry | Action::Operate | Action::AssessPotential => {
                self.role == Role::Admin
            }
            Action::ActFor(s) => self.role == Role::Admin || own(s),
            Action::RecordInspection(_) => self.role.reads_all(),
        }
    }

    /// `Ok` if the caller may do `a`, else why not.
    pub fn check(&self, a: Action) -> Result<(), Denied> {
        if self.may(a) {
            return Ok(());
        }
        Err(Denied(match a {
            Action::ReadSubject(_) | Action::ActFor(_) if self.role == Role::Producer => {
                "this belongs to another producer".into()
            }
            Action::ActFor(_) => "only the office or the producer itself may do this".into(),
            Action::RecordInspection(_) => {
                "only inspectors and the office record inspections".into()
            }
            Action::ManageRegistry | Action::Operate | Action::AssessPotential => {
                "this action needs the admin role".into()
            }
            _ => "this action needs the admin or inspector role".into(),
        }))
    }

    /// The only subject whose records a list may show this caller (`None`: every subject).
    pub fn scope(&self) -> Option<SubjectId> {
        match self.role {
            Role::Producer => Some(self.subject_id.unwrap_or(SubjectId::MAX)),
            Role::Admin | Role::Inspector => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(role: Role, subject: Option<SubjectId>) -> Principal {
        Principal {
            token_id: "tok_test".into(),
            role,
            subject_id: subject,
        }
    }

    #[test]
    fn every_action_has_the_expected_audience() {
        let admin = p(Role::Admin, None);
        let insp = p(Role::Inspector, None);
        let a = p(Role::Producer, Some(1));
        // (action, admin, inspector, producer of subject 1)
        let table = [
            (Action::ReadRegistry, true, true, false),
            (Action::ReadSubject(1), true, true, true),
            (Action::ReadSubject(2), true, true, false),
            (Action::ManageRegistry, true, false, false),
            (Action::Operate, true, false, false),
            (Action::ActFor(1), true, false, true),
            (Action::ActFor(2), true, false, false),
            (Action::Inspect, true, true, false),
            (Action::RecordInspection(1), true, true, false),
            (Action::AssessPotential, true, false, false),
        ];
        for (action, ad, ins, prod) in table {
            assert_eq!(admin.may(action), ad, "admin {action:?}");
            assert_eq!(insp.may(action), ins, "inspector {action:?}");
            assert_eq!(a.may(action), prod, "producer {action:?}");
            assert_eq!(a.check(action).is_ok(), prod);
        }
        assert_eq!(a.scope(), Some(1));
        assert_eq!(insp.scope(), None);
        // A producer token without a subject sees nothing.
        assert_eq!(p(Role::Producer, None).scope(), Some(SubjectId::MAX));
        assert!(!p(Role::Producer, None).may(Action::ReadSubject(1)));
    }
}
