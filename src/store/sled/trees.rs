//! The sled trees: their names, each named after its key layout, and the typed key encoding
//! (big-endian integers, so keys sort numerically). The names are sled's own and never change
//! (stores on disk use them); the trait and backups speak logical relations instead, which
//! `logical.rs` maps onto these trees.

/// Tree `meta`: store format marker, id floor, install secret.
pub const T_META: &str = "meta";
/// Tree `subjectid_subject`.
pub const T_SUBJECTS: &str = "subjectid_subject";
/// Tree `productid_product`.
pub const T_PRODUCTS: &str = "productid_product";
/// Tree `gtin_productid`.
pub const T_GTIN: &str = "gtin_productid";
/// Tree `certid_certificate`.
pub const T_CERTS: &str = "certid_certificate";
/// Tree `productid_certid`.
pub const T_PRODUCT_CERTS: &str = "productid_certid";
/// Tree `batchid_batch`.
pub const T_BATCHES: &str = "batchid_batch";
/// Tree `productid_lot_batchid`.
pub const T_LOTS: &str = "productid_lot_batchid";
/// Tree `subjectid_batchid`.
pub const T_SUBJECT_BATCHES: &str = "subjectid_batchid";
/// Tree `batchid_recall`.
pub const T_RECALLS: &str = "batchid_recall";
/// Tree `tokenhash_token`.
pub const T_TOKENS: &str = "tokenhash_token";
/// Tree `batchid_runid_printrun`.
pub const T_PRINT_RUNS: &str = "batchid_runid_printrun";
/// Log entries by index.
pub const T_LOG_ENTRIES: &str = "logindex_entry";
/// Log node records by the index of the leaf whose append completed them.
pub const T_LOG_NODES: &str = "logindex_nodes";
/// Log size.
pub const T_LOG_META: &str = "logmeta";
/// The earlier node layout (one key per node, `level (1 byte) ‖ index`), converted into node
/// records when an older store is opened.
pub const T_LOG_NODES_V0: &str = "loglevel_index_node";
/// Tree `batchid_logindex`.
pub const T_BATCH_LOG: &str = "batchid_logindex";
/// Tree `reportid_handling`: the office's handling of a report, by report id (created on
/// first write).
pub const T_REPORT_HANDLING: &str = "reportid_handling";
/// Tree `kid_loggedstatus`.
pub const T_LOGGED_KEYS: &str = "kid_loggedstatus";
/// Tree `batchid_eventid_traceevent`.
pub const T_TRACE: &str = "batchid_eventid_traceevent";
/// Tree `batchid_serial_scans`.
pub const T_SCANS: &str = "batchid_serial_scans";
/// Tree `batchid_pinsecret`: the scratch-off PIN secrets, sealed (never clear) in backups.
pub const T_PINS: &str = "batchid_pinsecret";
/// Tree `batchid_serial_claim`.
pub const T_CLAIMS: &str = "batchid_serial_claim";
/// Tree `reportid_report`.
pub const T_REPORTS: &str = "reportid_report";
/// Tree `month_verdict_scans`: key `YYYY-MM/verdict_code`, value a u64 big-endian count.
pub const T_SCAN_VERDICTS: &str = "month_verdict_scans";
/// Tree `accountid_account`: person accounts (password hashes, never passwords).
pub const T_ACCOUNTS: &str = "accountid_account";
/// Tree `login_accountid`: the sign-in name index.
pub const T_LOGINS: &str = "login_accountid";
/// Tree `setuphash_accountid`: open setup links by the SHA-256 of their secret.
pub const T_SETUP_LINKS: &str = "setuphash_accountid";
/// Tree `sessionhash_session`: console sessions by the SHA-256 of their id; never in backups.
pub const T_SESSIONS: &str = "sessionhash_session";
/// Tree `accountid_totp`: two-step verification secrets, sealed (never clear) in backups.
pub const T_TOTP: &str = "accountid_totp";

/// Tree `productid_content`: product passport content. Created on first write, so a store
/// without passports has the trees it had before they existed.
pub const T_CONTENT: &str = "productid_content";
/// Tree `productid_docid_document`: conformity documents (created on first write).
pub const T_DOCUMENTS: &str = "productid_docid_document";
/// Tree `sha256_media`: image and PDF files by the hex SHA-256 of their bytes (created on
/// first write).
pub const T_MEDIA: &str = "sha256_media";

/// Meta key of the id floor (see `SledStore::set_id_floor`).
pub const ID_FLOOR_KEY: &[u8] = b"id_floor";
/// Meta key of the per-install secret.
pub use crate::store::relations::INSTALL_SECRET_KEY;
/// Key of the log size in [`T_LOG_META`].
pub const LOG_SIZE_KEY: &[u8] = b"size";

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
