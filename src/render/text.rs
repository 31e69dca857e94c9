//! Bundled fonts (DejaVu Sans, which covers every Vietnamese letter and ★) and text measuring.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use std::sync::OnceLock;

/// The two faces labels use.
pub struct Fonts {
    pub regular: FontRef<'static>,
    pub bold: FontRef<'static>,
}

/// The bundled fonts, parsed once. The bytes are compiled in from the `dejavu` crate, so a
/// parse failure is a build defect; it is reported as `None` rather than a panic.
pub fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
                bold: FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
            })
        })
        .as_ref()
}

impl Fonts {
    /// The face for `bold`.
    pub fn face(&self, bold: bool) -> &FontRef<'static> {
        if bold { &self.bold } else { &self.regular }
    }
}

/// A glyph placed on a line: id and pen x offset from the line start, in the same unit as
/// the `size` it was laid out with.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    pub id: GlyphId,
    pub x: f32,
}

/// Lays out one line of (NFC) text at `size` (ab_glyph scale: ascent − descent height).
/// Returns the glyphs and the line's advance width.
pub fn layout(font: &FontRef<'static>, size: f32, text: &str) -> (Vec<Placed>, f32) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut out = Vec::with_capacity(text.len());
    let mut x = 0.0;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        out.push(Placed { id, x });
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    (out, x)
}

/// Characters of `text` the face has no glyph for (they would print as boxes).
pub fn missing_glyphs(font: &FontRef<'static>, text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && font.glyph_id(*c).0 == 0)
        .collect()
}

/// Shortens `text` with "…" until it fits `max_width` at `size`.
pub fn fit(font: &FontRef<'static>, size: f32, text: &str, max_width: f32) -> String {
    if layout(font, size, text).1 <= max_width {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if layout(font, size, &candidate).1 <= max_width {
            return candidate;
        }
    }
    String::new()
}

/// Ascent of a face at `size` (distance from the top of a line box to its baseline).
pub fn ascent(font: &FontRef<'static>, size: f32) -> f32 {
    font.as_scaled(PxScale::from(size)).ascent()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_letters_and_stars_have_glyphs() {
        let f = fonts().unwrap();
        let text = "ả ấ ẫ ơ ư đ Ư Ờ ặ ỹ Ỵ ★ Quét mã để xác thực Mật hoa dừa Hạn sử dụng";
        assert_eq!(missing_glyphs(&f.regular, text), Vec::<char>::new());
        assert_eq!(missing_glyphs(&f.bold, text), Vec::<char>::new());
        // A character the face lacks is reported.
        assert_eq!(
            missing_glyphs(&f.regular, "a\u{10FFFD}"),
            vec!['\u{10FFFD}']
        );
    }

    #[test]
    fn fit_truncates_with_an_ellipsis() {
        let f = fonts().unwrap();
        let long = "Kẹo dừa sáp Cầu Kè hương sầu riêng đặc biệt";
        let short = fit(&f.regular, 10.0, long, 80.0);
        assert!(short.ends_with('…') && short.chars().count() < long.chars().count());
        assert!(layout(&f.regular, 10.0, &short).1 <= 80.0);
    }
}
