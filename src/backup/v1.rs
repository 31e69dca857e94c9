//! Reading format v1 (`ocop-trace/backup/v1`): its body carried sled's tree layout. Each v1
//! tree maps to a logical relation (`store::relations`) or, for what the engines derive
//! (indexes, log nodes and size, batch → log index), to nothing: those records are skipped
//! and rebuilt by the engine, so a v1 file restores into either engine through the same
//! `Store::put_record` path as a v2 file.

use crate::store::relations as rel;

/// Every tree a v1 backup can hold → its logical relation, `None` when it is derived.
const TREES: &[(&str, Option<&str>)] = &[
    ("accountid_account", Some(rel::ACCOUNTS)),
    ("accountid_totp", Some(rel::TOTP)),
    ("batchid_batch", Some(rel::BATCHES)),
    ("batchid_eventid_traceevent", Some(rel::TRACE_EVENTS)),
    ("batchid_logindex", None),
    ("batchid_pinsecret", Some(rel::PIN_SECRETS)),
    ("batchid_recall", Some(rel::RECALLS)),
    ("batchid_runid_printrun", Some(rel::PRINT_RUNS)),
    ("batchid_serial_claim", Some(rel::CLAIMS)),
    ("batchid_serial_scans", Some(rel::SCANS)),
    ("certid_certificate", Some(rel::CERTIFICATES)),
    ("gtin_productid", None),
    ("kid_loggedstatus", Some(rel::KEY_STATUS)),
    ("login_accountid", None),
    ("logindex_entry", Some(rel::LOG_ENTRIES)),
    ("logindex_nodes", None),
    ("loglevel_index_node", None),
    ("logmeta", None),
    ("meta", Some(rel::META)),
    ("month_verdict_scans", Some(rel::SCAN_VERDICTS)),
    ("productid_certid", None),
    ("productid_content", Some(rel::PRODUCT_CONTENT)),
    ("productid_docid_document", Some(rel::DOCUMENTS)),
    ("productid_lot_batchid", None),
    ("productid_product", Some(rel::PRODUCTS)),
    ("reportid_handling", Some(rel::REPORT_HANDLINGS)),
    ("reportid_report", Some(rel::REPORTS)),
    ("sessionhash_session", Some(rel::SESSIONS)),
    ("setuphash_accountid", None),
    ("sha256_media", Some(rel::MEDIA)),
    ("subjectid_batchid", None),
    ("subjectid_subject", Some(rel::SUBJECTS)),
    ("tokenhash_token", Some(rel::TOKENS)),
];

/// The logical relation of a v1 tree: `Ok(None)` for a derived tree, `Err` with the name
/// for one no v1 writer ever wrote.
pub fn relation_of(tree: &str) -> Result<Option<&'static str>, String> {
    TREES
        .iter()
        .find(|(t, _)| *t == tree)
        .map(|(_, r)| *r)
        .ok_or_else(|| format!("tree '{tree}' is not one a v1 backup holds"))
}

/// Where a v1 record goes: its logical relation, or `None` when the engine derives it (a
/// derived tree, or sled's own format marker and id floor in `meta`).
pub fn target(tree: &str, key: &[u8]) -> Result<Option<&'static str>, String> {
    Ok(relation_of(tree)?.filter(|r| *r != rel::META || key == rel::INSTALL_SECRET_KEY))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_logical_relation_has_its_v1_tree_and_derived_ones_map_to_nothing() {
        for r in rel::ALL {
            assert_eq!(TREES.iter().filter(|t| t.1 == Some(*r)).count(), 1, "{r}");
        }
        assert!(TREES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(target("logindex_nodes", b"x"), Ok(None));
        assert_eq!(target("meta", b"format"), Ok(None));
        assert_eq!(target("meta", b"install_secret"), Ok(Some(rel::META)));
        assert!(relation_of("nonsense").is_err());
    }
}
