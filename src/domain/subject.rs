//! Subjects (chủ thể): the producers that own OCOP products.

use super::{DomainError, Gln, text::nfc_opt, text::nfc_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Identifier of a subject in the store.
pub type SubjectId = u64;

/// The legal form of a subject, as counted in provincial OCOP reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// Công ty.
    Company,
    /// Doanh nghiệp (e.g. private enterprise).
    Enterprise,
    /// Hợp tác xã.
    Cooperative,
    /// Tổ hợp tác.
    CooperativeGroup,
    /// Hộ kinh doanh.
    HouseholdBusiness,
}

impl SubjectKind {
    /// Vietnamese name of the kind.
    pub fn vi(self) -> &'static str {
        match self {
            Self::Company => "Công ty",
            Self::Enterprise => "Doanh nghiệp",
            Self::Cooperative => "Hợp tác xã",
            Self::CooperativeGroup => "Tổ hợp tác",
            Self::HouseholdBusiness => "Hộ kinh doanh",
        }
    }
}

/// An address as it was written at the time of the record. District is optional because
/// the district level was abolished on 1 Jul 2025.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Address {
    pub province: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commune: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
}

impl Address {
    /// Normalises every part to NFC and checks lengths.
    pub fn parse(raw: &Address) -> Result<Self, DomainError> {
        Ok(Self {
            province: nfc_text("address.province", &raw.province, 100)?,
            district: nfc_opt("address.district", raw.district.as_deref(), 100)?,
            commune: nfc_opt("address.commune", raw.commune.as_deref(), 100)?,
            street: nfc_opt("address.street", raw.street.as_deref(), 200)?,
        })
    }
}

/// Where a subject sells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    TraditionalMarket,
    /// Supermarket or convenience chain.
    Supermarket,
    /// E-commerce platform.
    Ecommerce,
    OwnShop,
    /// Exhibition or OCOP showroom.
    Showroom,
}

impl ChannelKind {
    /// Supermarkets and e-commerce count as modern channels in provincial targets.
    pub fn is_modern(self) -> bool {
        matches!(self, Self::Supermarket | Self::Ecommerce)
    }
}

/// One sales channel, with a listing URL where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SalesChannel {
    pub kind: ChannelKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Checks a public http(s) URL a user gave.
pub fn check_url(field: &str, url: &str) -> Result<String, DomainError> {
    let u = url.trim();
    if !(u.starts_with("https://") || u.starts_with("http://"))
        || u.len() > 300
        || u.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(DomainError::InvalidText(format!(
            "{field} must be an http(s) URL of at most 300 characters"
        )));
    }
    Ok(u.to_owned())
}

/// How to reach the subject.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// Input for registering a subject.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubject {
    pub name: String,
    pub kind: SubjectKind,
    pub registration_no: String,
    pub address: Address,
    #[serde(default)]
    pub contact: Contact,
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub gln: Option<String>,
    #[serde(default)]
    pub channels: Vec<SalesChannel>,
    /// The craft village (làng nghề) the subject belongs to, if any.
    #[serde(default)]
    pub craft_village: Option<String>,
}

/// A registered producer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Subject {
    pub id: SubjectId,
    pub name: String,
    pub kind: SubjectKind,
    pub registration_no: String,
    pub address: Address,
    pub contact: Contact,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub gln: Option<Gln>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<SalesChannel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub craft_village: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl NewSubject {
    /// Validates the input into a subject with the given id.
    pub fn into_subject(self, id: SubjectId, now: DateTime<Utc>) -> Result<Subject, DomainError> {
        Ok(Subject {
            id,
            name: nfc_text("name", &self.name, 200)?,
            kind: self.kind,
            registration_no: nfc_text("registration_no", &self.registration_no, 50)?,
            address: Address::parse(&self.address)?,
            contact: Contact {
                phone: nfc_opt("contact.phone", self.contact.phone.as_deref(), 40)?,
                email: nfc_opt("contact.email", self.contact.email.as_deref(), 120)?,
            },
            gln: self.gln.as_deref().map(Gln::parse).transpose()?,
            channels: {
                if self.channels.len() > 20 {
                    return Err(DomainError::InvalidText("at most 20 sales channels".into()));
                }
                self.channels
                    .into_iter()
                    .map(|c| {
                        Ok(SalesChannel {
                            kind: c.kind,
                            url: c
                                .url
                                .as_deref()
                                .map(|u| check_url("channels.url", u))
                                .transpose()?,
                        })
                    })
                    .collect::<Result<Vec<_>, DomainError>>()?
            },
            craft_village: nfc_opt("craft_village", self.craft_village.as_deref(), 200)?,
            created_at: now,
        })
    }
}
