//! Identifiers in EPCIS documents: one canonical form per lot and party, never derived from
//! the host this service runs under (docs/epcis.md, "Identifiers").

use crate::domain::{Batch, InputLot, Party};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The canonical GS1 Digital Link domain (GS1 Digital Link 1.2, canonical form): a lot must
/// have the same URI in our export and in a partner's, whichever resolver prints the labels.
pub const GS1_DL: &str = "https://id.gs1.org";

/// Characters of an AI value kept as they are in a Digital Link path element; every other
/// character is percent-encoded. GS1 Digital Link 1.2 lets digits, letters, `-`, `.` and `_`
/// stand for themselves and percent-encodes the rest of character set 82 (its grammar also
/// lets `"` stand, but RFC 3986 does not, so it is encoded). The label URLs
/// (`src/label/url.rs`) use the same set, so a label and the export name a lot alike.
const DL_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_');

/// Percent-encodes a value for a Digital Link path element or a URN segment.
fn enc(value: &str) -> String {
    utf8_percent_encode(value, DL_VALUE).to_string()
}

/// The class (lot) of a GS1 product: `https://id.gs1.org/01/{gtin14}/10/{lot}`.
pub fn gs1_lot(gtin14: &str, lot: &str) -> String {
    format!("{GS1_DL}/01/{gtin14}/10/{}", enc(lot))
}

/// The class of a batch: its GS1 lot when the product has a GTIN, else a URN naming the
/// product and the lot (a lot is unique per product, and product ids survive backups).
pub fn batch_class(b: &Batch) -> String {
    match &b.gtin {
        Some(g) => gs1_lot(g.as_str(), b.lot.as_str()),
        None => format!(
            "urn:ocop-trace:product:{}:lot:{}",
            b.product_id,
            enc(b.lot.as_str())
        ),
    }
}

/// The transformation all of a batch's transformation records belong to, so that inputs
/// recorded on different days count towards the same output lot.
pub fn transformation(b: &Batch) -> String {
    match &b.gtin {
        Some(g) => format!(
            "urn:ocop-trace:transformation:01:{}:10:{}",
            g.as_str(),
            enc(b.lot.as_str())
        ),
        None => format!(
            "urn:ocop-trace:transformation:product:{}:lot:{}",
            b.product_id,
            enc(b.lot.as_str())
        ),
    }
}

/// The class of an input lot: its GS1 lot when it has a GTIN (so it equals the output of the
/// batch that produced it), else a URN of the lot code alone (all we know of it).
pub fn input_class(i: &InputLot) -> String {
    match &i.gtin {
        Some(g) => gs1_lot(g, &i.lot),
        None => format!("urn:ocop-trace:lot:{}", enc(&i.lot)),
    }
}

/// A supplier or customer: its party GLN, else a URN of its name.
pub fn party(p: &Party) -> String {
    match &p.gln {
        Some(g) => format!("{GS1_DL}/417/{}", String::from(g.clone())),
        None => format!("urn:ocop-trace:party:{}", enc(&p.name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_characters_outside_the_allowed_set_are_encoded() {
        assert_eq!(
            gs1_lot("08930000000019", "CK2611-01"),
            "https://id.gs1.org/01/08930000000019/10/CK2611-01"
        );
        assert_eq!(
            gs1_lot("08930000000019", "A.B_C/1+2%"),
            "https://id.gs1.org/01/08930000000019/10/A.B_C%2F1%2B2%25"
        );
        assert_eq!(
            gs1_lot("08930000000019", "x!\"&'()*,:;<=>?"),
            "https://id.gs1.org/01/08930000000019/10/x%21%22%26%27%28%29%2A%2C%3A%3B%3C%3D%3E%3F"
        );
    }

    #[test]
    fn an_input_with_a_gtin_names_the_same_lot_as_the_batch() {
        let i = InputLot {
            gtin: Some("08930000000019".into()),
            lot: "CK2611-01".into(),
            description: None,
            quantity_kg: None,
        };
        assert_eq!(input_class(&i), gs1_lot("08930000000019", "CK2611-01"));
    }
}
