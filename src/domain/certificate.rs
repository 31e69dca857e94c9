//! OCOP certificates (giấy chứng nhận) and their status on a given day.

use super::{DomainError, IssuingLevel, ProductId, Rules, Star, text::nfc_text};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Identifier of a certificate in the store.
pub type CertificateId = u64;

/// Input for granting a certificate to a product.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCertificate {
    pub star: u8,
    /// "Tiềm năng 5 sao": only on a 4★ rating.
    #[serde(default)]
    pub potential_5_star: bool,
    #[serde(default)]
    pub score: Option<u8>,
    /// As written on the decision, e.g. "1306/QĐ-UBND".
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub issuing_body: String,
    pub level: IssuingLevel,
    /// Defaults to the decision date plus the rules' validity (36 months) minus one day.
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// Why and when a certificate was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Revocation {
    pub date: NaiveDate,
    pub reason: String,
}

/// A certificate held by a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Certificate {
    pub id: CertificateId,
    pub product_id: ProductId,
    #[schema(value_type = u8)]
    pub star: Star,
    pub potential_5_star: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    pub decision_no: String,
    pub decision_date: NaiveDate,
    pub issuing_body: String,
    pub level: IssuingLevel,
    pub valid_until: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation: Option<Revocation>,
    /// The certificate this one replaced (renewal, upgrade or downgrade).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<CertificateId>,
    /// Set when a newer certificate replaced this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<CertificateId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

/// A certificate's standing on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertStatus {
    Active,
    /// Active, but ends within the notice window (30 days).
    Expiring,
    Expired,
    Revoked,
    Superseded,
}

impl CertStatus {
    /// True while the product may show its stars.
    pub fn is_valid(self) -> bool {
        matches!(self, Self::Active | Self::Expiring)
    }
}

impl NewCertificate {
    /// Validates stars, score band, competence and dates.
    pub fn into_certificate(
        self,
        id: CertificateId,
        product_id: ProductId,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Certificate, DomainError> {
        let rules = Rules::get();
        let star = Star::new(self.star)?;
        if self.potential_5_star && star.get() != 4 {
            return Err(DomainError::InvalidStar(
                "the potential 5★ flag applies only to a 4★ rating".into(),
            ));
        }
        rules.check_score(star, self.score)?;
        rules.check_competence(self.level, star, self.decision_date)?;
        if self.decision_date > today {
            return Err(DomainError::InvalidDate(format!(
                "decision date {} is in the future",
                self.decision_date
            )));
        }
        let valid_until = match self.valid_until {
            Some(v) => v,
            None => default_valid_until(self.decision_date)?,
        };
        if valid_until < self.decision_date {
            return Err(DomainError::InvalidDate(
                "valid_until is before the decision date".into(),
            ));
        }
        Ok(Certificate {
            id,
            product_id,
            star,
            potential_5_star: self.potential_5_star,
            score: self.score,
            decision_no: nfc_text("decision_no", &self.decision_no, 60)?,
            decision_date: self.decision_date,
            issuing_body: nfc_text("issuing_body", &self.issuing_body, 200)?,
            level: self.level,
            valid_until,
            revocation: None,
            supersedes: None,
            superseded_by: None,
            superseded_on: None,
            created_at: now,
        })
    }
}

/// Decision date plus the validity period, minus one day (the period includes its first day).
pub fn default_valid_until(decision_date: NaiveDate) -> Result<NaiveDate, DomainError> {
    decision_date
        .checked_add_months(Months::new(Rules::get().certificate_validity_months))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| DomainError::InvalidDate("decision date out of range".into()))
}

impl Certificate {
    /// The one definition of a product's current certificate: among `certs` (one
    /// product's), the latest decision taken by `day` that no later decision had replaced
    /// by then. A revoked certificate stays in force in this sense (its status says so).
    pub fn in_force(certs: &[Certificate], day: NaiveDate) -> Option<&Certificate> {
        certs
            .iter()
            .filter(|c| c.decision_date <= day && c.superseded_on.is_none_or(|s| s > day))
            .max_by_key(|c| (c.decision_date, c.id))
    }

    /// The status on `day`.
    pub fn status_on(&self, day: NaiveDate) -> CertStatus {
        if self.revocation.as_ref().is_some_and(|r| r.date <= day) {
            return CertStatus::Revoked;
        }
        if self.superseded_on.is_some_and(|d| d <= day) {
            return CertStatus::Superseded;
        }
        if day > self.valid_until {
            return CertStatus::Expired;
        }
        if (self.valid_until - day).num_days() <= Rules::get().expiring_window_days {
            return CertStatus::Expiring;
        }
        CertStatus::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn cert() -> Certificate {
        NewCertificate {
            star: 4,
            potential_5_star: true,
            score: Some(85),
            decision_no: "1306/QĐ-UBND".into(),
            decision_date: d("2024-07-13"),
            issuing_body: "UBND tỉnh Trà Vinh".into(),
            level: IssuingLevel::Province,
            valid_until: None,
        }
        .into_certificate(1, 1, d("2026-11-28"), Utc::now())
        .unwrap()
    }

    #[test]
    fn validity_defaults_to_36_months() {
        assert_eq!(cert().valid_until, d("2027-07-12"));
    }

    #[test]
    fn status_moves_through_expiring_to_expired() {
        let c = cert();
        assert_eq!(c.status_on(d("2027-06-01")), CertStatus::Active);
        assert_eq!(c.status_on(d("2027-06-12")), CertStatus::Expiring);
        assert_eq!(c.status_on(d("2027-07-12")), CertStatus::Expiring);
        assert_eq!(c.status_on(d("2027-07-13")), CertStatus::Expired);
    }

    #[test]
    fn revocation_counts_from_its_date() {
        let mut c = cert();
        c.revocation = Some(Revocation {
            date: d("2026-01-01"),
            reason: "x".into(),
        });
        assert_eq!(c.status_on(d("2025-12-31")), CertStatus::Active);
        assert_eq!(c.status_on(d("2026-01-01")), CertStatus::Revoked);
    }

    #[test]
    fn potential_flag_needs_four_stars() {
        let mut n = NewCertificate {
            star: 3,
            potential_5_star: true,
            score: None,
            decision_no: "1/QĐ-UBND".into(),
            decision_date: d("2025-08-01"),
            issuing_body: "UBND tỉnh Vĩnh Long".into(),
            level: IssuingLevel::Province,
            valid_until: None,
        };
        assert!(
            n.clone()
                .into_certificate(1, 1, d("2026-01-01"), Utc::now())
                .is_err()
        );
        n.potential_5_star = false;
        assert!(
            n.into_certificate(1, 1, d("2026-01-01"), Utc::now())
                .is_ok()
        );
    }
}
