//! The province's OCOP portfolio: dashboard counts as of any date, progress against targets,
//! and the public catalogue. Computed from an in-memory index of the store that is rebuilt
//! whenever the log grows (every write appends to the log, so its size is a generation).

use super::{App, ScanMonth, ServiceError, fold};
use crate::domain::{
    Batch, BatchId, CertStatus, Certificate, CertificateId, ChannelKind, Product, ProductId, Rules,
    Subject, SubjectId, SubjectKind,
};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// The targets file compiled into the binary (`--targets FILE` replaces it).
pub const TARGETS_JSON: &str = include_str!("../domain/targets.json");

/// One target: a metric, a threshold and a deadline.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    pub id: String,
    pub metric: String,
    /// `count` or `percent`.
    pub unit: String,
    pub threshold: f64,
    pub deadline: NaiveDate,
    pub vi: String,
    pub en: String,
}

/// The targets configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Targets {
    pub version: u32,
    pub programme_start: NaiveDate,
    /// Craft villages in the province: the denominator of the craft-village target.
    pub craft_villages_total: u32,
    pub targets: Vec<Target>,
}

impl Targets {
    /// Parses a targets file.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t: Targets = serde_json::from_str(text).map_err(|e| e.to_string())?;
        for target in &t.targets {
            if !METRICS.contains(&target.metric.as_str()) {
                return Err(format!(
                    "unknown metric '{}' (known: {})",
                    target.metric,
                    METRICS.join(", ")
                ));
            }
        }
        Ok(t)
    }

    /// The compiled-in defaults.
    pub fn default_targets() -> &'static Targets {
        static T: OnceLock<Targets> = OnceLock::new();
        T.get_or_init(|| match Targets::parse(TARGETS_JSON) {
            Ok(t) => t,
            Err(e) => panic!("src/domain/targets.json is invalid: {e}"),
        })
    }
}

const METRICS: [&str; 10] = [
    "rated_products",
    "upgraded_or_consolidated_pct",
    "subjects_cooperative_pct",
    "subjects_enterprise_household_pct",
    "subjects_green_chain_pct",
    "craft_villages_with_ocop_pct",
    "subjects_modern_channel_pct",
    "brand_supported_products",
    "trademark_products",
    "community_tourism_products",
];

/// One product as the portfolio sees it.
#[derive(Debug, Clone)]
pub struct ProductEntry {
    pub product: Product,
    /// Its certificates, in id order.
    pub certificates: Vec<Certificate>,
    /// Folded product name + brand + subject name, for search.
    pub search_text: String,
}

impl ProductEntry {
    fn new(product: Product, certificates: Vec<Certificate>, subject: Option<&Subject>) -> Self {
        let search_text = fold(&format!(
            "{} {} {}",
            product.name,
            product.brand.as_deref().unwrap_or(""),
            subject.map_or("", |s| s.name.as_str())
        ));
        Self {
            product,
            certificates,
            search_text,
        }
    }
}

/// What the portfolio computations read. Built once from the store, then brought up to date
/// from the log entries appended since (every write appends one), refetching only what they
/// name. Records sit behind `Arc`s so an update copies pointers, not records.
#[derive(Debug, Default, Clone)]
pub struct PortfolioIndex {
    pub subjects: HashMap<u64, Arc<Subject>>,
    /// Products in id order.
    pub products: Vec<Arc<ProductEntry>>,
    /// Month (YYYY-MM) → (batches, labels).
    pub batches_by_month: BTreeMap<String, (u64, u64)>,
    /// Batches a full build counted although their `batch_issued` entry lies at or after the
    /// generation it is filed under (written while it read): the next update skips them.
    counted_ahead: HashSet<u64>,
}

impl PortfolioIndex {
    /// The product with this id.
    pub fn product(&self, id: ProductId) -> Option<&ProductEntry> {
        self.products
            .binary_search_by_key(&id, |e| e.product.id)
            .ok()
            .and_then(|i| self.products.get(i))
            .map(|e| e.as_ref())
    }

    /// Inserts or replaces a product, keeping id order.
    fn put_product(&mut self, entry: ProductEntry) {
        let id = entry.product.id;
        match self.products.binary_search_by_key(&id, |e| e.product.id) {
            Ok(i) => {
                if let Some(slot) = self.products.get_mut(i) {
                    *slot = Arc::new(entry);
                }
            }
            Err(i) => self.products.insert(i, Arc::new(entry)),
        }
    }

    fn count_batch(&mut self, b: &Batch) {
        // The month in Vietnam (UTC+7): a batch issued at 06:00 on 1 December in Hà Nội is
        // December's, not November's.
        let vn = b.issued_at + chrono::TimeDelta::hours(7);
        let month = format!("{:04}-{:02}", vn.year(), vn.month());
        let e = self.batches_by_month.entry(month).or_default();
        e.0 += 1;
        e.1 += u64::from(b.quantity);
    }
}

/// Appended entries read before giving up on an update and rebuilding (a rebuild reads
/// every subject, product, certificate and batch: about a second at national scale).
const MAX_UPDATE_ENTRIES: u64 = 20_000;

/// What a run of log entries touches in the portfolio.
#[derive(Debug, Default)]
struct Touched {
    subjects: BTreeSet<SubjectId>,
    /// Products to refetch with their certificates.
    products: BTreeSet<ProductId>,
    /// Revoked certificates: their product is looked up.
    revoked: BTreeSet<CertificateId>,
    /// Batches issued, in log order.
    batches: Vec<BatchId>,
}

impl Touched {
    fn is_empty(&self) -> bool {
        self.subjects.is_empty()
            && self.products.is_empty()
            && self.revoked.is_empty()
            && self.batches.is_empty()
    }
}

/// The kind and data of a log entry (see `docs/log-format.md`).
#[derive(Deserialize)]
struct EntryHead {
    kind: String,
    data: serde_json::Value,
}

/// Reads what entries touch; `None` when one cannot be understood (unknown kind, missing
/// id), so the caller rebuilds.
fn touched<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Option<Touched> {
    use crate::domain::EventKind as K;
    let mut t = Touched::default();
    for bytes in entries {
        let head: EntryHead = serde_json::from_slice(bytes).ok()?;
        let id = |key: &str| head.data.get(key).and_then(serde_json::Value::as_u64);
        match K::parse(&head.kind)? {
            // Nothing the portfolio shows.
            K::KeyAdded
            | K::KeyStatusChanged
            | K::TokenCreated
            | K::TokenRevoked
            | K::PrintRun
            | K::TraceEvent
            | K::BatchRecalled
            | K::AccountCreated
            | K::AccountRoleChanged
            | K::AccountDisabled
            | K::AccountReset
            | K::AccountTotpEnabled
            | K::AccountTotpRemoved
            | K::ProductContentUpdated
            | K::DocumentAdded
            | K::DocumentConfirmed
            | K::ReportHandled => {}
            K::SubjectRegistered => {
                t.subjects.insert(id("subject_id")?);
            }
            K::ProductRegistered
            | K::CertificateGranted
            | K::CertificateUpgraded
            | K::CertificateDowngraded
            | K::CertificateRenewed
            | K::Potential5StarSet
            | K::Potential5StarCleared => {
                t.products.insert(id("product_id")?);
            }
            K::CertificateRevoked => {
                t.revoked.insert(id("certificate_id")?);
            }
            K::BatchIssued => t.batches.push(id("batch_id")?),
        }
    }
    Some(t)
}

/// A labelled count.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct Count {
    pub key: String,
    pub vi: String,
    pub en: String,
    pub count: u64,
}

/// Progress of one target.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct TargetProgress {
    pub id: String,
    pub vi: String,
    pub en: String,
    pub metric: String,
    pub unit: String,
    pub value: f64,
    pub threshold: f64,
    pub deadline: NaiveDate,
    /// value / threshold × 100.
    pub percent_of_threshold: f64,
    /// `met`, `on_track`, `behind` (before the deadline) or `missed` (after it).
    pub status: String,
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

/// The certificate in force for a product on `day`: decided by then and not yet superseded.
pub fn cert_on(certs: &[Certificate], day: NaiveDate) -> Option<&Certificate> {
    Certificate::in_force(certs, day)
}

impl App {
    /// The portfolio index as of the current log size: the cached one, brought up to date
    /// from the entries appended since, or rebuilt.
    pub fn portfolio(&self) -> Result<Arc<PortfolioIndex>, ServiceError> {
        let generation = self.store.log_size()?;
        let cached = self.portfolio_cache.lock().ok().and_then(|c| c.clone());
        let idx = match cached {
            // Another request already got further: that index is at least as new.
            Some((g, idx)) if g >= generation => return Ok(idx),
            Some((g, idx)) if generation - g <= MAX_UPDATE_ENTRIES => {
                match self.update_portfolio(&idx, g, generation)? {
                    Some(updated) => updated,
                    None => Arc::new(self.build_portfolio(generation)?),
                }
            }
            _ => Arc::new(self.build_portfolio(generation)?),
        };
        if let Ok(mut cache) = self.portfolio_cache.lock()
            && cache.as_ref().is_none_or(|(g, _)| *g < generation)
        {
            *cache = Some((generation, idx.clone()));
        }
        Ok(idx)
    }

    /// Applies log entries `[from, to)` to `prev`; `None` if one cannot be understood or names
    /// a record that is missing.
    fn update_portfolio(
        &self,
        prev: &Arc<PortfolioIndex>,
        from: u64,
        to: u64,
    ) -> Result<Option<Arc<PortfolioIndex>>, ServiceError> {
        let entries = self.store.log_entries(from, to)?;
        let Some(mut t) = touched(entries.iter().map(|(bytes, _)| bytes.as_slice())) else {
            return Ok(None);
        };
        if t.is_empty() {
            return Ok(Some(prev.clone()));
        }
        let mut idx = PortfolioIndex::clone(prev);
        for id in std::mem::take(&mut t.revoked) {
            let Some(c) = self.store.certificate(id)? else {
                return Ok(None);
            };
            t.products.insert(c.product_id);
        }
        for id in t.subjects {
            let Some(s) = self.store.subject(id)? else {
                return Ok(None);
            };
            let renamed = idx.subjects.get(&id).is_some_and(|old| old.name != s.name);
            let s = Arc::new(s);
            idx.subjects.insert(id, s.clone());
            if renamed {
                // Its products' search text carries the subject's name.
                for e in idx
                    .products
                    .iter_mut()
                    .filter(|e| e.product.subject_id == id)
                {
                    let old = e.as_ref().clone();
                    *e = Arc::new(ProductEntry::new(old.product, old.certificates, Some(&s)));
                }
            }
        }
        for id in t.products {
            let Some(p) = self.store.product(id)? else {
                return Ok(None);
            };
            let certs = self.store.certificates_of(id)?;
            let subject = idx.subjects.get(&p.subject_id).cloned();
            idx.put_product(ProductEntry::new(p, certs, subject.as_deref()));
        }
        for id in t.batches {
            if idx.counted_ahead.remove(&id) {
                continue;
            }
            let Some(b) = self.store.batch(id)? else {
                return Ok(None);
            };
            idx.count_batch(&b);
        }
        Ok(Some(Arc::new(idx)))
    }

    /// Reads every subject, product, certificate and batch into a new index filed under
    /// `generation` (a log size read before reading anything).
    fn build_portfolio(&self, generation: u64) -> Result<PortfolioIndex, ServiceError> {
        let mut idx = PortfolioIndex::default();
        let mut after = None;
        loop {
            let page = self.store.subjects(after, 1000)?;
            let Some(last) = page.last().map(|s| s.id) else {
                break;
            };
            idx.subjects
                .extend(page.into_iter().map(|s| (s.id, Arc::new(s))));
            after = Some(last);
        }
        // One pass over all certificates beats a prefix scan per product.
        let mut by_product: HashMap<u64, Vec<Certificate>> = HashMap::new();
        let mut after = None;
        loop {
            let page = self.store.certificates(after, 1000)?;
            let Some(last) = page.last().map(|c| c.id) else {
                break;
            };
            for c in page {
                by_product.entry(c.product_id).or_default().push(c);
            }
            after = Some(last);
        }
        let mut after = None;
        loop {
            let page = self.store.products(after, 1000)?;
            let Some(last) = page.last().map(|p| p.id) else {
                break;
            };
            for p in page {
                let certs = by_product.remove(&p.id).unwrap_or_default();
                let subject = idx.subjects.get(&p.subject_id).map(Arc::as_ref);
                let entry = ProductEntry::new(p, certs, subject);
                idx.products.push(Arc::new(entry));
            }
            after = Some(last);
        }
        // Batch ids come in order, so "did the scan see it" is a binary search.
        let mut seen: Vec<BatchId> = Vec::new();
        let mut after = None;
        loop {
            let page = self.store.batches(None, after, 1000)?;
            let Some(last) = page.last().map(|b| b.id) else {
                break;
            };
            for b in page {
                idx.count_batch(&b);
                seen.push(b.id);
            }
            after = Some(last);
        }
        // Batches issued while this ran may have been counted already; their entries come
        // after `generation`, so the next update must not count them again.
        let now = self.store.log_size()?;
        if now > generation {
            let entries = self.store.log_entries(generation, now)?;
            for (bytes, _) in &entries {
                if let Some(t) = touched([bytes.as_slice()]) {
                    for id in t.batches {
                        if seen.binary_search(&id).is_ok() {
                            idx.counted_ahead.insert(id);
                        }
                    }
                }
            }
        }
        Ok(idx)
    }

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
            .count() as f64
    };
    let pct = |n: f64, d: f64| {
        if d > 0.0 {
            (n * 1000.0 / d).round() / 10.0
        } else {
            0.0
        }
    };
    let modern = rated_subjects
        .values()
        .filter(|s| s.channels.iter().any(|c| c.kind.is_modern()))
        .count() as f64;
    let metric = |m: &str| -> f64 {
        match m {
            "rated_products" => rated as f64,
            "upgraded_or_consolidated_pct" => pct(upgraded as f64, rated as f64),
            "subjects_cooperative_pct" => pct(
                kind_n(&[SubjectKind::Cooperative, SubjectKind::CooperativeGroup]),
                subjects as f64,
            ),
            "subjects_enterprise_household_pct" => pct(
                kind_n(&[
                    SubjectKind::Company,
                    SubjectKind::Enterprise,
                    SubjectKind::HouseholdBusiness,
                ]),
                subjects as f64,
            ),
            "subjects_green_chain_pct" => pct(green_subjects.len() as f64, subjects as f64),
            "craft_villages_with_ocop_pct" => pct(
                villages.len() as f64,
                f64::from(targets.craft_villages_total),
            ),
            "subjects_modern_channel_pct" => pct(modern, subjects as f64),
            "brand_supported_products" => brand as f64,
            "trademark_products" => trademark as f64,
            "community_tourism_products" => tourism as f64,
            _ => 0.0,
        }
    };
    let targets = targets
        .targets
        .iter()
        .map(|t| {
            let value = metric(&t.metric);
            let span = (t.deadline - targets.programme_start).num_days().max(1) as f64;
            let elapsed =
                ((day - targets.programme_start).num_days() as f64 / span).clamp(0.0, 1.0);
            let status = if value >= t.threshold {
                "met"
            } else if day > t.deadline {
                "missed"
            } else if value >= t.threshold * elapsed {
                "on_track"
            } else {
                "behind"
            };
            TargetProgress {
                id: t.id.clone(),
                vi: t.vi.clone(),
                en: t.en.clone(),
                metric: t.metric.clone(),
                unit: t.unit.clone(),
                value,
                threshold: t.threshold,
                deadline: t.deadline,
                percent_of_threshold: if t.threshold > 0.0 {
                    (value * 1000.0 / t.threshold).round() / 10.0
                } else {
                    100.0
                },
                status: status.into(),
            }
        })
        .collect();
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

/// Catalogue filters.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    pub group: Option<String>,
    pub star: Option<u8>,
    pub district: Option<String>,
    /// The producer's commune or ward (after the 2025 reform, the level below the province).
    pub commune: Option<String>,
    pub channel: Option<ChannelKind>,
    /// Name search; diacritics and case are ignored ("mat hoa dua" finds "Mật hoa dừa").
    pub q: Option<String>,
    pub page: Option<usize>,
    pub per_page: Option<usize>,
    /// `en` for English labels in the HTML page.
    pub lang: Option<String>,
}

/// One catalogue entry.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct CatalogueEntry {
    pub product_id: u64,
    pub name: String,
    pub group: String,
    pub star: u8,
    pub potential_5_star: bool,
    pub valid_until: NaiveDate,
    pub subject_id: u64,
    pub producer: String,
    pub district: Option<String>,
    pub channels: Vec<ChannelKind>,
}

/// A catalogue page.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct CataloguePage {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub entries: Vec<CatalogueEntry>,
}

impl App {
    /// Certified products today matching the filters, best rated first.
    pub fn catalogue(&self, q: &CatalogueQuery) -> Result<CataloguePage, ServiceError> {
        let today = self.clock.today();
        let idx = self.portfolio()?;
        let needle = q.q.as_deref().filter(|n| !n.trim().is_empty());
        let district = q.district.as_deref().map(fold);
        let commune = q.commune.as_deref().map(fold);
        let mut hits: Vec<(u32, CatalogueEntry)> = Vec::new();
        for e in &idx.products {
            let (p, certs) = (&e.product, &e.certificates);
            if q.group.as_deref().is_some_and(|g| g != p.group) {
                continue;
            }
            let score = match needle {
                Some(n) => match super::search::relevance(n, &p.name, &e.search_text) {
                    Some(s) => s,
                    None => continue,
                },
                None => 0,
            };
            let Some(c) = cert_on(certs, today).filter(|c| c.status_on(today).is_valid()) else {
                continue;
            };
            if q.star.is_some_and(|s| s != c.star.get()) {
                continue;
            }
            let subject = idx.subjects.get(&p.subject_id).map(Arc::as_ref);
            let d = subject.and_then(|s| s.address.district.clone());
            if district
                .as_ref()
                .is_some_and(|want| d.as_deref().map(fold).as_ref() != Some(want))
            {
                continue;
            }
            let c_name = subject.and_then(|s| s.address.commune.as_deref());
            if commune
                .as_ref()
                .is_some_and(|want| c_name.map(fold).as_ref() != Some(want))
            {
                continue;
            }
            let channels: Vec<ChannelKind> = subject
                .map(|s| s.channels.iter().map(|c| c.kind).collect())
                .unwrap_or_default();
            if q.channel.is_some_and(|ch| !channels.contains(&ch)) {
                continue;
            }
            hits.push((
                score,
                CatalogueEntry {
                    product_id: p.id,
                    name: p.name.clone(),
                    group: p.group.clone(),
                    star: c.star.get(),
                    potential_5_star: c.potential_5_star,
                    valid_until: c.valid_until,
                    subject_id: p.subject_id,
                    producer: subject.map(|s| s.name.clone()).unwrap_or_default(),
                    district: d,
                    channels,
                },
            ));
        }
        // Best match first when searching; then best rated.
        hits.sort_by(|(sa, a), (sb, b)| {
            (sb, b.star, b.potential_5_star)
                .cmp(&(sa, a.star, a.potential_5_star))
                .then_with(|| a.name.cmp(&b.name))
        });
        let per_page = q.per_page.unwrap_or(20).clamp(1, 100);
        let page = q.page.unwrap_or(1).max(1);
        let total = hits.len();
        let entries = hits
            .into_iter()
            .map(|(_, e)| e)
            // A page far past the end is empty, not an overflow.
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        Ok(CataloguePage {
            total,
            page,
            per_page,
            entries,
        })
    }
}
