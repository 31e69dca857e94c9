//! Label output for printers. Every output request is recorded as a print run.

use super::{App, ServiceError};
use crate::access::Principal;
use crate::crypto::{Issuer, KeyRing};
use crate::domain::{Batch, DomainError, PrintRun};
use crate::render::LabelContent;
use serde::Serialize;
use std::sync::Arc;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum LabelFormat {
    Json,
    Csv,
    Pdf,
    Png,
    Svg,
}

impl LabelFormat {
    /// The name recorded in print runs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }

    /// Most labels one request may produce in this format.
    pub fn max_range(self) -> u32 {
        match self {
            Self::Json => super::issuance::MAX_PAGE,
            Self::Csv => crate::domain::MAX_QUANTITY,
            Self::Pdf => 10_000,
            Self::Png | Self::Svg => 1,
        }
    }
}

/// Why stars are left off, in both languages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PrintNotice {
    pub vi: String,
    pub en: String,
}

/// Everything needed to produce the labels of one print run, off the async runtime.
#[derive(Debug)]
pub struct PrintJob {
    pub run: PrintRun,
    pub batch: Batch,
    keys: Arc<KeyRing>,
    pub base_url: String,
    pub product_name: String,
    /// The batch's scratch-off PIN secret, when PINs are enabled.
    pin_secret: Option<Vec<u8>>,
    pub notice: Option<PrintNotice>,
}

impl PrintJob {
    /// The key that signs this batch's labels (checked when the job was created).
    pub fn issuer(&self) -> Option<&Issuer> {
        self.keys.get(&self.batch.kid)
    }

    /// The label URL of one serial.
    pub fn url(&self, serial: u32) -> Option<String> {
        let label = self.batch.unit_label(serial);
        let sig = self.issuer()?.sign(&label.message())?;
        Some(label.url(&self.base_url, &sig))
    }

    /// The scratch-off PIN of a unit, when the batch has PINs.
    pub fn pin(&self, serial: u32) -> Option<String> {
        self.pin_secret
            .as_deref()
            .map(|s| super::pin_from_secret(s, serial))
    }

    /// What one printed label shows.
    pub fn content(&self, serial: u32) -> Option<LabelContent> {
        Some(LabelContent {
            url: self.url(serial)?,
            product_name: self.product_name.clone(),
            stars: self.run.stars_printed.then(|| self.batch.star.get()),
            lot: self.batch.lot.to_string(),
            expiry: self.batch.expiry_date,
            serial,
            quantity: self.batch.quantity,
            extra: self
                .pin(serial)
                .map(|p| format!("PIN: {} {}", &p[..4], &p[4..])),
        })
    }
}

impl App {
    /// Checks a label output request, records it as a print run, and returns the job.
    /// Printing is the producer's act or the office's (`Action::ActFor`): inspectors read
    /// label URLs, they do not print.
    pub fn start_print_run(
        &self,
        who: &Principal,
        batch_id: u64,
        from: u32,
        to: u32,
        format: LabelFormat,
    ) -> Result<PrintJob, ServiceError> {
        let batch = self.batch_for(who, batch_id)?;
        who.check(crate::domain::Action::ActFor(batch.subject_id))?;
        if from == 0 || from > to || to > batch.quantity {
            return Err(DomainError::InvalidSerialRange(format!(
                "serial range {from}..={to} is not within 1..={}",
                batch.quantity
            ))
            .into());
        }
        if to - from + 1 > format.max_range() {
            return Err(DomainError::InvalidSerialRange(format!(
                "a {} output holds at most {} labels; split the range",
                format.as_str(),
                format.max_range()
            ))
            .into());
        }
        if let Some(r) = self.store.recall(batch.id)? {
            // Labels of a recalled batch would tell no shopper anything but "recalled": new
            // ones only put more of it into circulation. The history stays.
            return Err(ServiceError::Conflict(crate::store::Conflict::new(
                "batch_recalled",
                format!(
                    "batch {} was recalled on {}; no new labels are printed for it",
                    batch.id, r.date
                ),
            )));
        }
        self.batch_signer(&batch)?;
        let product = self.store.product(batch.product_id)?;
        let (stars_printed, notice) = self.star_notice(&batch)?;
        let reprint = self
            .store
            .print_runs(batch.id)?
            .iter()
            .any(|r| r.from <= to && from <= r.to);
        let run = PrintRun {
            id: self.store.next_id()?,
            batch_id: batch.id,
            from,
            to,
            format: format.as_str().into(),
            actor: who.token_id.clone(),
            at: self.clock.now(),
            reprint,
            stars_printed,
        };
        let ev = crate::domain::LogEvent::print_run(self.clock.now(), who, &run);
        self.store.insert_print_run(&run, &ev)?;
        Ok(PrintJob {
            run,
            product_name: product.map_or_else(|| format!("#{}", batch.product_id), |p| p.name),
            batch,
            keys: self.keys.clone(),
            pin_secret: self.store.pin_secret(batch_id)?,
            base_url: self.base_url.to_string(),
            notice,
        })
    }

    /// Whether labels printed today may show the batch's stars, and if not, why.
    pub fn star_notice(&self, batch: &Batch) -> Result<(bool, Option<PrintNotice>), ServiceError> {
        let today = self.clock.today();
        let status = self
            .current_certificate(batch.product_id)?
            .map(|c| c.status_on(today));
        let stars_printed = status.is_some_and(|s| s.is_valid());
        let notice = (!stars_printed).then(|| PrintNotice {
            vi: format!(
                "Giấy chứng nhận OCOP của sản phẩm không còn hiệu lực ({}) vào ngày {today}: tem được in không có hạng sao.",
                status.map_or("không có".into(), |s| format!("{s:?}").to_lowercase())
            ),
            en: format!(
                "The product's OCOP certificate is not valid ({}) on {today}: labels are printed without stars.",
                status.map_or("none".into(), |s| format!("{s:?}").to_lowercase())
            ),
        });
        Ok((stars_printed, notice))
    }
}
