//! The public catalogue: products certified today, filtered by group, star, area and channel
//! or searched by name, best match and best rated first, a page at a time. Separate from the
//! dashboard because it answers the public, not the office, and has its own query rules.

use super::cert_on;
use crate::domain::ChannelKind;
use crate::service::{App, ServiceError, fold};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Catalogue filters.
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    pub group: Option<String>,
    pub star: Option<u8>,
    pub district: Option<String>,
    /// The producer's commune or ward (after the 2025 reform, the level below the province).
    pub commune: Option<String>,
    pub channel: Option<ChannelKind>,
    /// Name search; diacritics and case are ignored ("mat hoa dua" finds "Mật hoa dừa").
    pub q: Option<String>,
    pub page: Option<usize>,
    pub per_page: Option<usize>,
    /// `en` for English labels in the HTML page.
    pub lang: Option<String>,
}

/// One catalogue entry.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct CatalogueEntry {
    pub product_id: u64,
    pub name: String,
    pub group: String,
    pub star: u8,
    pub potential_5_star: bool,
    pub valid_until: NaiveDate,
    pub subject_id: u64,
    pub producer: String,
    pub district: Option<String>,
    pub channels: Vec<ChannelKind>,
}

/// A catalogue page.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct CataloguePage {
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub entries: Vec<CatalogueEntry>,
}

impl App {
    /// Certified products today matching the filters, best rated first.
    pub fn catalogue(&self, q: &CatalogueQuery) -> Result<CataloguePage, ServiceError> {
        let today = self.clock.today();
        let idx = self.portfolio()?;
        let needle = q.q.as_deref().filter(|n| !n.trim().is_empty());
        let district = q.district.as_deref().map(fold);
        let commune = q.commune.as_deref().map(fold);
        let mut hits: Vec<(u32, CatalogueEntry)> = Vec::new();
        for e in &idx.products {
            let (p, certs) = (&e.product, &e.certificates);
            if q.group.as_deref().is_some_and(|g| g != p.group) {
                continue;
            }
            let score = match needle {
                Some(n) => match crate::service::search::relevance(n, &p.name, &e.search_text) {
                    Some(s) => s,
                    None => continue,
                },
                None => 0,
            };
            let Some(c) = cert_on(certs, today).filter(|c| c.status_on(today).is_valid()) else {
                continue;
            };
            if q.star.is_some_and(|s| s != c.star.get()) {
                continue;
            }
            let subject = idx.subjects.get(&p.subject_id).map(Arc::as_ref);
            let d = subject.and_then(|s| s.address.district.clone());
            if district
                .as_ref()
                .is_some_and(|want| d.as_deref().map(fold).as_ref() != Some(want))
            {
                continue;
            }
            let c_name = subject.and_then(|s| s.address.commune.as_deref());
            if commune
                .as_ref()
                .is_some_and(|want| c_name.map(fold).as_ref() != Some(want))
            {
                continue;
            }
            let channels: Vec<ChannelKind> = subject
                .map(|s| s.channels.iter().map(|c| c.kind).collect())
                .unwrap_or_default();
            if q.channel.is_some_and(|ch| !channels.contains(&ch)) {
                continue;
            }
            hits.push((
                score,
                CatalogueEntry {
                    product_id: p.id,
                    name: p.name.clone(),
                    group: p.group.clone(),
                    star: c.star.get(),
                    potential_5_star: c.potential_5_star,
                    valid_until: c.valid_until,
                    subject_id: p.subject_id,
                    producer: subject.map(|s| s.name.clone()).unwrap_or_default(),
                    district: d,
                    channels,
                },
            ));
        }
        // Best match first when searching; then best rated.
        hits.sort_by(|(sa, a), (sb, b)| {
            (sb, b.star, b.potential_5_star)
                .cmp(&(sa, a.star, a.potential_5_star))
                .then_with(|| a.name.cmp(&b.name))
        });
        let per_page = q.per_page.unwrap_or(20).clamp(1, 100);
        let page = q.page.unwrap_or(1).max(1);
        let total = hits.len();
        let entries = hits
            .into_iter()
            .map(|(_, e)| e)
            // A page far past the end is empty, not an overflow.
            .skip((page - 1).saturating_mul(per_page))
            .take(per_page)
            .collect();
        Ok(CataloguePage {
            total,
            page,
            per_page,
            entries,
        })
    }
}
