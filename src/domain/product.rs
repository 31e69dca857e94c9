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
            created_at: now,
        })
    }
}
