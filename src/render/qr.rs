//! QR encoding with the `qrcode` crate, choosing the mask faster but identically.
//!
//! `qrcode` spends about 90% of an encode scoring the eight masks (it boxes a closure per
//! position in the finder-pattern rule). We let it build the canvas and apply each mask, then
//! score the eight candidates with the same four rules on a flat grid and take the first
//! lowest score, exactly as `Canvas::apply_best_mask` does, so the output is the same code.

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// Error-correction levels offered to producers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, utoipa::ToSchema,
)]
pub enum Ecc {
    /// ~15% recovery (default).
    M,
    /// ~25% recovery, for rough surfaces.
    Q,
}

impl Ecc {
    fn level(self) -> EcLevel {
        match self {
            Self::M => EcLevel::M,
            Self::Q => EcLevel::Q,
        }
    }
}

/// An encoded QR symbol: `width × width` modules, row-major, `true` = dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    pub version: i16,
    pub dark: Vec<bool>,
}

impl QrMatrix {
    /// Whether module (x, y) is dark.
    pub fn get(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Horizontal runs of dark modules per row: `(y, x_start, length)`.
    pub fn dark_runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        (0..self.width).flat_map(move |y| {
            let row = &self.dark[y * self.width..(y + 1) * self.width];
            let mut runs = Vec::new();
            let mut x = 0;
            while x < row.len() {
                if row[x] {
                    let start = x;
                    while x < row.len() && row[x] {
                        x += 1;
                    }
                    runs.push((y, start, x - start));
                } else {
                    x += 1;
                }
            }
            runs
        })
    }
}

/// Why a payload could not be encoded.
#[derive(Debug, thiserror::Error)]
#[error("cannot encode a QR code: {0}")]
pub struct QrError(pub String);

const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Encodes `data` (smallest version, optimal segments) at `ecc`.
pub fn encode(data: &[u8], ecc: Ecc) -> Result<QrMatrix, QrError> {
    let level = ecc.level();
    let bits = qrcode::bits::encode_auto(data, level).map_err(|e| QrError(e.to_string()))?;
    let version = bits.version();
    let Version::Normal(v) = version else {
        return Err(QrError("micro QR codes are not used for labels".into()));
    };
    let raw = bits.into_bytes();
    let (data_cw, ec_cw) = qrcode::ec::construct_codewords(&raw, version, level)
        .map_err(|e| QrError(e.to_string()))?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data_cw, &ec_cw);
    let width = version.width() as usize;
    if width > 64 {
        return encode_plain(canvas, v, width);
    }
    let w = width as i16;
    // Read the unmasked symbol once: colours, and which modules a mask may flip.
    let (mut base, mut maskable) = ([0u64; 64], [0u64; 64]);
    for y in 0..w {
        for x in 0..w {
            match canvas.get(x, y) {
                Module::Masked(Color::Dark) => base[y as usize] |= 1 << x,
                Module::Masked(Color::Light) => {}
                Module::Unmasked(c) => {
                    maskable[y as usize] |= 1 << x;
                    if c == Color::Dark {
                        base[y as usize] |= 1 << x;
                    }
                }
                Module::Empty => maskable[y as usize] |= 1 << x,
            }
        }
    }
    let overlays = format_overlays(version, level);
    let mut best: Option<(u32, [u64; 64])> = None;
    for (mask, overlay) in overlays.masks.iter().zip(overlays.format.iter()) {
        let mut rows = [0u64; 64];
        for y in 0..width {
            rows[y] = (base[y] ^ (maskable[y] & mask[y])) | overlay[y];
        }
        let cols = transpose(&rows, width);
        let score = penalty_bits(&rows[..width], &cols[..width]);
        // Strictly lower only: ties keep the earlier mask, as min_by_key does.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, rows));
        }
    }
    let (_, rows) = best.ok_or_else(|| QrError("no mask".into()))?;
    let dark: Vec<bool> = (0..width)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .map(|(x, y)| rows[y] >> x & 1 == 1)
        .collect();
    Ok(QrMatrix {
        width,
        version: v,
        dark,
    })
}

/// The crate's path for symbols wider than 64 modules (version 12 and up).
fn encode_plain(canvas: Canvas, version: i16, width: usize) -> Result<QrMatrix, QrError> {
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in PATTERNS {
        let mut c = canvas.clone();
        c.apply_mask(pattern);
        let dark: Vec<bool> = c
            .into_colors()
            .into_iter()
            .map(|m| m == Color::Dark)
            .collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    let (_, dark) = best.ok_or_else(|| QrError("no mask".into()))?;
    Ok(QrMatrix {
        width,
        version,
        dark,
    })
}

/// Row `y` of mask pattern `p` (the crate's mask functions, x = column, y = row).
fn mask_row(p: usize, y: usize, width: usize) -> u64 {
    let mut row = 0u64;
    for x in 0..width {
        let on = match p {
            0 => (x + y).is_multiple_of(2),
            1 => y.is_multiple_of(2),
            2 => x % 3 == 0,
            3 => (x + y).is_multiple_of(3),
            4 => ((y / 2) + (x / 3)).is_multiple_of(2),
            5 => (x * y) % 2 + (x * y) % 3 == 0,
            6 => ((x * y) % 2 + (x * y) % 3).is_multiple_of(2),
            _ => ((x + y) % 2 + (x * y) % 3).is_multiple_of(2),
        };
        if on {
            row |= 1 << x;
        }
    }
    row
}

fn transpose(rows: &[u64; 64], width: usize) -> [u64; 64] {
    let mut cols = [0u64; 64];
    for (y, row) in rows.iter().enumerate().take(width) {
        let mut r = *row;
        while r != 0 {
            let x = r.trailing_zeros() as usize;
            cols[x] |= 1 << y;
            r &= r - 1;
        }
    }
    cols
}

/// Per (version, level): for each mask, its rows and the dark format-information modules.
struct Overlays {
    masks: [[u64; 64]; 8],
    format: [[u64; 64]; 8],
}

/// For each mask, the dark modules of the format information (which the crate draws after
/// masking). Taken from the crate itself, by masking a symbol that has only its functional
/// patterns, once per (version, level).
fn format_overlays(version: Version, level: EcLevel) -> Arc<Overlays> {
    type Cache = Mutex<HashMap<(i16, u8), Arc<Overlays>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Version::Normal(v) = version else {
        return Arc::new(Overlays {
            masks: [[0; 64]; 8],
            format: [[0; 64]; 8],
        });
    };
    let key = (v, level as u8);
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let mut functional = Canvas::new(version, level);
    functional.draw_all_functional_patterns();
    let w = version.width();
    let mut overlays = Overlays {
        masks: [[0u64; 64]; 8],
        format: [[0u64; 64]; 8],
    };
    for (p, pattern) in PATTERNS.iter().enumerate() {
        for y in 0..(w as usize).min(64) {
            overlays.masks[p][y] = mask_row(p, y, w as usize);
        }
        let mut c = functional.clone();
        c.apply_mask(*pattern);
        for y in 0..w {
            for x in 0..w {
                // Functional modules that turned dark: the format bits (reserved light).
                if matches!(functional.get(x, y), Module::Masked(Color::Light))
                    && c.get(x, y).is_dark()
                {
                    overlays.format[p][y as usize] |= 1 << x;
                }
            }
        }
    }
    let overlays = Arc::new(overlays);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, overlays.clone());
    }
    overlays
}

/// [`penalty`] computed on row and column bitmasks (symbols up to 64 modules wide, i.e.
/// version 11): the same four rules, a word at a time.
fn penalty_bits(rows: &[u64], cols: &[u64]) -> u32 {
    let w = rows.len();
    let low = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut score = 0u32;
    for line in rows.iter().chain(cols.iter()) {
        let r = *line;
        // N1: run boundaries are where a module differs from its right neighbour.
        let mut t = (r ^ (r >> 1)) & low(w - 1);
        let mut start = 0u32;
        while t != 0 {
            let b = t.trailing_zeros();
            let len = b + 1 - start;
            if len >= 5 {
                score += len - 2;
            }
            start = b + 1;
            t &= t - 1;
        }
        let len = w as u32 - start;
        if len >= 5 {
            score += len - 2;
        }
        // N3: dark-light-dark-dark-dark-light-dark starting at bit j.
        let mut m = r & !(r >> 1) & (r >> 2) & (r >> 3) & (r >> 4) & !(r >> 5) & (r >> 6);
        m &= low(w - 6);
        while m != 0 {
            let j = m.trailing_zeros();
            let before = if j >= 4 {
                (r >> (j - 4)) & 0xF
            } else {
                r & low(j as usize)
            };
            let after = r.checked_shr(j + 7).unwrap_or(0) & 0xF;
            if before == 0 || after == 0 {
                score += 40;
            }
            m &= m - 1;
        }
    }
    // N2: 2×2 blocks of one colour.
    for y in 0..w - 1 {
        let (a, b) = (rows[y], rows[y + 1]);
        let same = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & low(w - 1);
        score += 3 * same.count_ones();
    }
    // N4: balance.
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = dark * 200 / (w * w);
    score + ratio.abs_diff(100) as u32
}

/// The `qrcode` crate's total penalty (rules N1–N4 as it implements them), minus its
/// constant offset. Only the ordering between masks matters.
fn penalty(d: &[bool], w: usize) -> u32 {
    let at = |x: usize, y: usize| d[y * w + x];
    let mut score = 0u32;
    // N1: runs of ≥ 5 same-colour modules in a row or column score len - 2.
    for horizontal in [true, false] {
        for i in 0..w {
            let mut run = 1u32;
            for j in 1..=w {
                let same = j < w && {
                    let (a, b) = if horizontal {
                        (at(j, i), at(j - 1, i))
                    } else {
                        (at(i, j), at(i, j - 1))
                    };
                    a == b
                };
                if same {
                    run += 1;
                } else {
                    if run >= 5 {
                        score += run - 2;
                    }
                    run = 1;
                }
            }
        }
    }
    // N2: every 2×2 block of one colour scores 3.
    for y in 0..w - 1 {
        for x in 0..w - 1 {
            let c = at(x, y);
            if c == at(x + 1, y) && c == at(x, y + 1) && c == at(x + 1, y + 1) {
                score += 3;
            }
        }
    }
    // N3: 1:1:3:1:1 finder-like patterns whose 4 modules on either side are all light
    // (outside the symbol counts as light) score 40.
    const PAT: [bool; 7] = [true, false, true, true, true, false, true];
    for horizontal in [true, false] {
        for i in 0..w {
            let get = |k: usize| if horizontal { at(k, i) } else { at(i, k) };
            for j in 0..w - 6 {
                if (0..7).any(|k| get(j + k) != PAT[k]) {
                    continue;
                }
                let before = (j.saturating_sub(4)..j).any(get);
                let after = (j + 7..(j + 11).min(w)).any(get);
                if !before || !after {
                    score += 40;
                }
            }
        }
    }
    // N4: deviation from 50% dark, unrounded, as the crate computes it.
    let dark = d.iter().filter(|x| **x).count();
    let ratio = dark * 200 / d.len();
    score + ratio.abs_diff(100) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(data: &str, ecc: Ecc) -> Vec<bool> {
        qrcode::QrCode::with_error_correction_level(data, ecc.level())
            .unwrap()
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect()
    }

    #[test]
    fn same_symbols_as_the_qrcode_crate() {
        let mut urls = Vec::new();
        for serial in [1u32, 2, 3, 9, 10, 99, 1000, 123_456, 9_999_999] {
            for lot in ["A", "CK2611-01", "ABCDEFGHIJ0123456789", "L%2F26"] {
                urls.push(format!(
                    "https://truyxuat.vinhlong.gov.vn/01/08930000100016/10/{lot}/21/{serial}?v=1&k=LhPc4IGl&c=4-280831&s=N7UHKHfV3b7cHpA0ADVM4VNH3HbDOufA_vDDVACisQHMGlz7uVv4yGN2eI4p0A9Uyw_kNT1tW_0{serial}"
                ));
            }
        }
        urls.push("hello".into());
        urls.push("HTTP://X.VN/L/1/1".into());
        for url in &urls {
            for ecc in [Ecc::M, Ecc::Q] {
                let fast = encode(url.as_bytes(), ecc).unwrap();
                assert_eq!(fast.dark, reference(url, ecc), "{url} {ecc:?}");
            }
        }
    }

    #[test]
    #[expect(
        clippy::needless_range_loop,
        reason = "x and y index rows and columns alike"
    )]
    fn bitmask_penalty_equals_the_plain_one() {
        for n in 0..40u32 {
            let url = format!(
                "https://x.vn/l/{n}/{}?v=1&k=abcdefgh&c=3-270101&s={}",
                n * 7919,
                "A".repeat(n as usize * 2)
            );
            let m = encode(url.as_bytes(), Ecc::M).unwrap();
            let (mut rows, mut cols) = (vec![0u64; m.width], vec![0u64; m.width]);
            for y in 0..m.width {
                for x in 0..m.width {
                    if m.get(x, y) {
                        rows[y] |= 1 << x;
                        cols[x] |= 1 << y;
                    }
                }
            }
            assert_eq!(
                penalty_bits(&rows, &cols),
                penalty(&m.dark, m.width),
                "{url}"
            );
        }
    }

    #[test]
    fn large_symbols_use_the_plain_scorer() {
        let long = "x".repeat(1500);
        let fast = encode(long.as_bytes(), Ecc::M).unwrap();
        assert!(fast.width > 64);
        assert_eq!(fast.dark, reference(&long, Ecc::M));
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = encode(b"https://example.vn/l/1/1", Ecc::M).unwrap();
        let from_runs: usize = m.dark_runs().map(|(_, _, len)| len).sum();
        assert_eq!(from_runs, m.dark.iter().filter(|d| **d).count());
    }
}
