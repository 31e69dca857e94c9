//! The label fields each OCOP product group must state, as data (`label_fields.json`), and
//! which of them a product still lacks.

use super::{Document, Product, ProductContent};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The published rules.
pub const LABEL_FIELDS_JSON: &str = include_str!("label_fields.json");

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldSource {
    /// The register (product, producer).
    Registry,
    /// Every batch states it (dates, origin, the traceability QR).
    Batch,
    /// A conformity document.
    Document,
    /// A text field of the content (`ingredients`, `usage`, …).
    Content,
    /// A group-specific entry of the content's `label` map.
    Label,
}

/// One label field.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelField {
    pub key: String,
    pub source: FieldSource,
    pub vi: String,
    pub en: String,
}

/// The label rules.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelRules {
    pub version: u32,
    pub source: String,
    pub fields: Vec<LabelField>,
    pub groups: BTreeMap<String, Vec<String>>,
}

impl LabelRules {
    /// The rules compiled into the binary. A unit test proves the file parses.
    pub fn get() -> &'static LabelRules {
        static RULES: OnceLock<LabelRules> = OnceLock::new();
        RULES.get_or_init(|| {
            serde_json::from_str(LABEL_FIELDS_JSON).unwrap_or_else(|_| LabelRules {
                version: 0,
                source: String::new(),
                fields: Vec::new(),
                groups: BTreeMap::new(),
            })
        })
    }

    /// The field with this key.
    pub fn field(&self, key: &str) -> Option<&LabelField> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// True for a key of the content's `label` map.
    pub fn is_label_key(&self, key: &str) -> bool {
        self.field(key)
            .is_some_and(|f| f.source == FieldSource::Label)
    }

    /// The fields a group's labels state, in the file's order.
    pub fn required(&self, group: &str) -> Vec<&LabelField> {
        self.groups
            .get(group)
            .map(|keys| keys.iter().filter_map(|k| self.field(k)).collect())
            .unwrap_or_default()
    }

    /// The group's `label`-source fields (the extra inputs of the content form).
    pub fn label_inputs(&self, group: &str) -> Vec<&LabelField> {
        self.required(group)
            .into_iter()
            .filter(|f| f.source == FieldSource::Label)
            .collect()
    }

    /// The required fields the product does not state yet.
    pub fn missing<'a>(
        &'a self,
        product: &Product,
        content: Option<&ProductContent>,
        documents: &[Document],
    ) -> Vec<&'a LabelField> {
        let text = |key: &str| {
            content.is_some_and(|c| match key {
                "ingredients" => c.ingredients.is_some(),
                "net_quantity" => c.net_quantity.is_some(),
                "usage" => c.usage.is_some(),
                "storage" => c.storage.is_some(),
                "warnings" => c.warnings.is_some(),
                _ => false,
            })
        };
        self.required(&product.group)
            .into_iter()
            .filter(|f| {
                let present = match f.source {
                    FieldSource::Registry => f.key != "name_gtin" || product.gtin.is_some(),
                    FieldSource::Batch => true,
                    FieldSource::Document => !documents.is_empty(),
                    FieldSource::Content => text(&f.key),
                    FieldSource::Label => content.is_some_and(|c| c.label.contains_key(&f.key)),
                };
                !present
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_parse_and_every_group_names_known_fields() {
        let r: LabelRules = serde_json::from_str(LABEL_FIELDS_JSON).expect("label_fields.json");
        for code in [
            "food",
            "beverage",
            "herbal",
            "handicraft",
            "ornamental",
            "tourism",
        ] {
            let keys = r.groups.get(code).expect(code);
            for k in keys {
                assert!(r.field(k).is_some(), "{code} names unknown field {k}");
            }
        }
        assert!(crate::domain::Rules::get().group("food").is_some());
    }
}
