//! Registering subjects, products and certificates (the province office's work).

use super::{App, ServiceError};
use crate::access::Principal;
use crate::domain::{
    CertStatus, Certificate, CertificateId, NewCertificate, NewProduct, NewSubject, Product,
    ProductId, Revocation, Subject, text::nfc_text,
};
use chrono::NaiveDate;
use serde_json::json;

impl App {
    /// Registers a producer.
    pub fn create_subject(
        &self,
        who: &Principal,
        input: NewSubject,
    ) -> Result<Subject, ServiceError> {
        let s = input.into_subject(self.store.next_id()?, self.clock.now())?;
        let ev = self.event(
            who,
            "subject_registered",
            json!({"subject_id": s.id, "name": s.name, "kind": s.kind, "registration_no": s.registration_no, "address": s.address}),
        );
        self.store.insert_subject(&s, &ev)??;
        Ok(s)
    }

    /// Registers a product of an existing subject.
    pub fn create_product(
        &self,
        who: &Principal,
        input: NewProduct,
    ) -> Result<Product, ServiceError> {
        if self.store.subject(input.subject_id)?.is_none() {
            return Err(ServiceError::NotFound(format!(
                "subject {} does not exist",
                input.subject_id
            )));
        }
        let p = input.into_product(self.store.next_id()?, self.clock.now())?;
        let ev = self.event(
            who,
            "product_registered",
            json!({"product_id": p.id, "subject_id": p.subject_id, "name": p.name, "group": p.group, "gtin": p.gtin}),
        );
        self.store.insert_product(&p, &ev)??;
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
        who: &Principal,
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
        let ev = self.event(who, "certificate_granted", cert_data(&cert));
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
        let kind = match cert.star.cmp(&prev.star) {
            std::cmp::Ordering::Greater => "certificate_upgraded",
            std::cmp::Ordering::Less => "certificate_downgraded",
            std::cmp::Ordering::Equal => "certificate_renewed",
        };
        let ev = self.event(who, kind, cert_data(&cert));
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
        let reason = nfc_text("reason", reason, 500)?;
        let r = Revocation {
            date: date.unwrap_or_else(|| self.clock.today()),
            reason,
        };
        let ev = self.event(
            who,
            "certificate_revoked",
            json!({"certificate_id": id, "date": r.date, "reason": r.reason}),
        );
        Ok(self.store.revoke_certificate(id, &r, &ev)??)
    }
}

fn cert_data(c: &Certificate) -> serde_json::Value {
    json!({
        "certificate_id": c.id, "product_id": c.product_id, "star": c.star,
        "potential_5_star": c.potential_5_star, "score": c.score, "decision_no": c.decision_no,
        "decision_date": c.decision_date, "issuing_body": c.issuing_body, "level": c.level,
        "valid_until": c.valid_until, "supersedes": c.supersedes,
    })
}
