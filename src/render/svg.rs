//! SVG output: the QR as one vector path, text as text.

use super::layout::{Drawing, QUIET_MODULES};
use std::fmt::Write;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders a label as a standalone SVG document sized in millimetres.
pub fn render_svg(d: &Drawing) -> String {
    let mut s = String::with_capacity(16 * 1024);
    // Writing to a String cannot fail.
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}"><rect width="{w}" height="{h}" fill="white"/>"#,
        w = d.width_mm,
        h = d.height_mm
    );
    let q = QUIET_MODULES as f32;
    let _ = write!(
        s,
        r#"<path fill="black" shape-rendering="crispEdges" transform="translate({x} {y}) scale({m})" d=""#,
        x = d.qr_x + q * d.module_mm,
        y = d.qr_y + q * d.module_mm,
        m = d.module_mm
    );
    for (row, start, len) in d.qr.dark_runs() {
        let _ = write!(s, "M{start} {row}h{len}v1h-{len}Z");
    }
    s.push_str(r#""/>"#);
    for line in &d.lines {
        let _ = write!(
            s,
            r#"<text x="{x:.2}" y="{y:.2}" font-family="DejaVu Sans, Noto Sans, Arial, sans-serif" font-size="{size:.2}"{weight}>{text}</text>"#,
            x = line.x,
            y = line.baseline,
            // SVG font-size is the em size; ab_glyph's scale is ascent − descent (~1.16 em).
            size = line.size / 1.164,
            weight = if line.bold {
                r#" font-weight="bold""#
            } else {
                ""
            },
            text = esc(&line.text)
        );
    }
    s.push_str("</svg>");
    s
}
