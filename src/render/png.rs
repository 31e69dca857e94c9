//! PNG output: drawn on an `image` greyscale buffer, written as 4-bit greyscale PNG.

use super::RenderError;
use super::layout::{Drawing, QUIET_MODULES};
use super::text::{fonts, layout};
use ab_glyph::{Font, PxScale, point};
use image::{GrayImage, Luma};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Renders a label at `dpi`. Modules are whole pixels so scanners see crisp edges.
pub fn render_png(d: &Drawing, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let px = |mm: f32| mm * dpi as f32 / 25.4;
    let (w, h) = (
        px(d.width_mm).round().max(1.0) as u32,
        px(d.height_mm).round().max(1.0) as u32,
    );
    super::check_raster(d, dpi)?;
    let module = super::fit::module_px(d.module_mm, dpi);
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    // Centre the pixel-snapped symbol in the space the layout gave it.
    let modules = (d.qr.width + 2 * QUIET_MODULES) as u32;
    let slack = (px(d.qr_side_mm()) - (module * modules) as f32).max(0.0) / 2.0;
    let x0 = (px(d.qr_x) + slack).round() as u32 + QUIET_MODULES as u32 * module;
    let y0 = (px(d.qr_y) + slack).round() as u32 + QUIET_MODULES as u32 * module;
    let stride = w as usize;
    let buf: &mut [u8] = &mut img;
    for (row, start, len) in d.qr.dark_runs() {
        let xs = (x0 + start as u32 * module) as usize;
        let xe = (xs + len * module as usize).min(stride);
        for y in (y0 + row as u32 * module)..(y0 + (row as u32 + 1) * module).min(h) {
            let line = y as usize * stride;
            if xs < xe {
                buf[line + xs..line + xe].fill(0);
            }
        }
    }
    let fonts = fonts().ok_or(RenderError::Font)?;
    for line in &d.lines {
        let font = fonts.face(line.bold);
        let size = px(line.size);
        let (glyphs, _) = layout(font, size, &line.text);
        let (bx, by) = (px(line.x), px(line.baseline).round());
        for g in glyphs {
            let pen = bx + g.x;
            let (whole, frac) = (pen.floor(), ((pen - pen.floor()) * 4.0).floor() as u8);
            let Some(bitmap) = cached_glyph(font, line.bold, g.id, size, frac) else {
                continue;
            };
            blit(&mut img, &bitmap, whole as i64, by as i64);
        }
    }
    // 4-bit greyscale keeps the text's anti-aliasing at half the bytes to compress.
    let row_bytes = (w as usize).div_ceil(2);
    let mut packed = vec![0xFFu8; row_bytes * h as usize];
    for (src, dst) in img
        .as_raw()
        .chunks_exact(w as usize)
        .zip(packed.chunks_exact_mut(row_bytes))
    {
        for (pair, byte) in src.chunks(2).zip(dst.iter_mut()) {
            let lo = if pair.len() == 2 { pair[1] >> 4 } else { 0x0F };
            *byte = (pair[0] & 0xF0) | lo;
        }
    }
    let mut out = Vec::with_capacity(packed.len() / 4);
    let mut enc = ::png::Encoder::new(&mut out, w, h);
    enc.set_color(::png::ColorType::Grayscale);
    enc.set_depth(::png::BitDepth::Four);
    enc.set_compression(::png::Compression::Fast);
    // Without pHYs, viewers and print dialogs assume 72 or 96 dpi and print the label
    // three to four times too large; PNG states density only in pixels per metre.
    let ppm = pixels_per_metre(dpi);
    enc.set_pixel_dims(Some(::png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: ::png::Unit::Meter,
    }));
    let mut writer = enc
        .write_header()
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    writer
        .write_image_data(&packed)
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    Ok(out)
}

/// `dpi` as PNG `pHYs` pixels per metre, rounded to the nearest (300 dpi → 11811).
pub fn pixels_per_metre(dpi: u32) -> u32 {
    (f64::from(dpi) / 0.0254).round() as u32
}

/// A rasterised glyph: coverage relative to the pen position on the baseline.
struct GlyphBitmap {
    left: i64,
    top: i64,
    width: u32,
    coverage: Vec<u8>,
}

type GlyphKey = (bool, u16, u32, u8);

thread_local! {
    /// Labels of one batch repeat the same glyphs at the same size, so rasterising each
    /// (face, glyph, size, quarter-pixel offset) once per thread saves most of the text work.
    static GLYPHS: RefCell<HashMap<GlyphKey, Rc<GlyphBitmap>>> = RefCell::new(HashMap::new());
}

fn cached_glyph(
    font: &ab_glyph::FontRef<'static>,
    bold: bool,
    id: ab_glyph::GlyphId,
    size: f32,
    frac: u8,
) -> Option<Rc<GlyphBitmap>> {
    let key = (bold, id.0, size.to_bits(), frac);
    if let Some(hit) = GLYPHS.with(|c| c.borrow().get(&key).cloned()) {
        return Some(hit);
    }
    let glyph = id.with_scale_and_position(PxScale::from(size), point(f32::from(frac) / 4.0, 0.0));
    let outlined = font.outline_glyph(glyph)?;
    let b = outlined.px_bounds();
    let (w, h) = (b.width().max(0.0) as u32, b.height().max(0.0) as u32);
    let mut coverage = vec![0u8; (w * h) as usize];
    outlined.draw(|x, y, c| {
        if let Some(p) = coverage.get_mut((y * w + x) as usize) {
            *p = (c.clamp(0.0, 1.0) * 255.0) as u8;
        }
    });
    let bitmap = Rc::new(GlyphBitmap {
        left: b.min.x as i64,
        top: b.min.y as i64,
        width: w,
        coverage,
    });
    GLYPHS.with(|c| {
        let mut c = c.borrow_mut();
        // Bounded: a different batch or size simply starts over.
        if c.len() > 4096 {
            c.clear();
        }
        c.insert(key, bitmap.clone());
    });
    Some(bitmap)
}

fn blit(img: &mut GrayImage, g: &GlyphBitmap, pen_x: i64, baseline: i64) {
    let (w, h) = (i64::from(img.width()), i64::from(img.height()));
    if g.width == 0 {
        return;
    }
    for (i, row) in g.coverage.chunks(g.width as usize).enumerate() {
        let y = baseline + g.top + i as i64;
        if !(0..h).contains(&y) {
            continue;
        }
        for (j, cov) in row.iter().enumerate() {
            let x = pen_x + g.left + j as i64;
            if *cov == 0 || !(0..w).contains(&x) {
                continue;
            }
            let p = img.get_pixel_mut(x as u32, y as u32);
            p.0[0] = p.0[0].min(255 - cov);
        }
    }
}
