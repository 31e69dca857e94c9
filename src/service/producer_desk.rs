//! What a producer's console reads beyond the registry: the month's scans of their batches
//! and what needs their attention (copied labels, shoppers' reports, recalls, certificates
//! running out), and a preview of a label that is not a print run. Every verb is confined
//! to the caller's own subject like the API's.

use super::{App, LabelFormat, ProductLine, ServiceError};
use crate::domain::{
    Action, Batch, BatchId, CertStatus, DomainError, Principal, Recall, Report, SubjectId,
};
use crate::render::{LabelSpec, lay_out, render_png, render_svg};
use chrono::{DateTime, Datelike, FixedOffset, Offset, TimeDelta, TimeZone, Utc};

/// How far back "needs attention" looks for reports and recalls (the clone window too).
const RECENT_DAYS: i64 = 30;
/// Most reports the home page names one by one.
const MAX_REPORTS: usize = 5;

/// Units of one batch whose scans look like copies.
#[derive(Debug, Clone)]
pub struct SuspectedBatch {
    pub batch_id: BatchId,
    pub lot: String,
    pub units: usize,
}

/// A shopper's report on one of the caller's batches.
#[derive(Debug, Clone)]
pub struct ReportLine {
    pub report: Report,
    pub lot: String,
}

/// The producer's attention list and scan figures.
#[derive(Debug, Clone, Default)]
pub struct Attention {
    /// The first instant of this month in Vietnam.
    pub month_start: Option<DateTime<Utc>>,
    /// Units of the caller's batches scanned at least once this month.
    pub units_scanned_month: u64,
    /// Scans of the caller's units counted since they were issued.
    pub scans_total: u64,
    pub suspected: Vec<SuspectedBatch>,
    /// Newest first, at most [`MAX_REPORTS`].
    pub reports: Vec<ReportLine>,
    /// Reports of the last [`RECENT_DAYS`] days in all.
    pub report_count: usize,
    /// Recalls of the last [`RECENT_DAYS`] days: (lot, recall).
    pub recalls: Vec<(String, Recall)>,
    /// Products whose certificate ends within 30 days or has ended.
    pub certificates: Vec<ProductLine>,
}

impl Attention {
    /// True when nothing needs the producer.
    pub fn is_empty(&self) -> bool {
        self.suspected.is_empty()
            && self.reports.is_empty()
            && self.recalls.is_empty()
            && self.certificates.is_empty()
    }
}

/// The first instant of the month of `now` in Vietnam (UTC+7).
fn month_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let vn = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
    let local = now.with_timezone(&vn);
    local
        .date_naive()
        .with_day(1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| vn.from_local_datetime(&d).single())
        .map_or(now, |d| d.with_timezone(&Utc))
}

impl App {
    /// What needs the producer's attention, for the batches of `subject` (already read by a
    /// verb that checked the caller may read it).
    pub(super) fn attention(
        &self,
        who: &Principal,
        subject: SubjectId,
        batches: &[Batch],
        products: &[ProductLine],
    ) -> Result<Attention, ServiceError> {
        who.check(Action::ReadSubject(subject))?;
        let now = self.clock.now();
        let since = now - TimeDelta::days(RECENT_DAYS);
        let start = month_start(now);
        let mut out = Attention {
            month_start: Some(start),
            ..Attention::default()
        };
        self.write_back_scans()?;
        for b in batches.iter().filter(|b| b.subject_id == subject) {
            let mut suspected = 0;
            for (_, stats) in self.store.scans_of_batch(b.id)? {
                out.scans_total += stats.count;
                if stats.last.is_some_and(|l| l >= start) {
                    out.units_scanned_month += 1;
                }
                if self.clone_suspected(&stats) {
                    suspected += 1;
                }
            }
            if suspected > 0 {
                out.suspected.push(SuspectedBatch {
                    batch_id: b.id,
                    lot: b.lot.to_string(),
                    units: suspected,
                });
            }
            if let Some(r) = self.store.recall(b.id)?
                && r.recorded_at >= since
            {
                out.recalls.push((b.lot.to_string(), r));
            }
        }
        // Reports are few (rate-limited per network); a scan keeps the store free of an index.
        let mut after = None;
        let mut mine = Vec::new();
        loop {
            let page = self.store.reports(after, 1000)?;
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            for r in page {
                let batch = r
                    .batch_id
                    .and_then(|id| batches.iter().find(|b| b.id == id));
                if let Some(b) = batch.filter(|b| b.subject_id == subject)
                    && r.at >= since
                {
                    mine.push(ReportLine {
                        lot: b.lot.to_string(),
                        report: r,
                    });
                }
            }
        }
        mine.sort_by_key(|r| std::cmp::Reverse(r.report.at));
        out.report_count = mine.len();
        mine.truncate(MAX_REPORTS);
        out.reports = mine;
        out.certificates = products
            .iter()
            .filter(|p| matches!(p.status, Some(CertStatus::Expiring | CertStatus::Expired)))
            .cloned()
            .collect();
        Ok(out)
    }

    /// One label as the printer would get it, to look at before printing: not a print run
    /// (nothing is recorded), and the scratch-off PIN is masked. Its URL is no secret from
    /// the caller: the JSON listing of label URLs is not a print run either.
    pub fn label_preview(
        &self,
        who: &Principal,
        id: BatchId,
        serial: u32,
        format: LabelFormat,
        spec: &LabelSpec,
    ) -> Result<Vec<u8>, ServiceError> {
        let batch = self.batch_for(who, id)?;
        // The print page's preview: for those who may print.
        who.check(Action::ActFor(batch.subject_id))?;
        let serial = serial.clamp(1, batch.quantity.max(1));
        self.batch_signer(&batch)?;
        let product = self.store.product(batch.product_id)?;
        let (stars_printed, _) = self.star_notice(&batch)?;
        let content = crate::render::LabelContent {
            url: self.label_url(&batch, serial)?,
            product_name: product.map_or_else(|| format!("#{}", batch.product_id), |p| p.name),
            stars: stars_printed.then(|| batch.star.get()),
            lot: batch.lot.to_string(),
            expiry: batch.expiry_date,
            serial,
            quantity: batch.quantity,
            extra: self
                .store
                .pin_secret(id)?
                .map(|_| "PIN: ···· ····".to_owned()),
        };
        let drawing = lay_out(spec, &content)?;
        Ok(match format {
            LabelFormat::Svg => render_svg(&drawing).into_bytes(),
            LabelFormat::Png => render_png(&drawing, spec.dpi)?,
            _ => {
                return Err(
                    DomainError::UnsupportedFormat("a preview is png or svg".into()).into(),
                );
            }
        })
    }
}
