//! GS1 identifiers: GTIN (stored as GTIN-14) and GLN.

use super::DomainError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// GS1 mod-10 check digit over the data digits (all but the last).
fn check_digit(data: &[u8]) -> u8 {
    let sum: u32 = data
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

fn digits(s: &str) -> Option<Vec<u8>> {
    s.bytes()
        .map(|b| b.is_ascii_digit().then(|| b - b'0'))
        .collect()
}

/// A GTIN with a verified check digit, always held as 14 digits (left-padded with zeros).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gtin(String);

impl Gtin {
    /// Accepts GTIN-8, -12, -13 or -14 and checks the check digit.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let s = input.trim();
        let d = digits(s).ok_or_else(|| {
            DomainError::InvalidGtin(format!("GTIN '{s}' must contain digits only"))
        })?;
        if ![8, 12, 13, 14].contains(&d.len()) {
            return Err(DomainError::InvalidGtin(format!(
                "GTIN '{s}' has {} digits; expected 8, 12, 13 or 14",
                d.len()
            )));
        }
        let (data, check) = d.split_at(d.len() - 1);
        let expected = check_digit(data);
        if check[0] != expected {
            return Err(DomainError::InvalidGtin(format!(
                "GTIN '{s}' has check digit {} but {expected} was expected",
                check[0]
            )));
        }
        Ok(Self(format!("{s:0>14}")))
    }

    /// The 14-digit form used in GS1 Digital Link URIs.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends the check digit to 7, 11, 12 or 13 data digits (used by fixtures and tests).
    pub fn with_check_digit(data: &str) -> Result<Self, DomainError> {
        let d = digits(data)
            .ok_or_else(|| DomainError::InvalidGtin(format!("'{data}' must be digits")))?;
        Self::parse(&format!("{data}{}", check_digit(&d)))
    }
}

impl TryFrom<String> for Gtin {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Gtin> for String {
    fn from(g: Gtin) -> Self {
        g.0
    }
}

impl fmt::Display for Gtin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A 13-digit GS1 Global Location Number with a verified check digit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Gln(String);

impl Gln {
    /// Parses a 13-digit GLN.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let s = input.trim();
        let d = digits(s)
            .filter(|d| d.len() == 13)
            .ok_or_else(|| DomainError::InvalidGln(format!("GLN '{s}' must be 13 digits")))?;
        if d[12] != check_digit(&d[..12]) {
            return Err(DomainError::InvalidGln(format!(
                "GLN '{s}' has a wrong check digit"
            )));
        }
        Ok(Self(s.to_owned()))
    }
}

impl TryFrom<String> for Gln {
    type Error = DomainError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Gln> for String {
    fn from(g: Gln) -> Self {
        g.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_all_lengths_and_pads_to_14() {
        assert_eq!(
            Gtin::parse("96385074").map(|g| g.0),
            Ok("00000096385074".into())
        );
        assert_eq!(
            Gtin::parse("036000291452").map(|g| g.0),
            Ok("00036000291452".into())
        );
        assert_eq!(
            Gtin::parse("8934588012228").map(|g| g.0),
            Ok("08934588012228".into())
        );
        assert!(Gtin::parse("08934588012228").is_ok());
    }

    #[test]
    fn rejects_bad_check_digit_length_and_letters() {
        assert_eq!(
            Gtin::parse("8934588012229").map_err(|e| e.code()),
            Err("invalid_gtin")
        );
        assert!(Gtin::parse("893458801222").is_err());
        assert!(Gtin::parse("89345880122a8").is_err());
        assert!(Gtin::parse("").is_err());
    }

    #[test]
    fn check_digit_helper_round_trips() {
        let g = Gtin::with_check_digit("893000000001").map(|g| g.0);
        assert_eq!(g, Ok("08930000000019".into()));
    }

    #[test]
    fn gln_needs_13_digits_and_check() {
        assert!(Gln::parse("8930000000019").is_ok());
        assert!(Gln::parse("8930000000014").is_err());
    }
}
