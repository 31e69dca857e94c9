//! OCOP products.

use super::{DomainError, Gtin, Rules, SubjectId, text::nfc_opt, text::nfc_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifier of a product in the store.
pub type ProductId = u64;

/// Input for registering a product.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    pub subject_id: SubjectId,
    pub name: String,
    /// One of the six group codes: food, beverage, herbal, handicraft, ornamental, tourism.
    pub group: String,
    /// A sub-group code of that group (e.g. "1.3").
    #[serde(default)]
    pub subgroup: Option<String>,
    /// GTIN-8, -12, -13 or -14; stored as GTIN-14.
    #[serde(default)]
    pub gtin: Option<String>,
    #[serde(default)]
    pub brand: Option<String>,
    #[serde(default)]
    pub raw_material_region: Option<String>,
    /// Part of a "green OCOP" value chain tied to a stable raw-material region.
    #[serde(default)]
    pub green_chain: Option<GreenChain>,
    /// Brand (thương hiệu) built with the province's support.
    #[serde(default)]
    pub brand_supported: bool,
    /// Trademark (nhãn hiệu) registered.
    #[serde(default)]
    pub trademark_registered: bool,
    /// Marketplace listing URLs the producer registered for this product.
    #[serde(default)]
    pub listings: Vec<String>,
    /// A community-tourism product or point.
    #[serde(default)]
    pub tourism: bool,
}

/// Membership of a green value chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GreenChain {
    pub region: String,
}

/// A registered product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Product {
    pub id: ProductId,
    pub subject_id: SubjectId,
    pub name: String,
    pub group: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub gtin: Option<Gtin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_material_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub green_chain: Option<GreenChain>,
    #[serde(default)]
    pub brand_supported: bool,
    #[serde(default)]
    pub trademark_registered: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub listings: Vec<String>,
    #[serde(default)]
    pub tourism: bool,
    pub created_at: DateTime<Utc>,
}

impl NewProduct {
    /// Validates the input into a product with the given id.
    pub fn into_product(self, id: ProductId, now: DateTime<Utc>) -> Result<Product, DomainError> {
        let subgroup = nfc_opt("subgroup", self.subgroup.as_deref(), 10)?;
        Rules::get().check_group(&self.group, subgroup.as_deref())?;
        Ok(Product {
            id,
            subject_id: self.subject_id,
            name: nfc_text("name", &self.name, 200)?,
            group: self.group,
            subgroup,
            gtin: self.gtin.as_deref().map(Gtin::parse).transpose()?,
            brand: nfc_opt("brand", self.brand.as_deref(), 200)?,
            raw_material_region: nfc_opt(
                "raw_material_region",
                self.raw_material_region.as_deref(),
                200,
            )?,
            green_chain: self
                .green_chain
                .map(|g| {
                    Ok::<_, DomainError>(GreenChain {
                        region: nfc_text("green_chain.region", &g.region, 200)?,
                    })
                })
                .transpose()?,
            brand_supported: self.brand_supported,
            trademark_registered: self.trademark_registered,
            listings: {
                if self.listings.len() > 20 {
                    return Err(DomainError::InvalidText("at most 20 listings".into()));
                }
                self.listings
                    .iter()
                    .map(|u| super::subject::check_url("listings", u))
                    .collect::<Result<Vec<_>, _>>()?
            },
            tourism: self.tourism,
            created_at: now,
        })
    }
}
