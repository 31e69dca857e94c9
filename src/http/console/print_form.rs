//! The print form as typed and what it asks for: a serial range and a layout (A4 sheets
//! with their grid, or one label's size in mm for PNG, SVG and CSV), with the sentence for
//! each field that is wrong.

use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::render::{Ecc, LabelSpec, RenderError, SheetSpec};
use crate::service::{BatchPage, LabelFormat, ServiceError};
use serde::Deserialize;
use std::collections::HashMap;

/// Most labels one PDF holds (the API's limit).
pub(super) const PDF_MAX: u32 = 10_000;

/// The print form as typed (also the preview's query).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PrintForm {
    #[serde(default)]
    pub(super) from: String,
    #[serde(default)]
    pub(super) to: String,
    #[serde(default)]
    pub(super) layout: String,
    #[serde(default)]
    pub(super) columns: String,
    #[serde(default)]
    pub(super) rows: String,
    #[serde(default)]
    pub(super) width_mm: String,
    #[serde(default)]
    pub(super) height_mm: String,
    #[serde(default)]
    pub(super) reprint: Option<String>,
    /// `preview` shows the page again with the first label; anything else downloads.
    #[serde(default)]
    pub(super) action: String,
    #[serde(default)]
    pub(super) csrf: String,
}

super::posted::csrf_forms!(PrintForm);

impl PrintForm {
    /// The form a print page starts with: 3 × 8 sheets, from the label after the last one
    /// printed, so that the usual next step is no reprint.
    pub(super) fn next(p: &BatchPage) -> Self {
        let last = p.runs.iter().map(|r| r.to).max();
        let (from, to) = next_range(last, p.view.batch.quantity);
        Self {
            from: from.to_string(),
            to: to.to_string(),
            layout: "sheet".into(),
            columns: "3".into(),
            rows: "8".into(),
            width_mm: "50".into(),
            height_mm: "30".into(),
            ..Self::default()
        }
    }
}

/// The range after the last label printed (from 1 again once all were), at most a PDF's.
fn next_range(last: Option<u32>, quantity: u32) -> (u32, u32) {
    let next = last.map_or(1, |m| m.saturating_add(1));
    let from = if next > quantity { 1 } else { next };
    (from, quantity.min(from.saturating_add(PDF_MAX - 1)))
}

/// The preview's query (`serial` and the layout fields): the label to draw and its size,
/// or `None` when the layout does not read.
pub(super) fn preview_label(
    q: &HashMap<String, String>,
    t: &'static Catalogue,
) -> Option<(u32, LabelSpec)> {
    let field = |k: &str| q.get(k).cloned().unwrap_or_default();
    let f = PrintForm {
        from: field("serial"),
        layout: field("layout"),
        columns: field("columns"),
        rows: field("rows"),
        width_mm: field("width_mm"),
        height_mm: field("height_mm"),
        ..PrintForm::default()
    };
    let spec = layout(&f, t).ok().and_then(|l| l.label())?;
    Some((f.from.trim().parse().unwrap_or(1), spec))
}

/// What the form asks for, once read.
#[derive(Debug, Clone, Copy)]
pub(super) enum Layout {
    Sheet(SheetSpec),
    /// PNG, SVG or CSV, with the size of one label.
    Single(LabelFormat, LabelSpec),
}

impl Layout {
    /// The size of one label (a sheet's cell).
    pub(super) fn label(&self) -> Option<LabelSpec> {
        match self {
            Self::Sheet(s) => s.label_spec().ok(),
            Self::Single(_, spec) => Some(*spec),
        }
    }
}

fn number_mm(s: &str) -> Option<f32> {
    s.trim()
        .replace(',', ".")
        .parse::<f32>()
        .ok()
        .filter(|v| v.is_finite())
}

/// A field left empty takes the value the form starts with (3 × 8 sheets, 50 × 30 mm).
fn or_default<'a>(typed: &'a str, default: &'a str) -> &'a str {
    match typed.trim() {
        "" => default,
        t => t,
    }
}

/// The layout of the form, or the fields that are wrong.
pub(super) fn layout(
    f: &PrintForm,
    t: &'static Catalogue,
) -> Result<Layout, Vec<(&'static str, String)>> {
    let format = match f.layout.as_str() {
        "png" => LabelFormat::Png,
        "svg" => LabelFormat::Svg,
        "csv" => LabelFormat::Csv,
        _ => LabelFormat::Pdf,
    };
    if format == LabelFormat::Pdf {
        let sheet = SheetSpec {
            columns: or_default(&f.columns, "3").parse().unwrap_or(0),
            rows: or_default(&f.rows, "8").parse().unwrap_or(0),
            ..SheetSpec::default()
        };
        return match sheet.label_spec() {
            Ok(_) => Ok(Layout::Sheet(sheet)),
            Err(_) => Err(vec![("columns", t.err_grid.into())]),
        };
    }
    let size = |s: &str| number_mm(s).filter(|v| (10.0..=300.0).contains(v));
    match (
        size(or_default(&f.width_mm, "50")),
        size(or_default(&f.height_mm, "30")),
    ) {
        (Some(width_mm), Some(height_mm)) => Ok(Layout::Single(
            format,
            LabelSpec {
                width_mm,
                height_mm,
                dpi: 300,
                ecc: Ecc::M,
            },
        )),
        _ => Err(vec![("width_mm", t.err_size.into())]),
    }
}

/// The range of the form within the batch (a PNG or SVG is the first label alone).
pub(super) fn range(f: &PrintForm, l: &Layout, quantity: u32) -> Option<(u32, u32)> {
    let from: u32 = f.from.trim().parse().ok()?;
    let to: u32 = match l {
        Layout::Single(LabelFormat::Png | LabelFormat::Svg, _) => from,
        _ => f.to.trim().parse().ok()?,
    };
    let max = match l {
        Layout::Single(LabelFormat::Csv, _) => crate::domain::MAX_QUANTITY,
        _ => PDF_MAX,
    };
    (from >= 1 && from <= to && to <= quantity && to - from < max).then_some((from, to))
}

/// The sentence for a label that cannot hold its QR code.
pub(super) fn too_small(
    t: &'static Catalogue,
    lang: Lang,
    l: &Layout,
    e: &ServiceError,
) -> Option<(&'static str, String)> {
    let ServiceError::Render(RenderError::TooSmall(small)) = e else {
        return None;
    };
    if let Layout::Sheet(_) = l {
        return Some(("columns", t.err_grid_small.into()));
    }
    let mm = |v: f32| {
        let s = format!("{v:.1}");
        if lang == Lang::Vi {
            s.replace('.', ",")
        } else {
            s
        }
    };
    Some((
        "width_mm",
        small.advised.map_or_else(
            || t.err_size_small_plain.into(),
            |(w, h)| fill(t.err_size_small, &[&mm(w), &mm(h)]),
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_range_follows_the_last_print_and_starts_again_when_all_were_printed() {
        assert_eq!(next_range(None, 500), (1, 500));
        assert_eq!(next_range(Some(100), 500), (101, 500));
        assert_eq!(next_range(Some(500), 500), (1, 500));
        assert_eq!(next_range(Some(10), 50_000), (11, 10_010));
    }

    #[test]
    fn the_preview_query_reads_as_the_form_with_its_serial() {
        let t = Lang::Vi.t();
        let q = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let png = q(&[("serial", "7"), ("layout", "png"), ("width_mm", "40,5")]);
        let Some((serial, spec)) = preview_label(&png, t) else {
            panic!("a PNG of 40.5 × 30 mm reads")
        };
        assert_eq!(serial, 7);
        assert!((spec.width_mm - 40.5).abs() < 1e-3 && (spec.height_mm - 30.0).abs() < 1e-3);
        let no_serial = q(&[("serial", "x"), ("layout", "svg")]);
        assert_eq!(preview_label(&no_serial, t).map(|p| p.0), Some(1));
        assert!(preview_label(&q(&[("layout", "png"), ("width_mm", "5")]), t).is_none());
    }
}
