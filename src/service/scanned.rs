//! The serials of one batch that have stored scan stats, as a bitset: a scan of a serial
//! outside it is the unit's first, and needs no store read. Read under a shared lock on
//! every scan; written only when a write-back or another instance adds a unit.

use std::sync::RwLock;

/// A batch's scanned serials.
#[derive(Debug, Default)]
pub(crate) struct Scanned(RwLock<Vec<u64>>);

impl Scanned {
    /// The set of the given serials.
    pub(crate) fn from_serials(serials: Vec<u32>) -> Self {
        let set = Self::default();
        for n in serials {
            set.insert(n);
        }
        set
    }

    /// True when the serial has stored stats.
    pub(crate) fn contains(&self, serial: u32) -> bool {
        let (word, bit) = place(serial);
        let words = self
            .0
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        words.get(word).is_some_and(|w| w & bit != 0)
    }

    /// Adds a serial.
    pub(crate) fn insert(&self, serial: u32) {
        let (word, bit) = place(serial);
        let mut words = self
            .0
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if words.len() <= word {
            words.resize(word + 1, 0);
        }
        words[word] |= bit;
    }
}

fn place(serial: u32) -> (usize, u64) {
    ((serial / 64) as usize, 1 << (serial % 64))
}

#[cfg(test)]
mod tests {
    use super::Scanned;

    #[test]
    fn holds_what_was_put_and_nothing_else() {
        let s = Scanned::from_serials(vec![0, 63, 64, 400_000]);
        s.insert(7);
        for n in [0, 7, 63, 64, 400_000] {
            assert!(s.contains(n), "{n}");
        }
        for n in [1, 62, 65, 399_999, 400_001, u32::MAX] {
            assert!(!s.contains(n), "{n}");
        }
        s.insert(u32::MAX);
        assert!(s.contains(u32::MAX));
    }
}
