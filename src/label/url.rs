//! Label URL rendering and parsing (`docs/label-format.md`).

use super::{FORMAT_VERSION, LabelClaims, LabelIdentity, UnitLabel};
use crate::crypto::{b64url, b64url_decode};
use crate::domain::{Gtin, Lot, Star};
use chrono::{Datelike, NaiveDate};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Characters of a lot kept as they are in a URI path; everything else is percent-encoded
/// (GS1 Digital Link 1.2 §7: unreserved characters only).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_');

/// Why a string is not a label URL of a version we know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct LabelError(pub String);

fn err<T>(msg: impl Into<String>) -> Result<T, LabelError> {
    Err(LabelError(msg.into()))
}

/// A unit label together with its signature, as carried in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedLabel {
    pub label: UnitLabel,
    pub sig: [u8; 64],
}

impl UnitLabel {
    /// The label URL for this label under `base` (no trailing slash) with signature `sig`.
    pub fn url(&self, base: &str, sig: &[u8; 64]) -> String {
        let mut out = String::with_capacity(base.len() + 180);
        self.write_url(base, sig, &mut out);
        out
    }

    /// Appends the URL to `out` (for bulk output without per-label allocation).
    pub fn write_url(&self, base: &str, sig: &[u8; 64], out: &mut String) {
        use std::fmt::Write;
        out.push_str(base);
        // Writing to a String cannot fail.
        let _ = match &self.identity {
            LabelIdentity::Gs1 { gtin, lot } => write!(
                out,
                "/01/{gtin}/10/{}/21/{}",
                utf8_percent_encode(lot.as_str(), SEGMENT),
                self.serial
            ),
            LabelIdentity::Batch { id } => write!(out, "/l/{id}/{}", self.serial),
        };
        let v = &self.claims.valid_until;
        let _ = write!(
            out,
            "?v={FORMAT_VERSION}&k={}&c={}-{:02}{:02}{:02}&s={}",
            self.kid,
            self.claims.star,
            v.year() % 100,
            v.month(),
            v.day(),
            b64url(sig)
        );
    }
}

impl SignedLabel {
    /// The full label URL under `base`.
    pub fn url(&self, base: &str) -> String {
        self.label.url(base, &self.sig)
    }

    /// Parses a whole URL (`https://host[/prefix]/01/…?…`). The scheme, host and any path
    /// prefix are not part of what is signed.
    pub fn parse_url(url: &str) -> Result<Self, LabelError> {
        let url = url.trim();
        let rest = match url.find("://") {
            Some(i) => {
                let after = &url[i + 3..];
                match after.find('/') {
                    Some(j) => &after[j..],
                    None => return err("the URL has no path"),
                }
            }
            None => url,
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let (path, query) = match rest.split_once('?') {
            Some((p, q)) => (p, q),
            None => (rest, ""),
        };
        Self::parse_parts(path, query)
    }

    /// Parses the path and raw query of a request.
    pub fn parse_parts(path: &str, query: &str) -> Result<Self, LabelError> {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let n = segs.len();
        let (identity, serial) = if n >= 6
            && segs[n - 6] == "01"
            && segs[n - 4] == "10"
            && segs[n - 2] == "21"
        {
            let gtin = Gtin::parse(segs[n - 5]).map_err(|e| LabelError(e.to_string()))?;
            if gtin.as_str() != segs[n - 5] {
                return err("the GTIN in a label URL must have 14 digits");
            }
            let lot_text = decode(segs[n - 3])?;
            let lot = Lot::parse(&lot_text).map_err(|e| LabelError(e.to_string()))?;
            (LabelIdentity::Gs1 { gtin, lot }, segs[n - 1])
        } else if n >= 3 && segs[n - 3] == "l" {
            let id = canonical_u64(segs[n - 2]).ok_or_else(|| {
                LabelError("the batch id in a label URL must be a decimal number".into())
            })?;
            (LabelIdentity::Batch { id }, segs[n - 1])
        } else {
            return err(
                "not a label URL: expected …/01/{gtin}/10/{lot}/21/{serial} or …/l/{batch}/{serial}",
            );
        };
        let serial = canonical_u64(serial)
            .and_then(|s| u32::try_from(s).ok())
            .ok_or_else(|| {
                LabelError("the serial must be a decimal number without leading zeros".into())
            })?;
        let q = Query::parse(query)?;
        let label = UnitLabel {
            kid: q.kid,
            identity,
            serial,
            claims: q.claims,
        };
        Ok(Self { label, sig: q.sig })
    }
}

fn decode(seg: &str) -> Result<String, LabelError> {
    percent_decode_str(seg)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| LabelError("a path segment is not valid UTF-8".into()))
}

/// Decimal digits without leading zeros (so each number has exactly one spelling).
fn canonical_u64(s: &str) -> Option<u64> {
    // 20 digits hold u64::MAX; parse() rejects anything larger.
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if s.len() > 1 && s.starts_with('0') {
        return None;
    }
    s.parse().ok()
}

struct Query {
    kid: String,
    claims: LabelClaims,
    sig: [u8; 64],
}

impl Query {
    fn parse(query: &str) -> Result<Self, LabelError> {
        let (mut v, mut k, mut c, mut s) = (None, None, None, None);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match key {
                "v" => &mut v,
                "k" => &mut k,
                "c" => &mut c,
                "s" => &mut s,
                // Other parameters (e.g. `lang`) are not part of the label.
                _ => continue,
            };
            if slot.replace(value).is_some() {
                return err(format!("parameter '{key}' appears twice"));
            }
        }
        match v {
            Some("1") => {}
            Some(other) => return err(format!("unsupported label format version '{other}'")),
            None => return err("missing format version parameter v"),
        }
        let kid = k.ok_or_else(|| LabelError("missing key id parameter k".into()))?;
        if kid.is_empty()
            || kid.len() > 43
            || !kid
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return err("the key id must be base64url");
        }
        let claims =
            parse_claims(c.ok_or_else(|| LabelError("missing claims parameter c".into()))?)?;
        let sig = s
            .and_then(b64url_decode)
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .ok_or_else(|| LabelError("the signature s must be 64 bytes in base64url".into()))?;
        Ok(Self {
            kid: kid.to_owned(),
            claims,
            sig,
        })
    }
}

/// `c={star}-{YYMMDD}`: the star and the certificate's last valid day (years 2000–2099).
fn parse_claims(c: &str) -> Result<LabelClaims, LabelError> {
    let b = c.as_bytes();
    if b.len() != 8
        || b[1] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, x)| i == 1 || x.is_ascii_digit())
    {
        return err("claims c must look like 4-271231 (star, then YYMMDD)");
    }
    let star = Star::new(b[0] - b'0').map_err(|e| LabelError(e.to_string()))?;
    let num = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    let valid_until = NaiveDate::from_ymd_opt(2000 + num(2) as i32, num(4), num(6))
        .ok_or_else(|| LabelError("claims c has an impossible date".into()))?;
    Ok(LabelClaims { star, valid_until })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(identity: LabelIdentity) -> SignedLabel {
        SignedLabel {
            label: UnitLabel {
                kid: "kPrK_qmx".into(),
                identity,
                serial: 1234567,
                claims: LabelClaims {
                    star: Star::new(4).unwrap(),
                    valid_until: NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
                },
            },
            sig: [7u8; 64],
        }
    }

    #[test]
    fn gs1_url_round_trips_with_encoded_lot() {
        let l = sample(LabelIdentity::Gs1 {
            gtin: Gtin::parse("08930000000019").unwrap(),
            lot: Lot::parse("A/B%C?&=1").unwrap(),
        });
        let url = l.url("https://trace.example.vn/p");
        assert!(url.starts_with("https://trace.example.vn/p/01/08930000000019/10/A%2FB%25C%3F%26%3D1/21/1234567?v=1&k=kPrK_qmx&c=4-271231&s="), "{url}");
        assert_eq!(SignedLabel::parse_url(&url), Ok(l));
    }

    #[test]
    fn batch_url_round_trips() {
        let l = sample(LabelIdentity::Batch { id: 42 });
        let url = l.url("http://127.0.0.1:8080");
        assert_eq!(SignedLabel::parse_url(&url), Ok(l));
    }

    #[test]
    fn rejects_noncanonical_and_broken_urls() {
        let good = sample(LabelIdentity::Batch { id: 42 }).url("http://h");
        for bad in [
            good.replace("/42/", "/042/"),
            good.replace("v=1", "v=2"),
            good.replace("c=4-", "c=6-"),
            good.replace("c=4-271231", "c=4-271332"),
            good.replace("&s=", "&s=AA"),
            format!("{good}&v=1"),
            "http://h/".to_owned(),
            "http://h/01/123/10/x/21/1?v=1".to_owned(),
        ] {
            assert!(SignedLabel::parse_url(&bad).is_err(), "{bad}");
        }
    }
}
