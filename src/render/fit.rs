//! Whether a label is big enough for its QR code, and if not, the smallest one that is.
//!
//! Acceptance and advice share one predicate ([`holds`]) so an advised size is accepted by
//! construction: the advice is found by growing the side that limits the symbol, 0.1 mm at a
//! time, until that same predicate passes (see docs/label-format.md, "Printed size").

use super::RenderError;
use super::layout::{Drawing, LabelContent, LabelSpec, QUIET_MODULES, lay_out};
use super::qr::Ecc;
use std::fmt;

/// Smallest printed module (mm) printers and phone cameras handle reliably at ECC M.
pub const MIN_MODULE_MM: f32 = 0.33;
/// Smallest printed module (mm) for ECC Q. Q has a bigger symbol in the same space, so its
/// modules shrink; below this, photo-distorted labels fail where ECC M still reads
/// (docs/label-format.md).
pub const MIN_MODULE_MM_Q: f32 = 0.45;
/// Largest label side accepted.
pub const MAX_SIDE_MM: f32 = 300.0;
/// Float slack in the module comparison, far below any printer's resolution.
const EPSILON_MM: f32 = 1e-4;

/// The smallest printed module allowed at `ecc`.
pub fn min_module_mm(ecc: Ecc) -> f32 {
    match ecc {
        Ecc::M => MIN_MODULE_MM,
        Ecc::Q => MIN_MODULE_MM_Q,
    }
}

/// Margin between the label edge and its content.
pub(super) fn margin_mm(width: f32, height: f32) -> f32 {
    (width.min(height) * 0.04).clamp(0.5, 2.0)
}

/// Side of the square the symbol and its quiet zone may take: the short side less margins,
/// but never more than 60% of the long side, which the text needs.
pub(super) fn qr_side_mm(width: f32, height: f32) -> f32 {
    let margin = margin_mm(width, height);
    if width >= height {
        (height - 2.0 * margin).min(width * 0.6)
    } else {
        (width - 2.0 * margin).min(height * 0.6)
    }
}

/// Whole pixels per module at `dpi` (rounded down, so the symbol fits its space).
pub(super) fn module_px(module_mm: f32, dpi: u32) -> u32 {
    (module_mm * dpi as f32 / 25.4).floor() as u32
}

/// The module as it is printed: vector output prints `module_mm`; raster output at `dpi`
/// prints whole pixels, which can be up to a pixel smaller.
fn printed_module_mm(module_mm: f32, dpi: Option<u32>) -> f32 {
    match dpi {
        None => module_mm,
        Some(dpi) => module_px(module_mm, dpi) as f32 * 25.4 / dpi as f32,
    }
}

/// The printed module of a `width × height` label holding `modules` (symbol and quiet zone).
fn module_of(width: f32, height: f32, modules: usize, dpi: Option<u32>) -> f32 {
    printed_module_mm(qr_side_mm(width, height) / modules as f32, dpi)
}

/// The one acceptance rule.
fn holds(width: f32, height: f32, modules: usize, ecc: Ecc, dpi: Option<u32>) -> bool {
    module_of(width, height, modules, dpi) + EPSILON_MM >= min_module_mm(ecc)
}

/// `mm` rounded up to whole tenths of a millimetre, as a count of tenths.
fn tenths_up(mm: f32) -> u32 {
    let t = (mm * 10.0).ceil().max(1.0) as u32;
    // `mm * 10` can land just above a whole number (21.9 → 219.00002): step back when the
    // tenth below still covers `mm`.
    if t > 1 && (t - 1) as f32 / 10.0 >= mm {
        t - 1
    } else {
        t
    }
}

/// The smallest label on a 0.1 mm grid, no smaller than `width × height` on either side,
/// that [`holds`] the code; `None` when a side would exceed [`MAX_SIDE_MM`].
fn advise(
    width: f32,
    height: f32,
    modules: usize,
    ecc: Ecc,
    dpi: Option<u32>,
) -> Option<(f32, f32)> {
    let (mut w, mut h) = (tenths_up(width), tenths_up(height));
    let max = (MAX_SIDE_MM * 10.0) as u32;
    while w <= max && h <= max {
        let (wf, hf) = (w as f32 / 10.0, h as f32 / 10.0);
        if holds(wf, hf, modules, ecc, dpi) {
            return Some((wf, hf));
        }
        // Grow whichever side limits the symbol; the other one already suffices.
        let margin = margin_mm(wf, hf);
        let grow_height = if wf >= hf {
            hf - 2.0 * margin <= wf * 0.6
        } else {
            wf - 2.0 * margin > hf * 0.6
        };
        if grow_height {
            h += 1;
        } else {
            w += 1;
        }
    }
    None
}

/// Checks that a `width × height` label holds a symbol `qr_width` modules wide at `ecc`;
/// `dpi` is the raster resolution for PNG (whole-pixel modules), `None` for vector output.
pub(super) fn check(
    width: f32,
    height: f32,
    qr_width: usize,
    version: i16,
    ecc: Ecc,
    dpi: Option<u32>,
) -> Result<(), TooSmall> {
    let modules = qr_width + 2 * QUIET_MODULES;
    if holds(width, height, modules, ecc, dpi) {
        return Ok(());
    }
    Err(TooSmall {
        width_mm: width,
        height_mm: height,
        ecc,
        dpi,
        module_mm: module_of(width, height, modules, dpi),
        min_module_mm: min_module_mm(ecc),
        qr_width,
        version,
        advised: advise(width, height, modules, ecc, dpi),
    })
}

/// Refuses a drawing whose whole-pixel modules at `dpi` would print below the minimum for
/// its ECC level; [`render_png`] applies it, and callers that record a print run before
/// rendering apply it first.
pub fn check_raster(d: &Drawing, dpi: u32) -> Result<(), RenderError> {
    check(
        d.width_mm,
        d.height_mm,
        d.qr.width,
        d.qr.version,
        d.ecc,
        Some(dpi),
    )?;
    Ok(())
}

/// [`lay_out`] for PNG output at `spec.dpi`: also refuses modules that whole pixels would
/// print too small, and a refusal advises a size that holds at that dpi.
pub fn lay_out_png(spec: &LabelSpec, content: &LabelContent) -> Result<Drawing, RenderError> {
    match lay_out(spec, content) {
        Ok(d) => {
            check_raster(&d, spec.dpi)?;
            Ok(d)
        }
        // Pixels only ever shrink modules, so the raster check refuses too, with the advice
        // that holds for PNG.
        Err(RenderError::TooSmall(t)) => Err(check(
            t.width_mm,
            t.height_mm,
            t.qr_width,
            t.version,
            t.ecc,
            Some(spec.dpi),
        )
        .err()
        .unwrap_or(t)
        .into()),
        Err(e) => Err(e),
    }
}

/// A label too small for its QR code, with the smallest size that is accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct TooSmall {
    pub width_mm: f32,
    pub height_mm: f32,
    pub ecc: Ecc,
    /// The raster resolution when whole pixels decided (PNG); `None` for SVG and PDF.
    pub dpi: Option<u32>,
    /// The module this size prints.
    pub module_mm: f32,
    /// The module this ECC level needs.
    pub min_module_mm: f32,
    /// Symbol width in modules, without the quiet zone.
    pub qr_width: usize,
    pub version: i16,
    /// `(width_mm, height_mm)`: the smallest label of the same shape, on a 0.1 mm grid and no
    /// smaller on either side, that is accepted with the same code, ECC level and dpi. `None`
    /// when no label up to 300 mm holds the code.
    pub advised: Option<(f32, f32)>,
}

impl TooSmall {
    /// `ecc_q_too_small` when only ECC Q's stricter module minimum refuses the size (ECC M
    /// would be accepted); otherwise `label_too_small`.
    pub fn code(&self) -> &'static str {
        if self.ecc == Ecc::Q && self.module_mm + EPSILON_MM >= MIN_MODULE_MM {
            "ecc_q_too_small"
        } else {
            "label_too_small"
        }
    }
}

impl fmt::Display for TooSmall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.dpi.map(|d| format!(" at {d} dpi")).unwrap_or_default();
        let (w, h, m) = (
            short_mm(self.width_mm),
            short_mm(self.height_mm),
            self.module_mm,
        );
        let q_only = self.code() == "ecc_q_too_small";
        if q_only {
            write!(
                f,
                "ECC Q on a {w}×{h} mm label gives {m:.3} mm QR modules{at}, below the {} mm phones read reliably at ECC Q; use ECC M at this size",
                self.min_module_mm
            )?;
        } else {
            write!(
                f,
                "a {w}×{h} mm label gives {m:.3} mm QR modules{at}; at least {} mm is needed for this {}-module code (version {}, ECC {:?})",
                self.min_module_mm, self.qr_width, self.version, self.ecc
            )?;
        }
        match self.advised {
            Some((aw, ah)) if q_only => write!(
                f,
                ", or a label of at least {aw:.1} × {ah:.1} mm (width × height) for ECC Q"
            ),
            Some((aw, ah)) => {
                write!(
                    f,
                    "; a label of at least {aw:.1} × {ah:.1} mm (width × height) holds it"
                )?;
                if self.ecc == Ecc::Q {
                    write!(f, ", and ECC M needs less")?;
                }
                Ok(())
            }
            None => write!(
                f,
                "; no label up to {MAX_SIDE_MM} mm holds it at ECC {:?}: shorten the base URL or the lot",
                self.ecc
            ),
        }
    }
}

/// A requested size as a producer wrote it: at most two decimals, no trailing zeros
/// (`30`, `21.7`, `62.67` for a computed sheet cell).
fn short_mm(mm: f32) -> String {
    let s = format!("{mm:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}
