//! The print form as typed and what it asks for: a serial range and a layout (A4 sheets
//! with their grid, or one label's size in mm for PNG, SVG and CSV), with the sentence for
//! each field that is wrong.

use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::{Lang, fill};
use crate::render::{Ecc, LabelSpec, RenderError, SheetSpec};
use crate::service::{LabelFormat, ServiceError};
use serde::Deserialize;

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
