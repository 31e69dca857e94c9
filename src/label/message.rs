//! The bytes a unit label's signature covers.

use super::DOMAIN;
use crate::domain::{BatchId, Gtin, Lot, Star};
use chrono::NaiveDate;
use std::fmt::Write;

/// Which batch a label belongs to: GTIN + lot when the product has a GTIN (GS1 Digital
/// Link), the batch id otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LabelIdentity {
    Gs1 { gtin: Gtin, lot: Lot },
    Batch { id: BatchId },
}

impl LabelIdentity {
    /// The identity line of the signed message, e.g. `01/08930000000019/10/CK2611-01`.
    pub fn message_form(&self) -> String {
        match self {
            Self::Gs1 { gtin, lot } => format!("01/{gtin}/10/{lot}"),
            Self::Batch { id } => format!("batch/{id}"),
        }
    }
}

/// What the label asserts offline: the OCOP star and the certificate's last valid day,
/// both as they were when the batch was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabelClaims {
    pub star: Star,
    pub valid_until: NaiveDate,
}

/// An unsigned unit label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitLabel {
    pub kid: String,
    pub identity: LabelIdentity,
    pub serial: u32,
    pub claims: LabelClaims,
}

impl UnitLabel {
    /// The exact message bytes that are signed: six lines joined by `\n`, no trailing
    /// newline. None of the fields may contain a newline (kid is base64url, lots are GS1
    /// character set 82), so the encoding is unambiguous.
    pub fn message(&self) -> Vec<u8> {
        let mut s = String::with_capacity(128);
        self.write_message(&mut s);
        s.into_bytes()
    }

    /// Writes the message into `out` (cleared first), reusing its allocation in bulk loops.
    pub fn write_message(&self, out: &mut String) {
        out.clear();
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{DOMAIN}\nkid:{}\nid:{}\nserial:{}\nstar:{}\nvalid_until:{}",
            self.kid,
            self.identity.message_form(),
            self.serial,
            self.claims.star,
            self.claims.valid_until.format("%Y-%m-%d"),
        );
    }
}
