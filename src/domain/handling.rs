//! What the office did about a shopper's report of a fake: handled or not, with a note. Kept
//! beside the report (keyed by its id), never inside it, so the report stays as the shopper
//! sent it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The office's handling of one report; the latest write wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportHandling {
    pub report_id: u64,
    pub handled: bool,
    /// What the office wrote (what was checked, whom it called).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Credential id of the person who wrote it (`acct_{id}`).
    pub by: String,
    pub at: DateTime<Utc>,
}
