//! Registering subjects, products and certificates (the province office's work).

use super::{App, ServiceError};
use crate::domain::{
    Action, CertStatus, Certificate, CertificateId, LogEvent, NewCertificate, NewProduct,
    NewSubject, Principal, Product, ProductId, Revocation, Subject, SubjectId, text::nfc_text,
};
use chrono::NaiveDate;

impl App {
    /// Registers a producer.
    pub fn create_subject(
        &self,
        who: &Principal,
        input: NewSubject,
    ) -> Result<Subject, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let s = input.into_subject(self.store.next_id()?, self.clock.now())?;
        let ev = LogEvent::subject_registered(self.clock.now(), who, &s);
        self.store.insert_subject(&s, &ev)??;
        Ok(s)
    }

    /// Registers a product of an existing subject.
    pub fn create_product(
        &self,
        who: &Principal,
        input: NewProduct,
    ) -> Result<Product, ServiceError> {
        who.check(Action::ManageRegistry)?;
        if self.store.subject(input.subject_id)?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "subject {} does not exist",
                input.subject_id
            )));
        }
        let p = input.into_product(self.store.next_id()?, self.clock.now())?;
        let ev = LogEvent::product_registered(self.clock.now(), who, &p);
        self.store.insert_product(&p, &ev)??;
        Ok(p)
    }

    /// The certificate that currently stands for a product: the newest one not superseded.
    pub fn current_certificate(
        &self,
        product: ProductId,
    ) -> Result<Option<Certificate>, ServiceError> {
        let certs = self.store.certificates_of(product)?;
        Ok(Certificate::in_force(&certs, self.clock.today()).cloned())
    }

    /// Grants a first certificate (or a new one after revocation). A product whose current
    /// certificate is not revoked needs [`App::supersede_certificate`] instead.
    pub fn grant_certificate(
        &self,
        who: &Principal,
        product: ProductId,
        input: NewCertificate,
    ) -> Result<Certificate, ServiceError> {
        who.check(Action::ManageRegistry)?;
        if self.store.product(product)?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "product {product} does not exist"
            )));
        }
        let current = self.current_certificate(product)?;
        let today = self.clock.today();
        let supersede = match current {
            Some(c) if c.status_on(today) != CertStatus::Revoked => {
                return Err(ServiceError::Conflict(crate::store::Conflict::new(
                    "certificate_exists",
                    format!(
                        "product {product} already holds certificate {}; renew, upgrade or downgrade it with POST /api/v1/certificates/{}/supersede",
                        c.id, c.id
                    ),
                )));
            }
            // A revoked certificate stays in the history; the new grant links to it.
            Some(c) => Some((c.id, input.decision_date)),
            None => None,
        };
        let mut cert =
            input.into_certificate(self.store.next_id()?, product, today, self.clock.now())?;
        cert.supersedes = supersede.map(|(id, _)| id);
        let ev = LogEvent::certificate_granted(self.clock.now(), who, &cert);
        self.store.insert_certificate(&cert, supersede, &ev)??;
        Ok(cert)
    }

    /// Replaces a certificate by a new decision (renewal, upgrade or downgrade). The old one
    /// is marked superseded from the new decision date.
    pub fn supersede_certificate(
        &self,
        who: &Principal,
        old: CertificateId,
        input: NewCertificate,
    ) -> Result<Certificate, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let prev = self
            .store
            .certificate(old)?
            .ok_or_else(|| ServiceError::NotFound(format!("certificate {old} does not exist")))?;
        replaceable(&prev)?;
        if input.decision_date < prev.decision_date {
            return Err(crate::domain::DomainError::InvalidDate(format!(
                "the new decision ({}) predates the one it replaces ({})",
                input.decision_date, prev.decision_date
            ))
            .into());
        }
        let today = self.clock.today();
        let mut cert = input.into_certificate(
            self.store.next_id()?,
            prev.product_id,
            today,
            self.clock.now(),
        )?;
        cert.supersedes = Some(old);
        let ev = LogEvent::certificate_superseded(self.clock.now(), who, &prev, &cert);
        self.store
            .insert_certificate(&cert, Some((old, cert.decision_date)), &ev)??;
        Ok(cert)
    }

    /// Revokes a certificate from `date` (default today).
    pub fn revoke_certificate(
        &self,
        who: &Principal,
        id: CertificateId,
        reason: &str,
        date: Option<NaiveDate>,
    ) -> Result<Certificate, ServiceError> {
        who.check(Action::ManageRegistry)?;
        let reason = nfc_text("reason", reason, 500)?;
        let r = Revocation {
            date: date.unwrap_or_else(|| self.clock.today()),
            reason,
        };
        let ev = LogEvent::certificate_revoked(self.clock.now(), who, id, &r);
        Ok(self.store.revoke_certificate(id, &r, &ev)??)
    }
}

impl App {
    /// Subjects with id above `after`, for the office and inspectors.
    pub fn subjects(
        &self,
        who: &Principal,
        after: Option<SubjectId>,
        limit: usize,
    ) -> Result<Vec<Subject>, ServiceError> {
        who.check(Action::ReadRegistry)?;
        Ok(self.store.subjects(after, limit)?)
    }

    /// One subject the caller may read.
    pub fn subject(&self, who: &Principal, id: SubjectId) -> Result<Subject, ServiceError> {
        who.check(Action::ReadSubject(id))?;
        self.store
            .subject(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("subject {id} does not exist")))
    }

    /// One product the caller may read.
    pub fn product(&self, who: &Principal, id: ProductId) -> Result<Product, ServiceError> {
        let p = self
            .store
            .product(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("product {id} does not exist")))?;
        who.check(Action::ReadSubject(p.subject_id))?;
        Ok(p)
    }

    /// A product's certificates, oldest first (its rating history).
    pub fn product_certificates(
        &self,
        who: &Principal,
        id: ProductId,
    ) -> Result<Vec<Certificate>, ServiceError> {
        self.product(who, id)?;
        Ok(self.store.certificates_of(id)?)
    }
}

/// A revoked certificate is not replaced (the product gets a new grant, which links to it),
/// nor one already replaced (the store refuses that inside the write too; checking here
/// lets the office's dry run say so before the confirmation step).
pub(super) fn replaceable(prev: &Certificate) -> Result<(), ServiceError> {
    if prev.superseded_by.is_some() {
        return Err(ServiceError::Conflict(crate::store::Conflict::new(
            "already_superseded",
            format!("certificate {} was already superseded", prev.id),
        )));
    }
    if prev.revocation.is_some() {
        return Err(ServiceError::Conflict(crate::store::Conflict::new(
            "certificate_revoked",
            format!(
                "certificate {} is revoked; grant a new one with POST /api/v1/products/{}/certificates",
                prev.id, prev.product_id
            ),
        )));
    }
    Ok(())
}
