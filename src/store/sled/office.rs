//! The office's own records beside the shoppers' ones: how each report of a fake was
//! handled. The tree is opened on first use, never at open, so a store that never handled a
//! report has no such tree, as before the office existed.

use super::codec::{backend, decode, encode};
use super::db::Core;
use super::trees::{self as keys, T_REPORT_HANDLING};
use crate::domain::{LogEvent, ReportHandling};
use crate::store::StoreError;

pub(super) fn put_report_handling(
    core: &Core,
    h: &ReportHandling,
    ev: &LogEvent,
) -> Result<(), StoreError> {
    let tree = core.tree(T_REPORT_HANDLING)?;
    core.insert_logged(&tree, &keys::id(h.report_id), &encode(h)?, ev)
}

pub(super) fn report_handlings(core: &Core) -> Result<Vec<ReportHandling>, StoreError> {
    core.tree(T_REPORT_HANDLING)?
        .iter()
        .map(|kv| {
            let (k, v) = kv.map_err(backend)?;
            decode(T_REPORT_HANDLING, &k, &v)
        })
        .collect()
}
