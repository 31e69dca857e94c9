//! PNG output (8-bit greyscale) through the `image` crate.

use super::RenderError;
use super::layout::{Drawing, MIN_MODULE_MM, QUIET_MODULES};
use super::text::{fonts, layout};
use ab_glyph::{Font, PxScale, point};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{GrayImage, ImageEncoder, Luma};

/// Renders a label at `dpi`. Modules are whole pixels so scanners see crisp edges.
pub fn render_png(d: &Drawing, dpi: u32) -> Result<Vec<u8>, RenderError> {
    let px = |mm: f32| mm * dpi as f32 / 25.4;
    let (w, h) = (
        px(d.width_mm).round().max(1.0) as u32,
        px(d.height_mm).round().max(1.0) as u32,
    );
    let module = px(d.module_mm).floor() as u32;
    if module == 0 || module as f32 * 25.4 / dpi as f32 + 1e-4 < MIN_MODULE_MM {
        return Err(RenderError::TooSmall(format!(
            "at {dpi} dpi a module would be {module} px, below {MIN_MODULE_MM} mm; raise the dpi or the label size"
        )));
    }
    let mut img = GrayImage::from_pixel(w, h, Luma([255]));
    // Centre the pixel-snapped symbol in the space the layout gave it.
    let modules = (d.qr.width + 2 * QUIET_MODULES) as u32;
    let slack = (px(d.qr_side_mm()) - (module * modules) as f32).max(0.0) / 2.0;
    let x0 = (px(d.qr_x) + slack).round() as u32 + QUIET_MODULES as u32 * module;
    let y0 = (px(d.qr_y) + slack).round() as u32 + QUIET_MODULES as u32 * module;
    for (row, start, len) in d.qr.dark_runs() {
        let ys = y0 + row as u32 * module;
        let xs = x0 + start as u32 * module;
        for y in ys..(ys + module).min(h) {
            for x in xs..(xs + len as u32 * module).min(w) {
                img.put_pixel(x, y, Luma([0]));
            }
        }
    }
    let fonts = fonts().ok_or(RenderError::Font)?;
    for line in &d.lines {
        let font = fonts.face(line.bold);
        let size = px(line.size);
        let (glyphs, _) = layout(font, size, &line.text);
        let (bx, by) = (px(line.x), px(line.baseline));
        for g in glyphs {
            let glyph =
                g.id.with_scale_and_position(PxScale::from(size), point(bx + g.x, by));
            if let Some(outlined) = font.outline_glyph(glyph) {
                let b = outlined.px_bounds();
                outlined.draw(|gx, gy, cov| {
                    let (x, y) = (
                        b.min.x as i64 + i64::from(gx),
                        b.min.y as i64 + i64::from(gy),
                    );
                    if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h {
                        let p = img.get_pixel_mut(x as u32, y as u32);
                        let ink = 255.0 - cov.clamp(0.0, 1.0) * 255.0;
                        p.0[0] = p.0[0].min(ink as u8);
                    }
                });
            }
        }
    }
    let mut out = Vec::with_capacity((w * h / 8) as usize);
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Sub)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::L8)
        .map_err(|e| RenderError::Encode(e.to_string()))?;
    Ok(out)
}
