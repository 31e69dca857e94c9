//! Filtered lists of subjects, products and batches for API clients: the store pages by id,
//! and a filter walks those pages until it has a page of matches, so `after` keeps meaning
//! "the last id you saw" whether or not a filter is set.

use super::{App, ServiceError};
use crate::access::Action;
use crate::domain::{
    Batch, BatchId, CertStatus, Gtin, Principal, Product, ProductId, Subject, SubjectId,
    SubjectKind,
};
use unicode_normalization::UnicodeNormalization;

/// How many records one store read fetches while a filter looks for matches.
const SCAN_PAGE: usize = 500;

/// Filters on the subject list; every set field must match.
#[derive(Debug, Default, Clone)]
pub struct SubjectFilter {
    pub kind: Option<SubjectKind>,
    /// Commune or ward, compared NFC and case-insensitively.
    pub commune: Option<String>,
    pub province: Option<String>,
}

/// Filters on the product list; every set field must match.
#[derive(Debug, Default, Clone)]
pub struct ProductFilter {
    /// GTIN as typed: any of GTIN-8/12/13/14, check digit checked.
    pub gtin: Option<String>,
    pub subject: Option<SubjectId>,
    /// Stars of the certificate in force today.
    pub star: Option<u8>,
    /// Standing today of the product's current certificate.
    pub cert_status: Option<CertStatus>,
    /// Of the producer's address.
    pub commune: Option<String>,
    pub province: Option<String>,
}

/// Filters on the batch list; every set field must match.
#[derive(Debug, Default, Clone)]
pub struct BatchFilter {
    pub product: Option<ProductId>,
    pub subject: Option<SubjectId>,
    pub gtin: Option<String>,
    pub star: Option<u8>,
}

/// Equality of two place names as an official would judge it: same letters after NFC, any case.
fn same_place(wanted: &Option<String>, have: Option<&str>) -> bool {
    let fold = |s: &str| s.trim().nfc().collect::<String>().to_lowercase();
    match wanted {
        None => true,
        Some(w) => have.is_some_and(|h| fold(h) == fold(w)),
    }
}

fn parse_gtin(raw: &Option<String>) -> Result<Option<Gtin>, ServiceError> {
    Ok(raw.as_deref().map(Gtin::parse).transpose()?)
}

fn check_star(star: Option<u8>) -> Result<(), ServiceError> {
    match star {
        Some(s) if !(3..=5).contains(&s) => Err(ServiceError::Domain(
            crate::domain::DomainError::InvalidStar(format!("star must be 3, 4 or 5, not {s}")),
        )),
        _ => Ok(()),
    }
}

/// Reads pages of `fetch` after `after` until `limit` items pass `keep` or the store ends.
fn walk<T>(
    after: Option<u64>,
    limit: usize,
    id: impl Fn(&T) -> u64,
    mut fetch: impl FnMut(Option<u64>, usize) -> Result<Vec<T>, ServiceError>,
    mut keep: impl FnMut(&T) -> Result<bool, ServiceError>,
) -> Result<Vec<T>, ServiceError> {
    let mut out = Vec::new();
    let mut cursor = after;
    loop {
        let page = fetch(cursor, SCAN_PAGE)?;
        let done = page.len() < SCAN_PAGE;
        cursor = page.last().map(&id).or(cursor);
        for item in page {
            if keep(&item)? {
                out.push(item);
                if out.len() == limit {
                    return Ok(out);
                }
            }
        }
        if done {
            return Ok(out);
        }
    }
}

impl App {
    /// Subjects with id above `after` that match `f`, at most `limit`.
    pub fn subjects_filtered(
        &self,
        who: &Principal,
        f: &SubjectFilter,
        after: Option<SubjectId>,
        limit: usize,
    ) -> Result<Vec<Subject>, ServiceError> {
        who.check(Action::ReadRegistry)?;
        let keep = |s: &Subject| {
            Ok(f.kind.is_none_or(|k| k == s.kind)
                && same_place(&f.commune, s.address.commune.as_deref())
                && same_place(&f.province, Some(&s.address.province)))
        };
        walk(
            after,
            limit,
            |s| s.id,
            |a, n| Ok(self.store.subjects(a, n)?),
            keep,
        )
    }

    /// Products with id above `after` that match `f`, at most `limit`.
    pub fn products_filtered(
        &self,
        who: &Principal,
        f: &ProductFilter,
        after: Option<ProductId>,
        limit: usize,
    ) -> Result<Vec<Product>, ServiceError> {
        who.check(Action::ReadRegistry)?;
        let gtin = parse_gtin(&f.gtin)?;
        check_star(f.star)?;
        let today = self.clock.today();
        let needs_place = f.commune.is_some() || f.province.is_some();
        let keep = |p: &Product| -> Result<bool, ServiceError> {
            if gtin.as_ref().is_some_and(|g| p.gtin.as_ref() != Some(g))
                || f.subject.is_some_and(|s| s != p.subject_id)
            {
                return Ok(false);
            }
            if f.star.is_some() || f.cert_status.is_some() {
                let certs = self.store.certificates_of(p.id)?;
                let current = crate::domain::Certificate::in_force(&certs, today);
                let status = current.map(|c| c.status_on(today));
                let star = current
                    .filter(|c| c.status_on(today).is_valid())
                    .map(|c| c.star.get());
                if f.cert_status.is_some_and(|w| status != Some(w))
                    || f.star.is_some_and(|w| star != Some(w))
                {
                    return Ok(false);
                }
            }
            if needs_place {
                let Some(s) = self.store.subject(p.subject_id)? else {
                    return Ok(false);
                };
                return Ok(same_place(&f.commune, s.address.commune.as_deref())
                    && same_place(&f.province, Some(&s.address.province)));
            }
            Ok(true)
        };
        walk(
            after,
            limit,
            |p| p.id,
            |a, n| Ok(self.store.products(a, n)?),
            keep,
        )
    }

    /// Batches the caller may read with id above `after` that match `f`, at most `limit`.
    pub fn batches_filtered(
        &self,
        who: &Principal,
        f: &BatchFilter,
        after: Option<BatchId>,
        limit: usize,
    ) -> Result<Vec<Batch>, ServiceError> {
        let gtin = parse_gtin(&f.gtin)?;
        check_star(f.star)?;
        let scope = who.scope();
        let keep = |b: &Batch| {
            Ok(f.product.is_none_or(|p| p == b.product_id)
                && f.subject.is_none_or(|s| s == b.subject_id)
                && gtin.as_ref().is_none_or(|g| b.gtin.as_ref() == Some(g))
                && f.star.is_none_or(|s| s == b.star.get()))
        };
        let fetch = |a, n| Ok(self.store.batches(scope, a, n)?);
        walk(after, limit, |b| b.id, fetch, keep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_compare_nfc_and_case_insensitively() {
        let decomposed = "Xa\u{0303} Ta\u{0302}n Hie\u{0323}\u{0302}p".to_string();
        assert!(same_place(&Some("xã tân hiệp".into()), Some(&decomposed)));
        assert!(!same_place(&Some("Tân Hiệp".into()), Some("Tân Phú")));
        assert!(!same_place(&Some("Tân Hiệp".into()), None));
        assert!(same_place(&None, None));
    }

    #[test]
    fn walk_pages_past_non_matches_and_stops_at_limit() {
        let items: Vec<u64> = (1..=1200).collect();
        let fetch = |after: Option<u64>, n: usize| {
            let from = after.unwrap_or(0) as usize;
            Ok(items.iter().copied().skip(from).take(n).collect())
        };
        let got = walk(None, 3, |x| *x, fetch, |x| Ok(x % 400 == 0)).unwrap_or_default();
        assert_eq!(got, vec![400, 800, 1200]);
        let got = walk(Some(800), 10, |x| *x, fetch, |x| Ok(x % 400 == 0)).unwrap_or_default();
        assert_eq!(got, vec![1200]);
    }

    #[test]
    fn a_star_outside_three_to_five_is_refused() {
        assert!(check_star(Some(2)).is_err());
        assert!(check_star(Some(5)).is_ok());
    }
}
