//! Typed key encoding for the sled trees: big-endian integers so keys sort numerically.

/// One id as an 8-byte big-endian key.
pub fn id(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

/// Two ids concatenated (a composite index key).
pub fn pair(a: u64, b: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&a.to_be_bytes());
    k[8..].copy_from_slice(&b.to_be_bytes());
    k
}

/// An id followed by text (e.g. product id ‖ lot).
pub fn id_text(a: u64, text: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(8 + text.len());
    k.extend_from_slice(&a.to_be_bytes());
    k.extend_from_slice(text.as_bytes());
    k
}

/// Reads an 8-byte big-endian id from the start (or a given offset) of a key.
pub fn read_id(key: &[u8], offset: usize) -> Option<u64> {
    key.get(offset..offset + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_be_bytes)
}

/// The key right after `n` (for "ids greater than n" range scans).
pub fn after(n: Option<u64>) -> [u8; 8] {
    id(n.map_or(0, |n| n.saturating_add(1)))
}
