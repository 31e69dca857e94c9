//! GTIN, GLN, lot and star parsers: no panic, and what parses re-parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ocop_trace::domain::{Gln, Gtin, Lot, Star};

fuzz_target!(|data: &[u8]| {
    if let Some(b) = data.first() {
        let _ = Star::new(*b);
    }
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(g) = Gtin::parse(s) {
        assert_eq!(Gtin::parse(g.as_str()).as_ref(), Ok(&g));
        assert_eq!(g.as_str().len(), 14);
    }
    let _ = Gln::parse(s);
    if let Ok(l) = Lot::parse(s) {
        assert_eq!(l.as_str(), s);
    }
});
