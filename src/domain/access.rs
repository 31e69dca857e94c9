//! Who may see or do what: every access rule of the service, in one place. Service verbs
//! call [`Principal::check`] before they read or change anything; the HTTP layer only
//! authenticates.

use super::SubjectId;
use serde::{Deserialize, Serialize};

/// What a token or a person may do. Tokens have the first three; person accounts have
/// `admin` (office admin), `office_staff`, `inspector`, `producer_manager` or
/// `producer_staff`. The serde names are published in log entries and never change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Province OCOP office: registers subjects, products, certificates, tokens, accounts.
    Admin,
    /// A producer (machine token), confined to its own subject.
    Producer,
    /// Reads everything.
    Inspector,
    /// Office staff: registers subjects, products and certificates; manages producer
    /// accounts; reads everything.
    OfficeStaff,
    /// A producer's manager: everything the producer token may do, plus the subject's staff
    /// accounts.
    ProducerManager,
    /// A producer's staff: issues batches and prints; cannot recall or manage accounts.
    ProducerStaff,
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
    /// Recall a batch of a subject.
    Recall(SubjectId),
    /// Create, disable or reset a person account with this role (and subject).
    ManageAccount(Role, Option<SubjectId>),
    /// Edit a product's passport content and add its documents (the office, or any of the
    /// subject's own producer roles).
    EditContent(SubjectId),
    /// Confirm a conformity document so it shows publicly (inspectors and the admin).
    ConfirmDocument,
}

/// A refused action, with a sentence saying why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

impl Role {
    /// Every role, in the order the console lists them.
    pub const ALL: [Role; 6] = [
        Self::Admin,
        Self::OfficeStaff,
        Self::Inspector,
        Self::ProducerManager,
        Self::ProducerStaff,
        Self::Producer,
    ];

    /// The published name (`admin`, `office_staff`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Producer => "producer",
            Self::Inspector => "inspector",
            Self::OfficeStaff => "office_staff",
            Self::ProducerManager => "producer_manager",
            Self::ProducerStaff => "producer_staff",
        }
    }

    /// Reads everything (the office and inspectors).
    pub fn reads_all(self) -> bool {
        matches!(self, Self::Admin | Self::Inspector | Self::OfficeStaff)
    }

    /// May change anything at all (everyone but inspectors).
    pub fn writes(self) -> bool {
        !matches!(self, Self::Inspector)
    }

    /// Confined to one subject (a producer token or a producer's person).
    pub fn is_producer(self) -> bool {
        matches!(
            self,
            Self::Producer | Self::ProducerManager | Self::ProducerStaff
        )
    }

    /// Works at the province office (admin or staff).
    pub fn is_office(self) -> bool {
        matches!(self, Self::Admin | Self::OfficeStaff)
    }

    /// A role person accounts may have (not the machine-only `producer`).
    pub fn for_people(self) -> bool {
        self != Self::Producer
    }
}

impl Principal {
    /// True if the caller may do `a`.
    pub fn may(&self, a: Action) -> bool {
        let own = |s: SubjectId| self.role.is_producer() && self.subject_id == Some(s);
        let admin = self.role == Role::Admin;
        match a {
            Action::ReadRegistry | Action::Inspect => self.role.reads_all(),
            Action::ReadSubject(s) => self.role.reads_all() || own(s),
            Action::ManageRegistry => self.role.is_office(),
            Action::Operate | Action::AssessPotential => admin,
            Action::ActFor(s) => admin || own(s),
            Action::RecordInspection(_) => self.role.reads_all(),
            Action::Recall(s) => admin || (own(s) && self.role != Role::ProducerStaff),
            Action::EditContent(s) => self.role.is_office() || own(s),
            Action::ConfirmDocument => admin || self.role == Role::Inspector,
            Action::ManageAccount(role, subject) => match self.role {
                Role::Admin => true,
                // The office's staff handle producers' people, not the office's own.
                Role::OfficeStaff => role.is_producer(),
                // A manager handles the staff of their own subject.
                Role::ProducerManager => role == Role::ProducerStaff && subject.is_some_and(own),
                _ => false,
            },
        }
    }

    /// `Ok` if the caller may do `a`, else why not.
    pub fn check(&self, a: Action) -> Result<(), Denied> {
        if self.may(a) {
            return Ok(());
        }
        Err(Denied(match a {
            Action::Recall(_) if self.role == Role::ProducerStaff => {
                "only the producer's manager may recall a batch".into()
            }
            Action::ReadSubject(_) | Action::ActFor(_) | Action::Recall(_)
                if self.role.is_producer() =>
            {
                "this belongs to another producer".into()
            }
            Action::Recall(_) => "only the office or the producer itself may recall".into(),
            Action::ManageAccount(..) => "this account is not yours to manage".into(),
            Action::ActFor(_) | Action::EditContent(_) => {
                "only the office or the producer itself may do this".into()
            }
            Action::ConfirmDocument => "only inspectors confirm documents".into(),
            Action::RecordInspection(_) => {
                "only inspectors and the office record inspections".into()
            }
            Action::ManageRegistry => "this action needs the office".into(),
            Action::Operate | Action::AssessPotential => "this action needs the admin role".into(),
            _ => "this action needs the admin or inspector role".into(),
        }))
    }

    /// The only subject whose records a list may show this caller (`None`: every subject).
    pub fn scope(&self) -> Option<SubjectId> {
        if self.role.is_producer() {
            Some(self.subject_id.unwrap_or(SubjectId::MAX))
        } else {
            None
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
            (Action::EditContent(1), true, false, true),
            (Action::EditContent(2), true, false, false),
            (Action::ConfirmDocument, true, true, false),
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

    #[test]
    fn person_roles_follow_the_issue() {
        let staff = p(Role::OfficeStaff, None);
        let manager = p(Role::ProducerManager, Some(1));
        let pstaff = p(Role::ProducerStaff, Some(1));
        let insp = p(Role::Inspector, None);
        // (action, office staff, producer manager of 1, producer staff of 1, inspector)
        let table = [
            (Action::ManageRegistry, true, false, false, false),
            (Action::Operate, false, false, false, false),
            (Action::ReadSubject(2), true, false, false, true),
            (Action::ActFor(1), false, true, true, false),
            (Action::ActFor(2), false, false, false, false),
            (Action::Recall(1), false, true, false, false),
            (Action::Recall(2), false, false, false, false),
            (
                Action::ManageAccount(Role::ProducerManager, Some(1)),
                true,
                false,
                false,
                false,
            ),
            (
                Action::ManageAccount(Role::ProducerStaff, Some(1)),
                true,
                true,
                false,
                false,
            ),
            (
                Action::ManageAccount(Role::ProducerStaff, Some(2)),
                true,
                false,
                false,
                false,
            ),
            (
                Action::ManageAccount(Role::OfficeStaff, None),
                false,
                false,
                false,
                false,
            ),
        ];
        for (action, st, m, ps, i) in table {
            assert_eq!(staff.may(action), st, "office staff {action:?}");
            assert_eq!(manager.may(action), m, "manager {action:?}");
            assert_eq!(pstaff.may(action), ps, "producer staff {action:?}");
            assert_eq!(insp.may(action), i, "inspector {action:?}");
        }
        assert!(p(Role::Admin, None).may(Action::ManageAccount(Role::Admin, None)));
        assert_eq!(pstaff.scope(), Some(1));
        assert_eq!(staff.scope(), None);
    }
}
