//! Registering subjects, products and certificates (the province office's work).

use super::{App, ServiceError};
use crate::domain::{
    CertStatus, Certificate, CertificateId, NewCertificate, NewProduct, NewSubject, Product,
    ProductId, Revocation, Subject, text::nfc_text,
};
use chrono::NaiveDate;

impl App {
    /// Registers a producer.
    pub fn create_subject(&self, input: NewSubject) -> Result<Subject, ServiceError> {
        let s = input.into_subject(self.store.next_id()?, self.clock.now())?;
        self.store.insert_subject(&s)??;
        Ok(s)
    }

    /// Registers a product of an existing subject.
    pub fn create_product(&self, input: NewProduct) -> Result<Product, ServiceError> {
        if self.store.subject(input.subject_id)?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "subject {} does not exist",
                input.subject_id
            )));
        }
        let p = input.into_product(self.store.next_id()?, self.clock.now())?;
        self.store.insert_product(&p)??;
        Ok(p)
    }

    /// The certificate that currently stands for a product: the newest one not superseded.
    pub fn current_certificate(
        &self,
        product: ProductId,
    ) -> Result<Option<Certificate>, ServiceError> {
        Ok(self
            .store
            .certificates_of(product)?
            .into_iter()
            .rfind(|c| c.superseded_by.is_none()))
    }

    /// Grants a first certificate (or a new one after revocation). A product whose current
    /// certificate is not revoked needs [`App::supersede_certificate`] instead.
    pub fn grant_certificate(
        &self,
        product: ProductId,
        input: NewCertificate,
    ) -> Result<Certificate, ServiceError> {
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
        self.store.insert_certificate(&cert, supersede)??;
        Ok(cert)
    }

    /// Replaces a certificate by a new decision (renewal, upgrade or downgrade). The old one
    /// is marked superseded from the new decision date.
    pub fn supersede_certificate(
        &self,
        old: CertificateId,
        input: NewCertificate,
    ) -> Result<Certificate, ServiceError> {
        let prev = self
            .store
            .certificate(old)?
            .ok_or_else(|| ServiceError::NotFound(format!("certificate {old} does not exist")))?;
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
        self.store
            .insert_certificate(&cert, Some((old, cert.decision_date)))??;
        Ok(cert)
    }

    /// Revokes a certificate from `date` (default today).
    pub fn revoke_certificate(
        &self,
        id: CertificateId,
        reason: &str,
        date: Option<NaiveDate>,
    ) -> Result<Certificate, ServiceError> {
        let reason = nfc_text("reason", reason, 500)?;
        let r = Revocation {
            date: date.unwrap_or_else(|| self.clock.today()),
            reason,
        };
        Ok(self.store.revoke_certificate(id, &r)??)
    }
}
