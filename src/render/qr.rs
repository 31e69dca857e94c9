//! QR encoding with the `qrcode` crate, choosing the mask faster but identically.
//!
//! `qrcode` spends about 90% of an encode scoring the eight masks (it boxes a closure per
//! position in the finder-pattern rule). We let it build the canvas and apply each mask, then
//! score the eight candidates with the same four rules on a flat grid and take the first
//! lowest score, exactly as `Canvas::apply_best_mask` does, so the output is the same code.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};

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
        // Strictly lower only: ties keep the earlier mask, as min_by_key does.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    let (_, dark) = best.ok_or_else(|| QrError("no mask".into()))?;
    Ok(QrMatrix {
        width,
        version: v,
        dark,
    })
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
    fn runs_cover_exactly_the_dark_modules() {
        let m = encode(b"https://example.vn/l/1/1", Ecc::M).unwrap();
        let from_runs: usize = m.dark_runs().map(|(_, _, len)| len).sum();
        assert_eq!(from_runs, m.dark.iter().filter(|d| **d).count());
    }
}
