//! Where things go on one label, in millimetres (origin top-left, y down). Every output
//! format draws the same layout.

use super::RenderError;
use super::fit::{check as check_size, margin_mm, qr_side_mm};
use super::qr::{Ecc, QrMatrix, encode};
use super::text::{fit, fonts, layout};
use chrono::NaiveDate;

pub use super::fit::MIN_MODULE_MM;
/// Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_MODULES: usize = 4;

/// Physical size and QR settings of one label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelSpec {
    pub width_mm: f32,
    pub height_mm: f32,
    pub dpi: u32,
    pub ecc: Ecc,
}

impl Default for LabelSpec {
    fn default() -> Self {
        Self {
            width_mm: 50.0,
            height_mm: 30.0,
            dpi: 300,
            ecc: Ecc::M,
        }
    }
}

/// What a label says besides its QR code.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelContent {
    pub url: String,
    pub product_name: String,
    /// `None` when the certificate is not valid at print time: no stars are printed.
    pub stars: Option<u8>,
    pub lot: String,
    pub expiry: NaiveDate,
    pub serial: u32,
    pub quantity: u32,
    /// Optional scratch-area text (e.g. a PIN), printed last.
    pub extra: Option<String>,
}

/// One text line.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub x: f32,
    pub baseline: f32,
    /// ab_glyph scale (ascent − descent), mm.
    pub size: f32,
    pub bold: bool,
    pub text: String,
}

/// A label ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    pub width_mm: f32,
    pub height_mm: f32,
    /// Top-left of the quiet zone.
    pub qr_x: f32,
    pub qr_y: f32,
    /// Side of one module.
    pub module_mm: f32,
    pub qr: QrMatrix,
    /// The error-correction level of `qr`, which decides the smallest module allowed.
    pub ecc: Ecc,
    pub lines: Vec<TextLine>,
}

impl Drawing {
    /// Side of the symbol with its quiet zone.
    pub fn qr_side_mm(&self) -> f32 {
        self.module_mm * (self.qr.width + 2 * QUIET_MODULES) as f32
    }
}

/// `dd/mm/yyyy`, as dates are written on Vietnamese packaging.
pub fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Lays a label out, refusing sizes the QR code cannot fit in.
pub fn lay_out(spec: &LabelSpec, content: &LabelContent) -> Result<Drawing, RenderError> {
    if !(spec.width_mm.is_finite() && spec.height_mm.is_finite())
        || spec.width_mm <= 0.0
        || spec.height_mm <= 0.0
        || spec.width_mm > 300.0
        || spec.height_mm > 300.0
    {
        return Err(RenderError::BadSize(
            "label width and height must be between 0 and 300 mm".into(),
        ));
    }
    if !(72..=1200).contains(&spec.dpi) {
        return Err(RenderError::BadSize("dpi must be from 72 to 1200".into()));
    }
    let qr = encode(content.url.as_bytes(), spec.ecc).map_err(|e| RenderError::Qr(e.0))?;
    let fonts = fonts().ok_or(RenderError::Font)?;
    let margin = margin_mm(spec.width_mm, spec.height_mm);
    let modules = (qr.width + 2 * QUIET_MODULES) as f32;
    let landscape = spec.width_mm >= spec.height_mm;
    // The QR takes the short side; text gets what is left beside or below it.
    let module_mm = qr_side_mm(spec.width_mm, spec.height_mm) / modules;
    check_size(
        spec.width_mm,
        spec.height_mm,
        qr.width,
        qr.version,
        spec.ecc,
        None,
    )?;
    let side = module_mm * modules;
    let (qr_x, qr_y, tx, ty, tw, th) = if landscape {
        let qr_y = (spec.height_mm - side) / 2.0;
        let tx = margin + side + margin * 0.5;
        (
            margin,
            qr_y,
            tx,
            margin,
            spec.width_mm - tx - margin,
            spec.height_mm - 2.0 * margin,
        )
    } else {
        let qr_x = (spec.width_mm - side) / 2.0;
        let ty = margin + side;
        (
            qr_x,
            margin,
            margin,
            ty,
            spec.width_mm - 2.0 * margin,
            spec.height_mm - ty - margin,
        )
    };
    let mut fixed: Vec<(bool, String)> = Vec::new();
    fixed.push(match content.stars {
        Some(n) => (true, format!("OCOP {}", "★".repeat(usize::from(n)))),
        None => (false, "OCOP: hết hiệu lực".into()),
    });
    fixed.push((false, format!("Lô: {}", content.lot)));
    fixed.push((false, format!("HSD: {}", vn_date(content.expiry))));
    fixed.push((
        false,
        format!("Số: {}/{}", content.serial, content.quantity),
    ));
    fixed.push((false, "Quét mã để xác thực".into()));
    fixed.push((false, "Scan to verify".into()));
    if let Some(extra) = &content.extra {
        fixed.push((true, extra.clone()));
    }
    let mut lines = Vec::new();
    if tw > 2.0 && th > 2.0 {
        // Two lines for the product name, one for everything else.
        let line_h = th / (fixed.len() + 2) as f32;
        let mut size = (line_h * 0.9).min(3.2);
        // One size for all lines: the largest at which every fixed line fits the width.
        for (bold, text) in &fixed {
            let width = layout(fonts.face(*bold), size, text).1;
            if width > tw {
                // A little under the exact ratio, so rounding never truncates the line.
                size *= tw / width * 0.97;
            }
        }
        let size = size.max(1.2);
        let mut texts = wrap_name(fonts.face(true), size, &content.product_name, tw);
        texts.extend(fixed);
        let mut y = ty;
        for (bold, text) in texts {
            let font = fonts.face(bold);
            let text = fit(font, size, &text, tw);
            let baseline = y + super::text::ascent(font, size);
            lines.push(TextLine {
                x: tx,
                baseline,
                size,
                bold,
                text,
            });
            y += line_h;
        }
    }
    Ok(Drawing {
        width_mm: spec.width_mm,
        height_mm: spec.height_mm,
        qr_x,
        qr_y,
        module_mm,
        qr,
        ecc: spec.ecc,
        lines,
    })
}

/// Splits a product name over at most two lines at word boundaries.
fn wrap_name(
    font: &ab_glyph::FontRef<'static>,
    size: f32,
    name: &str,
    width: f32,
) -> Vec<(bool, String)> {
    if layout(font, size, name).1 <= width {
        return vec![(true, name.to_owned())];
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut first = String::new();
    let mut used = 0;
    for (i, w) in words.iter().enumerate() {
        let candidate = if first.is_empty() {
            (*w).to_owned()
        } else {
            format!("{first} {w}")
        };
        if layout(font, size, &candidate).1 > width && !first.is_empty() {
            break;
        }
        first = candidate;
        used = i + 1;
    }
    let rest = words[used..].join(" ");
    if rest.is_empty() {
        vec![(true, first)]
    } else {
        vec![(true, first), (true, rest)]
    }
}
