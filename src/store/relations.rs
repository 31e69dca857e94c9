//! The logical relations: the names the relation-agnostic verbs of [`super::Store`]
//! (`relations`, `records`, `put_record`, `snapshot`) speak, and what a backup
//! (`ocop-trace/backup/v2`, docs/backup-format.md) carries. Every engine maps them onto its
//! own layout (sled trees, PostgreSQL tables) and derives its indexes, log nodes and log size
//! from them, so nothing here is engine-specific and no engine imitates another.
//!
//! Only primary data is listed: what cannot be recomputed from other records. Keys and
//! values are the bytes the service stores: ids are 8-byte big-endian (so keys sort
//! numerically), `a ‖ b` concatenates two such ids, and values are JSON records unless said
//! otherwise. Log entries are the exact bytes that were hashed into the log.

/// Person accounts. Key: account id. Value: the account (Argon2id hash, setup-link hash).
pub const ACCOUNTS: &str = "accounts";
/// Issued batches. Key: batch id. Value: the batch with its signed record.
pub const BATCHES: &str = "batches";
/// OCOP certificates. Key: certificate id. Value: the certificate.
pub const CERTIFICATES: &str = "certificates";
/// Scratch-off claim states. Key: batch id ‖ serial (as a u64). Value: the claim state.
pub const CLAIMS: &str = "claims";
/// Conformity documents. Key: product id ‖ document id. Value: the document.
pub const DOCUMENTS: &str = "documents";
/// Key statuses already logged. Key: kid (UTF-8). Value: the status (UTF-8).
pub const KEY_STATUS: &str = "key_status";
/// The issuance log. Key: entry index. Value: the entry exactly as hashed (JSON).
pub const LOG_ENTRIES: &str = "log_entries";
/// Photo and document files. Key: lowercase hex SHA-256 of the value. Value: the file.
pub const MEDIA: &str = "media";
/// The install secret alone. Key: [`INSTALL_SECRET_KEY`]. Value: 32 random bytes.
pub const META: &str = "meta";
/// Per-batch scratch-off PIN secrets (secret). Key: batch id. Value: the secret bytes.
pub const PIN_SECRETS: &str = "pin_secrets";
/// Print runs. Key: batch id ‖ run id. Value: the print run.
pub const PRINT_RUNS: &str = "print_runs";
/// Product passport content. Key: product id. Value: the content.
pub const PRODUCT_CONTENT: &str = "product_content";
/// Products. Key: product id. Value: the product.
pub const PRODUCTS: &str = "products";
/// Recalls. Key: batch id. Value: the recall.
pub const RECALLS: &str = "recalls";
/// The office's handling of reports. Key: report id. Value: the handling.
pub const REPORT_HANDLINGS: &str = "report_handlings";
/// Shoppers' reports. Key: report id. Value: the report.
pub const REPORTS: &str = "reports";
/// Scan counts. Key: `YYYY-MM/verdict_code` (UTF-8). Value: the count, u64 big-endian.
pub const SCAN_VERDICTS: &str = "scan_verdicts";
/// Per-unit scan stats. Key: batch id ‖ serial (as a u64). Value: the stats.
pub const SCANS: &str = "scans";
/// Console sessions (ephemeral). Key: SHA-256 of the session id. Value: the session.
pub const SESSIONS: &str = "sessions";
/// Registered subjects (producers). Key: subject id. Value: the subject.
pub const SUBJECTS: &str = "subjects";
/// API tokens. Key: SHA-256 of the token. Value: the token record (never the token).
pub const TOKENS: &str = "tokens";
/// Two-step verification records (secret). Key: account id. Value: the record.
pub const TOTP: &str = "totp";
/// Traceability events. Key: batch id ‖ event id. Value: the event.
pub const TRACE_EVENTS: &str = "trace_events";

/// Every logical relation, in name order (the order a snapshot and a backup walk them).
pub const ALL: &[&str] = &[
    ACCOUNTS,
    BATCHES,
    CERTIFICATES,
    CLAIMS,
    DOCUMENTS,
    KEY_STATUS,
    LOG_ENTRIES,
    MEDIA,
    META,
    PIN_SECRETS,
    PRINT_RUNS,
    PRODUCT_CONTENT,
    PRODUCTS,
    RECALLS,
    REPORT_HANDLINGS,
    REPORTS,
    SCAN_VERDICTS,
    SCANS,
    SESSIONS,
    SUBJECTS,
    TOKENS,
    TOTP,
    TRACE_EVENTS,
];

/// The one key of [`META`]: the salt of shoppers' scan fingerprints.
pub const INSTALL_SECRET_KEY: &[u8] = b"install_secret";

/// Relations whose records are secrets (the scratch-off PIN secrets, TOTP secrets): a backup
/// never writes them in clear; it seals them with the private keys or leaves them out.
pub const SECRET_RELATIONS: &[&str] = &[PIN_SECRETS, TOTP];

/// True for a record a backup must seal or leave out: every record of a
/// [`SECRET_RELATIONS`] relation, and the install secret (with it, a fingerprint could be
/// tested against guessed networks).
pub fn is_secret(relation: &str, key: &[u8]) -> bool {
    SECRET_RELATIONS.contains(&relation) || (relation == META && key == INSTALL_SECRET_KEY)
}

/// Relations a backup leaves out altogether: console sessions are worthless after a restore
/// (everyone signs in again), and leaving them out keeps live session state off backup media.
/// Failed sign-ins and sign-ins between their two steps are not relations at all.
/// Accounts are backed up in clear: they hold Argon2id hashes and SHA-256 hashes of setup
/// links, never a password or a link (docs/console.md).
pub const EPHEMERAL_RELATIONS: &[&str] = &[SESSIONS];

/// True when `relation` is a logical relation.
pub fn is_known(relation: &str) -> bool {
    ALL.contains(&relation)
}

/// Refuses a record no engine may hold: an unknown relation, or a `meta` key other than the
/// install secret (engines keep their own bookkeeping out of the logical relations).
pub fn check_record(relation: &str, key: &[u8]) -> Result<(), super::StoreError> {
    if !is_known(relation) {
        return Err(super::StoreError::Backend(format!(
            "unknown relation '{relation}' (docs/backup-format.md lists them)"
        )));
    }
    if relation == META && key != INSTALL_SECRET_KEY {
        return Err(super::StoreError::Backend(format!(
            "unknown key '{}' in relation meta (it holds the install secret only)",
            String::from_utf8_lossy(key)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_sorted_and_unique() {
        assert!(ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
