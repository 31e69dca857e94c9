//! The digital product passport: what a producer tells shoppers about a product beyond the
//! register (photos, story, ingredients, usage, storage, net quantity, warnings, group label
//! fields) and the conformity documents an inspector confirms before they show publicly.

use super::text::{nfc_notes, nfc_opt, nfc_text};
use super::{DomainError, ProductId};
use base64::Engine;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::BTreeMap;

/// Most photos a product may show.
pub const MAX_PHOTOS: usize = 6;
/// Largest uploaded file (photo or document), in bytes.
pub const UPLOAD_LIMIT: usize = 5 * 1024 * 1024;
/// Longest story, in characters.
const STORY_MAX: usize = 2000;
/// Longest other text field, in characters.
const FIELD_MAX: usize = 1000;

/// Input for replacing a product's text content (photos have their own verbs).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentInput {
    /// A short story of the product (≤ 2000 characters; line breaks kept).
    #[serde(default)]
    pub story: Option<String>,
    #[serde(default)]
    pub ingredients: Option<String>,
    #[serde(default)]
    pub usage: Option<String>,
    #[serde(default)]
    pub storage: Option<String>,
    /// e.g. "500 g", "750 ml".
    #[serde(default)]
    pub net_quantity: Option<String>,
    #[serde(default)]
    pub warnings: Option<String>,
    /// Group label fields by key (see `src/domain/label_fields.json`, source `label`).
    #[serde(default)]
    pub label: BTreeMap<String, String>,
}

/// One stored image file, addressed by the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Media {
    /// Lowercase hex SHA-256 of the file's bytes.
    pub hash: String,
    /// `image/jpeg` or `application/pdf`.
    pub mime: String,
    pub bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

impl Media {
    /// The same-origin path it is served at.
    pub fn path(&self) -> String {
        let ext = if self.mime == "application/pdf" {
            "pdf"
        } else {
            "jpg"
        };
        format!("/media/{}.{ext}", self.hash)
    }
}

/// A product photo in its two sizes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Photo {
    /// The hash of the large size; names the photo in `DELETE …/photos/{photo}`.
    pub id: String,
    /// About 1200 px on the long side.
    pub large: Media,
    /// About 320 px on the long side.
    pub thumb: Media,
}

/// A product's passport content as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ProductContent {
    pub product_id: ProductId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingredients: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_quantity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub label: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Photo>,
    pub updated_at: DateTime<Utc>,
}

/// What the content hash covers. Members are in alphabetical order (the order RFC 8785
/// canonical JSON gives them), so anyone can rebuild the bytes (see docs/batch-record.md).
#[derive(Serialize)]
struct Canonical<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ingredients: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    label: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    net_quantity: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    photos: Vec<&'a str>,
    product_id: ProductId,
    #[serde(skip_serializing_if = "Option::is_none")]
    storage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    story: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    usage: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<&'a str>,
}

impl ProductContent {
    /// Empty content of a product.
    pub fn empty(product_id: ProductId, now: DateTime<Utc>) -> Self {
        Self {
            product_id,
            story: None,
            ingredients: None,
            usage: None,
            storage: None,
            net_quantity: None,
            warnings: None,
            label: BTreeMap::new(),
            photos: Vec::new(),
            updated_at: now,
        }
    }

    /// Replaces the text fields with validated input, keeping the photos.
    pub fn with_text(
        mut self,
        input: ContentInput,
        now: DateTime<Utc>,
    ) -> Result<Self, DomainError> {
        let field = |name: &str, v: Option<&str>| match v.map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => nfc_notes(Some(s), FIELD_MAX).map_err(|_| {
                DomainError::InvalidText(format!("{name} is too long or holds control characters"))
            }),
        };
        self.story = nfc_notes(input.story.as_deref(), STORY_MAX).map_err(|_| {
            DomainError::InvalidText(format!(
                "story is longer than {STORY_MAX} characters or holds control characters"
            ))
        })?;
        self.ingredients = field("ingredients", input.ingredients.as_deref())?;
        self.usage = field("usage", input.usage.as_deref())?;
        self.storage = field("storage", input.storage.as_deref())?;
        self.net_quantity = nfc_opt("net_quantity", input.net_quantity.as_deref(), 100)?;
        self.warnings = field("warnings", input.warnings.as_deref())?;
        let known = super::LabelRules::get();
        let mut label = BTreeMap::new();
        for (k, v) in input.label {
            if !known.is_label_key(&k) {
                return Err(DomainError::InvalidText(format!(
                    "{k} is not a label field"
                )));
            }
            if let Some(v) = nfc_opt(&k, Some(&v), 500)? {
                label.insert(k, v);
            }
        }
        self.label = label;
        self.updated_at = now;
        Ok(self)
    }

    /// True when there is nothing to show or to hash.
    pub fn is_empty(&self) -> bool {
        let c = self.canonical_parts();
        c.story.is_none()
            && c.ingredients.is_none()
            && c.usage.is_none()
            && c.storage.is_none()
            && c.net_quantity.is_none()
            && c.warnings.is_none()
            && c.label.is_empty()
            && c.photos.is_empty()
    }

    fn canonical_parts(&self) -> Canonical<'_> {
        Canonical {
            product_id: self.product_id,
            story: self.story.as_deref(),
            ingredients: self.ingredients.as_deref(),
            usage: self.usage.as_deref(),
            storage: self.storage.as_deref(),
            net_quantity: self.net_quantity.as_deref(),
            warnings: self.warnings.as_deref(),
            label: &self.label,
            photos: self.photos.iter().map(|p| p.large.hash.as_str()).collect(),
        }
    }

    /// The canonical JSON the content hash covers: compact, members (and label keys) in
    /// alphabetical order, absent fields omitted, photos as the hex SHA-256 of their large
    /// size in display order.
    pub fn canonical_json(&self) -> Vec<u8> {
        serde_json::to_vec(&self.canonical_parts()).unwrap_or_default()
    }

    /// base64url (no padding) SHA-256 of [`Self::canonical_json`]; `None` for empty content,
    /// so a record of a product without content has no `content` member at all.
    pub fn hash(&self) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let digest = sha2::Sha256::digest(self.canonical_json());
        Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest))
    }
}

/// Identifier of a conformity document.
pub type DocumentId = u64;

/// What a conformity document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm.
    FoodSafetyCertificate,
    /// Bản tự công bố / công bố hợp quy.
    DeclarationOfConformity,
    /// Phiếu kết quả kiểm nghiệm.
    TestReport,
}

impl DocumentKind {
    /// Every kind, in the order forms list them.
    pub const ALL: [DocumentKind; 3] = [
        Self::FoodSafetyCertificate,
        Self::DeclarationOfConformity,
        Self::TestReport,
    ];

    /// The published name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FoodSafetyCertificate => "food_safety_certificate",
            Self::DeclarationOfConformity => "declaration_of_conformity",
            Self::TestReport => "test_report",
        }
    }

    /// The kind of a published name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The facts of a new document (its file comes separately).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewDocument {
    pub kind: DocumentKind,
    /// The document's number as written on it.
    pub number: String,
    /// Who issued it, e.g. "Chi cục An toàn vệ sinh thực phẩm tỉnh Vĩnh Long".
    pub issuer: String,
    #[serde(default)]
    pub issued_on: Option<NaiveDate>,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
}

/// An inspector's confirmation of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Confirmation {
    pub at: DateTime<Utc>,
    /// Token id (or account credential id) of the inspector.
    pub by: String,
}

/// A conformity document of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Document {
    pub id: DocumentId,
    pub product_id: ProductId,
    pub kind: DocumentKind,
    pub number: String,
    pub issuer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<NaiveDate>,
    pub file: Media,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
    /// Present once an inspector confirmed it; only then does it show publicly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Confirmation>,
}

impl NewDocument {
    /// Validates the facts into a document.
    pub fn into_document(
        self,
        id: DocumentId,
        product_id: ProductId,
        file: Media,
        now: DateTime<Utc>,
        by: &str,
    ) -> Result<Document, DomainError> {
        if let (Some(a), Some(b)) = (self.issued_on, self.valid_until)
            && b < a
        {
            return Err(DomainError::InvalidDate(format!(
                "valid until {b} is before issued on {a}"
            )));
        }
        Ok(Document {
            id,
            product_id,
            kind: self.kind,
            number: nfc_text("number", &self.number, 100)?,
            issuer: nfc_text("issuer", &self.issuer, 200)?,
            issued_on: self.issued_on,
            valid_until: self.valid_until,
            file,
            added_at: now,
            added_by: by.to_owned(),
            confirmed: None,
        })
    }
}
