//! Inspector views: certificates by status, the potential-5★ flag, and search.

use super::{App, ServiceError};
use crate::domain::{Action, Principal};
use crate::domain::{
    Batch, CertStatus, Certificate, CertificateId, DomainError, Product, Recall, Rules, Subject,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A certificate with what an inspector needs beside it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CertificateRow {
    pub certificate: Certificate,
    pub status: CertStatus,
    /// Days until `valid_until` (negative once expired).
    pub days_left: i64,
    pub product_name: String,
    pub subject_id: u64,
    pub subject_name: String,
}

/// Batch search filters (all optional, combined with AND).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BatchSearch {
    pub subject_id: Option<u64>,
    pub product_id: Option<u64>,
    pub gtin: Option<String>,
    pub lot: Option<String>,
    /// Matches the certificate's issuing body and any body it succeeded (mergers).
    pub issuing_body: Option<String>,
    /// Status of the product's current certificate today.
    pub cert_status: Option<CertStatus>,
    /// Issued on or after / on or before (YYYY-MM-DD).
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
    pub recalled: Option<bool>,
    /// Product or subject name, diacritics and case ignored.
    pub q: Option<String>,
    pub after: Option<u64>,
    pub limit: Option<usize>,
}

/// One search hit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchHit {
    pub batch: Batch,
    pub product_name: String,
    pub subject_name: String,
    pub issuing_body: String,
    pub cert_status: Option<CertStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recall: Option<Recall>,
    pub trace_events: usize,
    pub print_runs: usize,
}

/// Folds Vietnamese text for matching: NFD, drop combining marks, đ→d, lowercase.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

impl App {
    /// Shoppers' reports of suspected fakes, oldest first, after `after`.
    pub fn reports(
        &self,
        who: &Principal,
        after: Option<u64>,
        limit: usize,
    ) -> Result<Vec<crate::domain::Report>, ServiceError> {
        who.check(Action::Inspect)?;
        Ok(self.store.reports(after, limit)?)
    }

    /// A batch's traceability events, in recording order.
    pub fn batch_events(
        &self,
        who: &Principal,
        id: crate::domain::BatchId,
    ) -> Result<Vec<crate::domain::TraceEvent>, ServiceError> {
        let batch = self.batch_for(who, id)?;
        Ok(self.store.trace_events(batch.id)?)
    }

    /// Certificates whose status today is `status` (e.g. expiring within 30 days).
    pub fn certificates_by_status(
        &self,
        who: &Principal,
        status: CertStatus,
    ) -> Result<Vec<CertificateRow>, ServiceError> {
        who.check(Action::Inspect)?;
        let today = self.clock.today();
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let page = self.store.products(after, 1000)?;
            let Some(last) = page.last().map(|p| p.id) else {
                break;
            };
            for p in page {
                for c in self.store.certificates_of(p.id)? {
                    let st = c.status_on(today);
                    if st != status {
                        continue;
                    }
                    let subject = self.store.subject(p.subject_id)?;
                    out.push(CertificateRow {
                        days_left: (c.valid_until - today).num_days(),
                        status: st,
                        product_name: p.name.clone(),
                        subject_id: p.subject_id,
                        subject_name: subject.map(|s| s.name).unwrap_or_default(),
                        certificate: c,
                    });
                }
            }
            after = Some(last);
        }
        out.sort_by_key(|r| r.certificate.valid_until);
        Ok(out)
    }

    /// Sets or clears the potential-5★ flag of a product's current 4★ certificate.
    pub fn set_potential_5_star(
        &self,
        who: &Principal,
        id: CertificateId,
        value: bool,
        note: Option<&str>,
    ) -> Result<Certificate, ServiceError> {
        who.check(Action::AssessPotential)?;
        let mut c = self
            .store
            .certificate(id)?
            .ok_or_else(|| ServiceError::NotFound(format!("certificate {id} does not exist")))?;
        if value && c.star.get() != 4 {
            return Err(DomainError::InvalidStar(
                "only a 4★ rating can be proposed as potential 5★".into(),
            )
            .into());
        }
        if c.superseded_by.is_some() || c.status_on(self.clock.today()) == CertStatus::Revoked {
            return Err(ServiceError::Conflict(crate::store::Conflict::new(
                "certificate_not_current",
                format!("certificate {id} is superseded or revoked"),
            )));
        }
        c.potential_5_star = value;
        let note = crate::domain::text::nfc_opt("note", note, 500)?;
        let ev =
            crate::domain::LogEvent::potential_5_star(self.clock.now(), who, &c, note.as_deref());
        self.store.update_certificate(&c, &ev)??;
        Ok(c)
    }

    /// Batches matching every given filter, in id order, paged.
    pub fn search_batches(
        &self,
        who: &Principal,
        q: &BatchSearch,
    ) -> Result<Vec<BatchHit>, ServiceError> {
        who.check(Action::Inspect)?;
        let today = self.clock.today();
        let limit = q.limit.unwrap_or(100).clamp(1, 1000);
        let gtin = q
            .gtin
            .as_deref()
            .map(crate::domain::Gtin::parse)
            .transpose()?;
        let bodies = q
            .issuing_body
            .as_deref()
            .map(|b| Rules::get().body_lineage(&b.nfc().collect::<String>()));
        let needle = q.q.as_deref().map(fold);
        let mut out = Vec::new();
        let mut after = q.after;
        'scan: loop {
            let page = self.store.batches(q.subject_id, after, 1000)?;
            let Some(last) = page.last().map(|b| b.id) else {
                break;
            };
            for b in page {
                if q.product_id.is_some_and(|p| p != b.product_id)
                    || gtin.as_ref().is_some_and(|g| b.gtin.as_ref() != Some(g))
                    || q.lot.as_deref().is_some_and(|l| l != b.lot.as_str())
                {
                    continue;
                }
                let day = b.issued_at.date_naive();
                if q.issued_from.is_some_and(|f| day < f) || q.issued_to.is_some_and(|t| day > t) {
                    continue;
                }
                let recall = self.store.recall(b.id)?;
                if q.recalled.is_some_and(|r| r != recall.is_some()) {
                    continue;
                }
                let Some(product): Option<Product> = self.store.product(b.product_id)? else {
                    continue;
                };
                let subject: Option<Subject> = self.store.subject(b.subject_id)?;
                let subject_name = subject.map(|s| s.name).unwrap_or_default();
                if let Some(n) = &needle
                    && !fold(&product.name).contains(n.as_str())
                    && !fold(&subject_name).contains(n.as_str())
                {
                    continue;
                }
                let issued_cert = self.store.certificate(b.certificate_id)?;
                let issuing_body = issued_cert.map(|c| c.issuing_body).unwrap_or_default();
                if bodies
                    .as_ref()
                    .is_some_and(|bs| !bs.contains(&issuing_body))
                {
                    continue;
                }
                let cert_status = self
                    .current_certificate(b.product_id)?
                    .map(|c| c.status_on(today));
                if q.cert_status.is_some_and(|s| Some(s) != cert_status) {
                    continue;
                }
                out.push(BatchHit {
                    trace_events: self.store.trace_events(b.id)?.len(),
                    print_runs: self.store.print_runs(b.id)?.len(),
                    product_name: product.name,
                    subject_name,
                    issuing_body,
                    cert_status,
                    recall,
                    batch: b,
                });
                if out.len() >= limit {
                    break 'scan;
                }
            }
            after = Some(last);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn folding_ignores_diacritics_and_case() {
        assert_eq!(super::fold("Mật hoa dừa ĐẶC SẢN"), "mat hoa dua dac san");
    }
}
