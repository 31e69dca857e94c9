//! Label output requests: checks a request against the batch and the layout before it is
//! recorded as a print run, so a refused request leaves no trace in the print history.

use super::{App, LabelFormat, LabelPage, PrintJob, PrintNotice, ServiceError};
use crate::domain::{Batch, BatchId, DomainError, Principal};
use crate::render::{
    Ecc, LabelContent, LabelSpec, RenderError, SheetSpec, lay_out, lay_out_png, render_png,
    render_svg,
};

/// A serial range in one of the range formats (JSON page, CSV, PDF sheet).
#[derive(Debug, Clone)]
pub struct RangeRequest {
    pub format: LabelFormat,
    pub from: Option<u32>,
    pub to: Option<u32>,
    /// JSON page size (default 100, max [`super::MAX_PAGE`]).
    pub limit: Option<u32>,
    /// The PDF sheet layout.
    pub sheet: SheetSpec,
}

/// What a range request produces.
#[derive(Debug)]
pub enum RangeOutput {
    /// One page of label URLs: a listing, not a print run (nothing is printed from it), with
    /// the notice when labels printed today would carry no stars.
    Page(LabelPage, Option<PrintNotice>),
    /// Rows `serial,url` for an inkjet line.
    Csv(PrintJob),
    /// An A4 sheet.
    Pdf(PrintJob, SheetSpec),
}

/// The sheet layout when the caller gives none: 3 × 8 on A4, 8 mm margin, 3 mm gap, ECC M.
pub fn default_sheet() -> SheetSpec {
    SheetSpec {
        columns: 3,
        rows: 8,
        margin_mm: 8.0,
        gap_mm: 3.0,
        ecc: Ecc::M,
    }
}

impl App {
    /// Checks and records a range output; the caller then writes the labels of the job.
    pub fn label_range(
        &self,
        who: &Principal,
        id: BatchId,
        req: RangeRequest,
    ) -> Result<RangeOutput, ServiceError> {
        let batch = self.batch_for(who, id)?;
        let from = req.from.unwrap_or(1);
        let to = req.to.unwrap_or(batch.quantity);
        match req.format {
            LabelFormat::Json => {
                let page = self.label_page(&batch, Some(from), req.to, req.limit)?;
                let (_, notice) = self.star_notice(&batch)?;
                Ok(RangeOutput::Page(page, notice))
            }
            LabelFormat::Csv => Ok(RangeOutput::Csv(
                self.start_print_run(who, id, from, to, req.format)?,
            )),
            LabelFormat::Pdf => {
                // Refuse a sheet whose cells cannot hold a label before recording a run.
                let spec = req.sheet.label_spec()?;
                // Serials grow in digits along the range: the last one's URL is the longest.
                let last = to.clamp(from.clamp(1, batch.quantity), batch.quantity);
                self.probe_layout(&batch, last, &spec, false)?;
                let job = self.start_print_run(who, id, from, to, req.format)?;
                Ok(RangeOutput::Pdf(job, req.sheet))
            }
            LabelFormat::Png | LabelFormat::Svg => Err(DomainError::UnsupportedFormat(
                "png and svg are single labels: GET /api/v1/batches/{id}/labels/{serial}?format=png|svg; ranges come as pdf or csv".into(),
            )
            .into()),
        }
    }

    /// Checks and records the output of one label as PNG or SVG.
    pub fn single_label(
        &self,
        who: &Principal,
        id: BatchId,
        serial: u32,
        format: LabelFormat,
        spec: &LabelSpec,
    ) -> Result<PrintJob, ServiceError> {
        if !matches!(format, LabelFormat::Png | LabelFormat::Svg) {
            return Err(
                DomainError::UnsupportedFormat("a single label is png or svg".into()).into(),
            );
        }
        // Validate size and range before recording the print run.
        let batch = self.batch_for(who, id)?;
        if serial == 0 || serial > batch.quantity {
            return Err(DomainError::InvalidSerialRange(format!(
                "serial {serial} is not within 1..={}",
                batch.quantity
            ))
            .into());
        }
        // PNG modules are whole pixels, which can print smaller than the layout's.
        self.probe_layout(&batch, serial, spec, format == LabelFormat::Png)?;
        self.start_print_run(who, id, serial, serial, format)
    }

    /// Checks, records and renders one label; returns the job and the PNG or SVG bytes.
    pub fn render_single_label(
        &self,
        who: &Principal,
        id: BatchId,
        serial: u32,
        format: LabelFormat,
        spec: &LabelSpec,
    ) -> Result<(PrintJob, Vec<u8>), ServiceError> {
        let job = self.single_label(who, id, serial, format, spec)?;
        let content = job.content(serial).ok_or(RenderError::Font)?;
        let drawing = lay_out(spec, &content)?;
        let body = match format {
            LabelFormat::Svg => render_svg(&drawing).into_bytes(),
            _ => render_png(&drawing, spec.dpi)?,
        };
        Ok((job, body))
    }

    /// Lays out the widest label of the batch (last serial, longest lot) at `spec`.
    fn probe_layout(
        &self,
        batch: &Batch,
        serial: u32,
        spec: &LabelSpec,
        png: bool,
    ) -> Result<(), ServiceError> {
        let content = LabelContent {
            url: self.label_url(batch, serial)?,
            product_name: String::new(),
            stars: Some(batch.star.get()),
            lot: batch.lot.to_string(),
            expiry: batch.expiry_date,
            serial: batch.quantity,
            quantity: batch.quantity,
            extra: None,
        };
        if png {
            lay_out_png(spec, &content)?;
        } else {
            lay_out(spec, &content)?;
        }
        Ok(())
    }
}
