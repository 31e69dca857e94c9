//! The batch search form as the browser sends it, read into the API's [`BatchSearch`]: dates
//! as people type them, a GTIN checked, each field that does not read named with a sentence,
//! and links that keep the filters.

use super::fields::parse_date;
use crate::domain::{CertStatus, Gtin};
use crate::http::kit::catalogue::Catalogue;
use crate::http::kit::i18n::Lang;
use crate::service::BatchSearch;
use serde::Deserialize;

/// The form as a browser sends it: an unchosen filter comes as an empty value.
#[derive(Debug, Default, Deserialize)]
pub struct SearchForm {
    q: Option<String>,
    subject: Option<String>,
    product: Option<String>,
    gtin: Option<String>,
    lot: Option<String>,
    body: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    recalled: Option<String>,
    page: Option<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

pub(super) const STATUSES: [(CertStatus, &str); 5] = [
    (CertStatus::Active, "active"),
    (CertStatus::Expiring, "expiring"),
    (CertStatus::Expired, "expired"),
    (CertStatus::Revoked, "revoked"),
    (CertStatus::Superseded, "superseded"),
];

/// The form read into the API's search, with a sentence for each field that does not read.
pub(super) struct Parsed {
    pub search: BatchSearch,
    pub errors: Vec<(&'static str, &'static str)>,
    /// The filters as typed, for the form and the links of other pages.
    pub kept: Vec<(&'static str, String)>,
    pub page: usize,
}

pub(super) fn parse(f: &SearchForm, t: &'static Catalogue) -> Parsed {
    let mut errors = Vec::new();
    let kept: Vec<(&'static str, String)> = [
        ("q", &f.q),
        ("subject", &f.subject),
        ("product", &f.product),
        ("gtin", &f.gtin),
        ("lot", &f.lot),
        ("body", &f.body),
        ("status", &f.status),
        ("from", &f.from),
        ("to", &f.to),
        ("recalled", &f.recalled),
    ]
    .into_iter()
    .filter_map(|(k, v)| given(v).map(|v| (k, v)))
    .collect();
    let get = |k: &str| kept.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
    let gtin = get("gtin").and_then(|g| match Gtin::parse(g) {
        Ok(_) => Some(g.to_owned()),
        Err(_) => {
            errors.push(("gtin", t.err_gtin));
            None
        }
    });
    let mut date = |k: &'static str| {
        get(k).and_then(|d| {
            let day = parse_date(d);
            if day.is_none() {
                errors.push((k, t.err_date));
            }
            day
        })
    };
    let (from, to) = (date("from"), date("to"));
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        errors.push(("to", t.err_dates_order));
    }
    let search = BatchSearch {
        subject_id: get("subject").and_then(|s| s.parse().ok()),
        product_id: get("product").and_then(|s| s.parse().ok()),
        gtin,
        lot: get("lot").map(str::to_owned),
        issuing_body: get("body").map(str::to_owned),
        cert_status: get("status")
            .and_then(|s| STATUSES.iter().find(|(_, c)| *c == s).map(|(st, _)| *st)),
        issued_from: from,
        issued_to: to,
        recalled: match get("recalled") {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        },
        q: get("q").map(str::to_owned),
        after: None,
        limit: None,
    };
    Parsed {
        search,
        errors,
        page: given(&f.page)
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, 100_000),
        kept,
    }
}

/// `path?lang=…&filters…`, on page `n` (page 1 has no number).
pub(super) fn link(lang: Lang, path: &str, kept: &[(&str, String)], n: usize) -> String {
    let mut parts = vec![format!("lang={}", lang.code())];
    for (k, v) in kept {
        let v = percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC);
        parts.push(format!("{k}={v}"));
    }
    if n > 1 {
        parts.push(format!("page={n}"));
    }
    format!("{path}?{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form as axum reads it from a query string.
    fn form(pairs: &[(&str, &str)]) -> SearchForm {
        let q = pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let uri: axum::http::Uri = format!("/x?{q}").parse().unwrap_or_default();
        axum::extract::Query::<SearchForm>::try_from_uri(&uri)
            .map(|q| q.0)
            .unwrap_or_default()
    }

    #[test]
    fn the_form_reads_as_people_type_and_names_what_does_not_read() {
        let t = Lang::Vi.t();
        let p = parse(
            &form(&[
                ("from", "1.12.2026"),
                ("to", "2026-12-31"),
                ("recalled", "yes"),
                ("status", "revoked"),
                ("page", "3"),
            ]),
            t,
        );
        assert!(p.errors.is_empty());
        assert_eq!(
            p.search.issued_from,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        );
        assert_eq!(p.search.recalled, Some(true));
        assert_eq!(p.search.cert_status, Some(CertStatus::Revoked));
        assert_eq!(p.page, 3);
        assert_eq!(link(Lang::Vi, "/p", &p.kept, 2).matches('&').count(), 5);
        let p = parse(
            &form(&[
                ("gtin", "8930000000018"),
                ("from", "31/12/2026"),
                ("to", "01/12/2026"),
                ("lot", "%20"),
            ]),
            t,
        );
        let fields: Vec<&str> = p.errors.iter().map(|e| e.0).collect();
        assert_eq!(fields, ["gtin", "to"]);
        assert!(p.search.gtin.is_none() && p.search.lot.is_none());
        let p = parse(&form(&[("from", "31/02/2026")]), t);
        assert_eq!(p.errors, [("from", t.err_date)]);
    }
}
