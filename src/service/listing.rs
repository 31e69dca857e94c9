//! Marketplace listings: does an online shop's listing belong to a certified product? The
//! API answers JSON with both languages; the shopper's page words the same outcome from the
//! message catalogue.

use super::{App, ServiceError};
use crate::domain::Product;
use serde::{Deserialize, Serialize};

/// The outcome of checking a marketplace listing against a product.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema, PartialEq)]
pub struct ListingCheck {
    /// `registered` (this product's listing), `other_product` (registered to another
    /// product) or `not_registered`.
    pub result: String,
    pub product_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_product_id: Option<u64>,
    pub vi: String,
    pub en: String,
}

/// Compares listing URLs by scheme-less host (lowercase, no `www.`) and path, ignoring query,
/// fragment and a trailing slash: marketplaces add tracking parameters.
pub fn normalise_listing(url: &str) -> String {
    let u = url.trim();
    let u = u.split('#').next().unwrap_or(u);
    let u = u.split('?').next().unwrap_or(u);
    let rest = u.split_once("://").map_or(u, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
    format!("{host}/{}", path.trim_end_matches('/'))
}

impl App {
    /// Tells whether `url` is a listing registered for product `id`.
    pub fn check_listing(&self, id: u64, url: &str) -> Result<ListingCheck, ServiceError> {
        let idx = self.portfolio()?;
        let Some(product) = idx.product(id).map(|e| &e.product) else {
            return Err(ServiceError::NotFound(format!(
                "product {id} does not exist"
            )));
        };
        crate::domain::check_url("url", url)?;
        let want = normalise_listing(url);
        let owns = |p: &Product| p.listings.iter().any(|l| normalise_listing(l) == want);
        if owns(product) {
            return Ok(ListingCheck {
                result: "registered".into(),
                product_id: id,
                other_product_id: None,
                vi: format!(
                    "Đúng: gian hàng này đã được đăng ký cho sản phẩm OCOP “{}”.",
                    product.name
                ),
                en: format!(
                    "Confirmed: this listing is registered for the OCOP product “{}”.",
                    product.name
                ),
            });
        }
        if let Some(other) = idx.products.iter().map(|e| &e.product).find(|p| owns(p)) {
            return Ok(ListingCheck {
                result: "other_product".into(),
                product_id: id,
                other_product_id: Some(other.id),
                vi: format!(
                    "Cảnh báo: gian hàng này được đăng ký cho sản phẩm khác (“{}”), không phải “{}”.",
                    other.name, product.name
                ),
                en: format!(
                    "Warning: this listing is registered for another product (“{}”), not “{}”.",
                    other.name, product.name
                ),
            });
        }
        Ok(ListingCheck {
            result: "not_registered".into(),
            product_id: id,
            other_product_id: None,
            vi: format!(
                "Cảnh báo: gian hàng này KHÔNG được đăng ký cho sản phẩm OCOP “{}”. Quảng cáo sao OCOP ở đây có thể là sai sự thật (Luật 78/2025/QH15).",
                product.name
            ),
            en: format!(
                "Warning: this listing is NOT registered for the OCOP product “{}”. An OCOP star claim there may be false (Law 78/2025/QH15).",
                product.name
            ),
        })
    }
}

/// What the listing-check page shows for one product.
#[derive(Debug, Clone, PartialEq)]
pub enum ListingOutcome {
    /// The page was opened without a link.
    NotAsked,
    /// The typed text is not an http(s) URL.
    BadUrl,
    /// The check, with the name of the product the listing belongs to when it is another.
    Checked(ListingCheck, Option<String>),
}

impl App {
    /// The listing-check page's facts: the product's name and the outcome; `None` when the
    /// product does not exist. A malformed link is an outcome, not an error.
    pub fn listing_page(
        &self,
        id: u64,
        url: &str,
    ) -> Result<Option<(String, ListingOutcome)>, ServiceError> {
        let idx = self.portfolio()?;
        let Some(name) = idx.product(id).map(|e| e.product.name.clone()) else {
            return Ok(None);
        };
        if url.trim().is_empty() {
            return Ok(Some((name, ListingOutcome::NotAsked)));
        }
        let check = match self.check_listing(id, url) {
            Ok(c) => c,
            Err(ServiceError::Domain(_)) => return Ok(Some((name, ListingOutcome::BadUrl))),
            Err(e) => return Err(e),
        };
        let other = check
            .other_product_id
            .and_then(|o| idx.product(o))
            .map(|e| e.product.name.clone());
        Ok(Some((name, ListingOutcome::Checked(check, other))))
    }
}
