//! OCOP star ratings and the levels of the bodies that grant them.

use super::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A certified OCOP rating: 3, 4 or 5 stars (1★ and 2★ are not certified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Star(u8);

impl Star {
    /// Accepts 3, 4 or 5.
    pub fn new(n: u8) -> Result<Self, DomainError> {
        if (3..=5).contains(&n) {
            Ok(Self(n))
        } else {
            Err(DomainError::InvalidStar(format!(
                "only 3★, 4★ and 5★ are certified OCOP ratings, got {n}"
            )))
        }
    }

    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Star {
    type Error = DomainError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<Star> for u8 {
    fn from(s: Star) -> Self {
        s.0
    }
}

impl fmt::Display for Star {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The administrative level of the council that issued a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IssuingLevel {
    /// District people's committee (3★ until 5 Jul 2025).
    District,
    /// Province people's committee.
    Province,
    /// Central council (ministry), 5★.
    Central,
}

impl IssuingLevel {
    /// The level's name as used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::District => "district",
            Self::Province => "province",
            Self::Central => "central",
        }
    }
}
