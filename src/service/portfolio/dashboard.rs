//! The dashboard: the portfolio counted as of any day (stars, statuses, subjects, groups,
//! areas, issuance and scans by month) with progress against the targets. Separate from the
//! index because it only reads it: one pure function, [`compute_dashboard`], plus the verb
//! that adds the scan counts the log does not hold.

use super::cert_on;
use super::index::PortfolioIndex;
use super::targets::{Measures, TargetProgress, Targets, progress};
use crate::domain::{CertStatus, Rules, Subject, SubjectKind};
use crate::service::{App, ScanMonth, ServiceError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A labelled count.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct Count {
    pub key: String,
    pub vi: String,
    pub en: String,
    pub count: u64,
}

/// Monthly issuance.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct MonthRow {
    pub month: String,
    pub batches: u64,
    pub labels: u64,
}

/// The dashboard numbers.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct Dashboard {
    pub as_of: NaiveDate,
    /// Products holding a valid certificate on `as_of`.
    pub rated_products: u64,
    /// 3★, 4★, potential 5★ (a flagged 4★) and 5★.
    pub by_star: Vec<Count>,
    /// Status on `as_of` of each product's certificate in force then.
    pub by_status: Vec<Count>,
    /// Subjects holding at least one rated product.
    pub subjects: u64,
    pub subjects_by_kind: Vec<Count>,
    pub by_group: Vec<Count>,
    /// Kept for history: districts were abolished on 1 July 2025.
    pub by_district: Vec<Count>,
    /// Rated products by today's units: "commune, province" of the producer (province alone
    /// when the commune is not recorded).
    #[serde(default)]
    pub by_area: Vec<Count>,
    pub batches_by_month: Vec<MonthRow>,
    /// Shoppers' scans of unit labels per month with their verdicts (empty until a label is
    /// scanned; `GET /api/v1/verify` does not count). Every month so far, like
    /// `batches_by_month`.
    pub scans_by_month: Vec<ScanMonth>,
    pub targets: Vec<TargetProgress>,
}

fn count(key: &str, vi: &str, en: &str, n: u64) -> Count {
    Count {
        key: key.into(),
        vi: vi.into(),
        en: en.into(),
        count: n,
    }
}

impl App {
    /// The dashboard as of `day` (default today).
    pub fn dashboard(&self, day: Option<NaiveDate>) -> Result<Dashboard, ServiceError> {
        let day = day.unwrap_or_else(|| self.clock.today());
        let idx = self.portfolio()?;
        let mut d = compute_dashboard(&idx, day, &self.targets);
        d.scans_by_month = self.scans_by_month()?;
        Ok(d)
    }
}

/// The dashboard numbers from an index (scans, which the log does not record, are left
/// empty: [`App::dashboard`] adds them).
pub fn compute_dashboard(idx: &PortfolioIndex, day: NaiveDate, targets: &Targets) -> Dashboard {
    let (mut s3, mut s4, mut p5, mut s5) = (0u64, 0u64, 0u64, 0u64);
    let mut status: BTreeMap<&str, u64> = BTreeMap::new();
    let mut groups: BTreeMap<String, u64> = BTreeMap::new();
    let mut districts: BTreeMap<String, u64> = BTreeMap::new();
    let mut areas: BTreeMap<String, u64> = BTreeMap::new();
    let mut rated_subjects: HashMap<u64, &Subject> = HashMap::new();
    let (mut upgraded, mut brand, mut trademark, mut tourism) = (0u64, 0u64, 0u64, 0u64);
    let mut green_subjects: HashMap<u64, ()> = HashMap::new();
    let mut villages: HashMap<&str, ()> = HashMap::new();
    let mut rated = 0u64;
    for e in &idx.products {
        let (p, certs) = (&e.product, &e.certificates);
        let Some(c) = cert_on(certs, day) else {
            continue;
        };
        let st = c.status_on(day);
        let key = match st {
            CertStatus::Active => "active",
            CertStatus::Expiring => "expiring",
            CertStatus::Expired => "expired",
            CertStatus::Revoked => "revoked",
            CertStatus::Superseded => "superseded",
        };
        *status.entry(key).or_default() += 1;
        if !st.is_valid() {
            continue;
        }
        rated += 1;
        match (c.star.get(), c.potential_5_star) {
            (3, _) => s3 += 1,
            (4, true) => p5 += 1,
            (4, false) => s4 += 1,
            _ => s5 += 1,
        }
        *groups.entry(p.group.clone()).or_default() += 1;
        let subject = idx.subjects.get(&p.subject_id).map(Arc::as_ref);
        let district = subject
            .and_then(|s| s.address.district.clone())
            .unwrap_or_else(|| "—".into());
        *districts.entry(district).or_default() += 1;
        if let Some(s) = subject {
            let a = &s.address;
            let area = match a.commune.as_deref().filter(|c| !c.trim().is_empty()) {
                Some(c) => format!("{c}, {}", a.province),
                None => a.province.clone(),
            };
            *areas.entry(area).or_default() += 1;
        }
        if let Some(s) = subject {
            rated_subjects.insert(s.id, s);
            if p.green_chain.is_some() {
                green_subjects.insert(s.id, ());
            }
            if let Some(v) = &s.craft_village {
                villages.insert(v.as_str(), ());
            }
        }
        if certs.iter().filter(|x| x.decision_date <= day).count() > 1 {
            upgraded += 1;
        }
        brand += u64::from(p.brand_supported);
        trademark += u64::from(p.trademark_registered);
        tourism += u64::from(p.tourism || p.group == "tourism");
    }
    let subjects = rated_subjects.len() as u64;
    let kinds = [
        (SubjectKind::Company, "company", "Companies"),
        (SubjectKind::Enterprise, "enterprise", "Enterprises"),
        (SubjectKind::Cooperative, "cooperative", "Cooperatives"),
        (
            SubjectKind::CooperativeGroup,
            "cooperative_group",
            "Cooperative groups",
        ),
        (
            SubjectKind::HouseholdBusiness,
            "household_business",
            "Household businesses",
        ),
    ];
    let subjects_by_kind: Vec<Count> = kinds
        .iter()
        .map(|(k, key, en)| {
            let n = rated_subjects.values().filter(|s| s.kind == *k).count() as u64;
            count(key, k.vi(), en, n)
        })
        .collect();
    let kind_n = |ks: &[SubjectKind]| {
        rated_subjects
            .values()
            .filter(|s| ks.contains(&s.kind))
            .count() as u64
    };
    let measures = Measures {
        rated,
        upgraded,
        subjects,
        cooperative_subjects: kind_n(&[SubjectKind::Cooperative, SubjectKind::CooperativeGroup]),
        enterprise_household_subjects: kind_n(&[
            SubjectKind::Company,
            SubjectKind::Enterprise,
            SubjectKind::HouseholdBusiness,
        ]),
        green_subjects: green_subjects.len() as u64,
        modern_channel_subjects: rated_subjects
            .values()
            .filter(|s| s.channels.iter().any(|c| c.kind.is_modern()))
            .count() as u64,
        craft_villages: villages.len() as u64,
        brand_supported: brand,
        trademark,
        tourism,
    };
    let targets = progress(targets, day, &measures);
    let rules = Rules::get();
    Dashboard {
        as_of: day,
        rated_products: rated,
        by_star: vec![
            count("3", "3 sao", "3 stars", s3),
            count("4", "4 sao", "4 stars", s4),
            count(
                "potential_5",
                "4 sao tiềm năng 5 sao",
                "4 stars (potential 5)",
                p5,
            ),
            count("5", "5 sao", "5 stars", s5),
        ],
        by_status: ["active", "expiring", "expired", "revoked"]
            .iter()
            .map(|k| {
                let (vi, en) = match *k {
                    "active" => ("Còn hiệu lực", "Active"),
                    "expiring" => ("Sắp hết hạn (30 ngày)", "Expiring within 30 days"),
                    "expired" => ("Hết hạn", "Expired"),
                    _ => ("Bị thu hồi", "Revoked"),
                };
                count(k, vi, en, status.get(k).copied().unwrap_or(0))
            })
            .collect(),
        subjects,
        subjects_by_kind,
        by_group: rules
            .groups
            .iter()
            .map(|g| {
                count(
                    &g.code,
                    &g.vi,
                    &g.en,
                    groups.get(&g.code).copied().unwrap_or(0),
                )
            })
            .collect(),
        by_district: districts
            .into_iter()
            .map(|(d, n)| count(&d, &d, &d, n))
            .collect(),
        by_area: {
            // Most products first; names break ties so the order is stable.
            let mut v: Vec<(String, u64)> = areas.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.into_iter().map(|(d, n)| count(&d, &d, &d, n)).collect()
        },
        batches_by_month: idx
            .batches_by_month
            .iter()
            .map(|(m, (b, l))| MonthRow {
                month: m.clone(),
                batches: *b,
                labels: *l,
            })
            .collect(),
        scans_by_month: Vec::new(),
        targets,
    }
}
