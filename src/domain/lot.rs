//! Lot (batch) codes under GS1 Application Identifier 10.

use super::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// GS1 AI 10 allows at most 20 characters.
pub const LOT_MAX_LEN: usize = 20;

/// True for the 82 characters of GS1 character set 82 (GS1 General Specifications, fig. 7.11-1).
pub fn is_cset82(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '"'
                | '%'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | '-'
                | '.'
                | '/'
                | ':'
                | ';'
                | '<'
                | '='
                | '>'
                | '?'
                | '_'
        )
}

/// A lot code: 1 to 20 characters of GS1 character set 82.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lot(String);

impl Lot {
    /// Validates a lot code exactly as given (no trimming: spaces are not allowed in AI 10).
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        let len = s.chars().count();
        if len == 0 || len > LOT_MAX_LEN {
            return Err(DomainError::InvalidLot(format!(
                "lot code must have 1 to {LOT_MAX_LEN} characters, got {len}"
            )));
        }
        if let Some(bad) = s.chars().find(|c| !is_cset82(*c)) {
            return Err(DomainError::InvalidLot(format!(
                "lot code contains '{}', which GS1 AI 10 does not allow (allowed: A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_)",
                bad.escape_default()
            )));
        }
        Ok(Self(s.to_owned()))
    }

    /// The lot code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Lot {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Lot> for String {
    fn from(l: Lot) -> Self {
        l.0
    }
}

impl fmt::Display for Lot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cset82_has_82_characters() {
        let n = (0u8..128).filter(|b| is_cset82(char::from(*b))).count();
        assert_eq!(n, 82);
    }

    #[test]
    fn accepts_max_length_and_punctuation() {
        assert!(Lot::parse("ABCDEFGHIJ0123456789").is_ok());
        assert!(Lot::parse("L/26-11.A_%").is_ok());
    }

    #[test]
    fn rejects_empty_long_space_and_unicode() {
        for bad in ["", "ABCDEFGHIJ01234567890", "A B", "LÔ1", "a#b", "x~"] {
            assert_eq!(
                Lot::parse(bad).map_err(|e| e.code()),
                Err("invalid_lot"),
                "{bad}"
            );
        }
    }
}
