//! The one rule for a page's language, and the small helpers that put numbers and dates into
//! catalogue sentences. The sentences themselves live in [`crate::http::kit::catalogue`].

use crate::http::kit::catalogue::{Catalogue, EN, VI};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use std::convert::Infallible;

/// The language a page is shown in. Vietnamese unless the person asked for English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Tiếng Việt, the default.
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `?lang=vi|en` wins; then the best of vi/en in `Accept-Language`; else Vietnamese.
    /// Any other `?lang=` value falls through to the header, so a typo never shows a
    /// half-chosen page.
    pub fn negotiate(uri: &Uri, headers: &HeaderMap) -> Self {
        match query_value(uri, "lang") {
            Some("en") => return Self::En,
            Some("vi") => return Self::Vi,
            _ => {}
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Self::Vi, from_accept_language)
    }

    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// The other language (for the switch link).
    pub fn other(self) -> Self {
        match self {
            Self::Vi => Self::En,
            Self::En => Self::Vi,
        }
    }

    /// Every sentence of the interface in this language.
    pub fn t(self) -> &'static Catalogue {
        match self {
            Self::Vi => &VI,
            Self::En => &EN,
        }
    }

    /// A date as people write it: dd/mm/yyyy in Vietnamese, "1 Dec 2026" in English (the
    /// ISO form reads as a code to most shoppers).
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Self::Vi => d.format("%d/%m/%Y").to_string(),
            Self::En => d.format("%-d %b %Y").to_string(),
        }
    }
}

impl Lang {
    /// A whole number with the thousands separator of the language (`10.000`, `10,000`).
    pub fn number(self, n: u64) -> String {
        let sep = match self {
            Self::Vi => '.',
            Self::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A figure with at most one decimal, written as the language does (`1.234,5` in
    /// Vietnamese, `1,234.5` in English); a whole figure has no decimals (`80`).
    pub fn decimal(self, x: f64) -> String {
        let tenths = (x.abs() * 10.0).round();
        // Figures on a dashboard are far below 2^53: the conversion is exact.
        let whole = self.number((tenths / 10.0).trunc() as u64);
        let frac = (tenths % 10.0) as u64;
        let sign = if x < 0.0 && tenths > 0.0 { "-" } else { "" };
        let point = if self == Self::Vi { ',' } else { '.' };
        if frac == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}{point}{frac}")
        }
    }

    /// A count with its noun, singular or plural as English needs (`1 unit`, `2 units`).
    pub fn count(self, n: u64, one: &str, many: &str) -> String {
        fill(if n == 1 { one } else { many }, &[&self.number(n)])
    }

    /// An instant as a time and a day in Vietnam (`14:05, 01/12/2026`).
    pub fn moment(self, at: DateTime<Utc>) -> String {
        let vn = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
        format!(
            "{}, {}",
            at.with_timezone(&vn).format("%H:%M"),
            self.day_of(at)
        )
    }

    /// The day of an instant in Vietnam (UTC+7), as [`Lang::date`] writes it: a scan at
    /// 06:00 in Hà Nội is that day's, not the previous UTC day's.
    pub fn day_of(self, at: DateTime<Utc>) -> String {
        let vn = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| Utc.fix());
        self.date(at.with_timezone(&vn).date_naive())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self::negotiate(&parts.uri, &parts.headers))
    }
}

/// The highest-weighted of vi and en; ties go to the one listed first.
fn from_accept_language(value: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("en") => Lang::En,
            Some("vi") => Lang::Vi,
            _ => continue,
        };
        if best.is_none_or(|(bq, _)| q > bq) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Vi, |(_, l)| l)
}

/// The value of `key` in the query string, if present.
pub fn query_value<'a>(uri: &'a Uri, key: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .find_map(|p| p.strip_prefix(key)?.strip_prefix('='))
}

/// This URL in the other language: the same path and query, with `lang` replaced.
pub fn switch_href(uri: &Uri, to: Lang) -> String {
    let mut q: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let lang = format!("lang={}", to.code());
    q.push(&lang);
    format!("{}?{}", uri.path(), q.join("&"))
}

/// Puts values into a catalogue sentence in place of `{}`, in order. Sentences keep their
/// words around the numbers so that each language can order them naturally.
pub fn fill(sentence: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(sentence.len() + 16);
    let mut values = values.iter();
    let mut rest = sentence;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(values.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(q: &str, al: Option<&str>) -> Lang {
        let uri: Uri = format!("/x{q}").parse().unwrap_or_default();
        let mut h = HeaderMap::new();
        if let Some(v) = al.and_then(|v| v.parse().ok()) {
            h.insert(header::ACCEPT_LANGUAGE, v);
        }
        Lang::negotiate(&uri, &h)
    }

    #[test]
    fn query_beats_header_and_vietnamese_is_the_default() {
        assert_eq!(lang("", None), Lang::Vi);
        assert_eq!(lang("", Some("en-US,en;q=0.8")), Lang::En);
        assert_eq!(lang("?lang=vi", Some("en-US")), Lang::Vi);
        assert_eq!(lang("?a=1&lang=en", Some("vi")), Lang::En);
        assert_eq!(lang("?lang=fr", Some("en")), Lang::En);
        assert_eq!(lang("", Some("fr-FR,en;q=0.5,vi;q=0.9")), Lang::Vi);
        assert_eq!(lang("", Some("de")), Lang::Vi);
    }

    #[test]
    fn the_switch_keeps_the_rest_of_the_url() {
        let uri: Uri = "/l/ab/1?v=1&lang=vi&s=x".parse().unwrap_or_default();
        assert_eq!(switch_href(&uri, Lang::En), "/l/ab/1?v=1&s=x&lang=en");
        assert_eq!(fill("{} of {}", &["1", "2"]), "1 of 2");
        assert_eq!(Lang::Vi.number(10_000_000), "10.000.000");
        assert_eq!(Lang::En.number(1234), "1,234");
        assert_eq!(Lang::En.number(999), "999");
        assert_eq!(Lang::Vi.number(19_050), "19.050");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Vi.number(104), "104");
        assert_eq!(Lang::Vi.decimal(1234.46), "1.234,5");
        assert_eq!(Lang::En.decimal(1234.46), "1,234.5");
        assert_eq!(Lang::Vi.decimal(80.0), "80");
        assert_eq!(Lang::Vi.decimal(-2.5), "-2,5");
    }
}
