//! What the province office's console pages read and do beyond the registry verbs: the
//! registry by subject, one product with its certificates, a dry run of a new decision (so a
//! replacement can be confirmed before it is recorded), the expiring list, the shoppers'
//! reports with the office's handling, clone suspicions across batches, the key set, and the
//! issuance log (`office_log.rs`). Every verb needs the office
//! ([`Action::ManageRegistry`]); inspectors have their own pages.

use super::{App, CertificateRow, ProductLine, ServiceError};
use crate::domain::{
    Action, Batch, CertStatus, Certificate, CertificateId, DomainError, LogEvent, NewCertificate,
    Principal, Product, ProductId, Report, ReportHandling, Role, ScanStats, Subject, text::nfc_opt,
};
use chrono::{DateTime, Utc};

/// One product with its subject and rating history, for the office.
#[derive(Debug)]
pub struct OfficeProduct {
    pub product: Product,
    pub subject: Subject,
    /// Oldest first.
    pub certificates: Vec<Certificate>,
    /// The certificate in force today and its status.
    pub current: Option<(Certificate, CertStatus)>,
}

/// A report with what the office recorded about it, and the name of who did.
#[derive(Debug)]
pub struct ReportLine {
    pub report: Report,
    pub handling: Option<ReportHandling>,
    pub handled_by: Option<String>,
}

/// A batch with units whose scans look like copied labels.
#[derive(Debug)]
pub struct CloneLine {
    pub batch: Batch,
    pub product_name: String,
    pub subject_name: String,
    /// (serial, places in the window, scans, last scan)
    pub units: Vec<(u32, usize, u64, Option<DateTime<Utc>>)>,
}

fn no_product(id: ProductId) -> ServiceError {
    ServiceError::NotFound(format!("product {id} does not exist"))
}

impl App {
    /// Every subject with its products and their certificate status today (newest subject
    /// first).
    pub fn office_registry(
        &self,
        who: &Principal,
    ) -> Result<Vec<(Subject, Vec<ProductLine>)>, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let mut out = Vec::new();
        for s in self.store.subjects(None, usize::MAX)?.into_iter().rev() {
            let lines = self.subject_products(who, s.id)?;
            out.push((s, lines));
        }
        Ok(out)
    }

    /// One product for the office: subject, certificates, the one in force.
    pub fn office_product(
        &self,
        who: &Principal,
        id: ProductId,
    ) -> Result<OfficeProduct, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let product = self.store.product(id)?.ok_or_else(|| no_product(id))?;
        let subject = self.subject(who, product.subject_id)?;
        let certificates = self.store.certificates_of(id)?;
        let today = self.clock.today();
        let current = Certificate::in_force(&certificates, today)
            .cloned()
            .map(|c| {
                let st = c.status_on(today);
                (c, st)
            });
        Ok(OfficeProduct {
            product,
            subject,
            certificates,
            current,
        })
    }

    /// One certificate and its product, for the supersede and revoke pages.
    pub fn office_certificate(
        &self,
        who: &Principal,
        id: CertificateId,
    ) -> Result<(Certificate, Product), ServiceError> {
        who.check(Action::ManageRegistry)?;
        let c = self
            .store
            .certificate(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("certificate {id} does not exist")))?;
        let p = self
            .store
            .product(c.product_id)?
            .ok_or_else(|| no_product(c.product_id))?;
        Ok((c, p))
    }

    /// Checks a decision that would replace certificate `old` without recording anything:
    /// the same refusals [`App::supersede_certificate`] gives.
    pub fn check_supersede(
        &self,
        who: &Principal,
        old: CertificateId,
        input: NewCertificate,
    ) -> Result<Certificate, ServiceError> {
        let (prev, _) = self.office_certificate(who, old)?;
        super::registry::replaceable(&prev)?;
        if input.decision_date < prev.decision_date {
            return Err(DomainError::InvalidDate(format!(
                "the new decision ({}) predates the one it replaces ({})",
                input.decision_date, prev.decision_date
            ))
            .into());
        }
        Ok(input.into_certificate(0, prev.product_id, self.clock.today(), self.clock.now())?)
    }

    /// Certificates that end within the notice window, then those ended within
    /// [`RECENTLY_ENDED_DAYS`] and not replaced, each sorted by end date; with `older`, only
    /// those that ended before that (the office's long tail of lapsed products).
    pub fn expiring_certificates(
        &self,
        who: &Principal,
        older: bool,
    ) -> Result<ExpiringList, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let recent = |r: &CertificateRow| r.days_left >= -RECENTLY_ENDED_DAYS;
        let (ended_recently, ended_long_ago): (Vec<_>, Vec<_>) = self
            .certificates_by_status(who, CertStatus::Expired)?
            .into_iter()
            .partition(recent);
        if older {
            return Ok(ExpiringList {
                rows: ended_long_ago,
                older: 0,
            });
        }
        let mut rows = self.certificates_by_status(who, CertStatus::Expiring)?;
        rows.extend(ended_recently);
        Ok(ExpiringList {
            rows,
            older: ended_long_ago.len(),
        })
    }

    /// Shoppers' reports, newest first, with the office's handling.
    pub fn office_reports(&self, who: &Principal) -> Result<Vec<ReportLine>, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let handlings = self.store.report_handlings()?;
        let accounts = self.store.accounts()?;
        let mut out: Vec<ReportLine> = self
            .store
            .reports(None, usize::MAX)?
            .into_iter()
            .map(|report| {
                let handling = handlings.iter().find(|h| h.report_id == report.id).cloned();
                let handled_by = handling.as_ref().and_then(|h| {
                    accounts
                        .iter()
                        .find(|a| a.credential_id() == h.by)
                        .map(|a| a.display_name.clone())
                });
                ReportLine {
                    report,
                    handling,
                    handled_by,
                }
            })
            .collect();
        out.reverse();
        Ok(out)
    }

    /// Records whether a report is handled, with the office's note.
    pub fn handle_report(
        &self,
        who: &Principal,
        id: u64,
        handled: bool,
        note: &str,
    ) -> Result<ReportHandling, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let exists = self
            .store
            .reports(id.checked_sub(1), 1)?
            .first()
            .is_some_and(|r| r.id == id);
        if !exists {
            return Err(ServiceError::NotFound(format!(
                "report {id} does not exist"
            )));
        }
        let h = ReportHandling {
            report_id: id,
            handled,
            note: nfc_opt("note", Some(note), 1000)?,
            by: who.token_id.clone(),
            at: self.clock.now(),
        };
        let ev = LogEvent::report_handled(h.at, who, id, handled, h.note.as_deref());
        self.store.put_report_handling(&h, &ev)?;
        Ok(h)
    }

    /// Batches with units whose scans exceed the clone policy now, newest batch first.
    pub fn clone_suspicions(&self, who: &Principal) -> Result<Vec<CloneLine>, ServiceError> {
        who.check(Action::ManageRegistry)?;
        self.write_back_scans()?;
        let now = self.clock.now();
        let mut out = Vec::new();
        for batch in self
            .store
            .batches(None, None, usize::MAX)?
            .into_iter()
            .rev()
        {
            let units: Vec<_> = self
                .store
                .scans_of_batch(batch.id)?
                .into_iter()
                .filter(|(_, s)| self.clone_suspected(s))
                .map(|(serial, s): (u32, ScanStats)| {
                    let e = self.scan_policy.judge(&s, now);
                    (serial, e.summary.distinct_sources, s.count, s.last)
                })
                .collect();
            if units.is_empty() {
                continue;
            }
            let product_name = self
                .store
                .product(batch.product_id)?
                .map(|p| p.name)
                .unwrap_or_default();
            let subject_name = self
                .store
                .subject(batch.subject_id)?
                .map(|s| s.name)
                .unwrap_or_default();
            out.push(CloneLine {
                batch,
                product_name,
                subject_name,
                units,
            });
        }
        Ok(out)
    }
}

/// How long an ended certificate stays on the expiring list before it moves to "older".
pub const RECENTLY_ENDED_DAYS: i64 = 90;

/// The expiring list: its rows, and how many ended certificates are older than it shows.
#[derive(Debug, Default)]
pub struct ExpiringList {
    pub rows: Vec<CertificateRow>,
    pub older: usize,
}

/// What the office home counts: certificates ending soon or ended, reports not handled.
#[derive(Debug, Default)]
pub struct OfficeSummary {
    pub expiring: usize,
    pub expired: usize,
    pub open_reports: usize,
}

impl App {
    /// The office home's counts.
    pub fn office_summary(&self, who: &Principal) -> Result<OfficeSummary, ServiceError> {
        let rows = self.expiring_certificates(who, false)?.rows;
        let expiring = rows
            .iter()
            .filter(|r| r.status == CertStatus::Expiring)
            .count();
        Ok(OfficeSummary {
            expiring,
            expired: rows.len() - expiring,
            open_reports: self
                .office_reports(who)?
                .iter()
                .filter(|l| !l.handling.as_ref().is_some_and(|h| h.handled))
                .count(),
        })
    }

    /// An account the caller may re-role, the roles it may be given (its current one
    /// included) and the producer it belongs to. A producer's person stays a producer's,
    /// of the same subject; an office account stays an office account.
    pub fn role_choices(
        &self,
        who: &Principal,
        id: crate::domain::AccountId,
    ) -> Result<(crate::domain::Account, Vec<Role>, Option<Subject>), ServiceError> {
        let a = self
            .store
            .account(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("account {id} does not exist")))?;
        who.check(Action::ManageAccount(a.role, a.subject_id))?;
        let roles = Role::ALL
            .into_iter()
            .filter(|r| r.for_people() && r.is_producer() == a.role.is_producer())
            .filter(|r| who.may(Action::ManageAccount(*r, a.subject_id)))
            .collect();
        let subject = match a.subject_id {
            Some(s) => self.store.subject(s)?,
            None => None,
        };
        Ok((a, roles, subject))
    }
}

#[cfg(test)]
#[path = "office_tests.rs"]
mod tests;
